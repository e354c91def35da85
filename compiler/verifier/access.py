"""Authentication followed by authorization: the whole answer a cluster gives one request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from compiler.verifier.authenticate import Authentication
from compiler.verifier.rbac import Authorizer, Decision, Request, UserInfo

AUTHENTICATED = "system:authenticated"


@dataclass(frozen=True)
class AccessAnswer:
    """`kubectl auth can-i`'s answer, with the mapping that led to the user and the rule that decided."""

    user: UserInfo | None
    authentication: Authentication | None
    decision: Decision

    @property
    def allowed(self) -> bool:
        return self.decision.allowed

    def to_json(self, request: Request) -> dict[str, Any]:
        result = self.authentication.result if self.authentication else None
        return {
            "authenticated": result.authenticated if result else self.user is not None,
            "username": self.user.name if self.user else (result.username if result else ""),
            "groups": list(self.user.groups) if self.user else [],
            "uid": result.uid if result else "",
            "matched": dict(result.matched) if result else {},
            "allowed": self.decision.allowed,
            "reason": self.decision.reason,
            "binding": self.decision.binding,
            "role": self.decision.role,
            "rule": self.decision.rule,
            "request": request.describe(),
            "notes": list(result.notes) if result else [],
        }


def user_of(authentication: Authentication) -> UserInfo | None:
    """The user the API server would see, or None when the authenticator refused the identity."""
    result = authentication.result
    return UserInfo(result.username, result.groups) if result.authenticated else None


def decide(authorizer: Authorizer, user: UserInfo | None, request: Request,
           authentication: Authentication | None = None) -> AccessAnswer:
    if user is None:
        reason = authentication.result.reason if authentication else "not authenticated"
        return AccessAnswer(None, authentication, Decision(False, f"not authenticated: {reason}"))
    return AccessAnswer(user, authentication, authorizer.authorize(user, request))


def format_text(answer: AccessAnswer, request: Request) -> str:
    lines = ["yes" if answer.allowed else "no"]
    if answer.user is not None:
        lines.append(f"  as {answer.user.name} (groups: {', '.join(answer.user.groups) or 'none'})")
    lines.append(f"  {request.describe()}: {answer.decision.reason}")
    if answer.decision.rule:
        rule = "; ".join(f"{k}: {', '.join(v)}" for k, v in answer.decision.rule.items())
        lines.append(f"  rule: {rule}")
    return "\n".join(lines)
