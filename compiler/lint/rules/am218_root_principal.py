"""Mapping an account's root user gives cluster access to credentials that should never be used.

Root credentials cannot be scoped or rotated per person; use a role.

Failing::

    members: [{arn: "arn:aws:iam::111122223333:root"}]

Passing::

    roles: [{arn: arn:aws:iam::111122223333:role/break-glass}]
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import team_principals
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for _, principal in team_principals(model):
        if principal.arn is not None and principal.arn.kind == "root":
            yield ctx.at(RULE, principal.ref, f"{principal.arn.input} is the account's root user; map a role "
                                              "that people assume instead")


RULE = Rule(
    code="AM218",
    name="root-principal",
    summary="an account root user mapped",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
)
