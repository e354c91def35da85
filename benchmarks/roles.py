"""The permission sets of the synthetic organisation: about twenty custom roles and three builtin-backed ones.

None of them trips a risk rule (no secrets, exec, escalation verbs, wildcards, nodes/proxy or
token minting), so the generated organisation lints without warnings and the benchmark measures
the full lint-and-compile path rather than an early exit.
"""

from __future__ import annotations

from typing import Any

_READ = ["get", "list", "watch"]
_WRITE = ["get", "list", "watch", "create", "update", "patch", "delete"]

Rule = dict[str, list[str]]


def _rule(groups: list[str], resources: list[str], verbs: list[str]) -> Rule:
    return {"apiGroups": groups, "resources": resources, "verbs": verbs}


# Granted in a team's own namespaces.
NAMESPACED: dict[str, list[Rule]] = {
    "developer": [
        _rule([""], ["pods", "pods/log", "services", "endpoints", "configmaps", "events"], _READ),
        _rule([""], ["pods"], ["delete"]),
        _rule(["apps"], ["deployments", "statefulsets", "replicasets"], [*_READ, "create", "update", "patch"]),
        _rule(["apps"], ["deployments/scale", "statefulsets/scale"], ["get", "update", "patch"]),
    ],
    "deployer": [_rule(["apps"], ["deployments", "statefulsets", "daemonsets"], _WRITE)],
    "job-runner": [_rule(["batch"], ["jobs", "cronjobs"], _WRITE), _rule([""], ["pods", "pods/log"], _READ)],
    "config-editor": [_rule([""], ["configmaps"], _WRITE)],
    "log-reader": [_rule([""], ["pods", "pods/log"], _READ)],
    "ingress-editor": [_rule(["networking.k8s.io"], ["ingresses", "ingressclasses"], _WRITE)],
    "network-policy-editor": [_rule(["networking.k8s.io"], ["networkpolicies"], _WRITE)],
    "autoscaling-tuner": [_rule(["autoscaling"], ["horizontalpodautoscalers"], _WRITE),
                          _rule(["keda.sh"], ["scaledobjects", "triggerauthentications"], _WRITE)],
    "rollouts-operator": [_rule(["argoproj.io"], ["rollouts", "rollouts/status", "analysisruns"], _WRITE)],
    "certificate-editor": [_rule(["cert-manager.io"], ["certificates", "issuers", "certificaterequests"], _WRITE)],
    "volume-manager": [_rule([""], ["persistentvolumeclaims"], _WRITE)],
    "service-editor": [_rule([""], ["services", "endpoints"], _WRITE)],
    "monitoring-editor": [_rule(["monitoring.coreos.com"], ["servicemonitors", "podmonitors", "prometheusrules"],
                                _WRITE)],
    "disruption-editor": [_rule(["policy"], ["poddisruptionbudgets"], _WRITE)],
    "event-reader": [_rule(["", "events.k8s.io"], ["events"], _READ)],
}

# Granted cluster-wide only (cluster-reader holds non-resource URLs, which a namespaced Role cannot).
CLUSTER_WIDE: dict[str, list[Rule]] = {
    "cluster-reader": [
        _rule([""], ["nodes", "namespaces", "persistentvolumes"], _READ),
        _rule(["storage.k8s.io"], ["storageclasses"], _READ),
        {"nonResourceURLs": ["/healthz", "/readyz", "/livez", "/version"], "verbs": ["get"]},
    ],
    "crd-reader": [_rule(["apiextensions.k8s.io"], ["customresourcedefinitions"], _READ)],
    "node-viewer": [_rule([""], ["nodes"], _READ), _rule(["metrics.k8s.io"], ["nodes", "pods"], _READ)],
    "storage-viewer": [_rule(["storage.k8s.io"], ["storageclasses", "csidrivers", "volumeattachments"], _READ),
                       _rule([""], ["persistentvolumes"], _READ)],
    "namespace-lister": [_rule([""], ["namespaces"], _READ)],
}

BUILTIN_BACKED = {"read-only": "view", "namespace-ops": "admin", "break-glass": "cluster-admin"}

# Where business-unit teams pick their roles from (by team index, so every role gets used in L).
TEAM_NAMESPACED_ROLES = tuple(NAMESPACED)
TEAM_CLUSTER_ROLES = (*CLUSTER_WIDE, "read-only")


def role_document(name: str) -> dict[str, Any]:
    if name in BUILTIN_BACKED:
        spec: dict[str, Any] = {"builtin": BUILTIN_BACKED[name]}
    else:
        spec = {"rules": NAMESPACED.get(name) or CLUSTER_WIDE[name]}
    return {"apiVersion": "authmap/v1", "kind": "Role", "metadata": {"name": name}, "spec": spec}


def declared(name: str) -> bool:
    """Whether `name` is a Role document of this organisation (not a role Kubernetes has built in)."""
    return name in NAMESPACED or name in CLUSTER_WIDE or name in BUILTIN_BACKED
