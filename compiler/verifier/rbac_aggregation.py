"""ClusterRole aggregation, settled the way Kubernetes' aggregation controller settles it.

An aggregated ClusterRole's rules are whatever the controller last wrote: for each of its
selectors in order, the ClusterRoles that selector matches, sorted by name and never the role
itself, contribute their rules; a rule already present is not added twice. Rules written by
hand into an aggregated ClusterRole are overwritten by the controller, so they are ignored here
(with a warning). Because aggregated roles can themselves be selected (`edit` feeds `admin`),
the computation repeats until nothing changes, starting from empty rules: the least fixpoint,
which is also what a cluster converges to from freshly applied manifests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from itertools import chain

from compiler.verifier.rbac_objects import ObjectRef, RoleObject
from compiler.verifier.rbac_rules import PolicyRule


def aggregate_cluster_roles(roles: Mapping[ObjectRef, RoleObject],
                            warnings: list[str]) -> dict[ObjectRef, RoleObject]:
    """`roles` with every aggregated ClusterRole's rules filled in."""
    cluster_roles = sorted((role for role in roles.values() if role.ref.kind == "ClusterRole"),
                           key=lambda role: role.ref.name)
    aggregated = [role for role in cluster_roles if role.selectors is not None]
    sources = {role.ref: _selected_names(role, cluster_roles) for role in aggregated}
    rules = {role.ref.name: role.rules for role in cluster_roles}
    for role in aggregated:
        if role.rules:
            warnings.append(f"{role.ref} has an aggregationRule, so the aggregation controller replaces "
                            f"its {len(role.rules)} written rule(s); they are ignored")
        rules[role.ref.name] = ()
    _settle(aggregated, sources, rules, warnings)
    return {**roles, **{role.ref: replace(role, rules=rules[role.ref.name]) for role in aggregated}}


def _selected_names(role: RoleObject, cluster_roles: list[RoleObject]) -> tuple[str, ...]:
    """Names of the roles feeding `role`, in the order their rules are collected."""
    selectors = role.selectors or ()
    return tuple(other.ref.name for selector in selectors for other in cluster_roles
                 if other.ref.name != role.ref.name and selector.matches(other.labels))


def _settle(aggregated: list[RoleObject], sources: Mapping[ObjectRef, tuple[str, ...]],
            rules: dict[str, tuple[PolicyRule, ...]], warnings: list[str]) -> None:
    # Rules only grow from empty, so the passes that change something are bounded by the number
    # of (role, rule) pairs; the bound only guards against a case the controller would not settle either.
    distinct_rules = len(set(chain.from_iterable(rules.values())))
    for _ in range(len(aggregated) * (distinct_rules + 1) + 2):
        changed = False
        for role in aggregated:
            collected = _unique(rules[name] for name in sources[role.ref])
            if collected != rules[role.ref.name]:
                rules[role.ref.name] = collected
                changed = True
        if not changed:
            return
    warnings.append("ClusterRole aggregation did not settle; aggregated rules may be incomplete")


def _unique(rule_lists: Iterable[tuple[PolicyRule, ...]]) -> tuple[PolicyRule, ...]:
    """Concatenate, keeping the first copy of each rule (equal fields, equal order)."""
    return tuple(dict.fromkeys(chain.from_iterable(rule_lists)))
