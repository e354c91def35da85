"""What a user waits for: whole `authmap` processes, timed from outside (start-up and imports included)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_IMPORT_LINE = re.compile(r"import time:\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\S.*)$")


def authmap_command() -> list[str]:
    """The installed console script beside this interpreter, as pre-commit's venv would have it."""
    script = Path(sys.executable).parent / "authmap"
    return [str(script)] if script.exists() else [sys.executable, "-m", "compiler"]


def wall_seconds(command: list[str], cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def example_lint_seconds() -> float:
    """`authmap lint` in the repository root, as the pre-commit hook runs it (no file names)."""
    return wall_seconds([*authmap_command(), "lint"])


def python_startup_seconds() -> float:
    return wall_seconds([sys.executable, "-c", "pass"])


def cli_import_wall_seconds() -> float:
    """A whole `python -c 'import compiler.cli'`, start-up included (subtract python_startup_seconds)."""
    return wall_seconds([sys.executable, "-c", "import compiler.cli"])


def cli_import_seconds() -> float:
    """Cumulative import time of `compiler.cli`, as `python -X importtime` reports it (its bookkeeping adds some)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import compiler.cli"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    for line in done.stderr.splitlines():
        match = _IMPORT_LINE.search(line)
        if match and match.group(3).strip() == "compiler.cli":
            return int(match.group(2)) / 1e6
    raise RuntimeError("python -X importtime did not report compiler.cli")


def aws_modules_by_stage() -> dict[str, list[str]]:
    """Which AWS SDK modules are loaded after importing the CLI and after each verb (benchmarks.importprobe)."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.importprobe"], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    stages: dict[str, list[str]] = json.loads(done.stdout.splitlines()[-1])
    return stages


@dataclass(frozen=True)
class Refusal:
    exit_code: int
    message: str
    seconds: float


def compile_refusal(policies: Path) -> Refusal:
    """`authmap compile` on an organisation that must not compile; its exit code and what it said."""
    with tempfile.TemporaryDirectory(prefix="authmap-bench-xl-") as temp:
        start = time.perf_counter()
        done = subprocess.run([*authmap_command(), "compile", str(policies), "-o", str(Path(temp) / "out")],
                              cwd=ROOT, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
    return Refusal(done.returncode, done.stderr.strip(), seconds)
