"""The aws-iam-authenticator server's configuration: its `config.yaml` plus the flags it runs with.

`config.yaml` is read like viper reads it (keys in any case, weakly typed values) and the
server flags (`--backend-mode`, `--feature-gates`, `--partition`, `--cluster-id`) are taken from
the authenticator's DaemonSet, Deployment or Pod when the manifests hold one; a flag wins over
the file, as with viper. Anything that would stop the server from starting raises `ConfigError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from compiler.verifier.arn import PARTITIONS
from compiler.verifier.goyaml import GoNumber, go_scalar_text, load_goyaml_v3
from compiler.verifier.mappings import (
    ConfigError,
    ParsedMappings,
    RoleMapping,
    SsoMatcher,
    UserMapping,
    json_safe,
)

MODES = ("MountedFile", "EKSConfigMap", "CRD", "DynamicFile")
DEPRECATED_MODES = {"File": "MountedFile", "ConfigMap": "EKSConfigMap"}
DEFAULT_MODES = ("MountedFile",)


@dataclass(frozen=True)
class AuthenticatorConfig:
    """What a self-managed authenticator runs with."""

    cluster_id: str = ""
    partition: str = "aws"
    backend_modes: tuple[str, ...] = DEFAULT_MODES
    mappings: ParsedMappings = field(default_factory=ParsedMappings)
    scrubbed_accounts: frozenset[str] = frozenset()
    reserved_prefixes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sso_role_match: bool = False


def parse_authenticator_config(text: str, flags: Mapping[str, str] | None = None) -> AuthenticatorConfig:
    """Read `config.yaml` and the server flags; raise `ConfigError` where the server would not start."""
    flags = flags or {}
    try:
        document = load_goyaml_v3(text) or {}
    except yaml.YAMLError as err:
        raise ConfigError(f"config.yaml is not valid YAML: {' '.join(str(err).split())}") from err
    if not isinstance(document, Mapping):
        raise ConfigError("config.yaml is not a mapping")
    modes = _backend_modes(flags.get("backendMode"), _lookup(document, "server.backendMode"))
    if "DynamicFile" in modes and not _cast_text(_lookup(document, "server.dynamicfilepath")):
        raise ConfigError("backend mode DynamicFile needs server.dynamicfilepath")
    partition = flags.get("partition") or _cast_text(_lookup(document, "server.partition")) or "aws"
    if partition not in PARTITIONS:
        raise ConfigError(f"partition {partition!r} is not one of {', '.join(PARTITIONS)}")
    return AuthenticatorConfig(
        cluster_id=flags.get("clusterID") or _cast_text(_lookup(document, "clusterID")),
        partition=partition, backend_modes=modes, mappings=_server_mappings(document),
        scrubbed_accounts=frozenset(_cast_list(_lookup(document, "server.scrubbedAccounts"))),
        reserved_prefixes=_reserved_prefixes(_lookup(document, "server.reservedPrefixConfig")),
        sso_role_match=_feature_enabled(flags.get("featureGates", ""), "SSORoleMatch"))


def _lookup(document: Mapping[Any, Any], dotted: str) -> Any:
    """viper's case-insensitive lookup of a dotted key."""
    value: Any = document
    for part in dotted.lower().split("."):
        if not isinstance(value, Mapping):
            return None
        matches = [item for key, item in value.items() if str(key).lower() == part]
        value = matches[-1] if matches else None
    return value


def _backend_modes(flag: str | None, configured: Any) -> tuple[str, ...]:
    if flag is not None:
        modes = tuple(mode.strip() for mode in flag.split(","))
    else:
        modes = DEFAULT_MODES if configured is None else _cast_list(configured)
    known = (*MODES, *DEPRECATED_MODES)
    problems = [f"{mode!r} is not a backend mode" for mode in modes if mode not in known]
    if len(set(modes)) != len(modes):
        problems.append(f"backend modes {list(modes)} repeat one")
    if not modes:
        problems.append("no backend mode is given")
    if problems:
        raise ConfigError("; ".join(problems))
    return modes


