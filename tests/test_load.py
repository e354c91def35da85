"""The load pass: policy files into documents, and every way a file is refused before it is policy.

Each refusal is an InputError with a stable code (AM001-AM008), the file, the line and a message
saying what was found and how to fix it; `authmap lint` turns it into exit 2, never a traceback.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler import load
from compiler.cli import cli
from compiler.errors import InputError, InputErrors
from compiler.load import load_file, load_paths, load_text


@dataclass(frozen=True)
class Refusal:
    """A file the loader must refuse, and exactly how it must say so."""

    content: bytes
    code: str
    line: int
    column: int | None
    words: tuple[str, ...]


def _billion_laughs(levels: int = 9) -> bytes:
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return ("\n".join(lines) + "\n").encode()


REFUSALS = {
    "syntax-error": Refusal(
        b"apiVersion: authmap/v1\nkind: Team\nmetadata: {name: [payments}\n", "AM001", 3, 27,
        ("YAML syntax error", "did not find expected ',' or ']'", "flow sequence started at line 3",
         "check the indentation and quoting")),
    "misindented-key": Refusal(
        b"kind: Team\nspec:\n  members:\n    - arn: arn:aws:iam::111122223333:user/alice\n   username: alice\n",
        "AM001", 5, 4, ("YAML syntax error", "did not find expected key", "block mapping started at line 3")),
    "tab-indentation": Refusal(
        b"apiVersion: authmap/v1\nkind: Team\nmetadata:\n\tname: payments\n", "AM001", 4, 1,
        ("YAML syntax error", "indent with spaces, not tabs")),
    "duplicate-key": Refusal(
        b"apiVersion: authmap/v1\nkind: Team\nmetadata: {name: payments}\nspec:\n  members: []\n  roles: []\n"
        b"  members: []\n", "AM002", 7, 3,
        ("duplicate key 'members' (first at line 5)", "remove one")),
    "python-object-tag": Refusal(
        b"apiVersion: authmap/v1\nkind: Team\nspec: !!python/object:os.system {}\n", "AM003", 3, 7,
        ("tag '!!python/object:os.system' is not allowed", "core schema only", "remove the tag")),
    "custom-ref-tag": Refusal(
        b"kind: Cluster\nspec:\n  accountID: !Ref AccountId\n", "AM003", 3, 14,
        ("tag '!Ref' is not allowed", "core schema only")),
    "binary-tag": Refusal(
        b"kind: Cluster\nspec:\n  clusterID: !!binary cHJvZA==\n", "AM003", 3, 14,
        ("tag '!!binary' is not allowed",)),
    "merge-key": Refusal(
        b"defaults: &defaults {role: view}\naccess:\n  - <<: *defaults\n    clusters: [prod-use1]\n", "AM003", 3, 5,
        ("merge keys ('<<')", "YAML 1.2 readers ignore", "write the keys out")),
    "billion-laughs": Refusal(
        _billion_laughs(), "AM004", 4, 7, ("aliases expand this document far beyond what is written",
                                           "alias bomb")),
    "recursive-alias": Refusal(
        b"kind: Team\nspec: &spec\n  members: [*spec]\n", "AM004", 2, 7,
        ("an alias refers to the node that contains it", "recursive")),
    "utf16-bom": Refusal(
        "kind: Team\n".encode("utf-16"), "AM006", 1, None, ("file is UTF-16", "byte-order mark", "save it as UTF-8")),
    "invalid-utf8": Refusal(
        b"kind: Team\nmetadata:\n  name: caf\xe9\n", "AM006", 3, None,
        ("not valid UTF-8", "byte 0xe9 at offset 32", "save it as UTF-8")),
}


def _refusal_of(path: Path) -> InputError:
    with pytest.raises(InputError) as raised:
        load_paths(path.parent)
    return raised.value


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_loader_refuses_with_code_file_line_and_message(name: str, tmp_path: Path) -> None:
    refusal = REFUSALS[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(refusal.content)
    error = _refusal_of(path)
    assert (error.code, error.file, error.line, error.column) == (refusal.code, str(path), refusal.line,
                                                                  refusal.column)
    for words in refusal.words:
        assert words in error.message


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_lint_of_an_unreadable_file_exits_2_naming_file_and_line(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(REFUSALS[name].content)
    result = CliRunner().invoke(cli, ["lint", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stdout.startswith(f"{path}:{REFUSALS[name].line}:")
    assert f" error {REFUSALS[name].code} " in result.stdout
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_alias_bomb_is_refused_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(InputError) as raised:
        load_text(_billion_laughs(levels=12).decode(), "bomb.yaml")
    assert raised.value.code == "AM004"
    assert time.perf_counter() - started < 1.0


def test_aliases_that_repeat_a_small_part_are_accepted() -> None:
    text = "common: &dev {role: view, clusters: [prod-use1]}\naccess: [*dev, *dev]\n"
    [document] = load_text(text, "team.yaml")
    assert document.data["access"] == [{"role": "view", "clusters": ["prod-use1"]}] * 2


def _lint_in_subprocess(path: Path) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter, so that a crash of the C parser shows up as a signal, not a dead test run."""
    return subprocess.run([sys.executable, "-m", "compiler", "lint", str(path)], capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.parametrize(("brackets", "columns"), [
    (600, {103}),
    # libyaml before 0.2.6 lets the depth count reach level 101 (column 103); 0.2.6 and later scan
    # ahead and stop at 1,000 levels first (column 1003): either way the same AM008 refusal.
    (100_000, {103, 1003}),
])
def test_deep_flow_nesting_is_refused_without_crashing_the_interpreter(tmp_path: Path, brackets: int,
                                                                        columns: set[int]) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * brackets + "]" * brackets + "\n")
    proc = _lint_in_subprocess(path)
    assert proc.returncode == 2, proc.stderr
    found = re.search(rf"^{re.escape(str(path))}:1:(\d+): error AM008 nesting is deeper than 100 levels "
                      r"\[nesting-too-deep\]$", proc.stdout, re.MULTILINE)
    assert found and int(found.group(1)) in columns, proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_deep_block_nesting_is_refused_without_crashing_the_interpreter(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("- " * 100_000 + "x\n")
    proc = _lint_in_subprocess(path)
    assert proc.returncode == 2, proc.stderr
    assert f"{path}:1:201: error AM008 nesting is deeper than 100 levels [nesting-too-deep]" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_block_nesting_just_past_the_limit_is_refused_at_the_first_level_too_deep() -> None:
    text = "".join(" " * i + "k:\n" for i in range(101)) + " " * 101 + "k: v\n"
    with pytest.raises(InputError) as raised:
        load_text(text, "nested.yaml")
    assert (raised.value.code, raised.value.line, raised.value.column) == ("AM008", 101, 101)
    assert raised.value.message == "nesting is deeper than 100 levels"


def test_file_over_the_size_cap_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 64)
    path = tmp_path / "teams.yaml"
    path.write_text("apiVersion: authmap/v1\nkind: Team\nmetadata: {name: payments}\nspec: {}\n")
    error = _refusal_of(path)
    assert (error.code, error.file) == ("AM005", str(path))
    assert error.message == ("file is 70 bytes, over the 64-byte limit for a policy file; "
                             "split it into several files")


