"""What authmap makes of a generated organisation: its measured shape, from a real compile."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from compiler.compile import Compiled, compile_path


@dataclass(frozen=True)
class OrgStats:
    teams: int
    principal_entries: int
    distinct_principals: int
    clusters: int
    mappings_per_cluster: tuple[int, ...]
    biggest_configmap: tuple[str, int]
    diagnostics: dict[str, int]  # severity -> count
    files_written: int
    compiled_ok: bool

    @property
    def mean_mappings(self) -> float:
        return sum(self.mappings_per_cluster) / max(1, len(self.mappings_per_cluster))


def org_stats(compiled: Compiled) -> OrgStats:
    model = compiled.lint.model
    principals = [p for team in model.teams.values() for p in team.principals]
    distinct = {p.arn.match_key for p in principals if p.arn is not None}
    per_cluster = tuple(len(plan.role_mappings) + len(plan.user_mappings) for plan in compiled.plans)
    sizes = [(size.path, size.bytes) for size in compiled.sizes]
    severities = Counter(d.severity.value for d in compiled.lint.diagnostics)
    return OrgStats(len(model.teams), len(principals), len(distinct), len(model.clusters), per_cluster,
                    max(sizes, key=lambda s: s[1], default=("", 0)), dict(severities), len(compiled.tree),
                    compiled.ok)


def stats_lines(stats: OrgStats) -> list[str]:
    path, size = stats.biggest_configmap
    per_cluster = stats.mappings_per_cluster or (0,)
    return [
        f"teams: {stats.teams:,}",
        f"principal entries (as written): {stats.principal_entries:,}",
        f"distinct principals (normalized): {stats.distinct_principals:,}",
        f"clusters: {stats.clusters:,}",
        f"principals mapped per cluster: mean {stats.mean_mappings:,.0f}, min {min(per_cluster):,}, "
        f"max {max(per_cluster):,}",
        f"biggest ConfigMap: {path} with {size:,} bytes of data ({size / 1024 / 1024:.0%} of 1 MiB)",
        "lint: " + (", ".join(f"{n:,} {sev}" for sev, n in sorted(stats.diagnostics.items())) or "clean"),
        f"compiled: {'yes' if stats.compiled_ok else 'no'}, {stats.files_written:,} files",
    ]


def print_measured_shape(policies: Path) -> int:
    compiled = compile_path(policies)
    for line in stats_lines(org_stats(compiled)):
        print(line)
    for refusal in compiled.refusals:
        print(f"refused: {refusal.message}")
    return 0 if compiled.ok else 1
