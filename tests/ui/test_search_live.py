"""Pilot tests: search as you type over a list longer than a page (issue 16). The first page
and the exact total come first, the other ids later from a worker; a stale search never
replaces a newer one, and the cursor stays on its article when the full list arrives."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from support.pilot import settle, until
from textual.pilot import Pilot

from reader.config import Config
from reader.model.article import Article
from reader.services.reading import ReadingService, SearchRequest, SearchResult
from reader.services.triage import PAGE, Listing
from reader.store import Incoming, Library
from reader.ui import messages
from reader.ui.app import ReaderApp
from reader.ui.screens import feed_actions, main
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.status_line import StatusLine

MATCHES = PAGE * 2 + 7  # more than a page: the list starts from a count and its first page


def news(number: int, words: str) -> Article:
    return Article(title=f"Item {number}", paragraphs=(f"{words} report number {number}.",),
                   source="Wire")


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReaderApp:
    monkeypatch.setattr(main, "BACKGROUND_DELAY", 3600.0)  # no analysis of the whole library
    monkeypatch.setattr(main, "SEARCH_LISTING_DELAY", 0.05)
    library = Library.open(tmp_path / "library.db")
    library.add([news(n, "Aqaba port" if n % 2 else "Amman") for n in range(2 * MATCHES)])
    library.set_read(library.add([read_elsewhere()]).added)
    return ReaderApp([], library=library, config=Config())


def read_elsewhere() -> Article:
    """An article read before the session, matching none of the searches: Incoming no longer
    holds every article, so a search of it is counted by reading its matches' state, in a
    worker after the first page (a view holding every article is counted at once)."""
    return news(-1, "Petra")


def status_text(app: ReaderApp) -> str:
    return str(app.query_one(StatusLine).render())


async def type_search(app: ReaderApp, pilot: Pilot[None], text: str) -> None:
    await pilot.press("slash", *text)
    await settle(app, pilot)


async def test_typing_shows_the_newest_matches_and_the_exact_total(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        library = app.main_screen.service.library
        await pilot.press("slash", *"aqaba")
        await pilot.pause(0.2)
        listing = app.main_screen.triage.listing
        assert len(listing) == MATCHES == library.search_count("aqaba", Incoming())
        assert f"{MATCHES} articles" in status_text(app), "the exact total, not a cap"
        shown = app.query_one(ArticleList)
        assert shown.items is listing
        assert [row.id for row in listing[:PAGE]] == library.search_newest("aqaba", limit=PAGE)
        await settle(app, pilot)
        await pilot.pause(0.2)
        await settle(app, pilot)
        assert listing.complete and listing.ids == library.search_newest("aqaba", Incoming())
        assert f"{MATCHES} articles" in status_text(app)


async def test_a_stale_search_never_replaces_a_newer_one(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen = app.main_screen
        service = screen.service
        older = service.search_request("aqaba")
        stale = service.run_search(older)
        assert stale is not None and stale.listing.total is None and len(stale.listing) == PAGE
        await type_search(app, pilot, "amman")
        newer = screen.triage.listing
        screen.post_message(messages.SearchFinished(stale))  # the older worker lands late
        await settle(app, pilot)
        assert screen.triage.query == "amman" and screen.triage.listing is newer
        assert app.query_one(ArticleList).items is newer
        assert "Aqaba" not in status_text(app)


@pytest.fixture
def app_none_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReaderApp:
    """As ``app``, nothing read: a search of Incoming comes counted with its first page."""
    monkeypatch.setattr(main, "BACKGROUND_DELAY", 3600.0)
    monkeypatch.setattr(main, "SEARCH_LISTING_DELAY", 0.05)
    library = Library.open(tmp_path / "library.db")
    library.add([news(n, "Aqaba port" if n % 2 else "Amman") for n in range(2 * MATCHES)])
    return ReaderApp([], library=library, config=Config())


async def test_a_slow_worker_of_an_older_keystroke_is_dropped(app: ReaderApp) -> None:
    await slow_older_keystroke_dropped(app)


async def test_a_slow_counted_page_of_an_older_keystroke_is_dropped(
    app_none_read: ReaderApp,
) -> None:
    await slow_older_keystroke_dropped(app_none_read)


async def slow_older_keystroke_dropped(app: ReaderApp) -> None:
    """The worker of "amma" is still searching when "amman" (typed next) has been shown."""
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen = app.main_screen
        service = screen.service
        original = service.run_search
        release = threading.Event()
        finished: list[str] = []

        def slow_for_the_older(request: SearchRequest, job: object = None) -> SearchResult | None:
            if request.query == "amma":
                release.wait(10)
            found = original(request)  # uncancelled: it would land if nothing stopped it
            finished.append(request.query)
            return found

        service.run_search = slow_for_the_older  # type: ignore[method-assign]
        await pilot.press("slash", *"amma")
        await pilot.pause(0.1)
        await pilot.press("n")
        await pilot.pause(0.3)
        assert screen.triage.query == "amman"
        release.set()
        await settle(app, pilot)
        assert finished[-2:] == ["amman", "amma"], "the older search ended last"
        assert screen.triage.query == "amman" and "amman" in screen.triage.title
        assert screen.triage.listing.total == MATCHES, "amman's own exact total"
        assert f"{MATCHES} articles" in status_text(app)


async def test_the_cursor_keeps_its_article_when_the_full_list_arrives(
    app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The article added below is also "a change by another connection": on a slow run the
    # library watch reloaded the list (a new listing) before the old one's ids arrived.
    monkeypatch.setattr(feed_actions, "CHANGES_INTERVAL", 3600.0)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen = app.main_screen
        library = screen.service.library
        main.SEARCH_LISTING_DELAY = 3600.0  # the full list waits until the test asks for it
        await type_search(app, pilot, "aqaba")
        listing = screen.triage.listing
        assert not listing.complete
        await pilot.press("enter")  # to the list, the search kept
        await pilot.press(*["j"] * 5)
        await pilot.pause()
        shown = app.query_one(ArticleList)
        chosen = listing[shown.cursor].id
        assert shown.cursor == 5
        library.add([news(9000, "Aqaba port")])  # a new match arrives before the ids do
        screen._complete_if_shown(listing)
        for _ in range(100):  # the ids come from a thread, then a message: slow under load
            await settle(app, pilot)
            if listing.complete:
                break
        assert listing.complete and len(listing) == MATCHES + 1
        assert listing[shown.cursor].id == chosen and shown.cursor == 6
        body = app.query_one(ArticleView).article
        assert body is not None and body.content_id == chosen, "the open article did not change"


def count_held_until(service: ReadingService, release: threading.Event,
                     held: Callable[[Listing], bool]) -> None:
    """Make the search's count worker wait for ``release`` for the listings ``held`` picks."""
    count_search = service.count_search

    def held_count(listing: Listing) -> int | None:
        if held(listing):
            release.wait(10)
        return count_search(listing)

    service.count_search = held_count  # type: ignore[method-assign]


