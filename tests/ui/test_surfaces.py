"""Pilot tests: every surface goes through the layout engine (views dialog, toasts, side panel,
help), and the real seed shows its date."""

from __future__ import annotations

from pathlib import Path

from reader.text.layout import visual_field
from reader.ui.screens.pickers import ChoiceScreen

from .conftest import AppFactory
from .screen_text import screen_lines
from .test_app import settle

REAL_SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_eb7556d38df37801.txt"
SOURCE = "كوردستريت"


def shaped(text: str) -> str:
    """``text`` as the app draws it: shaped, in visual order."""
    return visual_field(text, 80).text


async def test_views_dialog_keeps_the_counts_of_a_right_to_left_name_in_order(
    make_app: AppFactory, articles_dir: Path
) -> None:
    app = make_app(REAL_SEED, articles_dir)
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        rows = [line for line in screen_lines(app) if shaped(SOURCE) in line and "unread" in line]
        assert len(rows) == 1, screen_lines(app)
        assert "(1 unread / 1)" in rows[0]
        incoming = next(line for line in screen_lines(app) if "Incoming" in line)
        assert "(4 unread / 4)" in incoming
