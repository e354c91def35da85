"""Reading manifests: what is ignored, what is refused with a warning, what stops the run."""

from __future__ import annotations

from typing import Any

import pytest

from compiler.errors import InputError
from compiler.verifier.rbac import Authorizer, Request, UserInfo
from tests.verifier.rbac_builders import cluster_role, cluster_role_binding, role, role_binding, rule, subject

ALICE = UserInfo("alice", ("devs",))
READER = cluster_role("reader", rule(["get"], [""], ["pods"]))
ALICE_READS = cluster_role_binding("alice-reads", "reader", subject("User:alice"))
REFUSED = "the API server would refuse it, so it is ignored"
NEEDS_GROUP_AND_RESOURCE = "a resource rule needs at least one apiGroup and one resource"


def load(*objects: Any) -> Authorizer:
    return Authorizer.from_objects(objects, builtins=False)


def can_get_pods(authz: Authorizer, namespace: str = "") -> bool:
    return authz.authorize(ALICE, Request("get", "pods", namespace=namespace)).allowed


def test_other_kinds_and_api_groups_are_ignored_silently() -> None:
    authmap_role = {"apiVersion": "authmap/v1", "kind": "Role", "metadata": {"name": "developer"},
                    "spec": {"rules": []}}
    config_map = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "aws-auth"}, "data": {}}
    authz = load(authmap_role, config_map, None, READER, ALICE_READS)
    assert (can_get_pods(authz), authz.warnings) == (True, [])


def test_removed_rbac_api_versions_are_ignored_with_a_warning() -> None:
    old = {**ALICE_READS, "apiVersion": "rbac.authorization.k8s.io/v1beta1"}
    authz = load(READER, old)
    assert not can_get_pods(authz)
    assert authz.warnings == ["ClusterRoleBinding/alice-reads: rbac.authorization.k8s.io/v1beta1 is not "
                              "served by current Kubernetes (use rbac.authorization.k8s.io/v1); "
                              "the object is ignored"]


def test_list_documents_are_read_item_by_item() -> None:
    plain_list = {"apiVersion": "v1", "kind": "List", "items": [READER]}
    typed_items = [{key: value for key, value in ALICE_READS.items() if key not in ("kind", "apiVersion")}]
    typed_list = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBindingList",
                  "items": typed_items}
    assert can_get_pods(load(plain_list, typed_list))


def test_namespaced_object_without_namespace_is_read_into_default() -> None:
    reader = role("x", "reader", rule(["get"], [""], ["pods"]))
    binding = role_binding("x", "read", "Role/reader", subject("User:alice"))
    del reader["metadata"]["namespace"], binding["metadata"]["namespace"]
    authz = load(reader, binding)
    assert (can_get_pods(authz, "default"), can_get_pods(authz, "x")) == (True, False)
    assert authz.warnings == ['Role/reader has no metadata.namespace; it is read as namespace "default"',
                              'RoleBinding/read has no metadata.namespace; it is read as namespace "default"']


def test_an_object_given_twice_keeps_the_last_definition() -> None:
    writer = cluster_role("reader", rule(["create"], [""], ["pods"]))
    authz = load(READER, writer, ALICE_READS)
    assert not can_get_pods(authz)
    assert authz.authorize(ALICE, Request("create", "pods", namespace="x")).allowed
    assert authz.warnings == ["ClusterRole/reader is defined more than once; the last definition is used"]


@pytest.mark.parametrize(("broken", "message"), [
    ({**ALICE_READS, "roleRef": None},
     "ClusterRoleBinding/alice-reads: roleRef is required (the role this binding grants)"),
    ({**ALICE_READS, "subjects": {"kind": "User", "name": "alice"}},
     "ClusterRoleBinding/alice-reads: subjects must be a list, found a mapping"),
    ({**ALICE_READS, "subjects": ["alice"]},
     "ClusterRoleBinding/alice-reads: subjects[0] must be a mapping, found a str"),
    ({**READER, "rules": [{"verbs": "get", "apiGroups": [""], "resources": ["pods"]}]},
     "ClusterRole/reader: rules[0].verbs must be a list, found a str"),
    ({**READER, "rules": [{"verbs": ["get"], "apiGroups": [""], "resources": ["pods", 1]}]},
     "ClusterRole/reader: rules[0].resources[1] must be a string (quote it in YAML), found the number 1"),
    ({**READER, "metadata": {"name": "reader", "labels": {"aggregate": True}}},
     "ClusterRole/reader: metadata.labels.aggregate must be a string (quote it in YAML), "
     "found the boolean True"),
    ({**READER, "metadata": {"namespace": "x"}}, "ClusterRole/x/(unnamed): metadata.name is required"),
    ({**READER, "aggregationRule": {"clusterRoleSelectors": [{"matchExpressions": {"key": "a"}}]}},
     "ClusterRole/reader: aggregationRule.clusterRoleSelectors[0].matchExpressions must be a list, "
     "found a mapping"),
    (["not", "a", "mapping"], "a manifest document must be a mapping, found list"),
])
def test_malformed_objects_stop_with_a_message_naming_them(broken: Any, message: str) -> None:
    with pytest.raises(InputError) as raised:
        load(broken)
    assert str(raised.value) == message


