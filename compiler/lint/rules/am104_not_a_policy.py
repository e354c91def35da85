"""Every document in the policy directory must be `apiVersion: authmap/v1` with a known kind, so a
stray Kubernetes manifest or a typo in `kind` is not silently skipped.

Failing::

    apiVersion: v1
    kind: ConfigMap

Passing::

    apiVersion: authmap/v1
    kind: Team

Reported by the validate pass.
"""

from __future__ import annotations

from compiler.lint.diagnostic import Rule, Severity

RULE = Rule(
    code="AM104",
    name="not-a-policy",
    summary="a document is not an authmap/v1 policy",
    severity=Severity.ERROR,
    doc=__doc__ or "",
)
