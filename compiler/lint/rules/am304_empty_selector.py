"""A label selector in a grant that matches no cluster grants nothing.

Failing (no cluster has `env: stagign`)::

    access:
      - {clusters: {matchLabels: {env: stagign}}, clusterWide: true, role: view}

Passing::

    access:
      - {clusters: {matchLabels: {env: staging}}, clusterWide: true, role: view}
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import grants
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for _, grant in grants(model):
        if grant.selector is not None and not model.clusters_of(grant):
            labels = ", ".join(f"{k}={v}" for k, v in sorted(grant.selector.match_labels.items()))
            yield ctx.at(RULE, grant.ref.child("clusters"), f"selector {labels} matches no cluster")


RULE = Rule(
    code="AM304",
    name="empty-selector",
    summary="a cluster selector that matches nothing",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
)
