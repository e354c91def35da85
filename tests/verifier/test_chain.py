"""The authenticator of a cluster, read from its manifests: backend chain, parsing quirks, templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.verifier.chain import build_chain
from compiler.verifier.identity import recorded_identity
from compiler.verifier.manifests import load_manifests
from compiler.verifier.mapper import Ec2Names, MappingResult, map_identity

from .support import authenticator, aws_auth, write_manifests

DEV_SESSION = "arn:aws:sts::111122223333:assumed-role/Dev/alice@example.com"
NODE_SESSION = "arn:aws:sts::111122223333:assumed-role/nodes/i-0123456789abcdef0"


def explain(tmp_path: Path, manifests: str, arn: str, user_id: str | None = None,
            ec2: Ec2Names | None = None) -> MappingResult:
    chain = build_chain(load_manifests(write_manifests(tmp_path / "m", manifests)))
    return map_identity(chain, recorded_identity(arn, user_id), ec2)


DEV_ROLE = ("- rolearn: arn:aws:iam::111122223333:role/Dev\n"
            "  username: \"dev:{{SessionName}}\"\n  groups: [devs]\n")
NODE_ROLE = ("- rolearn: arn:aws:iam::111122223333:role/nodes\n"
             "  username: system:node:{{EC2PrivateDNSName}}\n"
             "  groups: [system:bootstrappers, system:nodes]\n")


def test_the_contract_example_renders_the_session_name(tmp_path: Path) -> None:
    result = explain(tmp_path, aws_auth(DEV_ROLE), DEV_SESSION, "AROAEXAMPLE:alice@example.com")
    assert (result.authenticated, result.username, result.groups) == (
        True, "dev:alice-example.com", ("devs", "system:authenticated"))
    assert result.uid == "aws-iam-authenticator:111122223333:AROAEXAMPLE"
    assert result.matched["backend"] == "EKSConfigMap"
    assert result.matched["key"] == "arn:aws:iam::111122223333:role/dev"


def test_a_yaml_error_in_map_roles_locks_out_every_role_nodes_included(tmp_path: Path) -> None:
    broken = DEV_ROLE + NODE_ROLE + "- rolearn: [unclosed\n"
    result = explain(tmp_path, aws_auth(broken), NODE_SESSION, ec2=Ec2Names("ip-10-0-0-1.ec2.internal"))
    assert not result.authenticated
    assert "no backend (EKSConfigMap) maps" in result.reason


def test_groups_written_as_one_string_give_no_groups_in_aws_auth(tmp_path: Path) -> None:
    roles = "- rolearn: arn:aws:iam::111122223333:role/Dev\n  username: dev\n  groups: system:masters\n"
    result = explain(tmp_path, aws_auth(roles), DEV_SESSION)
    assert result.groups == ("system:authenticated",)


def test_groups_written_as_one_string_are_split_on_commas_in_config_yaml(tmp_path: Path) -> None:
    config = ("clusterID: c\nserver:\n  mapRoles:\n  - roleARN: arn:aws:iam::111122223333:role/Dev\n"
              "    username: dev\n    groups: system:masters,ops\n")
    result = explain(tmp_path, authenticator(config), DEV_SESSION)
    assert result.groups == ("system:masters", "ops", "system:authenticated")
    assert result.matched["backend"] == "MountedFile"


def test_a_later_duplicate_role_replaces_the_earlier_one_without_merging_groups(tmp_path: Path) -> None:
    roles = DEV_ROLE + "- rolearn: arn:aws:iam::111122223333:role/DEV\n  username: second\n  groups: [ops]\n"
    result = explain(tmp_path, aws_auth(roles), DEV_SESSION)
    assert (result.username, result.groups) == ("second", ("ops", "system:authenticated"))


def test_user_entries_differing_in_case_are_ambiguous(tmp_path: Path) -> None:
    users = ("- {userarn: 'arn:aws:iam::111122223333:user/alice', username: a}\n"
             "- {userarn: 'arn:aws:iam::111122223333:user/Alice', username: b}\n")
    result = explain(tmp_path, aws_auth(map_users=users), "arn:aws:iam::111122223333:user/Alice", "AIDA1")
    assert result.username == "a"
    assert any("2 mapUsers entries" in note for note in result.notes)


def test_a_role_configured_with_its_path_never_matches(tmp_path: Path) -> None:
    roles = "- rolearn: arn:aws:iam::111122223333:role/team/Dev\n  username: dev\n"
    assert not explain(tmp_path, aws_auth(roles), DEV_SESSION).authenticated


def test_an_assumed_role_arn_works_in_config_yaml_but_not_in_aws_auth(tmp_path: Path) -> None:
    entry = f"- rolearn: {DEV_SESSION}\n  username: dev\n"
    assert not explain(tmp_path / "eks", aws_auth(entry), DEV_SESSION).authenticated
    config = "clusterID: c\nserver:\n  mapRoles:\n" + "".join(f"  {line}\n" for line in entry.splitlines())
    assert explain(tmp_path / "file", authenticator(config), DEV_SESSION).authenticated


def test_map_accounts_authenticates_with_the_arn_and_no_groups(tmp_path: Path) -> None:
    manifests = aws_auth(map_accounts="- \"111122223333\"")
    result = explain(tmp_path, manifests, DEV_SESSION, "AROA1:alice@example.com")
    assert result.username == "arn:aws:iam::111122223333:role/Dev"
    assert result.groups == ("system:authenticated",)
    assert result.matched["section"] == "mapAccounts"


def test_backend_mode_order_decides_and_dormant_backends_are_kept(tmp_path: Path) -> None:
    config = ("clusterID: c\nserver:\n  backendMode: [EKSConfigMap, MountedFile]\n  mapRoles:\n"
              "  - {rolearn: 'arn:aws:iam::111122223333:role/Dev', username: from-file}\n")
    eks_first = aws_auth(DEV_ROLE) + "---\n" + authenticator(config)
    assert explain(tmp_path / "a", eks_first, DEV_SESSION).username == "dev:alice-example.com"
    file_only = authenticator(config.replace("[EKSConfigMap, MountedFile]", "[MountedFile]"))
    manifests = load_manifests(write_manifests(tmp_path / "b", aws_auth(DEV_ROLE) + "---\n" + file_only))
    chain = build_chain(manifests)
    assert [b.name for b in chain.backends] == ["MountedFile"]
    assert [b.name for b in chain.dormant] == ["EKSConfigMap"]


def test_server_flags_of_the_daemonset_win_over_config_yaml(tmp_path: Path) -> None:
    daemonset = """---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: aws-iam-authenticator, namespace: kube-system}
