"""Minting tokens: the ExecCredential wrapper, sample tokens offline, and boto3-presigned tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from compiler.errors import InputError
from compiler.verifier.keyring import sample_keyring
from compiler.verifier.mint import (
    SAMPLE_SIGNING_TIME,
    MintedToken,
    exec_credential,
    mint_sample_token,
    mint_token,
)
from compiler.verifier.sigv4 import check_signature
from compiler.verifier.token import verify_token

from .support import cases, load_vectors, parse_time

TOKEN_VECTORS = load_vectors("authenticator_token.json")


@pytest.mark.parametrize("case", cases("authenticator_token.json", "exec_credential"))
def test_exec_credential_follows_kubernetes_exec_info_like_upstream(case: dict[str, Any]) -> None:
    expiry = parse_time(TOKEN_VECTORS["exec_credential_expiry"])
    credential = exec_credential(MintedToken(TOKEN_VECTORS["exec_credential_token"], expiry), case["env"])
    assert credential == {"kind": "ExecCredential", "apiVersion": case["api_version"], "spec": {},
                          "status": {"expirationTimestamp": "2012-11-01T22:08:41Z", "token": "token"}}


def signer_of(token: str, cluster_id: str, at: datetime) -> str:
    request = verify_token(token, cluster_id=cluster_id, partition="aws", region=None, at=at)
    return check_signature(request, sample_keyring()).arn


def test_sample_tokens_are_deterministic_and_verify_offline() -> None:
    first = mint_sample_token(cluster_id="prod", keyring=sample_keyring())
    assert first == mint_sample_token(cluster_id="prod", keyring=sample_keyring())
    assert first.expires_at == SAMPLE_SIGNING_TIME + timedelta(minutes=14)
    assert signer_of(first.token, "prod", SAMPLE_SIGNING_TIME) == sample_keyring().credentials[0].arn


def test_sample_tokens_pick_a_principal_a_region_and_a_time() -> None:
    at = datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC)
    minted = mint_sample_token(cluster_id="prod", keyring=sample_keyring(), region="eu-west-1", at=at,
                               principal="arn:aws:iam::111122223333:user/alice")
    request = verify_token(minted.token, cluster_id="prod", partition="aws", region=None, at=at)
    assert (request.host, request.signed_at) == ("sts.eu-west-1.amazonaws.com", at)
    assert signer_of(minted.token, "prod", at) == "arn:aws:iam::111122223333:user/alice"


def test_an_unknown_sample_principal_is_an_input_error() -> None:
    with pytest.raises(InputError) as raised:
        mint_sample_token(cluster_id="prod", keyring=sample_keyring(), principal="arn:aws:iam::1:user/nobody")
    assert "arn:aws:iam::111122223333:user/alice" in str(raised.value)


def test_boto3_tokens_are_what_aws_eks_get_token_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    alice = sample_keyring().credentials[1]
    environment = {"AWS_ACCESS_KEY_ID": alice.access_key_id, "AWS_SECRET_ACCESS_KEY": alice.secret_access_key,
                   "AWS_DEFAULT_REGION": "us-west-2", "AWS_CONFIG_FILE": "/nonexistent",
                   "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"}
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    minted = mint_token(cluster_id="prod")
    request = verify_token(minted.token, cluster_id="prod", partition="aws", region=None,
                           at=minted.expires_at)
    assert request.host == "sts.us-west-2.amazonaws.com"
    assert request.params["x-amz-expires"] == "60"
    assert minted.expires_at - request.signed_at == timedelta(minutes=14)
    assert check_signature(request, sample_keyring()).arn == alice.arn
