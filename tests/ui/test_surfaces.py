"""Pilot tests: every surface goes through the layout engine (views dialog, toasts, side panel,
help), and the real seed shows its date."""

from __future__ import annotations

import json
import re
from pathlib import Path

from rich.cells import cell_len
from support.pilot import AppFactory, focus_first_entity, panel_prompts, screen_lines, settle

from reader.model.wording import ChoiceLabel, entity_choice
from reader.store.views import Entity
from reader.terminal import TerminalAdvice
from reader.text.layout import visual_field
from reader.ui.app import ReaderApp
from reader.ui.screens.pickers import ChoiceScreen, choice_rows
from reader.ui.widgets.side_panel import SidePanel

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


async def test_views_dialog_rows_fit_at_80_columns(make_app: AppFactory, tmp_path: Path) -> None:
    long_source = tmp_path / "long.json"
    long_source.write_text(json.dumps({"title": "Water", "body": "The plan was approved.",
                                       "source": "A source with a name longer than the dialog"}))
    app = make_app(REAL_SEED, long_source)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        rows = [line for line in screen_lines(app) if "unread" in line]
        assert len(rows) >= 5, screen_lines(app)
        assert all(re.search(r"\(\d+ unread / \d+\)", row) for row in rows), rows


async def test_a_toast_quoting_arabic_is_shaped_and_in_visual_order(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("م", "ي", "ا", "ه", "enter")
        await settle(app, pilot)
        toast = app.notified[-1]
        assert toast.message == shaped("1 tagged #مياه (u undoes)")
        assert not toast.markup, "a tag from the user is never read as markup"


async def test_a_toast_in_terminal_bidi_mode_is_logical_text(make_app: AppFactory) -> None:
    app = make_app(bidi_advice=TerminalAdvice("terminal", "mlterm"))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        app.main_screen.notify("1 tagged #[b]مياه[/b]", timeout=5)
        await pilot.pause()
        assert app.notified[-1].message == "1 tagged #[b]مياه[/b]"
        assert any("1 tagged #[b]مياه[/b]" in line for line in screen_lines(app))


def _help_box(app: ReaderApp) -> list[str]:
    """The text inside the help dialog's border, one string per screen row."""
    rows = [line for line in screen_lines(app) if line.count("│") >= 2]
    return [row[row.index("│") + 1 : row.rindex("│")] for row in rows]


async def test_help_shows_keys_as_typed(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        box = _help_box(app)
        assert any(row.split()[:2] == ["/", "Search"] for row in box if row.split()), box
        assert any(row.split()[:2] == ["Ctrl+Z", "Suspend"] for row in box if row.split())
        assert not any("slash" in row or "ctrl+" in row for row in box)


async def test_help_wraps_a_long_description_under_itself(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(44, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        box = _help_box(app)
        start = next(i for i, row in enumerate(box) if "Suspend to the" in row)
        column = box[start].index("Suspend")
        follow = box[start + 1]
        assert follow[:column].strip() == "" and follow[column] != " ", box[start : start + 3]


async def test_the_real_seed_shows_its_date_and_byline(make_app: AppFactory) -> None:
    app = make_app(REAL_SEED)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        lines = screen_lines(app)
        assert "06 Dec" in lines[1], "the list's date column"
        meta = [line for line in lines if shaped(SOURCE) in line and "·" in line]
        assert meta and "2024-12-06" in "".join(lines), lines
        assert not any("ﻢﻟﺎﻌﻟﺍ ﻝﻮﺣ 06" in line for line in lines), "the date line is no paragraph"


async def test_a_latin_name_among_arabic_ones_is_right_aligned(make_app: AppFactory) -> None:
    app = make_app(REAL_SEED)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        prompts = panel_prompts(app.query_one(SidePanel))
        latin = next(prompt for prompt in prompts if prompt.endswith("CNN"))
        arabic = next(prompt for prompt in prompts if prompt.endswith(shaped("رويترز")))
        assert len(latin) == len(arabic)


async def test_an_entity_pivot_and_the_filter_dialog_name_kinds_in_words(
    make_app: AppFactory,
) -> None:
    app = make_app(REAL_SEED)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await focus_first_entity(pilot, app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.main_screen.triage.source, Entity)
        text = "\n".join(screen_lines(app))
        assert "(person)" in text and "PERSON" not in text
        await pilot.press("f")
        await settle(app, pilot)
        text = "\n".join(screen_lines(app))
        assert "place · 1 article" in text, text
        for internal in ("location", "organization", "LOCATION"):
            assert internal not in text


def test_a_text_choice_lays_each_field_out_on_its_own() -> None:
    [row] = choice_rows(["  مياه · 3"], 40)
    assert row == "  " + shaped("مياه") + " · 3"


def test_choice_rows_never_exceed_the_width() -> None:
    labels: list[ChoiceLabel] = [
        "Entities in this list",
        entity_choice("Regional Energy Observatory for the Eastern Mediterranean",
                      "ORGANIZATION", 1),
        entity_choice("دمشق", "LOCATION", 2),
        "  " + "كلمة " * 20 + "· 7",
    ]
    for width in (30, 40, 52):
        rows = choice_rows(labels, width, indent="  ")
        assert all(cell_len(row) <= width for row in rows), rows
        assert rows[3].endswith(" · 7")
        if width >= 40:
            assert rows[2].endswith("place · 2 articles")
