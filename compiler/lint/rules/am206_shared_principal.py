"""A principal listed more than once (after normalization) becomes one mapping entry.

`aws-auth` keys role entries by the lower-cased ARN and a later duplicate silently replaces an
earlier one, groups and all; user entries that differ only in case coexist and which one wins is
undefined. authmap therefore emits exactly one entry per principal carrying the union of the groups
of every team that lists it, and reports each repeat so reviewers know the teams share it.

Reported (two teams, one role written in two ways)::

    # teams/payments.yaml
    roles: [{arn: arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Eng_1}]
    # teams/search.yaml
    roles: [{arn: arn:aws:iam::111122223333:role/awsreservedsso_eng_1}]

Not reported: each principal listed once.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import team_principals
from compiler.model import Model, Principal, Team


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    first: dict[str, tuple[Team, Principal]] = {}
    for team, principal in team_principals(model):
        if principal.arn is None:
            continue
        key = principal.arn.match_key
        if key not in first:
            first[key] = (team, principal)
            continue
        earlier_team, earlier = first[key]
        line, _ = earlier.ref.document.locate(earlier.ref.path)
        yield ctx.at(RULE, principal.ref,
                     f"{principal.arn.canonical} is also listed by team {earlier_team.name} "
                     f"({earlier.ref.file}:{line}): one mapping entry carries the groups of both")


RULE = Rule(
    code="AM206",
    name="shared-principal",
    summary="the same principal listed several times, merged into one entry",
    severity=Severity.INFO,
    check=check,
    doc=__doc__ or "",
)
