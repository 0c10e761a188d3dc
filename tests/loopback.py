"""One HTTP server on loopback for the tests that fetch keys.

A standard-library ``ThreadingHTTPServer`` on 127.0.0.1 that logs every path it
is asked for, so a test can say exactly what was fetched, and when nothing was.
No other network is used.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Route = Callable[[BaseHTTPRequestHandler], None]


class LoopbackServer:
    """A ThreadingHTTPServer on 127.0.0.1 that logs every path it is asked for."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[str] = []
        self.release = threading.Event()  # lets stalled handlers go at teardown
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.log.append(self.path)
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                else:
                    route(self)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.handle_error = lambda *args: None  # type: ignore[method-assign]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def count(self, path: str | None = None) -> int:
        """Requests for one path, or for any path."""
        return len(self.log) if path is None else self.log.count(path)

    def json(self, path: str, value: Any, **headers: str) -> None:
        self.routes[path] = answer(200, json.dumps(value).encode(), headers)

    def discovery(self, issuer: str | None = None, **extra: Any) -> None:
        document = {"issuer": issuer or self.url, "jwks_uri": self.url + "/keys"}
        self.json("/.well-known/openid-configuration", {**document, **extra})

    def serve(self, path: str, body: bytes, status: bytes = b"200 OK") -> None:
        """Answer ``body`` with this raw status line (a reason phrase a test
        chose, control characters included), no other header but its length."""

        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.wfile.write(b"HTTP/1.0 " + status + b"\r\n")
            handler.wfile.write(b"Content-Length: %d\r\n" % len(body))
            handler.wfile.write(b"\r\n" + body)

        self.routes[path] = route

    def stall(self, path: str) -> None:
        """Accept the request and never answer (until the test ends)."""

        def route(handler: BaseHTTPRequestHandler) -> None:
            self.release.wait(30)

        self.routes[path] = route


def answer(status: int, body: bytes, headers: dict[str, str]) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.end_headers()
        handler.wfile.write(body)

    return route


@contextlib.contextmanager
def serving() -> Iterator[LoopbackServer]:
    """A running server, shut down (stalled handlers released) at the end."""
    running = LoopbackServer()
    running.thread.start()
    try:
        yield running
    finally:
        running.release.set()
        running.httpd.shutdown()
        running.httpd.server_close()
        running.thread.join(5)
