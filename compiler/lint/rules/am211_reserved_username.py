"""Usernames starting with `system:`, `eks:`, `aws:`, `amazon:` or `iam:` are reserved.

Kubernetes gives `system:` names meaning (nodes, service accounts, controllers), EKS refuses the
others for access entries, and aws-iam-authenticator can be configured to refuse them; a policy that
chooses such a name could impersonate a component.

Failing::

    username: system:admin

Passing::

    username: platform-admin
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import username_ref, usernames
from compiler.model import Model

RESERVED_PREFIXES = ("system:", "eks:", "aws:", "amazon:", "iam:")


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for principal, username in usernames(model):
        prefix = next((p for p in RESERVED_PREFIXES if username.startswith(p)), None)
        if prefix is not None:
            yield ctx.at(RULE, username_ref(principal),
                         f"username {username!r} starts with the reserved prefix {prefix!r}; choose a name "
                         "outside system:, eks:, aws:, amazon:, iam:")


RULE = Rule(
    code="AM211",
    name="reserved-username",
    summary="a username with a reserved prefix",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
)
