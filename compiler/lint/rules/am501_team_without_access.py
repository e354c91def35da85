"""A team with principals but no grants: its members authenticate and can do nothing.

Usually a grant was forgotten; a team that only exists to authenticate (for a webhook, say) can
suppress this with `# authmap: disable=AM501`.

Failing::

    spec:
      members: [{arn: arn:aws:iam::111122223333:user/alice}]

Passing::

    spec:
      members: [{arn: arn:aws:iam::111122223333:user/alice}]
      access: [{clusters: [staging-use1], clusterWide: true, role: view}]
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for team in model.teams.values():
        if not team.access:
            yield ctx.at(RULE, team.ref.child("metadata", "name"),
                         f"team {team.name} has no access entries: it is mapped nowhere; add a grant")


RULE = Rule(
    code="AM501",
    name="team-without-access",
    summary="a team with no grants",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
)
