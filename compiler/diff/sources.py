"""BASE and HEAD as policy directories: a path as it is, or a git revision read from git objects.

A revision is exported with `git archive` into a temporary directory; the work tree, the index and
HEAD are never touched. `REV` means the default `policies` folder (relative to the current
directory) at that revision; `REV:PATH` names another folder. A folder that does not exist at that
revision (the base of the pull request that adds the first policies) is compared as no policies.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from compiler.errors import InputError

DEFAULT_POLICIES = "policies"


@contextmanager
def policy_dir(spec: str) -> Iterator[Path]:
    """The policy directory named by `spec`: an existing path, or a git revision exported for the duration."""
    path = Path(spec)
    if path.exists():
        yield path
        return
    revision, _, folder = spec.partition(":")
    with tempfile.TemporaryDirectory(prefix="authmap-diff-") as temp:
        yield _export(revision, folder or DEFAULT_POLICIES, Path(temp))


def _export(revision: str, folder: str, into: Path) -> Path:
    commit = _git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()
    if not commit:
        raise InputError(f"{revision!r} is neither a policy directory nor a git revision")
    prefix = _git("rev-parse", "--show-prefix").strip()
    inside = (Path(prefix) / folder).as_posix() if prefix else folder
    if not _git("ls-tree", "--name-only", commit, "--", inside.rstrip("/")).strip():
        # The revision before a policy repository's first policies: everything in HEAD is new.
        print(f"authmap: note: {inside} does not exist at {revision} ({commit[:12]}); comparing with no policies",
              file=sys.stderr)
        (into / inside).mkdir(parents=True)
        return into / inside
    archive = _git_bytes("archive", "--format=tar", commit, "--", inside,
                         failure=f"{inside!r} does not exist at {revision} ({commit[:12]})")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / inside


def _git(*args: str) -> str:
    return _git_bytes(*args, failure=None).decode("utf-8", "replace")


def _git_bytes(*args: str, failure: str | None) -> bytes:
    try:
        done = subprocess.run(["git", *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise InputError("git is not installed, so a revision cannot be read; give a policy directory") from None
    if done.returncode != 0:
        if failure is None and args[:2] == ("rev-parse", "--verify"):
            return b""
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(failure or f"git {' '.join(args)} failed: {detail[-1] if detail else done.returncode}")
    return done.stdout
