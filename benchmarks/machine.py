"""The machine and software a benchmark ran on, for the header of results.md."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
_LIBRARIES = ("pyyaml", "jsonschema", "ruamel.yaml", "click", "deepdiff")


def _field(path: str, prefix: str) -> str | None:
    """The rest of the first line of `path` that starts with `prefix`, or None (no file, no line)."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.removeprefix(prefix)
    except OSError:
        pass
    return None


def _cpu_model() -> str:
    model = _field("/proc/cpuinfo", "model name")
    return model.split(":", 1)[1].strip() if model else platform.processor() or platform.machine()


def _memory() -> str:
    total = _field("/proc/meminfo", "MemTotal:")
    return f"{int(total.split()[0]) / 1024 / 1024:.1f} GiB" if total else "unknown"


def _os_name() -> str:
    name = _field("/etc/os-release", "PRETTY_NAME=")
    return f"{name.strip(chr(34))}, kernel {platform.release()}" if name else platform.platform()


def _revision() -> str:
    done = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty", "--abbrev=12"],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def _versions() -> str:
    found = []
    for name in _LIBRARIES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def describe_machine() -> dict[str, str]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "CPU": f"{_cpu_model()} ({os.cpu_count()} logical CPUs, {usable} usable)",
        "Memory": _memory(),
        "OS": _os_name(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "PyYAML": f"{yaml.__version__}, " + ("libyaml in use (C loader and dumper)" if yaml.__with_libyaml__
                                              else "libyaml NOT available (pure-Python loader)"),
        "Libraries": _versions(),
        "authmap": f"revision {_revision()}",
    }
