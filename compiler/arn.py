"""ARN normalization: what authmap writes for a principal, and what the authenticator compares.

aws-iam-authenticator canonicalizes the *caller's* ARN (an STS assumed-role becomes its IAM role)
and lower-cases it, but it does not canonicalize or strip the path from ARNs in `aws-auth`, and
STS reports an assumed role without its IAM path. So a principal must be written into the
ConfigMaps as `role/NAME`: `canonical` below is that form, and `match_key` is what the
authenticator will compare it with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc")
PrincipalKind = Literal["user", "role", "root", "assumed-role", "federated-user"]
ErrorKind = Literal["syntax", "partition", "account", "group", "resource"]
_ACCOUNT = re.compile(r"[0-9]{12}")


class ArnError(ValueError):
    """An ARN that is not a usable identity; `kind` lets lint pick the rule that reports it."""

    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class ParsedArn(NamedTuple):
    """The fields of an ARN after `arn:` (a named tuple: one is built for every ARN read, so cheaply)."""

    partition: str
    service: str
    region: str
    account: str
    resource: str


@dataclass(frozen=True, slots=True)
class PrincipalArn:
    """One identity ARN, as written and as authmap emits it."""

    input: str
    canonical: str
    kind: PrincipalKind
    partition: str
    account: str
    name: str
    path: str
    match_key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "match_key", self.canonical.lower())

    @property
    def is_role(self) -> bool:
        return self.kind in ("role", "assumed-role")

    @property
    def had_path(self) -> bool:
        return self.kind == "role" and self.path != "/"


def parse(text: str) -> ParsedArn:
    """Split an ARN into its six fields, as the AWS SDKs' ARN parser does."""
    parts = text.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        raise ArnError("syntax", f"{text!r} is not an ARN (expected arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)")
    _, partition, service, region, account, resource = parts
    if not partition or not service or not resource:
        raise ArnError("syntax", f"{text!r} is not an ARN: the partition, service and resource must not be empty")
    return ParsedArn(partition, service, region, account, resource)


def authenticator_canonical(text: str) -> tuple[PrincipalKind, str]:
    """aws-iam-authenticator's own canonical form of a caller ARN (role paths kept)."""
    arn = _parse_identity(text)
    segments = arn.resource.split("/")
    kind = _kind(arn, segments, text)
    if kind == "assumed-role":
        return kind, _role_arn(arn, "/".join(segments[1:-1]))
    return kind, text


def strip_path(text: str) -> str:
    """A role ARN without its IAM path; other ARNs unchanged (the authenticator's StripPath)."""
    arn = _parse_identity(text)
    segments = arn.resource.split("/")
    if segments[0] != "role" or len(segments) <= 2:
        return text
    return _role_arn(arn, segments[-1])


def principal(text: str) -> PrincipalArn:
    """Validate an identity ARN and give the form authmap writes (role path removed).

    The same as `strip_path(authenticator_canonical(text))`, with authmap's stricter checks (a
    12-digit account, no region), parsing the ARN once.
    """
    arn = _parse_identity(text)
    _check_account(text, arn.account)
    if arn.region:
        raise ArnError("syntax", f"{text!r} has region {arn.region!r}, but IAM and STS identity ARNs are "
                                 "global: they never carry a region (arn:PARTITION:iam::ACCOUNT:...)")
    segments = arn.resource.split("/")
    kind = _kind(arn, segments, text)
    if kind in ("role", "user", "federated-user") and (len(segments) < 2 or not segments[-1]):
        raise ArnError("resource", f"{text!r} names no {kind} (expected {kind}/NAME)")
    if kind == "assumed-role" and not segments[-2]:
        raise ArnError("resource", f"assumed-role ARN {text!r} names no role (expected assumed-role/ROLE/SESSION)")
    if kind == "role" or kind == "assumed-role":
        name = segments[-1] if kind == "role" else segments[-2]
        return PrincipalArn(text, _role_arn(arn, name), kind, arn.partition, arn.account, name,
                            _path_of(segments, kind))
    name = "root" if kind == "root" else segments[-1]
    return PrincipalArn(text, text, kind, arn.partition, arn.account, name, _path_of(segments, kind))


def _kind(arn: ParsedArn, segments: list[str], text: str) -> PrincipalKind:
    if arn.service == "iam":
        return _iam_kind(arn, segments[0], text)
    if segments[0] == "federated-user":
        return "federated-user"
    if segments[0] != "assumed-role":
        raise ArnError("resource", f"{text!r} is an sts {segments[0]!r}; only assumed-role and "
                                   "federated-user sts ARNs are identities")
    if len(segments) < 3:
        raise ArnError("resource", f"assumed-role ARN {text!r} names no role and session "
                                   "(expected assumed-role/ROLE/SESSION)")
    return "assumed-role"


def _parse_identity(text: str) -> ParsedArn:
    arn = parse(text)
    if arn.partition not in PARTITIONS:
        raise ArnError("partition", f"{text!r} has partition {arn.partition!r}; expected one of "
                                    + ", ".join(PARTITIONS))
    if arn.service not in ("iam", "sts"):
        raise ArnError("resource", f"{text!r} is a {arn.service} ARN; only iam users, roles and root, and sts "
                                   "assumed-roles and federated users are identities")
    return arn


def _iam_kind(arn: ParsedArn, resource_type: str, text: str) -> PrincipalKind:
    if resource_type in ("role", "user", "root"):
        kind: PrincipalKind = resource_type  # type: ignore[assignment]
        return kind
    if resource_type == "group":
        raise ArnError("group", f"{text!r} is an IAM group, which is not a principal: nobody authenticates as a "
                                "group. Map an IAM role the group's members can assume instead")
    raise ArnError("resource", f"{text!r} is an iam {resource_type!r}; only users, roles and root are identities")


def _check_account(text: str, account: str) -> None:
    if not _ACCOUNT.fullmatch(account):
        raise ArnError("account", f"{text!r} has account {account!r}; an AWS account ID is exactly 12 digits "
                                  "(keep leading zeros)")


def _role_arn(arn: ParsedArn, name: str) -> str:
    return f"arn:{arn.partition}:iam::{arn.account}:role/{name}"


def _path_of(segments: list[str], kind: PrincipalKind) -> str:
    if kind in ("role", "user") and len(segments) > 2:
        return "/" + "/".join(segments[1:-1]) + "/"
    return "/"
