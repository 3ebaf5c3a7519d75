"""A small HTTP server on 127.0.0.1 that a network's fake builds on: it parses, records and can be told to fail.

Each fake answers `route(request)`; the base records every request, checks it against the spec through the fake's
own validation (every mismatch goes to `violations`, which the tests assert empty), and plays scripted failures:
  "500"        the network is having trouble
  "429"        rate limited (the fake adds its network's headers or body)
  "token"      the token is invalid or expired
  "duplicate"  the network refuses duplicate content
  "timeout"    the request is handled (the post is made) but the answer comes after the client gave up
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    form: dict[str, str] = field(default_factory=dict)  # urlencoded or multipart text fields
    files: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)  # name -> (filename, type, bytes)
    json: object = None

    @property
    def params(self) -> dict[str, str]:
        return {**self.query, **self.form}


@dataclass
class Reply:
    status: int = 200
    body: object = None  # a dict/list (sent as JSON) or bytes
    headers: dict[str, str] = field(default_factory=dict)


def parse(method: str, target: str, headers: dict[str, str], body: bytes) -> Request:
    parts = urlsplit(target)
    query = {key: values[-1] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
    request = Request(method, parts.path, query, headers, body)
    kind = headers.get("content-type", "")
    if kind.startswith("application/x-www-form-urlencoded"):
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        request.form = {key: values[-1] for key, values in parsed.items()}
    elif kind.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + kind.encode() + b"\r\n\r\n" + body)
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            payload = part.get_payload(decode=True) or b""
            if filename is not None:
                request.files[name] = (filename, part.get_content_type(), payload)
            else:
                request.form[name] = payload.decode("utf-8")
    elif kind.startswith("application/json") and body:
        request.json = json.loads(body.decode("utf-8"))
    return request


class FakeServer:
    """Subclasses set `network` and implement route(); error replies come from error_reply(kind, request)."""

    network = "fake"
    slow = 1.0  # seconds the "timeout" failure holds its answer back; clients in tests wait far less

    def __init__(self):
        self.requests: list[Request] = []
        self.violations: list[str] = []
        self._script: list[tuple[str, str | None, str, int]] = []
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def fail(self, kind: str, *, method: str | None = None, path: str = "", times: int = 1) -> None:
        """The next `times` requests matching method and path fragment get `kind` instead of an answer."""
        with self._lock:
            self._script.append((kind, method, path, times))

    def violation(self, message: str) -> None:
        self.violations.append(message)

    def calls(self, method: str, fragment: str = "") -> list[Request]:
        return [r for r in self.requests if r.method == method and r.path.endswith(fragment)]

    def _scripted(self, request: Request) -> str | None:
        with self._lock:
            for index, (kind, method, path, times) in enumerate(self._script):
                if (method is None or method == request.method) and path in request.path:
                    if times <= 1:
                        del self._script[index]
                    else:
                        self._script[index] = (kind, method, path, times - 1)
                    return kind
        return None

    def dispatch(self, request: Request) -> tuple[Reply, float]:
        self.requests.append(request)
        kind = self._scripted(request)
        if kind and kind != "timeout":
            return self.error_reply(kind, request), 0.0
        try:
            reply = self.route(request)
        except Exception as exc:  # a bug in the fake, or a request it cannot read: show it in the test
            self.violation(f"{request.method} {request.path}: {exc!r}")
            reply = self.error_reply("invalid", request)
        return reply, (self.slow if kind == "timeout" else 0.0)

    def route(self, request: Request) -> Reply:
        raise NotImplementedError

    def error_reply(self, kind: str, request: Request) -> Reply:
        raise NotImplementedError

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _any(self):
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {key.lower(): value for key, value in self.headers.items()}
                reply, delay = fake.dispatch(parse(self.command, self.path, headers, body))
                if delay:
                    time.sleep(delay)
                payload = reply.body if isinstance(reply.body, bytes) else b""
                if reply.body is not None and not isinstance(reply.body, bytes):
                    payload = json.dumps(reply.body).encode()
                    reply.headers.setdefault("Content-Type", "application/json; charset=UTF-8")
                try:
                    self.send_response(reply.status)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = _any

        return Handler


def closed_url() -> str:
    """An address on 127.0.0.1 where nothing listens: the network is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
