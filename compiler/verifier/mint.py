"""Mint `k8s-aws-v1.` tokens and wrap them in an ExecCredential, as `aws eks get-token` does.

Two ways: with the caller's AWS credentials through boto3 (imported only here, when used), or
`sample` mode with a keyring's test credentials at a fixed time, offline, so policy fixtures can
carry real tokens.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from compiler.errors import InputError
from compiler.verifier.keyring import Keyring
from compiler.verifier.sigv4 import presign_get_caller_identity
from compiler.verifier.sts_hosts import sdk_sts_host
from compiler.verifier.token import CLUSTER_ID_HEADER, PRESIGNED_URL_LIFETIME, TOKEN_PREFIX

# Sample tokens are signed at this time unless told otherwise (it is the SPEC's TokenTest example).
SAMPLE_SIGNING_TIME = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
DEFAULT_REGION = "us-east-1"
EXEC_CREDENTIAL_API_VERSION = "client.authentication.k8s.io/v1beta1"
# Clients are told the token expires a minute before STS stops honouring it.
_ADVERTISED_LIFETIME = PRESIGNED_URL_LIFETIME - timedelta(minutes=1)
_PRESIGN_EXPIRES_SECONDS = 60


@dataclass(frozen=True)
class MintedToken:
    token: str
    expires_at: datetime


def encode_token(url: str) -> str:
    return TOKEN_PREFIX + base64.urlsafe_b64encode(url.encode()).decode().rstrip("=")


def exec_credential(minted: MintedToken, exec_info: str | None = None) -> dict[str, Any]:
    """The ExecCredential kubectl reads; its apiVersion follows KUBERNETES_EXEC_INFO when that is valid."""
    return {"kind": "ExecCredential", "apiVersion": exec_credential_api_version(exec_info), "spec": {},
            "status": {"expirationTimestamp": minted.expires_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                       "token": minted.token}}


def exec_credential_api_version(exec_info: str | None) -> str:
    try:
        version = json.loads(exec_info or "").get("apiVersion")
    except (ValueError, AttributeError):
        return EXEC_CREDENTIAL_API_VERSION
    return version if isinstance(version, str) and version else EXEC_CREDENTIAL_API_VERSION


def mint_sample_token(*, cluster_id: str, keyring: Keyring, principal: str | None = None,
                      region: str | None = None, at: datetime | None = None) -> MintedToken:
    """A token signed with a keyring credential (the first, or the one of `principal`); no network."""
    credential = keyring.by_principal(principal) if principal else keyring.credentials[0]
    if credential is None:
        known = ", ".join(c.arn for c in keyring.credentials)
        raise InputError(f"no credential in {keyring.source} is for {principal}; it holds: {known}")
    signed_at = (at or SAMPLE_SIGNING_TIME).astimezone(UTC).replace(microsecond=0)
    host = sdk_sts_host(region or DEFAULT_REGION)
    url = presign_get_caller_identity(credential, host=host, cluster_id=cluster_id, at=signed_at,
                                      expires=_PRESIGN_EXPIRES_SECONDS)
    return MintedToken(encode_token(url), signed_at + _ADVERTISED_LIFETIME)


def mint_token(*, cluster_id: str, role_arn: str | None = None, region: str | None = None) -> MintedToken:
    """A token for the caller's AWS credentials (after assuming `role_arn`), presigned by boto3."""
    import boto3  # imported here, not at start-up: only this command needs it
    import botocore.exceptions

    try:
        session = boto3.session.Session()
        region = region or session.region_name or DEFAULT_REGION
        if role_arn:
            session = _assumed_role_session(session, role_arn, region)
        client = session.client("sts", region_name=region)
        client.meta.events.register("before-sign.sts.GetCallerIdentity", _cluster_id_header(cluster_id))
        url = client.generate_presigned_url("get_caller_identity", Params={},
                                            ExpiresIn=_PRESIGN_EXPIRES_SECONDS, HttpMethod="GET")
    except botocore.exceptions.BotoCoreError as err:
        raise InputError(f"cannot sign a token with these AWS credentials: {err}") from err
    except botocore.exceptions.ClientError as err:
        raise InputError(f"AWS refused to assume {role_arn}: {err}") from err
    return MintedToken(encode_token(url), _signing_time(url) + _ADVERTISED_LIFETIME)


def _signing_time(url: str) -> datetime:
    amz_date = parse_qs(urlsplit(url).query)["X-Amz-Date"][0]
    return datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def _assumed_role_session(session: Any, role_arn: str, region: str) -> Any:
    import boto3

    answer = session.client("sts", region_name=region).assume_role(RoleArn=role_arn,
                                                                    RoleSessionName="authmap-token")
    credentials = answer["Credentials"]
    return boto3.session.Session(aws_access_key_id=credentials["AccessKeyId"],
                                 aws_secret_access_key=credentials["SecretAccessKey"],
                                 aws_session_token=credentials["SessionToken"], region_name=region)


def _cluster_id_header(cluster_id: str) -> Any:
    def add_header(request: Any, **_: Any) -> None:
        request.headers[CLUSTER_ID_HEADER] = cluster_id

    return add_header