async def test_the_rows_come_first_then_the_exact_total(
    app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first page is drawn while the matches are still being counted; the status line
    says so, never the page's length as if it were the total, then shows the exact total."""
    monkeypatch.setattr(main, "SEARCH_LISTING_DELAY", 3600.0)  # the count alone gives the total
    monkeypatch.setattr(feed_actions, "CHANGES_INTERVAL", 3600.0)  # no reload of the search
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen = app.main_screen
        library = screen.service.library
        release = threading.Event()
        count_held_until(screen.service, release, lambda listing: True)
        await pilot.press("slash", *"aqaba")
        await until(pilot, lambda: screen.triage.query == "aqaba", "the search's rows")
        listing = screen.triage.listing
        assert app.query_one(ArticleList).items is listing and listing.total is None
        newest = library.search_newest("aqaba", Incoming(), limit=PAGE)
        assert [row.id for row in listing[:PAGE]] == newest
        await pilot.pause(0.05)
        assert "aqaba" in status_text(app) and "counting…" in status_text(app)
        assert f"{PAGE} articles" not in status_text(app), "a page's length is no total"
        release.set()
        await until(pilot, lambda: f"{MATCHES} articles" in status_text(app), "the total")
        assert len(listing) == listing.total == MATCHES and not listing.complete
        assert "counting…" not in status_text(app)
        assert listing[MATCHES - 1].id == library.search_newest("aqaba", Incoming())[-1]


async def test_a_stale_count_never_overwrites_a_newer_searchs(
    app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The count of "report" (every article) lands after "aqaba" (half of them) is shown."""
    monkeypatch.setattr(main, "SEARCH_LISTING_DELAY", 3600.0)
    monkeypatch.setattr(feed_actions, "CHANGES_INTERVAL", 3600.0)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen = app.main_screen
        release = threading.Event()
        first: list[Listing] = []

        def the_first_search(listing: Listing) -> bool:
            first.append(listing) if not first else None
            return listing is first[0]

        count_held_until(screen.service, release, the_first_search)
        await pilot.press("slash", *"report")
        await until(pilot, lambda: bool(first), "the first search's count asked")
        await pilot.press(*["backspace"] * len("report"), *"aqaba")
        await until(pilot, lambda: f"{MATCHES} articles" in status_text(app), "aqaba's total")
        newer = screen.triage.listing
        release.set()  # the count of "report" (2 × MATCHES) lands now
        await settle(app, pilot)
        assert screen.triage.query == "aqaba" and screen.triage.listing is newer
        assert newer.total == MATCHES and first[0].total is None
        assert f"{MATCHES} articles" in status_text(app)
        assert f"{2 * MATCHES} articles" not in status_text(app)


async def test_the_total_is_exact_past_any_cap(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """More matches than the 500 the list once asked for: the count shown is every one."""
    monkeypatch.setattr(main, "BACKGROUND_DELAY", 3600.0)
    monkeypatch.setattr(main, "SEARCH_LISTING_DELAY", 3600.0)
    matches = 4 * PAGE + 101  # 613
    library = Library.open(tmp_path / "library.db")
    library.add([news(n, "Petra road" if n % 2 else "Jerash") for n in range(2 * matches)])
    assert library.search_count("petra", Incoming()) == matches > 500
    app = ReaderApp([], library=library, config=Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await type_search(app, pilot, "petra")
        assert f"{matches} articles" in status_text(app)
        assert len(app.main_screen.triage.listing) == matches


async def test_a_search_of_a_view_holding_every_article_comes_with_its_total(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Incoming holds every article (nothing read yet): the index counts the matches alone,
    so the first page comes with its exact total (one layout, one frame), no count worker."""
    monkeypatch.setattr(main, "BACKGROUND_DELAY", 3600.0)
    monkeypatch.setattr(main, "SEARCH_LISTING_DELAY", 3600.0)
    monkeypatch.setattr(feed_actions, "CHANGES_INTERVAL", 3600.0)
    library = Library.open(tmp_path / "library.db")
    library.add([news(n, "Aqaba port" if n % 2 else "Amman") for n in range(2 * MATCHES)])
    app = ReaderApp([], library=library, config=Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen = app.main_screen
        counted: list[Listing] = []
        release = threading.Event()  # never set: a count worker would hold the total back

        def recorded(listing: Listing) -> bool:
            counted.append(listing)
            return True

        count_held_until(screen.service, release, recorded)
        await pilot.press("slash", *"aqaba")
        await until(pilot, lambda: screen.triage.query == "aqaba", "the search's rows")
        listing = screen.triage.listing
        assert listing.total == MATCHES and app.query_one(ArticleList).items is listing
        assert f"{MATCHES} articles" in status_text(app) and "counting…" not in status_text(app)
        newest = library.search_newest("aqaba", Incoming())
        assert [row.id for row in listing[:PAGE]] == newest[:PAGE]
        assert listing[MATCHES - 1].id == newest[-1]
        await settle(app, pilot)
        assert not counted, "nothing left for a count worker"
        release.set()
