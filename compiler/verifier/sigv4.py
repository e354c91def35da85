"""AWS Signature Version 4 for pre-signed GetCallerIdentity URLs: sign them, and check them as STS would.

The offline check recomputes the query-string signature of a token's URL with the key its
`X-Amz-Credential` names (looked up in a keyring, see `compiler.verifier.keyring`), over the
request the authenticator actually sends: the token's host and the verifier's cluster ID in
`x-k8s-aws-id`. A token minted for another cluster, or altered, fails like it would at STS
(`SignatureDoesNotMatch`).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from urllib.parse import quote

from compiler.verifier.identity import StsAnswer, StsRejected
from compiler.verifier.keyring import Credential, Keyring
from compiler.verifier.sts_hosts import GLOBAL_REGION, sts_region
from compiler.verifier.token import CLUSTER_ID_HEADER, PresignedRequest

ALGORITHM = "AWS4-HMAC-SHA256"
SERVICE = "sts"
STS_API_VERSION = "2011-06-15"
# Both the Go SDK and botocore sign a GET without body over the SHA-256 of the empty payload.
EMPTY_PAYLOAD_SHA256 = hashlib.sha256(b"").hexdigest()
SIGNED_HEADERS = ("host", CLUSTER_ID_HEADER)
# What the authenticator's Go HTTP client puts on the wire besides the host.
_AUTHENTICATOR_HEADERS = {"accept": "application/json", "user-agent": "Go-http-client/1.1",
                          "accept-encoding": "gzip"}


def uri_encode(text: str) -> str:
    """SigV4 encoding: everything but A-Z a-z 0-9 - _ . ~ as %XX of its UTF-8 bytes."""
    return quote(text.encode("utf-8", "surrogateescape"), safe="-_.~")


def canonical_query_string(pairs: Iterable[tuple[str, str]]) -> str:
    encoded = sorted((uri_encode(key), uri_encode(value)) for key, value in pairs)
    return "&".join(f"{key}={value}" for key, value in encoded)


def canonical_request(pairs: Iterable[tuple[str, str]], headers: Mapping[str, str],
                      signed_headers: Sequence[str]) -> str:
    """The canonical form of `GET /?query` with the given (lower-case) signed headers."""
    header_lines = "".join(f"{name}:{' '.join(headers[name].split())}\n" for name in signed_headers)
    return "\n".join(["GET", "/", canonical_query_string(pairs), header_lines, ";".join(signed_headers),
                      EMPTY_PAYLOAD_SHA256])


def signature(secret_access_key: str, amz_date: str, region: str, request_text: str) -> str:
    """HMAC-SHA256 signature of a canonical request, with the key derived for date/region/sts."""
    scope = f"{amz_date[:8]}/{region}/{SERVICE}/aws4_request"
    request_hash = hashlib.sha256(request_text.encode()).hexdigest()
    string_to_sign = "\n".join([ALGORITHM, amz_date, scope, request_hash])
    key = ("AWS4" + secret_access_key).encode()
    for part in (amz_date[:8], region, SERVICE, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


def signing_region(host: str) -> str:
    """The region STS expects in the credential scope for a host (the global host signs us-east-1)."""
    region = sts_region(host)
    return "us-east-1" if region == GLOBAL_REGION else region


def presign_get_caller_identity(credential: Credential, *, host: str, cluster_id: str, at: datetime,
                                expires: int = 60) -> str:
    """A pre-signed GetCallerIdentity URL, laid out as botocore lays it out."""
    amz_date = at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    region = signing_region(host)
    scope = f"{amz_date[:8]}/{region}/{SERVICE}/aws4_request"
    params = [("Action", "GetCallerIdentity"), ("Version", STS_API_VERSION), ("X-Amz-Algorithm", ALGORITHM),
              ("X-Amz-Credential", f"{credential.access_key_id}/{scope}"),
              ("X-Amz-Date", amz_date), ("X-Amz-Expires", str(expires)),
              ("X-Amz-SignedHeaders", ";".join(SIGNED_HEADERS))]
    if credential.session_token is not None:
        params.append(("X-Amz-Security-Token", credential.session_token))
    request_text = canonical_request(params, {"host": host, CLUSTER_ID_HEADER: cluster_id}, SIGNED_HEADERS)
    signed = signature(credential.secret_access_key, amz_date, region, request_text)
    query = "&".join(f"{uri_encode(key)}={uri_encode(value)}" for key, value in params)
    return f"https://{host}/?{query}&X-Amz-Signature={signed}"


def check_signature(request: PresignedRequest, keyring: Keyring) -> StsAnswer:
    """Answer as STS would for this request: the key's identity, or `StsRejected`."""
    params = request.params
    if params.get("x-amz-algorithm") != ALGORITHM or not params.get("x-amz-signature"):
        raise StsRejected("IncompleteSignature", f"the request is not signed with {ALGORITHM}")
    scope = params.get("x-amz-credential", "").split("/")
    signed_headers = params.get("x-amz-signedheaders", "").lower().split(";")
    if len(scope) != 5 or scope[4] != "aws4_request" or "host" not in signed_headers:
        raise StsRejected("IncompleteSignature", "X-Amz-Credential or X-Amz-SignedHeaders is malformed")
    credential = _credential_for(request, keyring)
    _check_scope(request, scope)
    headers = {**_AUTHENTICATOR_HEADERS, "host": request.host, CLUSTER_ID_HEADER: request.cluster_id}
    unsent = [name for name in signed_headers if name not in headers]
    if unsent:
        raise StsRejected("SignatureDoesNotMatch", f"the authenticator does not send signed headers {unsent}")
    pairs = [(key, value) for key, value in request.query if key.lower() != "x-amz-signature"]
    expected = signature(credential.secret_access_key, params["x-amz-date"], scope[2],
                         canonical_request(pairs, headers, signed_headers))
    if not hmac.compare_digest(expected, params["x-amz-signature"]):
        raise StsRejected("SignatureDoesNotMatch",
                          f"the signature does not match a request for cluster ID {request.cluster_id!r}: "
                          "the token was minted for another cluster, or altered")
    return credential.sts_answer


def _credential_for(request: PresignedRequest, keyring: Keyring) -> Credential:
    credential = keyring.by_access_key_id(request.access_key_id)
    if credential is None:
        raise StsRejected("InvalidClientTokenId",
                          f"access key {request.access_key_id!r} is not in the keyring {keyring.source}")
    if request.params.get("x-amz-security-token") != credential.session_token:
        raise StsRejected("InvalidClientTokenId",
                          f"the session token does not belong to access key {request.access_key_id}")
    return credential


def _check_scope(request: PresignedRequest, scope: list[str]) -> None:
    date, region, service = scope[1:4]
    if date != request.params.get("x-amz-date", "")[:8]:
        raise StsRejected("SignatureDoesNotMatch", f"the credential scope date {date} is not X-Amz-Date's")
    if service != SERVICE:
        raise StsRejected("SignatureDoesNotMatch", f"the credential is scoped to {service!r}, not sts")
    expected_region = signing_region(request.host) if request.region else region
    if region != expected_region:
        raise StsRejected("SignatureDoesNotMatch", f"the credential is scoped to region {region!r}, "
                                                   f"{request.host} wants {expected_region!r}")
