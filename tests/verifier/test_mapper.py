"""Mapping entries and backends, checked against aws-iam-authenticator's pkg/mapper and pkg/config tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compiler.verifier.arn import PrincipalType
from compiler.verifier.backends import eks_configmap_backend, mounted_file_backend
from compiler.verifier.identity import Identity
from compiler.verifier.manifests import ManifestObject, read_manifest_file
from compiler.verifier.mappings import ConfigError, RoleMapping, SsoMatcher, UserMapping, parse_aws_auth_data
from compiler.verifier.server_config import parse_authenticator_config

from .support import cases

VECTORS = "authenticator_mapper.json"


def identity_for(canonical_arn: str) -> Identity:
    return Identity(canonical_arn, canonical_arn, PrincipalType.ROLE, "", "", "")


def aws_auth(data: dict[str, Any]) -> ManifestObject:
    metadata = {"name": "aws-auth", "namespace": "kube-system"}
    body = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata, "data": data}
    return ManifestObject(body, "aws-auth.yaml", 1)


def check_lookups(backend: Any, lookups: list[dict[str, Any]]) -> None:
    for lookup in lookups:
        match = backend.lookup(identity_for(lookup["canonical_arn"]))
        if lookup.get("mapped", True):
            assert match is not None, lookup
            assert (match.username, list(match.groups)) == (lookup["username"], lookup["groups"])
        else:
            assert match is None, lookup


@pytest.mark.parametrize("case", cases(VECTORS, "file_mapper"))
def test_mounted_file_backend_matches_upstream(case: dict[str, Any]) -> None:
    gates = "SSORoleMatch=true" if case["sso_role_match"] else ""
    config = parse_authenticator_config(case["config_yaml"], {"featureGates": gates})
    backend = mounted_file_backend(config.mappings, "config.yaml", sso_role_match=config.sso_role_match)
    assert [role.key for role in backend.roles] == case["role_keys"]
    assert [role.rolearn for role in backend.roles] == case["role_arns"]
    assert [key for key, _ in backend.users] == case["user_keys"]
    assert sorted(backend.accounts) == case["accounts"]
    check_lookups(backend, case["lookups"])


def as_vector(entry: RoleMapping | UserMapping) -> dict[str, Any]:
    if isinstance(entry, UserMapping):
        return {"userarn": entry.userarn, "username": entry.username, "groups": list(entry.groups)}
    sso = None if entry.sso is None else {
        "permission_set_name": entry.sso.permission_set_name, "account_id": entry.sso.account_id,
        "partition": entry.sso.partition}
    return {"rolearn": entry.rolearn, "username": entry.username, "groups": list(entry.groups), "sso": sso}


@pytest.mark.parametrize("case", cases(VECTORS, "configmap_parse"))
def test_aws_auth_parsing_matches_upstream(case: dict[str, Any]) -> None:
    parsed = parse_aws_auth_data(case["data"])
    assert [as_vector(role) for role in parsed.roles] == case["roles"]
    assert [as_vector(user) for user in parsed.users] == case["users"]
    assert list(parsed.accounts) == case["accounts"]
    assert bool(parsed.problems) is case["problems"]


@pytest.mark.parametrize("case", cases(VECTORS, "configmap_store"))
def test_aws_auth_lookups_match_upstream(case: dict[str, Any]) -> None:
    backend = eks_configmap_backend(aws_auth(case["data"]), sso_role_match=case.get("sso_role_match", False))
    assert all(backend.allows_account(account) for account in case["accounts_allowed"])
    assert not any(backend.allows_account(account) for account in case["accounts_refused"])
    check_lookups(backend, case["lookups"])


@pytest.mark.parametrize("case", cases(VECTORS, "configmap_fixtures"))
def test_aws_auth_fixtures_match_upstream(case: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "aws-auth.yaml"
    path.write_text(case["configmap_yaml"], encoding="utf-8")
    [configmap] = read_manifest_file(path)
    backend = eks_configmap_backend(configmap)
    roles = [as_vector(role) for role in backend.roles]
    users = [as_vector(user) for _, user in backend.users]
    assert [{**role, "sso": None} for role in case["roles"]] == roles
    assert (users, sorted(backend.accounts)) == (case["users"], case["accounts"])
    refused = any("refuses this aws-auth ConfigMap" in problem for problem in backend.problems)
    assert refused is case["refused_by_api_server"]


@pytest.mark.parametrize("case", cases(VECTORS, "reserved_prefix_config"))
def test_reserved_prefixes_per_backend_match_upstream(case: dict[str, Any]) -> None:
    config = parse_authenticator_config(case["config_yaml"])
    reserved = {mode: list(config.reserved_prefixes.get(mode, ())) for mode in case["reserved"]}
    assert reserved == case["reserved"]


def role_from(vector: dict[str, Any]) -> RoleMapping:
    sso = SsoMatcher(**vector["sso"]) if "sso" in vector else None
    groups = tuple(vector.get("groups", ()))
    return RoleMapping(vector.get("rolearn", ""), sso, vector.get("username", ""), groups)


@pytest.mark.parametrize("case", cases(VECTORS, "config_roles"))
def test_role_mapping_rules_match_upstream(case: dict[str, Any]) -> None:
    role = role_from(case["role"])
    assert (role.problem() is None) is case["valid"]
    if case["valid"]:
        assert role.key == case["key"]
        assert all(role.matches(arn, sso_role_match=True) for arn in case["matches"])
        assert not any(role.matches(arn, sso_role_match=True) for arn in case["not_matches"])


@pytest.mark.parametrize("case", cases(VECTORS, "config_users"))
def test_user_mapping_rules_match_upstream(case: dict[str, Any]) -> None:
    user = UserMapping(case["user"]["userarn"], case["user"].get("username", ""),
                       tuple(case["user"].get("groups", ())))
    assert (user.problem() is None) is case["valid"]
    if case["valid"]:
        twin = UserMapping(user.userarn.swapcase(), "twin")
        users = "".join(f"- {{userarn: '{arn}', username: u}}\n" for arn in (user.userarn, twin.userarn))
        backend = eks_configmap_backend(aws_auth({"mapUsers": users}))
        assert [entry.userarn for _, entry in backend.users] == [case["key"], twin.userarn]  # case kept
        assert all(backend.lookup(identity_for(arn)) for arn in case["matches"])
        assert not any(backend.lookup(identity_for(arn)) for arn in case["not_matches"])


@pytest.mark.parametrize("case", cases(VECTORS, "backend_modes"))
def test_backend_mode_validation_matches_upstream(case: dict[str, Any]) -> None:
    config_yaml = f"server:\n  backendMode: {case['modes']}\n"
    if case["valid"]:
        assert parse_authenticator_config(config_yaml).backend_modes == tuple(case["modes"])
    else:
        with pytest.raises(ConfigError):
            parse_authenticator_config(config_yaml)
