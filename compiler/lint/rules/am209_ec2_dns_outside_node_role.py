"""`{{EC2PrivateDNSName}}` is resolved from the EC2 instance behind an instance role's session.

It only means something for node roles (declared as the Cluster's `nodeRoles`, which authmap maps to
`system:node:{{EC2PrivateDNSName}}` itself). For any other principal the lookup fails and
authentication is refused.

Failing::

    roles:
      - arn: arn:aws:iam::111122223333:role/ci-runner
        username: "ci:{{EC2PrivateDNSName}}"

Passing::

    roles:
      - arn: arn:aws:iam::111122223333:role/ci-runner
        username: "ci:{{SessionName}}"
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import username_ref, usernames
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for principal, username in usernames(model):
        if "{{EC2PrivateDNSName}}" in username:
            yield ctx.at(RULE, username_ref(principal),
                         "{{EC2PrivateDNSName}} only resolves for node roles; declare the role under the "
                         "Cluster's nodeRoles, or use {{SessionName}}")


RULE = Rule(
    code="AM209",
    name="ec2-dns-outside-node-role",
    summary="{{EC2PrivateDNSName}} in a username that is not a node role's",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
)
