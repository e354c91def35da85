"""Doubling the organisation must not more than roughly double the work: no quadratic passes.

Work is counted, never timed, so the verdict is the same on any machine: cProfile counts the calls
of every function a pass runs (authmap's and the libraries' it uses), and a counter adds up the
elements merged by `compiler.plan._unique_sorted`, whose sorting in C cProfile cannot see. An
organisation and its double are compared three ways:

- **wider**: twice the business units (teams, principals and clusters all double, every cluster as
  dense as before), from `benchmarks.shapes.OrgShape.doubled`;
- **denser**: twice the teams on the same clusters (every cluster maps twice the principals);
- **shared**: one principal listed by every team, and one permission set granted by every team, with
  twice the teams (a role everybody assumes, merged into one mapping entry).

The generated organisations repeat one business unit's random draws (`uniform_units`), so the
doubled one is exactly twice the smaller one and a linear pass counts exactly twice the calls. A
pass fails when its total, or the count of any function, grows by more than RATIO_LIMIT (for a
function, once its excess over exact doubling reaches MIN_EXCESS); the message names each such
function with its counts.
"""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

import compiler.plan
from benchmarks.generate import build_org, write_org
from benchmarks.mutate import mutate
from benchmarks.shapes import OrgShape
from compiler.compile import compile_path
from compiler.diff.report import diff
from compiler.lint.engine import lint_path

RATIO_LIMIT = 2.3
# A function is judged once its count exceeds exact doubling by this much: below it, a constant
# subtracted from a linear count (the first listing of a shared role is no repeat) looks steep.
MIN_EXCESS = 500
MERGED_ELEMENTS = "compiler.plan._unique_sorted (elements merged)"
# Two business units of eight teams, few users each: every structure of a large organisation, small.
BASE = OrgShape(teams=4 + 2 * 8, business_units=2, users_per_team=(1, 2), uniform_units=True)
# A quarter of the base's 16 unit teams is 4: one of each kind of change, and twice each when doubled.
CHANGED_PERCENT = 25.0
SHARED_TEAMS = 40

Org = tuple[Path, Path]  # policies, and the same with some of its teams changed


@dataclass(frozen=True)
class Work:
    calls: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.calls.values())


def count_work(run: Callable[[], Any]) -> Work:
    merged = [0]
    original = compiler.plan._unique_sorted

    def counting(values: Iterable[str]) -> tuple[str, ...]:
        listed = list(values)
        merged[0] += len(listed)
        return original(listed)

    profile = cProfile.Profile()
    with mock.patch.object(compiler.plan, "_unique_sorted", counting):
        profile.runcall(run)
    stats: dict[tuple[str, int, str], tuple[Any, ...]] = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    calls = {_label(key): 0 for key in stats}
    for key, (_, total_calls, *_rest) in stats.items():
        calls[_label(key)] += total_calls
    calls[MERGED_ELEMENTS] = merged[0]
    return Work(calls)


def _label(key: tuple[str, int, str]) -> str:
    filename, line, function = key
    parts = Path(filename).parts
    where = "/".join(parts[parts.index("compiler"):]) if "compiler" in parts else Path(filename).name
    return f"{where}:{line}:{function}" if where else function


def superlinear(small: Work, large: Work) -> list[str]:
    """Functions whose count grew by more than RATIO_LIMIT, the steepest first."""
    grown = [(large.calls[name] / max(1, small.calls.get(name, 0)), name) for name in large.calls
             if large.calls[name] - 2 * small.calls.get(name, 0) >= MIN_EXCESS]
    return [f"{name}: {small.calls.get(name, 0):,} -> {large.calls[name]:,} (x{ratio:.1f})"
            for ratio, name in sorted(grown, reverse=True) if ratio > RATIO_LIMIT]


def _generated(root: Path, name: str, shape: OrgShape, teams: list[str] | None = None) -> Org:
    policies, changed = root / name, root / f"{name}-changed"
    write_org(build_org(shape), policies, name)
    mutate(policies, changed, CHANGED_PERCENT, teams=teams)
    return policies, changed


