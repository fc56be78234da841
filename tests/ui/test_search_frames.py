"""Pilot tests: the frames a keystroke of the search draws (issue 16, results ≤ 30 ms).

A letter typed in the search box is drawn in the same frame as the first page it finds, so the
page is not pushed one or two frame periods back; a page that is slow to come never holds the
letter back for longer than ``FIRST_PAGE_WAIT``. Each frame the screen draws is recorded as
what it showed (the box's value, the status line, the list's rows)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.pilot import settle, until
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from reader.config import Config
from reader.model.article import Article
from reader.services.reading import SearchRequest, SearchResult
from reader.services.triage import Listing
from reader.store import Library
from reader.ui.app import ReaderApp
from reader.ui.frame_hold import FrameHold
from reader.ui.screens import feed_actions, main
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.status_line import StatusLine

MATCHES = 300  # more than a page


def news(number: int, words: str) -> Article:
    return Article(title=f"Item {number}", paragraphs=(f"{words} report number {number}.",),
                   source="Wire")


@dataclass(frozen=True)
class Frame:
    """What one frame showed."""

    typed: str  # the search box's value ("" before it is shown)
    status: str
    rows: object  # the list's rows (the listing shown)


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReaderApp:
    monkeypatch.setattr(main, "BACKGROUND_DELAY", 3600.0)
    monkeypatch.setattr(main, "SEARCH_LISTING_DELAY", 3600.0)
    monkeypatch.setattr(main, "SEARCH_PREVIEW_DELAY", 3600.0)  # no article opened meanwhile
    monkeypatch.setattr(feed_actions, "CHANGES_INTERVAL", 3600.0)
    library = Library.open(tmp_path / "library.db")
    library.add([news(n, "Aqaba port" if n % 2 else "Amman") for n in range(2 * MATCHES)])
    return ReaderApp([], library=library, config=Config())


@pytest.fixture
def frames(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Frame]]:
    """Every frame drawn, as what it showed (Textual draws a frame in this one method)."""
    drawn: list[Frame] = []
    draw = Screen._compositor_refresh

    def recorded(screen: Screen[object]) -> None:
        app = screen.app
        if isinstance(app, ReaderApp) and screen is app.main_screen:
            boxes = screen.query(Input)
            drawn.append(Frame(typed=boxes.first().value if boxes else "",
                               status=str(screen.query_one(StatusLine).render()),
                               rows=screen.query_one(ArticleList).items))
        draw(screen)

    monkeypatch.setattr(Screen, "_compositor_refresh", recorded)
    yield drawn


def page_held_for(app: ReaderApp, query: str) -> threading.Event:
    """The search of ``query`` waits in its worker until the returned event is set."""
    service = app.main_screen.service
    run_search = service.run_search
    release = threading.Event()

    def held(request: SearchRequest, job: object = None) -> SearchResult | None:
        if request.query == query:
            release.wait(10)
        return run_search(request)

    service.run_search = held  # type: ignore[method-assign]
    return release


async def last_letter_held(app: ReaderApp, pilot: Pilot[None]
                           ) -> tuple[object, threading.Event]:
    """"aqab" typed and its rows shown, then "a" typed with the page of "aqaba" held in its
    worker: the rows shown before that letter, and the event that lets its page go."""
    await settle(app, pilot)
    await pilot.press("slash", *"aqab")
    await settle(app, pilot)
    before = app.main_screen.triage.listing
    release = page_held_for(app, "aqaba")
    await pilot.press("a")
    return before, release


async def test_the_letter_and_its_rows_come_in_one_frame(
    app: ReaderApp, frames: list[Frame], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main, "FIRST_PAGE_WAIT", 3600.0)  # only the page lets the frame through
    async with app.run_test(size=(120, 30)) as pilot:
        before, release = await last_letter_held(app, pilot)
        screen = app.main_screen
        await pilot.pause(0.2)
        assert not [frame for frame in frames if frame.typed == "aqaba"], \
            "the letter was drawn before its rows"
        release.set()
        await until(pilot, lambda: screen.triage.query == "aqaba", "the rows of aqaba")
        await settle(app, pilot)
        first = next(frame for frame in frames if frame.typed == "aqaba")
        assert first.rows is screen.triage.listing and first.rows is not before
        assert "aqaba" in first.status


async def test_a_slow_page_never_holds_the_letter_back_past_the_bound(
    app: ReaderApp, frames: list[Frame], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main, "FIRST_PAGE_WAIT", 0.05)
    async with app.run_test(size=(120, 30)) as pilot:
        before, release = await last_letter_held(app, pilot)
        screen = app.main_screen
        await until(pilot, lambda: any(frame.typed == "aqaba" for frame in frames),
                    "the letter, while its page is still on its way")
        echo = next(frame for frame in frames if frame.typed == "aqaba")
        assert echo.rows is before, "drawn with the rows of the search before"
        release.set()
        await until(pilot, lambda: screen.triage.query == "aqaba", "the rows of aqaba")
        await settle(app, pilot)
        assert frames[-1].rows is screen.triage.listing and "aqaba" in frames[-1].status


async def test_escape_while_a_page_is_awaited_clears_the_search_at_once(
    app: ReaderApp, frames: list[Frame], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main, "FIRST_PAGE_WAIT", 3600.0)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen = app.main_screen
        everything = screen.triage.listing
        release = page_held_for(app, "aqaba")
        await pilot.press("slash", *"aqaba")
        await pilot.pause(0.1)
        await pilot.press("escape")
        await until(pilot, lambda: bool(frames) and "Incoming" in frames[-1].status
                    and "aqaba" not in frames[-1].status, "the whole list again")
        assert not screen.searching and screen.triage.query == ""
        release.set()  # the page of aqaba lands after the search was cleared: dropped
        await settle(app, pilot)
        assert screen.triage.query == "" and "aqaba" not in frames[-1].status
        assert len(screen.triage.listing) == len(everything) == 2 * MATCHES


async def test_a_search_with_no_rows_cancels_the_preview_of_the_one_before(
    app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first row of "aqaba" was to open once the keys rested; "aqabax", typed before
    that, finds nothing: no article opens under its empty list."""
    monkeypatch.setattr(main, "SEARCH_PREVIEW_DELAY", 0.3)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen = app.main_screen
        await pilot.press("slash", *"amman")
        await settle(app, pilot)
        await pilot.pause(0.4)
        await pilot.press(*["backspace"] * 5, *"aqaba")
        await until(pilot, lambda: screen.triage.query == "aqaba", "the rows of aqaba")
        await pilot.press("x")
        await until(pilot, lambda: screen.triage.query == "aqabax", "the empty list")
        await pilot.pause(0.5)
        assert not len(screen.triage.listing)
        assert app.query_one(ArticleView).article is None


