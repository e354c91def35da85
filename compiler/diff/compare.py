"""Structural comparison of two compiled sides, keyed (never by list position).

Principals are keyed by their normalized ARN, RBAC objects by kind, namespace and name, so
reordering a policy or writing an ARN another way changes nothing here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from deepdiff import DeepDiff

from compiler.emit.objects import policy_rule
from compiler.plan import Binding, ClusterPlan, Mapping, RbacRole

ObjectKey = tuple[str, str, str]


@dataclass(frozen=True)
class PrincipalChange:
    key: str
    base: Mapping | None
    head: Mapping | None

    @property
    def arn(self) -> str:
        return (self.head or self.base).arn  # type: ignore[union-attr]

    @property
    def groups_added(self) -> tuple[str, ...]:
        return _minus(self.head.groups if self.head else (), self.base.groups if self.base else ())

    @property
    def groups_removed(self) -> tuple[str, ...]:
        return _minus(self.base.groups if self.base else (), self.head.groups if self.head else ())

    @property
    def cosmetic(self) -> bool:
        """Only the spelling changed: the ARN's case or path, or the letter case of a username derived from it.

        The authenticator matches ARNs case-insensitively and authmap binds RBAC to groups only, so
        none of these changes who can do what.
        """
        base, head = self.base, self.head
        return base is not None and head is not None and (base.username.lower(), set(base.groups)) == \
            (head.username.lower(), set(head.groups))


@dataclass(frozen=True)
class ObjectChange:
    key: ObjectKey
    base: dict[str, Any] | None
    head: dict[str, Any] | None
    details: tuple[str, ...]

    @property
    def label(self) -> str:
        kind, namespace, name = self.key
        return f"{kind} {namespace}/{name}" if namespace else f"{kind} {name}"


@dataclass(frozen=True)
class ClusterChanges:
    name: str
    base: ClusterPlan | None
    head: ClusterPlan | None
    principals: tuple[PrincipalChange, ...]
    objects: tuple[ObjectChange, ...]
    accounts_added: tuple[str, ...]
    accounts_removed: tuple[str, ...]


def compare(base: tuple[ClusterPlan, ...], head: tuple[ClusterPlan, ...]) -> tuple[ClusterChanges, ...]:
    base_by, head_by = {p.cluster.name: p for p in base}, {p.cluster.name: p for p in head}
    return tuple(compare_cluster(name, base_by.get(name), head_by.get(name))
                 for name in sorted(base_by.keys() | head_by.keys()))


def compare_cluster(name: str, base: ClusterPlan | None, head: ClusterPlan | None) -> ClusterChanges:
    base_accounts = set(base.accounts) if base else set()
    head_accounts = set(head.accounts) if head else set()
    return ClusterChanges(name, base, head, _principal_changes(base, head), _object_changes(base, head),
                          tuple(sorted(head_accounts - base_accounts)), tuple(sorted(base_accounts - head_accounts)))


def _mappings(plan: ClusterPlan | None) -> dict[str, Mapping]:
    if plan is None:
        return {}
    return {m.key: m for m in plan.role_mappings + plan.user_mappings}


def _principal_changes(base: ClusterPlan | None, head: ClusterPlan | None) -> tuple[PrincipalChange, ...]:
    before, after = _mappings(base), _mappings(head)
    changes = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old is None or new is None or _semantic(old) != _semantic(new) or old.arn != new.arn:
            changes.append(PrincipalChange(key, old, new))
    return tuple(changes)


def _semantic(mapping: Mapping) -> tuple[str, str, frozenset[str]]:
    return mapping.kind, mapping.username, frozenset(mapping.groups)


def rbac_objects(plan: ClusterPlan | None) -> dict[ObjectKey, dict[str, Any]]:
    """Each Role/ClusterRole/binding as the payload that matters (no metadata), keyed."""
    if plan is None:
        return {}
    objects: dict[ObjectKey, dict[str, Any]] = {}
    for role in plan.roles:
        objects[(role.kind, role.namespace or "", role.name)] = _role_payload(role)
    for binding in plan.bindings:
        objects[(binding.kind, binding.namespace or "", binding.name)] = _binding_payload(binding)
    return objects


def _role_payload(role: RbacRole) -> dict[str, Any]:
    return {"rules": [policy_rule(rule) for rule in role.rules]}


def _binding_payload(binding: Binding) -> dict[str, Any]:
    return {"roleRef": {"kind": binding.role_kind, "name": binding.role_name},
            "subjects": [{"kind": "Group", "name": binding.group}]}


def _object_changes(base: ClusterPlan | None, head: ClusterPlan | None) -> tuple[ObjectChange, ...]:
    before, after = rbac_objects(base), rbac_objects(head)
    changes = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old is None or new is None:
            changes.append(ObjectChange(key, old, new, ()))
            continue
        if old == new:  # the common case, and much cheaper than asking DeepDiff
            continue
        difference = DeepDiff(old, new, ignore_order=True, view="tree")
        if difference:
            changes.append(ObjectChange(key, old, new, _describe(difference)))
    return tuple(changes)


def _describe(difference: DeepDiff) -> tuple[str, ...]:
    lines = []
    for kind, items in sorted(difference.items()):
        for item in items:
            path = item.path(output_format="list")
            where = ".".join(str(p) for p in path)
            lines.append(f"{kind.replace('_', ' ')} at {where}: {_short(item.t1)} -> {_short(item.t2)}")
    return tuple(sorted(lines))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _minus(left: tuple[str, ...], right: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(left) - set(right)))
