"""Kubernetes' own RBAC test tables, ported as data (tests/verifier/vectors), run through the public API.

Each vector file names the upstream file and commit its cases come from and how they were
translated; the expected verdicts are upstream's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from compiler.verifier.rbac import Authorizer, Request, UserInfo

VECTORS = Path(__file__).parent / "vectors"
VECTOR_FILES = ("k8s_rbac_authorizer.json", "k8s_rbac_rule_matching.json")


def _vectors(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((VECTORS / name).read_text(encoding="utf-8"))
    return data


def _cases(kind: str) -> list[Any]:
    return list(_iter_cases(kind))


def _iter_cases(kind: str) -> Iterator[Any]:
    for name in VECTOR_FILES:
        for case in _vectors(name)["cases"]:
            for number, check in enumerate(case.get(kind, ())):
                yield pytest.param(case["objects"], check, id=f"{case['name']} #{number}")


def _user(check: dict[str, Any]) -> UserInfo:
    return UserInfo(check["user"]["name"], tuple(check["user"]["groups"]))


def _loaded(objects: list[dict[str, Any]]) -> Authorizer:
    authz = Authorizer.from_objects(objects, builtins=False)
    assert authz.warnings == []
    return authz


@pytest.mark.parametrize(("objects", "check"), _cases("checks"))
def test_upstream_authorization_check(objects: list[dict[str, Any]], check: dict[str, Any]) -> None:
    decision = _loaded(objects).authorize(_user(check), Request(**check["request"]))
    assert decision.allowed is check["allowed"]
    if "reason" in check:
        assert decision.reason == check["reason"]


@pytest.mark.parametrize(("objects", "check"), _cases("rules_for"))
def test_upstream_rules_for(objects: list[dict[str, Any]], check: dict[str, Any]) -> None:
    rules = _loaded(objects).rules_for(_user(check), check["namespace"])
    assert sorted(json.dumps(rule.to_dict(), sort_keys=True) for rule in rules) == sorted(
        json.dumps(rule, sort_keys=True) for rule in check["rules"])


@pytest.mark.parametrize("name", VECTOR_FILES)
def test_vector_files_cite_their_upstream_source(name: str) -> None:
    data = _vectors(name)
    sources = data["source"] if isinstance(data["source"], list) else [data["source"]]
    assert all(source["repository"] == "kubernetes/kubernetes" and len(source["commit"]) == 40
               for source in sources)
    case_names = [case["name"] for case in data["cases"]]
    assert len(case_names) == len(set(case_names))
