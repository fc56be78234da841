"""Pilot tests of the triage loop: mention positions, the whole-list panel, the status line."""

from __future__ import annotations

from support.pilot import AppFactory, focus_first_entity, panel_prompts, settle
from textual.widgets import Static

from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.side_panel import SidePanel


def status_text(app: object) -> str:
    return str(app.query_one("#status", Static).render())  # type: ignore[attr-defined]


async def test_n_and_shift_n_show_the_mention_position_and_draw_the_current_apart(
        make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:  # every mention on screen at once
        await settle(app, pilot)
        await focus_first_entity(pilot, app)
        view = app.query_one(ArticleView)
        total = int(view.mention_position.split("/")[1])
        assert total >= 2 and view.mention_position == f"mention 1/{total}"
        await pilot.press("n")
        await pilot.pause()
        assert view.mention_position == f"mention 2/{total}"
        assert f"mention 2/{total}" in status_text(app)
        current = [row for row in range(view.size.height)
                   if any(seg.style and seg.style.reverse for seg in view.render_line(row))]
        assert len(current) == 1, "one mention, the current one, is drawn apart"
        await pilot.press("N", "N")
        await pilot.pause()
        assert view.mention_position == f"mention {total}/{total}", "N wraps to the last"


async def test_the_whole_list_panel_follows_the_view(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)  # counted in a worker
        panel = app.query_one(SidePanel)
        assert panel_prompts(panel)[0].startswith("Across Files given")
        await pilot.press("4")  # All
        await settle(app, pilot)
        assert panel_prompts(panel)[0].startswith("Across All"), "the heading follows the view"


async def test_the_status_line_shows_the_sort(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        assert "by newest" in status_text(app)
        await pilot.press("O")  # the sort key
        await pilot.pause()
        assert "by oldest" in status_text(app)
