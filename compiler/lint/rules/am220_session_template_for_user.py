"""`{{SessionName}}` is empty for an IAM user, so a user's username must not be built from it.

The authenticator takes the session name from the part of STS's user ID after the colon, and only
for role sessions: an IAM user's ID (`AIDA...`) has none, and for the root user and federated users
it keeps the whole ID as the user ID (aws-iam-authenticator `pkg/token/token.go`). So
`{{SessionName}}` and `{{SessionNameRaw}}` render as nothing for them: `"dev:{{SessionName}}"`
becomes `dev:` for every such principal mapped that way, and they all share one Kubernetes
identity.

Failing::

    members:
      - arn: arn:aws:iam::111122223333:user/alice
        username: "dev:{{SessionName}}"

Passing::

    members:
      - arn: arn:aws:iam::111122223333:user/alice
        username: "alice"
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import SESSION_VARIABLES, TEMPLATE, username_ref, usernames
from compiler.model import Model

_SESSIONLESS = {"user": "an IAM user", "root": "the root user", "federated-user": "a federated user"}


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for principal, username in usernames(model):
        if principal.arn is None or principal.arn.kind not in _SESSIONLESS:
            continue
        if any(found.group(1) in SESSION_VARIABLES for found in TEMPLATE.finditer(username)):
            rendered = TEMPLATE.sub(lambda m: "" if m.group(1) in SESSION_VARIABLES else m.group(0), username)
            who = _SESSIONLESS[principal.arn.kind]
            yield ctx.at(RULE, username_ref(principal),
                         f"STS reports no session name for {who}, so {username!r} renders as {rendered!r} for "
                         f"every caller; write the user's own name (e.g. {principal.arn.name!r}) instead")


RULE = Rule(
    code="AM220",
    name="session-template-for-user",
    summary="{{SessionName}} in an IAM user's username, where it is always empty",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
)
