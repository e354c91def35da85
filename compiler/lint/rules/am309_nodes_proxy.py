"""`nodes/proxy` reaches the kubelet API, which can run commands in every pod on the node without
admission control or audit of the pod-level request.

Failing::

    rules:
      - {apiGroups: [""], resources: [nodes/proxy], verbs: [get]}

Passing::

    rules:
      - {apiGroups: [""], resources: [nodes], verbs: [get, list]}
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import risk
from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import rules_where
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for role, ref in rules_where(model, risk.proxies_nodes):
        yield ctx.at(RULE, ref, f"role {role.name} allows nodes/proxy: "
                                f"the kubelet API runs commands in any pod of the node, bypassing admission")


RULE = Rule(
    code="AM309",
    name="nodes-proxy",
    summary="a rule that allows nodes/proxy",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
)
