"""Bearer-token checks, step by step as aws-iam-authenticator's Verify runs them before calling STS.

A token is `k8s-aws-v1.` followed by the unpadded base64url of a pre-signed
`sts:GetCallerIdentity` URL. Each failed check raises `TokenRejected` with a stable rule id:

too-long, bad-prefix, not-base64url, bad-url, not-https, host-not-sts, bad-path, bad-query,
duplicate-parameter, parameter-not-allowed, multiple-values, wrong-action,
cluster-id-not-signed, bad-expires, missing-date, bad-date, expired.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from compiler.verifier.sts_hosts import HostRejected, sts_region, verify_sts_host

TOKEN_PREFIX = "k8s-aws-v1."
MAX_TOKEN_BYTES = 4096
CLUSTER_ID_HEADER = "x-k8s-aws-id"
# STS honours a pre-signed GetCallerIdentity URL for 15 minutes after X-Amz-Date, whatever X-Amz-Expires says.
PRESIGNED_URL_LIFETIME = timedelta(minutes=15)
MAX_EXPIRES_SECONDS = 900
ALLOWED_PARAMETERS = frozenset({
    "action", "version", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-expires",
    "x-amz-security-token", "x-amz-signature", "x-amz-signedheaders",
})

_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
# Go's time.Parse("20060102T150405Z") also takes fractional seconds after the seconds field.
_AMZ_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:[.,]\d+)?Z")
_GO_INT = re.compile(r"[+-]?\d+")
_PORT = re.compile(r":\d*")


class AuthenticationFailure(Exception):
    """Why a bearer token authenticates nobody: a stable `code` and a `message` for a person."""

    source = ""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{self.source}{code}: {message}")
        self.code = code
        self.message = message

    @property
    def reason(self) -> str:
        return str(self)


class TokenRejected(AuthenticationFailure):
    """The token fails one of the authenticator's own checks (before STS is asked); `rule` names it."""

    @property
    def rule(self) -> str:
        return self.code


@dataclass(frozen=True)
class PresignedRequest:
    """The checked pre-signed STS request a token carries."""

    url: str
    host: str
    region: str
    raw_query: str
    query: tuple[tuple[str, str], ...]
    params: Mapping[str, str]
    access_key_id: str
    signed_at: datetime
    cluster_id: str

    @property
    def expires_at(self) -> datetime:
        return self.signed_at + PRESIGNED_URL_LIFETIME


def verify_token(token: str, *, cluster_id: str, partition: str, region: str | None, at: datetime,
                 extra_allowed_host: str | None = None) -> PresignedRequest:
    """Check `token` as the authenticator of `partition` (running in `region`) would at time `at`.

    `cluster_id` goes into the returned request as the `x-k8s-aws-id` header the authenticator
    sends; none of these checks read it (STS enforces it through the signature).
    `extra_allowed_host` is an explicitly chosen STS endpoint whose host is accepted besides the
    partition's own. A naive `at` is taken as UTC.
    """
    at = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    url = _decode(token)
    scheme, host, path, raw_query = _split_url(url)
    if scheme != "https":
        raise TokenRejected("not-https", f"the pre-signed URL uses scheme {scheme!r}, not https")
    region_of_host = _check_host(host, partition, region, extra_allowed_host)
    if path != "/":
        raise TokenRejected("bad-path", f"the pre-signed URL has path {path!r}; only '/' is allowed")
    query = _parse_query(raw_query)
    params = _check_parameters(query)
    signed_at = _check_signing(params, at)
    access_key_id = params.get("x-amz-credential", "").split("/")[0]
    return PresignedRequest(url, host, region_of_host, raw_query, tuple(query), params, access_key_id,
                            signed_at, cluster_id)


def _decode(token: str) -> str:
    if len(token.encode("utf-8", "surrogateescape")) > MAX_TOKEN_BYTES:
        raise TokenRejected("too-long", f"the token is longer than {MAX_TOKEN_BYTES} bytes")
    if not token.startswith(TOKEN_PREFIX):
        raise TokenRejected("bad-prefix", f"the token does not start with {TOKEN_PREFIX!r}")
    body = token[len(TOKEN_PREFIX):].replace("\r", "").replace("\n", "")
    if not _BASE64URL.fullmatch(body) or len(body) % 4 == 1:
        raise TokenRejected("not-base64url", "the token body is not unpadded base64url")
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as err:
        raise TokenRejected("not-base64url", f"the token body does not decode: {err}") from err
    return raw.decode("utf-8", "surrogateescape")


def _split_url(url: str) -> tuple[str, str, str, str]:
    """Split like Go's net/url: scheme, host (no userinfo), unescaped path, raw query."""
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in url):
        raise TokenRejected("bad-url", "the pre-signed URL contains a control character")
    rest = url.split("#", 1)[0]
    scheme, rest = _split_scheme(rest)
    rest, _, raw_query = rest.partition("?")
    host, path = "", rest
    if rest.startswith("//"):
        authority, slash, path = rest[2:].partition("/")
        path = slash + path
        host = authority.rpartition("@")[2]
        _check_port(host)
    return scheme, host, _unescape(path, plus_is_space=False, rule="bad-url"), raw_query


