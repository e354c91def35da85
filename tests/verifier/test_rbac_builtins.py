"""Kubernetes' bootstrap policy as a real cluster has it, its replacement, and system:masters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compiler.verifier import bootstrap_gen
from compiler.verifier.rbac import Authorizer, Decision, Request, UserInfo
from compiler.verifier.rbac_builtins import DATA_FILE, bootstrap_documents
from tests.verifier.rbac_builders import cluster_role, cluster_role_binding, role_binding, rule, subject

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_REFERENCE = REPO_ROOT.parent / "shared" / "reference"
GENERATED = REPO_ROOT / "compiler" / DATA_FILE

TEAM_BINDINGS = [role_binding("payments", f"{name}-team", f"ClusterRole/{name}",
                              subject(f"Group:{name}-team")) for name in ("view", "edit", "admin")]
RBAC = "rbac.authorization.k8s.io"
MASTER = UserInfo("root", ("system:masters", "system:authenticated"))
BYPASS = Decision(True, "system:masters bypasses RBAC")


def member_of(team: str) -> UserInfo:
    return UserInfo(f"someone-in-{team}", (team, "system:authenticated"))


@pytest.mark.parametrize(("team", "request_", "allowed"), [
    ("view-team", Request("list", "pods", namespace="payments"), True),
    ("view-team", Request("get", "pods", subresource="log", namespace="payments"), True),
    ("view-team", Request("get", "deployments", "apps", name="web", namespace="payments"), True),
    ("view-team", Request("get", "secrets", namespace="payments"), False),
    ("view-team", Request("create", "pods", namespace="payments"), False),
    ("edit-team", Request("create", "deployments", "apps", namespace="payments"), True),
    ("edit-team", Request("update", "deployments", "apps", "scale", "web", "payments"), True),
    ("edit-team", Request("get", "secrets", namespace="payments"), True),
    ("edit-team", Request("create", "pods", subresource="exec", namespace="payments"), True),
    ("edit-team", Request("create", "rolebindings", RBAC, namespace="payments"), False),
    ("admin-team", Request("create", "rolebindings", RBAC, namespace="payments"), True),
    ("admin-team", Request("create", "localsubjectaccessreviews", "authorization.k8s.io",
                           namespace="payments"), True),
    ("admin-team", Request("update", "resourcequotas", namespace="payments"), False),
    ("admin-team", Request("create", "rolebindings", RBAC, namespace="search"), False),
    ("admin-team", Request("list", "nodes"), False),
    ("admin-team", Request("delete", "namespaces", name="payments"), False),
])
def test_view_edit_admin_answer_as_a_real_cluster(team: str, request_: Request, allowed: bool) -> None:
    assert Authorizer.from_objects(TEAM_BINDINGS).authorize(member_of(team), request_).allowed is allowed


def test_built_in_bindings_serve_discovery_and_self_reviews_to_everyone() -> None:
    authz = Authorizer.from_objects([])
    anonymous = UserInfo("system:anonymous", ("system:unauthenticated",))
    assert authz.authorize(anonymous, Request("get", path="/version")).binding == (
        "ClusterRoleBinding/system:public-info-viewer")
    assert not authz.authorize(anonymous, Request("get", path="/apis")).allowed
    review = Request("create", "selfsubjectaccessreviews", "authorization.k8s.io")
    assert authz.authorize(member_of("nobody"), review).role == "ClusterRole/system:basic-user"


def test_cluster_admin_binding_allows_everything_to_its_subjects() -> None:
    authz = Authorizer.from_objects([cluster_role_binding("ops", "cluster-admin", subject("Group:ops"))])
    for request in (Request("delete", "nodes", name="n1"),
                    Request("escalate", "clusterroles", RBAC),
                    Request("get", "secrets", namespace="kube-system"), Request("post", path="/logs/x")):
        assert authz.authorize(member_of("ops"), request).role == "ClusterRole/cluster-admin"


def test_an_input_object_replaces_the_built_in_of_the_same_kind_and_name() -> None:
    narrow_view = cluster_role("view", rule(["get"], [""], ["secrets"]))
    authz = Authorizer.from_objects([narrow_view, *TEAM_BINDINGS])
    viewer = member_of("view-team")
    assert authz.authorize(viewer, Request("get", "secrets", namespace="payments")).allowed
    assert not authz.authorize(viewer, Request("list", "pods", namespace="payments")).allowed
    # edit aggregates view: the replacement's rules flow on to edit and admin.
    assert authz.authorize(member_of("edit-team"), Request("get", "secrets", namespace="payments")).allowed
    assert authz.warnings == []


def test_a_cluster_role_labelled_for_view_reaches_edit_and_admin() -> None:
    widgets = cluster_role("widget-reader", rule(["get"], ["example.com"], ["widgets"]),
                           labels={"rbac.authorization.k8s.io/aggregate-to-view": "true"})
    authz = Authorizer.from_objects([widgets, *TEAM_BINDINGS])
    request = Request("get", "widgets", "example.com", namespace="payments")
    teams = ("view-team", "edit-team", "admin-team")
    assert [authz.authorize(member_of(team), request).allowed for team in teams] == [True, True, True]


def test_without_builtins_there_are_no_built_in_roles() -> None:
    authz = Authorizer.from_objects(TEAM_BINDINGS, builtins=False)
    assert not authz.authorize(member_of("view-team"), Request("list", "pods", namespace="payments")).allowed
    assert authz.warnings == [f"RoleBinding/payments/{name}-team refers to ClusterRole/{name}, "
                              "which does not exist; it grants nothing" for name in ("admin", "edit", "view")]


@pytest.mark.parametrize("objects", [
    [],
    # replaces the built-in binding of cluster-admin to system:masters
    [cluster_role_binding("cluster-admin", "cluster-admin", subject("Group:ops"))],
])
def test_system_masters_bypasses_rbac_even_when_cluster_admin_is_not_bound_to_it(objects: list[Any]) -> None:
    authz = Authorizer.from_objects(objects)
    assert authz.authorize(MASTER, Request("delete", "nodes", name="n1")) == BYPASS
    assert authz.authorize(member_of("system:masters-ish"), Request("delete", "nodes")).allowed is False


def test_system_masters_bypasses_rbac_without_builtins() -> None:
    authz = Authorizer.from_objects([], builtins=False)
    assert authz.authorize(MASTER, Request("get", path="/metrics")) == BYPASS
    assert authz.rules_for(MASTER, "") == []


def test_rules_for_a_master_come_from_the_cluster_admin_binding() -> None:
    rules = Authorizer.from_objects([]).rules_for(MASTER, "")
    assert [rule.to_dict() for rule in rules[:2]] == [
        {"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]}, {"verbs": ["*"], "nonResourceURLs": ["*"]}]


def test_built_in_data_names_its_provenance() -> None:
    provenance = bootstrap_documents()["provenance"]
    assert provenance["sources"] == ["openshift/kubernetes@95e062fd30e833905cde9671a87b83257b477b6f"]
    assert set(provenance["files"]) == {bootstrap_gen.ROLES_FILE, bootstrap_gen.BINDINGS_FILE}


def test_built_in_data_is_read_from_the_package_data_file() -> None:
    assert bootstrap_gen.render(bootstrap_documents()) == GENERATED.read_text(encoding="utf-8")


@pytest.mark.skipif(not SHARED_REFERENCE.is_dir(), reason="../shared/reference is not next to this checkout")
def test_regenerating_the_built_in_data_gives_identical_bytes(tmp_path: Path) -> None:
    output = tmp_path / "k8s-bootstrap-rbac.json"
    assert bootstrap_gen.main([str(SHARED_REFERENCE), "-o", str(output)]) == 0
    assert output.read_bytes() == GENERATED.read_bytes()
