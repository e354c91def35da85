"""ClusterRole aggregation: selectors, order, and settling chains of aggregated roles."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from compiler.verifier.rbac import Authorizer, PolicyRule, UserInfo
from tests.verifier.rbac_builders import cluster_role, cluster_role_binding, rule, subject

ALICE = UserInfo("alice")
BIND_ALICE = cluster_role_binding("alice", "top", subject("User:alice"))


def rules_of_top(*objects: dict[str, Any]) -> list[PolicyRule]:
    """The rules the ClusterRole `top` ends up with, seen through a binding to alice."""
    return Authorizer.from_objects([*objects, BIND_ALICE], builtins=False).rules_for(ALICE, "")


def get(resource: str) -> PolicyRule:
    return PolicyRule(("get",), ("",), (resource,))


def get_rule(resource: str) -> dict[str, Any]:
    return rule(["get"], [""], [resource])


def test_two_levels_of_aggregation_settle() -> None:
    leaf = cluster_role("leaf", get_rule("pods"), labels={"to-middle": "true"})
    middle = cluster_role("middle", labels={"to-top": "true"},
                          selectors=[{"matchLabels": {"to-middle": "true"}}])
    other = cluster_role("other", get_rule("services"), labels={"to-top": "true"})
    top = cluster_role("top", selectors=[{"matchLabels": {"to-top": "true"}}])
    # Given top-down, so one pass in file order would miss the leaf's rule.
    assert rules_of_top(top, middle, leaf, other) == [get("pods"), get("services")]


def test_contributing_roles_are_taken_by_name_within_each_selector_then_selector_by_selector() -> None:
    roles = [cluster_role(name, get_rule(name), labels=labels) for name, labels in
             (("b", {"x": "1"}), ("a", {"x": "1"}), ("c", {"y": "1"}))]
    top = cluster_role("top", selectors=[{"matchLabels": {"y": "1"}}, {"matchLabels": {"x": "1"}}])
    assert rules_of_top(top, *roles) == [get("c"), get("a"), get("b")]


def test_the_same_rule_from_several_roles_is_kept_once_at_its_first_place() -> None:
    first = cluster_role("a", get_rule("pods"), labels={"x": "1"})
    second = cluster_role("b", get_rule("services"), get_rule("pods"), labels={"x": "1"})
    top = cluster_role("top", selectors=[{"matchLabels": {"x": "1"}}])
    assert rules_of_top(top, first, second) == [get("pods"), get("services")]


def test_rules_written_into_an_aggregated_role_are_replaced_with_a_warning() -> None:
    top = cluster_role("top", get_rule("secrets"), selectors=[{"matchLabels": {"x": "1"}}])
    authz = Authorizer.from_objects([top, cluster_role("a", get_rule("pods"), labels={"x": "1"}), BIND_ALICE],
                                    builtins=False)
    assert authz.rules_for(ALICE, "") == [get("pods")]
    assert authz.warnings == ["ClusterRole/top has an aggregationRule, so the aggregation controller "
                              "replaces its 1 written rule(s); they are ignored"]


def test_an_aggregated_role_never_selects_itself() -> None:
    top = cluster_role("top", labels={"x": "1"}, selectors=[{}])
    assert rules_of_top(top, cluster_role("a", get_rule("pods"))) == [get("pods")]


def test_roles_that_select_each_other_settle_on_their_common_rules() -> None:
    ping = cluster_role("ping", labels={"to-top": "1"}, selectors=[{"matchLabels": {"to-ping": "1"}}])
    top = cluster_role("top", labels={"to-ping": "1"}, selectors=[{"matchLabels": {"to-top": "1"}}])
    leaf = cluster_role("leaf", get_rule("pods"), labels={"to-ping": "1"})
    authz = Authorizer.from_objects([ping, top, leaf, BIND_ALICE], builtins=False)
    assert authz.rules_for(ALICE, "") == [get("pods")]
    assert authz.warnings == []


@pytest.mark.parametrize(("selector", "selected"), [
    ({"matchLabels": {"team": "a", "tier": "web"}}, ["a-web"]),
    ({"matchExpressions": [{"key": "team", "operator": "In", "values": ["a", "b"]}]},
     ["a-web", "a-db", "b-web"]),
    ({"matchExpressions": [{"key": "team", "operator": "NotIn", "values": ["a"]}]}, ["b-web", "unlabelled"]),
    ({"matchExpressions": [{"key": "tier", "operator": "Exists"}]}, ["a-web", "a-db", "b-web"]),
    ({"matchExpressions": [{"key": "tier", "operator": "DoesNotExist"}]}, ["unlabelled"]),
    ({"matchLabels": {"team": "a"},
      "matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["web"]}]}, ["a-db"]),
    ({}, ["a-web", "a-db", "b-web", "unlabelled"]),
])
def test_label_selectors(selector: dict[str, Any], selected: list[str]) -> None:
    labelled = [cluster_role(name, get_rule(name), labels=labels) for name, labels in (
        ("a-web", {"team": "a", "tier": "web"}), ("a-db", {"team": "a", "tier": "db"}),
        ("b-web", {"team": "b", "tier": "web"}), ("unlabelled", {}))]
    top = cluster_role("top", selectors=[selector])
    assert rules_of_top(top, *labelled) == [get(name) for name in sorted(selected)]


def test_result_does_not_depend_on_input_order() -> None:
    objects = [cluster_role("leaf-b", get_rule("b"), labels={"m": "1"}),
               cluster_role("leaf-a", get_rule("a"), labels={"m": "1", "t": "1"}),
               cluster_role("middle", labels={"t": "1"}, selectors=[{"matchLabels": {"m": "1"}}]),
               cluster_role("top", selectors=[{"matchLabels": {"t": "1"}}])]
    results = {tuple(rules_of_top(*order)) for order in itertools.permutations(objects)}
    assert results == {(get("a"), get("b"))}
