"""No policy nests more than a few levels; very deep nesting is only ever an attack on the parser.

Failing::

    a: [[[[[[[[ ... ]]]]]]]]   # hundreds of levels

Passing::

    a: [[x]]

Reported by the load pass.
"""

from __future__ import annotations

from compiler.lint.diagnostic import Rule, Severity

RULE = Rule(
    code="AM008",
    name="nesting-too-deep",
    summary="nesting deeper than 100 levels",
    severity=Severity.ERROR,
    doc=__doc__ or "",
)
