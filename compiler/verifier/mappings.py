"""Mapping entries (`mapRoles`, `mapUsers`, `mapAccounts`) as the authenticator decodes and validates them.

Two decoders exist upstream and they disagree on bad input, so both are replayed:
- `aws-auth` data goes YAML -> JSON -> Go structs: keys match in any case, a value of the wrong
  type is skipped (a `groups:` written as one string gives no groups), a YAML error drops the
  whole key, and each entry is validated on its own (a bad entry is dropped, with a problem).
- the authenticator's `config.yaml` goes through viper: keys in any case, weak typing
  (`groups: a,b` is two groups, numbers become text) and any decoding error stops the server.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from compiler.verifier.arn import PARTITIONS, ArnError, arn_like
from compiler.verifier.goyaml import GoNumber, first_node_goyaml_v2, is_null_node, load_goyaml_v2

_ACCOUNT_ID = re.compile(r"[0-9]{12}")
_PERMISSION_SET_NAME = re.compile(r"[\w+=,.@-]{1,32}", re.ASCII)


class ConfigError(ValueError):
    """Mappings the authenticator refuses at start-up: it would not run at all."""


@dataclass(frozen=True)
class SsoMatcher:
    """An `sso:` entry matching every role AWS SSO creates for a permission set."""

    permission_set_name: str = ""
    account_id: str = ""
    partition: str = ""

    @property
    def arn_like(self) -> str:
        # Upstream only fills in the partition when none is given: an explicit partition (even
        # "aws") yields an empty one in the pattern, which no role ARN matches.
        partition = "aws" if not self.partition else ""
        role = f"AWSReservedSSO_{self.permission_set_name}_*"
        return f"arn:{partition}:iam::{self.account_id}:role/{role}".lower()


@dataclass(frozen=True)
class RoleMapping:
    """One `mapRoles` entry: by `rolearn`, or by `sso` matcher."""

    rolearn: str = ""
    sso: SsoMatcher | None = None
    username: str = ""
    groups: tuple[str, ...] = ()
    userid: str = ""
    entry: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def key(self) -> str:
        """The key the authenticator stores it under: later entries with the same key replace it."""
        return self.rolearn.lower() if self.rolearn else self.sso.arn_like if self.sso else ""

    def problem(self) -> str | None:
        if not self.rolearn and self.sso is None:
            return "a mapRoles entry needs rolearn or sso"
        if self.rolearn and self.sso is not None:
            return "a mapRoles entry takes rolearn or sso, not both"
        return _sso_problem(self.sso) if self.sso is not None else None

    def matches(self, subject: str, *, sso_role_match: bool) -> bool:
        if self.rolearn:
            return self.rolearn.lower() == subject.lower()
        if self.sso is None or not sso_role_match:
            return False
        try:
            return arn_like(subject, self.sso.arn_like)
        except ArnError:
            return False


@dataclass(frozen=True)
class UserMapping:
    """One `mapUsers` entry."""

    userarn: str = ""
    username: str = ""
    groups: tuple[str, ...] = ()
    userid: str = ""
    entry: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def problem(self) -> str | None:
        return None if self.userarn else "a mapUsers entry needs userarn"


@dataclass(frozen=True)
class ParsedMappings:
    """What a backend loaded, and what it dropped on the way (as the authenticator would log it)."""

    roles: tuple[RoleMapping, ...] = ()
    users: tuple[UserMapping, ...] = ()
    accounts: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()


def _sso_problem(sso: SsoMatcher) -> str | None:
    if not _ACCOUNT_ID.fullmatch(sso.account_id):
        return f"sso.accountID {sso.account_id!r} is not a 12-digit AWS account ID"
    if not _PERMISSION_SET_NAME.fullmatch(sso.permission_set_name):
        return f"sso.permissionSetName {sso.permission_set_name!r} is not a permission set name"
    if sso.partition and sso.partition not in PARTITIONS:
        return f"sso.partition {sso.partition!r} is not a partition"
    if not arn_like(sso.arn_like, "arn:*:iam:*:*:role/*"):
        return f"sso matcher {sso.arn_like!r} does not describe an IAM role"
    return None


# --- aws-auth: YAML -> JSON -> Go structs ----------------------------------------------------

_SKIPPABLE = frozenset({"", "``", '""', "''"})


def parse_aws_auth_data(data: Mapping[str, Any]) -> ParsedMappings:
    """Decode an `aws-auth` ConfigMap's data as the EKS ConfigMap backend does."""
    problems: list[str] = []
    users = _decode_section(data, "mapUsers", _json_user, problems)
    roles = _decode_section(data, "mapRoles", _json_role, problems)
    accounts = _decode_accounts(data.get("mapAccounts"), problems)
    return ParsedMappings(tuple(roles), tuple(users), accounts, tuple(problems))


