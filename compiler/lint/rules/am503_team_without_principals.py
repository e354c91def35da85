"""A team with grants but no members or roles: the grants reach nobody.

Failing::

    spec:
      access: [{clusters: [prod-use1], namespaces: [payments], role: developer}]

Passing::

    spec:
      roles: [{arn: arn:aws:iam::111122223333:role/payments-dev}]
      access: [{clusters: [prod-use1], namespaces: [payments], role: developer}]
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for team in model.teams.values():
        if not team.principals:
            yield ctx.at(RULE, team.ref.child("metadata", "name"),
                         f"team {team.name} lists no members or roles: its grants reach nobody")


RULE = Rule(
    code="AM503",
    name="team-without-principals",
    summary="a team with no members and no roles",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
)
