"""Two readers of a desk's PostgreSQL library: what one imports appears in the other's open
TUI, and each one's Incoming stays their own."""

from __future__ import annotations

import pytest
from support.pilot import screen_lines, settle
from support.postgres import Desk

from reader.config import Config
from reader.model.article import Article
from reader.store.views import Incoming, Starred
from reader.ui.app import ReaderApp
from reader.ui.screens import feed_actions

pytestmark = pytest.mark.postgres


async def test_an_article_imported_by_alice_appears_in_bobs_open_tui(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feed_actions, "CHANGES_INTERVAL", 0.05)
    with desk.open(desk.alice) as alice:
        alice.set_meta("seeded_at", "never")  # no samples: the desk's articles alone
        [first] = alice.add([Article("Port reopened", ("Ships arrive.",))]).added
        alice.star(first)
        alice.set_read(first)
    app = ReaderApp([], library=desk.open(desk.bob), config=Config(refresh_minutes=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.main_screen.triage.source, Incoming)
        assert len(app.main_screen.triage.listing) == 1, "alice's reading is not bob's"
        with desk.open(desk.alice) as alice:  # another machine's `reader refresh`, say
            alice.add([Article("Written on another host", ("By alice's cron.",))])
        for _ in range(60):
            await pilot.pause(0.05)
            if any("Written on another host" in line for line in screen_lines(app)):
                break
        assert any("Written on another host" in line for line in screen_lines(app))
        await pilot.press("s")  # bob stars the article under his cursor
        await settle(app, pilot)
    app.library.close()
    with desk.open(desk.bob) as bob, desk.open(desk.alice) as alice:
        assert bob.count(Starred()) == 1 and alice.count(Starred()) == 1
        assert alice.count(Incoming()) == 1 and bob.count(Incoming()) == 2
        seen = bob.get(first)
        assert seen is not None and not seen.state.read, "alice read it, bob has not"
