"""The code is held to ruff and mypy --strict by the test command, so CI enforces them too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          check=False)


def test_ruff_finds_nothing() -> None:
    proc = _run("ruff", "check", "--no-cache", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict_finds_nothing_in_the_package_and_the_benchmarks() -> None:
    proc = _run("mypy", "--cache-dir", "/dev/null", "compiler", "benchmarks")
    assert proc.returncode == 0, proc.stdout + proc.stderr
