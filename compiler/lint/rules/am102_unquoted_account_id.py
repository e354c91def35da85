"""YAML 1.1 reads `011122223333` as an octal number and `111122223333` as an integer: the account ID
that reaches a tool is not the one written. Account IDs are always quoted strings.

Failing::

    accountID: 011122223333

Passing::

    accountID: "011122223333"

Reported by the validate pass.
"""

from __future__ import annotations

from compiler.lint.diagnostic import Rule, Severity

RULE = Rule(
    code="AM102",
    name="unquoted-account-id",
    summary="an account ID written as a number",
    severity=Severity.ERROR,
    doc=__doc__ or "",
)
