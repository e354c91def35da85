"""A grant to a namespace that its cluster does not declare.

When a Cluster lists `namespaces`, grants to any other namespace there are errors: usually a typo,
which would otherwise create RBAC in a namespace nobody uses.

Failing (the cluster declares `namespaces: [payments, search]`)::

    access:
      - {clusters: [prod-use1], namespaces: [payment], role: developer}

Passing::

    access:
      - {clusters: [prod-use1], namespaces: [payments], role: developer}
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import grants
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for _, grant in grants(model):
        for cluster in model.clusters_of(grant):
            if cluster.namespaces is None:
                continue
            for index, namespace in enumerate(grant.namespaces):
                if namespace not in cluster.namespaces:
                    yield ctx.at(RULE, grant.ref.child("namespaces", index),
                                 f"namespace {namespace!r} is not declared by cluster {cluster.name} "
                                 f"(declared: {', '.join(cluster.namespaces) or 'none'})")


RULE = Rule(
    code="AM303",
    name="undeclared-namespace",
    summary="a grant to a namespace its cluster does not declare",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
)
