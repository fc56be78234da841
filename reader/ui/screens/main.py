"""The main screen: article list, article body and side panel, over the reading service."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from reader.services.memory import release_free_memory
from reader.services.reading import (
    Choices,
    Filter,
    KeywordFilter,
    ListRequest,
    ReadingService,
    SortRequest,
    TriageKey,
    UndoRequest,
)
from reader.services.triage import Listing, ListSource, Triage
from reader.store.models import ArticleRow
from reader.store.views import FIXED_VIEWS, Sort, View
from reader.text.logical import TextLayout
from reader.ui import messages
from reader.ui.frame_hold import FrameHold
from reader.ui.memory import forget_removed_widgets
from reader.ui.screens.feed_actions import FeedActions
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.feeds_pane import FeedsPane
from reader.ui.widgets.key_footer import KeyFooter
from reader.ui.widgets.panes import ReadingPanes
from reader.ui.widgets.side_panel import SidePanel
from reader.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from reader.config import Config
    from reader.model.article import Article
    from reader.services.reading import SearchRequest

LAYOUT_CSS = Path(__file__).with_name("main.tcss")
NARROW_WIDTH = 100
ANALYSIS_DELAY = 0.15  # seconds the cursor rests on an article before extraction starts
SEARCH_PREVIEW_DELAY = 0.15  # seconds a search's results are shown before its first article
FIRST_PAGE_WAIT = 0.02  # seconds at most a key's echo waits to be drawn with its first page
BACKGROUND_DELAY = 2.0  # seconds after start before the library is analysed in the background
WATCH_INTERVAL = 2.0  # seconds between looks into the watched folders
PROGRESS_INTERVAL = 1.0  # seconds between looks at the background analysis's progress
ASK_POLL = 0.05  # seconds between looks for an analysis asked of the worker process
ASK_TIMEOUT = 30.0  # seconds before the panel stops waiting for it
TYPING_REST = 1.0  # seconds after the last key typed in the search before the worker goes on
LISTING_DELAY = 0.3  # seconds before a large view's full id list is fetched
SEARCH_LISTING_DELAY = 1.0  # for a search's: while keys are typed it would hold a core
SEARCH_HINT = "search: words in any form, -word to exclude, prefix*"
IDLE_REST = 0.5  # seconds with no search typed, list filled or article opened: the user rests
OUTCOME_SHOWN = 4.0  # seconds the status line shows what a write to the whole list did


class MainScreen(FeedActions):
    """Three panes; below 100 columns the side panel folds away behind ``e``."""

    CSS_PATH = LAYOUT_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,pagedown", "page_down", "Page down", key_display="Space", show=False,
                id="body.page-down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="body.page-up"),
        Binding("tab", "cycle_pane(1)", "Next pane", show=False, id="pane.next"),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", show=False, id="pane.previous"),
        Binding("z", "toggle_focus_mode", "Focus mode", show=False, id="view.focus-mode"),
        Binding("e", "toggle_side_panel", "Entities panel", show=False, id="view.side-panel"),
        Binding("w", "toggle_view_summary", "Entities of the whole list", show=False,
                id="view.list-summary"),
        Binding("slash", "search", "Search", key_display="/", id="list.search"),
        Binding("n", "next_unread", "Next unread", show=False, id="list.next-unread"),
        Binding("N", "next_unread(False)", "Previous unread", show=False,
                id="list.previous-unread"),
        Binding("m", "triage('toggle_read')", "Read/unread", show=False, id="triage.read"),
        Binding("s", "triage('toggle_star')", "Star", id="triage.star"),
        Binding("a", "triage('archive')", "Archive", id="triage.archive"),
        Binding("t", "tag", "Tag", show=False, id="triage.tag"),
        Binding("x", "triage('mark')", "Mark for a bulk action", show=False, id="triage.mark"),
        Binding("u", "undo", "Undo", show=False, id="triage.undo"),
        Binding("A", "mark_all_read", "Mark all read", show=False, id="triage.all-read"),
        Binding("v", "choose_view", "Views", id="list.views"),
        Binding("f", "filter", "Filter", show=False, id="list.filter"),
        Binding("O", "cycle_sort", "Sort order", show=False, id="list.sort"),
        Binding("1", "show_view(0)", "Incoming", show=False, id="list.incoming"),
        Binding("2", "show_view(1)", "Starred", show=False, id="list.starred"),
        Binding("3", "show_view(2)", "Archive", show=False, id="list.archive"),
        Binding("4", "show_view(3)", "All", show=False, id="list.all"),
        Binding("escape", "clear_filter", "Back to the view", show=False, id="list.clear-filter"),
    ]

    focus_mode: var[bool] = var(False, toggle_class="-focus-mode")
    """The article body alone, full screen."""
    searching: var[bool] = var(False, toggle_class="-searching", always_update=True)
    """The search box is shown (and takes the focus each time it is asked for)."""

    def __init__(self, service: ReadingService, layout: TextLayout, config: Config) -> None:
        super().__init__()
        self.service = service
        self.text_layout = layout
        self._notice = ""
        self._writing = ""  # a write to the whole list (marking read…), then what it did
        self._writing_timer: Timer | None = None
        self._after_ids: list[tuple[Listing, Callable[[], None]]] = []  # changes awaiting ids
        self._list_summary = False  # the panel shows the whole list's entities, not the article's
        self._summary_counting = False  # a worker counts the whole list's entities
        self._summary_again = False  # the list changed while its summary was being counted
        self._analysis_timer: Timer | None = None
        self._progress_timer: Timer | None = None
        self._typing_timer: Timer | None = None
        self._asked_timer: Timer | None = None
        self._asked: tuple[str | None, float] = (None, 0.0)  # asked of the worker, until when
        self._stand_in_shown: str | None = None  # the article whose stand-in analysis is shown
        self._progress = ""  # the background analysis's indicator in the status line
        self._preview_timer: Timer | None = None
        self._idle_timer: Timer | None = None  # runs from the last burst of work to a rest
        self._preview_later = False  # the next highlighted row opens once typing rests
        self._search_box: Input | None = None  # made on first use: most sessions never search
        self._first_page: FrameHold | None = None  # a key's echo held for its search's page
        self._resumed = False  # shown once already
        self._status = StatusLine(layout, id="status")
        self._list = ArticleList(id="list", layout=layout, marker=service.triage.marker,
                                 chips=service.entity_chips, snippets=service.snippets,
                                 columns=config.list_columns)
        self._body = ArticleView(id="body", layout=layout)
        self._side = SidePanel(id="side", layout=layout)
        self._sources = FeedsPane(layout, id="feeds")
        self._panes = ReadingPanes(self._list, self._body, self._side, config.layout, id="panes",
                                   feeds=self._sources)

    @property
    def triage(self) -> Triage:
        return self.service.triage

    def compose(self) -> ComposeResult:
        # Folded from the first style pass: setting the class on the first Resize restyles
        # every widget a second time, the longest step of start-up at 80 columns.
        self._panes.fold = self.app.size.width < NARROW_WIDTH
        self.place_feeds_pane(self._sources)
        yield self._status
        yield self._panes
        yield KeyFooter()

    def on_resize(self, event: events.Resize) -> None:
        self._panes.fold = event.size.width < NARROW_WIDTH

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first time the screen is shown its widgets were styled a moment ago, as they
        were mounted: Textual's own handler (it runs after this one) would style every one of
        them again before the first frame. A later resume (the stylesheet may have changed
        under a dialog, a new theme) restyles as usual."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def watch_focus_mode(self, focus_mode: bool) -> None:
        if focus_mode:
            self._body.focus()

    def watch_searching(self, searching: bool) -> None:
        if not searching:
            return
        if self._search_box is None:
            from reader.ui.screens.pickers import prompt_input

            self._search_box = prompt_input(SEARCH_HINT)
            self._search_box.id = "search"
            self.mount(self._search_box, before=self._panes)
        self.call_after_refresh(self._search_box.focus)

    # ----- loading -------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.watch(self._body, "mention_position", lambda _: self._update_status(), init=False)
        self._idle_timer = self.set_interval(IDLE_REST, self._rested, pause=True)
        if self.service.loads_in_background():
            self.set_notice("reading articles…")
            self._fill_in_worker()
        else:
            self._library_loaded(messages.LibraryLoaded(self.service.fill_library()))

    def on_unmount(self) -> None:  # where the open article was left, for next time
        self.service.keep_position(self._open_id(), self._body.top_paragraph())
        self.service.stop_background()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _fill_in_worker(self) -> None:
        self.post_message(messages.LibraryLoaded(self.service.fill_library()))

    @on(messages.LibraryLoaded)
    def _library_loaded(self, message: messages.LibraryLoaded) -> None:
        self._notice = ""
        self._warn(message.loaded.errors)
        if not self.service.show_loaded(message.loaded.ids):
            self.notify("No article could be read from the paths given.", severity="error",
                        markup=False)
        self._refresh_list(cursor=0)
        if len(self.triage.listing):
            # Once the titles are on screen (the list's Highlighted message would come later):
            # laying out the article and looking up its analysis are kept out of the first frame.
            self.call_after_refresh(self._open, self.triage.listing[0].id)
        self._list.focus()
        # Analysing the rest of the library (for pivots) waits until the first screen is read.
        self.set_timer(BACKGROUND_DELAY, self._start_background)
        if self.service.start_watching():
            self._import_watched()
            self.set_interval(WATCH_INTERVAL, self._import_watched)

    # Not exclusive: a cancelled thread worker runs on unseen; the service serialises the polls.
    @work(thread=True, group="watch", exit_on_error=False)
    def _import_watched(self) -> None:
        imported = self.service.import_watched()
        if imported is not None:
            self.post_message(messages.FilesImported(imported))

    @on(messages.FilesImported)
    def _files_imported(self, message: messages.FilesImported) -> None:
        added = message.imported.added
        self._warn(message.imported.errors)
        if added:
            self.reload_list()
            self.notify(message.imported.announcement(), timeout=3)
            self._start_background()

    def reload_list(self) -> None:
        """Fetch the list again (the library changed) in a worker: a view's ids at 100,000
        articles take a second, a search is counted again."""
        self._reload(self.service.list_request())

    # Named: Textual would describe a worker by its argument's repr (100,000 ids, a journal).
    @work(thread=True, exclusive=True, group="reload", exit_on_error=False,
          description="reload the list")
    def _reload(self, request: ListRequest) -> None:
        reloaded = self.service.fetch_reload(request)
        if not get_current_worker().is_cancelled:  # a newer reload is on its way
            self.post_message(messages.ListReloaded(reloaded))

    @on(messages.ListReloaded)
    def _list_reloaded(self, message: messages.ListReloaded) -> None:
        cursor = self.service.take_reload(message.reloaded, self._list.cursor,
                                          self._current_id())
        if cursor is not None:  # the cursor stays on its article
            self._show_reloaded(cursor)
        elif self.service.outdated(message.reloaded):
            self.reload_list()

    def _show_reloaded(self, cursor: int) -> None:
        self._refresh_list(cursor=cursor)
        listing = self.triage.listing
        if listing.total is None:  # a search run again: counted in its worker
            self._count_search(listing)

    def _warn(self, errors: tuple[str, ...]) -> None:
        for error in errors:
            self.notify(error, severity="warning", markup=False, timeout=8)

    def set_notice(self, notice: str) -> None:
        self._notice = notice
        self._update_status()

    # ----- the list and the open article -----------------------------------------------------

    def _refresh_list(self, cursor: int | None = None) -> None:
        self._count_list_summary()  # its heading and counts follow the list
        listing = self.triage.listing
        self._list.set_items(listing, cursor=self._list.cursor if cursor is None else cursor)
        if not listing.complete:  # its ids a little after the list is drawn
            delay = SEARCH_LISTING_DELAY if self.triage.query else LISTING_DELAY
            self.call_after_refresh(self.set_timer, delay,
                                    lambda: self._complete_if_shown(listing))
        if not len(listing):
            self._body.show(None)
            self._side.show_status("No articles here.")
        self._update_status()

    def _complete_if_shown(self, listing: Listing) -> None:
        if listing is self.triage.listing:  # not the list of a search typed further since
            self._complete_listing(listing)

    @work(thread=True, exclusive=True, group="listing", exit_on_error=False)
    def _complete_listing(self, listing: Listing) -> None:
        """Fetch a large view's full id list after it is on screen (jumps, positions)."""
        ids = self.service.listing_ids(listing)
        if ids is not None:
            self.post_message(messages.ListingCompleted(listing, ids))

    @on(messages.ListingCompleted)
    def _listing_completed(self, message: messages.ListingCompleted) -> None:
        self._busy()
        current = self._current_id()
        at_top = self._list.cursor == 0
        if self.service.attach_ids(message.listing, message.ids):
            # Articles came or went meanwhile: the cursor stays on its article.
            kept = self.triage.listing.index_of(current) if current else None
            self._refresh_list(cursor=kept)
        followed = self.service.followed(message.listing)
        if followed is not None and at_top:  # the article the cursor was left on (a new sort)
            self._list.cursor = followed
        self._run_after_ids(message.listing)

    def _when_listed(self, change: Callable[[], None]) -> None:
        """Make a change to rows of the list once its ids are known: at once when they are
        (or are few), else after a worker fetched them (half a second at 100,000 articles)."""
        if self.triage.ids_at_hand():
            change()
            return
        listing = self.triage.listing
        self._after_ids.append((listing, change))
        self._complete_listing(listing)

    def _run_after_ids(self, listing: Listing) -> None:
        waiting, self._after_ids = self._after_ids, []
        for awaited, change in waiting:
            if awaited is listing and listing.complete:
                change()
            elif awaited is self.triage.listing:
                self._after_ids.append((awaited, change))  # its ids are still to come
            else:
                self.notify("Not done: the list changed before it was ready.", timeout=3)

    def _update_status(self) -> None:
        triage = self.triage
        notice = "  ·  ".join(part for part in (self._notice, self._writing) if part)
        self._status.show(triage.title, triage.listing.total, len(triage.marked), notice,
                          sort=triage.sort.value, mention=self._body.mention_position,
                          progress=self._progress)

    @property
    def current_row(self) -> ArticleRow | None:
        index = self._list.cursor
        return self.triage.listing[index] if 0 <= index < len(self.triage.listing) else None

    def _current_id(self) -> str | None:
        """The id of the row under the list's cursor."""
        row = self.current_row
        return row.id if row else None

    def _open_id(self) -> str | None:
        """The id of the article open in the body."""
        return self._body.article.content_id if self._body.article else None

    @on(ArticleList.Highlighted)
    def _preview(self, event: ArticleList.Highlighted) -> None:
        self._stop_preview()
        later, self._preview_later = self._preview_later, False
        if not 0 <= event.index < len(self.triage.listing):
            return
        article_id = self.triage.listing[event.index].id
        if later and not isinstance(event, ArticleList.Selected):
            # Laying out the article and its panel costs more than the list: while a search is
            # typed its results are drawn first, and its first article once the keys rest.
            self._preview_timer = self.set_timer(SEARCH_PREVIEW_DELAY,
                                                 lambda: self._open(article_id))
            return
        self._open(article_id)

    def _stop_preview(self) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None

    @on(ArticleList.Selected)
    def _open_selected(self, event: ArticleList.Selected) -> None:
        self._preview(event)
        row = self.current_row
        if row is not None and not row.read:
            self._when_listed(lambda: self._mark_opened(row.id))
        self._body.focus()

    def _mark_opened(self, article_id: str) -> None:
        self.triage.set_read([article_id], True)
        self._row_changed(article_id)

    def _open(self, article_id: str) -> None:
        if self._open_id() == article_id:
            return
        self._busy()
        if self._analysis_timer is not None:  # the analysis of the article left is not started
            self._analysis_timer.stop()
        self.service.keep_position(self._open_id(), self._body.top_paragraph())
        stored = self.triage.article(article_id)
        self._body.show(stored and stored.article, self.service.reading_position(article_id),
                        self.triage.query)
        if stored is None or self._list_summary:
            return
        analysis = self.service.analysis_for(article_id)
        if analysis is not None:
            self._side.show_analysis(analysis)
            return
        self._show_stand_in(article_id)
        # Extraction starts once the cursor rests, so running down the list (or the first
        # paint) never waits for it.
        article = stored.article
        if self.service.uses_worker:  # asked of the worker process: no model in this one
            self._analysis_timer = self.set_timer(
                ANALYSIS_DELAY, lambda: self._ask_analysis(article.content_id))
            return
        self._analysis_timer = self.set_timer(
            ANALYSIS_DELAY, lambda: self._analyse(article, self.service.sample_ids()))

    def _show_stand_in(self, article_id: str) -> None:
        """The other extractor's analysis while the current one is made (the setting was
        switched), else the usual wait."""
        stand_in = self.service.stand_in_analysis(article_id)
        self._stand_in_shown = article_id if stand_in is not None else None
        if stand_in is None:
            self._side.show_status("Finding entities and keywords…")
        else:
            self._side.show_analysis(stand_in)

    def _busy(self) -> None:
        """Work that frees memory in bursts (a search's rows, the layouts of articles read):
        what it freed goes back to the system once the user rests, never on every key."""
        if self._idle_timer is not None:
            self._idle_timer.reset()

    def _rested(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.pause()
        forget_removed_widgets()
        self.service.release_memory()
        release_free_memory()

    def _row_changed(self, *article_ids: str) -> None:
        for article_id in article_ids:
            index = self.triage.listing.index_of(article_id)
            if index is not None:
                self._list.refresh_row(index)
        self._update_status()

    # ----- analysis in workers -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def _analyse(self, article: Article, sample: tuple[str, ...]) -> None:
        worker = get_current_worker()
        try:
            analysis = self.service.analyse(article, sample)
        except Exception as error:  # noqa: BLE001 - an extractor failure must not crash the UI
            self.post_message(messages.AnalysisFailed(article.content_id, str(error)))
            return
        if not worker.is_cancelled:
            self.post_message(messages.AnalysisReady(article.content_id, analysis))

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def _ask_analysis(self, article_id: str) -> None:
        """Ask the worker process for the open article first; the answer is looked for in the
        library by :meth:`_look_for_asked` until it comes."""
        self.service.ask_analysis(article_id)
        self.app.call_from_thread(self._await_analysis, article_id)

    def _await_analysis(self, article_id: str) -> None:
        self._asked = (article_id, time.monotonic() + ASK_TIMEOUT)
        if self._asked_timer is None:
            self._asked_timer = self.set_interval(ASK_POLL, self._look_for_asked)

    def _look_for_asked(self) -> None:
        asked, deadline = self._asked
        if asked is not None and asked == self._open_id() and time.monotonic() < deadline:
            if not self._worker_busy("asked"):  # one look at a time, none cancelled
                self._fetch_asked(asked, stand_in=self._stand_in_shown != asked)
            return
        if asked is not None and asked == self._open_id() and self._stand_in_shown != asked:
            self._side.show_status("Not analysed yet: the background analysis will come to it.")
        self._asked = (None, 0.0)
        if self._asked_timer is not None:
            self._asked_timer.stop()
            self._asked_timer = None

    def _worker_busy(self, group: str) -> bool:
        """Whether a worker of ``group`` is still at work (a slow look under a heavy load)."""
        return any(worker.group == group and not worker.is_finished for worker in self.workers)

    @work(thread=True, group="asked", exit_on_error=False)
    def _fetch_asked(self, article_id: str, stand_in: bool) -> None:
        """The analysis asked for if it has come; else, when ``stand_in``, the quick one the
        accurate extractor's worker stores first."""
        found = self.service.analysis_for(article_id)
        if found is not None:
            self.post_message(messages.AnalysisReady(article_id, found))
            return
        quick = self.service.stand_in_analysis(article_id) if stand_in else None
        if quick is not None:
            self.post_message(messages.AnalysisReady(article_id, quick, stand_in=True))

    def _start_background(self) -> None:
        """Analyse the library in the background: in a worker process when other processes
        can open the library, shown in the status line; else in a thread of this one."""
        if not self.service.uses_worker:
            self._analyse_library()
            return
        self.service.start_background()
        if self._progress_timer is None:
            self._progress_timer = self.set_interval(PROGRESS_INTERVAL, self._look_at_progress)

    def _look_at_progress(self) -> None:
        if not self._worker_busy("progress"):
            self._read_progress()

    @work(thread=True, exclusive=True, group="background-analysis", exit_on_error=False)
    def _analyse_library(self) -> None:
        self.service.analyse_library(get_current_worker())
        self.app.call_from_thread(self._count_list_summary)  # no more "analysis still running"

    @work(thread=True, group="progress", exit_on_error=False)
    def _read_progress(self) -> None:
        progress = self.service.background_progress()
        running = self.service.background_running
        self.post_message(messages.AnalysisProgressed(progress, running))

    @on(messages.AnalysisProgressed)
    def _progressed(self, message: messages.AnalysisProgressed) -> None:
        progress = message.progress
        shown = ("" if progress is None or progress.finished
                 else f"analysing {progress.analysed:,}/{progress.total:,}")
        if progress is None and not message.running and self._progress_timer is not None:
            self._progress_timer.stop()  # no worker at work: started again when needed
            self._progress_timer = None
        if shown != self._progress:
            finished = bool(self._progress) and not shown
            self._progress = shown
            self._update_status()
            if finished:  # the whole list's panel says "analysis still running" no more
                self._count_list_summary()

    @on(messages.AnalysisReady)
    def _analysis_ready(self, message: messages.AnalysisReady) -> None:
        if message.stand_in:  # the current one is still asked for
            if self._open_id() == message.content_id and not self._list_summary:
                self._stand_in_shown = message.content_id
                self._side.show_analysis(message.analysis)
            return
        if self._asked[0] == message.content_id:
            self._asked = (None, 0.0)  # the timer stops at its next tick
        self.service.remember_analysis(message.content_id, message.analysis)
        if self._open_id() == message.content_id and not self._list_summary:
            self._side.show_analysis(message.analysis)

    @on(messages.AnalysisFailed)
    def _analysis_failed(self, message: messages.AnalysisFailed) -> None:
        self._side.show_status(f"Extraction failed: {message.reason}")

    # ----- side panel ------------------------------------------------------------------------

    @on(SidePanel.EntityChosen)
    def _pivot(self, event: SidePanel.EntityChosen) -> None:  # the articles naming it
        entity = event.entity
        self._refresh_list(cursor=self.service.pivot(entity.text, entity.label, self._open_id(),
                                                     self._body.scroll_y))
        self._list.focus()

    def action_toggle_view_summary(self) -> None:
        """Switch the panel between the open article and the whole list."""
        self._list_summary = not self._list_summary
        self._count_list_summary()
        known = self.service.known_analysis(self._open_id() or "")
        if not self._list_summary and known is not None:
            self._side.show_analysis(known)

    def _count_list_summary(self) -> None:
        """Count the whole list's entities and keywords again, for the panel showing them: in
        a worker (seconds at 100,000 analysed articles), one at a time (a thread cannot be
        stopped: a count asked meanwhile waits for the one running, then starts afresh)."""
        if not self._list_summary:
            return
        self._side.show_status("Counting the list's entities and keywords…")
        if self._summary_counting:
            self._summary_again = True
            return
        self._summary_counting, self._summary_again = True, False
        self._count_summary(self.service.scope, self.service.summary_title())

    @work(thread=True, group="summary", exit_on_error=False, description="count the summary")
    def _count_summary(self, scope: View, title: str) -> None:
        try:
            summary = self.service.summary(scope, title)
        except self.service.library_faults():
            summary = None
        self.post_message(messages.SummaryCounted(summary))

    @on(messages.SummaryCounted)
    def _summary_counted(self, message: messages.SummaryCounted) -> None:
        self._summary_counting = False
        if self._summary_again:  # the list changed meanwhile: its own count, now
            self._count_list_summary()
        elif self._list_summary and message.summary is not None:
            self._side.show_summary(*message.summary)
        elif self._list_summary:
            self._side.show_status("The list's entities could not be counted.")

    # ----- views, search, filters ---------------------------------------------------------

    def show_source(self, source: ListSource | None) -> None:  # None: the dialog cancelled
        if source is None:
            return
        self.service.show_view(source)
        self.searching = False
        self._refresh_list(cursor=0)

    def action_show_view(self, number: int) -> None:
        self.show_source(FIXED_VIEWS[number])

    # The menus count the library's views, sources and entities: in a worker, shown when
    # counted (a tenth of a second at 100,000 articles).

    def action_choose_view(self) -> None:
        self._view_menu()

    @work(thread=True, exclusive=True, group="menu", exit_on_error=False)
    def _view_menu(self) -> None:
        choices = self.service.view_choices()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_view_menu, choices)

    def _show_view_menu(self, choices: Choices[ListSource]) -> None:
        from reader.ui.screens.pickers import ChoiceScreen

        picker = ChoiceScreen[ListSource]("Views", choices, self.text_layout)
        self.app.push_screen(picker, self.show_source)

    def action_filter(self) -> None:
        """Narrow the list: an entity or keyword of it, a source or tag, or a date range."""
        self._filter_menu(self.service.scope)

    @work(thread=True, exclusive=True, group="menu", exit_on_error=False)
    def _filter_menu(self, scope: View) -> None:
        choices = self.service.filter_choices(date.today(), scope)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_filter_menu, choices)

    def _show_filter_menu(self, choices: Choices[Filter]) -> None:
        from reader.ui.screens.pickers import ChoiceScreen

        self.app.push_screen(ChoiceScreen[Filter]("Filter", choices, self.text_layout),
                             self._filter_chosen)

    def _filter_chosen(self, chosen: Filter | None) -> None:
        if isinstance(chosen, KeywordFilter):
            self._run_search(self.service.search_request(chosen.text))  # a keyword's articles
        elif chosen is not None:
            self.searching = False
            self._refresh_list(self.service.apply_filter(chosen, self._open_id(),
                                                         self._body.scroll_y))

    def action_search(self) -> None:
        self.searching = True

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._busy()
        self._rest_background_while_typing()
        self._hold_for_first_page()
        self._run_search(self.service.search_request(event.value))

    def _hold_for_first_page(self) -> None:
        """The letter typed and the rows it finds in one frame: drawn alone, the letter would
        push the rows, ready a few milliseconds later, one or two frame periods back."""
        if self._first_page is None:
            self._first_page = FrameHold(self.app)
        self._first_page.hold(FIRST_PAGE_WAIT)

    def _release_first_page(self) -> None:
        if self._first_page is not None:
            self._first_page.release()

    def _rest_background_while_typing(self) -> None:
        """The background worker rests while the user types, and goes on a second after."""
        if self._typing_timer is None:
            self.service.pause_background()
        else:
            self._typing_timer.stop()
        self._typing_timer = self.set_timer(TYPING_REST, self._typing_stopped)

    def _typing_stopped(self) -> None:
        self._typing_timer = None
        self.service.resume_background()

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _run_search(self, request: SearchRequest) -> None:
        job = get_current_worker()
        result = self.service.run_search(request, job)
        if result is None:
            return
        self.post_message(messages.SearchFinished(result))
        # Counted here, while the UI thread draws the page: a count worker started by the
        # page's handler would only start after that frame, and its total miss the next one.
        if result.listing.total is None and not job.is_cancelled:
            self._count_found(result.listing)

    @on(messages.SearchFinished)
    def _search_finished(self, message: messages.SearchFinished) -> None:
        if not self.service.show_found(message.result):
            return  # a newer search's page is on its way: the frame waits for that one
        listing = self.triage.listing
        self._stop_preview()  # the first row of an earlier search (one with no rows: no new one)
        self._preview_later = bool(len(listing))
        self._refresh_list(cursor=0)
        # Released once the list has passed its refresh on to the screen, so the frame the
        # release lets through holds the rows.
        self._list.call_after_refresh(self._release_first_page)

    @work(thread=True, exclusive=True, group="count", exit_on_error=False)
    def _count_search(self, listing: Listing) -> None:
        self._count_found(listing)

    def _count_found(self, listing: Listing) -> None:
        """*Worker*: the exact total of a search shown uncounted, posted to the screen (taken
        only if that search is still the one shown)."""
        count = self.service.count_search(listing)
        if count is not None:
            self.post_message(messages.SearchCounted(listing, count))

    @on(messages.SearchCounted)
    def _search_counted(self, message: messages.SearchCounted) -> None:
        if self.service.attach_count(message.listing, message.count):
            self._list.items_resized()
            self._update_status()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self._list.focus()

    def action_clear_filter(self) -> None:
        if self.searching or self.triage.query:
            if self._search_box is not None:
                self._search_box.value = ""
            self.searching = False
            self.service.clear_search()
            self._release_first_page()
            self._refresh_list(cursor=0)
            self._list.focus()
        elif (back := self.service.go_back()) is not None:
            self._refresh_list(cursor=back[0])
            self.call_after_refresh(self._body.scroll_to, y=back[1], animate=False)

    def action_cycle_sort(self) -> None:
        asked = self.service.sort_request()
        if asked is not None:  # a view: sorted by the library, in a worker
            self._fetch_sorted(asked)
            return
        sort, cursor = self.service.cycle_sort(self._current_id())
        self._show_sorted(sort, cursor)

    @work(thread=True, group="sort", exit_on_error=False, description="sort the list")
    def _fetch_sorted(self, asked: SortRequest) -> None:
        self.post_message(messages.SortFetched(asked, self.service.fetch_sorted(asked)))

    @on(messages.SortFetched)
    def _sort_fetched(self, message: messages.SortFetched) -> None:
        cursor = self.service.show_sorted(message.asked, message.listing, self._current_id())
        if cursor is not None:
            self._show_sorted(message.asked.sort, cursor)

    def _show_sorted(self, sort: Sort, cursor: int) -> None:
        self._refresh_list(cursor=cursor)
        self.notify(f"Sorted by {sort.value}", timeout=2)

    # ----- triage ------------------------------------------------------------------------------

    def _triage_key(self, key: TriageKey) -> None:
        if self._still_writing():
            return
        current, cursor = self._current_id(), self._list.cursor
        self._when_listed(lambda: self._apply_triage(key, current, cursor))

    def _apply_triage(self, key: TriageKey, current: str | None, cursor: int) -> None:
        outcome = key(current, cursor)
        if outcome is None:
            return
        if outcome.cursor is None:
            self._row_changed(*outcome.ids)
        else:
            self._refresh_list(cursor=outcome.cursor)
        if outcome.message:
            self.notify(outcome.message, timeout=2)
        if outcome.advance and self.triage.listing.index_of(outcome.ids[0]) is not None:
            self._list.action_cursor_down()  # (the list, redrawn, has fetched its rows)

    def action_triage(self, key: str) -> None:
        """A triage key: the service's method of that name (toggle_read, archive, mark…)."""
        self._triage_key(getattr(self.service, key))

    # A write to the whole list (mark all read, undo, which may put back as much) runs in a
    # worker on its own connection: at 100,000 articles it takes seconds.

    def action_mark_all_read(self) -> None:
        if self._still_writing():
            return
        request = self.service.begin_mark_all_read()
        if request is None:  # (only while another write is under way)
            return
        self._show_writing("marking read…")
        self._mark_all_read(request)

    @work(thread=True, group="write", exit_on_error=False, description="mark all read")
    def _mark_all_read(self, request: ListRequest) -> None:
        self._post_written(lambda: messages.AllMarkedRead(self.service.write_all_read(
            request, lambda count: self.post_message(messages.MarkingRead(count)))))

    def _post_written(self, write: Callable[[], Message]) -> None:
        """*Worker*: post the message ``write`` returns, or :class:`messages.WriteFailed` when
        the library refused the write (rolled back)."""
        try:
            written = write()
        except self.service.library_faults() as error:
            self.post_message(messages.WriteFailed(error))
            return
        self.post_message(written)

    @on(messages.MarkingRead)
    def _marking_read(self, message: messages.MarkingRead) -> None:
        if self.service.writing is not None and message.count:
            self._show_writing(f"marking {message.count:,} read…")

    @on(messages.AllMarkedRead)
    def _all_marked_read(self, message: messages.AllMarkedRead) -> None:
        outcome = self.service.finish_mark_all_read(message.done, self._list.cursor)
        if outcome.cursor is not None:
            self._refresh_list(cursor=outcome.cursor)
        self._show_writing(outcome.message, done=True)

    def _still_writing(self) -> bool:
        """Whether a write to the whole list is under way, the user told so: one write at a
        time (the rows it writes are not to change meanwhile)."""
        if self.service.writing is None:
            return False
        self.notify(f"Still {self.service.writing}…", timeout=2)
        return True

    def action_undo(self) -> None:
        if self._still_writing():
            return
        undo = self.service.begin_undo()
        if undo is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        self._show_writing("undoing…")
        self._undo(undo)

    @work(thread=True, group="write", exit_on_error=False, description="undo")
    def _undo(self, undo: UndoRequest) -> None:
        self._post_written(lambda: messages.UndoWritten(self.service.write_undo(undo)))

    @on(messages.UndoWritten)
    def _undo_written(self, message: messages.UndoWritten) -> None:
        outcome = self.service.finish_undo(message.undone, self._list.cursor, self._current_id())
        if outcome.cursor is not None:
            self._show_reloaded(outcome.cursor)
        else:  # the list changed meanwhile: its rows drawn again, then fetched again
            self._refresh_list()
            self.reload_list()
        self._show_writing("")
        self.notify(outcome.message, timeout=2)

    @on(messages.WriteFailed)
    def _write_failed(self, message: messages.WriteFailed) -> None:
        self._show_writing("")
        self.notify(self.service.write_failed(message.error), title="Library", severity="error",
                    markup=False, timeout=10)

    def _show_writing(self, text: str, *, done: bool = False) -> None:
        """The status line's word on a write to the whole list; what it did stays a moment."""
        if self._writing_timer is not None:
            self._writing_timer.stop()
            self._writing_timer = None
        self._writing = text
        if done:
            self._writing_timer = self.set_timer(OUTCOME_SHOWN, lambda: self._show_writing(""))
        self._update_status()

    def action_tag(self) -> None:
        from reader.ui.screens.pickers import PromptScreen

        ids = self.triage.targets(self._current_id())

        def tag(name: str | None) -> None:
            if name:
                self._triage_key(lambda _current, cursor: self.service.tag(ids, name, cursor))

        if ids:
            self.app.push_screen(PromptScreen("Tag", "A tag for the article (or the marked ones):"),
                                 tag)

    def action_next_unread(self, forward: bool = True) -> None:
        cursor = self._list.cursor
        index, resume = self.triage.next_unread_fetched(cursor, forward)
        if resume is not None:  # past the rows fetched: read on in a worker
            self._find_unread(self.triage.listing, resume, forward, cursor)
        else:
            self._unread_found(messages.UnreadFound(self.triage.listing, cursor, index))

    @work(thread=True, exclusive=True, group="unread", exit_on_error=False,
          description="find the next unread")
    def _find_unread(self, listing: Listing, start: int, forward: bool, cursor: int) -> None:
        index = self.service.find_unread(listing, start, forward)
        self.post_message(messages.UnreadFound(listing, cursor, index))

    @on(messages.UnreadFound)
    def _unread_found(self, message: messages.UnreadFound) -> None:
        if message.listing is not self.triage.listing or message.cursor != self._list.cursor:
            return  # the user moved on meanwhile
        if message.index is None:
            self.notify("No more unread articles here.", timeout=2)
        else:
            self._list.cursor = message.index

    # ----- paging, panes and modes ---------------------------------------------------------

    def action_page_down(self) -> None:
        self._body.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self._body.scroll_page_up(animate=False)

    def action_cycle_pane(self, step: int) -> None:
        self._panes.cycle_focus(step)

    def action_toggle_focus_mode(self) -> None:
        self.focus_mode = not self.focus_mode

    def action_toggle_side_panel(self) -> None:
        self._panes.toggle_side_panel()
