"""Pilot tests: nothing that grows with the library holds the UI thread (issue 16). Mark all
read and undo write through a worker's own connection, one at a time; a change made elsewhere
fetches the list again in a worker, a search counted in its count worker, and a count that comes
after the list moved on is dropped; n reads past the rows fetched, a change to a large list
waits for its ids and the menus are counted, each in a worker."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from support.pilot import RecordingApp, panel_prompts, settle, until
from textual.pilot import Pilot

from reader.config import Config
from reader.model.article import Article
from reader.services import triage as triage_module
from reader.services.analysis_worker import WorkerProcess
from reader.services.triage import PAGE
from reader.store import All, Incoming, Library, LibraryError, Starred
from reader.ui.screens import main
from reader.ui.screens.feed_actions import ChangedElsewhere
from reader.ui.screens.pickers import ChoiceScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.side_panel import SidePanel
from reader.ui.widgets.status_line import StatusLine

ARTICLES = 10
MATCHES = PAGE + 7  # more than a page: a search run again is counted with its page or after it
HELD = 10.0  # seconds a held call waits at most (the test fails rather than hangs)


def news(number: int, words: str = "Amman") -> Article:
    return Article(title=f"Item {number}", paragraphs=(f"{words} report number {number}.",),
                   source="Wire")


@pytest.fixture(autouse=True)
def no_background_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    """No analysis in the background, nor a worker process started by the first article's ask:
    its commits would reload the list (and count the whole-list panel again) whenever a loaded
    machine lets it finish, in the middle of what a test counts."""
    monkeypatch.setattr(main, "BACKGROUND_DELAY", 3600.0)
    monkeypatch.setattr(WorkerProcess, "start", lambda self: False)


def app_over(tmp_path: Path, articles: list[Article], read: Sequence[Article] = ()
             ) -> RecordingApp:
    """The app over a library of ``articles``, and of ``read``, read before the session."""
    library = Library.open(tmp_path / "library.db")
    library.add(articles)
    if read:
        library.set_read(library.add(read).added)
    return RecordingApp([], library=library, config=Config())


READ_ELSEWHERE = news(-1, "Petra")
"""Matching no search: read, Incoming no longer holds every article, so a search of it is
counted in a worker (reading its matches' state), not at once with its first page."""


def status_text(app: RecordingApp) -> str:
    return str(app.query_one(StatusLine).render())


def notices(app: RecordingApp) -> list[str]:
    return [notification.message for notification in app.notified]


class Held:
    """A library method that waits, from any thread but the UI's, until released; every
    call's thread is recorded (the UI's thread never waits: a test fails, it does not hang)."""

    def __init__(self, method: Callable[..., Any], *, first_only: bool = False) -> None:
        self._method = method
        self._first_only = first_only
        self.release = threading.Event()
        self.threads: list[threading.Thread] = []

    def patch(self, monkeypatch: pytest.MonkeyPatch, name: str) -> Held:
        """Put this in place of ``Library.<name>`` (a function: a method of every library)."""

        def held(library: Library, *args: Any, **kwargs: Any) -> Any:
            self.threads.append(threading.current_thread())
            first = len(self.threads) == 1
            if (first or not self._first_only) and (
                    threading.current_thread() is not threading.main_thread()):
                self.release.wait(HELD)
            return self._method(library, *args, **kwargs)

        monkeypatch.setattr(Library, name, held)
        return self

    @property
    def on_ui_thread(self) -> bool:
        return threading.main_thread() in self.threads


@pytest.fixture
def held_set_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[Held]:
    held = Held(Library.set_read).patch(monkeypatch, "set_read")
    yield held
    held.release.set()


async def test_mark_all_read_writes_in_a_worker_while_the_ui_answers_keys(
        tmp_path: Path, held_set_read: Held) -> None:
    app = app_over(tmp_path, [news(n) for n in range(ARTICLES)])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        library = app.main_screen.service.library
        await pilot.press("A")
        await pilot.pause(0.2)
        assert f"marking {ARTICLES} read…" in status_text(app), "a quiet word while it writes"
        await pilot.press("j")  # the write is held: the UI answers all the same
        await pilot.pause()
        assert app.query_one(ArticleList).cursor == 1
        assert not held_set_read.on_ui_thread and len(held_set_read.threads) == 1
        held_set_read.release.set()
        await settle(app, pilot)
        assert library.count(Incoming()) == 0
        assert f"{ARTICLES} marked read (u undoes)" in status_text(app)
        listing = app.main_screen.triage.listing
        assert len(listing) == ARTICLES, "the rows stay where they were"
        assert all(row.read for row in listing), "every row drawn again, read"
        assert app.query_one(ArticleList).cursor == 1, "the cursor stays where it was"


async def test_a_second_press_while_marking_starts_no_second_write(
        tmp_path: Path, held_set_read: Held) -> None:
    app = app_over(tmp_path, [news(n) for n in range(ARTICLES)])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("A")
        await pilot.pause(0.2)
        await pilot.press("A", "u", "m")  # again, undo, one article: all wait their turn
        await pilot.pause()
        assert notices(app).count("Still marking read…") == 3
        held_set_read.release.set()
        await settle(app, pilot)
        assert len(held_set_read.threads) == 1, "one write"
        assert app.main_screen.service.library.count(Incoming()) == 0, "nothing undone"


async def test_a_write_the_library_refuses_is_told_and_the_list_can_be_written_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_over(tmp_path, [news(n) for n in range(ARTICLES)])
    set_read = Library.set_read
    refusals = [LibraryError("the disk is full")]

    def refused_once(library: Library, *args: Any, **kwargs: Any) -> Any:
        if refusals:
            raise refusals.pop()
        return set_read(library, *args, **kwargs)

    monkeypatch.setattr(Library, "set_read", refused_once)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        library = app.main_screen.service.library
        await pilot.press("A")
        await settle(app, pilot)
        told = [" ".join(notice.split()) for notice in notices(app)]  # (toasts are wrapped)
        assert "Not done (marking read): the disk is full" in told
        assert library.count(Incoming()) == ARTICLES, "nothing written"
        assert "marking" not in status_text(app)
        await pilot.press("A")  # no write under way any more: this one goes through
        await settle(app, pilot)
        assert library.count(Incoming()) == 0
        assert f"{ARTICLES} marked read (u undoes)" in status_text(app)


async def test_undo_of_mark_all_read_writes_in_a_worker_and_redraws_the_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_over(tmp_path, [news(n) for n in range(ARTICLES)])
    held = Held(Library.undo).patch(monkeypatch, "undo")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        library = app.main_screen.service.library
        await pilot.press("A")
        await settle(app, pilot)
        await pilot.press("u")
        await pilot.pause(0.2)
        assert "undoing…" in status_text(app)
        held.release.set()
        await settle(app, pilot)
        assert not held.on_ui_thread and len(held.threads) == 1
        assert library.count(Incoming()) == ARTICLES
        assert "Undone: mark read" in notices(app)
        assert not any(row.read for row in app.main_screen.triage.listing), "rows redrawn"
        await pilot.press("u")
        await settle(app, pilot)
        assert "Nothing to undo." in notices(app)


async def aqaba_searched(app: RecordingApp, pilot: Pilot[None]) -> None:
    """The search for "aqaba" on screen, with its exact total."""
    await settle(app, pilot)
    await pilot.press("slash", *"aqaba")
    await settle(app, pilot)
    assert f"{MATCHES} articles" in status_text(app)


async def one_more_match_elsewhere(tmp_path: Path, app: RecordingApp, pilot: Pilot[None]
                                   ) -> None:
    """Another process's refresh adds a match; the search, run again, shows the new total."""
    with Library.open(tmp_path / "library.db") as elsewhere:
        elsewhere.add([news(MATCHES + 1, "Aqaba port")])
    app.main_screen.post_message(ChangedElsewhere())
    await settle(app, pilot)
    assert f"{MATCHES + 1} articles" in status_text(app), "counted again, exactly"


async def test_a_change_elsewhere_counts_the_search_again_off_the_ui_thread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_over(tmp_path, [news(n, "Aqaba port") for n in range(MATCHES)],
                   read=[READ_ELSEWHERE])
    async with app.run_test(size=(120, 30)) as pilot:
        await aqaba_searched(app, pilot)
        counts = Held(Library.search_count).patch(monkeypatch, "search_count")
        firsts = Held(Library.search_first).patch(monkeypatch, "search_first")
        counts.release.set()
        firsts.release.set()
        await one_more_match_elsewhere(tmp_path, app, pilot)
        assert counts.threads and not counts.on_ui_thread and not firsts.on_ui_thread


async def test_a_change_elsewhere_counts_a_search_of_every_article_with_its_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing read: Incoming holds every article, so the search run again comes counted by
    the index with its first page, in the reload's worker, exactly."""
    app = app_over(tmp_path, [news(n, "Aqaba port") for n in range(MATCHES)])
    async with app.run_test(size=(120, 30)) as pilot:
        await aqaba_searched(app, pilot)
        at_hand = Held(Library.search_count_at_hand).patch(monkeypatch, "search_count_at_hand")
        counts = Held(Library.search_count).patch(monkeypatch, "search_count")
        at_hand.release.set()
        await one_more_match_elsewhere(tmp_path, app, pilot)
        assert at_hand.threads and not at_hand.on_ui_thread
        assert not counts.threads, "no count worker: the page came counted"


async def test_a_count_that_comes_after_the_list_moved_on_is_dropped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_over(tmp_path, [news(n, "Aqaba port") for n in range(MATCHES)]
                   + [news(n, "Amman") for n in range(MATCHES, MATCHES + 3)],
                   read=[READ_ELSEWHERE])
    async with app.run_test(size=(120, 30)) as pilot:
        await aqaba_searched(app, pilot)
        counts = Held(Library.search_count, first_only=True).patch(monkeypatch, "search_count")
        app.main_screen.post_message(ChangedElsewhere())
        await pilot.pause(0.3)
        assert counts.threads, "the search run again is being counted"
        await pilot.press("escape")  # back to the whole list before that count comes
        await pilot.pause()
        counts.release.set()
        await settle(app, pilot)
        assert f"{MATCHES + 3} articles" in status_text(app), "the stale count never lands"
        assert len(app.main_screen.triage.listing) == MATCHES + 3


async def test_n_reads_past_the_rows_fetched_in_a_worker_and_a_late_answer_is_dropped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(main, "LISTING_DELAY", 3600.0)  # rows by position, no ids
    app = app_over(tmp_path, [news(n) for n in range(PAGE + 10)])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        library = app.main_screen.service.library
        every = library.ids(All())
        library.set_read(every[:PAGE + 6] + every[PAGE + 7:])  # one unread, past the first page
        await pilot.press("4")  # All: the read articles stay in it
        await settle(app, pilot)
        scan = Held(Library.query).patch(monkeypatch, "query")
        await pilot.press("n")  # its rows are read in a worker, held
        await until(pilot, lambda: any(thread is not threading.main_thread()
                                       for thread in scan.threads), "the rows asked in a worker")
        await pilot.press("j")  # the UI answers meanwhile
        await until(pilot, lambda: app.query_one(ArticleList).cursor == 1, "the cursor moved")
        scan.release.set()
        await settle(app, pilot)
        assert app.query_one(ArticleList).cursor == 1, "the user moved on: the answer is dropped"
        await pilot.press("n")
        await settle(app, pilot)
        assert app.query_one(ArticleList).cursor == PAGE + 6
        await pilot.press("n")
        await settle(app, pilot)
        assert "No more unread articles here." in notices(app)


@pytest.fixture
def few_ids_at_hand(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lists longer than 5 rows count as large: their ids are a worker's to fetch."""
    monkeypatch.setattr(triage_module, "SYNC_IDS", 5)


@pytest.mark.usefixtures("few_ids_at_hand")
async def test_a_triage_key_on_a_large_list_waits_for_its_ids_from_a_worker(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(main, "LISTING_DELAY", 3600.0)  # the ids only when a change needs them
    app = app_over(tmp_path, [news(n) for n in range(ARTICLES)])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        listing = app.main_screen.triage.listing
        first = listing[0].id
        assert not listing.complete
        ids = Held(Library.iter_ids).patch(monkeypatch, "iter_ids")
        await pilot.press("s")  # a star keeps its row in place: the list's ids come first
        await pilot.pause(0.2)
        await pilot.press("j")
        await pilot.pause()
        assert app.query_one(ArticleList).cursor == 1, "the UI answers meanwhile"
        library = app.main_screen.service.library
        assert library.count(Starred()) == 0 and ids.threads and not ids.on_ui_thread
        ids.release.set()
        await settle(app, pilot)
        assert library.ids(Starred()) == [first], "the article under the cursor when pressed"
        assert listing.complete and "1 starred (u undoes)" in notices(app)


@pytest.mark.usefixtures("few_ids_at_hand")
async def test_a_new_sort_finds_the_cursor_s_article_once_a_worker_has_the_ids(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(main, "LISTING_DELAY", 0.05)
    app = app_over(tmp_path, [news(n) for n in range(ARTICLES)])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "j", "j")
        await pilot.pause()
        chosen = app.main_screen.triage.listing[3].id
        ids = Held(Library.iter_ids).patch(monkeypatch, "iter_ids")
        ids.release.set()
        await pilot.press("O")  # oldest first
        await pilot.pause(0.3)
        await settle(app, pilot)
        listing = app.main_screen.triage.listing
        assert listing.complete and not ids.on_ui_thread
        assert listing[app.query_one(ArticleList).cursor].id == chosen


@pytest.mark.parametrize("key", ["v", "f"])
async def test_the_view_and_filter_menus_are_counted_in_a_worker(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    app = app_over(tmp_path, [news(n) for n in range(ARTICLES)])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        counts = Held(Library.counts).patch(monkeypatch, "counts")
        await pilot.press(key)
        await pilot.pause(0.2)
        await pilot.press("j")  # the UI answers while the menu is counted
        await pilot.pause()
        assert app.query_one(ArticleList).cursor == 1 and not isinstance(app.screen, ChoiceScreen)
        assert counts.threads and not counts.on_ui_thread
        counts.release.set()
        await settle(app, pilot)
        assert isinstance(app.screen, ChoiceScreen), "shown once counted"


async def test_a_view_is_sorted_anew_in_a_worker_and_a_second_press_goes_one_further(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_over(tmp_path, [news(n) for n in range(ARTICLES)])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        sorting = Held(Library.query).patch(monkeypatch, "query")
        await pilot.press("O", "O")  # oldest, then by source: the second asked before
        await pilot.pause(0.2)
        await pilot.press("j")
        await pilot.pause()
        assert app.query_one(ArticleList).cursor == 1, "the UI answers while it sorts"
        assert "by newest" in status_text(app)
        assert any(thread is not threading.main_thread() for thread in sorting.threads)
        sorting.release.set()
        await settle(app, pilot)
        assert "by source" in status_text(app) and app.main_screen.triage.sort.value == "source"
        assert "Sorted by oldest" not in notices(app), "the order passed over is never shown"


async def test_the_whole_list_panel_is_counted_in_a_worker_when_the_list_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_over(tmp_path, [news(n) for n in range(ARTICLES)])
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        panel = app.query_one(SidePanel)
        counting = Held(Library.top_entities).patch(monkeypatch, "top_entities")
        await pilot.press("w")
        await pilot.pause(0.2)
        await pilot.press("j", "4")  # the UI answers; another list while the first is counted
        await pilot.pause()
        assert app.query_one(ArticleList).cursor == 0, "All, from its top"
        assert panel_prompts(panel)[0].startswith("Counting the list's entities")
        counting.release.set()
        await settle(app, pilot)
        assert panel_prompts(panel)[0].startswith("Across All"), "the list shown last"
        assert counting.threads and not counting.on_ui_thread
        counted = len(counting.threads)
        await pilot.press("s")  # a row changes: its status line, not a count of the list
        await settle(app, pilot)
        assert len(counting.threads) == counted
