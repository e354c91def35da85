"""Kubernetes RBAC authorization, answered as a real cluster would answer it.

`Authorizer.from_objects(manifests)` reads Roles, ClusterRoles, RoleBindings and
ClusterRoleBindings (`rbac.authorization.k8s.io/v1`, as parsed YAML) and
`authorize(user, request)` gives the verdict with the binding, role and rule behind it:

- ClusterRoleBindings are consulted first, then the RoleBindings of the request's namespace.
  A request without a namespace (cluster-wide) and every non-resource request (`/healthz`)
  can only be granted by a ClusterRoleBinding.
- A RoleBinding grants a Role of its own namespace, or a ClusterRole's rules within its own
  namespace only. A binding whose role does not exist grants nothing; the verdict says so.
- Subjects: `User` matches the user name, `Group` one of the user's groups, `ServiceAccount`
  the user `system:serviceaccount:NAMESPACE:NAME` (the namespace defaults to the binding's).
- Aggregated ClusterRoles are filled in as the aggregation controller would (rbac_aggregation).
- Kubernetes' bootstrap ClusterRoles and ClusterRoleBindings (`view`, `edit`, `admin`,
  `cluster-admin`, `system:basic-user`, ...) are included unless `builtins=False`; an input
  object of the same kind and name replaces the built-in one.
- Members of `system:masters` are allowed everything before RBAC is consulted, as the API
  server's authorizer chain does; no binding can take that away.
- With the built-ins, node identities go to the Node authorizer before RBAC, as with EKS's and
  kubeadm's `--authorization-mode=Node,RBAC` (see node_authorizer for what it can and cannot know).

Malformed objects raise `compiler.errors.InputError`; objects the API server would refuse are
skipped and explained in `Authorizer.warnings` (rbac_objects says which is which).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from compiler.verifier.node_authorizer import NodeAuthorizer
from compiler.verifier.rbac_aggregation import aggregate_cluster_roles
from compiler.verifier.rbac_builtins import bootstrap_rbac
from compiler.verifier.rbac_index import BindingIndex, Grant, subject_keys
from compiler.verifier.rbac_objects import BindingObject, ObjectRef, RoleObject, read_rbac_objects
from compiler.verifier.rbac_rules import CompiledRule, PolicyRule, RoleRules

__all__ = ["Authorizer", "Decision", "PolicyRule", "Request", "UserInfo"]

PRIVILEGED_GROUP = "system:masters"
# Grants are cached per (user, groups, namespace); past this many the cache starts afresh.
_GRANT_CACHE_LIMIT = 65536


@dataclass(frozen=True)
class UserInfo:
    """Who is asking: the authenticated user name and groups, exactly as the API server sees them."""

    name: str
    groups: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "groups", tuple(self.groups))


@dataclass(frozen=True)
class Request:
    """What is asked. Set `path` for a non-resource request, the resource fields otherwise."""

    verb: str
    resource: str = ""
    api_group: str = ""
    subresource: str = ""
    name: str = ""
    namespace: str = ""
    path: str = ""

    def __post_init__(self) -> None:
        if self.path and (self.resource or self.api_group or self.subresource or self.name or self.namespace):
            raise ValueError(f"request for {self.path!r}: a non-resource request has no resource, "
                             "group, subresource, name or namespace")

    def describe(self) -> str:
        """The request in words, e.g. `get pods/log named "web" in namespace "shop"`."""
        if self.path:
            return f"{self.verb} {self.path}"
        target = self.resource + (f".{self.api_group}" if self.api_group else "")
        target += f"/{self.subresource}" if self.subresource else ""
        named = f' named "{self.name}"' if self.name else ""
        where = f'in namespace "{self.namespace}"' if self.namespace else "cluster-wide"
        return f"{self.verb} {target}{named} {where}"


@dataclass(frozen=True)
class Decision:
    """The verdict; for an allowed request, the binding, role and rule that allowed it."""

    allowed: bool
    reason: str
    binding: str | None = None
    role: str | None = None
    rule: dict[str, list[str]] | None = None


class Authorizer:
    """RBAC over a fixed set of objects; build it with `from_objects`."""

    def __init__(self, roles: Mapping[ObjectRef, RoleObject], bindings: Iterable[BindingObject],
                 warnings: list[str], node: NodeAuthorizer | None = None) -> None:
        self._node = node
        self._index = BindingIndex(bindings, _compile_roles(roles))
        self._grants: dict[tuple[str, tuple[str, ...], str], tuple[Grant, ...]] = {}
        self.warnings = warnings + [f"{binding.ref} refers to {binding.role_ref}, which does not exist; "
                                    "it grants nothing" for binding in self._index.dangling()]

    @classmethod
    def from_objects(cls, objects: Iterable[Mapping[str, Any]], *, builtins: bool = True) -> Authorizer:
        """Read RBAC objects from parsed manifests; `builtins` adds Kubernetes' bootstrap policy."""
        found = read_rbac_objects(objects)
        roles: dict[ObjectRef, RoleObject] = {}
        bindings: dict[ObjectRef, BindingObject] = {}
        node = None
        if builtins:
            bootstrap = bootstrap_rbac()
            roles.update((role.ref, role) for role in bootstrap.cluster_roles)
            bindings.update((binding.ref, binding) for binding in bootstrap.cluster_role_bindings)
            node = NodeAuthorizer.with_bootstrap_rules()
        roles.update(found.roles)
        bindings.update(found.bindings)
        warnings = found.warnings
        return cls(aggregate_cluster_roles(roles, warnings), bindings.values(), warnings, node)

    def authorize(self, user: UserInfo, request: Request) -> Decision:
        """Allow or deny `request` for `user`, as the API server's authorizer chain would."""
        if PRIVILEGED_GROUP in user.groups:
            return Decision(True, f"{PRIVILEGED_GROUP} bypasses RBAC")
        node = self._node.authorize(user, request) if self._node is not None else None
        if node is not None and node.allowed:
            return Decision(True, f"the Node authorizer allows it: {node.reason}", rule=node.rule.rule.to_dict()
                            if node.rule is not None else None)
        grants = self._grants_for(user, request.namespace)
        match = _first_match(grants, request)
        if match is None:
            unsure = f"; the Node authorizer has no opinion: {node.reason}" if node is not None and node.reason else ""
            return Decision(False, _denial(user, request, grants) + unsure)
        return _allowed(*match)

    def rules_for(self, user: UserInfo, namespace: str) -> list[PolicyRule]:
        """Every rule that applies to `user` in `namespace` ("" = cluster scope only), in visiting order.

        Like Kubernetes' RulesFor it covers RBAC alone: a `system:masters` member gets only what
        bindings give it here, although `authorize` allows it everything.
        """
        return [rule.rule for grant in self._grants_for(user, namespace) for rule in grant.rules.rules]

    def _grants_for(self, user: UserInfo, namespace: str) -> tuple[Grant, ...]:
        key = (user.name, user.groups, namespace)
        grants = self._grants.get(key)
        if grants is None:
            if len(self._grants) >= _GRANT_CACHE_LIMIT:
                self._grants.clear()
            grants = self._grants[key] = self._index.grants(subject_keys(user.name, user.groups), namespace)
        return grants


