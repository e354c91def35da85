"""`pods/exec` and `pods/attach` give a shell in running containers, with their service account
tokens, mounted secrets and network position.

Failing::

    rules:
      - {apiGroups: [""], resources: [pods/exec], verbs: [create]}

Passing::

    rules:
      - {apiGroups: [""], resources: [pods/log], verbs: [get]}
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import risk
from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import rules_where
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for role, ref in rules_where(model, risk.execs_into_pods):
        yield ctx.at(RULE, ref, f"role {role.name} allows exec/attach into pods: "
                                f"a shell in a pod runs with the pod's service account and mounted secrets")


RULE = Rule(
    code="AM307",
    name="exec-attach",
    summary="a rule that allows exec or attach into pods",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
)
