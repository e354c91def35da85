"""A file that does not parse cannot be policy; in `aws-auth` the same mistake drops every role mapping.

Failing::

    members:
      - arn: arn:aws:iam::111122223333:user/alice
     username: alice

Passing::

    members:
      - arn: arn:aws:iam::111122223333:user/alice
        username: alice

Reported by the load pass.
"""

from __future__ import annotations

from compiler.lint.diagnostic import Rule, Severity

RULE = Rule(
    code="AM001",
    name="yaml-syntax",
    summary="the file is not valid YAML",
    severity=Severity.ERROR,
    doc=__doc__ or "",
)
