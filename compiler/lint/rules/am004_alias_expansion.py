"""Anchors and aliases may repeat a part of a document, but nested aliases can expand a small file
into billions of nodes (the "billion laughs"); a recursive alias never ends.

Failing::

    a: &a [x, x, x, x, x, x, x, x, x]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]   # ... and so on

Passing::

    common: &developer {role: developer, clusters: [prod-use1]}

Reported by the load pass.
"""

from __future__ import annotations

from compiler.lint.diagnostic import Rule, Severity

RULE = Rule(
    code="AM004",
    name="alias-expansion",
    summary="aliases expand far beyond what is written, or refer to themselves",
    severity=Severity.ERROR,
    doc=__doc__ or "",
)
