"""Creating `serviceaccounts/token` mints a token for a service account, and so acts with all of its
permissions.

Failing::

    rules:
      - {apiGroups: [""], resources: [serviceaccounts/token], verbs: [create]}

Passing::

    rules:
      - {apiGroups: [""], resources: [serviceaccounts], verbs: [get, list]}
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import risk
from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import rules_where
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for role, ref in rules_where(model, risk.mints_tokens):
        yield ctx.at(RULE, ref, f"role {role.name} creates serviceaccounts/token: "
                                f"the holder can act as any service account in scope")


RULE = Rule(
    code="AM310",
    name="serviceaccount-token",
    summary="a rule that mints service account tokens",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
)
