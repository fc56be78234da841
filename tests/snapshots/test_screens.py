"""Pictures of what the user sees: the main screen in every bundled theme, help, views, search.

Each test runs the app on the fixture articles given on the command line (a library in memory,
nothing saved), at a fixed terminal size, after the first article's analysis is on screen, and
compares the SVG screenshot with the one committed under ``__snapshots__``. A change in a theme,
the layout or the right-to-left rendering shows up as a failing test and a visual report
(``snapshot_report.html``); ``pytest tests/snapshots --snapshot-update`` accepts the new pictures
once someone has looked at them.

Looking at them: the SVGs hold the cells in visual order, as the terminal receives them, but a
browser or SVG viewer applies the bidi algorithm again to each run of text, so right-to-left words
look reversed there. Read the ``<text>`` runs as text, or view a copy with
``text { unicode-bidi: bidi-override; direction: ltr; }`` added to its ``<style>``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support.pilot import settle
from textual.pilot import Pilot
from textual.widgets import Input

from reader.config import DEFAULT_THEME, Config
from reader.locations import bundled_dir
from reader.ui.app import ReaderApp
from reader.ui.screens.main import SEARCH_PREVIEW_DELAY, MainScreen
from reader.ui.themes import load_theme_file
from reader.ui.widgets.article_list import ArticleList

SnapCompare = Callable[..., bool]

BUNDLED_THEMES = [
    load_theme_file(path).name for path in sorted(bundled_dir("themes").glob("*.toml"))
]
SIZES = {"80x24": (80, 24), "160x50": (160, 50)}
SEARCH_QUERY = "مدرسة حلب"
# Longer than the rest of the cursor before extraction starts (ANALYSIS_DELAY of the main screen),
# so the analysis worker exists when the test waits for the workers.
ANALYSIS_START = 0.5


def reader_app(folder: Path, theme: str = DEFAULT_THEME) -> ReaderApp:
    return ReaderApp([folder], config=Config(), theme_override=theme, remember_theme=False)


async def analysed(pilot: Pilot[None]) -> None:
    """Wait until the first article and its entities and keywords are drawn."""
    await pilot.pause(ANALYSIS_START)
    await settle(pilot.app, pilot)


async def every_row_analysed(pilot: Pilot[None]) -> None:
    """As ``analysed``, and every row's names known too (the list's entity column): the rows
    after the first are analysed in the background, so a picture taken at a fixed moment
    showed their names in one run and not in the next."""
    await analysed(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    service = screen.service
    rows = len(service.triage.listing)
    for _ in range(200):
        if all(service.entity_chips(row) for row in range(rows)):
            break
        await pilot.pause(0.05)
    screen.query_one(ArticleList).refresh()  # as its timer does every CHIPS_REFRESH seconds
    await settle(pilot.app, pilot)


async def search_typed(pilot: Pilot[None]) -> None:
    await analysed(pilot)
    await pilot.press("slash")
    await pilot.pause()
    search = pilot.app.screen.query_one("#search", Input)
    search.cursor_blink = False  # a steady cursor: the picture does not depend on the clock
    await pilot.press(*["space" if char == " " else char for char in SEARCH_QUERY])
    await settle(pilot.app, pilot)
    # The first match opens once the keys rest: the picture is taken after it did (it was taken
    # when a timer of an earlier letter's search happened to open it, or before).
    await pilot.pause(SEARCH_PREVIEW_DELAY + 0.1)
    await settle(pilot.app, pilot)


def test_bundled_themes_are_all_pictured() -> None:
    assert DEFAULT_THEME in BUNDLED_THEMES and len(BUNDLED_THEMES) >= 4


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", BUNDLED_THEMES)
def test_main_screen_with_rtl_article(
    snap_compare: SnapCompare, rtl_articles: Path, theme: str, size: str
) -> None:
    app = reader_app(rtl_articles, theme)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=analysed)


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare: SnapCompare, rtl_articles: Path, size: str) -> None:
    app = reader_app(rtl_articles)
    assert snap_compare(app, press=["question_mark"], terminal_size=SIZES[size],
                        run_before=analysed)


@pytest.mark.parametrize("size", SIZES)
def test_views_dialog(snap_compare: SnapCompare, rtl_articles: Path, size: str) -> None:
    app = reader_app(rtl_articles)
    assert snap_compare(app, press=["v"], terminal_size=SIZES[size], run_before=analysed)


@pytest.mark.parametrize("size", SIZES)
def test_search_with_arabic_query(snap_compare: SnapCompare, rtl_articles: Path, size: str) -> None:
    app = reader_app(rtl_articles)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=search_typed)


@pytest.mark.parametrize("size", SIZES)
def test_stacked_layout_with_every_list_column(
    snap_compare: SnapCompare, rtl_articles: Path, size: str
) -> None:
    """The list across the top (date, source, title, the top names), the article below."""
    config = Config(layout="stacked", list_columns=("date", "source", "title", "entities"))
    app = ReaderApp([rtl_articles], config=config, remember_theme=False)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=every_row_analysed)


@pytest.mark.parametrize("size", SIZES)
def test_side_by_side_layout(snap_compare: SnapCompare, rtl_articles: Path, size: str) -> None:
    app = ReaderApp([rtl_articles], config=Config(layout="side"), remember_theme=False)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=analysed)
