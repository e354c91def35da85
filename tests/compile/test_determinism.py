"""The same policies give byte-identical manifests whatever the hash seed, directory or run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE_POLICIES


def compile_in_subprocess(out: Path, seed: str, cwd: Path) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-m", "compiler", "compile", str(EXAMPLE_POLICIES), "-o", str(out)],
                   check=True, env=env, cwd=cwd, capture_output=True)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_two_compiles_under_different_hash_seeds_are_identical(tmp_path: Path) -> None:
    first = compile_in_subprocess(tmp_path / "one", "1", tmp_path)
    (tmp_path / "elsewhere").mkdir()
    second = compile_in_subprocess(tmp_path / "two", "4242", tmp_path / "elsewhere")
    assert first == second
    assert len(first) > 20
