"""What the app has loaded when its first frame is drawn: the titles come first, and nothing that
only a later key, a worker or the side panel needs is imported (or looked up) before them.

Each run is a fresh interpreter (the test process has imported everything already): the app runs
headless until its first frame is on screen, and prints what it had imported when it began to
draw the titles, and whether the article was opened before that.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from support.pilot import AppFactory, settle
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode

from reader.model.article import Article
from reader.store import Library
from reader.store.db import utc_now
from reader.store.library_settings import SEEDED_KEY
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.side_panel import SidePanel

# Modules the first frame must not wait for: extraction and its model, the import and refresh
# path (feed and file parsing, the HTTP and page fetchers), PostgreSQL, the refresh's progress bar.
HEAVY_PREFIXES = (
    "reader.nlp.", "pycrfsuite", "reader.training", "psycopg", "psycopg_pool", "trafilatura",
    "lxml", "reader.services.intake", "reader.parsing", "reader.sources.feeds",
    "reader.sources.feed_xml", "reader.sources.opml", "reader.sources.fulltext",
    "reader.sources.registry", "reader.store.engine_postgres", "reader.store.pg_search",
    "reader.services.browser", "xml.", "email.", "html.parser", "textual.widgets._progress_bar",
    # Watching the library for other processes' writes starts after the first frame: the feeds
    # service, PostgreSQL's listener and hashlib come with it. Help is read on the first '?'.
    "reader.services.feeds", "reader.store.pg_live", "hashlib", "reader.ui.screens.help",
    # The pickers come with the first dialog, or the feeds pane's first feed.
    "reader.ui.screens.pickers",
    # The fetcher: the article's URL is shown through the output gate's visible_url.
    "reader.sources.http", "reader.sources.errors",
)  # fmt: skip

FIRST_FRAME = """
import json, sys
from pathlib import Path

from reader.store import Library
from reader.ui.app import ReaderApp
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.side_panel import SidePanel

seen = {}
draw_row, show_article = ArticleList.render_line, ArticleView.show
draw_panel_line = SidePanel.render_line


def drawing_a_row(self, y):  # the titles are being drawn: the first frame
    seen.setdefault("modules", sorted(sys.modules))
    return draw_row(self, y)


def drawing_a_panel_line(self, y):  # the panel's own lines (not its background alone)
    seen.setdefault("panel_lines_before_titles", "modules" not in seen)
    return draw_panel_line(self, y)


def showing_an_article(self, article, *args, **kwargs):
    if article is not None:
        seen.setdefault("opened_before_titles", "modules" not in seen)
    return show_article(self, article, *args, **kwargs)


ArticleList.render_line, ArticleView.show = drawing_a_row, showing_an_article
SidePanel.render_line = drawing_a_panel_line


class FirstFrame(ReaderApp):
    def on_ready(self) -> None:  # the first frame is on screen
        self.call_after_refresh(self.finish)

    def finish(self) -> None:
        print(json.dumps({**seen, "rows": len(self.main_screen.triage.listing)}))
        self.exit()


library = Library.open(Path(sys.argv[1]))
FirstFrame([], library=library, remember_theme=False).run(
    headless=True, size=(int(sys.argv[2]), int(sys.argv[3])))
"""


@pytest.fixture(scope="module")
def library_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("startup") / "library.db"
    articles = [
        Article(title=f"خبر رقم {n} عن الاقتصاد في دمشق", source="وكالة الأنباء",
                paragraphs=(f"قال مسؤولون في دمشق اليوم إن الاقتصاد ينمو {n}.",) * 3)
        for n in range(60)
    ]
    with Library.open(path) as library:
        library.add(articles)
        library.set_meta(SEEDED_KEY, utc_now())  # as after its first start: nothing to import
    return path


def first_frame(library_file: Path, width: int, height: int) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(library_file), str(width), str(height)],
        capture_output=True, text=True, check=True, timeout=120,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("{"))
    found: dict[str, object] = json.loads(line)
    return found


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50-side-panel"])
def test_the_first_frame_loads_no_heavy_module(library_file: Path, size: tuple[int, int]) -> None:
    found = first_frame(library_file, *size)
    modules = found["modules"]
    assert isinstance(modules, list)
    assert "reader.ui.app" in modules and found["rows"] == 60
    heavy = [name for name in modules if name.startswith(HEAVY_PREFIXES)]
    assert heavy == [], f"imported before the first frame: {heavy}"


def test_the_article_opens_after_the_titles_are_drawn(library_file: Path) -> None:
    """At 160 columns the body and the side panel are shown: the article is laid out (and its
    analysis looked up) once the titles are on screen, not before."""
    found = first_frame(library_file, 160, 50)
    assert found["opened_before_titles"] is False


def test_the_first_frame_draws_the_side_panel_as_its_background(library_file: Path) -> None:
    """At 160 columns the first frame is the titles': the side panel keeps its place, drawn as
    its background, and its lines (a status, then the first article's names) come after."""
    found = first_frame(library_file, 160, 50)
    assert found["panel_lines_before_titles"] is False


async def test_the_side_panel_and_the_article_follow_the_titles(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        body, panel = app.query_one(ArticleView), app.query_one(SidePanel)
        first = app.main_screen.triage.listing[0]
        assert body.article is not None and body.article.content_id == first.id
        assert panel.option_count  # the first article's names, or a word on them
        shown = "\n".join(line.text for line in panel.render_lines(panel.region.reset_offset))
        assert str(panel.get_option_at_index(0).prompt).strip()[:10] in shown


async def test_the_first_frame_styles_each_widget_once(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mounting styles every widget; the screen's first resume did it all again (a tenth of the
    start's time after the imports). The status line (never focused, no class changed) shows
    it: styled once."""
    styled: Counter[str | None] = Counter()
    apply = Stylesheet.apply

    def counting(self: Stylesheet, node: DOMNode, *args: Any, **kwargs: Any) -> None:
        styled[node.id] += 1
        apply(self, node, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "apply", counting)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert styled["status"] == 1
