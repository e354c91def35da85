"""A lint rule failed with an internal error: a bug in authmap, never in the policy.

The run goes on with the other rules; the message names the rule that failed. Please report it.

Reported by the lint engine.
"""

from __future__ import annotations

from compiler.lint.diagnostic import Rule, Severity

RULE = Rule(
    code="AM900",
    name="internal-error",
    summary="a lint rule crashed (a bug in authmap)",
    severity=Severity.ERROR,
    doc=__doc__ or "",
)
