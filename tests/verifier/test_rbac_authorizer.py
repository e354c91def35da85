"""How bindings, subjects and scopes decide a request, through the public Authorizer API."""

from __future__ import annotations

import pytest

from compiler.verifier.rbac import Authorizer, Decision, PolicyRule, Request, UserInfo
from tests.verifier.rbac_builders import cluster_role, cluster_role_binding, role, role_binding, rule, subject

ALICE = UserInfo("alice", ("devs", "system:authenticated"))
POD_READER = cluster_role("pod-reader", rule(["get", "list"], [""], ["pods"]))
DEVS_READ_PAYMENTS = role_binding("payments", "read", "ClusterRole/pod-reader", subject("Group:devs"))


def authorizer(*objects: dict[str, object]) -> Authorizer:
    return Authorizer.from_objects(objects, builtins=False)


def test_role_binding_to_cluster_role_grants_only_in_its_namespace() -> None:
    authz = authorizer(POD_READER, DEVS_READ_PAYMENTS)
    assert authz.authorize(ALICE, Request("get", "pods", namespace="payments")) == Decision(
        True, 'RoleBinding/payments/read binds ClusterRole/pod-reader to Group "devs"',
        "RoleBinding/payments/read", "ClusterRole/pod-reader",
        {"verbs": ["get", "list"], "apiGroups": [""], "resources": ["pods"]})
    assert not authz.authorize(ALICE, Request("get", "pods", namespace="search")).allowed


def test_cluster_wide_request_is_not_granted_by_a_role_binding() -> None:
    authz = authorizer(POD_READER, DEVS_READ_PAYMENTS)
    decision = authz.authorize(ALICE, Request("list", "pods"))
    assert decision == Decision(False, 'no RBAC rule lets user "alice" (groups: devs, system:authenticated) '
                                       "list pods cluster-wide; "
                                       "no binding in scope names this user or its groups")


def test_cluster_role_binding_grants_in_every_namespace_and_cluster_wide() -> None:
    authz = authorizer(POD_READER, cluster_role_binding("read-all", "pod-reader", subject("User:alice")))
    for namespace in ("", "payments", "kube-system"):
        decision = authz.authorize(ALICE, Request("list", "pods", namespace=namespace))
        assert (decision.allowed, decision.binding) == (True, "ClusterRoleBinding/read-all")


def test_role_binding_grants_a_role_of_its_own_namespace_only() -> None:
    authz = authorizer(role("payments", "reader", rule(["get"], [""], ["pods"])),
                       role_binding("payments", "read", "Role/reader", subject("User:alice")),
                       role_binding("search", "read", "Role/reader", subject("User:alice")))
    allowed = authz.authorize(ALICE, Request("get", "pods", namespace="payments"))
    assert (allowed.allowed, allowed.role) == (True, "Role/payments/reader")
    denied = authz.authorize(ALICE, Request("get", "pods", namespace="search"))
    assert denied.allowed is False
    assert "RoleBinding/search/read refers to Role/search/reader, which does not exist" in denied.reason
    assert authz.warnings == [
        "RoleBinding/search/read refers to Role/search/reader, which does not exist; it grants nothing"]


def test_binding_to_a_missing_role_grants_nothing_but_other_bindings_still_apply() -> None:
    authz = authorizer(POD_READER,
                       cluster_role_binding("a-missing", "no-such-role", subject("Group:devs")),
                       cluster_role_binding("b-read", "pod-reader", subject("Group:devs")))
    decision = authz.authorize(ALICE, Request("get", "pods", namespace="x"))
    assert (decision.allowed, decision.binding) == (True, "ClusterRoleBinding/b-read")
    assert not authz.authorize(ALICE, Request("delete", "pods", namespace="x")).allowed


