"""A role ARN written with its IAM path is written into the ConfigMaps without it.

STS reports an assumed role as `assumed-role/NAME/SESSION`, without the role's path, and neither
the `aws-auth` nor the mounted-file backend strips a path from a configured `rolearn`, so a mapping
written with the path never matches. SSO permission-set roles always have one
(`aws-reserved/sso.amazonaws.com/`). authmap removes it and says so; nothing to fix, the policy may
keep the ARN as IAM shows it. (EKS access entries are the opposite: they need the full path.)

Reported::

    roles:
      - arn: arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_0123456789abcdef

Not reported::

    roles:
      - arn: arn:aws:iam::111122223333:role/AWSReservedSSO_Dev_0123456789abcdef
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
        if arn is not None and arn.had_path:
            yield ctx.at(RULE, principal.ref,
                         f"role path {arn.path} removed: written as {arn.canonical} because STS reports "
                         "assumed roles without their path and aws-auth compares the ARN as written")


RULE = Rule(
    code="AM203",
    name="role-path-removed",
    summary="a role ARN with an IAM path, normalized to role/NAME",
    severity=Severity.INFO,
    check=check,
    doc=__doc__ or "",
)
