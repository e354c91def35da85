"""An EKS cluster whose `aws-auth` maps no node role: nodes could not join.

On EKS, worker nodes authenticate through the same `aws-auth` ConfigMap; replacing it with one that
lacks the node instance role removes every node from the cluster (they go NotReady and new ones
cannot register). Declare the role under `nodeRoles`.

Failing::

    spec:
      outputs: [aws-auth]

Passing::

    spec:
      outputs: [aws-auth]
      nodeRoles: [arn:aws:iam::111122223333:role/prod-use1-nodes]
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for cluster in model.clusters.values():
        if "aws-auth" in cluster.outputs and not cluster.node_roles:
            yield ctx.at(RULE, cluster.ref.child("spec"), key=True,
                         message=f"cluster {cluster.name} emits aws-auth but declares no nodeRoles: its worker "
                                 "nodes could not authenticate; add the node instance role(s)")


RULE = Rule(
    code="AM214",
    name="no-node-role",
    summary="aws-auth output without a node role",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
)
