"""results.md: the machine, the targets with their verdicts, and every figure behind them."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.figures import SizeRun, Target, WallRun, refusal_target, size_targets, wall_targets
from benchmarks.wall import Refusal

# The performance work behind the figures (what was measured before, what changed, what a missed
# target costs and why), kept by hand and carried into every results.md.
HISTORY = Path(__file__).with_name("history.md")


@dataclass(frozen=True)
class Results:
    command: str
    date: str
    seed: int
    machine: dict[str, str]
    sizes: list[SizeRun]
    wall: WallRun
    refusal: Refusal | None


def render(results: Results) -> str:
    parts = [_header(results), _machine(results.machine), _targets(results), _organisations(results.sizes),
             _all_figures(results.sizes), _pre_commit(results.wall)]
    if results.refusal is not None:
        parts.append(_refusal(results.refusal))
    if HISTORY.exists():
        parts.append(HISTORY.read_text(encoding="utf-8"))
    parts.append(_definitions())
    return "\n".join(parts)


def _header(results: Results) -> str:
    repeats = ", ".join(f"{run.size} x{len(run.runs['compile'])}" for run in results.sizes)
    return (f"# authmap benchmarks\n\nRecorded {results.date} with `{results.command}` (seed {results.seed}; "
            f"runs per figure: {repeats}; each figure is the median, with the fastest and slowest run in "
            "brackets). Regenerate with the same command; the definitions are at the end.\n")


def _machine(machine: dict[str, str]) -> str:
    return "## Machine\n\n" + "".join(f"- {key}: {value}\n" for key, value in machine.items())


def _targets(results: Results) -> str:
    judged = results.sizes[-1]
    found = size_targets(judged) + wall_targets(results.wall)
    if results.refusal is not None:
        found.append(refusal_target(results.refusal))
    return (f"## Targets\n\nJudged on size {judged.size} (the issue's targets are for L).\n\n"
            + _table(["target", "measured", "limit", "verdict"],
                     [[t.name, t.figure, t.limit, t.verdict] for t in found]) + _tally(found))


def _tally(found: list[Target]) -> str:
    met = sum(t.met for t in found)
    return f"\n{met} of {len(found)} targets met.\n"


def _organisations(sizes: list[SizeRun]) -> str:
    rows = []
    for run in sizes:
        shape = run.shape
        per_cluster = shape["mappings_per_cluster"]
        path, size = shape["biggest_configmap"]
        rows.append([run.size, f"{shape['teams']:,}", f"{shape['principal_entries']:,}",
                     f"{shape['distinct_principals']:,}", f"{shape['clusters']:,}",
                     f"{sum(per_cluster) / len(per_cluster):,.0f} / {max(per_cluster):,}",
                     f"{size:,} B ({size / 1048576:.0%} of 1 MiB), {path}",
                     f"{run.input_files:,} files, {run.input_bytes / 1048576:.1f} MiB",
                     f"{shape['files_written']:,}"])
    return "## Organisations\n\n" + _table(
        ["size", "teams", "principal entries", "distinct principals", "clusters", "principals per cluster (mean / max)",
         "biggest ConfigMap data", "input", "manifest files"], rows)


def _all_figures(sizes: list[SizeRun]) -> str:
    rows = [[label, *(render_cell(run) for run in sizes)] for label, render_cell in _FIGURE_ROWS]
    return "## All figures\n\n" + _table(["figure", *(run.size for run in sizes)], rows)


def _seconds(op: str, key: str = "seconds") -> Callable[[SizeRun], str]:
    def cell(run: SizeRun) -> str:
        values = run.values(op, key)
        return f"{statistics.median(values):.3f} s ({min(values):.3f}-{max(values):.3f})"
    return cell


def _ratio(numerator: str, denominator: Callable[[SizeRun], float]) -> Callable[[SizeRun], str]:
    return lambda run: f"{run.median(numerator) / denominator(run):.2f}x"


def _rate(run: SizeRun) -> str:
    values = run.values("can-i", "answers_per_second")
    return f"{statistics.median(values):,.0f} /s ({min(values):,.0f}-{max(values):,.0f})"


def _can_i_mix(run: SizeRun) -> str:
    last = run.runs["can-i"][-1]
    return (f"{last['questions']:,} questions, {last['allowed'] / last['questions']:.0%} allowed, "
            f"{last['identities']:,} identities, {last['objects']:,} objects")


def _peak(op: str) -> Callable[[SizeRun], str]:
    return lambda run: f"{run.peak_mib(op):,.0f} MiB"


_FIGURE_ROWS: list[tuple[str, Callable[[SizeRun], str]]] = [
    ("floor: C loader, every input file", _seconds("load")),
    ("floor: C dumper, every compiled object", _seconds("dump")),
    ("floor (loader + dumper)", lambda run: f"{run.floor:.3f} s"),
    ("C composer, every input file", _seconds("compose")),
    ("lint (`lint_path`)", _seconds("lint")),
    ("lint ÷ C composer (target ≤ 2x)", _ratio("lint", lambda run: run.median("compose"))),
    ("compile in memory (`compile_path`)", _seconds("compile")),
    ("compile ÷ floor (target ≤ 3x)", _ratio("compile", lambda run: run.floor)),
    ("write the manifests tree (`write_tree`)", _seconds("compile", "write_seconds")),
    ("diff against 1 % of teams changed", _seconds("diff")),
    ("diff ÷ compile (target ≤ 1.5x)", _ratio("diff", lambda run: run.median("compile"))),
    ("verifier: `Authorizer.from_objects`, biggest cluster", _seconds("can-i", "load_seconds")),
    ("verifier: can-i answers per second (target ≥ 100,000)", _rate),
    ("verifier: question mix", _can_i_mix),
    ("peak memory (RSS): lint", _peak("lint")),
    ("peak memory (RSS): compile and write", _peak("compile")),
    ("peak memory (RSS): diff", _peak("diff")),
    ("peak memory (RSS): can-i", _peak("can-i")),
]


def _pre_commit(wall: WallRun) -> str:
    def cell(values: list[float]) -> str:
        return f"{statistics.median(values):.3f} s ({min(values):.3f}-{max(values):.3f})"

    rows = [["`authmap lint` on the example org, whole process (target ≤ 0.3 s)", cell(wall.example_lint)],
            ["`python -c 'import compiler.cli'`, whole process", cell(wall.cli_import_wall)],
            ["interpreter start-up alone (`python -c pass`)", cell(wall.python_startup)],
            ["CLI import time (the two above subtracted, medians)",
             f"{statistics.median(wall.cli_import_wall) - statistics.median(wall.python_startup):.3f} s"],
            ["`import compiler.cli` as `python -X importtime` reports it (cumulative, instrumented)",
             cell(wall.cli_import)]]
    rows += [[f"AWS SDK modules loaded after {stage}", ", ".join(mods) or "none"]
             for stage, mods in wall.aws_modules.items()]
    return "## Pre-commit path\n\n" + _table(["figure", "measured"], rows)


def _refusal(refusal: Refusal) -> str:
    return (f"## At the limit: XL\n\n`authmap compile` on the XL organisation (L plus one monolith cluster) exited "
            f"{refusal.exit_code} after {refusal.seconds:.1f} s and said:\n\n```text\n{refusal.message}\n```\n")


def _definitions() -> str:
    return """## Definitions