def _changed_teams(policies: Path, changed: Path) -> list[str]:
    return sorted(p.relative_to(changed).as_posix() for p in (changed / "teams").rglob("*.yaml")
                  if p.read_bytes() != (policies / p.relative_to(changed)).read_bytes())


def _shared(root: Path, name: str, teams: int) -> Org:
    """Every team lists the on-call role and is granted the cluster-reader ClusterRole, on one cluster."""
    policies = root / name
    (policies / "teams").mkdir(parents=True)
    (policies / "cluster.yaml").write_text(_SHARED_CLUSTER)
    for n in range(teams):
        (policies / "teams" / f"team-{n}.yaml").write_text(_SHARED_TEAM.format(n=n))
    return policies, policies


_SHARED_CLUSTER = """
apiVersion: authmap/v1
kind: Cluster
metadata: {name: prod}
spec: {clusterID: prod, accountID: "111122223333", nodeRoles: [arn:aws:iam::111122223333:role/prod-nodes]}
---
apiVersion: authmap/v1
kind: Role
metadata: {name: cluster-reader}
spec: {rules: [{apiGroups: [""], resources: [nodes, namespaces], verbs: [get, list, watch]}]}
"""

_SHARED_TEAM = """
apiVersion: authmap/v1
kind: Team
metadata: {{name: team-{n}}}
spec:
  roles:
    - arn: arn:aws:iam::111122223333:role/team-{n}-developers
    - arn: arn:aws:iam::111122223333:role/oncall
  access: [{{clusters: [prod], clusterWide: true, role: cluster-reader}}]
"""


@pytest.fixture(scope="module")
def orgs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Org]:
    root = tmp_path_factory.mktemp("scaling")
    # The doubled organisations get the same change as the base, to the same teams: a diff's work is
    # the organisation's size plus what the change reaches (a change to a permission set that twice
    # as many teams use rightly reports twice as many teams, so the change itself stays the same).
    base = _generated(root, "base", BASE)
    same_change = _changed_teams(*base)
    return {"base": base,
            "wider": _generated(root, "wider", BASE.doubled(), same_change),
            "denser": _generated(root, "denser", BASE.denser(), same_change),
            "shared-base": _shared(root, "shared-base", SHARED_TEAMS),
            "shared": _shared(root, "shared", 2 * SHARED_TEAMS)}


PASSES: dict[str, Callable[[Org], Any]] = {
    "lint": lambda org: lint_path(org[0]),
    "compile": lambda org: compile_path(org[0]),
    "diff": lambda org: diff(str(org[0]), str(org[1])),
}


@pytest.fixture(scope="module")
def work(orgs: dict[str, Org]) -> Callable[[str, str], Work]:
    """The work of one pass on one organisation, counted once per module (the base is shared)."""
    counted: dict[tuple[str, str], Work] = {}

    def of(org: str, name: str) -> Work:
        if (org, name) not in counted:
            counted[(org, name)] = count_work(lambda: PASSES[name](orgs[org]))
        return counted[(org, name)]
    return of


def _case(axis: str, name: str, reason: str | None = None) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(axis, name, marks=marks, id=f"{axis}-{name}")


@pytest.mark.parametrize(("axis", "name"), [
    _case("wider", "lint"),
    _case("wider", "compile"),
    _case("wider", "diff"),
    _case("denser", "lint"),
    _case("denser", "compile"),
    _case("denser", "diff"),
    _case("shared", "lint"),
    _case("shared", "compile"),
])
def test_doubling_the_organisation_at_most_doubles_the_work(work: Callable[[str, str], Work], axis: str,
                                                            name: str) -> None:
    small = work("shared-base" if axis == "shared" else "base", name)
    large = work(axis, name)
    steep = superlinear(small, large)
    assert large.total <= RATIO_LIMIT * small.total and not steep, (
        f"{name}, {axis}: {small.total:,} -> {large.total:,} calls (x{large.total / small.total:.2f}); "
        "grew faster than the organisation:\n" + "\n".join(steep))
