"""A small STS look-alike for tests: GetCallerIdentity on 127.0.0.1, SigV4 checked against a keyring.

It verifies what it receives (the Host and x-k8s-aws-id headers as sent, the query as sent), so a
replay that drops the token's Host header, or the cluster ID, fails here as it would at STS.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from compiler.verifier.keyring import Keyring
from compiler.verifier.sigv4 import canonical_request, signature


@dataclass
class Received:
    path: str
    headers: dict[str, str]


@dataclass
class StsStandIn:
    """Run with `with StsStandIn(keyring) as sts:`; `sts.url` is its endpoint."""

    keyring: Keyring
    canned: tuple[int, str, str] | None = None   # status, content type, body: answer this, whatever comes
    delay_seconds: float = 0.0
    answer_xml: bool = False
    received: list[Received] = field(default_factory=list)
    url: str = ""

    def __enter__(self) -> StsStandIn:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True  # a handler still sleeping (timeout test) must not hold the test
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def answer(self, path: str, headers: dict[str, str]) -> tuple[int, str, str]:
        self.received.append(Received(path, headers))
        time.sleep(self.delay_seconds)
        if self.canned is not None:
            return self.canned
        as_json = "application/json" in headers.get("accept", "") and not self.answer_xml
        try:
            arn, user_id = self._verify(path, headers)
        except _Refused as refused:
            return _error(403, refused.code, refused.message, as_json)
        return _success(arn, user_id, as_json)

    def _verify(self, path: str, headers: dict[str, str]) -> tuple[str, str]:
        query = urlsplit(path).query
        pairs = parse_qsl(query, keep_blank_values=True)
        params = {key.lower(): value for key, value in pairs}
        access_key_id, _, region, _, _ = params["x-amz-credential"].split("/")
        credential = self.keyring.by_access_key_id(access_key_id)
        if credential is None or params.get("x-amz-security-token") != credential.session_token:
            raise _Refused("InvalidClientTokenId", "The security token included in the request is invalid.")
        signed = params["x-amz-signedheaders"].split(";")
        text = canonical_request([p for p in pairs if p[0] != "X-Amz-Signature"], headers, signed)
        expected = signature(credential.secret_access_key, params["x-amz-date"], region, text)
        if expected != params["x-amz-signature"]:
            raise _Refused("SignatureDoesNotMatch", "The request signature we calculated does not match.")
        return credential.arn, credential.user_id


class _Refused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def _success(arn: str, user_id: str, as_json: bool) -> tuple[int, str, str]:
    account = arn.split(":")[4]
    if as_json:
        result = {"Arn": arn, "UserId": user_id, "Account": account}
        body = {"GetCallerIdentityResponse": {"GetCallerIdentityResult": result,
                                              "ResponseMetadata": {"RequestId": "standin-1"}}}
        return 200, "application/json", json.dumps(body)
    xml = (f'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>'
           f"<Arn>{arn}</Arn><UserId>{user_id}</UserId><Account>{account}</Account></GetCallerIdentityResult>"
           "<ResponseMetadata><RequestId>standin-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>")
    return 200, "text/xml", xml


def _error(status: int, code: str, message: str, as_json: bool) -> tuple[int, str, str]:
    if as_json:
        body = {"Error": {"Code": code, "Message": message, "Type": "Sender"}, "RequestId": "standin-2"}
        return status, "application/json", json.dumps(body)
    xml = (f'<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>'
           f"<Code>{code}</Code><Message>{message}</Message></Error><RequestId>standin-2</RequestId></ErrorResponse>")
    return status, "text/xml", xml


def _handler_for(standin: StsStandIn) -> Any:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            headers = {name.lower(): value for name, value in self.headers.items()}
            status, content_type, body = standin.answer(self.path, headers)
            payload = body.encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                if 300 <= status < 400:
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the timeout test does that on purpose)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the tests read `standin.received` instead."""

    return Handler
