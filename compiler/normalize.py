"""Pass 3, normalize: schema-valid documents into the typed model, every ARN parsed once.

ARNs that do not parse are kept (with their error) so that lint can report them at their line;
the compiler refuses to plan a model that still has lint errors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from compiler import arn as arns
from compiler.lint.context import located
from compiler.lint.diagnostic import Diagnostic
from compiler.lint.rules import am103_duplicate_name
from compiler.load import Document
from compiler.model import (
    BUILTIN_ROLES,
    Cluster,
    Grant,
    LabelSelector,
    Model,
    PolicyRule,
    Principal,
    PrincipalSource,
    Ref,
    Role,
    Team,
    TokenTest,
)


@dataclass(frozen=True)
class Normalized:
    model: Model
    diagnostics: tuple[Diagnostic, ...]


def normalize(documents: Iterable[Document]) -> Normalized:
    tables: dict[str, dict[str, Any]] = {"Cluster": {}, "Role": {}, "Team": {}, "TokenTest": {}}
    diagnostics: list[Diagnostic] = []
    documents = tuple(documents)
    for document in documents:
        kind, name = document.data["kind"], document.data["metadata"]["name"]
        table = tables[kind]
        if name in table:
            diagnostics.append(_duplicate(document, kind, name, table[name].ref))
            continue
        table[name] = _BUILDERS[kind](document, Ref(document))
    roles = {**_implicit_builtins(tables["Role"]), **tables["Role"]}
    model = Model(_sorted(tables["Cluster"]), _sorted(roles), _sorted(tables["Team"]),
                  _sorted(tables["TokenTest"]), documents)
    return Normalized(model, tuple(diagnostics))


def _duplicate(document: Document, kind: str, name: str, first: Ref) -> Diagnostic:
    line, _ = first.document.locate(("metadata", "name"))
    message = (f"a {kind} named {name!r} is already defined at {first.file}:{line}; "
               "rename one of them (names must be unique per kind)")
    return located(am103_duplicate_name.RULE, document, ("metadata", "name"), message)


def _sorted(table: dict[str, Any]) -> dict[str, Any]:
    return dict(sorted(table.items()))


def _implicit_builtins(declared: dict[str, Role]) -> dict[str, Role]:
    """`view`, `edit`, `admin`, `cluster-admin` exist as builtin Roles unless a document takes the name."""
    return {name: Role(name, (), name, None) for name in BUILTIN_ROLES if name not in declared}


def principal(written: str, username: str | None, source: PrincipalSource, ref: Ref) -> Principal:
    parsed = _parsed(written)
    if isinstance(parsed, arns.ArnError):
        return Principal(written, None, parsed, username, source, ref)
    return Principal(written, parsed, None, username, source, ref)


@lru_cache(maxsize=65536)
def _parsed(written: str) -> arns.PrincipalArn | arns.ArnError:
    """Each distinct ARN text is parsed once: shared roles are listed by many teams."""
    try:
        return arns.principal(written)
    except arns.ArnError as err:
        return err


def _principals(entries: list[dict[str, Any]], source: PrincipalSource, ref: Ref) -> tuple[Principal, ...]:
    return tuple(principal(e["arn"], e.get("username"), source, ref.child(i, "arn"))
                 for i, e in enumerate(entries))


def _cluster(document: Document, ref: Ref) -> Cluster:
    data, spec = document.data, document.data["spec"]
    nodes = tuple(principal(a, None, "node", ref.child("spec", "nodeRoles", i))
                  for i, a in enumerate(spec.get("nodeRoles", [])))
    namespaces = spec.get("namespaces")
    return Cluster(data["metadata"]["name"], dict(data["metadata"].get("labels", {})), spec["clusterID"],
                   spec["accountID"], spec.get("partition", "aws"), tuple(spec.get("outputs", ["aws-auth"])),
                   nodes, tuple(namespaces) if namespaces is not None else None,
                   tuple(spec.get("accounts", [])), ref)


def _role(document: Document, ref: Ref) -> Role:
    spec = document.data["spec"]
    rules = tuple(_policy_rule(r) for r in spec.get("rules", []))
    return Role(document.data["metadata"]["name"], rules, spec.get("builtin"), ref)


def _policy_rule(rule: dict[str, Any]) -> PolicyRule:
    return PolicyRule(tuple(rule["verbs"]), tuple(rule.get("apiGroups", [])), tuple(rule.get("resources", [])),
                      tuple(rule.get("resourceNames", [])), tuple(rule.get("nonResourceURLs", [])))


def _team(document: Document, ref: Ref) -> Team:
    spec = document.data["spec"]
    members = _principals(spec.get("members", []), "member", ref.child("spec", "members"))
    roles = _principals(spec.get("roles", []), "role", ref.child("spec", "roles"))
    access = tuple(_grant(g, ref.child("spec", "access", i)) for i, g in enumerate(spec.get("access", [])))
    masters = spec.get("systemMasters")
    return Team(document.data["metadata"]["name"], members, roles, access,
                masters["justification"] if masters else None, ref)


def _grant(grant: dict[str, Any], ref: Ref) -> Grant:
    clusters = grant["clusters"]
    selector = LabelSelector(dict(clusters["matchLabels"])) if isinstance(clusters, dict) else None
    names = () if selector else tuple(clusters)
    return Grant(names, selector, tuple(grant.get("namespaces", [])), bool(grant.get("clusterWide")),
                 grant["role"], ref)


def _token_test(document: Document, ref: Ref) -> TokenTest:
    return TokenTest(document.data["metadata"]["name"], document.data["spec"]["cluster"], ref)


_BUILDERS = {"Cluster": _cluster, "Role": _role, "Team": _team, "TokenTest": _token_test}