def _split_scheme(url: str) -> tuple[str, str]:
    for index, char in enumerate(url):
        if char.isascii() and char.isalpha():
            continue
        if char in "0123456789+-." and index > 0:
            continue
        if char == ":" and index == 0:
            raise TokenRejected("bad-url", "the pre-signed URL has no scheme")
        if char == ":":
            return url[:index].lower(), url[index + 1:]
        break
    return "", url


def _check_port(host: str) -> None:
    if host.startswith("["):
        return
    colon = host.find(":")
    if colon >= 0 and not _PORT.fullmatch(host[colon:]):
        raise TokenRejected("bad-url", f"the pre-signed URL has an invalid port in {host!r}")


def _unescape(text: str, *, plus_is_space: bool, rule: str) -> str:
    """Percent-decoding that fails on a malformed escape, as Go's url package does."""
    out = bytearray()
    index = 0
    while index < len(text):
        char = text[index]
        if char == "%":
            pair = text[index + 1:index + 3]
            if len(pair) != 2 or not all(c in "0123456789abcdefABCDEF" for c in pair):
                raise TokenRejected(rule, f"malformed percent-escape in {text[:40]!r}")
            out.append(int(pair, 16))
            index += 3
            continue
        out.extend((" " if plus_is_space and char == "+" else char).encode("utf-8", "surrogateescape"))
        index += 1
    return out.decode("utf-8", "surrogateescape")


def _check_host(host: str, partition: str, region: str | None, extra_allowed_host: str | None) -> str:
    if extra_allowed_host is not None and host.lower() == extra_allowed_host.lower():
        return ""
    try:
        verify_sts_host(host, partition=partition, region=region)
        return sts_region(host)
    except HostRejected as err:
        raise TokenRejected("host-not-sts", str(err)) from err


def _parse_query(raw_query: str) -> list[tuple[str, str]]:
    pairs = []
    for segment in raw_query.split("&"):
        if ";" in segment:
            raise TokenRejected("bad-query", "the query string uses ';' as a separator")
        if not segment:
            continue
        key, _, value = segment.partition("=")
        pairs.append((_unescape(key, plus_is_space=True, rule="bad-query"),
                      _unescape(value, plus_is_space=True, rule="bad-query")))
    return pairs


def _check_parameters(query: list[tuple[str, str]]) -> dict[str, str]:
    keys = list(dict.fromkeys(key for key, _ in query))
    seen: set[str] = set()
    for key in keys:
        if key.lower() in seen:
            raise TokenRejected("duplicate-parameter", f"query parameter {key!r} appears in two spellings")
        seen.add(key.lower())
    for key in keys:
        if key.lower() not in ALLOWED_PARAMETERS:
            raise TokenRejected("parameter-not-allowed", f"query parameter {key!r} is not allowed in a token")
        if sum(1 for other, _ in query if other == key) != 1:
            raise TokenRejected("multiple-values", f"query parameter {key!r} has several values")
    return {key.lower(): value for key, value in query}


def _check_signing(params: Mapping[str, str], at: datetime) -> datetime:
    if params.get("action") != "GetCallerIdentity":
        raise TokenRejected("wrong-action", "the pre-signed request is not Action=GetCallerIdentity")
    signed = params.get("x-amz-signedheaders", "").split(";")
    if not any(header.lower() == CLUSTER_ID_HEADER for header in signed):
        raise TokenRejected("cluster-id-not-signed",
                            f"the {CLUSTER_ID_HEADER} header is not among X-Amz-SignedHeaders")
    _check_expires(params.get("x-amz-expires", ""))
    date = params.get("x-amz-date", "")
    if not date:
        raise TokenRejected("missing-date", "the pre-signed URL has no X-Amz-Date")
    signed_at = _parse_amz_date(date)
    if at > signed_at + PRESIGNED_URL_LIFETIME:
        raise TokenRejected("expired", f"the token was signed at {signed_at:%Y-%m-%dT%H:%M:%SZ} and expired "
                                       f"15 minutes later, before {at:%Y-%m-%dT%H:%M:%SZ}")
    return signed_at


def _check_expires(value: str) -> None:
    if not _GO_INT.fullmatch(value) or not 0 <= int(value) <= MAX_EXPIRES_SECONDS:
        raise TokenRejected("bad-expires", f"X-Amz-Expires is {value!r}; it must be a number from 0 to 900")


def _parse_amz_date(value: str) -> datetime:
    match = _AMZ_DATE.fullmatch(value)
    try:
        if match is None:
            raise ValueError("expected YYYYMMDDTHHMMSSZ")
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError as err:
        raise TokenRejected("bad-date", f"X-Amz-Date {value!r} is not a date: {err}") from err


def signed_at(token: str) -> datetime | None:
    """The token's X-Amz-Date, read leniently (the token checks proper come later and say what is wrong)."""
    try:
        encoded = token.removeprefix("k8s-aws-v1.")
        url = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
        query = {k.lower(): v for k, v in parse_qs(urlsplit(url).query).items()}
        return _parse_amz_date(query["x-amz-date"][0])
    except (binascii.Error, UnicodeDecodeError, KeyError, IndexError, ValueError, TokenRejected):
        return None


def iso_time(text: str) -> datetime:
    """An ISO 8601 time such as `2026-11-24T07:05:00Z`; without a zone it is UTC. `ValueError` if it is not one."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
