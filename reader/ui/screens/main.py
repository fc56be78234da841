"""The main screen: article list, article body and side panel."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from reader.model.article import Article
from reader.text.logical import VISUAL, TextLayout
from reader.ui.messages import AnalysisFailed, AnalysisReady, ArticlesLoaded
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.side_panel import SidePanel

if TYPE_CHECKING:
    from reader.nlp import Analysis, EntitySummary

NARROW_WIDTH = 100
SYNC_LOAD_FILES = 32
ANALYSIS_DELAY = 0.15  # seconds the cursor rests on an article before extraction starts


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
PANES = ("#list", "#body", "#side")


class MainScreen(Screen[None]):
    """Three panes; below 100 columns the side panel folds away behind ``e``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,pagedown", "page_down", "Page down", key_display="Space",
                id="body.page-down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="body.page-up"),
        Binding("tab", "cycle_pane(1)", "Next pane", show=False, id="pane.next"),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", show=False, id="pane.previous"),
        Binding("z", "toggle_focus_mode", "Focus", id="view.focus-mode"),
        Binding("e", "toggle_side_panel", "Entities panel", id="view.side-panel"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="list.clear-filter"),
    ]

    DEFAULT_CSS = """
    MainScreen { layout: vertical; }
    MainScreen #status { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    MainScreen #panes { height: 1fr; }
    MainScreen #list { width: 32%; min-width: 24; max-width: 56; border-right: vkey $panel; }
    MainScreen #body { width: 1fr; }
    MainScreen #side { width: 30; border-left: vkey $panel; }
    MainScreen.-narrow #side { display: none; }
    MainScreen.-narrow.-show-side #side { display: block; width: 26; }
    MainScreen.-hide-side #side { display: none; }
    MainScreen.-focus-mode #list, MainScreen.-focus-mode #side,
    MainScreen.-focus-mode #status { display: none; }
    """

    def __init__(self, paths: Sequence[Path] = (), layout: TextLayout = VISUAL) -> None:
        super().__init__()
        self.paths = list(paths)
        self.text_layout = layout
        self.all_articles: list[Article] = []
        self.shown: list[Article] = []
        self.pivot: EntitySummary | None = None
        self._analyses: dict[str, Analysis] = {}
        self._notice = ""
        self._analysis_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="status", markup=False)
        with Horizontal(id="panes"):
            yield ArticleList(id="list", layout=self.text_layout)
            yield ArticleView(id="body", layout=self.text_layout)
            yield SidePanel(id="side", layout=self.text_layout)
        yield Footer()

    # ----- data in -----------------------------------------------------------------

    def on_mount(self) -> None:
        self._load_articles()

    def _load_articles(self) -> None:
        """Small inputs (the seeds, a few files) load at once; large folders in a worker."""
        if sum(1 for _ in files_under(self.paths, limit=SYNC_LOAD_FILES + 1)) <= SYNC_LOAD_FILES:
            self._articles_loaded(self._read_articles())
        else:
            self._load_in_worker()

    def _read_articles(self) -> ArticlesLoaded:
        from reader.parsing import load_paths

        report = load_paths(self.paths)
        return ArticlesLoaded(report.articles, report.errors)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load_in_worker(self) -> None:
        self.post_message(self._read_articles())

    @on(ArticlesLoaded)
    def _articles_loaded(self, message: ArticlesLoaded) -> None:
        self.set_articles(message.articles)
        for error in message.errors:
            self.notify(error, severity="warning", markup=False, timeout=8)
        if not message.articles and self.paths:
            self.notify("No article could be read from the paths given.", severity="error",
                        markup=False)

    def set_articles(self, articles: list[Article]) -> None:
        """Show a new set of articles; the first one is opened."""
        self.all_articles = articles
        self.pivot = None
        self._show_visible(articles)
        self.query_one(ArticleList).focus()

    def set_notice(self, notice: str) -> None:
        self._notice = notice
        self._update_status()

    def _show_visible(self, articles: list[Article]) -> None:
        self.shown = articles
        article_list = self.query_one(ArticleList)
        article_list.set_items(articles)
        if not articles:
            self.query_one(ArticleView).show(None)
            self.query_one(SidePanel).show_status("No articles.")
        self._update_status()

    def _update_status(self) -> None:
        count = len(self.shown)
        parts = [f"reader · {count} article{'s' if count != 1 else ''}"]
        if self.pivot is not None:
            name = self.text_layout.field(self.pivot.text, 40).text  # laid out as its own field
            parts.append(f"mentioning {name} (Esc clears)")
        if self._notice:
            parts.append(self._notice)
        self.query_one("#status", Static).update(Content("  ·  ".join(parts)))

    @property
    def current(self) -> Article | None:
        return self.query_one(ArticleView).article

    # ----- list and body -----------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _preview(self, event: ArticleList.Highlighted) -> None:
        if 0 <= event.index < len(self.shown):
            self._open(self.shown[event.index])

    @on(ArticleList.Selected)
    def _open_selected(self, event: ArticleList.Selected) -> None:
        self._preview(event)
        self.query_one(ArticleView).focus()

    def _open(self, article: Article) -> None:
        view = self.query_one(ArticleView)
        if view.article is article:
            return
        view.show(article)
        cached = self._analyses.get(article.content_id)
        panel = self.query_one(SidePanel)
        if cached is not None:
            panel.show_analysis(cached)
        else:
            panel.show_status("Finding entities and keywords…")
            # Extraction starts once the cursor rests, so running down the list (or the
            # first paint) never waits for it.
            if self._analysis_timer is not None:
                self._analysis_timer.stop()
            self._analysis_timer = self.set_timer(ANALYSIS_DELAY, lambda: self._analyse(article))

    # ----- analysis in a worker ----------------------------------------------------

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def _analyse(self, article: Article) -> None:
        worker = get_current_worker()
        try:
            from reader.nlp import analyze

            analysis = analyze(article, self.all_articles)
        except Exception as error:  # noqa: BLE001 - any extractor failure must not crash the UI
            self.post_message(AnalysisFailed(article.content_id, str(error)))
            return
        if not worker.is_cancelled:
            self.post_message(AnalysisReady(article.content_id, analysis))

    @on(AnalysisReady)
    def _analysis_ready(self, message: AnalysisReady) -> None:
        self._analyses[message.content_id] = message.analysis
        current = self.current
        if current is not None and current.content_id == message.content_id:
            self.query_one(SidePanel).show_analysis(message.analysis)

    @on(AnalysisFailed)
    def _analysis_failed(self, message: AnalysisFailed) -> None:
        self.query_one(SidePanel).show_status(f"Extraction failed: {message.reason}")

    # ----- side panel --------------------------------------------------------------

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
        self._pivot_on(event.entity)

    @work(thread=True, exclusive=True, group="pivot", exit_on_error=False)
    def _pivot_on(self, entity: EntitySummary) -> None:
        from reader.nlp import analyze

        matching = []
        for article in self.all_articles:
            analysis = self._analyses.get(article.content_id) or analyze(article, self.all_articles)
            self._analyses.setdefault(article.content_id, analysis)
            if any(found.text == entity.text and found.label == entity.label
                   for found in analysis.entities):
                matching.append(article)
        self.app.call_from_thread(self._apply_pivot, entity, matching)

    def _apply_pivot(self, entity: EntitySummary, matching: list[Article]) -> None:
        current = self.current
        self.pivot = entity
        self._show_visible(matching)
        if current in matching:
            self.query_one(ArticleList).cursor = matching.index(current)
        self.query_one(ArticleList).focus()

    def action_clear_filter(self) -> None:
        if self.pivot is None:
            return
        current = self.current
        self.pivot = None
        self._show_visible(self.all_articles)
        if current in self.all_articles:
            self.query_one(ArticleList).cursor = self.all_articles.index(current)

    # ----- paging, panes and modes ---------------------------------------------------

    def action_page_down(self) -> None:
        self.query_one(ArticleView).scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.query_one(ArticleView).scroll_page_up(animate=False)

    def _visible_panes(self) -> list[str]:
        return [pane for pane in PANES if self.query_one(pane).display
                and self.query_one(pane).styles.display != "none"
                and self.query_one(pane).region.width > 0]

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
        self.call_after_refresh(self._relayout_body)

    def _relayout_body(self) -> None:
        self.query_one(ArticleView).refresh()

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
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
