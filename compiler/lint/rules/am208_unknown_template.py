"""Only five template variables exist; any other `{{...}}` stays literal at authentication time.

The authenticator renders `{{AccountID}}`, `{{SessionName}}` (with `@` turned into `-`),
`{{SessionNameRaw}}`, `{{AccessKeyID}}` and, for node roles, `{{EC2PrivateDNSName}}`. A misspelled
variable is not an error there: the username simply contains the braces.

Failing::

    username: "payments:{{SessionNmae}}"

Passing::

    username: "payments:{{SessionName}}"
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import TEMPLATE, TEMPLATE_VARIABLES, username_ref, usernames
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for principal, username in usernames(model):
        unknown = [v for v in TEMPLATE.findall(username) if v not in TEMPLATE_VARIABLES]
        if unknown:
            yield ctx.at(RULE, username_ref(principal),
                         f"unknown template variable {{{{{unknown[0]}}}}} in username {username!r}; "
                         f"the variables are " + ", ".join(f"{{{{{v}}}}}" for v in TEMPLATE_VARIABLES))


RULE = Rule(
    code="AM208",
    name="unknown-template",
    summary="a {{...}} in a username that is not a template variable",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
)
