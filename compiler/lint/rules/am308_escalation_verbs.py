"""`escalate` and `bind` let the holder create roles and bindings beyond its own permissions;
`impersonate` lets it act as any user or group, `system:masters` included.

Failing::

    rules:
      - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind, escalate]}

Passing::

    rules:
      - {apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [get, list]}
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import rules_where
from compiler.model import Model, PolicyRule


def _explicit_escalation(rule: PolicyRule) -> bool:
    return bool({"escalate", "bind", "impersonate"}.intersection(rule.verbs))


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for role, ref in rules_where(model, _explicit_escalation):
        yield ctx.at(RULE, ref, f"role {role.name} uses escalate, bind or impersonate: "
                                f"the holder can grant itself, or act as, anybody")


RULE = Rule(
    code="AM308",
    name="escalation-verbs",
    summary="a rule with escalate, bind or impersonate",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
)
