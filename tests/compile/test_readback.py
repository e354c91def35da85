"""Whatever username or group a policy can hold reads back identically from the emitted YAML.

A YAML 1.1 reader (as the authenticator's) and a YAML 1.2 reader must both return exactly the
intended entries, or compile refuses; these properties say it never has to refuse.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.compile import compile_path
from compiler.emit.readback import read_back
from compiler.emit.yamltext import dump
from tests.compile.helpers import CLUSTER, team, write_repo

HOSTILE = st.sampled_from([
    "y", "n", "No", "on", "0o17", "1e3", "0x1F", "011122223333", "~", "null", ".inf",
    "- rolearn: arn:aws:iam::1:role/x",
    "a\n- rolearn: injected", "{{SessionName}}", "x: y", "'", '"', "#", "&a", "*a", "!tag", "%x", "@x", "`x", "|",
    ">", "? x", " ", "\t", "\u2028", "\ufeff", "a\r\nb", "---", "...", "<<",
])
USERNAMES = st.one_of(HOSTILE, st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80))


@given(USERNAMES, st.lists(USERNAMES, max_size=3))
@settings(max_examples=400, deadline=None)
def test_any_username_and_groups_read_back_under_yaml_1_1_and_1_2(username: str, groups: list[str]) -> None:
    entries = [{"rolearn": "arn:aws:iam::111122223333:role/x", "username": username, "groups": groups}]
    text = dump(entries)
    read_back(text, entries, "property")
    wrapped = {"data": {"mapRoles": text}}
    assert yaml.safe_load(dump(wrapped)) == wrapped


def repo_with_username(root: Path, username: str) -> Path:
    quoted = yaml.safe_dump(username, default_style='"').strip()
    return write_repo(root, {
        "clusters/prod.yaml": CLUSTER,
        "teams/a.yaml": team("a", f"roles: [{{arn: 'arn:aws:iam::111122223333:role/dev', username: {quoted}}}]"),
    })


@pytest.mark.parametrize("username", ["dev:{{SessionName}}  # comment", "dev: {{SessionName}}", "ops:'x'",
                                      'ops:"x"', "yes:{{SessionName}}", "dev:{{SessionName}}, system:masters",
                                      "dev:[system:masters]", "dev:{{SessionName}} groups: [system:masters]"])
def test_injection_attempts_in_a_policy_stay_inside_one_username(tmp_path: Path, username: str) -> None:
    compiled = compile_path(repo_with_username(tmp_path, username))
    assert compiled.ok
    aws_auth = yaml.safe_load(compiled.tree["prod/aws-auth.yaml"])
    roles = yaml.safe_load(aws_auth["data"]["mapRoles"])
    assert [r["rolearn"] for r in roles] == ["arn:aws:iam::111122223333:role/dev",
                                             "arn:aws:iam::111122223333:role/nodes"]
    assert roles[0]["username"] == username
    assert roles[0]["groups"] == ["authmap:team:a"]


@pytest.mark.parametrize("username", ["okta:{{SessionName}}\n- rolearn: arn:aws:iam::111122223333:role/admin",
                                      "dev:{{SessionName}}\n  groups: [system:masters]", "dev\r", "dev\u2028x"])
def test_a_username_with_a_line_break_is_refused_before_anything_is_emitted(tmp_path: Path, username: str) -> None:
    compiled = compile_path(repo_with_username(tmp_path, username))
    assert not compiled.ok
    assert [d.code for d in compiled.lint.errors] == ["AM219"]
    assert compiled.tree == {}


def full_verdict(text: str, intended: object) -> bool:
    """What the two readers say when each loads the text in full."""
    from ruamel.yaml import YAML

    try:
        return yaml.load(text, Loader=yaml.CSafeLoader) == intended and YAML(typ="safe").load(text) == intended
    except Exception:
        return False


def fast_verdict(text: str, intended: object) -> bool:
    from compiler.emit.yamltext import EmitError

    try:
        read_back(text, intended, "t")
    except (EmitError, yaml.YAMLError):
        return False
    return True


PLAIN = st.text(st.characters(min_codepoint=32, max_codepoint=0x2FF), min_size=1, max_size=12)


@given(st.one_of(PLAIN, HOSTILE, st.sampled_from(["0o17", "1e3", "yes", "on", "0x1F", "1_000", "12:30", "~", "null",
                                                  ".inf", "-.5", "+1", "true", "No", "017", "0b11", "1.", "y"])))
@settings(max_examples=500, deadline=None)
def test_composing_once_and_resolving_twice_agrees_with_two_full_loads(value: str) -> None:
    for text in (f"- {value}\n", f"- key: {value}\n", f"- '{value}'\n", dump([value])):
        assert fast_verdict(text, [value] if not text.startswith("- key") else [{"key": value}]) == \
            full_verdict(text, [value] if not text.startswith("- key") else [{"key": value}]), text


def test_joined_entries_read_back_as_the_whole_list() -> None:
    from compiler.emit.entries import EntryTexts
    from compiler.plan import Mapping

    names = ["y", "0o17", "a\nb", "x: y", "- rolearn: z", "|", "{{SessionName}}", "é"]
    mappings = [Mapping("role", f"arn:aws:iam::111122223333:role/r{i}", name, (name, "g"), ("t.yaml",))
                for i, name in enumerate(names)]
    texts = EntryTexts()
    first = texts.join("rolearn", mappings[:3], "t")
    joined = texts.join("rolearn", mappings, "t")
    assert joined.startswith(first)
    assert full_verdict(joined, [{"rolearn": m.arn, "username": m.username, "groups": list(m.groups)}
                                 for m in mappings])


@pytest.mark.parametrize("username", ["dev:{{SessionName}}  # comment", "y", "0o17", "ops:'x'", 'ops:"x"', " lead",
                                      "tail ", "x: y", "- rolearn: z", "é:{{SessionName}}", "%x", "&a:{{SessionName}}"])
def test_the_authenticator_config_reads_back_whole_under_both_readers(tmp_path: Path, username: str) -> None:
    from ruamel.yaml import YAML

    cluster = CLUSTER.replace("outputs: [aws-auth]", "outputs: [authenticator, aws-auth]")
    quoted = yaml.safe_dump(username, default_style='"').strip()
    policies = write_repo(tmp_path, {
        "clusters/prod.yaml": cluster,
        "teams/a.yaml": team("a", f"roles: [{{arn: 'arn:aws:iam::111122223333:role/dev', username: {quoted}}}]"),
    })
    compiled = compile_path(policies)
    assert compiled.ok
    text = yaml.safe_load(compiled.tree["prod/aws-iam-authenticator.yaml"])["data"]["config.yaml"]
    for config in (yaml.load(text, Loader=yaml.CSafeLoader), YAML(typ="safe").load(text)):
        assert config["clusterID"] == "prod"
        assert config["server"]["backendMode"] == ["MountedFile"]
        assert [r["roleARN"] for r in config["server"]["mapRoles"]] == ["arn:aws:iam::111122223333:role/dev",
                                                                         "arn:aws:iam::111122223333:role/nodes"]
        assert config["server"]["mapRoles"][0]["username"] == username
        assert (config["server"]["mapUsers"], config["server"]["mapAccounts"]) == ([], [])


PLAIN_VALUES = st.one_of(
    st.from_regex(r"\A[a-eg-mp-su-xzA-EG-MP-SU-XZ_][A-Za-z0-9_.:/@+=,{}-]{0,40}\Z"),
    st.sampled_from(["arn:aws:sts::111122223333:assumed-role/ops/{{SessionName}}", "system:node:{{EC2PrivateDNSName}}",
                     "authmap:team:payments", "a:", "e1", "Inf", "x::y", "a{b}:c", "i-{{AccountID}}", "b,c"]),
)


@given(st.sampled_from(["rolearn", "userarn", "roleARN", "userARN"]), PLAIN_VALUES, PLAIN_VALUES,
       st.lists(PLAIN_VALUES, max_size=4))
@settings(max_examples=500, deadline=None)
def test_an_entry_formatted_directly_is_byte_for_byte_what_the_dumper_writes(
        arn_key: str, arn: str, username: str, groups: list[str]) -> None:
    from compiler.emit.entries import plain_text
    from compiler.emit.objects import entry
    from compiler.plan import Mapping

    mapping = Mapping("role", arn, username, tuple(groups), ("t.yaml",))
    text = plain_text(arn_key, mapping)
    if text is not None:
        assert text == dump([entry(arn_key, mapping)])
        assert fast_verdict(text, [entry(arn_key, mapping)])


def test_no_plain_string_starts_an_implicit_type_in_either_yaml_version() -> None:
    from ruamel.yaml.resolver import VersionedResolver

    from compiler.emit.entries import PLAIN

    starts = set(yaml.resolver.Resolver.yaml_implicit_resolvers) | set(VersionedResolver(version=(1, 2))
                                                                        .versioned_resolver)
    assert None not in starts
    assert not [c for c in starts if c and PLAIN.fullmatch(c + "x")]
    assert [PLAIN.fullmatch(v) is not None for v in ("yes", "no", "on", "true", "null", "1", "a:", "a b", "a#", "a")] \
        == [False] * 9 + [True]
