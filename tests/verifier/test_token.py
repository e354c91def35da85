"""Token checks before STS, host allow-list and the identity built from STS's answer (pkg/token tests)."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

import pytest

from compiler.verifier.identity import StsAnswer, StsRejected, identity_from_sts_answer
from compiler.verifier.sts_hosts import (
    HostRejected,
    default_sts_hosts,
    is_valid_region_format,
    sts_region,
    verify_sts_host,
)
from compiler.verifier.token import TokenRejected, verify_token

from .support import cases, load_vectors, parse_time

VECTORS = "authenticator_token.json"
TOKEN_VECTORS = load_vectors(VECTORS)
AT = parse_time(TOKEN_VECTORS["at"])


def to_token(url: str) -> str:
    return "k8s-aws-v1." + base64.urlsafe_b64encode(url.encode()).decode().rstrip("=")


def vector_token(case: dict[str, Any]) -> str:
    if "nul_bytes" in case:
        return "\0" * case["nul_bytes"]
    if "token" in case:
        return str(case["token"])
    return to_token(case["url"].replace("{now}", TOKEN_VECTORS["now"]))


@pytest.mark.parametrize("case", cases(VECTORS, "verify"))
def test_verify_matches_upstream(case: dict[str, Any]) -> None:
    token = vector_token(case)
    if case["expect"] != "accepted":
        with pytest.raises(TokenRejected) as raised:
            verify_token(token, cluster_id="", partition=case["partition"], region=None, at=AT)
        assert raised.value.rule == case["expect"]
        return
    request = verify_token(token, cluster_id="c", partition=case["partition"], region=None, at=AT)
    assert request.params["action"] == "GetCallerIdentity"
    assert request.access_key_id == case.get("access_key_id", "")


@pytest.mark.parametrize("case", cases(VECTORS, "hosts"))
def test_host_allow_list_matches_upstream(case: dict[str, Any]) -> None:
    if case["valid"]:
        verify_sts_host(case["host"], partition=case["partition"], region=case["region"])
    else:
        with pytest.raises(HostRejected):
            verify_sts_host(case["host"], partition=case["partition"], region=case["region"])


@pytest.mark.parametrize("case", cases(VECTORS, "sts_region"))
def test_sts_region_matches_upstream(case: dict[str, Any]) -> None:
    if case.get("error"):
        with pytest.raises(HostRejected):
            sts_region(case["host"])
    else:
        assert sts_region(case["host"]) == case["region"]


@pytest.mark.parametrize("case", cases(VECTORS, "region_format"))
def test_region_format_matches_upstream(case: dict[str, Any]) -> None:
    assert is_valid_region_format(case["region"]) is case["valid"]


@pytest.mark.parametrize("case", cases(VECTORS, "default_hosts"))
def test_default_hosts_match_upstream(case: dict[str, Any]) -> None:
    if case.get("error"):
        with pytest.raises(HostRejected):
            default_sts_hosts(case["partition"], case["region"])
    else:
        assert case["contains"] in default_sts_hosts(case["partition"], case["region"])


@pytest.mark.parametrize("case", cases(VECTORS, "sts_answers"))
def test_identity_from_sts_answer_matches_upstream(case: dict[str, Any]) -> None:
    answer = StsAnswer(case["arn"], case["user_id"], case["account"])
    if "error" in case:
        with pytest.raises(StsRejected) as raised:
            identity_from_sts_answer(answer)
        assert raised.value.code == case["error"]
        return
    identity = identity_from_sts_answer(answer)
    assert {name: getattr(identity, name) for name in case["identity"]} == case["identity"]


def good_url(host: str = "sts.us-east-1.amazonaws.com", date: str = "20260101T000000Z",
             extra: str = "") -> str:
    return (f"https://{host}/?Action=GetCallerIdentity&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id"
            f"&X-Amz-Expires=60&X-Amz-Date={date}{extra}")


@pytest.mark.parametrize(("partition", "host"), [
    ("aws", "sts-fips.us-east-1.api.aws"),              # FIPS + dual-stack
    ("aws", "sts.us-east-1.api.aws"),                   # dual-stack
    ("aws-us-gov", "sts.us-gov-west-1.amazonaws.com"),  # GovCloud's FIPS endpoint is the plain one
    ("aws-eusc", "sts.eusc-de-east-1.amazonaws.eu"),
    ("aws-iso-f", "sts-fips.us-isof-south-1.csp.hci.ic.gov"),
])
def test_fips_dual_stack_and_newer_partitions_are_sts_hosts(partition: str, host: str) -> None:
    request = verify_token(to_token(good_url(host)), cluster_id="c", partition=partition, region=None, at=AT)
    assert request.host == host


@pytest.mark.parametrize(("partition", "host"), [
    ("aws-iso", "sts.us-iso-east-1.api.aws.ic.gov"),   # the authenticator knows no dual-stack domain here
    ("aws", "STS.US-EAST-1.AMAZONAWS.COM"),            # hosts are compared as written
    ("aws", "sts.us-east-1.amazonaws.com:443"),
    ("aws", "sts.us-east-1.amazonaws.com.evil.example"),
])
def test_lookalike_hosts_are_refused(partition: str, host: str) -> None:
    with pytest.raises(TokenRejected) as raised:
        verify_token(to_token(good_url(host)), cluster_id="c", partition=partition, region=None, at=AT)
    assert raised.value.rule == "host-not-sts"


def test_userinfo_is_not_part_of_the_host() -> None:
    url = good_url("evil.example@sts.us-east-1.amazonaws.com")
    request = verify_token(to_token(url), cluster_id="c", partition="aws", region=None, at=AT)
    assert request.host == "sts.us-east-1.amazonaws.com"


def test_a_token_is_valid_for_exactly_fifteen_minutes_after_its_date() -> None:
    token = to_token(good_url())
    signed_at = parse_time("2026-01-01T00:00:00Z")
    last_moment = signed_at + timedelta(minutes=15)
    request = verify_token(token, cluster_id="c", partition="aws", region=None, at=last_moment)
    assert request.expires_at == signed_at + timedelta(minutes=15)
    with pytest.raises(TokenRejected) as raised:
        verify_token(token, cluster_id="c", partition="aws", region=None,
                     at=signed_at + timedelta(minutes=15, seconds=1))
    assert raised.value.rule == "expired"


@pytest.mark.parametrize(("url", "rule"), [
    (good_url(extra="&X-Amz-Expires=60"), "multiple-values"),
    (good_url().replace("X-Amz-Expires=60", "X-Amz-Expires=901"), "bad-expires"),
    (good_url().replace("X-Amz-Expires=60&", ""), "bad-expires"),
    (good_url().replace("&X-Amz-Date=20260101T000000Z", ""), "missing-date"),
    (good_url(date="20261301T000000Z"), "bad-date"),
    (good_url(extra="&Version=1;x=2"), "bad-query"),
    (good_url().replace("/?", "?"), "bad-path"),
    ("https://sts.us-east-1.amazonaws.com:https/?Action=GetCallerIdentity", "bad-url"),
])
def test_each_malformed_query_names_its_rule(url: str, rule: str) -> None:
    with pytest.raises(TokenRejected) as raised:
        verify_token(to_token(url), cluster_id="c", partition="aws", region=None, at=AT)
    assert raised.value.rule == rule


def test_padded_base64_is_refused_like_go_raw_url_encoding() -> None:
    with pytest.raises(TokenRejected) as raised:
        verify_token(to_token(good_url()) + "==", cluster_id="c", partition="aws", region=None, at=AT)
    assert raised.value.rule == "not-base64url"


def test_the_request_carries_what_the_authenticator_sends() -> None:
    credential = "&X-Amz-Credential=AKIDEXAMPLE%2F20260101%2Fus-east-1%2Fsts%2Faws4_request"
    token = to_token(good_url(extra=credential))
    request = verify_token(token, cluster_id="prod", partition="aws", region=None, at=AT)
    assert (request.cluster_id, request.region, request.access_key_id) == ("prod", "us-east-1", "AKIDEXAMPLE")
    assert request.raw_query.startswith("Action=GetCallerIdentity&")


def test_an_explicit_endpoint_host_is_accepted_only_when_named() -> None:
    token = to_token(good_url("127.0.0.1:8443"))
    with pytest.raises(TokenRejected):
        verify_token(token, cluster_id="c", partition="aws", region=None, at=AT)
    request = verify_token(token, cluster_id="c", partition="aws", region=None, at=AT,
                           extra_allowed_host="127.0.0.1:8443")
    assert request.host == "127.0.0.1:8443"
