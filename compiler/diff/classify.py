"""Every change, classified by risk: escalations first, then grants, other changes, removals, cosmetics."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from compiler import risk
from compiler.diff import permissions as perms
from compiler.diff.compare import ClusterChanges, ObjectChange, PrincipalChange
from compiler.model import NODE_USERNAME, SYSTEM_MASTERS, TEAM_GROUP_PREFIX
from compiler.plan import Binding, ClusterPlan

Category = Literal["escalation", "grant", "change", "removal", "cosmetic"]
CATEGORIES: tuple[Category, ...] = ("escalation", "grant", "change", "removal", "cosmetic")
_MEMBERS_SHOWN = 5


@dataclass(frozen=True)
class Change:
    cluster: str
    category: Category
    subject: str
    summary: str
    risks: tuple[str, ...] = ()
    details: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class _RuleView:
    verbs: tuple[str, ...]
    api_groups: tuple[str, ...]
    resources: tuple[str, ...]


def atom_risks(atoms: frozenset[perms.Atom]) -> tuple[str, ...]:
    found: set[str] = set()
    for scope, group, resource, _, verb in atoms:
        if group == "url":
            continue
        if scope == perms.CLUSTER_SCOPE and (group, resource, verb) == ("*", "*", "*"):
            found.add("cluster-admin")
        found.update(r.id for r in risk.risks_of(_RuleView((verb,), (group,), (resource,))))
    return tuple(sorted(found))


class Classifier:
    """Classifies one cluster's changes; effective permissions come from the verifier's RBAC engine."""

    def __init__(self, changes: ClusterChanges) -> None:
        self.changes = changes
        self.name = changes.name
        self.base = perms.GroupPermissions(changes.base)
        self.head = perms.GroupPermissions(changes.head)

    def classify(self) -> list[Change]:
        found = [*self._principals(), *self._teams(), *self._objects(), *self._accounts()]
        return sorted(found, key=lambda c: (CATEGORIES.index(c.category), c.subject, c.summary))

    def _delta(self, base_groups: tuple[str, ...], head_groups: tuple[str, ...]) -> perms.PermissionDelta:
        return perms.delta(self.base.of(base_groups), self.head.of(head_groups))

    def _principals(self) -> Iterator[Change]:
        for change in self.changes.principals:
            yield self._principal(change)

    def _principal(self, change: PrincipalChange) -> Change:
        subject = f"principal {change.arn}"
        if change.cosmetic:
            return Change(self.name, "cosmetic", subject, "ARN written differently; the same principal")
        base_groups = change.base.groups if change.base else ()
        head_groups = change.head.groups if change.head else ()
        moved = self._delta(base_groups, head_groups)
        risks = {*atom_risks(moved.gained), *self._membership_risks(change)}
        if change.base is None and perms.writes(moved.gained):
            risks.add("new-principal-with-write")
        category = _principal_category(change, moved, risks)
        return Change(self.name, category, subject, _principal_summary(change), tuple(sorted(risks)),
                      _delta_lines(moved))

    def _membership_risks(self, change: PrincipalChange) -> Iterator[str]:
        if SYSTEM_MASTERS in change.groups_added:
            yield "system-masters"
        if NODE_USERNAME in (change.base.username if change.base else "", change.head.username if change.head else ""):
            yield "node-role"
        head = change.head
        cluster = self.changes.head.cluster if self.changes.head else None
        if change.base is None and head is not None and cluster and f":{cluster.account_id}:" not in head.arn:
            yield "cross-account"

    def _teams(self) -> Iterator[Change]:
        for group in self._affected_groups():
            moved = self._delta((group,), (group,))
            if moved.empty:
                continue
            risks = atom_risks(moved.gained)
            category: Category = "escalation" if risks else ("grant" if moved.gained else "removal")
            team = group.removeprefix(TEAM_GROUP_PREFIX)
            members = self._members(group, self.changes.head if moved.gained else self.changes.base)
            yield Change(self.name, category, f"team {team}", _team_summary(moved), risks,
                         (*_delta_lines(moved), *members))

    @staticmethod
    def _members(group: str, plan: ClusterPlan | None) -> tuple[str, ...]:
        """Who the team's change reaches on this cluster: its principals, a few by name."""
        arns = [m.arn for m in (plan.role_mappings + plan.user_mappings if plan else ()) if group in m.groups]
        if not arns:
            return ()
        shown = ", ".join(arns[:_MEMBERS_SHOWN]) + (f" and {len(arns) - _MEMBERS_SHOWN} more"
                                                     if len(arns) > _MEMBERS_SHOWN else "")
        return (f"principals ({len(arns)}): {shown}",)

    def _affected_groups(self) -> list[str]:
        """Team groups whose bindings, or the roles those bindings use, changed."""
        changed_roles = {c.key[2] for c in self.changes.objects if c.key[0] in ("Role", "ClusterRole")}
        groups: set[str] = set()
        for plan in (self.changes.base, self.changes.head):
            groups.update(b.group for b in _bindings(plan) if b.role_name in changed_roles)
        for change in self.changes.objects:
            for payload in (change.base, change.head):
                groups.update(s["name"] for s in (payload or {}).get("subjects", []))
        return sorted(g for g in groups if g.startswith(TEAM_GROUP_PREFIX))

    def _objects(self) -> Iterator[Change]:
        for change in self.changes.objects:
            yield _object_change(self.name, change)

    def _accounts(self) -> Iterator[Change]:
        for account in self.changes.accounts_added:
            yield Change(self.name, "escalation", f"account {account}",
                         "every principal of the account can now authenticate (mapAccounts)", ("map-accounts",))
        for account in self.changes.accounts_removed:
            yield Change(self.name, "removal", f"account {account}", "no longer authenticated as a whole")


