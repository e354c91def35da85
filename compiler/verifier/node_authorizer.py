"""The Node authorizer: what a kubelet may do before RBAC is asked.

EKS and kubeadm clusters run the API server with `--authorization-mode=Node,RBAC`, so a request
from a node identity (the user `system:node:NAME` in the group `system:nodes`, which is what a
node role's mapping gives) is first put to the Node authorizer. This follows Kubernetes'
`plugin/pkg/auth/authorizer/node/node_authorizer.go` with `AuthorizeNodeWithSelectors` on (the
default from Kubernetes 1.32): it allows or has no opinion, never denies, and then RBAC decides.

- Leases in `kube-node-lease`, CSINodes and its own Node object: only the node's own, by name.
- Creating or updating Node objects, pod status, mirror pods and evictions: allowed (the
  NodeRestriction admission plugin, not the authorizer, keeps a node to its own).
- Secrets, ConfigMaps, PersistentVolumeClaims, PersistentVolumes, ResourceClaims,
  VolumeAttachments, ResourceSlices, a single pod, and service-account tokens: allowed only for
  objects related to a pod bound to that node. The API server knows from its pod graph; the
  manifests do not say which pods run where, so these requests get no opinion here, with a reason
  that says so, and RBAC decides.
- Listing or watching pods and ResourceSlices: allowed with a field selector on the node's name,
  which a can-i request does not carry, so no opinion.
- Everything else: the static node rules, which are the rules of the bootstrap ClusterRole
  `system:node`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from compiler.verifier.rbac_builtins import bootstrap_rbac
from compiler.verifier.rbac_rules import CompiledRule, RoleRules

if TYPE_CHECKING:
    from compiler.verifier.rbac import Request, UserInfo

NODES_GROUP = "system:nodes"
NODE_USER_PREFIX = "system:node:"
NODE_LEASE_NAMESPACE = "kube-node-lease"
NODE_ROLE = "system:node"


@dataclass(frozen=True)
class NodeVerdict:
    """Allowed, or no opinion; `reason` says why (empty when there is nothing to add)."""

    allowed: bool
    reason: str = ""
    rule: CompiledRule | None = None


def node_name(user: UserInfo) -> str | None:
    """The node a user is, or None for a user that is not a node identity."""
    if not user.name.startswith(NODE_USER_PREFIX) or NODES_GROUP not in user.groups:
        return None
    return user.name.removeprefix(NODE_USER_PREFIX)


class NodeAuthorizer:
    """The Node authorizer over the static node rules (the `system:node` ClusterRole's)."""

    def __init__(self, node_rules: RoleRules) -> None:
        self._rules = node_rules

    @staticmethod
    def with_bootstrap_rules() -> NodeAuthorizer:
        """The static rules are the built-in role's, whatever a cluster's own objects say (built once)."""
        return _bootstrap_node_authorizer()

    def authorize(self, user: UserInfo, request: Request) -> NodeVerdict | None:
        """The verdict for a node identity's request; None for anybody else."""
        node = node_name(user)
        if node is None:
            return None
        if not node:
            return NodeVerdict(False, f'user "{user.name}" names no node')
        if not request.path:
            subdivided = _SUBDIVIDED.get((request.api_group, request.resource))
            if subdivided is not None:
                return subdivided(node, request)
        return self._static(request)

    def _static(self, request: Request) -> NodeVerdict:
        if request.path:
            for rule in self._rules.url_rules(request.verb):
                if rule.allows_url(request.path):
                    return NodeVerdict(True, f"the {NODE_ROLE} rules allow it", rule)
            return NodeVerdict(False)
        for rule in self._rules.resource_rules(request.verb):
            if rule.allows_resource(request.api_group, request.resource, request.subresource, request.name):
                return NodeVerdict(True, f"the {NODE_ROLE} rules allow it", rule)
        return NodeVerdict(False)


def _allow(why: str) -> NodeVerdict:
    return NodeVerdict(True, why)


def _no(why: str) -> NodeVerdict:
    return NodeVerdict(False, why)


def _related(node: str, request: Request, what: str) -> NodeVerdict:
    """Allowed by the API server only when its pod graph links the object to the node."""
    if not request.name:
        return _no(f"it allows {what} only by name")
    return _no(f"it allows this only if {what} is related to a pod bound to node '{node}'; the manifests do "
               "not say which pods run there")


def _read_namespaced(what: str) -> Callable[[str, Request], NodeVerdict]:
    def decide(node: str, request: Request) -> NodeVerdict:
        if request.verb not in ("get", "list", "watch"):
            return _no(f"a node may only read {what}")
        if request.subresource:
            return _no(f"a node may not read a subresource of {what}")
        if not request.namespace:
            return _no(f"a node may read {what} only in a namespace")
        return _related(node, request, f"the {what[:-1]}")
    return decide


def _get(what: str) -> Callable[[str, Request], NodeVerdict]:
    def decide(node: str, request: Request) -> NodeVerdict:
        if request.verb != "get":
            return _no(f"a node may only get single {what}")
        if request.subresource:
            return _no(f"a node may not get a subresource of {what}")
        return _related(node, request, f"the {what[:-1]}")
    return decide


def _claims(node: str, request: Request) -> NodeVerdict:
    if request.subresource == "status":
        if request.verb not in ("update", "patch"):
            return _no("a node may only update or patch a persistentvolumeclaim's status")
        return _related(node, request, "the persistentvolumeclaim")
    return _get("persistentvolumeclaims")(node, request)


def _token(node: str, request: Request) -> NodeVerdict:
    if request.verb != "create" or not request.name:
        return _no("a node may only create tokens for single service accounts")
    if request.subresource != "token":
        return _no("a node may only create the token subresource of a service account")
    return _related(node, request, "the service account")


def _own(kind: str, verbs: tuple[str, ...], namespace: str | None = None) -> Callable[[str, Request], NodeVerdict]:
    """Leases and CSINodes: the node's own, by name (on create the name is checked at admission)."""
    def decide(node: str, request: Request) -> NodeVerdict:
        if request.verb not in verbs:
            return _no(f"a node may only {', '.join(verbs)} a {kind}")
        if namespace is not None and request.namespace != namespace:
            return _no(f"a node may use a {kind} only in the {namespace} namespace")
        if namespace is None and request.subresource:
            return _no(f"a node may not use a subresource of a {kind}")
        if request.verb != "create" and request.name != node:
            return _no(f"a node may use only the {kind} named after itself ('{node}')")
        return _allow(f"a node may {request.verb} its own {kind}")
    return decide


def _resource_slices(node: str, request: Request) -> NodeVerdict:
    if request.subresource:
        return _no("a node may not use a subresource of a resourceslice")
    if request.verb == "create":
        return _allow("a node may create resourceslices (admission keeps them its own)")
    if request.verb in ("get", "update", "patch", "delete"):
        return _related(node, request, "the resourceslice")
    if request.verb in ("watch", "list", "deletecollection"):
        return _no(f"a node may {request.verb} resourceslices only with the field selector nodeName={node}, "
                   "which a can-i request does not carry")
    return _no(f"a node may not {request.verb} resourceslices")


def _nodes(node: str, request: Request) -> NodeVerdict:
    if request.subresource == "" and request.verb in ("create", "update", "patch"):
        return _allow(f"a node may {request.verb} Node objects (admission keeps it to its own)")
    if request.subresource == "" and request.verb in ("get", "list", "watch"):
        if request.name == node:
            return _allow("a node may read its own Node object")
        return _no(f"node '{node}' may read only its own Node object")
    if request.subresource == "status" and request.verb in ("update", "patch"):
        return _allow("a node may update Node status (admission keeps it to its own)")
    return NodeVerdict(False)


def _pods(node: str, request: Request) -> NodeVerdict:
    if request.subresource == "":
        if request.verb == "get":
            return _related(node, request, "the pod")
        if request.verb in ("list", "watch"):
            if request.name:
                return _related(node, request, "the pod")
            return _no(f"a node may {request.verb} pods only with the field selector spec.nodeName={node}, "
                       "which a can-i request does not carry")
        if request.verb in ("create", "delete"):
            return _allow(f"a node may {request.verb} mirror pods (admission keeps them bound to itself)")
    if request.subresource == "status" and request.verb in ("update", "patch"):
        return _allow("a node may update pod status (admission keeps it to pods bound to itself)")
    if request.subresource == "eviction" and request.verb == "create":
        return _allow("a node may evict pods (admission keeps it to pods bound to itself)")
    return NodeVerdict(False)


_WRITE_OWN = ("get", "create", "update", "patch", "delete")
_SUBDIVIDED: dict[tuple[str, str], Callable[[str, Request], NodeVerdict]] = {
    ("", "secrets"): _read_namespaced("secrets"),
    ("", "configmaps"): _read_namespaced("configmaps"),
    ("", "persistentvolumeclaims"): _claims,
    ("", "persistentvolumes"): _get("persistentvolumes"),
    ("resource.k8s.io", "resourceclaims"): _get("resourceclaims"),
    ("storage.k8s.io", "volumeattachments"): _get("volumeattachments"),
    ("", "serviceaccounts"): _token,
    ("coordination.k8s.io", "leases"): _own("lease", _WRITE_OWN, NODE_LEASE_NAMESPACE),
    ("storage.k8s.io", "csinodes"): _own("csinode", _WRITE_OWN),
    ("resource.k8s.io", "resourceslices"): _resource_slices,
    ("", "nodes"): _nodes,
    ("", "pods"): _pods,
}


@cache
def _bootstrap_node_authorizer() -> NodeAuthorizer:
    role = next(role for role in bootstrap_rbac().cluster_roles if role.ref.name == NODE_ROLE)
    return NodeAuthorizer(RoleRules(tuple(CompiledRule.of(rule) for rule in role.rules)))
