"""The main screen: article list, article body and side panel, over the library."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from reader.model.article import Article
from reader.store import Library
from reader.store.models import ArticleRow, ImportResult
from reader.store.views import FIXED_VIEWS, All, Dated, Entity, Incoming, Source, Tag
from reader.text.logical import VISUAL, TextLayout
from reader.triage import Given, Listing, ListSource, Triage
from reader.ui.messages import AnalysisFailed, AnalysisReady, FilesImported, LibraryLoaded
from reader.ui.screens.pickers import (
    ChoiceLabel,
    ChoiceScreen,
    PromptScreen,
    entity_choice,
    prompt_input,
)
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.side_panel import SidePanel

if TYPE_CHECKING:
    from reader.sources.watch import FolderWatcher
    from reader.store.analysis import AnalysisLike, EntityLike

@dataclass(frozen=True)
class KeywordFilter:
    """The articles carrying a keyword (found by full-text search)."""

    text: str


Filter = ListSource | KeywordFilter
NARROW_WIDTH = 100
SYNC_LOAD_FILES = 32
ANALYSIS_DELAY = 0.15  # seconds the cursor rests on an article before extraction starts
BACKGROUND_BATCH = 20
BACKGROUND_DELAY = 2.0  # seconds after start before the library is analysed in the background
WATCH_INTERVAL = 2.0  # seconds between looks into the watched folders
SEARCH_ID = "search"
LISTING_DELAY = 0.3  # seconds before a large view's full id list is fetched
PANES = ("#list", "#body", "#side")


def files_under(paths: Iterable[Path], limit: int) -> Iterator[Path]:
    """Files given or found in the folders given, stopping after ``limit``."""
    found = 0
    for path in paths:
        candidates = path.rglob("*") if path.is_dir() else iter([path])
        for candidate in candidates:
            if candidate.is_file():
                found += 1
                yield candidate
                if found >= limit:
                    return


def row_marker(row: ArticleRow, marked: bool) -> str:
    """The state column: marked for a bulk action, starred, unread, or nothing."""
    if marked:
        return "✓"
    if row.starred:
        return "★"
    return "●" if not row.read else " "


class MainScreen(Screen[None]):
    """Three panes; below 100 columns the side panel folds away behind ``e``."""

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
        Binding("N", "previous_unread", "Previous unread", show=False,
                id="list.previous-unread"),
        Binding("m", "toggle_read", "Read/unread", show=False, id="triage.read"),
        Binding("s", "toggle_star", "Star", id="triage.star"),
        Binding("a", "archive", "Archive", id="triage.archive"),
        Binding("t", "tag", "Tag", show=False, id="triage.tag"),
        Binding("x", "mark", "Mark for a bulk action", show=False, id="triage.mark"),
        Binding("u", "undo", "Undo", show=False, id="triage.undo"),
        Binding("v", "choose_view", "Views", id="list.views"),
        Binding("f", "filter", "Filter", show=False, id="list.filter"),
        Binding("o", "cycle_sort", "Sort order", show=False, id="list.sort"),
        Binding("1", "show_view(0)", "Incoming", show=False, id="list.incoming"),
        Binding("2", "show_view(1)", "Starred", show=False, id="list.starred"),
        Binding("3", "show_view(2)", "Archive", show=False, id="list.archive"),
        Binding("4", "show_view(3)", "All", show=False, id="list.all"),
        Binding("y", "copy", "Copy the article (as written, for pasting)", show=False,
                id="article.copy"),
        Binding("escape", "clear_filter", "Back to the view", show=False,
                id="list.clear-filter"),
    ]

    DEFAULT_CSS = """
    MainScreen { layout: vertical; }
    MainScreen #status { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    MainScreen #search { display: none; height: 1; border: none; padding: 0 1; }
    MainScreen.-searching #search { display: block; }
    MainScreen #panes { height: 1fr; }
    MainScreen #list { width: 32%; min-width: 24; max-width: 56; border-right: vkey $panel; }
    MainScreen #body { width: 1fr; }
    MainScreen #side { width: 30; border-left: vkey $panel; }
    MainScreen.-narrow #side { display: none; }
    MainScreen.-narrow.-show-side #side { display: block; width: 26; }
    MainScreen.-hide-side #side { display: none; }
    MainScreen.-focus-mode #list, MainScreen.-focus-mode #side,
    MainScreen.-focus-mode #status, MainScreen.-focus-mode #search { display: none; }
    """

    def __init__(self, library: Library, paths: Sequence[Path] = (),
                 layout: TextLayout = VISUAL, *, watch: Sequence[Path] = ()) -> None:
        super().__init__()
        self.watch_folders = list(watch)
        self.watcher: FolderWatcher | None = None
        self.library = library
        self.paths = list(paths)
        self.text_layout = layout
        self.given = Given(())  # the articles named on the command line
        self.triage = Triage(library, self.given if paths else Incoming())
        self._analyses: dict[str, AnalysisLike] = {}
        self._notice = ""
        self._view_summary = False
        self._analysis_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        # Folded from the first style pass: setting the class on the first Resize restyles
        # every widget a second time, the longest step of start-up at 80 columns.
        self._fold_for_width(self.app.size.width)
        yield Static(id="status", markup=False)
        with Horizontal(id="panes"):
            yield ArticleList(id="list", layout=self.text_layout, marker=self._marker)
            yield ArticleView(id="body", layout=self.text_layout)
            yield SidePanel(id="side", layout=self.text_layout)
        yield Footer()

    # ----- loading -------------------------------------------------------------------------

    def on_mount(self) -> None:
        if sum(1 for _ in files_under(self.paths, limit=SYNC_LOAD_FILES + 1)) <= SYNC_LOAD_FILES:
            self._library_loaded(LibraryLoaded(*self._fill_library()))
        else:
            self.set_notice("reading articles…")
            self._fill_in_worker()

    def _fill_library(self) -> tuple[list[str], list[str]]:
        """Import the paths given (or seed a new library); the ids given and any errors."""
        if not self.paths and self.library.seeded():
            return [], []  # the usual start: nothing to import, no importer to load
        from reader.services.intake import ensure_seeded, import_paths  # feeds and parsers

        if not self.paths:
            result = ensure_seeded(self.library) or ImportResult()
            return [], result.errors
        result = import_paths(self.library, [str(path) for path in self.paths])
        return list(dict.fromkeys(result.added + result.duplicates)), result.errors

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _fill_in_worker(self) -> None:
        self.post_message(LibraryLoaded(*self._fill_library()))

    @on(LibraryLoaded)
    def _library_loaded(self, message: LibraryLoaded) -> None:
        self._notice = ""
        for error in message.errors:
            self.notify(error, severity="warning", markup=False, timeout=8)
        if self.paths:
            if not message.ids:
                self.notify("No article could be read from the paths given.",
                            severity="error", markup=False)
            self.given = Given(tuple(message.ids))
            self.triage.show(self.given)
        elif not len(self.triage.reload()):
            self.triage.show(All())  # nothing new: show everything rather than nothing
        self._refresh_list(cursor=0)
        if len(self.triage.listing):
            # Now, not on the list's Highlighted message: the article is in the first frame.
            self._open(self.triage.listing[0].id)
        self.query_one(ArticleList).focus()
        # Analysing the rest of the library (for pivots) waits until the first screen is read.
        self.set_timer(BACKGROUND_DELAY, self._analyse_library)
        if self.watch_folders:
            from reader.sources.watch import FolderWatcher

            self.watcher = FolderWatcher(self.watch_folders)
            self._import_watched()
            self.set_interval(WATCH_INTERVAL, self._import_watched)

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _import_watched(self) -> None:
        from reader.services.intake import import_paths

        assert self.watcher is not None
        new = self.watcher.poll()
        if new:
            result = import_paths(self.library, [str(path) for path in new])
            self.post_message(FilesImported(len(result.added), result.errors))

    @on(FilesImported)
    def _files_imported(self, message: FilesImported) -> None:
        for error in message.errors:
            self.notify(error, severity="warning", markup=False, timeout=8)
        if message.added:
            self._membership_changed()
            self.notify(f"{message.added} new article{'s' if message.added != 1 else ''}",
                        timeout=3)
            self._analyse_library()

    def set_notice(self, notice: str) -> None:
        self._notice = notice
        self._update_status()

    # ----- the list --------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[ArticleRow]:
        return self.triage.listing

    def _marker(self, index: int) -> str:
        row = self.triage.listing[index]
        return row_marker(row, row.id in self.triage.marked)

    def _refresh_list(self, cursor: int | None = None) -> None:
        article_list = self.query_one(ArticleList)
        position = article_list.cursor if cursor is None else cursor
        article_list.set_items(self.triage.listing, cursor=position)
        if not self.triage.listing.complete:
            listing = self.triage.listing  # its ids once the first screen is drawn
            self.set_timer(LISTING_DELAY, lambda: self._complete_listing(listing))
        if not len(self.triage.listing):
            self.query_one(ArticleView).show(None)
            self.query_one(SidePanel).show_status("No articles here.")
        self._update_status()

    @work(thread=True, exclusive=True, group="listing", exit_on_error=False)
    def _complete_listing(self, listing: Listing) -> None:
        """Fetch a large view's full id list after it is on screen (jumps, positions)."""
        before = len(listing)
        if self.library.path == Path(":memory:"):
            listing.load_ids()  # small by nature, and no second connection can see it
        else:
            with Library.open(self.library.path,
                              analyzer_version=self.library.analyzer_version) as second:
                listing.load_ids(through=second)
        if len(listing) != before and listing is self.triage.listing:
            self.app.call_from_thread(self._refresh_list)

    def _update_status(self) -> None:
        count = len(self.triage.listing)
        title = self.text_layout.field(self.triage.title, 48).text  # its own field
        parts = [f"{title} · {count} article{'s' if count != 1 else ''}"]
        if self.triage.marked:
            parts.append(f"{len(self.triage.marked)} marked")
        if self._notice:
            parts.append(self._notice)
        self.query_one("#status", Static).update(Content("  ·  ".join(parts)))

    @property
    def current_row(self) -> ArticleRow | None:
        index = self.query_one(ArticleList).cursor
        return self.triage.listing[index] if 0 <= index < len(self.triage.listing) else None

    @property
    def current(self) -> Article | None:
        return self.query_one(ArticleView).article

    @on(ArticleList.Highlighted)
    def _preview(self, event: ArticleList.Highlighted) -> None:
        if 0 <= event.index < len(self.triage.listing):
            self._open(self.triage.listing[event.index].id)

    @on(ArticleList.Selected)
    def _open_selected(self, event: ArticleList.Selected) -> None:
        self._preview(event)
        row = self.current_row
        if row is not None and not row.read:
            self.triage.set_read([row.id], True)
            self._row_changed(row.id)
        self.query_one(ArticleView).focus()

    def _open(self, article_id: str) -> None:
        view = self.query_one(ArticleView)
        if view.article is not None and view.article.content_id == article_id:
            return
        stored = self.triage.article(article_id)
        view.show(stored.article if stored else None)
        if stored is None or self._view_summary:
            return
        analysis = self._analyses.get(article_id) or self.library.cached_analysis(article_id)
        panel = self.query_one(SidePanel)
        if analysis is not None:
            self._analyses[article_id] = analysis
            panel.show_analysis(analysis)
            return
        panel.show_status("Finding entities and keywords…")
        # Extraction starts once the cursor rests, so running down the list (or the first
        # paint) never waits for it.
        if self._analysis_timer is not None:
            self._analysis_timer.stop()
        article = stored.article
        self._analysis_timer = self.set_timer(ANALYSIS_DELAY, lambda: self._analyse(article))

    def _row_changed(self, *article_ids: str) -> None:
        article_list = self.query_one(ArticleList)
        for article_id in article_ids:
            index = self.triage.listing.index_of(article_id)
            if index is not None:
                article_list.refresh_row(index)
        self._update_status()

    # ----- analysis in workers -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def _analyse(self, article: Article) -> None:
        worker = get_current_worker()
        try:
            from reader.nlp import analyze

            analysis = analyze(article, self._corpus_sample())
            self.library.cache_analysis(article.content_id, analysis)
        except Exception as error:  # noqa: BLE001 - an extractor failure must not crash the UI
            self.post_message(AnalysisFailed(article.content_id, str(error)))
            return
        if not worker.is_cancelled:
            self.post_message(AnalysisReady(article.content_id, analysis))

    def _corpus_sample(self) -> list[Article]:
        """A few articles of the list, so keyword weights reflect what is being read."""
        rows = self.triage.listing
        sample = [self.triage.article(rows[i].id) for i in range(min(len(rows), 20))]
        return [stored.article for stored in sample if stored]

    @work(thread=True, exclusive=True, group="background-analysis", exit_on_error=False)
    def _analyse_library(self) -> None:
        """Analyse, a batch at a time, every article with no cached analysis (for pivots)."""
        import time

        from reader.nlp import analyze

        worker = get_current_worker()
        while not worker.is_cancelled:
            if not self.library.analyze_missing(analyze, limit=BACKGROUND_BATCH):
                return
            time.sleep(0.05)  # leave the interpreter to the UI between batches

    @on(AnalysisReady)
    def _analysis_ready(self, message: AnalysisReady) -> None:
        self._analyses[message.content_id] = message.analysis
        current = self.current
        showing = current is not None and current.content_id == message.content_id
        if showing and not self._view_summary:
            self.query_one(SidePanel).show_analysis(message.analysis)

    @on(AnalysisFailed)
    def _analysis_failed(self, message: AnalysisFailed) -> None:
        self.query_one(SidePanel).show_status(f"Extraction failed: {message.reason}")

    # ----- side panel ------------------------------------------------------------------------

    @on(SidePanel.EntityHighlighted)
    def _highlight_entity(self, event: SidePanel.EntityHighlighted) -> None:
        spans = list(event.entity.spans) if event.entity else []
        view = self.query_one(ArticleView)
        view.highlight(spans)
        if spans:
            view.jump_to_highlight(forward=True)

    @on(SidePanel.JumpRequested)
    def _jump(self, event: SidePanel.JumpRequested) -> None:
        if not self.query_one(ArticleView).jump_to_highlight(event.forward):
            self.notify("No mention to jump to.", timeout=2)

    @on(SidePanel.EntityChosen)
    def _pivot(self, event: SidePanel.EntityChosen) -> None:
        self.pivot_on(event.entity)

    def pivot_on(self, entity: EntityLike) -> None:
        """Every article of the library that mentions the entity."""
        current = self.current
        self.triage.pivot(entity.text, entity.label)
        index = self.triage.listing.index_of(current.content_id) if current else None
        self._refresh_list(cursor=index or 0)
        self.query_one(ArticleList).focus()

    def action_toggle_view_summary(self) -> None:
        """Switch the panel between the open article and the whole list."""
        self._view_summary = not self._view_summary
        panel = self.query_one(SidePanel)
        if self._view_summary:
            source = self.triage.source
            view = All() if isinstance(source, Given) else source
            panel.show_summary(self.library.top_entities(view, 30),
                               self.library.top_keywords(view, 15), self.triage.title)
        else:
            current = self.current
            cached = self._analyses.get(current.content_id) if current else None
            if cached is not None:
                panel.show_analysis(cached)

    # ----- views, search, filters ---------------------------------------------------------

    def show_source(self, source: ListSource) -> None:
        self.triage.show(source)
        self.remove_class("-searching")
        self._refresh_list(cursor=0)

    def action_show_view(self, number: int) -> None:
        self.show_source(FIXED_VIEWS[number])

    def action_choose_view(self) -> None:
        choices: list[tuple[str, ListSource | None]] = []
        if self.paths:
            choices.append(("Given on the command line", self.given))
        for count in self.triage.counts():
            label = (count.label, f"({count.unread} unread / {count.count})")
            choices.append((label, count.view))  # type: ignore[arg-type]
        picker = ChoiceScreen[ListSource]("Views", choices, self.text_layout)
        self.app.push_screen(picker, self._chosen)

    def _chosen(self, source: ListSource | None) -> None:
        if source is not None:
            self.show_source(source)

    def action_filter(self) -> None:
        """Narrow the list: an entity or keyword of it, a source or tag, or a date range."""
        source = self.triage.source
        view = All() if isinstance(source, Given) else source
        choices: list[tuple[ChoiceLabel, Filter | None]] = [("Entities in this list", None)]
        for entity in self.library.top_entities(view, 12):
            choices.append((entity_choice(entity.text, entity.label, entity.articles),
                            Entity(entity.text, entity.label)))
        choices.append(("Keywords in this list", None))
        for keyword in self.library.top_keywords(view, 8):
            choices.append((f"  {keyword.text} · {keyword.articles}", KeywordFilter(keyword.text)))
        choices.append(("Dates", None))
        today = date.today()
        for label, days in (("today", 0), ("the last 7 days", 6), ("the last 30 days", 29)):
            choices.append((f"  {label}", Dated(today - timedelta(days=days), today)))
        choices.append(("Sources and tags", None))
        stats = [c for c in self.triage.counts() if isinstance(c.view, Source | Tag)]
        for count in stats:
            choices.append((f"  {count.label} · {count.count}", count.view))  # type: ignore[arg-type]
        picker = ChoiceScreen[Filter]("Filter", choices, self.text_layout)
        self.app.push_screen(picker, self._filter_chosen)

    def _filter_chosen(self, chosen: Filter | None) -> None:
        if isinstance(chosen, KeywordFilter):
            self.triage.search(chosen.text)  # a keyword: its articles, by full-text search
            self._refresh_list(cursor=0)
        elif chosen is not None:
            self.show_source(chosen)

    def action_search(self) -> None:
        """Show the search box (made on first use: most sessions start without it)."""
        search = self.query(f"#{SEARCH_ID}")
        if not search:
            box = prompt_input("search: words in any form, -word to exclude, prefix*")
            box.id = SEARCH_ID
            self.mount(box, before=self.query_one("#panes"))
        self.add_class("-searching")
        self.call_after_refresh(self.query_one(f"#{SEARCH_ID}", Input).focus)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._run_search(event.value)

    @work(exclusive=True, group="search", exit_on_error=False)
    async def _run_search(self, query: str) -> None:
        self.triage.search(query) if query.strip() else self.triage.show(self.triage.source)
        self._refresh_list(cursor=0)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.query_one(ArticleList).focus()

    def action_clear_filter(self) -> None:
        if self.has_class("-searching") or self.triage.query:
            self.query_one(f"#{SEARCH_ID}", Input).value = ""
            self.remove_class("-searching")
            self.triage.search("")
            self._refresh_list(cursor=0)
            self.query_one(ArticleList).focus()
        elif isinstance(self.triage.source, Entity | Source | Tag | Dated):
            self.show_source(self.given if self.paths else Incoming())

    def action_cycle_sort(self) -> None:
        current = self.current_row
        sort = self.triage.cycle_sort()
        index = self.triage.listing.index_of(current.id) if current else 0
        self._refresh_list(cursor=index or 0)
        self.notify(f"Sorted by {sort.value}", timeout=2)

    # ----- triage ------------------------------------------------------------------------------

    def _targets(self) -> list[str]:
        row = self.current_row
        return self.triage.targets(row.id if row else None)

    def _membership_changed(self) -> None:
        """After an action that may move rows out of the view: reload, keep the position."""
        cursor = self.query_one(ArticleList).cursor
        self.triage.reload()
        self._refresh_list(cursor=min(cursor, max(len(self.triage.listing) - 1, 0)))

    def action_toggle_read(self) -> None:
        ids = self._targets()
        if ids:
            read = self.triage.toggle_read(ids)
            self._after_action(f"{len(ids)} marked {'read' if read else 'unread'}", ids)

    def action_toggle_star(self) -> None:
        ids = self._targets()
        if ids:
            starred = self.triage.toggle_star(ids)
            self._after_action(f"{len(ids)} {'starred' if starred else 'unstarred'}", ids)

    def action_archive(self) -> None:
        ids = self._targets()
        if not ids:
            return
        archived = self.triage.archive(ids)
        self._membership_changed()
        self.notify(f"{len(ids)} {'archived' if archived else 'back from the archive'}"
                    " (u undoes)", timeout=2)
        if len(ids) == 1 and self.triage.listing.index_of(ids[0]) is not None:
            self.query_one(ArticleList).action_cursor_down()  # still listed: advance

    def _after_action(self, message: str, ids: list[str]) -> None:
        if len(ids) > 1:
            self._membership_changed()
        else:
            self._row_changed(*ids)
        self.notify(f"{message} (u undoes)", timeout=2)

    def action_mark(self) -> None:
        row = self.current_row
        if row is not None:
            self.triage.toggle_mark(row.id)
            self._row_changed(row.id)
            self.query_one(ArticleList).action_cursor_down()

    def action_tag(self) -> None:
        ids = self._targets()
        if not ids:
            return

        def apply(name: str | None) -> None:
            if name:
                self.triage.tag(ids, name)
                self._after_action(f"{len(ids)} tagged #{name}", ids)

        self.app.push_screen(PromptScreen("Tag", "A tag for the article (or the marked ones):"),
                             apply)

    def action_undo(self) -> None:
        description = self.triage.undo()
        if description is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        self._membership_changed()
        self.notify(f"Undone: {description}", timeout=2)

    def action_next_unread(self) -> None:
        self._go_unread(forward=True)

    def action_previous_unread(self) -> None:
        self._go_unread(forward=False)

    def _go_unread(self, forward: bool) -> None:
        article_list = self.query_one(ArticleList)
        index = self.triage.next_unread(article_list.cursor, forward)
        if index is None:
            self.notify("No more unread articles here.", timeout=2)
        else:
            article_list.cursor = index

    def action_copy(self) -> None:
        """Copy the open article in logical order, unshaped (OSC 52 reaches over SSH)."""
        article = self.current
        if article is None:
            return
        self.app.copy_to_clipboard(f"{article.title}\n\n{article.body}\n")
        self.notify("Article copied.", timeout=2)

    # ----- paging, panes and modes ---------------------------------------------------------

    def action_page_down(self) -> None:
        self.query_one(ArticleView).scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.query_one(ArticleView).scroll_page_up(animate=False)

    def _visible_panes(self) -> list[str]:
        return [pane for pane in PANES if self.query_one(pane).region.width > 0]

    def action_cycle_pane(self, step: int) -> None:
        panes = self._visible_panes()
        if not panes:
            return
        focused = self.focused
        current = next((i for i, p in enumerate(panes) if self.query_one(p) is focused), -1)
        self.query_one(panes[(current + step) % len(panes)]).focus()

    def action_toggle_focus_mode(self) -> None:
        self.toggle_class("-focus-mode")
        if self.has_class("-focus-mode"):
            self.query_one(ArticleView).focus()

    def action_toggle_side_panel(self) -> None:
        if self.has_class("-narrow"):
            self.toggle_class("-show-side")
        else:
            self.toggle_class("-hide-side")
        side = self.query_one(SidePanel)
        if side.has_focus and not self._side_shown():
            self.query_one(ArticleList).focus()

    def _side_shown(self) -> bool:
        if self.has_class("-narrow"):
            return self.has_class("-show-side")
        return not self.has_class("-hide-side")

    def on_resize(self, event: events.Resize) -> None:
        self._fold_for_width(event.size.width)

    def _fold_for_width(self, width: int) -> None:
        self.set_class(width < NARROW_WIDTH, "-narrow")
