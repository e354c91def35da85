"""Pass 6, write: the manifests directory replaced as a whole, or compared with what it should be.

The new tree is built in a sibling directory (same filesystem), then exchanged with the old one
in a single `renameat2(RENAME_EXCHANGE)`: a crash at any moment leaves the old tree or the new
one, never a mix. Files authmap did not write (a README, a hand-made overlay) are carried into
the new tree; files it wrote earlier and no longer produces are left behind. What it owns is
recorded in `.authmap-owned` inside the directory. Concurrent compiles into the same place are
serialized with a lock on the parent directory.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from compiler.errors import InputError

OWNED_RECORD = ".authmap-owned"
_STAGING = ".authmap-new-"
_RETIRED = ".authmap-old-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@dataclass(frozen=True)
class Drift:
    drifted: tuple[str, ...]
    missing: tuple[str, ...]
    extra: tuple[str, ...]

    @property
    def clean(self) -> bool:
        return not (self.drifted or self.missing or self.extra)


def with_record(tree: Mapping[str, str]) -> dict[str, str]:
    """The tree plus the ownership record that lists it."""
    record = json.dumps({"generator": "authmap", "files": sorted(tree)}, indent=2) + "\n"
    return {**tree, OWNED_RECORD: record}


def check_tree(out: Path, tree: Mapping[str, str]) -> Drift:
    """What differs between `out` and `tree`, writing nothing."""
    expected = with_record(tree)
    drifted, missing = [], []
    for relative, text in sorted(expected.items()):
        path = out / relative
        if not path.is_file():
            missing.append(relative)
        elif path.read_bytes() != text.encode():
            drifted.append(relative)
    extra = sorted(p for p in owned_files(out) if p not in expected and (out / p).exists())
    return Drift(tuple(drifted), tuple(missing), tuple(extra))


def owned_files(out: Path) -> set[str]:
    record = out / OWNED_RECORD
    if not record.is_file():
        return set()
    try:
        files = json.loads(record.read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise InputError(f"the ownership record is damaged; restore it from git (or delete it, and authmap will "
                         f"treat every file in {out} as not its own)", str(record)) from None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise InputError("the ownership record is damaged: 'files' must be a list of paths", str(record))
    return {f for f in files if _is_inside(f)}


def _is_inside(relative: str) -> bool:
    parts = Path(relative).parts
    return bool(parts) and not Path(relative).is_absolute() and ".." not in parts


def write_tree(out: Path, tree: Mapping[str, str]) -> None:
    """Replace the authmap-owned part of `out` with `tree`, atomically.

    A directory that cannot be written (permissions, a read-only or full file system) is a usage
    error: the staging copy is removed and the previous tree, which was never touched, stays.
    """
    out = out.absolute()
    try:
        _write_tree(out, tree)
    except OSError as err:
        where = f" ({err.filename})" if err.filename else ""
        kept = "the previous manifests are unchanged" if out.is_dir() else "nothing was written"
        raise InputError(f"cannot write the manifests into {out}: {err.strerror or err}{where}; {kept}") from None


def _write_tree(out: Path, tree: Mapping[str, str]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with _locked(out.parent):
        _recover(out)
        if out.exists() and not out.is_dir():
            raise InputError(f"{out} exists and is not a directory; choose another output directory with -o")
        owned = owned_files(out) if out.is_dir() else set()
        _refuse_foreign_collisions(out, tree, owned)
        staging = _staging_dir(out)
        try:
            _build(staging, out, with_record(tree), owned)
            _swap_in(staging, out)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
            raise


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"authmap: waiting for another compile into {folder} to finish", file=sys.stderr)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _recover(out: Path) -> None:
    """Finish what a killed compile left: restore a retired tree if the swap fallback was cut short."""
    retired = sorted(out.parent.glob(f".{out.name}{_RETIRED}*"))
    if not out.exists() and retired:
        os.rename(retired[-1], out)
        retired = retired[:-1]
    for leftover in [*retired, *out.parent.glob(f".{out.name}{_STAGING}*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def _refuse_foreign_collisions(out: Path, tree: Mapping[str, str], owned: set[str]) -> None:
    folders = {parent for relative in tree for parent in Path(relative).parents if parent != Path(".")}
    for folder in sorted(folders):
        if (out / folder).exists() and not (out / folder).is_dir():
            raise InputError(f"{out / folder} is a file where authmap writes a folder; move it away")
    for relative in sorted(tree):
        if relative not in owned and (out / relative).exists():
            raise InputError(f"{out / relative} exists but was not written by authmap; move it away (authmap never "
                             "overwrites a file it did not write)")


def _staging_dir(out: Path) -> Path:
    staging = out.parent / f".{out.name}{_STAGING}{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    return staging


def _build(staging: Path, out: Path, files: Mapping[str, str], owned: set[str]) -> None:
    for relative, text in files.items():
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode())
    if out.is_dir():
        _carry_foreign(out, staging, owned | {OWNED_RECORD})


def _carry_foreign(out: Path, staging: Path, owned: set[str]) -> None:
    """Files authmap did not write move into the new tree unchanged (hard links, so nothing is copied)."""
    for folder, dirs, files in os.walk(out):
        base = Path(folder)
        for name in dirs:
            (staging / (base / name).relative_to(out)).mkdir(parents=True, exist_ok=True)
        for name in files:
            relative = (base / name).relative_to(out)
            if relative.as_posix() not in owned:
                _link_or_copy(base / name, staging / relative)


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)
        return
    retired = out.parent / f".{out.name}{_RETIRED}{os.getpid()}"
    os.rename(out, retired)
    try:
        os.rename(staging, out)
    except OSError:
        os.rename(retired, out)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically exchange two directories (Linux renameat2); False where the system cannot."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(second))


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)
