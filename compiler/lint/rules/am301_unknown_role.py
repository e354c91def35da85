"""A grant names a Role that no document declares (and that is not a builtin).

Failing::

    access:
      - {clusters: [prod-use1], namespaces: [payments], role: developr}

Passing::

    access:
      - {clusters: [prod-use1], namespaces: [payments], role: developer}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import grants
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for _, grant in grants(model):
        if grant.role not in model.roles:
            guess = difflib.get_close_matches(grant.role, list(model.roles), n=1)
            hint = f" (did you mean {guess[0]!r}?)" if guess else ""
            yield ctx.at(RULE, grant.ref.child("role"),
                         f"role {grant.role!r} is not defined{hint}; declare a Role document or use a builtin "
                         "(view, edit, admin, cluster-admin)")


RULE = Rule(
    code="AM301",
    name="unknown-role",
    summary="a grant naming an undefined role",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
)
