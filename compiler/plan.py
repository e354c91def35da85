"""Pass 4, plan: per cluster, exactly one mapping entry per principal and the RBAC that matches it.

A team is present on a cluster when one of its grants selects the cluster; then each of its
principals maps to the team's group there, and each grant becomes bindings of that group. Two
invariants hold by construction and are checked: every team group a mapping emits is bound by
some binding, and every binding's group is emitted by some mapping (no "mapped but 403", no
binding for nobody).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Literal, TypeVar

from compiler.model import (
    NODE_GROUPS,
    NODE_USERNAME,
    SYSTEM_MASTERS,
    TEAM_GROUP_PREFIX,
    Cluster,
    Grant,
    Model,
    PolicyRule,
    Principal,
    Team,
)

RBAC_PREFIX = "authmap:"


@dataclass(frozen=True)
class Mapping:
    """One entry of mapRoles or mapUsers."""

    kind: Literal["role", "user"]
    arn: str
    username: str
    groups: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.arn.lower()


@dataclass(frozen=True)
class RbacRole:
    kind: Literal["Role", "ClusterRole"]
    name: str
    namespace: str | None
    rules: tuple[PolicyRule, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Binding:
    kind: Literal["RoleBinding", "ClusterRoleBinding"]
    name: str
    namespace: str | None
    role_kind: Literal["Role", "ClusterRole"]
    role_name: str
    group: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ClusterPlan:
    cluster: Cluster
    role_mappings: tuple[Mapping, ...]
    user_mappings: tuple[Mapping, ...]
    accounts: tuple[str, ...]
    roles: tuple[RbacRole, ...]
    bindings: tuple[Binding, ...]
    cluster_sources: tuple[str, ...]


_Object = TypeVar("_Object", RbacRole, Binding)


class PlanInvariantError(AssertionError):
    """The plan broke one of its own guarantees: a bug in authmap, never a policy mistake."""


def plan(model: Model, relative: dict[str, str] | None = None) -> tuple[ClusterPlan, ...]:
    """One plan per cluster, in name order. `relative` maps a policy file to the name objects cite."""
    names = relative or {}
    plans = tuple(plan_cluster(model, cluster, names) for cluster in model.clusters.values())
    for cluster_plan in plans:
        check_invariants(cluster_plan)
    return plans


def teams_on(model: Model, cluster: Cluster) -> list[tuple[Team, list[Grant]]]:
    """Teams with at least one grant selecting `cluster` and at least one valid principal."""
    return [(team, grants) for team, grants in model.presence[cluster.name]
            if any(p.arn is not None for p in team.principals)]


def plan_cluster(model: Model, cluster: Cluster, names: dict[str, str]) -> ClusterPlan:
    present = teams_on(model, cluster)
    entries = _MappingTable(names)
    for node in cluster.node_roles:
        entries.add(node, NODE_USERNAME, NODE_GROUPS)
    for team, _ in present:
        groups = (team.group, SYSTEM_MASTERS) if team.system_masters is not None else (team.group,)
        for principal in team.principals:
            entries.add(principal, principal.username, groups)
    roles, bindings = _rbac(model, present, names)
    cluster_file = names.get(cluster.ref.file, cluster.ref.file)
    role_mappings, user_mappings = entries.by_kind()
    return ClusterPlan(cluster, role_mappings, user_mappings, tuple(sorted(cluster.accounts)), roles, bindings,
                       (cluster_file,))


@dataclass
class _Merging:
    """One principal's entry while teams are merged into it."""

    spelling: Principal
    username: str | None
    groups: set[str]
    sources: set[str]

    def mapping(self) -> Mapping:
        arn = self.spelling.arn
        assert arn is not None
        kind: Literal["role", "user"] = "role" if arn.is_role else "user"
        return Mapping(kind, arn.canonical, self.username or default_username(self.spelling),
                       tuple(sorted(self.groups)), tuple(sorted(self.sources)))


