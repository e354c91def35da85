"""The diff as one value: per cluster, its classified changes; across clusters, the escalations."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from compiler.compile import Compiled, plan_path
from compiler.diff.classify import Change, Classifier
from compiler.diff.compare import ClusterChanges, compare
from compiler.diff.sources import policy_dir

Status = Literal["added", "removed", "changed", "unchanged"]


@dataclass(frozen=True)
class ClusterReport:
    name: str
    status: Status
    changes: tuple[Change, ...]

    @property
    def semantic(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.category != "cosmetic")


@dataclass(frozen=True)
class DiffReport:
    base: str
    head: str
    clusters: tuple[ClusterReport, ...]

    @property
    def changed(self) -> bool:
        return any(c.status in ("added", "removed") or c.semantic for c in self.clusters)

    @property
    def escalations(self) -> tuple[Change, ...]:
        return tuple(c for cluster in self.clusters for c in cluster.changes if c.category == "escalation")


class Uncompilable(Exception):
    """One side has lint errors: there is nothing sound to compare."""

    def __init__(self, side: str, compiled: Compiled) -> None:
        super().__init__(side)
        self.side = side
        self.compiled = compiled


def diff(base: str, head: str) -> DiffReport:
    with policy_dir(base) as base_dir, policy_dir(head) as head_dir:
        before = _compiled("BASE", base_dir)
        after = _compiled("HEAD", head_dir)
    return DiffReport(base, head, tuple(_cluster_report(c) for c in compare(before.plans, after.plans)))


def _compiled(side: str, policies: Path) -> Compiled:
    """Lint and plan one side; emitting YAML adds nothing to a semantic comparison."""
    compiled = plan_path(policies)
    if not compiled.ok:
        raise Uncompilable(side, compiled)
    return compiled


def _cluster_report(changes: ClusterChanges) -> ClusterReport:
    status: Status = "added" if changes.base is None else "removed" if changes.head is None else "changed"
    if status == "changed" and not (changes.principals or changes.objects or changes.accounts_added
                                    or changes.accounts_removed):
        return ClusterReport(changes.name, "unchanged", ())
    classified = tuple(Classifier(changes).classify())
    if status == "changed" and not any(c.category != "cosmetic" for c in classified):
        status = "unchanged"
    return ClusterReport(changes.name, status, classified)
