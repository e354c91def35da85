"""Helpers shared by the verifier tests: upstream vectors, and manifests written to a temporary folder."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

VECTORS = Path(__file__).parent / "vectors"
UPSTREAM_COMMIT = "81b1daba00d194c00d3cdd8b0a0fece5ba648d4e"


def load_vectors(name: str) -> dict[str, Any]:
    """A vector file; each one cites the upstream test file and commit its cases come from."""
    document: dict[str, Any] = json.loads((VECTORS / name).read_text(encoding="utf-8"))
    assert document["source"]["repository"] == "kubernetes-sigs/aws-iam-authenticator"
    assert document["source"]["commit"] == UPSTREAM_COMMIT
    return document


def cases(name: str, section: str) -> list[Any]:
    """pytest parameters for one section of a vector file, named after the upstream test."""
    import pytest

    return [pytest.param(case, id=f"{index}-{case['from']}")
            for index, case in enumerate(load_vectors(name)[section])]


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def write_manifests(folder: Path, text: str, name: str = "objects.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def aws_auth(map_roles: str = "", map_users: str = "", map_accounts: str = "", extra: str = "") -> str:
    """A kube-system/aws-auth ConfigMap with these mapRoles/mapUsers/mapAccounts texts."""
    def block(key: str, text: str) -> str:
        return f"  {key}: |\n" + "".join(f"    {line}\n" for line in text.splitlines()) if text else ""

    return ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: aws-auth, namespace: kube-system}\ndata:\n"
            + block("mapRoles", map_roles) + block("mapUsers", map_users) + block("mapAccounts", map_accounts)
            + extra)


def authenticator(config_yaml: str) -> str:
    """A kube-system/aws-iam-authenticator ConfigMap carrying this config.yaml."""
    body = "".join(f"    {line}\n" for line in config_yaml.splitlines())
    metadata = "{name: aws-iam-authenticator, namespace: kube-system}"
    return f"apiVersion: v1\nkind: ConfigMap\nmetadata: {metadata}\ndata:\n  config.yaml: |\n{body}"
