"""A real HTTP server on 127.0.0.1 that plays the harvest sources, hostile ones included.

Tests register what each path answers; the server runs in a thread of the test process
(test.ini allows private addresses so harvesters may reach it).
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import urlsplit

import pytest

Handler = Callable[[BaseHTTPRequestHandler], None]


class SourceServer:
    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.hits: dict[str, int] = {}
        self.requests: list[str] = []
        server = self

        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                path = urlsplit(self.path).path
                server.requests.append(self.path)
                server.hits[path] = server.hits.get(path, 0) + 1
                handler = server.routes.get(path)
                if handler is None:
                    self.send_error(404, "Not Found")
                    return
                try:
                    handler(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should with hostile answers

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}{path}"

    def route(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.url(path)

    def serve(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "application/octet-stream",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> str:
        """Answer ``path`` with a fixed body (the usual, well-behaved source)."""
        data = body.encode() if isinstance(body, str) else body

        def handler(request: BaseHTTPRequestHandler) -> None:
            request.send_response(status)
            request.send_header("Content-Type", content_type)
            request.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                request.send_header(name, value)
            request.end_headers()
            request.wfile.write(data)

        return self.route(path, handler)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        def handler(request: BaseHTTPRequestHandler) -> None:
            request.send_response(status)
            request.send_header("Location", location)
            request.send_header("Content-Length", "0")
            request.end_headers()

        return self.route(path, handler)

    def endless(self, path: str, seconds: float = 60) -> str:
        """A body that never ends (for at most ``seconds``), no length announced."""

        def handler(request: BaseHTTPRequestHandler) -> None:
            request.send_response(200)
            request.send_header("Content-Type", "text/csv")
            request.send_header("Connection", "close")
            request.end_headers()
            chunk = b"a,b,c\n" * 10000
            until = time.monotonic() + seconds
            while time.monotonic() < until:
                request.wfile.write(chunk)
            request.close_connection = True

        return self.route(path, handler)

    def trickle(self, path: str, headers_too: bool = False, seconds: float = 30) -> str:
        """One byte a second (for at most ``seconds``): the body, or the headers as well."""

        def handler(request: BaseHTTPRequestHandler) -> None:
            until = time.monotonic() + seconds
            if headers_too:
                head = b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nX-Padding: " + b"x" * 1000
            else:
                request.send_response(200)
                request.send_header("Content-Type", "text/csv")
                request.send_header("Content-Length", "100000")
                request.end_headers()
                request.wfile.flush()
                head = b"a" * 100000
            for byte in head:
                if time.monotonic() >= until:
                    break
                request.wfile.write(bytes([byte]))
                request.wfile.flush()
                time.sleep(1)
            request.close_connection = True

        return self.route(path, handler)


@pytest.fixture
def source_server():
    """A running :class:`SourceServer`, shut down after the test."""
    server = SourceServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
