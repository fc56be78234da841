"""Pilot tests: the panes' layout (stacked or side by side) and what a resize redraws."""

from __future__ import annotations

from support.pilot import AppFactory, panel_prompts, screen_lines, settle

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
