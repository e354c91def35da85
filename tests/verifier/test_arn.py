"""ARN canonicalization, path stripping and ArnLike, checked against aws-iam-authenticator's pkg/arn tests."""

from __future__ import annotations

from typing import Any

import pytest

from compiler.verifier.arn import ArnError, arn_like, canonicalize, quote_arn_like, strip_path

from .support import cases

VECTORS = "authenticator_arn.json"


@pytest.mark.parametrize("case", cases(VECTORS, "canonicalize"))
def test_canonicalize_matches_upstream(case: dict[str, Any]) -> None:
    if case.get("error"):
        with pytest.raises(ArnError):
            canonicalize(case["arn"])
        return
    principal_type, canonical = canonicalize(case["arn"])
    assert (principal_type.value, canonical) == (case["type"], case["canonical"])


@pytest.mark.parametrize("case", cases(VECTORS, "strip_path"))
def test_strip_path_matches_upstream(case: dict[str, Any]) -> None:
    if case.get("error"):
        with pytest.raises(ArnError):
            strip_path(case["arn"])
        return
    assert strip_path(case["arn"]) == case["stripped"]


@pytest.mark.parametrize("case", cases(VECTORS, "arn_like"))
def test_arn_like_matches_upstream(case: dict[str, Any]) -> None:
    if case.get("error"):
        with pytest.raises(ArnError):
            arn_like(case["arn"], case["pattern"])
        return
    assert arn_like(case["arn"], case["pattern"]) is case["match"]


@pytest.mark.parametrize("case", cases(VECTORS, "quote_meta"))
def test_quote_meta_matches_upstream(case: dict[str, Any]) -> None:
    assert quote_arn_like(case["input"]) == case["expected"]


@pytest.mark.parametrize("arn", [
    "arn:aws-invented:iam::111122223333:role/Dev",   # unknown partition
    "arn:aws:s3:::bucket",                           # not an identity service
    "arn:aws:iam::111122223333:group/Admins",        # IAM groups are not principals
    "arn:aws:sts::111122223333:assumed-role/OnlyRole",
])
def test_non_identities_are_refused(arn: str) -> None:
    with pytest.raises(ArnError):
        canonicalize(arn)


def test_a_configured_role_keeps_its_path() -> None:
    # STS never reports the path, so a configured role with one can never match (SPEC §2).
    role = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_X_1"
    assert canonicalize(role)[1] == role
    assert strip_path(role) == "arn:aws:iam::111122223333:role/AWSReservedSSO_X_1"
