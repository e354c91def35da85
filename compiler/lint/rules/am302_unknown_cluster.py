"""A grant names a cluster that no Cluster document declares.

Failing::

    access:
      - {clusters: [prod-us-east-1], clusterWide: true, role: view}

Passing::

    access:
      - {clusters: [prod-use1], clusterWide: true, role: view}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import grants
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for _, grant in grants(model):
        for index, name in enumerate(grant.cluster_names):
            if name not in model.clusters:
                guess = difflib.get_close_matches(name, list(model.clusters), n=1)
                hint = f" (did you mean {guess[0]!r}?)" if guess else ""
                yield ctx.at(RULE, grant.ref.child("clusters", index), f"cluster {name!r} is not defined{hint}")


RULE = Rule(
    code="AM302",
    name="unknown-cluster",
    summary="a grant naming an undefined cluster",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
)
