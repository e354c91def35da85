"""Why an identity is not mapped: the configured entries nearest to it, and what is wrong with each.

Looked at, in every backend the manifests configure (asked by the authenticator or not): the same
ARN in a backend the authenticator does not read, a role written as an STS assumed-role ARN
(aws-auth compares it as written), the same name with a path, configured as a user instead of a
role (or the reverse), in another account or partition, a similar name, an `sso:` matcher that
cannot match; and the entries the backends dropped while loading. Without any of these, the
entries of the same account are listed.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from compiler.verifier.arn import ArnError, arn_like, canonicalize, parse_arn
from compiler.verifier.authenticate import Authentication
from compiler.verifier.backends import Backend, CrdBackend, MappingsBackend
from compiler.verifier.identity import Identity

_MAX_SAME_ACCOUNT = 5


@dataclass(frozen=True)
class Candidate:
    """A configured entry close to the identity, and why it does not map it."""

    backend: str
    section: str
    configured: str
    why: str
    source: str

    def to_json(self) -> dict[str, str]:
        return {"backend": self.backend, "section": self.section, "configured": self.configured,
                "why": self.why, "source": self.source}


@dataclass(frozen=True)
class Explanation:
    """The cluster's answer plus, for an identity it does not map, the nearest configured entries."""

    authentication: Authentication
    candidates: tuple[Candidate, ...]
    problems: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        identity = self.authentication.identity
        return {**self.authentication.result.to_json(),
                "identity": None if identity is None else {
                    "arn": identity.arn, "canonicalArn": identity.canonical_arn,
                    "account": identity.account_id, "userId": identity.user_id,
                    "sessionName": identity.session_name, "accessKeyId": identity.access_key_id},
                "candidates": [candidate.to_json() for candidate in self.candidates],
                "problems": list(self.problems)}


def explain(authentication: Authentication) -> Explanation:
    chain, identity = authentication.chain, authentication.identity
    problems = tuple(f"{backend.name}: {problem}" for backend in (*chain.backends, *chain.dormant)
                     for problem in backend.problems)
    if authentication.result.authenticated or identity is None:
        return Explanation(authentication, (), problems)
    return Explanation(authentication, nearest_candidates(authentication, identity), problems)


def nearest_candidates(authentication: Authentication, identity: Identity) -> tuple[Candidate, ...]:
    chain, result = authentication.chain, authentication.result
    found: list[Candidate] = []
    if result.matched:
        found.append(Candidate(result.matched["backend"], result.matched["section"], result.matched["key"],
                               result.reason, result.matched["source"]))
    active = {backend.name for backend in chain.backends}
    for backend in (*chain.backends, *chain.dormant):
        for section, configured, source in _configured(backend):
            why = _difference(identity, backend, section, configured, active)
            if why:
                found.append(Candidate(backend.name, section, configured, why, source))
        if backend.name not in active and backend.allows_account(identity.account_id):
            found.append(Candidate(backend.name, "mapAccounts", identity.account_id,
                                   _unread(backend.name, active), backend.source))
    return tuple(found) or _same_account(chain.backends, identity)


def _configured(backend: Backend) -> Iterator[tuple[str, str, str]]:
    if isinstance(backend, MappingsBackend):
        for role in backend.roles:
            yield "mapRoles", role.rolearn or role.key, backend.source
        for _, user in backend.users:
            yield "mapUsers", user.userarn, backend.source
    elif isinstance(backend, CrdBackend):
        for entry in backend.entries:
            yield "IAMIdentityMapping", entry.arn, entry.source


def _unread(backend: str, active: set[str]) -> str:
    return (f"configured in {backend}, which this cluster's authenticator does not read "
            f"(its backends: {', '.join(sorted(active)) or 'none'})")


@dataclass(frozen=True)
class _Principal:
    partition: str
    account: str
    kind: str
    path: str
    name: str

    @classmethod
    def of(cls, arn: str) -> _Principal | None:
        try:
            parsed = parse_arn(arn)
        except ArnError:
            return None
        kind, _, rest = parsed.resource.partition("/")
        path, _, name = rest.rpartition("/")
        return cls(parsed.partition, parsed.account, kind, path.lower(), name.lower())


def _difference(identity: Identity, backend: Backend, section: str, configured: str,
                active: set[str]) -> str | None:
    target = identity.canonical_arn
    if configured.lower() == target.lower():
        return None if backend.name in active else _unread(backend.name, active)
    if "*" in configured:
        return _sso_difference(target, configured, backend)
    have, want = _Principal.of(configured), _Principal.of(target)
    if have is None or want is None:
        return None
    if have.kind == "assumed-role" and _canonical_lower(configured) == target.lower():
        if backend.name != "EKSConfigMap":  # the other backends canonicalize what they read
            return None if backend.name in active else _unread(backend.name, active)
        return f"written as an STS assumed-role ARN, which {backend.name} compares as written: write {target}"
    differences = (_path_difference(have, want, target), _kind_difference(have, want, section, target),
                   _place_difference(have, want), _similar_name(have, want))
    return next((why for why in differences if why), None)