class _MappingTable:
    """Principals merged by their normalized ARN: groups united, sources collected.

    A principal written in several letter cases is written (and its default username built) with
    the spelling that sorts first, so neither the order of files nor which team lists it changes
    the output; the username is the one a policy gives (lint makes sure there is only one).
    """

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.entries: dict[str, _Merging] = {}

    def add(self, principal: Principal, username: str | None, groups: Iterable[str]) -> None:
        arn = principal.arn
        if arn is None:
            return
        entry = self.entries.get(arn.match_key)
        if entry is None:
            entry = self.entries[arn.match_key] = _Merging(principal, None, set(), set())
        elif arn.canonical < entry.spelling.arn.canonical:  # type: ignore[union-attr]
            entry.spelling = principal
        entry.username = username or entry.username
        entry.groups.update(groups)
        entry.sources.add(self.names.get(principal.ref.file, principal.ref.file))

    def by_kind(self) -> tuple[tuple[Mapping, ...], tuple[Mapping, ...]]:
        """Role entries and user entries, each in the order of their match keys."""
        mappings = [e.mapping() for _, e in sorted(self.entries.items())]
        return tuple(m for m in mappings if m.kind == "role"), tuple(m for m in mappings if m.kind == "user")


def default_username(principal: Principal) -> str:
    """The EKS access-entry defaults: they depend on the principal alone, so merging never conflicts."""
    arn = principal.arn
    assert arn is not None
    if principal.source == "node":
        return NODE_USERNAME
    if arn.is_role:
        return f"arn:{arn.partition}:sts::{arn.account}:assumed-role/{arn.name}/{{{{SessionName}}}}"
    return arn.canonical


def _rbac(model: Model, present: list[tuple[Team, list[Grant]]],
          names: dict[str, str]) -> tuple[tuple[RbacRole, ...], tuple[Binding, ...]]:
    roles: dict[tuple[str, str | None, str], tuple[RbacRole, set[str]]] = {}
    bindings: dict[tuple[str, str | None, str], tuple[Binding, set[str]]] = {}
    for team, grants in present:
        for grant in grants:
            for role, binding in _grant_objects(model, team, grant, names):
                if role is not None:
                    roles.setdefault((role.kind, role.namespace, role.name), (role, set()))[1].update(role.sources)
                bkey = (binding.kind, binding.namespace, binding.name)
                bindings.setdefault(bkey, (binding, set()))[1].update(binding.sources)
    return _with_sources(roles), _with_sources(bindings)


def _with_sources(found: dict[tuple[str, str | None, str], tuple[_Object, set[str]]]) -> tuple[_Object, ...]:
    """Each object once, citing every policy file any of its grants came from (a Role shared by teams)."""
    return tuple(replace(obj, sources=_unique_sorted(sources)) for _, (obj, sources) in
                 sorted(found.items(), key=_object_order))


def _object_order(item: tuple[tuple[str, str | None, str], object]) -> tuple[str, str, str]:
    kind, namespace, name = item[0]
    return kind, namespace or "", name


def _grant_objects(model: Model, team: Team, grant: Grant,
                   names: dict[str, str]) -> Iterator[tuple[RbacRole | None, Binding]]:
    role = model.roles[grant.role]
    sources = _unique_sorted([names.get(grant.ref.file, grant.ref.file)]
                             + ([names.get(role.ref.file, role.ref.file)] if role.ref else []))
    binding_name = f"{RBAC_PREFIX}{team.name}:{role.name}"
    if grant.cluster_wide:
        target = role.builtin or f"{RBAC_PREFIX}{role.name}"
        made = RbacRole("ClusterRole", target, None, role.rules, sources) if not role.builtin else None
        yield made, Binding("ClusterRoleBinding", binding_name, None, "ClusterRole", target, team.group, sources)
        return
    for namespace in grant.namespaces:
        if role.builtin:
            yield None, Binding("RoleBinding", binding_name, namespace, "ClusterRole", role.builtin, team.group,
                                sources)
            continue
        target = f"{RBAC_PREFIX}{role.name}"
        yield (RbacRole("Role", target, namespace, role.rules, sources),
               Binding("RoleBinding", binding_name, namespace, "Role", target, team.group, sources))


def _unique_sorted(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(values)))


def check_invariants(cluster_plan: ClusterPlan) -> None:
    mapped = {g for m in cluster_plan.role_mappings + cluster_plan.user_mappings for g in m.groups
              if g.startswith(TEAM_GROUP_PREFIX)}
    bound = {b.group for b in cluster_plan.bindings}
    name = cluster_plan.cluster.name
    if mapped - bound:
        raise PlanInvariantError(f"{name}: groups mapped but never bound: {sorted(mapped - bound)}")
    if bound - mapped:
        raise PlanInvariantError(f"{name}: groups bound but never mapped: {sorted(bound - mapped)}")
