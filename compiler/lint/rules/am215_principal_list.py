"""`members` lists IAM users and `roles` lists IAM roles; a principal in the other list is misfiled.

authmap emits each principal by what its ARN is (a role ARN always goes to `mapRoles`), so this
changes nothing in the output, but a reader of the policy is misled.

Failing::

    members:
      - arn: arn:aws:iam::111122223333:role/deploy

Passing::

    roles:
      - arn: arn:aws:iam::111122223333:role/deploy
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import team_principals
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for _, principal in team_principals(model):
        arn = principal.arn
        if arn is None:
            continue
        if principal.source == "member" and arn.is_role:
            yield ctx.at(RULE, principal.ref, f"{arn.canonical} is a role: list it under roles, not members")
        elif principal.source == "role" and not arn.is_role:
            yield ctx.at(RULE, principal.ref, f"{arn.input} is not a role ({arn.kind}): list it under members")


RULE = Rule(
    code="AM215",
    name="principal-list",
    summary="a role under members, or a user under roles",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
)
