"""A principal from another partition than the cluster's can never authenticate to it.

STS in `aws-cn` answers for `aws-cn` identities only, and so on: an `arn:aws:` role granted on an
`aws-us-gov` cluster maps nobody.

Failing: a team with `arn:aws:iam::111122223333:role/dev` granted on a cluster with
`partition: aws-us-gov`.

Passing: `arn:aws-us-gov:iam::111122223333:role/dev` on that cluster.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import granted_clusters, node_principals
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for team in model.teams.values():
        for cluster in granted_clusters(model, team):
            for principal in team.principals:
                if principal.arn is not None and principal.arn.partition != cluster.partition:
                    yield ctx.at(RULE, principal.ref,
                                 f"{principal.arn.canonical} is in partition {principal.arn.partition} but "
                                 f"cluster {cluster.name} is in {cluster.partition}: it can never authenticate")
    for cluster, principal in node_principals(model):
        if principal.arn is not None and principal.arn.partition != cluster.partition:
            yield ctx.at(RULE, principal.ref, f"node role is in partition {principal.arn.partition} but cluster "
                                              f"{cluster.name} is in {cluster.partition}: nodes could not join")


RULE = Rule(
    code="AM216",
    name="partition-mismatch",
    summary="a principal from another partition than the cluster",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
)
