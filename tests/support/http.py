"""A throw-away HTTP server on 127.0.0.1 for the tests of feeds, pages and refresh, and the
request handlers they serve."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import ClassVar


@contextmanager
def serving(
    handler: type[http.server.BaseHTTPRequestHandler],
    server_class: type[http.server.ThreadingHTTPServer] = http.server.ThreadingHTTPServer,
) -> Iterator[str]:
    """Serve ``handler`` on a free local port in a thread; the base URL, until the block ends."""
    httpd = server_class(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class QuietHandler(http.server.BaseHTTPRequestHandler):
    """A request handler that logs nothing (the test's output stays its own) and sends a whole
    answer with :meth:`reply`."""

    def reply(self, status: int, body: bytes, *, reason: str | None = None,
              headers: Mapping[str, str] | None = None) -> None:
        """Send ``status`` (with ``reason``, else the standard one), ``headers`` and ``body``."""
        self.send_response(status, reason)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - its name
        return


class RoutesHandler(QuietHandler):
    """Answers each path with its body from ``routes`` (404 for any other) and records the paths
    asked for in ``hits``. Subclass it to give a server routes and hits of its own."""

    routes: ClassVar[dict[str, bytes]] = {}
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.hits.append(self.path)
        body = self.routes.get(self.path)
        self.reply(200 if body is not None else 404, body or b"")
