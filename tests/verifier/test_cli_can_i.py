"""`authmap can-i`: kubectl's exit codes, the binding and rule that decided, identities and --as."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from compiler.cli import cli

MANIFESTS = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: aws-auth, namespace: kube-system}
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/Dev
      username: "dev:{{SessionName}}"
      groups: [devs]
    - rolearn: arn:aws:iam::111122223333:role/Admin
      username: "admin:{{SessionName}}"
      groups: [system:masters]
    - rolearn: arn:aws:iam::111122223333:role/Unbound
      username: "unbound:{{SessionName}}"
      groups: [mapped-but-never-bound]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: devs-view, namespace: apps}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io}]
"""
DEV = ["--arn", "arn:aws:sts::111122223333:assumed-role/Dev/alice@example.com"]


@pytest.fixture
def manifests(tmp_path: Path) -> Path:
    (tmp_path / "objects.yaml").write_text(MANIFESTS)
    return tmp_path


def can_i(manifests: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["can-i", *args, "--manifests", str(manifests), "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def test_allowed_through_a_rolebinding_to_a_builtin(manifests: Path) -> None:
    code, answer = can_i(manifests, "list", "pods", "-n", "apps", *DEV)
    assert code == 0
    assert answer["allowed"] is True
    assert answer["username"] == "dev:alice-example.com"
    assert answer["groups"] == ["devs", "system:authenticated"]
    assert answer["binding"] == "RoleBinding/apps/devs-view"
    assert answer["role"] == "ClusterRole/view"
    assert "pods" in answer["rule"]["resources"] and "list" in answer["rule"]["verbs"]


def test_denied_exits_1_and_says_why(manifests: Path) -> None:
    code, answer = can_i(manifests, "get", "secrets", "-n", "apps", *DEV)
    assert (code, answer["allowed"], answer["authenticated"]) == (1, False, True)
    assert "no RBAC rule" in answer["reason"]


def test_without_a_namespace_the_request_is_cluster_wide(manifests: Path) -> None:
    code, answer = can_i(manifests, "list", "pods", *DEV)
    assert (code, answer["allowed"]) == (1, False)


def test_a_mapped_group_with_no_binding_authenticates_and_is_forbidden(manifests: Path) -> None:
    code, answer = can_i(manifests, "list", "pods", "-n", "apps",
                         "--arn", "arn:aws:sts::111122223333:assumed-role/Unbound/bob")
    assert (code, answer["authenticated"], answer["allowed"]) == (1, True, False)
    assert "mapped-but-never-bound" in answer["groups"]


def test_system_masters_bypasses_rbac_even_without_builtins(manifests: Path) -> None:
    code, answer = can_i(manifests, "delete", "nodes", "--no-builtins",
                         "--arn", "arn:aws:sts::111122223333:assumed-role/Admin/ops")
    assert (code, answer["allowed"]) == (0, True)
    assert answer["reason"] == "system:masters bypasses RBAC"


def test_an_unmapped_identity_is_not_authenticated(manifests: Path) -> None:
    code, answer = can_i(manifests, "get", "pods", "-n", "apps",
                         "--arn", "arn:aws:sts::111122223333:assumed-role/Administrator/alice")
    assert (code, answer["authenticated"], answer["allowed"]) == (1, False, False)
    assert "not authenticated" in answer["reason"]


def test_as_and_as_group_evaluate_exactly_those_groups(manifests: Path) -> None:
    assert can_i(manifests, "list", "pods", "-n", "apps", "--as", "bob", "--as-group", "devs")[0] == 0
    assert can_i(manifests, "list", "pods", "-n", "apps", "--as", "bob")[0] == 1
    code, answer = can_i(manifests, "list", "pods", "-n", "apps", "--as", "bob", "--as-group", "devs",
                         "--no-builtins")
    assert (code, answer["allowed"]) == (1, False), "without builtins there is no view ClusterRole to bind"


def test_builtin_discovery_roles_answer_for_authenticated_users(manifests: Path) -> None:
    code, answer = can_i(manifests, "get", "/healthz", "--as", "anyone", "--as-group", "system:authenticated")
    assert (code, answer["allowed"]) == (0, True)
    assert answer["binding"] in ("ClusterRoleBinding/system:discovery", "ClusterRoleBinding/system:public-info-viewer")


def test_text_output_is_yes_or_no_then_the_reason(manifests: Path) -> None:
    result = CliRunner().invoke(cli, ["can-i", "list", "pods", "-n", "apps", "--manifests", str(manifests), *DEV])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "yes"
    assert "RoleBinding/apps/devs-view" in result.stdout


@pytest.mark.parametrize("args", [
    ["list", "pods", "--as", "bob", *DEV],
    ["list", "pods", "--as-group", "devs", *DEV],
    ["list", "pods"],
])
def test_conflicting_or_missing_identities_are_usage_errors(manifests: Path, args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["can-i", *args, "--manifests", str(manifests)])
    assert result.exit_code == 2


def test_type_slash_subresource_is_a_name_as_in_kubectl_with_a_note_on_stderr(manifests: Path) -> None:
    args = ["can-i", "create", "pods/exec", "-n", "apps", "--as", "alice", "--manifests", str(manifests)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert 'create pods named "exec" in namespace "apps"' in result.stdout
    assert result.stderr == ("authmap: note: as in kubectl, 'pods/exec' asks about the pods object named 'exec'; to "
                             "ask about the subresource, give pods --subresource exec\n")
    args = ["can-i", "create", "pods", "--subresource", "exec", "-n", "apps", "--as", "alice",
            "--manifests", str(manifests)]
    result = CliRunner().invoke(cli, args)
    assert 'create pods/exec in namespace "apps"' in result.stdout and result.stderr == ""
    result = CliRunner().invoke(cli, ["can-i", "get", "pods/web", "-n", "apps", "--as", "alice",
                                      "--manifests", str(manifests)])
    assert result.stderr == ""
