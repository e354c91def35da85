"""Reading secrets reads every credential stored in the namespace, including service account
tokens, which often carry more privilege than the reader.

Failing::

    rules:
      - {apiGroups: [""], resources: [secrets], verbs: [get, list]}

Passing::

    rules:
      - {apiGroups: [""], resources: [configmaps], verbs: [get, list]}
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import risk
from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import rules_where
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for role, ref in rules_where(model, risk.reads_secrets):
        yield ctx.at(RULE, ref, f"role {role.name} reads secrets: "
                                f"whoever holds it reads every credential in the namespace, "
                                f"service account tokens included")


RULE = Rule(
    code="AM306",
    name="secrets-read",
    summary="a rule that reads secrets",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
)
