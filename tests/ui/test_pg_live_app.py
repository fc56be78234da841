"""The app open on a desk's PostgreSQL library shows what another host adds, without a restart
and without polling (skipped without READER_TEST_POSTGRES, see support.pg_scratch)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from support.http import QuietHandler, serving
from support.pg_library import library_url
from support.pg_scratch import scratch_database
from support.pilot import RecordingApp, screen_lines, settle

from reader.config import Config
from reader.model.article import Article
from reader.store import Library, Subscription, pg_live
from reader.ui.screens import feed_actions

pytestmark = pytest.mark.postgres



@pytest.fixture
def desk() -> Iterator[Library]:
    """A PostgreSQL library holding one article, open as the app would open it."""
    with scratch_database("pglive") as conninfo:
        library = Library.open(library_url(conninfo))
        try:
            library.set_meta("seeded", "yes")  # no samples: the articles of the test alone
            library.add([Article("Port reopened", ("The harbour reopened on Monday.",))])
            yield library
        finally:
            library.close()


async def test_an_article_imported_on_another_host_appears_in_the_open_list(
    desk: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feed_actions, "CHANGES_INTERVAL", 3600.0)  # no poll can show it
    story = tmp_path / "story.md"
    story.write_text("# Written on another host\n\nImported by a second process.\n",
                     encoding="utf-8")
    app = RecordingApp([], library=desk, config=Config(refresh_minutes=0),
                       remember_theme=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert not any("Written on another host" in line for line in screen_lines(app))
        subprocess.run([sys.executable, "-m", "reader", "import", str(story)], check=True,
                       capture_output=True, env={**os.environ, "READER_LIBRARY": desk.location.url})
        for _ in range(300):
            await pilot.pause(0.05)
            if any("Written on another host" in line for line in screen_lines(app)):
                break
        assert any("Written on another host" in line for line in screen_lines(app))
        assert _listeners(desk) == 1
    assert _listeners(desk) == 0  # the app stopped listening as it closed


def _listeners(library: Library) -> int:
    import psycopg

    with psycopg.connect(library.location.conninfo(), autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN%%' "
                           "AND datname = current_database()").fetchone()
        return int(row[0]) if row else 0


class _Feed(QuietHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.hits.append(self.path)
        self.reply(200, b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
                   b"<item><title>Ships arrive</title><link>https://n.example/2</link></item>"
                   b"</channel></rss>")


async def test_a_feed_another_reader_is_fetching_is_skipped_and_said(desk: Library) -> None:
    _Feed.hits = []
    app = RecordingApp([], library=desk, config=Config(refresh_minutes=0),
                       remember_theme=False)
    with serving(_Feed) as base, pg_live.FeedLocks(desk.location.conninfo()) as elsewhere:
        desk.add_subscription(Subscription(f"{base}/rss", "Wire", kind="feed"))
        assert elsewhere.take(f"{base}/rss")  # another host's refresh is fetching it
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            await pilot.press("R")
            await settle(app, pilot)
            assert ("Refreshed 1 feed: 0 new articles, 1 feed fetched by another reader right now"
                    in [note.message for note in app.notified])
        assert _Feed.hits == []
