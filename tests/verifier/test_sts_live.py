"""Live replay against an explicit STS endpoint (a stand-in on 127.0.0.1), and how STS answers are read."""

from __future__ import annotations

import base64
import socket
from datetime import UTC, datetime
from typing import Any

import pytest

from compiler.errors import InputError
from compiler.verifier.identity import StsRejected, identity_from_sts_answer
from compiler.verifier.keyring import sample_keyring
from compiler.verifier.sigv4 import presign_get_caller_identity
from compiler.verifier.sts import call_sts, parse_sts_endpoint
from compiler.verifier.token import PresignedRequest, verify_token

from .sts_standin import StsStandIn
from .support import cases, load_vectors

SIGNED_AT = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
KEYRING = sample_keyring()
DEV = KEYRING.credentials[0]


def presigned(cluster_id: str = "prod", host: str = "sts.us-east-1.amazonaws.com",
              verify_for: str = "prod") -> PresignedRequest:
    url = presign_get_caller_identity(DEV, host=host, cluster_id=cluster_id, at=SIGNED_AT)
    token = "k8s-aws-v1." + base64.urlsafe_b64encode(url.encode()).decode().rstrip("=")
    return verify_token(token, cluster_id=verify_for, partition="aws", region=None, at=SIGNED_AT,
                        extra_allowed_host="127.0.0.1" if host == "127.0.0.1" else None)


def test_replay_keeps_the_token_host_query_and_cluster_id() -> None:
    request = presigned()
    with StsStandIn(KEYRING) as sts:
        answer = call_sts(request, parse_sts_endpoint(sts.url))
    assert (answer.arn, answer.user_id, answer.account) == (DEV.arn, DEV.user_id, "111122223333")
    [received] = sts.received
    assert received.path == "/?" + request.raw_query
    assert received.headers["host"] == "sts.us-east-1.amazonaws.com"
    assert received.headers["x-k8s-aws-id"] == "prod"
    assert received.headers["accept"] == "application/json"


def test_a_token_minted_for_another_cluster_is_refused_by_sts() -> None:
    with StsStandIn(KEYRING) as sts, pytest.raises(StsRejected) as raised:
        call_sts(presigned(cluster_id="staging"), parse_sts_endpoint(sts.url))
    assert raised.value.code == "SignatureDoesNotMatch"


@pytest.mark.parametrize("answer_xml", [False, True], ids=["json", "xml"])
def test_answers_and_errors_are_read_as_json_or_xml(answer_xml: bool) -> None:
    with StsStandIn(KEYRING, answer_xml=answer_xml) as sts:
        assert call_sts(presigned(), parse_sts_endpoint(sts.url)).arn == DEV.arn
        with pytest.raises(StsRejected) as raised:
            call_sts(presigned(cluster_id="staging"), parse_sts_endpoint(sts.url))
    assert raised.value.code == "SignatureDoesNotMatch"


def test_an_unknown_key_is_refused() -> None:
    from compiler.verifier.keyring import Keyring

    with StsStandIn(Keyring(KEYRING.credentials[1:], "others")) as sts, pytest.raises(StsRejected) as raised:
        call_sts(presigned(), parse_sts_endpoint(sts.url))
    assert raised.value.code == "InvalidClientTokenId"


@pytest.mark.parametrize("case", cases("authenticator_token.json", "sts_http"))
def test_sts_answers_are_read_as_upstream_reads_them(case: dict[str, Any]) -> None:
    url = load_vectors("authenticator_token.json")["verify"][-1]["url"].replace("{now}", "20261124T070000Z")
    token = "k8s-aws-v1." + base64.urlsafe_b64encode(url.encode()).decode().rstrip("=")
    request = verify_token(token, cluster_id="", partition="aws", region=None, at=SIGNED_AT)
    if case["status"] is None:
        with pytest.raises(StsRejected) as raised:
            call_sts(request, parse_sts_endpoint(f"http://127.0.0.1:{unused_port()}"), timeout=2)
        assert raised.value.code == case["error"]
        return
    with StsStandIn(KEYRING, canned=(case["status"], "application/json", case["body"])) as sts:
        if "error" in case:
            with pytest.raises(StsRejected) as raised:
                identity_from_sts_answer(call_sts(request, parse_sts_endpoint(sts.url)), request)
            assert raised.value.code == case["error"]
            return
        identity = identity_from_sts_answer(call_sts(request, parse_sts_endpoint(sts.url)), request)
    assert {name: getattr(identity, name) for name in case["identity"]} == case["identity"]


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_redirects_are_not_followed() -> None:
    moved = (302, "text/plain", "moved")
    with StsStandIn(KEYRING, canned=moved) as sts, pytest.raises(StsRejected) as raised:
        call_sts(presigned(), parse_sts_endpoint(sts.url))
    assert raised.value.code == "HTTP302"
    assert len(sts.received) == 1


def test_a_slow_endpoint_times_out_with_a_clear_error() -> None:
    with StsStandIn(KEYRING, delay_seconds=1.0) as sts, pytest.raises(StsRejected) as raised:
        call_sts(presigned(), parse_sts_endpoint(sts.url), timeout=0.2)
    assert raised.value.code == "ConnectionFailed"
    assert "within 0.2s" in raised.value.message


@pytest.mark.parametrize("url", ["ftp://sts.example", "https://", "https://sts.example/path",
                                 "https://user@sts.example", "https://sts.example/?x=1"])
def test_a_malformed_endpoint_is_an_input_error(url: str) -> None:
    with pytest.raises(InputError):
        parse_sts_endpoint(url)
