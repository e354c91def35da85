"""The offline signature check and the SigV4 presigner, cross-checked against upstream and botocore."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from compiler.errors import InputError
from compiler.verifier.identity import StsRejected
from compiler.verifier.keyring import Credential, Keyring, load_keyring, parse_keyring, sample_keyring
from compiler.verifier.sigv4 import check_signature, presign_get_caller_identity
from compiler.verifier.token import PresignedRequest, verify_token

from .support import cases, parse_time

SIGNED_AT = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
DEV = sample_keyring().credentials[0]


def as_token(url: str) -> str:
    return "k8s-aws-v1." + base64.urlsafe_b64encode(url.encode()).decode().rstrip("=")


def request_for(url: str, cluster_id: str = "prod", at: datetime = SIGNED_AT) -> PresignedRequest:
    return verify_token(as_token(url), cluster_id=cluster_id, partition="aws", region=None, at=at)


@pytest.mark.parametrize("case", cases("authenticator_token.json", "presign"))
def test_presigner_reproduces_the_upstream_token(case: dict[str, Any]) -> None:
    credential = Credential(case["access_key_id"], case["secret_access_key"], None,
                            "arn:aws:sts::123456789012:assumed-role/Test/session", "AROAEXAMPLE:session")
    url = presign_get_caller_identity(credential, host=case["host"], cluster_id=case["cluster_id"],
                                      at=parse_time(case["signed_at"]))
    assert as_token(url) == case["token"]
    keyring = Keyring((credential,), "vector")
    at = parse_time(case["signed_at"])
    assert check_signature(request_for(url, case["cluster_id"], at), keyring).arn == credential.arn
    with pytest.raises(StsRejected) as raised:
        check_signature(request_for(url, "another-cluster", at), keyring)
    assert raised.value.code == "SignatureDoesNotMatch"


@pytest.fixture
def botocore_presign(monkeypatch: pytest.MonkeyPatch) -> Any:
    """botocore's own presigned GetCallerIdentity (as `aws eks get-token` builds it) at SIGNED_AT."""
    import botocore.auth
    import botocore.session

    for name in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        monkeypatch.setenv(name, "/nonexistent")
    frozen_clock = SIGNED_AT.replace(tzinfo=None)
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda *args, **kwargs: frozen_clock)

    def presign(credential: Credential, region: str, cluster_id: str) -> str:
        client = botocore.session.get_session().create_client(
            "sts", region_name=region, aws_access_key_id=credential.access_key_id,
            aws_secret_access_key=credential.secret_access_key, aws_session_token=credential.session_token)
        def add_cluster_id(request: Any, **kwargs: Any) -> None:
            request.headers["x-k8s-aws-id"] = cluster_id

        client.meta.events.register("before-sign.sts.GetCallerIdentity", add_cluster_id)
        url = client.generate_presigned_url("get_caller_identity", Params={}, ExpiresIn=60, HttpMethod="GET")
        return str(url)

    return presign


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1", "ap-southeast-2"])
@pytest.mark.parametrize("credential", sample_keyring().credentials[:2], ids=["session", "long-term"])
def test_presigner_matches_botocore_byte_for_byte(botocore_presign: Any, credential: Credential,
                                                  region: str) -> None:
    expected = botocore_presign(credential, region, "prod")
    ours = presign_get_caller_identity(credential, host=f"sts.{region}.amazonaws.com", cluster_id="prod",
                                       at=SIGNED_AT)
    assert ours == expected


def test_botocore_tokens_verify_offline_and_only_for_their_cluster(botocore_presign: Any) -> None:
    url = botocore_presign(DEV, "eu-west-1", "prod")
    assert check_signature(request_for(url), sample_keyring()).arn == DEV.arn
    with pytest.raises(StsRejected) as raised:
        check_signature(request_for(url, cluster_id="staging"), sample_keyring())
    assert raised.value.code == "SignatureDoesNotMatch"


def signed_url(credential: Credential = DEV, host: str = "sts.us-east-1.amazonaws.com") -> str:
    return presign_get_caller_identity(credential, host=host, cluster_id="prod", at=SIGNED_AT)


def test_the_global_endpoint_signs_for_us_east_1() -> None:
    url = signed_url(host="sts.amazonaws.com")
    assert "%2Fus-east-1%2Fsts%2F" in url
    assert check_signature(request_for(url), sample_keyring()).user_id == DEV.user_id