def _compile_roles(roles: Mapping[ObjectRef, RoleObject]) -> dict[ObjectRef, RoleRules]:
    # Aggregation copies rules from role to role: compile each distinct rule once.
    distinct = {rule for role in roles.values() for rule in role.rules}
    compiled = {rule: CompiledRule.of(rule) for rule in distinct}
    return {ref: RoleRules(tuple(compiled[rule] for rule in role.rules)) for ref, role in roles.items()}


def _first_match(grants: tuple[Grant, ...], request: Request) -> tuple[CompiledRule, Grant] | None:
    """The first rule, in Kubernetes' visiting order, that grants the request."""
    verb = request.verb
    if request.path:
        for grant in grants:
            for rule in grant.rules.url_rules(verb):
                if rule.allows_url(request.path):
                    return rule, grant
        return None
    for grant in grants:
        for rule in grant.rules.resource_rules(verb):
            if rule.allows_resource(request.api_group, request.resource, request.subresource, request.name):
                return rule, grant
    return None


def _allowed(rule: CompiledRule, grant: Grant) -> Decision:
    reason = f"{grant.binding} binds {grant.role} to {grant.subject.describe()}"
    return Decision(True, reason, str(grant.binding), str(grant.role), rule.rule.to_dict())


def _denial(user: UserInfo, request: Request, grants: tuple[Grant, ...]) -> str:
    groups = f"groups: {', '.join(user.groups)}" if user.groups else "no groups"
    reason = f'no RBAC rule lets user "{user.name}" ({groups}) {request.describe()}'
    if not grants:
        return f"{reason}; no binding in scope names this user or its groups"
    missing = [f"{grant.binding} refers to {grant.role}, which does not exist"
               for grant in grants if not grant.role_exists]
    return "; ".join([reason, *missing])
