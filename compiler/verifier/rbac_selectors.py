"""Label selectors as ClusterRole aggregation uses them (`aggregationRule.clusterRoleSelectors`).

`matchLabels` and `matchExpressions` are ANDed; an empty selector selects every ClusterRole.
Selectors arrive already type-checked (see rbac_objects); what the API server's validation would
refuse (an unknown operator, `In` without values, `Exists` with values) raises `InvalidSelector`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")


class InvalidSelector(ValueError):
    """A selector the API server would refuse; the message says which part."""


@dataclass(frozen=True)
class Requirement:
    """One condition on one label key."""

    key: str
    operator: str
    values: frozenset[str] = frozenset()

    def matches(self, labels: Mapping[str, str]) -> bool:
        if self.operator == "In":
            return self.key in labels and labels[self.key] in self.values
        if self.operator == "NotIn":
            # A missing label is "not in" any set, as in Kubernetes.
            return self.key not in labels or labels[self.key] not in self.values
        if self.operator == "Exists":
            return self.key in labels
        return self.key not in labels


@dataclass(frozen=True)
class LabelSelector:
    """All requirements must hold; no requirements selects everything."""

    requirements: tuple[Requirement, ...] = ()

    def matches(self, labels: Mapping[str, str]) -> bool:
        return all(requirement.matches(labels) for requirement in self.requirements)


def selector_from_parts(match_labels: Mapping[str, str],
                        expressions: list[tuple[str, str, tuple[str, ...]]]) -> LabelSelector:
    """Build a selector from `matchLabels` and (key, operator, values) expressions."""
    requirements = [Requirement(key, "In", frozenset((value,)))
                    for key, value in sorted(match_labels.items())]
    requirements.extend(_requirement(key, operator, values) for key, operator, values in expressions)
    return LabelSelector(tuple(requirements))


def _requirement(key: str, operator: str, values: tuple[str, ...]) -> Requirement:
    if operator not in OPERATORS:
        raise InvalidSelector(f"matchExpressions operator {operator!r} is not one of {', '.join(OPERATORS)}")
    if operator in ("In", "NotIn") and not values:
        raise InvalidSelector(f"matchExpressions operator {operator} on {key!r} needs at least one value")
    if operator in ("Exists", "DoesNotExist") and values:
        raise InvalidSelector(f"matchExpressions operator {operator} on {key!r} takes no values")
    if not key:
        raise InvalidSelector("matchExpressions key must not be empty")
    return Requirement(key, operator, frozenset(values))
