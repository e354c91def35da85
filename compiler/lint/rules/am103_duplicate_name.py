"""Names are how grants refer to clusters and roles and how teams become groups; two documents with
the same kind and name would silently shadow each other.

Failing: `teams/a.yaml` and `teams/b.yaml` both with `kind: Team`, `metadata.name: payments`.

Passing: distinct names.

Reported by the normalize pass.
"""

from __future__ import annotations

from compiler.lint.diagnostic import Rule, Severity

RULE = Rule(
    code="AM103",
    name="duplicate-name",
    summary="two documents of the same kind share a name",
    severity=Severity.ERROR,
    doc=__doc__ or "",
)
