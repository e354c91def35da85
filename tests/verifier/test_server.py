"""Mapping an identity through a chain of backends: aws-iam-authenticator's pkg/server tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compiler.verifier.arn import PrincipalType
from compiler.verifier.backends import Backend, CrdBackend, CrdEntry, MappingsBackend
from compiler.verifier.chain import Chain, build_chain
from compiler.verifier.identity import Identity
from compiler.verifier.manifests import ManifestObject, ManifestSet
from compiler.verifier.mapper import Ec2Names, TemplateError, map_identity, render_template
from compiler.verifier.mappings import RoleMapping, UserMapping

from .support import cases, load_vectors

VECTORS = "authenticator_server.json"


def identity_from(fields: dict[str, Any]) -> Identity:
    values = {"arn": "", "canonical_arn": "", "account_id": "", "user_id": "", "session_name": "",
              "access_key_id": ""} | fields
    return Identity(values["arn"], values["canonical_arn"], PrincipalType.ROLE, values["account_id"],
                    values["user_id"], values["session_name"], values["access_key_id"])


def backend_from(vector: dict[str, Any]) -> Backend:
    """Backends filled directly, as upstream's tests fill their maps (no parsing, no canonicalization)."""
    if vector["type"] == "crd":
        return CrdBackend(tuple(CrdEntry(o["arn"], o["canonical_arn"], o["username"], tuple(o["groups"]),
                                         o, "") for o in vector["objects"]))
    roles = tuple(RoleMapping(r["rolearn"], None, r["username"], tuple(r["groups"]))
                  for r in vector.get("roles", []))
    users = tuple((u["key"], UserMapping(u["userarn"], u["username"], tuple(u["groups"])))
                  for u in vector.get("users", []))
    return MappingsBackend("MountedFile", "", roles, users, frozenset(vector.get("accounts", [])))


@pytest.mark.parametrize("case", cases(VECTORS, "authenticate"))
def test_authentication_matches_upstream(case: dict[str, Any]) -> None:
    chain = Chain(tuple(backend_from(vector) for vector in case["backends"]))
    result = map_identity(chain, identity_from(case["identity"]), Ec2Names(case.get("ec2_private_dns_name")))
    expect = case["expect"]
    assert result.authenticated is expect["authenticated"]
    if expect["authenticated"]:
        # The authenticator's groups; the API server then adds system:authenticated.
        assert (result.username, result.uid, result.groups) == (
            expect["username"], expect["uid"], (*expect["groups"], "system:authenticated"))


@pytest.mark.parametrize("case", cases(VECTORS, "render_template"))
def test_templates_render_as_upstream(case: dict[str, Any]) -> None:
    ec2 = Ec2Names(load_vectors(VECTORS)["render_template_ec2_name"])
    identity = identity_from(case["identity"])
    if case.get("error"):
        with pytest.raises(TemplateError):
            render_template(case["template"], identity, ec2)
    else:
        assert render_template(case["template"], identity, ec2)[0] == case["want"]


@pytest.mark.parametrize("case", cases(VECTORS, "reserved_prefix"))
def test_reserved_username_prefixes_match_upstream(case: dict[str, Any]) -> None:
    role = RoleMapping("arn:aws:iam::111122223333:role/R", None, case["username"], ())
    backend = MappingsBackend("EKSConfigMap", "", (role,), reserved_prefixes=tuple(case["reserved"]))
    identity = identity_from({"canonical_arn": role.rolearn, "account_id": "111122223333",
                              "user_id": "AROA1"})
    result = map_identity(Chain((backend,)), identity)
    assert result.authenticated is not case["reserved_prefix"]
    assert ("reserved" in result.reason) is case["reserved_prefix"]


@pytest.mark.parametrize("case", cases(VECTORS, "scrubbed_accounts"))
def test_scrubbed_accounts_get_an_administrative_uid(case: dict[str, Any]) -> None:
    backend = MappingsBackend("MountedFile", "", accounts=frozenset({case["account_id"]}))
    chain = Chain((backend,), scrubbed_accounts=frozenset(case["scrubbed_accounts"]))
    arn = f"arn:aws:iam::{case['account_id']}:user/Test"
    result = map_identity(chain, identity_from({"canonical_arn": arn, "account_id": case["account_id"],
                                                "user_id": "AIDA1"}))
    expected = f"aws-iam-authenticator:{case['account_id']}:AIDA1" if case["loggable"] \
        else f"aws-iam-authenticator:administrative:{arn}"
    assert result.uid == expected


@pytest.mark.parametrize("case", cases(VECTORS, "chain"))
def test_backend_chain_order_matches_upstream(case: dict[str, Any]) -> None:
    configmap = {"apiVersion": "v1", "kind": "ConfigMap",
                 "metadata": {"name": "aws-iam-authenticator", "namespace": "kube-system"},
                 "data": {"config.yaml": case["config_yaml"]}}
    chain = build_chain(ManifestSet(Path("."), (ManifestObject(configmap, "cm.yaml", 1),)))
    assert [backend.name for backend in chain.backends] == case["backends"]
