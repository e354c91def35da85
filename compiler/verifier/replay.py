"""Replay TokenTests against a cluster's manifests and compare with what each test expects.

A test names a cluster, a token and/or the identity STS answered, optionally a keyring for the
offline signature check, and the replay clock `at`. Without `at`, a token is replayed at the time
it was signed, so a fixture gives the same verdict next year; expiry is then tested by giving
`at` explicitly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.verifier.access import AUTHENTICATED, decide, user_of
from compiler.verifier.authenticate import Authentication, IdentityInput, authenticate
from compiler.verifier.keyring import SAMPLE, Keyring, load_keyring, sample_keyring
from compiler.verifier.manifests import ManifestSet
from compiler.verifier.mapper import Ec2Names
from compiler.verifier.rbac import Authorizer
from compiler.verifier.requests import parse_check
from compiler.verifier.token import iso_time, signed_at


@dataclass(frozen=True)
class TokenTestCase:
    """One TokenTest as the verifier needs it: its spec, and the file it was written in."""

    name: str
    spec: Mapping[str, Any]
    file: Path
    line: int = 1

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Outcome:
    name: str
    cluster: str
    where: str
    failures: tuple[str, ...]
    authentication: Authentication | None = field(default=None, compare=False)

    @property
    def passed(self) -> bool:
        return not self.failures


class ClusterView:
    """One cluster's manifests, with the authorizer built once for every test that uses it."""

    def __init__(self, manifests: ManifestSet) -> None:
        self.manifests = manifests
        self.authorizer = Authorizer.from_objects(manifests.raw_objects, builtins=True)


def replay(case: TokenTestCase, view: ClusterView) -> Outcome:
    spec = case.spec
    authentication = authenticate(view.manifests, identity_input(case))
    failures = [*_identity_failures(spec["expect"], authentication), *_access_failures(spec["expect"],
                                                                                       authentication, view)]
    return Outcome(case.name, spec["cluster"], case.where, tuple(failures), authentication)


def identity_input(case: TokenTestCase) -> IdentityInput:
    spec = case.spec
    identity = spec.get("identity", {})
    ec2 = Ec2Names(identity.get("ec2PrivateDNSName"))
    token = spec.get("token")
    if token is None:
        return IdentityInput(arn=identity["arn"], user_id=identity.get("userId"), ec2=ec2)
    at = iso_time(spec["at"]) if "at" in spec else signed_at(token)
    keyring = _keyring(spec.get("keyring"), case.file)
    if keyring is not None:
        return IdentityInput(token=token, at=at, keyring=keyring, ec2=ec2)
    return IdentityInput(token=token, at=at, identity_arn=identity["arn"], user_id=identity.get("userId"),
                         ec2=ec2)


def _keyring(name: str | None, test_file: Path) -> Keyring | None:
    if name is None:
        return None
    if name == SAMPLE:
        return sample_keyring()
    return load_keyring(test_file.parent / name)


def _identity_failures(expect: Mapping[str, Any], authentication: Authentication) -> list[str]:
    result = authentication.result
    failures = []
    if result.authenticated != expect["authenticated"]:
        verdict = "authenticated" if result.authenticated else f"not authenticated ({result.reason})"
        failures.append(f"expected authenticated: {str(expect['authenticated']).lower()}, but {verdict}")
        return failures
    if "username" in expect and result.username != expect["username"]:
        failures.append(f"expected username {expect['username']!r}, got {result.username!r}")
    groups = sorted(g for g in result.groups if g != AUTHENTICATED)
    if "groups" in expect and groups != sorted(expect["groups"]):
        failures.append(f"expected groups {sorted(expect['groups'])}, got {groups}")
    if "reason" in expect and expect["reason"].lower() not in result.reason.lower():
        failures.append(f"expected the reason to mention {expect['reason']!r}, got {result.reason!r}")
    return failures


def _access_failures(expect: Mapping[str, Any], authentication: Authentication, view: ClusterView) -> list[str]:
    user = user_of(authentication)
    failures = []
    for wanted, checks in ((True, expect.get("can", [])), (False, expect.get("cannot", []))):
        for check in checks:
            try:
                request = parse_check(check)
            except ValueError as err:
                failures.append(str(err))
                continue
            answer = decide(view.authorizer, user, request, authentication)
            if answer.allowed != wanted:
                verdict = "allowed" if answer.allowed else "denied"
                failures.append(f"expected {check!r} to be {'allowed' if wanted else 'denied'}, but it is "
                                f"{verdict}: {answer.decision.reason}")
    return failures
