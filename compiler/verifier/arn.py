"""ARNs as aws-iam-authenticator reads them: its own canonical form, path stripping and ArnLike.

The verifier keeps this separate from the compiler's normalization on purpose: the compiler
decides what to write, this module replays what the authenticator will do with it, including
its quirks (a configured role keeps its path, the account is not checked to be 12 digits).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

# The partitions the authenticator accepts (pkg/endpoints PARTITIONS, same order).
PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc")

_ARN_PREFIX = "arn:"
_ARN_SECTIONS = 6


class PrincipalType(enum.Enum):
    """What kind of identity an ARN names, as the authenticator classifies it."""

    ROLE = "role"
    USER = "user"
    ROOT = "root"
    FEDERATED_USER = "federated-user"
    ASSUMED_ROLE = "assumed-role"


class ArnError(ValueError):
    """An ARN the authenticator would refuse as an identity."""


@dataclass(frozen=True)
class ParsedArn:
    """The six colon-separated sections of an ARN; the resource keeps any further colons."""

    partition: str
    service: str
    region: str
    account: str
    resource: str


def parse_arn(arn: str) -> ParsedArn:
    """Split an ARN the way the AWS SDK does: a prefix check and six sections, nothing more."""
    if not arn.startswith(_ARN_PREFIX):
        raise ArnError(f"{arn!r} is not an ARN: it must start with 'arn:'")
    sections = arn.split(":", _ARN_SECTIONS - 1)
    if len(sections) != _ARN_SECTIONS:
        raise ArnError(f"{arn!r} is not an ARN: it needs six ':'-separated sections")
    _, partition, service, region, account, resource = sections
    return ParsedArn(partition, service, region, account, resource)


def _parse_known_partition(arn: str) -> ParsedArn:
    parsed = parse_arn(arn)
    if parsed.partition not in PARTITIONS:
        raise ArnError(f"{arn!r} has partition {parsed.partition!r}, which the authenticator does not know")
    return parsed


def canonicalize(arn: str) -> tuple[PrincipalType, str]:
    """Return the principal type and the ARN the authenticator matches on.

    An STS assumed-role ARN becomes its IAM role (keeping any path written between the
    role name and the session); every other identity ARN is returned unchanged.
    """
    parsed = _parse_known_partition(arn)
    parts = parsed.resource.split("/")
    if parsed.service == "sts":
        return _canonical_sts(arn, parsed, parts)
    if parsed.service == "iam":
        return _canonical_iam(arn, parts[0]), arn
    raise ArnError(f"{arn!r}: service {parsed.service!r} does not name identities (only iam and sts do)")


def _canonical_sts(arn: str, parsed: ParsedArn, parts: list[str]) -> tuple[PrincipalType, str]:
    if parts[0] == "federated-user":
        return PrincipalType.FEDERATED_USER, arn
    if parts[0] != "assumed-role":
        raise ArnError(f"{arn!r}: sts resource {parsed.resource!r} is not an identity")
    if len(parts) < 3:
        raise ArnError(f"{arn!r}: an assumed-role ARN needs a role name and a session name")
    role = "/".join(parts[1:-1])
    return PrincipalType.ASSUMED_ROLE, f"arn:{parsed.partition}:iam::{parsed.account}:role/{role}"


def _canonical_iam(arn: str, resource_type: str) -> PrincipalType:
    kinds = {"role": PrincipalType.ROLE, "user": PrincipalType.USER, "root": PrincipalType.ROOT}
    if resource_type not in kinds:
        raise ArnError(f"{arn!r}: iam resource {resource_type!r} is not an identity (only user, role, root)")
    return kinds[resource_type]


def strip_path(arn: str) -> str:
    """Drop the path of an IAM role ARN (role/a/b/Name -> role/Name); other ARNs are unchanged."""
    parsed = _parse_known_partition(arn)
    parts = parsed.resource.split("/")
    if parts[0] != "role" or len(parts) <= 2:
        return arn
    return f"arn:{parsed.partition}:iam::{parsed.account}:role/{parts[-1]}"


def quote_arn_like(section: str) -> str:
    """Turn one ArnLike pattern section into a regular expression body.

    Regex metacharacters are escaped, except that `*` and `?` become `.*` and `.?`.
    """
    special = "\\.+()|[]{}^$"
    out = []
    for char in section:
        if char in special:
            out.append("\\" + char)
        elif char in "*?":
            out.append("." + char)
        else:
            out.append(char)
    return "".join(out)


def arn_like(arn: str, pattern: str) -> bool:
    """IAM's ArnLike: every section of `arn` must match the same section of `pattern` in full."""
    arn_sections = _arn_like_sections(arn, "arn")
    pattern_sections = _arn_like_sections(pattern, "pattern")
    return all(
        re.fullmatch(quote_arn_like(pattern_section), arn_section) is not None
        for arn_section, pattern_section in zip(arn_sections, pattern_sections, strict=True)
    )


def _arn_like_sections(value: str, what: str) -> list[str]:
    if not value.startswith(_ARN_PREFIX):
        raise ArnError(f"ArnLike {what} {value!r} does not start with 'arn:'")
    sections = value.split(":", _ARN_SECTIONS - 1)
    if len(sections) != _ARN_SECTIONS:
        raise ArnError(f"ArnLike {what} {value!r} needs six ':'-separated sections")
    return sections
