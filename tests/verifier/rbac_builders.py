"""Short constructors for RBAC manifests (plain dicts, as parsed YAML) used by the verifier tests."""

from __future__ import annotations

from typing import Any

API_VERSION = "rbac.authorization.k8s.io/v1"
RBAC_GROUP = "rbac.authorization.k8s.io"


def rule(verbs: list[str], groups: list[str] | None = None, resources: list[str] | None = None,
         names: list[str] | None = None, urls: list[str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"verbs": verbs}
    for key, value in (("apiGroups", groups), ("resources", resources), ("resourceNames", names),
                       ("nonResourceURLs", urls)):
        if value is not None:
            out[key] = value
    return out


def cluster_role(name: str, *rules: dict[str, Any], labels: dict[str, str] | None = None,
                 selectors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    obj: dict[str, Any] = {"apiVersion": API_VERSION, "kind": "ClusterRole",
                           "metadata": {"name": name, "labels": labels or {}}, "rules": list(rules)}
    if selectors is not None:
        obj["aggregationRule"] = {"clusterRoleSelectors": selectors}
    return obj


def role(namespace: str, name: str, *rules: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": API_VERSION, "kind": "Role", "metadata": {"name": name, "namespace": namespace},
            "rules": list(rules)}


def subject(spec: str, namespace: str | None = None) -> dict[str, Any]:
    """`User:alice`, `Group:devs` or `ServiceAccount:deployer` (namespace given separately)."""
    kind, name = spec.split(":", 1)
    out: dict[str, Any] = {"kind": kind, "name": name}
    if kind != "ServiceAccount":
        out["apiGroup"] = RBAC_GROUP
    if namespace is not None:
        out["namespace"] = namespace
    return out


def cluster_role_binding(name: str, role_name: str, *subjects: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": API_VERSION, "kind": "ClusterRoleBinding", "metadata": {"name": name},
            "roleRef": {"apiGroup": RBAC_GROUP, "kind": "ClusterRole", "name": role_name},
            "subjects": list(subjects)}


def role_binding(namespace: str, name: str, role_ref: str, *subjects: dict[str, Any]) -> dict[str, Any]:
    """`role_ref` is `Role/NAME` or `ClusterRole/NAME`."""
    kind, role_name = role_ref.split("/", 1)
    return {"apiVersion": API_VERSION, "kind": "RoleBinding",
            "metadata": {"name": name, "namespace": namespace},
            "roleRef": {"apiGroup": RBAC_GROUP, "kind": kind, "name": role_name}, "subjects": list(subjects)}
