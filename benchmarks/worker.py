"""One measured operation in a fresh process: `python -m benchmarks.worker OP ARG...`.

A fresh process per run keeps one run's heap, caches and garbage out of the next, and makes the
process's peak resident memory the peak of that operation. The figures are printed as one JSON
line on stdout.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path
from typing import Any

from benchmarks.ops import OPERATIONS


def _arguments(op: str, raw: list[str]) -> list[Any]:
    if op == "can-i":
        return [Path(raw[0]), int(raw[1]), int(raw[2])]
    return [Path(value) for value in raw]


def _peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def main(argv: list[str]) -> int:
    op, raw = argv[0], argv[1:]
    before = _peak_rss_kib()
    figures = OPERATIONS[op](*_arguments(op, raw))
    figures |= {"peak_rss_kib": _peak_rss_kib(), "rss_before_kib": before}
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
