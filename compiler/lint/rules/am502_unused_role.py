"""A Role document that no grant uses is dead policy, or a grant that names something else.

Failing: `roles/auditor.yaml` declares `auditor`, and no team grants it.

Passing: some team's access entry has `role: auditor`.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import grants
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    used = {grant.role for _, grant in grants(model)}
    for role in model.roles.values():
        if role.ref is not None and role.name not in used:
            yield ctx.at(RULE, role.ref.child("metadata", "name"),
                         f"role {role.name} is not granted to any team; remove it or grant it")


RULE = Rule(
    code="AM502",
    name="unused-role",
    summary="a Role no team is granted",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
)
