"""Kubernetes objects (as plain, ordered dicts) for a cluster plan."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from compiler.model import PolicyRule
from compiler.plan import Binding, ClusterPlan, Mapping, RbacRole

MANAGED_BY = {"app.kubernetes.io/managed-by": "authmap"}
SOURCE_ANNOTATION = "authmap.io/source"
CLUSTER_ID_ANNOTATION = "authmap.io/cluster-id"
RBAC_API = "rbac.authorization.k8s.io"


def metadata(name: str, namespace: str | None, sources: Iterable[str],
             extra_annotations: dict[str, str] | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name}
    if namespace is not None:
        meta["namespace"] = namespace
    meta["labels"] = dict(MANAGED_BY)
    meta["annotations"] = {SOURCE_ANNOTATION: ",".join(sources), **(extra_annotations or {})}
    return meta


def authenticator_head(plan: ClusterPlan) -> dict[str, Any]:
    """The aws-iam-authenticator `config.yaml` before its mapping lists: the mounted-file backend."""
    server: dict[str, Any] = {"backendMode": ["MountedFile"]}
    if plan.cluster.partition != "aws":
        server["partition"] = plan.cluster.partition
    return {"clusterID": plan.cluster.cluster_id, "server": server}


def aws_auth_entry(mapping: Mapping) -> dict[str, Any]:
    return entry("rolearn" if mapping.kind == "role" else "userarn", mapping)


def entry(arn_key: str, mapping: Mapping) -> dict[str, Any]:
    """One mapping entry as aws-auth (`rolearn`/`userarn`) or the authenticator (`roleARN`/`userARN`) writes it."""
    return {arn_key: mapping.arn, "username": mapping.username, "groups": list(mapping.groups)}


def config_map(name: str, plan: ClusterPlan, sources: Iterable[str], data: dict[str, str]) -> dict[str, Any]:
    extra = {CLUSTER_ID_ANNOTATION: plan.cluster.cluster_id}
    return {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": metadata(name, "kube-system", sources, extra), "data": data}


def rbac_role(role: RbacRole) -> dict[str, Any]:
    return {"apiVersion": f"{RBAC_API}/v1", "kind": role.kind,
            "metadata": metadata(role.name, role.namespace, role.sources),
            "rules": [policy_rule(r) for r in role.rules]}


def policy_rule(rule: PolicyRule) -> dict[str, list[str]]:
    fields = (("apiGroups", rule.api_groups), ("resources", rule.resources),
              ("resourceNames", rule.resource_names), ("nonResourceURLs", rule.non_resource_urls),
              ("verbs", rule.verbs))
    return {key: list(values) for key, values in fields if values or (key == "apiGroups" and rule.resources)}


def rbac_binding(binding: Binding) -> dict[str, Any]:
    return {"apiVersion": f"{RBAC_API}/v1", "kind": binding.kind,
            "metadata": metadata(binding.name, binding.namespace, binding.sources),
            "roleRef": {"apiGroup": RBAC_API, "kind": binding.role_kind, "name": binding.role_name},
            "subjects": [{"apiGroup": RBAC_API, "kind": "Group", "name": binding.group}]}
