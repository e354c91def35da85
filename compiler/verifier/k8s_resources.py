"""The resources a Kubernetes API server serves out of the box, as kubectl discovers them.

`kubectl auth can-i` resolves what the user typed against the cluster's discovery data: a
short name (`po`, `deploy`), a singular (`pod`) or a plural served outside the core group
(`deployments` is `deployments.apps`). The verifier has no cluster to ask, so this table holds
the built-in APIs of current Kubernetes releases (GA and on-by-default beta groups); custom
resources must be written with their group (`widgets.example.com`).

When a name exists in several groups, the core group wins (`events`), as in kubectl's
discovery priority.
"""

from __future__ import annotations

ADMISSION = "admissionregistration.k8s.io"

# (plural, singular, group, short names); core group first, so its names take priority.
BUILTIN_RESOURCES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("bindings", "binding", "", ()),
    ("componentstatuses", "componentstatus", "", ("cs",)),
    ("configmaps", "configmap", "", ("cm",)),
    ("endpoints", "endpoints", "", ("ep",)),
    ("events", "event", "", ("ev",)),
    ("limitranges", "limitrange", "", ("limits",)),
    ("namespaces", "namespace", "", ("ns",)),
    ("nodes", "node", "", ("no",)),
    ("persistentvolumeclaims", "persistentvolumeclaim", "", ("pvc",)),
    ("persistentvolumes", "persistentvolume", "", ("pv",)),
    ("pods", "pod", "", ("po",)),
    ("podtemplates", "podtemplate", "", ()),
    ("replicationcontrollers", "replicationcontroller", "", ("rc",)),
    ("resourcequotas", "resourcequota", "", ("quota",)),
    ("secrets", "secret", "", ()),
    ("serviceaccounts", "serviceaccount", "", ("sa",)),
    ("services", "service", "", ("svc",)),
    ("mutatingwebhookconfigurations", "mutatingwebhookconfiguration", ADMISSION, ()),
    ("validatingadmissionpolicies", "validatingadmissionpolicy", ADMISSION, ()),
    ("validatingadmissionpolicybindings", "validatingadmissionpolicybinding", ADMISSION, ()),
    ("validatingwebhookconfigurations", "validatingwebhookconfiguration", ADMISSION, ()),
    ("customresourcedefinitions", "customresourcedefinition", "apiextensions.k8s.io", ("crd", "crds")),
    ("apiservices", "apiservice", "apiregistration.k8s.io", ()),
    ("controllerrevisions", "controllerrevision", "apps", ()),
    ("daemonsets", "daemonset", "apps", ("ds",)),
    ("deployments", "deployment", "apps", ("deploy",)),
    ("replicasets", "replicaset", "apps", ("rs",)),
    ("statefulsets", "statefulset", "apps", ("sts",)),
    ("selfsubjectreviews", "selfsubjectreview", "authentication.k8s.io", ()),
    ("tokenreviews", "tokenreview", "authentication.k8s.io", ()),
    ("localsubjectaccessreviews", "localsubjectaccessreview", "authorization.k8s.io", ()),
    ("selfsubjectaccessreviews", "selfsubjectaccessreview", "authorization.k8s.io", ()),
    ("selfsubjectrulesreviews", "selfsubjectrulesreview", "authorization.k8s.io", ()),
    ("subjectaccessreviews", "subjectaccessreview", "authorization.k8s.io", ()),
    ("horizontalpodautoscalers", "horizontalpodautoscaler", "autoscaling", ("hpa",)),
    ("cronjobs", "cronjob", "batch", ("cj",)),
    ("jobs", "job", "batch", ()),
    ("certificatesigningrequests", "certificatesigningrequest", "certificates.k8s.io", ("csr",)),
    ("leases", "lease", "coordination.k8s.io", ()),
    ("endpointslices", "endpointslice", "discovery.k8s.io", ()),
    ("events", "event", "events.k8s.io", ("ev",)),
    ("flowschemas", "flowschema", "flowcontrol.apiserver.k8s.io", ()),
    ("prioritylevelconfigurations", "prioritylevelconfiguration", "flowcontrol.apiserver.k8s.io", ()),
    ("ingressclasses", "ingressclass", "networking.k8s.io", ()),
    ("ingresses", "ingress", "networking.k8s.io", ("ing",)),
    ("networkpolicies", "networkpolicy", "networking.k8s.io", ("netpol",)),
    ("runtimeclasses", "runtimeclass", "node.k8s.io", ()),
    ("poddisruptionbudgets", "poddisruptionbudget", "policy", ("pdb",)),
    ("clusterrolebindings", "clusterrolebinding", "rbac.authorization.k8s.io", ()),
    ("clusterroles", "clusterrole", "rbac.authorization.k8s.io", ()),
    ("rolebindings", "rolebinding", "rbac.authorization.k8s.io", ()),
    ("roles", "role", "rbac.authorization.k8s.io", ()),
    ("priorityclasses", "priorityclass", "scheduling.k8s.io", ("pc",)),
    ("csidrivers", "csidriver", "storage.k8s.io", ()),
    ("csinodes", "csinode", "storage.k8s.io", ()),
    ("csistoragecapacities", "csistoragecapacity", "storage.k8s.io", ()),
    ("storageclasses", "storageclass", "storage.k8s.io", ("sc",)),
    ("volumeattachments", "volumeattachment", "storage.k8s.io", ()),
)


def _aliases() -> tuple[dict[str, tuple[str, str]], dict[tuple[str, str], str]]:
    anywhere: dict[str, tuple[str, str]] = {}
    in_group: dict[tuple[str, str], str] = {}
    for plural, singular, group, short_names in BUILTIN_RESOURCES:
        for alias in (plural, singular, *short_names):
            anywhere.setdefault(alias, (plural, group))
            in_group.setdefault((alias, group), plural)
    return anywhere, in_group


_ANY_GROUP, _IN_GROUP = _aliases()


def builtin_resource(name: str, group: str | None) -> tuple[str, str] | None:
    """(plural, group) for a built-in resource typed as `name` (in `group`, or any group if None)."""
    if group is None:
        return _ANY_GROUP.get(name)
    plural = _IN_GROUP.get((name, group))
    return (plural, group) if plural is not None else None
