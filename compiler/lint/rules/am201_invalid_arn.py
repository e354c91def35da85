"""An ARN that does not parse, or names no identity, can never authenticate anybody.

aws-iam-authenticator accepts IAM users, roles and root, and STS assumed-roles and federated users,
in the partitions aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc.

Failing::

    members:
      - arn: arn:aws:s3:::my-bucket

Passing::

    members:
      - arn: arn:aws:iam::111122223333:user/alice
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import all_principals
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for principal in all_principals(model):
        error = principal.arn_error
        if error is not None and error.kind in ("syntax", "partition", "resource"):
            yield ctx.at(RULE, principal.ref, f"invalid ARN: {error.message}")


RULE = Rule(
    code="AM201",
    name="invalid-arn",
    summary="an ARN that is not a valid IAM identity",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
)