def _cast_text(value: Any) -> str:
    """viper's GetString: text of a scalar, '' for anything else."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return go_scalar_text(value) or ""


def _cast_list(value: Any) -> tuple[str, ...]:
    """viper's GetStringSlice: a list's items as text, or a string split on whitespace."""
    if isinstance(value, str):
        return tuple(value.split())
    return tuple(_cast_text(item) for item in value) if isinstance(value, list) else ()


def _weak_text(value: Any, where: str) -> str:
    if value is None:
        return ""
    text = go_scalar_text(value)
    if text is None:
        raise ConfigError(f"{where} must be text, not {type(value).__name__}")
    return text


def _weak_list(value: Any, where: str) -> tuple[str, ...]:
    """mapstructure's weak []string: lists item by item, a string split on commas, a scalar alone."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(value.split(",")) if value else ()
    if isinstance(value, list):
        return tuple(_weak_text(item, f"{where}[{index}]") for index, item in enumerate(value))
    if isinstance(value, (bool, GoNumber)):
        return (_weak_text(value, where),)
    raise ConfigError(f"{where} must be a list")


def _weak_records(value: Any, where: str) -> list[Mapping[str, Any]]:
    if value is None or value == {}:
        return []
    records = value if isinstance(value, list) else [value] if isinstance(value, Mapping) else None
    if records is None:
        raise ConfigError(f"{where} must be a list of mappings")
    for index, record in enumerate(records):
        if not isinstance(record, (Mapping, type(None))):
            raise ConfigError(f"{where}[{index}] must be a mapping")
    return [{str(key).lower(): item for key, item in (record or {}).items()} for record in records]


def _server_mappings(document: Mapping[Any, Any]) -> ParsedMappings:
    role_records = _weak_records(_lookup(document, "server.mapRoles"), "server.mapRoles")
    user_records = _weak_records(_lookup(document, "server.mapUsers"), "server.mapUsers")
    roles = [_role(record, f"server.mapRoles[{index}]") for index, record in enumerate(role_records)]
    users = [_user(record, f"server.mapUsers[{index}]") for index, record in enumerate(user_records)]
    accounts = _weak_list(_lookup(document, "server.mapAccounts"), "server.mapAccounts")
    return ParsedMappings(tuple(roles), tuple(users), accounts)


def _role(record: Mapping[str, Any], where: str) -> RoleMapping:
    return RoleMapping(_weak_text(record.get("rolearn"), f"{where}.rolearn"),
                       _sso(record.get("sso"), f"{where}.sso"),
                       _weak_text(record.get("username"), f"{where}.username"),
                       _weak_list(record.get("groups"), f"{where}.groups"),
                       _weak_text(record.get("userid"), f"{where}.userid"), json_safe(record))


def _user(record: Mapping[str, Any], where: str) -> UserMapping:
    return UserMapping(_weak_text(record.get("userarn"), f"{where}.userarn"),
                       _weak_text(record.get("username"), f"{where}.username"),
                       _weak_list(record.get("groups"), f"{where}.groups"),
                       _weak_text(record.get("userid"), f"{where}.userid"), json_safe(record))


def _sso(value: Any, where: str) -> SsoMatcher | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where} must be a mapping")
    fields = {str(key).lower(): item for key, item in value.items()}
    return SsoMatcher(*(_weak_text(fields.get(key), f"{where}.{key}")
                        for key in ("permissionsetname", "accountid", "partition")))


def _reserved_prefixes(value: Any) -> dict[str, tuple[str, ...]]:
    where = "server.reservedPrefixConfig"
    return {_weak_text(record.get("backendmode"), f"{where}.backendmode"):
            _weak_list(record.get("usernameprefixreservelist"), f"{where}.usernamePrefixReserveList")
            for record in _weak_records(value, where)}


def _feature_enabled(gates: str, name: str) -> bool:
    settings = dict(item.strip().partition("=")[::2] for item in gates.split(",") if item.strip())
    return settings.get(name, "").strip().lower() == "true"
