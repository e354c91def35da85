"""Bindings indexed by the subjects they name, and the rules one user has in one namespace.

A decision only looks at bindings that name the user, one of the user's groups, or (as a user
name) a ServiceAccount. Bindings are visited in a fixed order, ClusterRoleBindings by name and
then the namespace's RoleBindings by name, so the binding a decision reports is stable (a real
API server visits them in cache order, which is unspecified).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from compiler.verifier.rbac_objects import BindingObject, ObjectRef, Subject
from compiler.verifier.rbac_rules import RoleRules

# (kind, name): ("user", NAME) for User and ServiceAccount subjects, ("group", NAME) for groups.
SubjectKey = tuple[str, str]
_NO_RULES = RoleRules(())


@dataclass(frozen=True)
class Grant:
    """What one binding gives one user: the rules of its role, via the first subject that applies."""

    binding: ObjectRef
    role: ObjectRef
    subject: Subject
    rules: RoleRules
    role_exists: bool


def subject_keys(name: str, groups: Iterable[str]) -> list[SubjectKey]:
    """Index keys under which bindings naming this user or its groups are filed."""
    return [("user", name), *(("group", group) for group in groups)]


def _subject_key(subject: Subject) -> SubjectKey:
    username = subject.username()
    return ("user", username) if username is not None else ("group", subject.name)


class BindingIndex:
    """Bindings filed by subject; `grants` answers "what applies to this user here"."""

    def __init__(self, bindings: Iterable[BindingObject],
                 role_rules: Mapping[ObjectRef, RoleRules]) -> None:
        ordered = sorted(bindings, key=lambda b: (b.ref.kind != "ClusterRoleBinding", b.ref))
        self._dangling = [binding for binding in ordered if binding.role_ref not in role_rules]
        # namespace ("" for ClusterRoleBindings) -> subject key -> [(binding position,
        # position of the subject in the binding, grant)]
        self._by_subject: dict[str, dict[SubjectKey, list[tuple[int, int, Grant]]]] = defaultdict(dict)
        for position, binding in enumerate(ordered):
            rules = role_rules.get(binding.role_ref)
            filed = self._by_subject[binding.ref.namespace]
            for subject_position, subject in enumerate(binding.subjects):
                grant = Grant(binding.ref, binding.role_ref, subject, rules or _NO_RULES, rules is not None)
                filed.setdefault(_subject_key(subject), []).append((position, subject_position, grant))

    def grants(self, keys: list[SubjectKey], namespace: str) -> tuple[Grant, ...]:
        """Grants from ClusterRoleBindings, then (when `namespace` is set) that namespace's RoleBindings.

        A binding naming the user several times counts once, through its first subject that
        applies, as Kubernetes reports it.
        """
        first: dict[int, tuple[int, Grant]] = {}
        for scope in ("", namespace) if namespace else ("",):
            filed = self._by_subject.get(scope, {})
            for key in keys:
                for position, subject_position, grant in filed.get(key, ()):
                    if position not in first or subject_position < first[position][0]:
                        first[position] = (subject_position, grant)
        return tuple(first[position][1] for position in sorted(first))

    def dangling(self) -> list[BindingObject]:
        """Bindings whose role does not exist: Kubernetes reports an error for them and grants nothing."""
        return list(self._dangling)
