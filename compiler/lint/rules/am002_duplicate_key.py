"""YAML readers disagree on which of two equal keys wins (PyYAML keeps the last, others refuse), so a
repeated key silently changes what a policy means depending on the tool reading it.

Failing::

    metadata: {name: payments, name: search}

Passing::

    metadata: {name: payments}

Reported by the load pass.
"""

from __future__ import annotations

from compiler.lint.diagnostic import Rule, Severity

RULE = Rule(
    code="AM002",
    name="duplicate-key",
    summary="a mapping repeats a key",
    severity=Severity.ERROR,
    doc=__doc__ or "",
)
