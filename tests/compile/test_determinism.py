"""The same policies give byte-identical manifests under any hash seed, from any directory.

Twenty compiles run as separate interpreters, each with its own random PYTHONHASHSEED (set and
dict iteration orders differ between them), two at a time.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.conftest import EXAMPLE_POLICIES

RUNS = 20


def compile_in_subprocess(out: Path, seed: int, cwd: Path) -> dict[str, bytes]:
    cwd.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    subprocess.run([sys.executable, "-m", "compiler", "compile", str(EXAMPLE_POLICIES), "-o", str(out)],
                   check=True, env=env, cwd=cwd, capture_output=True)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_twenty_compiles_under_random_hash_seeds_are_byte_identical(tmp_path: Path) -> None:
    seeds = random.Random().sample(range(1, 2**32 - 1), RUNS)
    with ThreadPoolExecutor(max_workers=2) as pool:
        trees = list(pool.map(lambda i: compile_in_subprocess(tmp_path / f"out{i}", seeds[i], tmp_path / f"cwd{i}"),
                              range(RUNS)))
    assert len(trees[0]) > 20
    for seed, tree in zip(seeds, trees, strict=True):
        assert tree == trees[0], f"PYTHONHASHSEED={seed} gave different bytes than PYTHONHASHSEED={seeds[0]}"