def _bindings(plan: ClusterPlan | None) -> tuple[Binding, ...]:
    return plan.bindings if plan else ()


def _principal_category(change: PrincipalChange, moved: perms.PermissionDelta, risks: set[str]) -> Category:
    if risks:
        return "escalation"
    if moved.gained or (change.head is not None and change.base is None):
        return "grant"
    if change.head is None or moved.lost:
        return "removal"
    return "change"


def _object_change(cluster: str, change: ObjectChange) -> Change:
    kind, _, _ = change.key
    if change.base is None:
        role_ref = (change.head or {}).get("roleRef", {})
        risks = ("cluster-admin",) if role_ref.get("name") == "cluster-admin" else ()
        category: Category = "escalation" if risks else "grant"
        target = f", binds {role_ref.get('kind')} {role_ref.get('name')}" if role_ref else ""
        return Change(cluster, category, change.label, f"{kind} added{target}", risks)
    if change.head is None:
        return Change(cluster, "removal", change.label, f"{kind} removed")
    return Change(cluster, "change", change.label, f"{kind} changed", (), change.details)


def _principal_summary(change: PrincipalChange) -> str:
    if change.base is None and change.head is not None:
        return f"added as {change.head.username!r} in {', '.join(change.head.groups)}"
    if change.head is None and change.base is not None:
        return f"removed (was {change.base.username!r} in {', '.join(change.base.groups)})"
    parts = []
    if change.groups_added:
        parts.append("joins " + ", ".join(change.groups_added))
    if change.groups_removed:
        parts.append("leaves " + ", ".join(change.groups_removed))
    if change.base and change.head and change.base.username != change.head.username:
        parts.append(f"username {change.base.username!r} -> {change.head.username!r}")
    return "; ".join(parts)


def _team_summary(moved: perms.PermissionDelta) -> str:
    parts = [_first_of("gains", perms.summarize(moved.gained)), _first_of("loses", perms.summarize(moved.lost))]
    return "; ".join(p for p in parts if p)


def _first_of(verb: str, lines: list[str]) -> str:
    if not lines:
        return ""
    more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
    return f"{verb} {lines[0]}{more}"


def _delta_lines(moved: perms.PermissionDelta) -> tuple[str, ...]:
    return tuple([f"+ {line}" for line in perms.summarize(moved.gained)]
                 + [f"- {line}" for line in perms.summarize(moved.lost)])
