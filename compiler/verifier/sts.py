"""Live replay: send a token's pre-signed GetCallerIdentity request to an explicitly given STS endpoint.

The request goes to the endpoint the caller names (`--sts-endpoint`), never to the host in the
token, but it keeps the token's `Host` header, its query string byte for byte and the cluster
ID header, so that the signature verifies as it would at the real STS. The answer is read as
JSON (what the authenticator asks for with `Accept: application/json`) or as STS's XML.
"""

from __future__ import annotations

import http.client
import json
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from compiler.errors import InputError
from compiler.verifier.identity import StsAnswer, StsRejected
from compiler.verifier.token import CLUSTER_ID_HEADER, PresignedRequest

DEFAULT_TIMEOUT_SECONDS = 10.0
_MAX_ANSWER_BYTES = 1 << 20


@dataclass(frozen=True)
class StsEndpoint:
    """Where to send GetCallerIdentity: scheme and `host[:port]`."""

    scheme: str
    netloc: str

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.netloc}"


def parse_sts_endpoint(url: str) -> StsEndpoint:
    """Read `--sts-endpoint`: an http(s) URL with a host and no path beyond '/'."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise InputError(f"--sts-endpoint {url!r} must be an http(s) URL with a host and no path, "
                         "for example https://sts.us-east-1.amazonaws.com")
    if parts.query or parts.fragment or "@" in parts.netloc:
        raise InputError(f"--sts-endpoint {url!r} must not carry a query, fragment or user name")
    return StsEndpoint(parts.scheme, parts.netloc)


def call_sts(request: PresignedRequest, endpoint: StsEndpoint,
             timeout: float = DEFAULT_TIMEOUT_SECONDS) -> StsAnswer:
    """Replay `request` against `endpoint` and read STS's answer; failures raise `StsRejected`."""
    status, content_type, body = _get(request, endpoint, timeout)
    if status != 200:
        raise _rejection(status, content_type, body)
    return _answer(content_type, body)


def _get(request: PresignedRequest, endpoint: StsEndpoint, timeout: float) -> tuple[int, str, str]:
    connection_class: type[http.client.HTTPConnection] = http.client.HTTPConnection
    if endpoint.scheme == "https":
        connection_class = http.client.HTTPSConnection
    connection = connection_class(endpoint.netloc, timeout=timeout)
    headers = {"Host": request.host, CLUSTER_ID_HEADER: request.cluster_id, "Accept": "application/json"}
    try:
        connection.request("GET", "/?" + request.raw_query, headers=headers)
        response = connection.getresponse()
        body = response.read(_MAX_ANSWER_BYTES).decode("utf-8", "replace")
        return response.status, response.getheader("Content-Type", ""), body
    except TimeoutError as err:
        raise StsRejected("ConnectionFailed", f"no answer from {endpoint.url} within {timeout:g}s") from err
    except (OSError, http.client.HTTPException) as err:
        raise StsRejected("ConnectionFailed", f"cannot reach {endpoint.url}: {err}") from err
    finally:
        connection.close()


def _is_xml(content_type: str, body: str) -> bool:
    return "xml" in content_type or body.lstrip().startswith("<")


def _rejection(status: int, content_type: str, body: str) -> StsRejected:
    # The authenticator treats any answer mentioning Throttling as throttling (HTTP 429 to the API server).
    if "Throttling" in body:
        return StsRejected("Throttling", f"STS throttled the request (HTTP {status})")
    code, message = _xml_error(body) if _is_xml(content_type, body) else _json_error(body)
    return StsRejected(code or f"HTTP{status}", message or f"HTTP {status}: {body[:200]}")


def _json_error(body: str) -> tuple[str, str]:
    try:
        error = json.loads(body).get("Error", {})
        return str(error.get("Code", "")), str(error.get("Message", ""))
    except (ValueError, AttributeError):
        return "", ""


def _xml_error(body: str) -> tuple[str, str]:
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return "", ""
    return _xml_text(root, "Code"), _xml_text(root, "Message")


def _xml_text(root: ElementTree.Element, name: str) -> str:
    found = next((element for element in root.iter() if element.tag.rsplit("}", 1)[-1] == name), None)
    return (found.text or "").strip() if found is not None else ""


def _answer(content_type: str, body: str) -> StsAnswer:
    if _is_xml(content_type, body):
        try:
            root = ElementTree.fromstring(body)
        except ElementTree.ParseError as err:
            raise StsRejected("MalformedAnswer", f"the XML answer does not parse: {err}") from err
        return StsAnswer(_xml_text(root, "Arn"), _xml_text(root, "UserId"), _xml_text(root, "Account"))
    try:
        document = json.loads(body)
    except ValueError as err:
        raise StsRejected("MalformedAnswer", f"the JSON answer does not parse: {err}") from err
    result = _field(_field(document, "GetCallerIdentityResponse"), "GetCallerIdentityResult")
    arn, user_id, account = (_text(_field(result, name)) for name in ("Arn", "UserId", "Account"))
    return StsAnswer(arn, user_id, account)


def _field(document: Any, name: str) -> Any:
    """A JSON member looked up like Go's encoding/json does: exact name first, then any case."""
    if not isinstance(document, Mapping):
        return None
    if name in document:
        return document[name]
    return next((value for key, value in document.items() if key.lower() == name.lower()), None)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
