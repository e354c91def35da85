"""The benchmark suite in one run: `python -m benchmarks.run [--sizes S,M,L] [--repeat N] [--out FILE]`.

For each size: generate the organisation (cached in benchmarks/.cache/), then time the floor,
the C composer, lint, compile (and the write), diff against 1 % of teams changed, and can-i
throughput, each in fresh processes, several times. Then the pre-commit path (whole `authmap`
processes) and the XL refusal. Writes results.md with the machine, every figure and the targets.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import wall
from benchmarks.cache import mutated_dir, org_dir
from benchmarks.figures import Figures, SizeRun, WallRun
from benchmarks.generate import DEFAULT_SEED
from benchmarks.machine import describe_machine
from benchmarks.ops import policy_files
from benchmarks.report import Results, render

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REPEATS = {"S": 5, "M": 5, "L": 3}


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def worker(op: str, *args: object) -> Figures:
    done = subprocess.run([sys.executable, "-m", "benchmarks.worker", op, *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark worker {op} failed:\n{done.stderr}")
    figures: Figures = json.loads(done.stdout.splitlines()[-1])
    return figures


def repeated(run: SizeRun, repeat: int, op: str, *args: object) -> None:
    run.runs[op] = []
    for attempt in range(repeat):
        figures = worker(op, *args)
        run.runs[op].append(figures)
        log(f"{run.size} {op} {attempt + 1}/{repeat}: {figures['seconds']:.3f} s")


def measure_size(size: str, seed: int, repeat: int, questions: int, work: Path) -> SizeRun:
    log(f"{size}: preparing the organisation and its 1 % change")
    base, head = org_dir(size, seed), mutated_dir(size, seed)
    files = policy_files(base)
    run = SizeRun(size, len(files), sum(p.stat().st_size for p in files))
    manifests = _compile_runs(run, repeat, base, work / size)
    if not run.runs["compile"][0]["ok"]:
        raise RuntimeError(f"the generated {size} organisation does not compile")
    repeated(run, repeat, "load", base)
    repeated(run, repeat, "dump", manifests)
    repeated(run, repeat, "compose", base)
    repeated(run, repeat, "lint", base)
    repeated(run, repeat, "diff", base, head)
    repeated(run, repeat, "can-i", _biggest_aws_auth_cluster(manifests), questions, seed)
    return run


def _compile_runs(run: SizeRun, repeat: int, policies: Path, work: Path) -> Path:
    """Every compile writes into an empty directory, so each write does the same work; the first is kept."""
    run.runs["compile"] = []
    for attempt in range(repeat):
        out = work / f"manifests-{attempt}"
        figures = worker("compile", policies, out)
        run.runs["compile"].append(figures)
        log(f"{run.size} compile {attempt + 1}/{repeat}: {figures['seconds']:.3f} s")
        if attempt:
            shutil.rmtree(out)
    return work / "manifests-0"


def _biggest_aws_auth_cluster(manifests: Path) -> Path:
    biggest = max(manifests.glob("*/aws-auth.yaml"), key=lambda p: p.stat().st_size)
    return biggest.parent


def measure_wall(repeat: int) -> WallRun:
    log("pre-commit path: example-org lint, CLI import time, AWS SDK imports")
    return WallRun([wall.example_lint_seconds() for _ in range(repeat)],
                   [wall.python_startup_seconds() for _ in range(repeat)],
                   [wall.cli_import_wall_seconds() for _ in range(repeat)],
                   [wall.cli_import_seconds() for _ in range(repeat)],
                   wall.aws_modules_by_stage())


def measure_refusal(seed: int) -> wall.Refusal:
    log("XL: generating, then `authmap compile`, which must refuse")
    refusal = wall.compile_refusal(org_dir("XL", seed))
    log(f"XL compile exited {refusal.exit_code} after {refusal.seconds:.1f} s")
    return refusal


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="S,M,L", help="comma-separated sizes, smallest first (default S,M,L)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs per figure (default: 5 for S and M, 3 for L)")
    parser.add_argument("--wall-repeat", type=int, default=10, help="runs per whole-process figure (default 10)")
    parser.add_argument("--questions", type=int, default=100_000, help="can-i questions per run (default 100,000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--skip-xl", action="store_true", help="do not compile the XL organisation")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    command = shlex.join(["python", "-m", "benchmarks.run", *(sys.argv[1:] if argv is None else argv)])
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="authmap-bench-") as temp:
        runs = [measure_size(size, args.seed, args.repeat or DEFAULT_REPEATS.get(size, 3), args.questions,
                             Path(temp)) for size in sizes]
    wall_run = measure_wall(args.wall_repeat)
    refusal = None if args.skip_xl else measure_refusal(args.seed)
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    results = Results(command, date, args.seed, describe_machine(), runs, wall_run, refusal)
    args.out.write_text(render(results), encoding="utf-8")
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
