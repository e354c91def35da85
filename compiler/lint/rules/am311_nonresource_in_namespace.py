"""`nonResourceURLs` only mean something cluster-wide; Kubernetes rejects a namespaced Role with them.

A grant with `namespaces` compiles to a Role, so a permission set with non-resource URLs can only
be granted with `clusterWide: true`.

Failing::

    # roles/probes.yaml
    rules: [{nonResourceURLs: [/healthz], verbs: [get]}]
    # teams/sre.yaml
    access: [{clusters: [prod-use1], namespaces: [monitoring], role: probes}]

Passing::

    access: [{clusters: [prod-use1], clusterWide: true, role: probes}]
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import grants
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for _, grant in grants(model):
        role = model.role(grant.role)
        if grant.cluster_wide or role is None:
            continue
        if any(rule.non_resource_urls for rule in role.rules):
            yield ctx.at(RULE, grant.ref.child("role"),
                         f"role {role.name} has nonResourceURLs, which a namespaced Role cannot hold; "
                         "grant it with clusterWide: true, or split the URL rules into another role")


RULE = Rule(
    code="AM311",
    name="nonresource-in-namespace",
    summary="a role with nonResourceURLs granted in namespaces",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
)
