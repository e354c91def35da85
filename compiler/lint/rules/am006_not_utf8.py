"""Policy files are UTF-8 (a UTF-8 byte-order mark is tolerated); other encodings make ARNs and names
compare differently across tools.

Failing: a file saved as UTF-16 or Latin-1.

Passing: the same file saved as UTF-8.

Reported by the load pass.
"""

from __future__ import annotations

from compiler.lint.diagnostic import Rule, Severity

RULE = Rule(
    code="AM006",
    name="not-utf8",
    summary="the file is not UTF-8",
    severity=Severity.ERROR,
    doc=__doc__ or "",
)
