"""A Cluster's `nodeRoles` must be IAM roles: EC2 instances authenticate with their instance role.

Failing::

    nodeRoles: [arn:aws:iam::111122223333:user/node-bootstrap]

Passing::

    nodeRoles: [arn:aws:iam::111122223333:role/prod-use1-nodes]
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import node_principals
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for _, principal in node_principals(model):
        if principal.arn is not None and not principal.arn.is_role:
            yield ctx.at(RULE, principal.ref,
                         f"node roles are EC2 instance roles; {principal.arn.input} is a {principal.arn.kind}")


RULE = Rule(
    code="AM217",
    name="node-role-kind",
    summary="a nodeRoles entry that is not a role",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
)
