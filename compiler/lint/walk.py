"""Ways through the model that several rules share."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from compiler.model import Cluster, Grant, Model, PolicyRule, Principal, Ref, Role, Team

TEMPLATE = re.compile(r"\{\{([^{}]*)\}\}")
TEMPLATE_VARIABLES = ("AccountID", "SessionName", "SessionNameRaw", "AccessKeyID", "EC2PrivateDNSName")
SESSION_VARIABLES = ("SessionName", "SessionNameRaw")  # chosen by the caller; AccessKeyID is AWS-assigned


# Many rules walk every principal; the lists are built once per model (see Model.lists).


def team_principals(model: Model) -> list[tuple[Team, Principal]]:
    return model.lists.team_principals


def node_principals(model: Model) -> list[tuple[Cluster, Principal]]:
    return model.lists.node_principals


def all_principals(model: Model) -> list[Principal]:
    return model.lists.principals


def usernames(model: Model) -> list[tuple[Principal, str]]:
    """Every username a policy writes, with where it is written."""
    return model.lists.usernames


def username_ref(principal: Principal) -> Ref:
    """Principals are located at their `arn`; their username sits beside it."""
    return Ref(principal.ref.document, (*principal.ref.path[:-1], "username"))


def grants(model: Model) -> Iterator[tuple[Team, Grant]]:
    for team in model.teams.values():
        for grant in team.access:
            yield team, grant


def declared_rules(model: Model) -> Iterator[tuple[Role, int, PolicyRule, Ref]]:
    """The rules of Role documents (builtins are Kubernetes' own and not linted)."""
    for role in model.roles.values():
        if role.ref is None:
            continue
        for index, rule in enumerate(role.rules):
            yield role, index, rule, role.ref.child("spec", "rules", index)


def granted_clusters(model: Model, team: Team) -> list[Cluster]:
    """Every cluster where `team` has some grant, in name order, each once."""
    names = {c.name for grant in team.access for c in model.clusters_of(grant)}
    return [model.clusters[n] for n in sorted(names)]


def rules_where(model: Model, applies: Callable[[PolicyRule], bool]) -> Iterator[tuple[Role, Ref]]:
    """Role documents' rules for which `applies` holds, with where each rule is written."""
    for role, _, rule, ref in declared_rules(model):
        if applies(rule):
            yield role, ref
