"""Run `authmap compile` and SIGKILL this very process at its Nth file-system step.

Usage: python kill_at.py N POLICIES OUT   (N = 0 runs to the end and prints the number of steps)
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path
from typing import Any

from compiler import write
from compiler.cli import main

_steps = 0
_kill_at = int(sys.argv[1]) if len(sys.argv) > 1 else 0


def _counted(original: Any) -> Any:
    def step(*args: Any, **kwargs: Any) -> Any:
        global _steps
        _steps += 1
        if _steps == _kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(*args, **kwargs)
    return step


def _instrument() -> None:
    Path.write_bytes = _counted(Path.write_bytes)  # type: ignore[method-assign]
    Path.mkdir = _counted(Path.mkdir)  # type: ignore[method-assign]
    os.rename = _counted(os.rename)
    os.link = _counted(os.link)
    shutil.rmtree = _counted(shutil.rmtree)
    write._exchange = _counted(write._exchange)


if __name__ == "__main__":
    _instrument()
    policies, out = sys.argv[2], sys.argv[3]
    sys.argv = ["authmap", "compile", policies, "-o", out]
    try:
        main()
    finally:
        if _kill_at == 0:
            print(_steps, file=sys.stderr)
