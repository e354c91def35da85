"""Generated organisations kept under benchmarks/.cache/, keyed by size, seed and the generator's source.

Keying by the generator's own source means an edited generator never reuses a stale organisation.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

from benchmarks.generate import generate
from benchmarks.mutate import mutate

CACHE = Path(__file__).resolve().parent / ".cache"
_GENERATOR_MODULES = ("shapes", "units", "teams", "platform", "roles", "generate", "mutate")
MUTATED_PERCENT = 1.0


def generator_version() -> str:
    digest = hashlib.sha256()
    for module in _GENERATOR_MODULES:
        digest.update((Path(__file__).parent / f"{module}.py").read_bytes())
    return digest.hexdigest()[:12]


def org_dir(size: str, seed: int) -> Path:
    """The organisation of `size` and `seed`, generated on first use."""
    target = CACHE / f"{size}-seed{seed}-{generator_version()}"
    if not target.is_dir():
        _build(target, lambda staging: generate(size, staging, seed))
    return target


def mutated_dir(size: str, seed: int) -> Path:
    """The same organisation with 1 % of its teams changed, as the diff benchmark's HEAD."""
    base = org_dir(size, seed)
    target = base.with_name(base.name + "-mutated")
    if not target.is_dir():
        _build(target, lambda staging: mutate(base, staging, MUTATED_PERCENT, seed))
    return target


def _build(target: Path, write: Callable[[Path], object]) -> None:
    """Write into a staging folder, then rename: an interrupted run never leaves half an organisation."""
    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    write(staging)
    staging.rename(target)