- **Organisations** are generated by `python -m benchmarks.generate SIZE DIR` (see `benchmarks/shapes.py`);
  principals per cluster are the entries of its aws-auth (or authenticator) mapping, node roles included.
- **floor**: reading and parsing every input file with PyYAML's C loader (`yaml.load_all`, `CSafeLoader`),
  plus dumping every compiled object with the C dumper (`CSafeDumper`; the objects are parsed back from the
  written manifests before the timer starts). No compiler can do less than this with PyYAML.
- **C composer**: reading every input file and composing its node tree (`yaml.compose_all`, `CSafeLoader`),
  which is what lint's loader starts from (node marks give file:line:col).
- **lint**, **compile**, **diff** are the library calls `lint_path`, `compile_path` and
  `compiler.diff.report.diff`, each timed around the call in a fresh process (imports excluded); the process's
  peak resident memory is reported with it. The write of the manifests tree is timed apart from compile.
- **can-i**: one cluster's written manifests (the one with the biggest aws-auth) are loaded into
  `Authorizer.from_objects(objects, builtins=True)`; then every identity of its aws-auth asks a mix of
  questions (own namespaces, other namespaces, cluster-wide, non-resource URLs) and `authorize` is timed.
- **Pre-commit path** figures time whole processes from outside, interpreter start-up included.
"""


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
