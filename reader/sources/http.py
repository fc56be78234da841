"""Fetching a URL over HTTP(S), only ever at the user's request (import of a URL, ``refresh``).

Everything about the answer is hostile: the URL is checked at the door (:func:`checked_url`), the
whole request has one deadline however slowly the server sends (a watchdog shuts the socket
down when it passes), the body is capped at :data:`MAX_FETCH_BYTES`, and any text of the
server's that goes into a message (a reason phrase) is sanitized first. Conditional requests
(ETag / Last-Modified) spare a feed that has not changed.
"""

from __future__ import annotations

import contextlib
import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from reader import __version__
from reader.sources.errors import SourceError
from reader.text.output import visible_url
from reader.text.sanitize import sanitize

if TYPE_CHECKING:
    import http.client
    import socket
    import urllib.request

MAX_FETCH_BYTES = 10 * 1024 * 1024
"""A download is held whole (a feed's harvest is all or nothing, so a broken download never
half-imports and the ETag kept always matches what was stored) and several are fetched at once
by ``refresh``: so it keeps a cap, far above any feed a server publishes. A feed *file* of any size
is read as a stream instead."""
DEFAULT_TIMEOUT = 20.0
MAX_SHOWN = 200  # characters of a server's text quoted in a message
_CHUNK = 64 * 1024
_USER_AGENT = f"reader/{__version__} (terminal news reader)"
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9"
_WEB = re.compile(r"(?i)https?:")


def is_url(source: str) -> bool:
    """True for what is meant as an http(s) URL (valid or not: :func:`checked_url` says)."""
    return _WEB.match(source) is not None


def server_text(text: str) -> str:
    """A server's words (a reason phrase) fit for a message: sanitized, one line, short."""
    words = " ".join(sanitize(text).text.split())
    return words if len(words) <= MAX_SHOWN else words[:MAX_SHOWN] + "…"


def checked_url(url: str) -> str:
    """``url`` when it is an http(s) URL with a host; SourceError saying what is wrong."""
    shown = visible_url(url)
    if shown != url:  # something in it was escaped
        raise SourceError(f"{shown}: a URL cannot hold spaces or control characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError as error:
        raise SourceError(f"{shown}: not a valid URL ({error})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise SourceError(f"{shown}: only http and https URLs can be fetched")
    if not parts.hostname:
        raise SourceError(f"{shown}: the URL names no host")
    return url


@dataclass(frozen=True)
class Fetched:
    """The answer to one request; ``status`` 304 means not modified (no data)."""

    status: int
    data: bytes
    etag: str
    modified: str
    url: str


def fetch(
    url: str,
    etag: str = "",
    modified: str = "",
    timeout: float = DEFAULT_TIMEOUT,
    accept: str = FEED_ACCEPT,
) -> Fetched:
    """GET ``url`` (conditional when ``etag``/``modified`` are given), all of it within
    ``timeout`` seconds; SourceError on failure. ``accept`` names the types wanted."""
    import http.client  # the network modules load only when something is fetched
    import urllib.error
    import urllib.request

    shown = visible_url(checked_url(url))
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT, "Accept": accept})
    if etag:
        request.add_header("If-None-Match", etag)
    if modified:
        request.add_header("If-Modified-Since", modified)
    deadline = _Deadline(timeout)
    try:
        with _opener(deadline).open(request, timeout=timeout) as response:
            data = _read(response, deadline)
            headers = response.headers
            final = response.geturl()
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Fetched(304, b"", etag, modified, url)
        reason = server_text(str(error.reason))
        raise SourceError(f"{shown}: the server answered HTTP {error.code} {reason}") from None
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
        if deadline.expired:
            raise SourceError(f"{shown}: no complete answer within {timeout:g} s") from None
        if isinstance(error, urllib.error.URLError):
            raise SourceError(f"{shown}: cannot connect ({_reason(error.reason)})") from None
        if isinstance(error, TimeoutError):
            raise SourceError(f"{shown}: no answer within {timeout:g} s") from None
        raise SourceError(f"{shown}: the download failed ({_reason(error)})") from None
    finally:
        deadline.cancel()
    if deadline.expired:
        raise SourceError(f"{shown}: no complete answer within {timeout:g} s")
    if len(data) > MAX_FETCH_BYTES:
        raise SourceError(
            f"{shown}: larger than the {MAX_FETCH_BYTES // 2**20} MB limit for a feed"
        )
    etag_found, modified_found = headers.get("ETag", ""), headers.get("Last-Modified", "")
    return Fetched(200, data, etag_found, modified_found, final)


def _read(response: Any, deadline: _Deadline) -> bytes:
    """The body, a chunk at a time, stopping past the size cap or the deadline."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_FETCH_BYTES and not deadline.expired:
        chunk = response.read1(_CHUNK) if hasattr(response, "read1") else response.read(_CHUNK)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError):
        return "timed out"
    text = getattr(reason, "strerror", None) or str(reason)
    return server_text(str(text))


class _Deadline:
    """One request's deadline: when it passes, every socket the request opened is shut down,
    which ends any read that is waiting (a per-read timeout alone lets a server that sends a
    byte a second keep the request alive for ever)."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    import socket

    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """An opener whose connections (redirects included) are watched by ``deadline``."""
    import http.client
    import urllib.request

    def watched(base: type[http.client.HTTPConnection]) -> type[http.client.HTTPConnection]:
        class Watched(base):  # type: ignore[valid-type,misc]
            def connect(self) -> None:
                super().connect()
                deadline.watch(self.sock)

        return Watched

    plain, secure = watched(http.client.HTTPConnection), watched(http.client.HTTPSConnection)

    class Http(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(plain, req)

    class Https(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(secure, req)  # the default TLS context, as urllib's own

    return urllib.request.build_opener(Http(), Https())
