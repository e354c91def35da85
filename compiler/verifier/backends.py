"""The authenticator's mapper backends, each looking an identity up the way its upstream twin does.

- MountedFile (`config.yaml`): role ARNs are canonicalized (so an `assumed-role` ARN works, a
  path does not go away), user ARNs too, lower-cased; any invalid entry stops the server.
- EKSConfigMap (`aws-auth`): ARNs are compared as written, in any case; role entries with the
  same lower-cased ARN replace each other, user entries differing only in case all stay.
- CRD (`IAMIdentityMapping`): matched on the canonical, lower-cased `spec.arn`.
Several entries matching one identity is reported: upstream picks one at random.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from compiler.verifier.arn import ArnError, canonicalize
from compiler.verifier.identity import Identity
from compiler.verifier.manifests import ManifestObject
from compiler.verifier.mappings import (
    ConfigError,
    ParsedMappings,
    RoleMapping,
    UserMapping,
    parse_aws_auth_data,
)


@dataclass(frozen=True)
class Match:
    """The entry a backend mapped an identity with."""

    backend: str
    section: str
    entry: Mapping[str, Any]
    key: str
    username: str
    groups: tuple[str, ...]
    source: str
    notes: tuple[str, ...] = ()


class Backend(Protocol):
    """What the chain asks of a backend (upstream's Mapper interface)."""

    @property
    def name(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def reserved_prefixes(self) -> tuple[str, ...]: ...
    @property
    def problems(self) -> tuple[str, ...]: ...

    def lookup(self, identity: Identity) -> Match | None: ...

    def allows_account(self, account_id: str) -> bool: ...


@dataclass(frozen=True)
class MappingsBackend:
    """MountedFile or EKSConfigMap: role, user and account entries. `users` pairs each with its match key."""

    name: str
    source: str
    roles: tuple[RoleMapping, ...] = ()
    users: tuple[tuple[str, UserMapping], ...] = ()
    accounts: frozenset[str] = frozenset()
    reserved_prefixes: tuple[str, ...] = ()
    sso_role_match: bool = False
    problems: tuple[str, ...] = ()

    def lookup(self, identity: Identity) -> Match | None:
        subject = identity.canonical_arn.lower()
        roles = [role for role in self.roles if role.matches(subject, sso_role_match=self.sso_role_match)]
        if roles:
            return self._match("mapRoles", [(role.key, role) for role in roles])
        users = [(key, user) for key, user in self.users if key == subject]
        return self._match("mapUsers", users) if users else None

    def _match(self, section: str, found: Sequence[tuple[str, RoleMapping | UserMapping]]) -> Match:
        key, entry = found[0]
        notes = () if len(found) == 1 else (_ambiguity(self.name, section, len(found)),)
        return Match(self.name, section, entry.entry, key, entry.username, entry.groups, self.source, notes)

    def allows_account(self, account_id: str) -> bool:
        return account_id in self.accounts


@dataclass(frozen=True)
class CrdEntry:
    """An IAMIdentityMapping as the controller indexes it: `spec.arn`, and its canonical lower-cased form."""

    arn: str
    canonical_arn: str
    username: str
    groups: tuple[str, ...]
    entry: Mapping[str, Any]
    source: str


@dataclass(frozen=True)
class CrdBackend:
    """CRD: IAMIdentityMapping objects, indexed by canonical lower-cased ARN."""

    entries: tuple[CrdEntry, ...] = ()
    reserved_prefixes: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    name: str = "CRD"
    source: str = "IAMIdentityMapping objects"

    def lookup(self, identity: Identity) -> Match | None:
        found = [entry for entry in self.entries if entry.canonical_arn == identity.canonical_arn.lower()]
        if not found:
            return None
        notes = () if len(found) == 1 else (_ambiguity(self.name, "IAMIdentityMapping", len(found)),)
        first = found[0]
        return Match(self.name, "IAMIdentityMapping", first.entry, first.canonical_arn, first.username,
                     first.groups, first.source, notes)

    def allows_account(self, account_id: str) -> bool:
        return False


@dataclass(frozen=True)
class UnreadableBackend:
    """A backend whose data the manifests cannot hold (DynamicFile reads a file on the node)."""

    name: str
    source: str = ""
    reserved_prefixes: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=("its mappings live in a file on the authenticator's host, "
                                               "which manifests do not carry; it maps nobody here",))

    def lookup(self, identity: Identity) -> Match | None:
        return None

    def allows_account(self, account_id: str) -> bool:
        return False


def _ambiguity(backend: str, section: str, count: int) -> str:
    return (f"{count} {section} entries of {backend} match this identity; the authenticator uses any one of "
            "them (the first is shown): keep one")


def mounted_file_backend(mappings: ParsedMappings, source: str, *, reserved_prefixes: tuple[str, ...] = (),
                         sso_role_match: bool = False) -> MappingsBackend:
    """The MountedFile backend; an entry it cannot load raises `ConfigError` (the server stops)."""
    roles: dict[str, RoleMapping] = {}
    for index, role in enumerate(mappings.roles):
        _refuse_problem(role.problem(), f"server.mapRoles[{index}]")
        if role.rolearn:
            role = replace(role, rolearn=_canonical(role.rolearn, f"server.mapRoles[{index}]"))
        roles[role.key] = role
    users: dict[str, UserMapping] = {}
    for index, user in enumerate(mappings.users):
        _refuse_problem(user.problem(), f"server.mapUsers[{index}]")
        users[_canonical(user.userarn.lower(), f"server.mapUsers[{index}]")] = user
    return MappingsBackend("MountedFile", source, tuple(roles.values()), tuple(users.items()),
                           frozenset(mappings.accounts), reserved_prefixes, sso_role_match)


def _refuse_problem(problem: str | None, where: str) -> None:
    if problem:
        raise ConfigError(f"{where}: {problem}")


def _canonical(arn: str, where: str) -> str:
    try:
        return canonicalize(arn)[1]
    except ArnError as err:
        raise ConfigError(f"{where}: {err}") from err


def eks_configmap_backend(aws_auth: ManifestObject | None, *, reserved_prefixes: tuple[str, ...] = (),
                          sso_role_match: bool = False) -> MappingsBackend:
    """The EKSConfigMap backend over `kube-system/aws-auth` (empty if the ConfigMap is missing or invalid)."""
    if aws_auth is None:
        return MappingsBackend("EKSConfigMap", "", problems=("there is no kube-system/aws-auth ConfigMap",))
    data = aws_auth.body.get("data") or {}
    invalid = sorted(str(key) for key, value in data.items() if not isinstance(value, str)) \
        if isinstance(data, Mapping) else ["data"]
    if invalid:
        problem = (f"the API server refuses this aws-auth ConfigMap ({', '.join(invalid)} must be text: "
                   "a block scalar `|` is probably missing), so the cluster has no aws-auth at all")
        return MappingsBackend("EKSConfigMap", aws_auth.source, problems=(problem,))
    parsed = parse_aws_auth_data(data)
    roles = {role.key: role for role in parsed.roles}
    users = {user.userarn: user for user in parsed.users}
    keyed_users = tuple((arn.lower(), user) for arn, user in users.items())
    return MappingsBackend("EKSConfigMap", aws_auth.source, tuple(roles.values()), keyed_users,
                           frozenset(parsed.accounts), reserved_prefixes, sso_role_match, parsed.problems)


def crd_backend(objects: Iterable[ManifestObject], *, reserved_prefixes: tuple[str, ...] = ()) -> CrdBackend:
    entries, problems = [], []
    for obj in objects:
        spec = obj.body.get("spec")
        spec = spec if isinstance(spec, Mapping) else {}
        arn, username, groups = spec.get("arn"), spec.get("username"), spec.get("groups") or []
        if not (isinstance(arn, str) and isinstance(username, str) and isinstance(groups, list)
                and all(isinstance(group, str) for group in groups)):
            problems.append(f"IAMIdentityMapping {obj.name} ({obj.source}) is refused by the API server: "
                            "spec.arn and spec.username must be text, spec.groups a list of text")
            continue
        try:
            canonical = canonicalize(arn.lower())[1]
        except ArnError as err:
            problems.append(f"IAMIdentityMapping {obj.name} ({obj.source}) is never indexed: {err}")
            continue
        entry = {"name": obj.name, "spec": dict(spec)}
        entries.append(CrdEntry(arn, canonical, username, tuple(groups), entry, obj.source))
    return CrdBackend(tuple(entries), reserved_prefixes, tuple(problems))
