"""A policy file over 16 MiB is far beyond any real organisation's need and is refused before it is
read, so a hostile file cannot exhaust memory.

Failing: a 20 MiB `teams/all.yaml`.

Passing: the same teams split across several files.

Reported by the load pass.
"""

from __future__ import annotations

from compiler.lint.diagnostic import Rule, Severity

RULE = Rule(
    code="AM005",
    name="file-too-large",
    summary="the file is over the size limit",
    severity=Severity.ERROR,
    doc=__doc__ or "",
)
