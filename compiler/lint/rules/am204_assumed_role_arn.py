"""An `sts` assumed-role ARN is one session of a role, not the role.

It is what `aws sts get-caller-identity` prints, so it gets pasted into policies; the `aws-auth`
backend never canonicalizes configured ARNs, so written there it would never match. authmap maps the
role instead; write the role ARN to make that explicit.

Failing::

    roles:
      - arn: arn:aws:sts::111122223333:assumed-role/Engineering/alice@example.com

Passing::

    roles:
      - arn: arn:aws:iam::111122223333:role/Engineering
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import all_principals
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for principal in all_principals(model):
        arn = principal.arn
        if arn is not None and arn.kind == "assumed-role":
            yield ctx.at(RULE, principal.ref,
                         f"this is an STS session ARN; it is mapped as its role {arn.canonical} "
                         "(every session of the role): write the role ARN instead")


RULE = Rule(
    code="AM204",
    name="assumed-role-arn",
    summary="an sts assumed-role (session) ARN, normalized to its role",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
)
