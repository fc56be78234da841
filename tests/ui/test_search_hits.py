"""Pilot tests: an article opened from a search shows the words it was found by."""

from __future__ import annotations

from support.pilot import AppFactory, settle
from textual.widgets import Static

from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView


def status_text(app: object) -> str:
    return str(app.query_one("#status", Static).render())  # type: ignore[attr-defined]


async def test_search_hits_are_highlighted_and_n_goes_through_them(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"دمشق", "enter")
        await settle(app, pilot)
        view = app.query_one(ArticleView)
        rows = view.highlight_rows()
        assert len(rows) >= 12, "دمشق in the title's paragraph and each of the twelve paragraphs"
        await pilot.press("enter")  # open it: the focus goes to the body
        await pilot.pause()
        assert app.focused is view
        before = view.scroll_offset.y
        await pilot.press("n")
        await pilot.pause()
        assert view.scroll_offset.y > before and view.scroll_offset.y in rows
        total = int(view.mention_position.split("/")[1])
        assert view.mention_position == f"hit 1/{total}" and total >= 12
        await pilot.press("n")
        await pilot.pause()
        assert f"hit 2/{total}" in status_text(app), "the status line shows the hit position"
        await pilot.press("N", "N")
        await pilot.pause()
        assert view.scroll_offset.y < rows[-1]
        assert f"hit {total}/{total}" in status_text(app), "N wraps to the last hit"


async def test_without_a_search_n_in_the_body_is_next_unread(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.query_one(ArticleView)
        assert not app.query_one(ArticleView).highlight_rows()
        await pilot.press("n")
        await pilot.pause()
        assert app.query_one(ArticleList).cursor == 1