@pytest.mark.parametrize(("subject_namespace", "user", "allowed"), [
    (None, "system:serviceaccount:payments:deployer", True),    # defaults to the binding's namespace
    (None, "system:serviceaccount:search:deployer", False),
    ("ci", "system:serviceaccount:ci:deployer", True),          # a ServiceAccount of another namespace
    ("ci", "system:serviceaccount:payments:deployer", False),
    (None, "deployer", False),
    (None, "system:serviceaccount:payments:deployer2", False),
])
def test_service_account_subject_matches_its_user_name(subject_namespace: str | None, user: str,
                                                       allowed: bool) -> None:
    authz = authorizer(POD_READER, role_binding("payments", "sa", "ClusterRole/pod-reader",
                                                subject("ServiceAccount:deployer", subject_namespace)))
    request = Request("get", "pods", namespace="payments")
    assert authz.authorize(UserInfo(user, ("system:serviceaccounts",)), request).allowed is allowed


def test_service_account_subject_in_a_cluster_role_binding() -> None:
    authz = authorizer(POD_READER,
                       cluster_role_binding("sa", "pod-reader", subject("ServiceAccount:bot", "ci")))
    decision = authz.authorize(UserInfo("system:serviceaccount:ci:bot"), Request("list", "pods"))
    assert decision.reason == 'ClusterRoleBinding/sa binds ClusterRole/pod-reader to ServiceAccount "ci/bot"'


def test_user_and_group_subjects_are_exact_names() -> None:
    authz = authorizer(POD_READER,
                       cluster_role_binding("star", "pod-reader", subject("User:*"), subject("Group:*")))
    assert not authz.authorize(UserInfo("alice", ("devs",)), Request("get", "pods")).allowed
    assert authz.authorize(UserInfo("*"), Request("get", "pods")).allowed


@pytest.mark.parametrize(("subjects", "reported"), [
    (["Group:system:authenticated", "User:alice", "Group:devs"], 'Group "system:authenticated"'),
    (["User:alice", "Group:devs"], 'User "alice"'),
    (["Group:devs", "User:alice"], 'Group "devs"'),
])
def test_reported_subject_is_the_first_one_of_the_binding_that_applies(subjects: list[str],
                                                                       reported: str) -> None:
    authz = authorizer(POD_READER, cluster_role_binding("read", "pod-reader", *map(subject, subjects)))
    assert authz.authorize(ALICE, Request("get", "pods")).reason == (
        f"ClusterRoleBinding/read binds ClusterRole/pod-reader to {reported}")


def test_cluster_role_bindings_are_reported_before_role_bindings_then_by_name() -> None:
    authz = authorizer(POD_READER, role_binding("x", "a", "ClusterRole/pod-reader", subject("User:alice")),
                       cluster_role_binding("z", "pod-reader", subject("User:alice")),
                       cluster_role_binding("m", "pod-reader", subject("Group:devs")))
    assert authz.authorize(ALICE, Request("get", "pods", namespace="x")).binding == "ClusterRoleBinding/m"


@pytest.mark.parametrize(("resources", "resource", "subresource", "allowed"), [
    (["pods"], "pods", "", True),
    (["pods"], "pods", "log", False),
    (["pods/log"], "pods", "log", True),
    (["pods/log"], "pods", "", False),
    (["*"], "pods", "log", True),                # "*" covers subresources too
    (["*/scale"], "deployments", "scale", True),
    (["*/scale"], "deployments", "", False),
    (["*/scale"], "deployments", "status", False),
    (["*/"], "deployments", "", False),
    (["pods*"], "pods", "", False),               # no prefix matching for resources
])
def test_resource_and_subresource_matching(resources: list[str], resource: str, subresource: str,
                                           allowed: bool) -> None:
    authz = authorizer(cluster_role("r", rule(["get"], ["*"], resources)),
                       cluster_role_binding("b", "r", subject("User:alice")))
    assert authz.authorize(ALICE, Request("get", resource, "apps", subresource)).allowed is allowed


