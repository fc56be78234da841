"""Hostile servers and URLs (issue 14 items 3, 4 and 12): a reason phrase with escapes, URLs that
are not http(s) or not URLs at all, a server that sends one byte at a time. Local servers only."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.http import serving

from reader.services.intake import RefreshProgress, import_paths, refresh
from reader.sources.errors import SourceError
from reader.sources.http import checked_url, fetch, is_url, server_text
from reader.store import All, Library, Subscription
from reader.text.output import visible_url

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Port reopened</title><link>https://n.example/1</link>
<description>The port reopened today.</description></item></channel></rss>
"""
HOSTILE_REASON = "Internal \x1b]0;ERRTITLE\x07 error \x1b]52;c;UFdO\x07\x9b2J"  # latin-1
TRICKLE_PAUSE = 0.05  # seconds between two bytes of a slow answer
TRICKLE_BYTES = 400  # so a slow answer takes 20 s: far beyond the 1 s deadline of the tests


class _Handler(http.server.BaseHTTPRequestHandler):
    stop = threading.Event()

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path == "/rss":
            self._answer(200, "OK", RSS)
        elif self.path == "/hostile":
            self._answer(500, HOSTILE_REASON, b"no")
        elif self.path == "/slow-body":
            self.send_response(200)
            self.send_header("Content-Length", str(TRICKLE_BYTES))
            self.end_headers()
            self._trickle(b"<" * TRICKLE_BYTES)
        elif self.path == "/slow-headers":
            self._trickle(b"HTTP/1.1 200 OK\r\nX-Pad: " + b"a" * TRICKLE_BYTES + b"\r\n\r\n")
        else:
            self._answer(404, "Not Found", b"")

    def _answer(self, status: int, reason: str, body: bytes) -> None:
        self.send_response(status, reason)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _trickle(self, data: bytes) -> None:
        try:
            for index in range(len(data)):
                if self.stop.is_set():
                    return
                self.wfile.write(data[index : index + 1])
                time.sleep(TRICKLE_PAUSE)
        except OSError:
            return  # the client gave up: what the deadline is for

    def log_message(self, *_args: object) -> None:
        return


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.stop.clear()
    with serving(_Handler, _Server) as base:
        yield base
        _Handler.stop.set()  # the slow answers end before the server waits for them


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = Library.open(tmp_path / "lib.db")
    yield library
    library.close()


def _after(tmp_path: Path) -> Path:
    path = tmp_path / "after.txt"
    path.write_text("After\n\nThe file after the bad source.", encoding="utf-8")
    return path


def _clean(message: str) -> bool:
    return not any(char in message for char in "\x1b\x07\x9b\x9d\u202e\n")


# -- item 3: the server's words are sanitized -------------------------------------------------


def test_a_hostile_reason_phrase_is_sanitized_on_import(lib: Library, server: str) -> None:
    result = import_paths(lib, [f"{server}/hostile", f"{server}/rss"], timeout=5)
    [error] = result.errors
    assert "HTTP 500 Internal" in error and "error" in error
    assert _clean(error) and "ERRTITLE" not in error
    assert len(result.added) == 1


def test_a_hostile_reason_phrase_is_sanitized_on_refresh(lib: Library, server: str) -> None:
    lib.add_subscription(Subscription(f"{server}/hostile"))
    seen: list[RefreshProgress] = []
    outcome = refresh(lib, seen.append, timeout=5)
    assert outcome.failed == 1
    assert _clean(seen[0].error) and "HTTP 500" in seen[0].error
    sub = lib.subscription(f"{server}/hostile")
    assert sub is not None and _clean(sub.last_error)


def test_server_text_is_one_short_clean_line() -> None:
    assert server_text("Not\r\nFound\x1b[2J") == "Not Found"
    assert len(server_text("x" * 10_000)) <= 201


# -- item 4: URLs are checked at the door ------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://[::1", "not a valid URL"),
        ("https://a.example:port/", "not a valid URL"),
        ("http:///no-host", "names no host"),
        ("javascript:alert(1)", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("http://a.example/\x1b]0;T\x07", "control characters"),
    ],
)
def test_checked_url_refuses_with_one_clear_message(url: str, reason: str) -> None:
    with pytest.raises(SourceError, match=reason) as caught:
        checked_url(url)
    assert _clean(str(caught.value))
    assert checked_url("https://news.example/feed?x=1") == "https://news.example/feed?x=1"


def test_is_url_never_raises() -> None:
    assert is_url("http://[::1") and is_url("HTTPS://x.example")
    assert not is_url("javascript:alert(1)") and not is_url("feeds/a.xml")
    assert visible_url("a\x1bb\u202ec d") == "a\\x1bb\\u202ec\\x20d"


def test_a_broken_url_on_the_command_line_is_one_error(lib: Library, tmp_path: Path) -> None:
    result = import_paths(lib, ["http://[::1", _after(tmp_path)], timeout=3)
    assert len(result.errors) == 1 and "http://[::1" in result.errors[0]
    assert "not a valid URL" in result.errors[0]
    assert len(result.added) == 1  # the file after it still came in


def test_an_opml_subscribes_to_http_urls_only(lib: Library, tmp_path: Path) -> None:
    bad = ["http://[::1", "javascript:alert(1)", "data:text/xml,rss", "file:///etc/passwd",
           "feeds/relative.xml"]
    outlines = "".join(f'<outline text="f" xmlUrl="{url}"/>' for url in [*bad, "https://a.example/rss"])
    opml = tmp_path / "subs.opml"
    opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>', encoding="utf-8")
    result = import_paths(lib, [opml, _after(tmp_path)])
    assert result.subscriptions == ["https://a.example/rss"]
    assert [s.url for s in lib.subscriptions()] == ["https://a.example/rss"]
    assert len(result.errors) == len(bad)
    for url, error in zip(bad, result.errors, strict=True):
        assert str(opml) in error and url in error and "not subscribed" in error
    assert len(result.added) == 1


def test_refresh_goes_on_past_a_broken_stored_url(lib: Library, server: str) -> None:
    # as an older reader stored them, before URLs were checked
    for url in ("http://[::1", "file:///etc/passwd", f"{server}/rss"):
        lib.add_subscription(Subscription(url))
    seen: list[RefreshProgress] = []
    outcome = refresh(lib, seen.append, timeout=5)
    assert (outcome.feeds, outcome.failed, len(outcome.result.added)) == (3, 2, 1)
    errors = {p.url: p.error for p in seen}
    assert "not a valid URL" in errors["http://[::1"]
    assert "only http and https" in errors["file:///etc/passwd"]
    assert errors[f"{server}/rss"] == ""


# -- item 12: one deadline for the whole request -----------------------------------------------


@pytest.mark.parametrize("path", ["/slow-body", "/slow-headers"])
def test_a_server_sending_a_byte_at_a_time_meets_the_deadline(server: str, path: str) -> None:
    # every byte comes well within any per-read timeout; only an overall deadline ends it
    with pytest.raises(SourceError, match="no complete answer within 1 s"):
        fetch(f"{server}{path}", timeout=1)


def test_refresh_with_a_slow_server_fails_that_feed_and_goes_on(
    lib: Library, server: str
) -> None:
    lib.add_subscription(Subscription(f"{server}/slow-body"))
    lib.add_subscription(Subscription(f"{server}/rss"))
    outcome = refresh(lib, timeout=1)
    assert (outcome.failed, len(outcome.result.added)) == (1, 1)
    assert "within 1 s" in outcome.result.errors[0]
    assert lib.count(All()) == 1
