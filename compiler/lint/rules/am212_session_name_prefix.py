"""A username built from a session name needs a fixed prefix before the session part.

Whoever assumes a role chooses its session name. `{{SessionName}}` alone can therefore be made equal
to any other user's name (or a `system:` name) and inherit that user's RBAC. The default role
username, `arn:aws:sts::ACCOUNT:assumed-role/NAME/{{SessionName}}`, has such a prefix.

Failing::

    username: "{{SessionName}}"

Passing::

    username: "okta:{{SessionName}}"
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import SESSION_VARIABLES, TEMPLATE, username_ref, usernames
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for principal, username in usernames(model):
        first = TEMPLATE.search(username)
        if first is not None and first.group(1) in SESSION_VARIABLES and not username[: first.start()].strip():
            yield ctx.at(RULE, username_ref(principal),
                         f"username {username!r} starts with a value the caller chooses; put a fixed prefix "
                         f"before it, e.g. \"{principal.ref.document.data['metadata']['name']}:{username}\"")


RULE = Rule(
    code="AM212",
    name="session-name-prefix",
    summary="a username that starts with a caller-chosen session value",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
)