@pytest.mark.parametrize(("names", "name", "allowed"), [
    (None, "", True), (None, "web", True),
    (["web"], "web", True), (["web"], "db", False),
    (["web"], "", False),                         # a request without a name (list, create) is not "web"
])
def test_resource_names(names: list[str] | None, name: str, allowed: bool) -> None:
    authz = authorizer(cluster_role("r", rule(["get", "list"], [""], ["configmaps"], names)),
                       cluster_role_binding("b", "r", subject("User:alice")))
    assert authz.authorize(ALICE, Request("get", "configmaps", name=name, namespace="x")).allowed is allowed


def test_verbs_and_groups_are_case_sensitive_and_exact() -> None:
    authz = authorizer(cluster_role("r", rule(["get"], ["apps"], ["deployments"])),
                       cluster_role_binding("b", "r", subject("User:alice")))
    assert authz.authorize(ALICE, Request("get", "deployments", "apps")).allowed
    assert not authz.authorize(ALICE, Request("GET", "deployments", "apps")).allowed
    assert not authz.authorize(ALICE, Request("get", "deployments", "")).allowed
    assert not authz.authorize(ALICE, Request("get", "deployments", "extensions")).allowed


@pytest.mark.parametrize(("urls", "path", "allowed"), [
    (["/healthz"], "/healthz", True),
    (["/healthz"], "/healthz/etcd", False),
    (["/healthz/*"], "/healthz/etcd", True),
    (["/healthz/*"], "/healthz", False),
    (["/healthz*"], "/healthzfoo", True),
    (["*"], "/anything", True),
])
def test_non_resource_urls(urls: list[str], path: str, allowed: bool) -> None:
    authz = authorizer(cluster_role("r", rule(["get"], urls=urls)),
                       cluster_role_binding("b", "r", subject("User:alice")))
    assert authz.authorize(ALICE, Request("get", path=path)).allowed is allowed


def test_non_resource_rules_granted_through_a_role_binding_never_apply() -> None:
    authz = authorizer(cluster_role("health", rule(["get"], urls=["/healthz"])),
                       role_binding("payments", "b", "ClusterRole/health", subject("User:alice")))
    assert not authz.authorize(ALICE, Request("get", path="/healthz")).allowed


def test_a_non_resource_request_cannot_carry_resource_fields() -> None:
    with pytest.raises(ValueError, match="a non-resource request has no resource"):
        Request("get", path="/healthz", namespace="payments")


def test_rules_for_lists_cluster_rules_then_namespace_rules_in_order() -> None:
    reader = rule(["get"], [""], ["pods"])
    writer = rule(["create"], ["apps"], ["deployments"])
    authz = authorizer(cluster_role("reader", reader), role("payments", "writer", writer),
                       cluster_role_binding("read", "reader", subject("Group:devs")),
                       role_binding("payments", "write", "Role/writer", subject("User:alice")))
    assert authz.rules_for(ALICE, "payments") == [PolicyRule(("get",), ("",), ("pods",)),
                                                  PolicyRule(("create",), ("apps",), ("deployments",))]
    assert authz.rules_for(ALICE, "") == [PolicyRule(("get",), ("",), ("pods",))]
    assert authz.rules_for(UserInfo("bob"), "payments") == []


def test_policy_rule_to_dict_uses_kubernetes_field_names() -> None:
    full = PolicyRule(("get",), ("",), ("pods",), ("web",), ())
    assert full.to_dict() == {"verbs": ["get"], "apiGroups": [""], "resources": ["pods"],
                              "resourceNames": ["web"]}
    urls = PolicyRule(("get",), non_resource_urls=("/x",))
    assert urls.to_dict() == {"verbs": ["get"], "nonResourceURLs": ["/x"]}


def test_user_groups_given_as_a_list_are_kept_as_a_tuple() -> None:
    assert UserInfo("alice", ["devs"]).groups == ("devs",)  # type: ignore[arg-type]


def test_repeated_decisions_for_one_user_agree() -> None:
    authz = authorizer(POD_READER, DEVS_READ_PAYMENTS)
    requests = [Request("get", "pods", namespace="payments"), Request("delete", "pods", namespace="payments")]
    requests *= 3
    assert [authz.authorize(ALICE, request).allowed for request in requests] == [True, False] * 3
