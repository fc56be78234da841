"""Pilot tests: the panes' layout (stacked or side by side) and what a resize redraws."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.articles import RTL_DATE, RTL_SOURCE, write_rtl_articles
from support.pilot import AppFactory, RecordingApp, panel_prompts, screen_lines, settle
from textual.geometry import Region

from reader.config import Config
from reader.text.logical import VISUAL
from reader.ui.widgets.article_list import ArticleList, Columns
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.side_panel import SidePanel


async def test_growing_the_terminal_draws_the_side_panel_at_once(make_app: AppFactory) -> None:
    """From 80 to 120 columns the folded panel unfolds with the open article's entities, drawn
    on the screen (it stayed blank until one more resize)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        panel = app.query_one(SidePanel)
        assert panel.region.width == 0
        await pilot.resize_terminal(120, 30)
        await settle(app, pilot)
        assert panel.region.width > 0
        assert any(prompt.startswith("Places") for prompt in panel_prompts(panel))
        region = panel.content_region
        rows = screen_lines(app)[region.y:region.bottom]
        drawn = [row[region.x:region.right].strip() for row in rows]
        assert any(cells.startswith("Places") for cells in drawn), drawn


def list_and_body(app: RecordingApp) -> tuple[Region, Region]:
    return app.query_one(ArticleList).region, app.query_one(ArticleView).region


async def test_at_80_columns_the_list_is_above_the_article_across_the_width(
    make_app: AppFactory, tmp_path: Path,
) -> None:
    app = make_app(write_rtl_articles(tmp_path / "dated"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        article_list, body = list_and_body(app)
        assert article_list.width == 80 and body.width == 80
        assert article_list.bottom <= body.y
        row = app.query_one(ArticleList).render_line(0).text
        assert row.index(RTL_DATE) == 1, "the date first, as in newsboat"
        source = VISUAL.field(RTL_SOURCE, 40).text
        assert source in row and row.index(source) < row.index(VISUAL.field("حلب", 9).text)
        assert row.rstrip() == row, "a right-to-left title ends at the column's right edge"


async def test_i_puts_the_list_beside_the_article_and_back(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        article_list, body = list_and_body(app)
        assert article_list.width < 40 and body.x >= article_list.right
        assert article_list.height == body.height
        await pilot.press("i")
        await pilot.pause()
        article_list, body = list_and_body(app)
        assert article_list.width == 80 and article_list.bottom <= body.y


@pytest.mark.parametrize(("layout", "size", "stacked"), [
    ("auto", (160, 50), False), ("stacked", (160, 50), True), ("side", (80, 24), False),
])
async def test_layout_setting(make_app: AppFactory, layout: str, size: tuple[int, int],
                              stacked: bool) -> None:
    app = make_app(config=Config(layout=layout))
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        article_list, body = list_and_body(app)
        assert (article_list.bottom <= body.y) is stacked
        if stacked:  # the panel stays beside the article, under the list
            panel = app.query_one(SidePanel).region
            assert panel.width > 0 and panel.y == body.y and panel.x >= body.right


async def test_focus_mode_shows_the_body_alone_when_stacked(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("z")
        await pilot.pause()
        body = app.query_one(ArticleView).region
        assert body.y == 0 and body.width == 80 and body.height >= 22
        assert app.query_one(ArticleList).region.height == 0


async def test_entity_column_shows_the_top_names_of_analysed_articles(
    make_app: AppFactory,
) -> None:
    app = make_app(config=Config(layout="stacked", list_columns=("title", "entities")))
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause(0.5)
        await settle(app, pilot)
        article_list = app.query_one(ArticleList)
        row = article_list.render_line(0).text
        columns = Columns.for_width(article_list.scrollable_content_region.width,
                                    ("title", "entities"))
        chips = row[1 + columns.start_of("entities"):].strip()
        assert "·" in chips and "ﻖﺸﻣﺩ" in chips, row
