"""Team documents: who is in a team (users, SSO, SAML, CI and shared roles) and where it has access.

Each team draws from its own random stream, seeded by the organisation's seed and the team's
index, so a team is the same whatever else is generated (XL is L plus grants on the monolith)
and a team can regenerate its neighbour's users to list some of them too. In uniform
organisations the stream is the team's position in its unit, so every unit is drawn alike.
"""

from __future__ import annotations

import random
from typing import Any

from benchmarks.roles import TEAM_CLUSTER_ROLES, TEAM_NAMESPACED_ROLES
from benchmarks.shapes import FIRST_NAMES, LAST_NAMES, MONOLITH_CLUSTER, SHARED_ROLE_SUFFIXES, TEAM_NOUNS, OrgShape
from benchmarks.units import API_VERSION, Unit

Entry = dict[str, str]
SESSION_USERNAME = "okta:{{SessionName}}"


def team_rng(seed: int, stream: int) -> random.Random:
    return random.Random(f"{seed}:team:{stream}")


def _stream(shape: OrgShape, index: int) -> int:
    """Which random stream team `index` draws from: its own, or its position's in uniform organisations."""
    return index // shape.business_units if shape.uniform_units else index


def team_name(unit: Unit, position: int) -> str:
    noun = TEAM_NOUNS[position % len(TEAM_NOUNS)]
    lap = position // len(TEAM_NOUNS)
    return f"{unit.name}-{noun}" + (f"-{lap + 1}" if lap else "")


def unit_team(shape: OrgShape, seed: int, unit: Unit, index: int) -> dict[str, Any]:
    """Business-unit team number `index` (counted over the whole organisation)."""
    stream = _stream(shape, index)
    rng = team_rng(seed, stream)
    position = index // shape.business_units
    name = team_name(unit, position)
    users = _users(rng, shape, unit, stream)
    if position > 0:
        users += _moved_users(seed, shape, unit, _stream(shape, index - shape.business_units), rng)
    namespaces = [name] + ([f"{name}-jobs"] if rng.random() < 0.3 else [])
    roles = _team_roles(rng, unit, name)
    access = _grants(rng, unit, stream, namespaces)
    if shape.monolith_every and index % shape.monolith_every == 0:
        access.append({"clusters": [MONOLITH_CLUSTER], "clusterWide": True, "role": "read-only"})
    return team_document(name, users, roles, access)


def team_document(name: str, members: list[Entry], roles: list[Entry], access: list[dict[str, Any]],
                  ) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    if members:
        spec["members"] = members
    if roles:
        spec["roles"] = roles
    spec["access"] = access
    return {"apiVersion": API_VERSION, "kind": "Team", "metadata": {"name": name}, "spec": spec}


def _users(rng: random.Random, shape: OrgShape, unit: Unit, stream: int) -> list[Entry]:
    count = rng.randint(*shape.users_per_team)
    return [_user(rng, unit, stream * 100 + serial) for serial in range(count)]


def _user(rng: random.Random, unit: Unit, serial: int) -> Entry:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    login = f"{first}.{last}{serial}"
    draw = rng.random()
    path = "engineering/" if draw < 0.35 else "contractors/" if draw < 0.45 else ""
    entry = {"arn": f"arn:aws:iam::{unit.accounts['prod']}:user/{path}{login}"}
    if rng.random() < 0.25:
        entry["username"] = login
    return entry


def _moved_users(seed: int, shape: OrgShape, unit: Unit, neighbour: int, rng: random.Random) -> list[Entry]:
    """People who also work in the previous team of the unit, written with their name capitalized.

    They merge with the neighbour's entries (same principal, other letter case); no username, so
    the one the neighbour may give is the one used.
    """
    theirs = _users(team_rng(seed, neighbour), shape, unit, neighbour)
    picked = rng.sample(theirs, k=min(len(theirs), rng.randint(0, 2)))
    return [{"arn": _capitalized_name(user["arn"])} for user in picked]


def _capitalized_name(arn: str) -> str:
    head, _, name = arn.rpartition("/")
    return f"{head}/{name[:1].upper()}{name[1:]}"


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def _team_roles(rng: random.Random, unit: Unit, team: str) -> list[Entry]:
    permission_set = _pascal(team)[:28] + "Dev"
    roles = [{"arn": f"arn:aws:iam::{account}:role/{unit.sso_path()}AWSReservedSSO_{permission_set}_"
                     f"{rng.getrandbits(64):016x}"} for account in unit.accounts.values()]
    if rng.random() < 0.3:
        roles.append({"arn": f"arn:aws:iam::{unit.accounts['prod']}:role/saml/{_pascal(team)}Engineers",
                      "username": SESSION_USERNAME})
    if rng.random() < 0.5:
        roles.append({"arn": f"arn:aws:iam::{unit.accounts['staging']}:role/{team}-ci-deployer"})
    for suffix in rng.sample(SHARED_ROLE_SUFFIXES, k=rng.randint(1, 2)):
        roles.append({"arn": _shared_role(rng, unit, suffix)})
    return roles


def _shared_role(rng: random.Random, unit: Unit, suffix: str) -> str:
    """A unit-wide role several teams list; some write its name in another letter case."""
    name = f"{unit.name}-{suffix}"
    written = name.title() if rng.random() < 0.2 else name
    return f"arn:aws:iam::{unit.accounts['prod']}:role/{written}"


def _grants(rng: random.Random, unit: Unit, stream: int, namespaces: list[str]) -> list[dict[str, Any]]:
    """One of three access patterns, each reaching three of the unit's five clusters on average."""
    developer = TEAM_NAMESPACED_ROLES[stream % len(TEAM_NAMESPACED_ROLES)]
    reader = TEAM_CLUSTER_ROLES[stream % len(TEAM_CLUSTER_ROLES)]
    selector = {"business-unit": unit.name}
    draw = rng.random()
    if draw < 0.3:
        return [{"clusters": {"matchLabels": {**selector, "env": "prod"}}, "namespaces": namespaces,
                 "role": developer},
                {"clusters": [unit.dev_cluster], "clusterWide": True, "role": reader}]
    if draw < 0.7:
        return [{"clusters": {"matchLabels": {**selector, "env": "staging"}}, "namespaces": namespaces,
                 "role": "namespace-ops"},
                {"clusters": [rng.choice(unit.prod_clusters)], "namespaces": namespaces, "role": developer}]
    region = rng.choice(unit.regions)[0]
    return [{"clusters": {"matchLabels": {**selector, "region": region, "tier": "serving"}}, "namespaces": namespaces,
             "role": developer},
            {"clusters": [unit.dev_cluster], "namespaces": namespaces, "role": "edit"}]