def test_utf8_byte_order_mark_is_accepted_and_positions_are_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_bytes(b"\xef\xbb\xbfapiVersion: authmap/v1\nkind: Team\n")
    [document] = load_file(path)
    assert document.data == {"apiVersion": "authmap/v1", "kind": "Team"}
    assert document.locate_key(("apiVersion",)) == (1, 1)
    assert document.locate(("kind",)) == (2, 7)


def test_symlink_pointing_outside_the_policy_directory_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("apiVersion: authmap/v1\n")
    policies = tmp_path / "policies"
    policies.mkdir()
    link = policies / "team.yaml"
    link.symlink_to(outside)
    error = _refusal_of(link)
    assert (error.code, error.file, error.line) == ("AM007", str(link), 1)
    assert error.message == (f"symlink points outside the policy directory (to {outside.resolve()}); "
                             "copy the file into the policy repository instead")


def test_symlink_inside_the_policy_directory_is_followed(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "team.yaml").write_text("kind: Team\n")
    (tmp_path / "team.yaml").symlink_to(tmp_path / "shared" / "team.yaml")
    documents = load_paths(tmp_path)
    assert [(d.file, d.data) for d in documents] == [(str(tmp_path / "team.yaml"), {"kind": "Team"}),
                                                     (str(tmp_path / "shared" / "team.yaml"), {"kind": "Team"})]


