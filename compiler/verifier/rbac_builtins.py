"""Kubernetes' bootstrap ClusterRoles and ClusterRoleBindings, as a freshly created cluster has them.

The data ships with authmap (`compiler/data/k8s-bootstrap-rbac.json`, written by
`python -m compiler.verifier.bootstrap_gen`); it is read once, on first use.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from compiler.verifier.rbac_objects import BindingObject, RoleObject, read_rbac_objects

DATA_PACKAGE = "compiler"
DATA_FILE = "data/k8s-bootstrap-rbac.json"


@dataclass(frozen=True)
class BootstrapRbac:
    """The bootstrap objects plus where they come from."""

    cluster_roles: tuple[RoleObject, ...]
    cluster_role_bindings: tuple[BindingObject, ...]
    provenance: dict[str, Any]


def bootstrap_documents() -> dict[str, Any]:
    """The data file as stored: provenance plus Kubernetes-shaped objects."""
    text = resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def bootstrap_rbac() -> BootstrapRbac:
    """Parsed bootstrap objects, read through the same reader as user manifests."""
    data = bootstrap_documents()
    parsed = read_rbac_objects([*data["clusterRoles"], *data["clusterRoleBindings"]])
    return BootstrapRbac(tuple(parsed.roles.values()), tuple(parsed.bindings.values()), data["provenance"])
