"""IAM groups are not principals: nobody authenticates as a group, so a group ARN maps nobody.

Map an IAM role that the group's members may assume, or list the users.

Failing::

    members:
      - arn: arn:aws:iam::111122223333:group/developers

Passing::

    roles:
      - arn: arn:aws:iam::111122223333:role/developers
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import all_principals
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for principal in all_principals(model):
        if principal.arn_error is not None and principal.arn_error.kind == "group":
            yield ctx.at(RULE, principal.ref, principal.arn_error.message)


RULE = Rule(
    code="AM205",
    name="iam-group-arn",
    summary="an IAM group ARN, which is not a principal",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
)
