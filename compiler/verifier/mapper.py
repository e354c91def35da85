"""Map an authenticated AWS identity to a Kubernetes user, as aws-iam-authenticator's server does.

Backends are asked in chain order; the first that maps the identity wins. A backend that does
not map it but lists the identity's account in `mapAccounts` authenticates it with the ARN as
username and no groups. Usernames and groups are templates (`{{AccountID}}`, `{{SessionName}}`
with `@` turned into `-`, `{{SessionNameRaw}}`, `{{AccessKeyID}}`, `{{EC2PrivateDNSName}}`); a
username with a reserved prefix of its backend is refused. Kubernetes then adds
`system:authenticated` to the groups.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from compiler.verifier.backends import Backend, Match
from compiler.verifier.chain import Chain
from compiler.verifier.identity import Identity

AUTHENTICATED_GROUP = "system:authenticated"
EC2_TEMPLATE = "{{EC2PrivateDNSName}}"
# An EC2 instance ID: the only session name {{EC2PrivateDNSName}} can be resolved from (Go's \w is ASCII).
_INSTANCE_ID = re.compile(r"i-(\w{8}|\w{17})", re.ASCII)


@dataclass(frozen=True)
class MappingResult:
    """What the authenticator answers for one identity, and why."""

    authenticated: bool
    username: str
    groups: tuple[str, ...]
    uid: str
    matched: Mapping[str, Any]
    reason: str
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"authenticated": self.authenticated, "username": self.username, "groups": list(self.groups),
                "uid": self.uid, "matched": dict(self.matched), "reason": self.reason,
                "notes": list(self.notes)}


@dataclass(frozen=True)
class Ec2Names:
    """What EC2 would answer for instance private DNS names: per instance, or one name for any."""

    default: str | None = None
    by_instance: Mapping[str, str] = field(default_factory=dict)

    def lookup(self, instance_id: str) -> str | None:
        return self.by_instance.get(instance_id, self.default)


class TemplateError(ValueError):
    """A template the authenticator cannot render (it then refuses the identity)."""


def not_authenticated(reason: str, notes: tuple[str, ...] = (), matched: Mapping[str, Any] | None = None
                      ) -> MappingResult:
    return MappingResult(False, "", (), "", matched or {}, reason, notes)


def map_identity(chain: Chain, identity: Identity, ec2: Ec2Names | None = None) -> MappingResult:
    """The authenticator's answer for `identity` with this chain of backends."""
    if chain.failure:
        return not_authenticated(chain.failure, chain.notes)
    for backend in chain.backends:
        match = backend.lookup(identity)
        if match is not None:
            return _mapped(chain, backend, match, identity, ec2 or Ec2Names())
        if backend.allows_account(identity.account_id):
            return _account_allowed(chain, backend, identity)
    names = ", ".join(backend.name for backend in chain.backends) or "none"
    return not_authenticated(f"not mapped: no backend ({names}) maps {identity.canonical_arn.lower()}",
                             chain.notes)


def _matched(match: Match) -> dict[str, Any]:
    return {"backend": match.backend, "section": match.section, "entry": dict(match.entry), "key": match.key,
            "source": match.source}


def _mapped(chain: Chain, backend: Backend, match: Match, identity: Identity, ec2: Ec2Names) -> MappingResult:
    matched = _matched(match)
    try:
        username, user_notes = render_template(match.username, identity, ec2)
        rendered = [render_template(group, identity, ec2) for group in match.groups]
    except TemplateError as err:
        return not_authenticated(f"{match.backend} maps {identity.canonical_arn} with {match.key}, but {err}",
                                 chain.notes + match.notes, matched)
    prefix = next((p for p in backend.reserved_prefixes if p and username.startswith(p)), None)
    if prefix is not None:
        return not_authenticated(f"{match.backend} maps {identity.canonical_arn} to username {username!r}, "
                                 f"which starts with {prefix!r}, a prefix reserved for {match.backend}",
                                 chain.notes + match.notes, matched)
    group_notes = tuple(note for _, notes in rendered for note in notes)
    notes = chain.notes + match.notes + user_notes + group_notes
    groups = tuple(group for group, _ in rendered)
    reason = f"{match.backend} {match.section} entry {match.key} maps {identity.canonical_arn}"
    return _authenticated(chain, identity, username, groups, matched, reason, notes)


def _account_allowed(chain: Chain, backend: Backend, identity: Identity) -> MappingResult:
    matched = {"backend": backend.name, "section": "mapAccounts", "key": identity.account_id,
               "entry": {"mapAccounts": identity.account_id}, "source": backend.source}
    reason = (f"{backend.name} has no entry for {identity.canonical_arn}, but lists account "
              f"{identity.account_id} in mapAccounts: the username is the ARN, with no groups")
    return _authenticated(chain, identity, identity.canonical_arn, (), matched, reason, chain.notes)


def _authenticated(chain: Chain, identity: Identity, username: str, groups: tuple[str, ...],
                   matched: Mapping[str, Any], reason: str, notes: tuple[str, ...]) -> MappingResult:
    if AUTHENTICATED_GROUP not in groups:
        groups = (*groups, AUTHENTICATED_GROUP)
    uid, uid_notes = _uid(chain, identity, username)
    return MappingResult(True, username, groups, uid, matched, reason, notes + uid_notes)


def _uid(chain: Chain, identity: Identity, username: str) -> tuple[str, tuple[str, ...]]:
    if identity.account_id in chain.scrubbed_accounts:
        return f"aws-iam-authenticator:administrative:{username}", ()
    if not identity.user_id:
        return "", ("no uid: it is aws-iam-authenticator:ACCOUNT:USERID and the user ID is unknown; "
                    "give --user-id",)
    return f"aws-iam-authenticator:{identity.account_id}:{identity.user_id}", ()


def render_template(template: str, identity: Identity, ec2: Ec2Names) -> tuple[str, tuple[str, ...]]:
    """Render a username or group template in upstream's order; an unknown EC2 name stays, with a note."""
    notes: tuple[str, ...] = ()
    if EC2_TEMPLATE in template:
        template, notes = _render_ec2(template, identity, ec2)
    template = template.replace("{{AccountID}}", identity.account_id)
    template = template.replace("{{SessionName}}", identity.session_name.replace("@", "-"))
    template = template.replace("{{SessionNameRaw}}", identity.session_name)
    if "{{AccessKeyID}}" in template and not identity.access_key_id:
        notes += ("{{AccessKeyID}} rendered empty: only a token carries the access key ID",)
    return template.replace("{{AccessKeyID}}", identity.access_key_id), notes


def _render_ec2(template: str, identity: Identity, ec2: Ec2Names) -> tuple[str, tuple[str, ...]]:
    if not _INSTANCE_ID.fullmatch(identity.session_name):
        raise TemplateError(f"{template!r} needs an EC2 instance ID as session name, and the session name is "
                            f"{identity.session_name!r}")
    name = ec2.lookup(identity.session_name)
    if name is None:
        return template, (f"{EC2_TEMPLATE} is left unrendered: EC2 would give the private DNS name of "
                          f"{identity.session_name}; pass it with --ec2-private-dns-name",)
    return template.replace(EC2_TEMPLATE, name), ()
