"""Reading Roles, ClusterRoles, RoleBindings and ClusterRoleBindings from parsed manifests.

Objects of other kinds or other API groups are ignored (a manifests directory also holds
ConfigMaps, and authmap's own `kind: Role` lives in `authmap/v1`). `List` documents, as
`kubectl get -o yaml` writes them, are read item by item.

What is wrong with an object decides what happens to it:

- **Its shape is wrong** (a document or field of the wrong YAML type, no `metadata.name`, a
  binding without `roleRef`): `InputError`. Such a file was not written as a Kubernetes object
  at all, and a verdict about it would be a verdict about a cluster nobody meant.
- **It is well formed but the API server's validation would refuse it** (a ClusterRoleBinding
  pointing at a Role, a rule without verbs, an unknown subject kind, an invalid label
  selector): the object is skipped and a warning says why. `kubectl apply` would have failed
  for that object alone, so the cluster being modelled does not contain it.
- A Role or RoleBinding without `metadata.namespace` is read into namespace `default`, where
  `kubectl apply` with a default context would create it, with a warning.
- An object given twice (same kind, namespace and name): the later one wins, as a second
  `kubectl apply` would, with a warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from compiler.errors import InputError
from compiler.verifier.rbac_fields import Fields
from compiler.verifier.rbac_rules import RULE_FIELDS, PolicyRule
from compiler.verifier.rbac_selectors import InvalidSelector, LabelSelector, selector_from_parts

RBAC_GROUP = "rbac.authorization.k8s.io"
RBAC_API_VERSION = f"{RBAC_GROUP}/v1"
ROLE_KINDS = ("Role", "ClusterRole")
BINDING_KINDS = ("RoleBinding", "ClusterRoleBinding")
SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:"


@dataclass(frozen=True, order=True)
class ObjectRef:
    """Kind, namespace ("" for cluster-scoped kinds) and name of an RBAC object."""

    kind: str
    namespace: str
    name: str

    def __str__(self) -> str:
        scope = f"{self.namespace}/" if self.namespace else ""
        return f"{self.kind}/{scope}{self.name}"


@dataclass(frozen=True)
class Subject:
    """A binding subject; a ServiceAccount's namespace is already defaulted to the binding's."""

    kind: str
    name: str
    namespace: str = ""

    def username(self) -> str | None:
        """The user name this subject matches, or None for a Group."""
        if self.kind == "User":
            return self.name
        if self.kind == "ServiceAccount":
            return f"{SERVICE_ACCOUNT_PREFIX}{self.namespace}:{self.name}"
        return None

    def describe(self) -> str:
        name = f"{self.namespace}/{self.name}" if self.kind == "ServiceAccount" else self.name
        return f'{self.kind} "{name}"'


@dataclass(frozen=True)
class RoleObject:
    """A Role or ClusterRole; `selectors` is None unless it is an aggregated ClusterRole."""

    ref: ObjectRef
    rules: tuple[PolicyRule, ...]
    labels: Mapping[str, str] = field(default_factory=dict)
    selectors: tuple[LabelSelector, ...] | None = None


@dataclass(frozen=True)
class BindingObject:
    """A RoleBinding or ClusterRoleBinding with the role it grants resolved to an ObjectRef."""

    ref: ObjectRef
    role_ref: ObjectRef
    subjects: tuple[Subject, ...]


@dataclass
class RbacObjects:
    """Everything read from the input, keyed by identity, plus what was skipped and why."""

    roles: dict[ObjectRef, RoleObject] = field(default_factory=dict)
    bindings: dict[ObjectRef, BindingObject] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add(self, item: RoleObject | BindingObject) -> None:
        table: dict[ObjectRef, Any] = self.roles if isinstance(item, RoleObject) else self.bindings
        if item.ref in table:
            self.warnings.append(f"{item.ref} is defined more than once; the last definition is used")
        table[item.ref] = item


def read_rbac_objects(documents: Iterable[Any]) -> RbacObjects:
    """Read every RBAC object in `documents`; see the module docstring for what is refused."""
    found = RbacObjects()
    for document in _flatten(documents):
        kind = document.get("kind")
        if kind not in ROLE_KINDS + BINDING_KINDS or not _is_rbac(document, found.warnings):
            continue
        fields = Fields(_describe(document))
        ref = _object_ref(document, str(kind), fields, found.warnings)
        read = _read_role if kind in ROLE_KINDS else _read_binding
        item = read(document, ref, fields)
        if fields.refusals:
            found.warnings.append(f"{ref}: {'; '.join(fields.refusals)}; the API server would refuse it, "
                                  "so it is ignored")
        else:
            found.add(item)
    return found


def _flatten(documents: Iterable[Any]) -> Iterator[Mapping[str, Any]]:
    for document in documents:
        if document is None:
            continue
        if not isinstance(document, Mapping):
            raise InputError(f"a manifest document must be a mapping, found {type(document).__name__}")
        kind = document.get("kind")
        if isinstance(kind, str) and kind.endswith("List") and "items" in document:
            yield from _flatten(_typed_items(document, kind))
        else:
            yield document


def _typed_items(document: Mapping[str, Any], kind: str) -> Iterator[Any]:
    """Items of a List; a typed list (`ClusterRoleList`) leaves `kind` out of its items."""
    items = Fields(kind).items(document.get("items"), "items")
    item_kind = kind[: -len("List")]
    for item in items:
        if isinstance(item, Mapping) and "kind" not in item and item_kind:
            yield {"kind": item_kind, "apiVersion": document.get("apiVersion"), **item}
        else:
            yield item


def _is_rbac(document: Mapping[str, Any], warnings: list[str]) -> bool:
    api_version = document.get("apiVersion")
    if api_version == RBAC_API_VERSION:
        return True
    if isinstance(api_version, str) and api_version.startswith(f"{RBAC_GROUP}/"):
        warnings.append(f"{_describe(document)}: {api_version} is not served by current Kubernetes "
                        f"(use {RBAC_API_VERSION}); the object is ignored")
    return False


def _describe(document: Mapping[str, Any]) -> str:
    metadata = document.get("metadata")
    name = metadata.get("name") if isinstance(metadata, Mapping) else None
    namespace = metadata.get("namespace") if isinstance(metadata, Mapping) else None
    scope = f"{namespace}/" if isinstance(namespace, str) and namespace else ""
    return f"{document.get('kind')}/{scope}{name if isinstance(name, str) and name else '(unnamed)'}"


def _object_ref(document: Mapping[str, Any], kind: str, fields: Fields, warnings: list[str]) -> ObjectRef:
    metadata = fields.mapping(document.get("metadata"), "metadata")
    name = fields.string(metadata.get("name"), "metadata.name")
    if not name:
        raise InputError(f"{fields.where}: metadata.name is required")
    if not kind.startswith("Cluster"):
        namespace = fields.string(metadata.get("namespace"), "metadata.namespace")
        if not namespace:
            warnings.append(f"{kind}/{name} has no metadata.namespace; it is read as namespace \"default\"")
            namespace = "default"
        return ObjectRef(kind, namespace, name)
    return ObjectRef(kind, "", name)


def _read_role(document: Mapping[str, Any], ref: ObjectRef, fields: Fields) -> RoleObject:
    rules = tuple(_read_rule(rule, f"rules[{i}]", ref, fields)
                  for i, rule in enumerate(fields.items(document.get("rules"), "rules")))
    metadata = fields.mapping(document.get("metadata"), "metadata")
    labels = fields.string_map(metadata.get("labels"), "metadata.labels")
    selectors = None
    if ref.kind == "ClusterRole" and document.get("aggregationRule") is not None:
        selectors = _read_aggregation(fields.mapping(document["aggregationRule"], "aggregationRule"), fields)
    return RoleObject(ref, rules, labels, selectors)


def _read_rule(raw: Any, path: str, ref: ObjectRef, fields: Fields) -> PolicyRule:
    rule_map = fields.mapping(raw, path)
    rule = PolicyRule(**{attr: fields.strings(rule_map.get(name), f"{path}.{name}")
                         for attr, name in RULE_FIELDS})
    problem = _rule_problem(rule, ref.kind)
    if problem:
        fields.refuse(f"{path}{problem}")
    return rule


def _rule_problem(rule: PolicyRule, kind: str) -> str | None:
    if not rule.verbs:
        return ".verbs must contain at least one verb"
    if rule.non_resource_urls:
        if kind == "Role":
            return ": a namespaced Role cannot grant nonResourceURLs"
        if rule.api_groups or rule.resources or rule.resource_names:
            return ": a rule cannot grant both resources and nonResourceURLs"
    elif not rule.api_groups or not rule.resources:
        return ": a resource rule needs at least one apiGroup and one resource"
    return None


def _read_aggregation(rule: Mapping[str, Any], fields: Fields) -> tuple[LabelSelector, ...]:
    raw_selectors = fields.items(rule.get("clusterRoleSelectors"), "aggregationRule.clusterRoleSelectors")
    if not raw_selectors:
        fields.refuse("aggregationRule.clusterRoleSelectors needs at least one selector")
    return tuple(_read_selector(raw, f"aggregationRule.clusterRoleSelectors[{i}]", fields)
                 for i, raw in enumerate(raw_selectors))


def _read_selector(raw: Any, path: str, fields: Fields) -> LabelSelector:
    selector = fields.mapping(raw, path)
    match_labels = fields.string_map(selector.get("matchLabels"), f"{path}.matchLabels")
    expressions = []
    raw_expressions = fields.items(selector.get("matchExpressions"), f"{path}.matchExpressions")
    for i, raw_expression in enumerate(raw_expressions):
        where = f"{path}.matchExpressions[{i}]"
        expression = fields.mapping(raw_expression, where)
        expressions.append((fields.string(expression.get("key"), f"{where}.key"),
                            fields.string(expression.get("operator"), f"{where}.operator"),
                            fields.strings(expression.get("values"), f"{where}.values")))
    try:
        return selector_from_parts(match_labels, expressions)
    except InvalidSelector as invalid:
        fields.refuse(f"{path}: {invalid}")
        return LabelSelector()


def _read_binding(document: Mapping[str, Any], ref: ObjectRef, fields: Fields) -> BindingObject:
    role_ref = _read_role_ref(document, ref, fields)
    subjects = tuple(_read_subject(raw, f"subjects[{i}]", ref, fields)
                     for i, raw in enumerate(fields.items(document.get("subjects"), "subjects")))
    return BindingObject(ref, role_ref, subjects)


def _read_role_ref(document: Mapping[str, Any], ref: ObjectRef, fields: Fields) -> ObjectRef:
    """The role a binding grants; a Role is always looked up in the binding's own namespace."""
    if document.get("roleRef") is None:
        raise InputError(f"{ref}: roleRef is required (the role this binding grants)")
    role_ref = fields.mapping(document["roleRef"], "roleRef")
    kind = fields.string(role_ref.get("kind"), "roleRef.kind")
    name = fields.string(role_ref.get("name"), "roleRef.name")
    api_group = fields.string(role_ref.get("apiGroup"), "roleRef.apiGroup") or RBAC_GROUP
    allowed_kinds = ("ClusterRole",) if ref.kind == "ClusterRoleBinding" else ROLE_KINDS
    if kind not in allowed_kinds:
        fields.refuse(f"roleRef.kind must be {' or '.join(allowed_kinds)}, found {kind!r}")
    if api_group != RBAC_GROUP:
        fields.refuse(f"roleRef.apiGroup must be {RBAC_GROUP}, found {api_group!r}")
    if not name:
        fields.refuse("roleRef.name is required")
    return ObjectRef(kind, ref.namespace if kind == "Role" else "", name)


def _read_subject(raw: Any, path: str, binding: ObjectRef, fields: Fields) -> Subject:
    subject = fields.mapping(raw, path)
    kind = fields.string(subject.get("kind"), f"{path}.kind")
    name = fields.string(subject.get("name"), f"{path}.name")
    namespace = fields.string(subject.get("namespace"), f"{path}.namespace")
    api_group = fields.string(subject.get("apiGroup"), f"{path}.apiGroup")
    if not name:
        fields.refuse(f"{path}.name is required")
    if kind == "ServiceAccount":
        if api_group:
            fields.refuse(f"{path}.apiGroup must be empty for a ServiceAccount, found {api_group!r}")
        if not namespace and not binding.namespace:
            fields.refuse(f"{path}.namespace is required for a ServiceAccount in a ClusterRoleBinding")
        return Subject(kind, name, namespace or binding.namespace)
    if kind not in ("User", "Group"):
        fields.refuse(f"{path}.kind must be User, Group or ServiceAccount, found {kind!r}")
    elif api_group not in ("", RBAC_GROUP):
        fields.refuse(f"{path}.apiGroup must be {RBAC_GROUP}, found {api_group!r}")
    return Subject(kind, name)
