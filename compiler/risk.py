"""What makes an RBAC rule dangerous: shared by lint (a Role's rules) and diff (what a change grants).

Each check looks at one rule the way the RBAC authorizer would match it, so a rule granting
`*` on `*` counts as reading secrets too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


class RuleLike(Protocol):
    @property
    def verbs(self) -> tuple[str, ...]: ...
    @property
    def api_groups(self) -> tuple[str, ...]: ...
    @property
    def resources(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Risk:
    id: str
    summary: str


WILDCARD = Risk("wildcard", "wildcard verbs, resources or API groups")
SECRETS_READ = Risk("secrets-read", "reads secrets")
EXEC_ATTACH = Risk("exec-attach", "exec or attach into pods")
ESCALATION_VERBS = Risk("escalation-verbs", "escalate, bind or impersonate")
NODES_PROXY = Risk("nodes-proxy", "nodes/proxy (the kubelet API, command execution on any pod of the node)")
SERVICEACCOUNT_TOKEN = Risk("serviceaccount-token", "mints service account tokens")

_READ = {"get", "list", "watch", "*"}


def _any(values: tuple[str, ...], wanted: set[str]) -> bool:
    return bool(wanted.intersection(values))


def _core(rule: RuleLike) -> bool:
    return _any(rule.api_groups, {"", "*"})


def _resource(rule: RuleLike, name: str) -> bool:
    """Whether the rule's resources cover `name` (`pods/exec` is covered by `*` and `*/exec`)."""
    if "*" in rule.resources or name in rule.resources:
        return True
    return "/" in name and f"*/{name.split('/', 1)[1]}" in rule.resources


def is_wildcard(rule: RuleLike) -> bool:
    return "*" in rule.verbs or "*" in rule.resources or "*" in rule.api_groups


def reads_secrets(rule: RuleLike) -> bool:
    return _core(rule) and _resource(rule, "secrets") and _any(rule.verbs, _READ)


def execs_into_pods(rule: RuleLike) -> bool:
    subresource = _resource(rule, "pods/exec") or _resource(rule, "pods/attach")
    return _core(rule) and subresource and _any(rule.verbs, {"create", "get", "*"})


def escalates(rule: RuleLike) -> bool:
    return _any(rule.verbs, {"escalate", "bind", "impersonate", "*"}) and bool(rule.resources)


def proxies_nodes(rule: RuleLike) -> bool:
    return _core(rule) and _resource(rule, "nodes/proxy") and bool(rule.verbs)


def mints_tokens(rule: RuleLike) -> bool:
    return _core(rule) and _resource(rule, "serviceaccounts/token") and _any(rule.verbs, {"create", "*"})


CHECKS: tuple[tuple[Risk, Callable[[RuleLike], bool]], ...] = (
    (WILDCARD, is_wildcard),
    (SECRETS_READ, reads_secrets),
    (EXEC_ATTACH, execs_into_pods),
    (ESCALATION_VERBS, escalates),
    (NODES_PROXY, proxies_nodes),
    (SERVICEACCOUNT_TOKEN, mints_tokens),
)


def risks_of(rule: RuleLike) -> list[Risk]:
    return [risk for risk, applies in CHECKS if applies(rule)]