async def test_a_hold_is_released_by_its_bound_or_by_release() -> None:
    """``FrameHold`` keeps the bound of the hold under way, and releasing twice is harmless."""
    app: App[None] = App()
    async with app.run_test(size=(80, 24)) as pilot:
        hold = FrameHold(app)
        hold.hold(3600.0)
        hold.hold(0.01)  # a second key during the hold: the first bound stays
        await pilot.pause(0.1)
        assert hold.held
        hold.release()
        hold.release()
        assert not hold.held
        hold.hold(0.02)
        await until(pilot, lambda: not hold.held, "the bound passing")


async def test_rows_and_total_of_a_view_holding_every_article_come_in_one_frame(
    app: ReaderApp, frames: list[Frame], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing read yet: the index counts the matches with the first page, so no frame says
    "counting…" (nor is a second frame, laid out again, needed for the total); a count worker,
    held here, would leave every frame without the total."""
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen = app.main_screen
        service = screen.service
        release = threading.Event()
        count_search = service.count_search

        def held_count(listing: Listing) -> int | None:
            release.wait(10)
            return count_search(listing)

        service.count_search = held_count  # type: ignore[method-assign]
        await pilot.press("slash", *"aqaba")
        await until(pilot, lambda: screen.triage.query == "aqaba", "the rows of aqaba")
        await settle(app, pilot)
        release.set()
        shown = [frame for frame in frames if "aqaba" in frame.status]
        assert shown and all(f"{MATCHES} articles" in frame.status for frame in shown)
        assert not [frame for frame in frames if "counting…" in frame.status]