@pytest.mark.parametrize(("edit", "code"), [
    (lambda url: url.replace("X-Amz-Expires=60", "X-Amz-Expires=61"), "SignatureDoesNotMatch"),
    (lambda url: url.replace("ASIAIOSFODNN7EXAMPLE", "ASIAUNKNOWNKEYEXAMPL"), "InvalidClientTokenId"),
    (lambda url: url.replace("SESSIONTOKENFORDEV", "SESSIONTOKENFOROPS"), "InvalidClientTokenId"),
    (lambda url: url.replace("%2Fus-east-1%2F", "%2Fus-west-2%2F"), "SignatureDoesNotMatch"),
    (lambda url: url.replace("%2Fsts%2F", "%2Fs3%2F"), "SignatureDoesNotMatch"),
    (lambda url: url.replace("%2F20261124%2F", "%2F20261123%2F"), "SignatureDoesNotMatch"),
    (lambda url: url.replace("host%3Bx-k8s-aws-id", "accept%3Bhost%3Bx-k8s-aws-id"), "SignatureDoesNotMatch"),
    (lambda url: url.replace("host%3Bx-k8s-aws-id", "host%3Bx-forwarded-for%3Bx-k8s-aws-id"),
     "SignatureDoesNotMatch"),
    (lambda url: url.replace("host%3Bx-k8s-aws-id", "x-k8s-aws-id"), "IncompleteSignature"),
    (lambda url: url.replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256"), "IncompleteSignature"),
])
def test_altered_tokens_fail_as_sts_would(edit: Any, code: str) -> None:
    with pytest.raises(StsRejected) as raised:
        check_signature(request_for(edit(signed_url())), sample_keyring())
    assert raised.value.code == code


def test_a_signature_over_the_accept_header_still_verifies() -> None:
    # The authenticator sends Accept: application/json, so a client may sign it.
    from compiler.verifier.sigv4 import canonical_request, signature

    url = signed_url()
    request = request_for(url)
    pairs = [(k, v) for k, v in request.query if k != "X-Amz-Signature" and k != "X-Amz-SignedHeaders"]
    pairs.append(("X-Amz-SignedHeaders", "accept;host;x-k8s-aws-id"))
    headers = {"accept": "application/json", "host": request.host, "x-k8s-aws-id": "prod"}
    text = canonical_request(pairs, headers, ["accept", "host", "x-k8s-aws-id"])
    new_signature = signature(DEV.secret_access_key, "20261124T070000Z", "us-east-1", text)
    query = "&".join(f"{k}={v}" for k, v in pairs).replace(";", "%3B").replace("/", "%2F")
    resigned = f"https://{request.host}/?{query}&X-Amz-Signature={new_signature}"
    assert check_signature(request_for(resigned), sample_keyring()).arn == DEV.arn


def test_every_sample_identity_verifies_with_the_sample_keyring() -> None:
    keyring = sample_keyring()
    answers = [check_signature(request_for(signed_url(c)), keyring).arn for c in keyring.credentials]
    assert answers == [credential.arn for credential in keyring.credentials]
    assert {c.arn.split(":")[4] for c in keyring.credentials} == {"111122223333"}


def test_keyring_lookup_by_principal_takes_the_sts_arn_or_its_role() -> None:
    keyring = sample_keyring()
    assert keyring.by_principal("arn:aws:iam::111122223333:role/Dev") == DEV
    assert keyring.by_principal(DEV.arn.upper().replace("ARN:AWS:STS", "arn:aws:sts")) == DEV
    assert keyring.by_principal("arn:aws:iam::111122223333:role/Nobody") is None


def ring(*entries: str) -> str:
    return "credentials:\n" + "".join(f"  - {{{entry}}}\n" for entry in entries)


@pytest.mark.parametrize(("text", "message"), [
    ("credentials: [", "not valid YAML"),
    ("credentials: []", "non-empty 'credentials' list"),
    (ring("accessKeyId: AKIA1, arn: 'arn:aws:iam::1:user/a', userId: AIDA1"), "secretAccessKey"),
    (ring("accessKeyId: AKIA1, secretAccessKey: s, arn: 'arn:aws:s3:::b', userId: x"), "not an answer STS"),
    (ring("accessKeyId: AKIA1, secretAccessKey: s, arn: 'arn:aws:iam::1:role/R', userId: AROA1"),
     "not an answer STS"),
    (ring(*["accessKeyId: AKIA1, secretAccessKey: s, arn: 'arn:aws:iam::1:user/a', userId: A"] * 2),
     "appears twice"),
])
def test_malformed_keyrings_are_input_errors(text: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_keyring(text, "ring.yaml")
    assert message in str(raised.value)
    assert str(raised.value).startswith("ring.yaml")


def test_an_unreadable_keyring_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        load_keyring(tmp_path / "missing.yaml")
    assert "missing.yaml" in str(raised.value)