@pytest.mark.parametrize(("refused", "warning"), [
    (role_binding("x", "b", "Role/reader", subject("User:alice")) | {"kind": "ClusterRoleBinding"},
     "roleRef.kind must be ClusterRole, found 'Role'"),
    ({**ALICE_READS, "roleRef": {"apiGroup": "example.com", "kind": "ClusterRole", "name": "reader"}},
     "roleRef.apiGroup must be rbac.authorization.k8s.io, found 'example.com'"),
    ({**ALICE_READS, "roleRef": {"kind": "ClusterRole"}}, "roleRef.name is required"),
    ({**ALICE_READS, "subjects": [{"kind": "Robot", "name": "r2"}]},
     "subjects[0].kind must be User, Group or ServiceAccount, found 'Robot'"),
    ({**ALICE_READS, "subjects": [{"kind": "User", "name": ""}]}, "subjects[0].name is required"),
    ({**ALICE_READS, "subjects": [{"kind": "User", "name": "alice", "apiGroup": "v1"}]},
     "subjects[0].apiGroup must be rbac.authorization.k8s.io, found 'v1'"),
    ({**ALICE_READS, "subjects": [{"kind": "ServiceAccount", "name": "bot"}]},
     "subjects[0].namespace is required for a ServiceAccount in a ClusterRoleBinding"),
    ({**ALICE_READS, "subjects": [{"kind": "ServiceAccount", "name": "bot", "namespace": "ci",
                                   "apiGroup": "rbac.authorization.k8s.io"}]},
     "subjects[0].apiGroup must be empty for a ServiceAccount, found 'rbac.authorization.k8s.io'"),
])
def test_bindings_the_api_server_would_refuse_are_skipped_with_a_warning(refused: dict[str, Any],
                                                                         warning: str) -> None:
    authz = load(READER, refused)
    assert not can_get_pods(authz)
    assert authz.warnings[0] == f"{_ref(refused)}: {warning}; {REFUSED}"


@pytest.mark.parametrize(("bad_rule", "warning"), [
    ({"verbs": [], "apiGroups": [""], "resources": ["pods"]},
     "rules[1].verbs must contain at least one verb"),
    ({"verbs": ["get"], "resources": ["pods"]}, f"rules[1]: {NEEDS_GROUP_AND_RESOURCE}"),
    ({"verbs": ["get"], "apiGroups": [""]}, f"rules[1]: {NEEDS_GROUP_AND_RESOURCE}"),
    ({"verbs": ["get"], "resources": ["pods"], "nonResourceURLs": ["/healthz"]},
     "rules[1]: a rule cannot grant both resources and nonResourceURLs"),
])
def test_roles_with_a_rule_the_api_server_would_refuse_are_skipped_whole(bad_rule: dict[str, Any],
                                                                         warning: str) -> None:
    refused = {**READER, "rules": [*READER["rules"], bad_rule]}
    authz = load(refused, ALICE_READS)
    assert not can_get_pods(authz)
    assert authz.warnings[0] == f"ClusterRole/reader: {warning}; {REFUSED}"


def test_every_refusal_of_an_object_is_reported() -> None:
    refused = {**ALICE_READS, "roleRef": {"kind": "Role", "name": "reader"},
               "subjects": [{"kind": "Robot", "name": "r2"}, {"kind": "User", "name": ""}]}
    assert load(READER, refused).warnings == [
        "ClusterRoleBinding/alice-reads: roleRef.kind must be ClusterRole, found 'Role'; "
        "subjects[0].kind must be User, Group or ServiceAccount, found 'Robot'; "
        f"subjects[1].name is required; {REFUSED}"]


def test_a_shape_error_stops_the_run_even_after_a_refusal_in_the_same_object() -> None:
    broken = {**READER, "rules": [{"verbs": []}, {"verbs": ["get"], "resources": "pods"}]}
    with pytest.raises(InputError) as raised:
        load(broken)
    assert str(raised.value) == "ClusterRole/reader: rules[1].resources must be a list, found a str"


def test_a_namespaced_role_cannot_grant_non_resource_urls() -> None:
    health = role("x", "health", rule(["get"], urls=["/healthz"]))
    authz = load(health, role_binding("x", "b", "Role/health", subject("User:alice")))
    assert authz.warnings[0] == (
        f"Role/x/health: rules[0]: a namespaced Role cannot grant nonResourceURLs; {REFUSED}")


@pytest.mark.parametrize(("selector", "warning"), [
    ({"matchExpressions": [{"key": "a", "operator": "Equals", "values": ["x"]}]},
     "matchExpressions operator 'Equals' is not one of In, NotIn, Exists, DoesNotExist"),
    ({"matchExpressions": [{"key": "a", "operator": "In"}]},
     "matchExpressions operator In on 'a' needs at least one value"),
    ({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]},
     "matchExpressions operator Exists on 'a' takes no values"),
])
def test_aggregated_roles_with_an_invalid_selector_are_skipped(selector: dict[str, Any],
                                                               warning: str) -> None:
    authz = load(cluster_role("agg", selectors=[selector]))
    assert authz.warnings == [
        f"ClusterRole/agg: aggregationRule.clusterRoleSelectors[0]: {warning}; {REFUSED}"]


def test_an_aggregation_rule_without_selectors_is_refused() -> None:
    authz = load(cluster_role("agg", selectors=[]))
    assert authz.warnings == [
        f"ClusterRole/agg: aggregationRule.clusterRoleSelectors needs at least one selector; {REFUSED}"]


def _ref(obj: dict[str, Any]) -> str:
    namespace = obj["metadata"].get("namespace", "") if obj["kind"] == "RoleBinding" else ""
    return f"{obj['kind']}/{namespace + '/' if namespace else ''}{obj['metadata']['name']}"
