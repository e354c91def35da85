"""Write a synthetic policy repository: `python -m benchmarks.generate SIZE OUT_DIR [--seed N] [--check]`.

SIZE is S, M, L or XL (see benchmarks.shapes). The repository has the layout real ones have:
clusters/, roles/, and teams/<business unit>/<team>.yaml, one file per team. The same size and
seed always give the same bytes. `--check` then compiles it and prints what authmap made of it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from benchmarks import roles
from benchmarks.platform import platform_teams
from benchmarks.shapes import PLATFORM_TEAMS, SIZES, OrgShape
from benchmarks.teams import unit_team
from benchmarks.units import Unit, make_unit, monolith_cluster, unit_clusters

DEFAULT_SEED = 1
HEADER = "# Synthetic policy for authmap's benchmarks ({label}); written by benchmarks.generate.\n"


@dataclass(frozen=True)
class GeneratedOrg:
    files: dict[str, dict[str, Any]]  # relative path -> document

    def kind(self, kind: str) -> list[dict[str, Any]]:
        return [doc for doc in self.files.values() if doc["kind"] == kind]

    @property
    def principal_entries(self) -> int:
        return sum(len(t["spec"].get("members", [])) + len(t["spec"].get("roles", [])) for t in self.kind("Team"))


def build_org(shape: OrgShape, seed: int = DEFAULT_SEED) -> GeneratedOrg:
    units = [make_unit(seed, k) for k in range(shape.business_units)]
    files: dict[str, dict[str, Any]] = {}
    namespaces: dict[str, list[str]] = {unit.name: [] for unit in units}
    for index in range(shape.unit_teams):
        unit = units[index % shape.business_units]
        team = unit_team(shape, seed, unit, index)
        files[f"teams/{unit.name}/{team['metadata']['name']}.yaml"] = team
        namespaces[unit.name].extend(_team_namespaces(team))
    for team in platform_teams(seed):
        files[f"teams/platform/{team['metadata']['name']}.yaml"] = team
    for cluster in _clusters(shape, seed, units, namespaces):
        files[f"clusters/{cluster['metadata']['name']}.yaml"] = cluster
    for name in sorted(_granted_roles(files.values())):
        files[f"roles/{name}.yaml"] = roles.role_document(name)
    return GeneratedOrg(dict(sorted(files.items())))


def _team_namespaces(team: dict[str, Any]) -> Iterator[str]:
    seen: set[str] = set()
    for grant in team["spec"]["access"]:
        for namespace in grant.get("namespaces", []):
            if namespace not in seen:
                seen.add(namespace)
                yield namespace


def _clusters(shape: OrgShape, seed: int, units: list[Unit], namespaces: dict[str, list[str]],
              ) -> Iterator[dict[str, Any]]:
    for unit in units:
        yield from unit_clusters(unit, namespaces[unit.name])
    if shape.monolith_every:
        yield monolith_cluster(seed)


def _granted_roles(documents: Any) -> set[str]:
    """Only the permission sets some grant uses: an unused Role document would be a lint warning."""
    return {grant["role"] for doc in documents if doc["kind"] == "Team" for grant in doc["spec"]["access"]
            if roles.declared(grant["role"])}


def write_org(org: GeneratedOrg, out: Path, label: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    header = HEADER.format(label=label)
    for relative, document in org.files.items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(header + dump_document(document), encoding="utf-8")


class _PolicyDumper(yaml.CSafeDumper):
    """Policies as people write them: a list used twice is written out twice, never as an anchor."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_document(document: dict[str, Any]) -> str:
    text: str = yaml.dump(document, Dumper=_PolicyDumper, sort_keys=False, default_flow_style=False, width=4096)
    return text


def generate(size: str, out: Path, seed: int = DEFAULT_SEED) -> GeneratedOrg:
    org = build_org(SIZES[size], seed)
    write_org(org, out, f"size {size}, seed {seed}")
    return org


def describe(org: GeneratedOrg) -> dict[str, int]:
    return {"teams": len(org.kind("Team")), "platform teams": len(PLATFORM_TEAMS),
            "principal entries": org.principal_entries, "clusters": len(org.kind("Cluster")),
            "roles": len(org.kind("Role")), "files": len(org.files)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.splitlines()[0])
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--check", action="store_true", help="compile the result and print its shape")
    args = parser.parse_args(argv)
    org = generate(args.size, args.out, args.seed)
    for key, value in describe(org).items():
        print(f"{key}: {value:,}")
    if args.check:
        from benchmarks.orgstats import print_measured_shape

        return print_measured_shape(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
