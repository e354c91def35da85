"""A username with a line break or another control character is refused.

Kubernetes would accept it, but it breaks audit log lines and `kubectl` output, and in a
hand-edited `aws-auth` it is how one entry is smuggled into the next. authmap's emitter would
quote it safely; the policy is still wrong.

Failing::

    username: "okta:{{SessionName}}\\n- rolearn: arn:aws:iam::111122223333:role/admin"

Passing::

    username: "okta:{{SessionName}}"
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import username_ref, usernames
from compiler.model import Model

_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for principal, username in usernames(model):
        found = _CONTROL.search(username)
        if found is not None:
            yield ctx.at(RULE, username_ref(principal),
                         f"username {username!r} contains the control character {found.group()!r}; "
                         "usernames are one line of printable text")


RULE = Rule(
    code="AM219",
    name="username-characters",
    summary="a username with a line break or control character",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
)
