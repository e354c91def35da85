"""Measured runs, their medians, and the targets of the performance issue judged against them."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Any

from benchmarks.wall import Refusal

Figures = dict[str, Any]
CONFIGMAP_LIMIT = 1024 * 1024


@dataclass
class SizeRun:
    """Every repetition of every operation on one organisation size."""

    size: str
    input_files: int
    input_bytes: int
    runs: dict[str, list[Figures]] = field(default_factory=dict)

    def values(self, op: str, key: str = "seconds") -> list[float]:
        return [float(run[key]) for run in self.runs.get(op, [])]

    def median(self, op: str, key: str = "seconds") -> float:
        return statistics.median(self.values(op, key))

    def peak_mib(self, op: str) -> float:
        return max(self.values(op, "peak_rss_kib")) / 1024

    @property
    def floor(self) -> float:
        """Loading the inputs plus dumping the outputs with libyaml: what any compiler must at least spend."""
        return self.median("load") + self.median("dump")

    @property
    def shape(self) -> Figures:
        shape: Figures = self.runs["compile"][0]["shape"]
        return shape


@dataclass
class WallRun:
    """Whole-process timings of the pre-commit path (seconds, one entry per repetition)."""

    example_lint: list[float]
    python_startup: list[float]
    cli_import_wall: list[float]
    cli_import: list[float]
    aws_modules: dict[str, list[str]]


@dataclass(frozen=True)
class Target:
    name: str
    figure: str
    limit: str
    met: bool

    @property
    def verdict(self) -> str:
        return "met" if self.met else "**missed**"


def size_targets(run: SizeRun) -> list[Target]:
    compile_s, floor = run.median("compile"), run.floor
    lint_s, compose_s, diff_s = run.median("lint"), run.median("compose"), run.median("diff")
    answers = run.median("can-i", "answers_per_second")
    s = run.size
    return [
        Target(f"compile {s} ≤ 3x the floor", f"{compile_s:.2f} s = {compile_s / floor:.1f}x ({floor:.3f} s)",
               "≤ 3x", compile_s <= 3 * floor),
        Target(f"lint {s} ≤ 2x the C composer", f"{lint_s:.2f} s = {lint_s / compose_s:.1f}x ({compose_s:.3f} s)",
               "≤ 2x", lint_s <= 2 * compose_s),
        Target(f"diff {s} (1 % of teams changed) ≤ 1.5x one compile",
               f"{diff_s:.2f} s = {diff_s / compile_s:.2f}x ({compile_s:.2f} s)", "≤ 1.5x", diff_s <= 1.5 * compile_s),
        Target(f"can-i answers per second ({s}, one cluster, after load)", f"{answers:,.0f} /s", "≥ 100,000 /s",
               answers >= 100_000),
    ]


def wall_targets(wall: WallRun) -> list[Target]:
    lint_s = statistics.median(wall.example_lint)
    loaded = sorted({m for modules in wall.aws_modules.values() for m in modules})
    return [
        Target("example-org `authmap lint` wall time (pre-commit)", f"{lint_s:.3f} s", "≤ 0.3 s", lint_s <= 0.3),
        Target("boto3 not imported by import, lint, compile, diff",
               "imported: " + ", ".join(loaded) if loaded else "not imported", "not imported", not loaded),
    ]


def refusal_target(refusal: Refusal) -> Target:
    text = refusal.message
    named = ("aws-auth" in text and "1,048,576" in text and "contributors" in text
             and _names_size_over_limit(text))
    verdict = "names the size, the limit and the biggest contributors" if named else "message incomplete"
    return Target("XL cluster fails compile with a clear message", f"exit {refusal.exit_code}; {verdict}",
                  "exit 1 + size, limit, contributors", refusal.exit_code == 1 and named)


def _names_size_over_limit(text: str) -> bool:
    numbers = re.findall(r"\d{1,3}(?:,\d{3})+|\d{7,}", text)
    return any(int(n.replace(",", "")) > CONFIGMAP_LIMIT for n in numbers)
