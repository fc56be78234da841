"""Links, full text and feeds in the app, with Pilot: o Y L F r R S +, the feeds pane, and the
list following what another process wrote. Local HTTP servers on 127.0.0.1 only."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from support.http import RoutesHandler, serving
from support.pilot import RecordingApp, screen_lines, settle

from reader.config import Config
from reader.model.article import Article
from reader.services import feeds
from reader.services.reading import ReadingService
from reader.store import All, Library
from reader.ui.screens import feed_actions, main
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.feeds_pane import FeedsPane

# What XML lets through: C1 controls (CSI, OSC, ST) and a bidi override.
HOSTILE_TITLE = "Wire \x9b2J\x9d0;OWNED\x9c \u202eشبكة"
PAGE_TEXT = (
    "The harbour of Latakia reopened on Monday after three weeks of closure, and the first "
    "ships unloaded grain and fuel for the towns of the coast."
)
PAGE = f"<html><body><article><h1>Port</h1><p>{PAGE_TEXT}</p></article></body></html>".encode()


def rss(base: str, *titles: str) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{base}/story</link>"
        f"<description>&lt;p&gt;Summary of {title}, see &lt;a href=&quot;https://n.example/"
        f"more&quot;&gt;more&lt;/a&gt;&lt;/p&gt;</description></item>"
        for title in titles
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{HOSTILE_TITLE}</title>'
            f"{items}</channel></rss>").encode()


class _Handler(RoutesHandler):
    routes: ClassVar[dict[str, bytes]] = {}
    hits: ClassVar[list[str]] = []


@pytest.fixture
def server() -> Iterator[str]:
    with serving(_Handler) as base:
        _Handler.routes = {"/rss": rss(base, "Port reopened"), "/story": PAGE}
        yield base


@pytest.fixture
def library(tmp_path: Path, server: str) -> Iterator[Library]:
    lib = Library.open(tmp_path / "lib.db")
    lib.set_meta("seeded", "yes")  # no samples: the feed's articles alone
    assert feeds.subscribe(lib, f"{server}/rss", timeout=5).errors == []
    yield lib
    lib.close()


def make(library: Library, browser: str = "") -> RecordingApp:
    return RecordingApp([], library=library, config=Config(refresh_minutes=0, browser=browser),
                        remember_theme=False)


def messages(app: RecordingApp) -> list[str]:
    return [note.message for note in app.notified]


async def test_feeds_pane_lists_hostile_titles_escaped(library: Library) -> None:
    app = make(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        pane = app.query_one(FeedsPane)
        assert pane.region.height > 0
        text = "\n".join(screen_lines(app))
        assert not set(text) & {"\x9b", "\x9c", "\x9d", "\u202e", "\x1b"}
        assert "OWNED" in text  # the words are shown; what could act on the terminal is not
        assert [feed.unread for feed in pane.feeds] == [1]


async def test_feeds_pane_is_hidden_at_80_columns_until_s(library: Library) -> None:
    app = make(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        pane = app.query_one(FeedsPane)
        assert pane.region.height == 0
        await pilot.press("S")
        await pilot.pause()
        assert pane.region.height > 0 and pane.has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "list"
        await pilot.press("S", "S")
        await pilot.pause()
        assert pane.region.height == 0


async def test_link_in_the_header_and_y_copies_it(library: Library, server: str) -> None:
    app = make(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert any(f"{server}/story" in line for line in screen_lines(app))
        await pilot.press("Y")
        assert app.clipboard == f"{server}/story"
        await pilot.press("y")
        assert app.clipboard.startswith("Port reopened\n\nSummary of Port reopened")


async def test_o_opens_the_link_in_the_browser(library: Library, server: str,
                                               tmp_path: Path) -> None:
    opened = tmp_path / "opened"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf %s "$1" > {opened}\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    app = make(library, browser=str(script))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        for _ in range(50):
            if opened.exists() and opened.read_text():
                break
            await pilot.pause(0.05)
        assert opened.read_text() == f"{server}/story"


async def test_o_refuses_a_link_that_is_not_http(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "lib.db")
    lib.set_meta("seeded", "yes")
    lib.add([Article("Trap", ("Body.",), url="javascript:alert(1)")])
    app = make(lib, browser="/bin/false")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        assert any("only http and https" in text for text in messages(app))
    lib.close()


async def test_l_lists_the_links_and_copies_one(library: Library, server: str) -> None:
    app = make(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("L")
        await pilot.pause()
        await pilot.press("down", "enter")  # the second link: the one inside the summary
        await pilot.pause()
        await pilot.press("down", "enter")  # Copy the link
        await pilot.pause()
        assert app.clipboard == "https://n.example/more"


async def test_f_fetches_the_full_text_into_the_open_article(library: Library) -> None:
    app = make(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("F")
        await settle(app, pilot)
        article = app.query_one(ArticleView).article
        assert article is not None and PAGE_TEXT in article.paragraphs
        assert "Full text fetched and stored." in messages(app)
    [row] = library.query(All())
    stored = library.get(row.id)
    assert stored is not None and PAGE_TEXT in stored.article.paragraphs


async def test_r_and_capital_r_refresh_and_the_list_shows_new_articles(
    library: Library, server: str
) -> None:
    app = make(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        _Handler.routes["/rss"] = rss(server, "Port reopened", "Ships arrive")
        await pilot.press("r")  # the feed of the open article
        await settle(app, pilot)
        assert "Refreshed 1 feed: 1 new article" in messages(app)
        assert any("Ships arrive" in line for line in screen_lines(app))
        _Handler.routes.pop("/rss")
        await pilot.press("R")
        await settle(app, pilot)
        assert any("HTTP 404" in text for text in messages(app))  # the feed's own error line
        assert "Refreshed 1 feed: 0 new articles, 1 feed failed" in messages(app)


async def test_a_refresh_that_adds_articles_starts_their_analysis(
    library: Library, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[bool] = []
    monkeypatch.setattr(main, "BACKGROUND_DELAY", 600.0)  # only the refresh starts it here
    monkeypatch.setattr(ReadingService, "start_background", lambda _: started.append(True))
    app = make(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.pause(0.3)  # the open article's analysis was asked for (it may start one)
        before = len(started)
        await pilot.press("r")  # nothing new
        await settle(app, pilot)
        assert "Refreshed 1 feed: 0 new articles" in messages(app) and len(started) == before
        _Handler.routes["/rss"] = rss(server, "Port reopened", "Ships arrive")
        await pilot.press("r")
        await settle(app, pilot)
        assert "Refreshed 1 feed: 1 new article" in messages(app)
        assert len(started) == before + 1


async def test_articles_written_by_another_process_appear(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feed_actions, "CHANGES_INTERVAL", 0.05)
    app = make(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        other = Library.open(tmp_path / "lib.db")  # a cron `reader refresh`, say
        other.add([Article("Written elsewhere", ("By another process.",))])
        other.close()
        for _ in range(40):
            await pilot.pause(0.05)
            if any("Written elsewhere" in line for line in screen_lines(app)):
                break
        assert any("Written elsewhere" in line for line in screen_lines(app))
        await pilot.pause()
        article = app.query_one(ArticleView).article  # the cursor stayed on its article
        assert article is not None and article.title == "Port reopened"


async def test_plus_adds_a_feed_and_the_pane_renames_and_removes(
    library: Library, server: str
) -> None:
    url = f"{server}/rss"
    library.remove_subscription(url)
    app = make(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("plus")
        await pilot.pause()
        await pilot.press(*url, "enter")
        await settle(app, pilot)
        pane = app.query_one(FeedsPane)
        assert [feed.url for feed in pane.feeds] == [url]
        pane.focus()
        pane.highlighted = 0
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"Coast", "enter")
        await settle(app, pilot)  # the pane is counted again in a worker
        assert [feed.title for feed in pane.feeds] == ["Coast"]
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")  # Unsubscribe
        await settle(app, pilot)
        assert pane.feeds == [] and library.subscriptions() == []


def test_the_browser_command_chooses_terminal_browsers() -> None:
    from reader.services.browser import browser_command

    assert browser_command("https://a.example/", {"BROWSER": "w3m:firefox"}).in_terminal
    command = browser_command("https://a.example/", {"BROWSER": "firefox --new-tab %s"})
    assert command.argv == ("firefox", "--new-tab", "https://a.example/")
    assert not command.in_terminal
    assert browser_command("https://a.example/", os.environ, "mybrowser", True).in_terminal


async def test_the_feeds_pane_is_counted_in_a_worker(
        library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unread count per feed grows with the library (issue 16): never on the UI thread."""
    threads: list[threading.Thread] = []
    count = Library.unread_count

    def recorded(self: Library, view: object) -> int:
        threads.append(threading.current_thread())
        return count(self, view)  # type: ignore[arg-type]

    monkeypatch.setattr(Library, "unread_count", recorded)
    app = make(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.main_screen.post_message(feed_actions.ChangedElsewhere())
        await settle(app, pilot)
        assert [feed.unread for feed in app.query_one(FeedsPane).feeds] == [1]
        assert len(threads) >= 2 and threading.main_thread() not in threads
