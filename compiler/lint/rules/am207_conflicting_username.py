"""One principal maps to one username: two different usernames for it cannot both be honoured.

Usernames given for the same (normalized) principal in several places must be the same; places
that give none accept the one given. A node role is mapped to `system:node:{{EC2PrivateDNSName}}`,
so it cannot also be a team's principal.

Failing::

    # teams/payments.yaml
    members: [{arn: arn:aws:iam::111122223333:user/alice, username: alice}]
    # teams/search.yaml
    members: [{arn: arn:aws:iam::111122223333:user/alice, username: alice.smith}]

Passing: the same username in both places, or a username in one place only.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import node_principals, team_principals, username_ref
from compiler.model import Model, Principal


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    yield from _username_conflicts(model, ctx)
    yield from _node_roles_in_teams(model, ctx)


def _username_conflicts(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    first: dict[str, Principal] = {}
    for _, principal in team_principals(model):
        if principal.arn is None or principal.username is None:
            continue
        earlier = first.setdefault(principal.arn.match_key, principal)
        if earlier.username != principal.username:
            line, _ = earlier.ref.document.locate(username_ref(earlier).path)
            yield ctx.at(RULE, username_ref(principal),
                         f"{principal.arn.canonical} is given username {principal.username!r} here but "
                         f"{earlier.username!r} at {earlier.ref.file}:{line}; use one username")


def _node_roles_in_teams(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    nodes = {p.arn.match_key: cluster for cluster, p in node_principals(model) if p.arn is not None}
    for team, principal in team_principals(model):
        if principal.arn is not None and principal.arn.match_key in nodes:
            cluster = nodes[principal.arn.match_key]
            yield ctx.at(RULE, principal.ref,
                         f"{principal.arn.canonical} is a node role of cluster {cluster.name} (username "
                         f"system:node:{{{{EC2PrivateDNSName}}}}); team {team.name} cannot map it as well")


RULE = Rule(
    code="AM207",
    name="conflicting-username",
    summary="one principal given different usernames, or a node role used by a team",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
)