def test_every_unreadable_file_is_reported_not_only_the_first(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("a: [\n")
    (tmp_path / "b.yaml").write_text("b: 1\nb: 2\n")
    with pytest.raises(InputErrors) as raised:
        load_paths(tmp_path)
    assert [(e.code, e.file, e.line) for e in raised.value.errors] == [
        ("AM001", str(tmp_path / "a.yaml"), 2), ("AM002", str(tmp_path / "b.yaml"), 2)]


def test_discovery_skips_dotfiles_dot_directories_and_other_suffixes(tmp_path: Path) -> None:
    for name in ("teams/a.yaml", "teams/b.yml", ".authmap.yaml", ".git/x.yaml", "README.md", "teams/.c.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("kind: Team\n")
    assert load.discover(tmp_path) == [tmp_path / "teams" / "a.yaml", tmp_path / "teams" / "b.yml"]


def test_empty_documents_between_and_after_separators_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text("---\n---\n# nothing here\n---\napiVersion: authmap/v1\nkind: Team\n---\n")
    documents = load_file(path)
    assert [(d.index, d.data) for d in documents] == [(2, {"apiVersion": "authmap/v1", "kind": "Team"})]


def test_a_file_with_only_comments_has_no_documents(tmp_path: Path) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text("# teams move here next quarter\n")
    assert load_file(path) == []


def test_unquoted_timestamps_stay_the_strings_that_were_written() -> None:
    [document] = load_text("at: 2026-11-24T07:00:00Z\nday: 2026-11-24\nport: 443\nenabled: true\n", "t.yaml")
    assert document.data == {"at": "2026-11-24T07:00:00Z", "day": "2026-11-24", "port": 443, "enabled": True}


POSITIONS = """\
apiVersion: authmap/v1
kind: Team
metadata: {name: payments}
spec:
  members:
    - arn: arn:aws:iam::111122223333:user/alice
      username: alice
"""


def test_locate_points_at_values_and_falls_back_to_the_nearest_ancestor() -> None:
    [document] = load_text(POSITIONS, "team.yaml")
    assert document.locate(()) == (1, 1)
    assert document.locate(("metadata", "name")) == (3, 18)
    assert document.locate(("spec", "members", 0, "arn")) == (6, 12)
    assert document.locate(("spec", "members", 0, "groups")) == (6, 7)
    assert document.locate(("spec", "members", 5)) == (6, 5)


def test_locate_key_points_at_the_key_of_a_mapping_entry() -> None:
    [document] = load_text(POSITIONS, "team.yaml")
    assert document.locate_key(("spec",)) == (4, 1)
    assert document.locate_key(("spec", "members", 0, "username")) == (7, 7)
    assert document.locate_key(("metadata", "name")) == (3, 12)
    assert document.locate_key(("spec", "roles")) == (5, 3)
    assert document.locate_key(()) == (1, 1)


def test_value_tag_tells_how_yaml_resolved_a_scalar() -> None:
    [document] = load_text("accountID: 011122223333\nquoted: \"011122223333\"\n", "c.yaml")
    assert document.data == {"accountID": 0o11122223333, "quoted": "011122223333"}
    assert document.value_tag(("accountID",)) == "tag:yaml.org,2002:int"
    assert document.value_tag(("quoted",)) == "tag:yaml.org,2002:str"
    assert document.value_tag(("missing",)) is None


def test_lint_of_an_oversized_file_exits_2_with_file_too_large(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 16)
    path = tmp_path / "teams.yaml"
    path.write_text("apiVersion: authmap/v1\nkind: Team\n")
    result = CliRunner().invoke(cli, ["lint", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == (f"{path}:1:1: error AM005 file is 34 bytes, over the 16-byte limit "
                                             "for a policy file; split it into several files [file-too-large]")


def test_lint_of_an_escaping_symlink_exits_2_naming_the_link(tmp_path: Path) -> None:
    (tmp_path / "policies").mkdir()
    link = tmp_path / "policies" / "team.yaml"
    link.symlink_to("/etc/passwd")
    result = CliRunner().invoke(cli, ["lint", str(tmp_path / "policies")])
    assert result.exit_code == 2
    assert result.stdout.startswith(f"{link}:1:1: error AM007 symlink points outside the policy directory ")
    assert "Traceback" not in result.output


def test_a_symlinked_folder_is_refused_rather_than_silently_skipped(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "team.yaml").write_text("apiVersion: authmap/v1\n")
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "linked").symlink_to(outside, target_is_directory=True)
    with pytest.raises(InputError) as raised:
        load.load_paths(policies)
    assert raised.value.code == "AM007"
    assert "symlinked folder" in raised.value.message and raised.value.file == str(policies / "linked")
