"""A reviewed change to an organisation: `python -m benchmarks.mutate SRC DST [--percent 1] [--seed N]`.

Copies the policy repository SRC to DST and changes `percent` % of its business-unit teams, the
kinds of change a pull request makes, in turn: two people join, two people leave, a grant is
widened to the namespace-admin role, a read-only cluster-wide grant is added where the team
already has access. The result still lints without errors, so `authmap diff SRC DST` compiles both.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from benchmarks.generate import DEFAULT_SEED, dump_document

Team = dict[str, Any]


def _add_members(team: Team, serial: int) -> str:
    account = team["spec"]["roles"][0]["arn"].split(":")[4]
    name = team["metadata"]["name"]
    team["spec"].setdefault("members", []).extend(
        {"arn": f"arn:aws:iam::{account}:user/engineering/{name}.newhire{serial}.{n}"} for n in range(2))
    return "two members added"


def _remove_members(team: Team, serial: int) -> str:
    members = team["spec"].get("members", [])
    del members[-2:]
    if not members:
        team["spec"].pop("members", None)
    return "two members removed"


def _widen_grant(team: Team, serial: int) -> str:
    grant = next(g for g in team["spec"]["access"] if "namespaces" in g and g["role"] != "namespace-ops")
    before, grant["role"] = grant["role"], "namespace-ops"
    return f"grant of {before} widened to namespace-ops (Kubernetes' admin role)"


def _add_grant(team: Team, serial: int) -> str:
    clusters = team["spec"]["access"][0]["clusters"]
    team["spec"]["access"].append({"clusters": clusters, "clusterWide": True, "role": "read-only"})
    return "read-only cluster-wide grant added"


CHANGES: tuple[Callable[[Team, int], str], ...] = (_add_members, _remove_members, _widen_grant, _add_grant)


def mutate(source: Path, target: Path, percent: float = 1.0, seed: int = DEFAULT_SEED,
           teams: list[str] | None = None) -> list[str]:
    """Copy `source` to `target` and change `percent` % of its business-unit teams (or exactly `teams`,
    paths relative to `source`); what changed, per team."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    chosen = [target / t for t in teams] if teams is not None else _chosen_teams(target, percent, seed)
    changed = []
    for serial, path in enumerate(chosen):
        changed.append(f"{path.relative_to(target)}: {_rewrite(path, CHANGES[serial % len(CHANGES)], serial)}")
    return changed


def _chosen_teams(root: Path, percent: float, seed: int) -> list[Path]:
    """Evenly spaced through the sorted team files, from a seeded offset: every business unit gets its share."""
    teams = sorted(p for p in (root / "teams").rglob("*.yaml") if p.parent.name != "platform")
    count = max(1, round(len(teams) * percent / 100))
    step = len(teams) / count
    offset = random.Random(f"{seed}:mutate").random() * step
    return [teams[int(offset + n * step)] for n in range(count)]


def _rewrite(path: Path, change: Callable[[Team, int], str], serial: int) -> str:
    text = path.read_text(encoding="utf-8")
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    team = yaml.load(text, Loader=yaml.CSafeLoader)
    what = change(team, serial)
    path.write_text(header + dump_document(team), encoding="utf-8")
    return what


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.mutate", description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--percent", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    for line in mutate(args.source, args.target, args.percent, args.seed):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
