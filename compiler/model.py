"""The typed policy model that every pass after validation works on.

Each value keeps a `Ref` to where it was written, so a rule can point at the exact file and line
without any pass carrying raw YAML around.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from compiler.arn import ArnError, PrincipalArn
from compiler.load import Document, Path_

BUILTIN_ROLES = ("view", "edit", "admin", "cluster-admin")
TEAM_GROUP_PREFIX = "authmap:team:"
NODE_USERNAME = "system:node:{{EC2PrivateDNSName}}"
NODE_GROUPS = ("system:bootstrappers", "system:nodes")
SYSTEM_MASTERS = "system:masters"

Output = Literal["aws-auth", "authenticator"]
PrincipalSource = Literal["member", "role", "node"]


def team_group(team_name: str) -> str:
    """The Kubernetes group of a team: a fixed prefix that no AWS or Kubernetes name uses."""
    return TEAM_GROUP_PREFIX + team_name


@dataclass(frozen=True, slots=True)
class Ref:
    """Where a value was written: a document and the path inside it."""

    document: Document = field(repr=False, compare=False)
    path: Path_ = ()

    @property
    def file(self) -> str:
        return self.document.file

    def child(self, *steps: str | int) -> Ref:
        return Ref(self.document, self.path + steps)


@dataclass(frozen=True, slots=True)
class Principal:
    """An IAM identity as a policy lists it; `arn` is None when the ARN did not validate."""

    written: str
    arn: PrincipalArn | None
    arn_error: ArnError | None
    username: str | None
    source: PrincipalSource
    ref: Ref


@dataclass(frozen=True)
class LabelSelector:
    match_labels: Mapping[str, str]

    def matches(self, labels: Mapping[str, str]) -> bool:
        return all(labels.get(k) == v for k, v in self.match_labels.items())


@dataclass(frozen=True)
class Grant:
    """One access entry of a team: a role, on clusters, in namespaces or cluster-wide."""

    cluster_names: tuple[str, ...]
    selector: LabelSelector | None
    namespaces: tuple[str, ...]
    cluster_wide: bool
    role: str
    ref: Ref


@dataclass(frozen=True)
class PolicyRule:
    verbs: tuple[str, ...]
    api_groups: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    resource_names: tuple[str, ...] = ()
    non_resource_urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Role:
    """A permission set; `ref` is None for the implicit builtin Roles no document declares."""

    name: str
    rules: tuple[PolicyRule, ...]
    builtin: str | None
    ref: Ref | None


@dataclass(frozen=True)
class Team:
    name: str
    members: tuple[Principal, ...]
    roles: tuple[Principal, ...]
    access: tuple[Grant, ...]
    system_masters: str | None
    ref: Ref

    @property
    def group(self) -> str:
        return team_group(self.name)

    @property
    def principals(self) -> tuple[Principal, ...]:
        return self.members + self.roles


@dataclass(frozen=True)
class Cluster:
    name: str
    labels: Mapping[str, str]
    cluster_id: str
    account_id: str
    partition: str
    outputs: tuple[Output, ...]
    node_roles: tuple[Principal, ...]
    namespaces: tuple[str, ...] | None
    accounts: tuple[str, ...]
    ref: Ref


@dataclass(frozen=True)
class TokenTest:
    name: str
    cluster: str
    ref: Ref


@dataclass(frozen=True)
class Model:
    """Every valid policy document, by kind and name, in a stable order."""

    clusters: Mapping[str, Cluster]
    roles: Mapping[str, Role]
    teams: Mapping[str, Team]
    token_tests: Mapping[str, TokenTest]
    documents: tuple[Document, ...] = field(repr=False)

    def role(self, name: str) -> Role | None:
        return self.roles.get(name)

    def clusters_of(self, grant: Grant) -> list[Cluster]:
        """The clusters a grant selects, by name or label selector (in name order)."""
        if grant.selector is not None:
            return self._selected(grant.selector)
        return [self.clusters[n] for n in grant.cluster_names if n in self.clusters]

    def _selected(self, selector: LabelSelector) -> list[Cluster]:
        """Selector results, computed once per distinct selector: thousands of grants share a few."""
        key = frozenset(selector.match_labels.items())
        found = self._selections.get(key)
        if found is None:
            found = self._selections[key] = [c for c in self.clusters.values() if selector.matches(c.labels)]
        return found

    @cached_property
    def _selections(self) -> dict[frozenset[tuple[str, str]], list[Cluster]]:
        return {}

    @cached_property
    def lists(self) -> PrincipalLists:
        return PrincipalLists.of(self)

    @cached_property
    def presence(self) -> dict[str, list[tuple[Team, list[Grant]]]]:
        """Per cluster name, the teams with a grant there and those grants, in team order."""
        found: dict[str, list[tuple[Team, list[Grant]]]] = {name: [] for name in self.clusters}
        for team in self.teams.values():
            by_cluster: dict[str, list[Grant]] = {}
            for grant in team.access:
                for cluster in self.clusters_of(grant):
                    by_cluster.setdefault(cluster.name, []).append(grant)
            for name, grants in by_cluster.items():
                found[name].append((team, grants))
        return found


@dataclass(frozen=True)
class PrincipalLists:
    """Every principal of a model in the orders rules walk them, built once."""

    team_principals: list[tuple[Team, Principal]]
    node_principals: list[tuple[Cluster, Principal]]
    principals: list[Principal]
    usernames: list[tuple[Principal, str]]

    @classmethod
    def of(cls, model: Model) -> PrincipalLists:
        teams = [(team, p) for team in model.teams.values() for p in team.principals]
        nodes = [(cluster, p) for cluster in model.clusters.values() for p in cluster.node_roles]
        named = [(p, p.username) for _, p in teams if p.username is not None]
        return cls(teams, nodes, [p for _, p in teams] + [p for _, p in nodes], named)
