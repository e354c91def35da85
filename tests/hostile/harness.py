"""Run the CLI on one hostile corpus entry dropped into a copy of the example org."""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.hostile.generated import GENERATED

CORPUS = Path(__file__).parent / "corpus"
MEMORY_LIMIT = 2 * 1024**3
TIME_LIMIT = 60


@dataclass(frozen=True)
class Run:
    verb: str
    exit_code: int
    output: str


def entries() -> list[str]:
    return sorted([p.name for p in CORPUS.iterdir()] + list(GENERATED))


def place(entry: str, policies: Path) -> Path:
    folder = policies / "zz-hostile"
    folder.mkdir()
    if entry in GENERATED:
        GENERATED[entry](folder)
    else:
        shutil.copyfile(CORPUS / entry, folder / entry)
    return folder / entry


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def authmap(*args: str) -> Run:
    done = subprocess.run([sys.executable, "-m", "compiler", *args], capture_output=True, text=True,
                          timeout=TIME_LIMIT, preexec_fn=_limits, check=False)
    return Run(args[0], done.returncode, done.stdout + done.stderr)


def drive(policies: Path, manifests: Path) -> list[Run]:
    """Every verb on one policy directory, in one bounded subprocess."""
    done = subprocess.run([sys.executable, "-m", "tests.hostile.drive", str(policies), str(manifests)],
                          capture_output=True, text=True, timeout=TIME_LIMIT, preexec_fn=_limits, check=False)
    if done.returncode != 0:
        return [Run("driver", done.returncode, done.stdout + done.stderr)]
    return [Run(o["verb"], o["exit"], o["output"]) for o in json.loads(done.stdout)]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