spec:
  template:
    spec:
      containers:
      - name: aws-iam-authenticator
        image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon/aws-iam-authenticator:v0.7.2
        args: [server, --config=/etc/aws-iam-authenticator/config.yaml, --backend-mode=EKSConfigMap,
               --feature-gates=SSORoleMatch=true]
"""
    config = "clusterID: c\nserver:\n  mapRoles: []\n"
    sso = ("- sso: {permissionSetName: Payments, accountID: '111122223333'}\n"
           "  username: pay:{{SessionName}}\n")
    manifests = aws_auth(sso) + "---\n" + authenticator(config) + daemonset
    arn = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Payments_0123456789abcdef/bob"
    result = explain(tmp_path, manifests, arn)
    assert (result.authenticated, result.username) == (True, "pay:bob")


@pytest.mark.parametrize(("config", "reason"), [
    ("clusterID: c\nserver: {mapRoles: [}\n", "config.yaml is not valid YAML"),
    ("clusterID: c\nclusterID: d\n", "already defined"),
    ("server:\n  backendMode: MountedFile,EKSConfigMap\n", "is not a backend mode"),
    ("server:\n  mapRoles:\n  - {username: nobody}\n", "needs rolearn or sso"),
    ("server:\n  mapRoles:\n  - {rolearn: 'arn:aws:iam::1:group/G'}\n", "not an identity"),
    ("server:\n  mapRoles:\n  - {rolearn: [a, b]}\n", "must be text"),
    ("server:\n  partition: aws-mars\n", "is not one of"),
])
def test_a_configuration_the_server_refuses_authenticates_nobody(tmp_path: Path, config: str,
                                                                 reason: str) -> None:
    result = explain(tmp_path, authenticator(config), DEV_SESSION)
    assert not result.authenticated
    assert result.reason.startswith("aws-iam-authenticator would not start")
    assert reason in result.reason


def test_node_names_resolve_from_ec2_or_stay_unrendered_with_a_note(tmp_path: Path) -> None:
    manifests = aws_auth(NODE_ROLE)
    resolved = explain(tmp_path / "a", manifests, NODE_SESSION,
                       ec2=Ec2Names(by_instance={"i-0123456789abcdef0": "ip-10-0-0-1.ec2.internal"}))
    assert resolved.username == "system:node:ip-10-0-0-1.ec2.internal"
    unresolved = explain(tmp_path / "b", manifests, NODE_SESSION)
    assert (unresolved.authenticated, unresolved.username) == (True, "system:node:{{EC2PrivateDNSName}}")
    assert any("--ec2-private-dns-name" in note for note in unresolved.notes)


def test_a_node_template_with_a_non_instance_session_is_refused(tmp_path: Path) -> None:
    result = explain(tmp_path, aws_auth(NODE_ROLE), "arn:aws:sts::111122223333:assumed-role/nodes/mallory",
                     ec2=Ec2Names("ip-10-0-0-1.ec2.internal"))
    assert not result.authenticated
    assert "needs an EC2 instance ID" in result.reason
    assert result.matched["key"] == "arn:aws:iam::111122223333:role/nodes"


def test_an_aws_auth_with_a_list_instead_of_text_does_not_exist_for_the_cluster(tmp_path: Path) -> None:
    manifests = aws_auth(extra="  mapUsers:\n  - userarn: arn:aws:iam::111122223333:user/alice\n")
    chain = build_chain(load_manifests(write_manifests(tmp_path, manifests)))
    assert any("refuses this aws-auth ConfigMap" in problem for problem in chain.backends[0].problems)


def test_eks_partition_is_taken_from_the_aws_auth_arns(tmp_path: Path) -> None:
    roles = "- {rolearn: 'arn:aws-cn:iam::111122223333:role/Dev', username: dev}\n"
    chain = build_chain(load_manifests(write_manifests(tmp_path, aws_auth(roles))))
    assert chain.partition == "aws-cn"