def _canonical_lower(arn: str) -> str:
    try:
        return canonicalize(arn)[1].lower()
    except ArnError:
        return ""


def _path_difference(have: _Principal, want: _Principal, target: str) -> str | None:
    if (have.partition, have.account, have.kind, have.name) != (want.partition, want.account, want.kind,
                                                                 want.name) or have.path == want.path:
        return None
    if have.kind != "role":
        return f"the IAM path differs: STS reports {target}"
    pathless = _without_path(target)
    if not have.path:
        return (f"this identity is written with an IAM path, which STS never reports for a role session: "
                f"its sessions arrive as {pathless} and match this entry")
    return f"configured with an IAM path; STS reports roles without one: write {pathless}"


def _without_path(role_arn: str) -> str:
    prefix, _, resource = role_arn.partition(":role/")
    return f"{prefix}:role/{resource.rsplit('/', 1)[-1]}"


def _kind_difference(have: _Principal, want: _Principal, section: str, target: str) -> str | None:
    if (have.partition, have.account, have.path, have.name) != (want.partition, want.account, want.path,
                                                                 want.name) or have.kind == want.kind:
        return None
    wanted_section = "mapRoles" if want.kind == "role" else "mapUsers"
    return f"configured as a {have.kind} ({section}), but this identity is a {want.kind}: map {target} " \
           f"under {wanted_section}"


def _place_difference(have: _Principal, want: _Principal) -> str | None:
    if (have.kind, have.path, have.name) != (want.kind, want.path, want.name):
        return None
    if have.partition != want.partition:
        return f"the same {have.kind} in partition {have.partition}; this identity is in {want.partition}"
    if have.account != want.account:
        return f"the same {have.kind} in account {have.account}; this identity is in account {want.account}"
    return None


def _similar_name(have: _Principal, want: _Principal) -> str | None:
    if (have.partition, have.account, have.kind) != (want.partition, want.account, want.kind):
        return None
    if difflib.SequenceMatcher(None, have.name, want.name).ratio() < 0.75:
        return None
    return f"a similar {have.kind} name: {have.name} (this identity: {want.name})"


def _sso_difference(target: str, pattern: str, backend: Backend) -> str | None:
    if not isinstance(backend, MappingsBackend) or "awsreservedsso_" not in target.lower():
        return None
    if pattern.startswith("arn::"):
        aws_pattern = pattern.replace("arn::", "arn:aws:", 1)
        if arn_like(target.lower(), aws_pattern):
            return "an sso matcher with an explicit partition: the authenticator then matches no role"
        return None
    if arn_like(target.lower(), pattern) and not backend.sso_role_match:
        return ("an sso matcher would match, but the authenticator's SSORoleMatch feature gate is off "
                "(--feature-gates=SSORoleMatch=true); or map the role's ARN without its path")
    return None


def _same_account(backends: tuple[Backend, ...], identity: Identity) -> tuple[Candidate, ...]:
    found = []
    for backend in backends:
        for section, configured, source in _configured(backend):
            if configured.split(":")[4:5] == [identity.account_id]:
                why = "configured for the same account"
                found.append(Candidate(backend.name, section, configured, why, source))
    return tuple(found[:_MAX_SAME_ACCOUNT])


def format_text(explanation: Explanation) -> str:
    """The short, human form of an explanation: one `label  value` line each."""
    result, identity = explanation.authentication.result, explanation.authentication.identity
    lines = [("identity", identity.arn if identity else "(the token was refused)"),
             ("authenticated", "yes" if result.authenticated else "no")]
    if result.authenticated:
        lines += [("username", result.username), ("groups", ", ".join(result.groups)),
                  ("uid", result.uid or "(unknown)")]
    if result.matched:
        matched = result.matched
        where = f" ({matched['source']})" if matched["source"] else ""
        lines.append(("matched", f"{matched['backend']} {matched['section']} {matched['key']}{where}"))
    lines.append(("reason", result.reason))
    lines += [("nearest", f"{c.backend} {c.section} {c.configured}: {c.why}") for c in explanation.candidates]
    lines += [("problem", problem) for problem in explanation.problems]
    lines += [("note", note) for note in result.notes]
    width = max(len(label) for label, _ in lines)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in lines)


def format_json(explanation: Explanation) -> str:
    return json.dumps(explanation.to_json(), indent=2)


# The output formats of `authmap explain --format`.
FORMATTERS: dict[str, Callable[[Explanation], str]] = {"text": format_text, "json": format_json}
