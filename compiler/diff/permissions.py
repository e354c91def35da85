"""Effective permissions, before and after, through the verifier's RBAC engine.

Permissions are flattened into atoms (scope, API group, resource, name, verb), builtins expanded
and aggregation resolved by the engine, so a change is measured by what can be done, not by which
objects moved. Cluster-wide atoms are kept apart; a namespace reports only what it adds to them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from compiler.emit.objects import rbac_binding, rbac_role
from compiler.plan import ClusterPlan
from compiler.verifier.rbac import Authorizer, PolicyRule, UserInfo

CLUSTER_SCOPE = ""
Atom = tuple[str, str, str, str, str]  # scope, api group ("" core, "url" for non-resource), resource, name, verb
WRITE_VERBS = frozenset({"create", "update", "patch", "delete", "deletecollection", "*"})
_PROBE_USER = "authmap:diff:probe"


@dataclass(frozen=True)
class PermissionDelta:
    gained: frozenset[Atom]
    lost: frozenset[Atom]

    @property
    def empty(self) -> bool:
        return not self.gained and not self.lost


def authorizer_for(plan: ClusterPlan | None) -> Authorizer:
    objects: list[dict[str, Any]] = []
    if plan is not None:
        objects = [rbac_role(r) for r in plan.roles] + [rbac_binding(b) for b in plan.bindings]
    return Authorizer.from_objects(objects, builtins=True)


class GroupPermissions:
    """One side's permissions per group, each group computed once.

    RBAC is additive, so a principal's permissions are the union of its groups': a principal that
    many teams list costs one union, not a new evaluation of every team's bindings.
    """

    def __init__(self, plan: ClusterPlan | None) -> None:
        self.authorizer = authorizer_for(plan)
        self.namespaces = namespaces_by_group(plan)
        self._atoms: dict[str, frozenset[Atom]] = {}

    def of(self, groups: Iterable[str]) -> frozenset[Atom]:
        return frozenset().union(*(self._group(g) for g in groups))

    def _group(self, group: str) -> frozenset[Atom]:
        atoms = self._atoms.get(group)
        if atoms is None:
            namespaces = sorted(self.namespaces.get(group, ()))
            atoms = self._atoms[group] = atoms_of(self.authorizer, (group,), namespaces)
        return atoms


def namespaces_by_group(plan: ClusterPlan | None) -> dict[str, set[str]]:
    """For each group, the namespaces where a RoleBinding names it: the only ones where it can have
    more than its cluster-wide permissions (authmap binds groups only, and builtins only cluster-wide)."""
    found: dict[str, set[str]] = {}
    for binding in plan.bindings if plan else ():
        if binding.namespace:
            found.setdefault(binding.group, set()).add(binding.namespace)
    return found


def atoms_of(authorizer: Authorizer, groups: Iterable[str], namespaces: Iterable[str]) -> frozenset[Atom]:
    """What members of `groups` may do, from RBAC alone (system:masters is reported separately)."""
    user = UserInfo(_PROBE_USER, tuple(sorted(groups)))
    cluster = frozenset(_rule_atoms(authorizer.rules_for(user, CLUSTER_SCOPE), CLUSTER_SCOPE))
    atoms = set(cluster)
    for namespace in namespaces:
        atoms.update(a for a in _rule_atoms(authorizer.rules_for(user, namespace), namespace)
                     if not covered(a, cluster))
    return frozenset(atoms)


def delta(before: frozenset[Atom], after: frozenset[Atom]) -> PermissionDelta:
    """Gains and losses, as RBAC matches them: what the other side already allows (cluster-wide, or
    through a wildcard) is neither gained nor lost."""
    return PermissionDelta(frozenset(a for a in after - before if not covered(a, before)),
                           frozenset(a for a in before - after if not covered(a, after)))


def covered(atom: Atom, atoms: frozenset[Atom]) -> bool:
    """Whether some atom in `atoms` allows `atom`: same or wider scope, `*` or equal in every field."""
    scope, group, resource, name, verb = atom
    scopes = {scope, CLUSTER_SCOPE}
    groups = {group} if group == "url" else {group, "*"}
    names = {name, ""}
    verbs = {verb, "*"}
    return any((s, g, r, n, v) in atoms for s in scopes for g in groups for r in _wider_resources(group, resource)
               for n in names for v in verbs)


def _wider_resources(group: str, resource: str) -> set[str]:
    if group == "url":  # a URL rule ending in `*` matches every path with that prefix
        return {resource} | {resource[:i] + "*" for i in range(len(resource) + 1)}
    _base, _, sub = resource.partition("/")
    return {resource, "*", f"*/{sub}"} if sub else {resource, "*"}


def _rule_atoms(rules: Iterable[PolicyRule], scope: str) -> set[Atom]:
    atoms: set[Atom] = set()
    for rule in rules:
        for verb in rule.verbs:
            atoms.update((scope, "url", url, "", verb) for url in rule.non_resource_urls if scope == CLUSTER_SCOPE)
            for group in rule.api_groups:
                for resource in rule.resources:
                    atoms.update((scope, group, resource, name, verb) for name in (rule.resource_names or ("",)))
    return atoms


def summarize(atoms: Iterable[Atom]) -> list[str]:
    """Atoms as lines a reviewer reads: `in payments: create, delete on deployments.apps, jobs.batch`."""
    verbs_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for scope, group, resource, name, verb in atoms:
        verbs_of[(scope, _resource_label(group, resource, name))].add(verb)
    by_verbs: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)
    for (scope, label), verbs in verbs_of.items():
        by_verbs[(scope, tuple(sorted(verbs)))].append(label)
    lines = [f"{_scope_label(scope)}: {', '.join(verbs)} on {', '.join(sorted(labels))}"
             for (scope, verbs), labels in by_verbs.items()]
    return sorted(lines)


def _resource_label(group: str, resource: str, name: str) -> str:
    if group == "url":
        return "every non-resource URL" if resource == "*" else resource
    if (group, resource) == ("*", "*"):
        return "every resource of every API group"
    base, _, sub = resource.partition("/")
    label = f"{base}.{group}" if group else base
    label = f"{label}/{sub}" if sub else label
    return f"{label} named {name}" if name else label


def _scope_label(scope: str) -> str:
    return "cluster-wide" if scope == CLUSTER_SCOPE else f"in {scope}"


def writes(atoms: Iterable[Atom]) -> bool:
    return any(atom[4] in WRITE_VERBS for atom in atoms)
