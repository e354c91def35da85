"""A `*` in verbs, resources or apiGroups grants everything of that kind, today and after every
upgrade or CRD install: secrets, escalation verbs and all.

Failing::

    rules:
      - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}

Passing::

    rules:
      - {apiGroups: [apps], resources: [deployments], verbs: [get, list, watch, update]}
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import risk
from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import declared_rules
from compiler.model import Model, PolicyRule


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for role, _, rule, ref in declared_rules(model):
        if risk.is_wildcard(rule):
            yield ctx.at(RULE, ref, f"role {role.name} grants wildcard {_wildcards(rule)}: every current and "
                                    "future match is included, secrets and escalation too; list what is needed")


def _wildcards(rule: PolicyRule) -> str:
    fields = (("verbs", rule.verbs), ("resources", rule.resources), ("apiGroups", rule.api_groups))
    return ", ".join(name for name, values in fields if "*" in values)


RULE = Rule(
    code="AM305",
    name="wildcard-rule",
    summary="a rule with wildcard verbs, resources or API groups",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
)
