"""Pilot tests: the side panel (highlight, jump, pivot), themes, NO_COLOR, keymap, mouse."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.articles import ENGLISH_TITLE
from support.pilot import AppFactory, focus_first_entity, panel_prompts, settle
from textual.color import Color
from textual.filter import ANSIToTruecolor, Monochrome

from reader.config import Config, load_config
from reader.services.triage import Given
from reader.store.views import Entity
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.side_panel import SidePanel


async def test_panel_lists_entities_of_the_open_article(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        panel = app.query_one(SidePanel)
        prompts = panel_prompts(panel)
        assert any(prompt.startswith("Places") for prompt in prompts)
        assert any("ﻖﺸﻣﺩ" in prompt for prompt in prompts), "دمشق, shaped, in the panel"
        assert any(prompt == "Keywords" for prompt in prompts)


async def test_moving_onto_an_entity_highlights_its_mentions(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        panel = await focus_first_entity(pilot, app)
        entity = panel.highlighted_entity()
        assert entity is not None
        view = app.query_one(ArticleView)
        rows = view.highlight_rows()
        assert len(rows) >= 1
        strip = view.render_line(rows[0] - view.scroll_offset.y)
        highlighted = [seg.text for seg in strip if seg.style and seg.style.underline]
        assert highlighted, "the mention is drawn with the highlight style"


async def test_n_jumps_between_mentions(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 20)) as pilot:
        await settle(app, pilot)
        panel = await focus_first_entity(pilot, app)
        view = app.query_one(ArticleView)
        rows = view.highlight_rows()
        assert len(rows) >= 2, f"{panel.highlighted_entity()} is mentioned in every paragraph"
        await pilot.press("n")
        await pilot.pause()
        assert view.scroll_offset.y in rows or view.scroll_offset.y == view.max_scroll_y
        before = view.scroll_offset.y
        await pilot.press("N")
        await pilot.pause()
        assert view.scroll_offset.y <= before


async def test_enter_on_an_entity_pivots_the_list_and_escape_clears(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await focus_first_entity(pilot, app)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.main_screen
        assert isinstance(screen.triage.source, Entity)
        assert 1 <= len(screen.triage.listing) < 3, "only the articles naming it"
        assert app.focused is app.query_one(ArticleList)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(screen.triage.source, Given) and len(screen.triage.listing) == 3


async def test_theme_option_and_palette_choice_is_remembered(make_app: AppFactory) -> None:
    app = make_app(theme_override="reader-high-contrast")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.theme == "reader-high-contrast"
        assert load_config().theme == Config().theme, "--theme is for this session only"
        app.theme = "reader-light"  # what the palette's theme picker does
        await pilot.pause()
    assert load_config().theme == "reader-light"


async def test_start_theme_styles_the_first_screen(make_app: AppFactory) -> None:
    """The theme is set before the first CSS parse (no second parse): its colours, its
    light/dark classes and its ANSI filter must be those of the first frame."""
    app = make_app(theme_override="reader-light")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        theme = app.get_theme("reader-light")
        assert theme is not None and theme.background is not None
        assert app.has_class("-light-mode") and not app.has_class("-dark-mode")
        assert app.has_class("-theme-reader-light")
        assert app.screen.styles.background == Color.parse(theme.background)
        assert any(isinstance(f, ANSIToTruecolor) for f in app.get_line_filters())


@pytest.mark.parametrize("name", ["reader-dark", "reader-light", "reader-high-contrast",
                                  "reader-ansi"])
async def test_every_bundled_theme_starts_the_app(make_app: AppFactory, name: str) -> None:
    """reader-ansi once lacked $ansi-background, which Textual's Screen style refers to: the
    app died on a stylesheet error at start."""
    app = make_app(theme_override=name)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.theme == name
        ansi_filter = any(isinstance(f, ANSIToTruecolor) for f in app.get_line_filters())
        assert ansi_filter == (name != "reader-ansi"), "ANSI themes keep the terminal's colours"


async def test_textual_themes_work_without_the_readers_variables(make_app: AppFactory) -> None:
    """--theme accepts any Textual theme, and the palette offers them: they lack the reader's
    own CSS variables ($highlight-background once stopped the app with a stylesheet error)."""
    app = make_app(theme_override="nord")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.theme == "nord"
        app.theme = "textual-light"  # a palette choice
        await pilot.pause()
        assert app.theme == "textual-light"
        assert "highlight-background" in app.theme_variables


async def test_unknown_theme_falls_back_with_a_message(make_app: AppFactory) -> None:
    app = make_app(theme_override="no-such-theme")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        assert app.theme == "reader-dark"
        assert any("no-such-theme" in n.message for n in app.notified)


async def test_no_color_gives_a_monochrome_interface(make_app: AppFactory,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert any(isinstance(f, Monochrome) for f in app.get_line_filters())


async def test_keymap_from_the_config_rebinds_keys(make_app: AppFactory) -> None:
    app = make_app(config=Config(keymap={"list.down": "x"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert app.query_one(ArticleList).cursor == 1


async def test_clicking_a_row_opens_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.click(ArticleList, offset=(3, 1))
        await pilot.pause()
        view = app.query_one(ArticleView)
        assert view.article is not None and view.article.title == ENGLISH_TITLE


async def test_palette_opens_with_ctrl_p(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.id == "--command-palette"


async def test_terminal_bidi_mode_shows_logical_text(make_app: AppFactory) -> None:
    from reader.terminal import TerminalAdvice

    app = make_app(bidi_advice=TerminalAdvice("terminal", "konsole"))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        view = app.query_one(ArticleView)
        body = [line.line.text for line in view.lines if line.line and line.kind == "body"]
        assert body[0].startswith("افتتح"), "logical order, unshaped"


def _drawn_colour(panel: SidePanel, fragment: str) -> tuple[int, int, int] | None:
    """The foreground colour the panel draws ``fragment`` in (None when not on screen)."""
    for y in range(panel.size.height):
        for segment in panel.render_line(y):
            if fragment in segment.text and segment.style and segment.style.color:
                triplet = segment.style.color.get_truecolor()
                return (triplet.red, triplet.green, triplet.blue)
    return None


@pytest.mark.parametrize("theme", ["reader-dark", "nord"])
async def test_entity_names_are_drawn_in_their_types_colour(make_app: AppFactory,
                                                            theme: str) -> None:
    """Places in $entity-place, the group heading too; a Textual theme gets derived colours."""
    app = make_app(theme_override=theme)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        panel = app.query_one(SidePanel)
        place = Color.parse(app.theme_variables["entity-place"]).rgb
        assert _drawn_colour(panel, "ﻖﺸﻣﺩ") == place, "دمشق, a place"
        assert _drawn_colour(panel, "Places") == place
        person = Color.parse(app.theme_variables["entity-person"]).rgb
        assert person != place
