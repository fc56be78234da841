"""A throw-away HTTP server on 127.0.0.1 for the tests of feeds, pages and refresh."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager


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