def _load_section(text: Any, name: str, problems: list[str],
                  load: Callable[[str], Any] = load_goyaml_v2) -> Any:
    if not isinstance(text, str) or text.strip() in _SKIPPABLE:
        return None
    try:
        return load(text)
    except yaml.YAMLError as err:
        problems.append(f"{name} is not valid YAML, so none of its entries load: {_one_line(err)}")
        return None


def _decode_section(data: Mapping[str, Any], name: str, decode: Callable[[Any, str, list[str]], Any],
                    problems: list[str]) -> list[Any]:
    document = _load_section(data.get(name), name, problems)
    if document is None:
        return []
    if not isinstance(document, list):
        problems.append(f"{name} is not a YAML list, so none of its entries load")
        return []
    entries = []
    for index, item in enumerate(document):
        entry = decode(item, f"{name}[{index}]", problems) if isinstance(item, dict) else None
        problem = entry.problem() if entry is not None else "it is not a mapping"
        if problem:
            problems.append(f"{name}[{index}] is dropped: {problem}")
        else:
            entries.append(entry)
    return entries


def _fields(item: Mapping[Any, Any]) -> list[tuple[str, Any]]:
    return [(str(key).lower(), value) for key, value in item.items()]


def _json_string(value: Any, where: str, problems: list[str]) -> str | None:
    if value is None or isinstance(value, str):
        return value
    problems.append(f"{where} is {json_safe(value)!r}, not a string, so it is ignored")
    return None


def _json_groups(value: Any, where: str, problems: list[str]) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        problems.append(f"{where} is {json_safe(value)!r}, not a list, so the entry gets no groups")
        return None
    return tuple(_json_string(item, f"{where}[{index}]", problems) or "" for index, item in enumerate(value))


def _json_fields(item: Mapping[Any, Any], values: dict[str, Any], where: str, problems: list[str]) -> None:
    """Set `values` from `item` like Go's encoding/json: keys in any case, wrong types skipped."""
    for key, value in _fields(item):
        if key == "groups":
            values["groups"] = _json_groups(value, f"{where}.groups", problems) or values["groups"]
        elif key == "sso" and "sso" in values:
            values["sso"] = _json_sso(value, f"{where}.sso", problems)
        elif key in values:
            values[key] = _json_string(value, f"{where}.{key}", problems) or values[key]


def _json_role(item: Mapping[Any, Any], where: str, problems: list[str]) -> RoleMapping:
    values: dict[str, Any] = {"rolearn": "", "sso": None, "username": "", "groups": (), "userid": ""}
    _json_fields(item, values, where, problems)
    return RoleMapping(**values, entry=json_safe(item))


def _json_user(item: Mapping[Any, Any], where: str, problems: list[str]) -> UserMapping:
    values: dict[str, Any] = {"userarn": "", "username": "", "groups": (), "userid": ""}
    _json_fields(item, values, where, problems)
    return UserMapping(**values, entry=json_safe(item))


def _json_sso(value: Any, where: str, problems: list[str]) -> SsoMatcher | None:
    if not isinstance(value, dict):
        if value is not None:
            problems.append(f"{where} is {json_safe(value)!r}, not a mapping, so it is ignored")
        return None
    names = {"permissionsetname": "permission_set_name", "accountid": "account_id", "partition": "partition"}
    found = {names[key]: _json_string(item, f"{where}.{key}", problems) or ""
             for key, item in _fields(value) if key in names}
    return SsoMatcher(**found)


def _decode_accounts(text: Any, problems: list[str]) -> tuple[str, ...]:
    node = _load_section(text, "mapAccounts", problems, first_node_goyaml_v2)
    if node is None or is_null_node(node):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        problems.append("mapAccounts is not a YAML list, so no account is allowed")
        return ()
    # go-yaml gives a string the scalar's own text (null gives ""); nested lists and maps are dropped.
    return tuple("" if is_null_node(item) else str(item.value)
                 for item in node.value if isinstance(item, yaml.ScalarNode))


def json_safe(value: Any) -> Any:
    """A YAML value as plain JSON data (numbers as Go read them)."""
    if isinstance(value, GoNumber):
        return value.value
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_safe(item) for item in value]
    return value


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())
