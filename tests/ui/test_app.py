"""Pilot tests: keys, panes, focus mode, resize and safety, at fixed terminal sizes."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from rich.cells import cell_len
from support.articles import ENGLISH_TITLE
from support.pilot import AppFactory, RecordingApp, panel_prompts, screen_lines, settle

from reader.config import Config
from reader.ui.app import ReaderApp
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.article_list import ArticleList, Columns
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.side_panel import SidePanel


def main_screen(app: ReaderApp) -> MainScreen:
    return app.main_screen


async def test_first_article_is_open_at_start(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        view = app.query_one(ArticleView)
        assert view.article is not None
        assert view.article.title.startswith("مؤتمر في دمشق")
        assert app.focused is app.query_one(ArticleList)


async def test_rtl_body_is_right_aligned_and_lines_in_reading_order(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        view = app.query_one(ArticleView)
        body_lines = [line for line in view.lines if line.kind == "body" and line.line]
        first_paragraph = [line.line for line in body_lines if line.paragraph == 0]
        assert len(first_paragraph) > 1, "the paragraph should wrap at this width"
        # Every RTL line ends at the right edge of the measure (right-aligned).
        for line in first_paragraph:
            assert line is not None
            assert line.aligned(view.measure).endswith(line.text)
            assert cell_len(line.aligned(view.measure)) == view.measure
        # Lines follow each other in logical order: line 0 holds the paragraph's start.
        starts = [line.logical_start for line in first_paragraph if line]
        assert starts == sorted(starts) and starts[0] == 0
        # The first word of the paragraph is at the right end of the first line.
        assert first_paragraph[0] is not None
        assert first_paragraph[0].text.rstrip().endswith("ﺢﺘﺘﻓﺍ")


async def test_j_k_move_the_cursor_and_open_the_article(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("j")
        await settle(app, pilot)
        view = app.query_one(ArticleView)
        assert view.article is not None and view.article.title == ENGLISH_TITLE
        await pilot.press("down", "k")
        await settle(app, pilot)
        assert app.query_one(ArticleList).cursor == 1
        await pilot.press("enter")
        assert app.focused is view


async def test_g_and_capital_g_go_to_first_and_last(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("G")
        assert app.query_one(ArticleList).cursor == 2
        await pilot.press("g")
        assert app.query_one(ArticleList).cursor == 0


async def test_space_and_b_page_the_body(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        view = app.query_one(ArticleView)
        assert view.scroll_offset.y == 0
        await pilot.press("space")
        await pilot.pause()
        after_page = view.scroll_offset.y
        assert after_page > 5
        await pilot.press("pagedown")
        await pilot.pause()
        assert view.scroll_offset.y > after_page
        await pilot.press("b", "pageup")
        await pilot.pause()
        assert view.scroll_offset.y == 0


async def test_tab_cycles_the_visible_panes(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        focused = []
        for _ in range(3):
            await pilot.press("tab")
            focused.append(type(app.focused).__name__)
        assert focused == ["ArticleView", "SidePanel", "ArticleList"]
        await pilot.press("shift+tab")
        assert isinstance(app.focused, SidePanel)


async def test_side_panel_folds_below_100_columns_and_e_toggles_it(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        panel = app.query_one(SidePanel)
        assert panel.region.width == 0
        await pilot.press("tab", "tab")
        assert not isinstance(app.focused, SidePanel), "a hidden pane takes no focus"
        await pilot.press("e")
        await pilot.pause()
        assert panel.region.width > 0
        await pilot.resize_terminal(130, 30)
        await pilot.pause()
        assert panel.region.width > 0
        await pilot.press("e")
        await pilot.pause()
        assert panel.region.width == 0


async def test_folded_panel_shows_the_open_articles_entities_when_unfolded(
    make_app: AppFactory,
) -> None:
    """The panel is built only when it can be seen; unfolding must show the article open now."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        panel = app.query_one(SidePanel)
        await pilot.press("e")
        await pilot.pause()
        first = panel_prompts(panel)
        assert any(prompt.startswith("Places") for prompt in first)
        await pilot.press("e", "j")  # fold, then open the next article
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert panel_prompts(panel) != first
        assert panel.option_count > 1


async def test_focus_mode_shows_the_body_alone_and_z_returns(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        view = app.query_one(ArticleView)
        await pilot.press("z")
        await pilot.pause()
        assert app.query_one(ArticleList).region.width == 0
        assert app.query_one(SidePanel).region.width == 0
        assert view.region.width == 120
        assert app.focused is view
        await pilot.press("z")
        await pilot.pause()
        assert app.query_one(ArticleList).region.width > 0


async def test_resize_lays_the_body_out_again(make_app: AppFactory) -> None:
    app = make_app(config=Config(layout="side"))  # stacked, the body is wider at 80 than at 160
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        view = app.query_one(ArticleView)
        wide = view.measure
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert view.measure < wide
        assert all(line.line is None or line.line.cells <= view.measure for line in view.lines)


async def test_help_lists_every_key_and_closes(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(screen_lines(app))
        for expected in ("Focus", "Page down", "Next pane", "Quit", "Command palette"):
            assert expected in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_markup_and_escapes_in_titles_are_shown_literally(tmp_path: Path,
                                                                make_app: AppFactory) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    title = "[@click=app.quit]x[/] [link='http://evil']y[/] A\x1b]0;PWNED\x07B \x1b[2J C"
    (folder / "hostile.txt").write_text(f"{title}\n\nbody text", encoding="utf-8")
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        text = "\n".join(screen_lines(app))
        assert "[@click=app.quit]x[/]" in text
        assert "\x1b" not in text and "PWNED" not in text
        await pilot.click(ArticleView, offset=(3, 0))
        await pilot.pause()
        assert app.is_running


async def test_a_bad_file_gets_one_message_and_the_rest_loads(tmp_path: Path,
                                                               make_app: AppFactory) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text("Good title\n\nGood body.", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    app = make_app(folder)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        assert [row.title for row in main_screen(app).triage.listing] == ["Good title"]
        # A toast is cut into lines of its width: a long temporary path may be cut anywhere.
        messages = [n.message.replace("\n", "") for n in app.notified]
        assert len(messages) == 1 and "broken.txt" in messages[0]


async def test_copy_gives_the_logical_unshaped_text(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("y")
        article = app.query_one(ArticleView).article
        assert article is not None
        assert app.clipboard == f"{article.title}\n\n{article.body}\n"
        assert app.clipboard.startswith("مؤتمر في دمشق")
        assert not any("\ufb50" <= ch <= "\ufeff" for ch in app.clipboard), "never shaped"


async def test_list_columns_stay_at_fixed_positions_for_rtl_and_ltr_titles(
    tmp_path: Path, make_app: AppFactory
) -> None:
    """docs/bidi.md rule 10: each field reordered on its own; the date column never moves."""
    folder = tmp_path / "dated"
    folder.mkdir()
    titles = ["مؤتمر في دمشق يبحث إعادة تأهيل شبكات الري في الجنوب السوري",
              "Aqaba desalination plant enters its second phase",
              "עיריית חיפה מפעילה קו אוטובוס חדש"]
    for number, title in enumerate(titles):
        (folder / f"{number}.md").write_text(
            f"---\ntitle: {title}\ndate: 2024-12-0{number + 1}\nsource: Wire\n---\n\nBody.",
            encoding="utf-8")
    title_first = ("title", "source", "date")
    app = make_app(folder, config=Config(list_columns=title_first))
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(app, pilot)
        article_list = app.query_one(ArticleList)
        width = article_list.scrollable_content_region.width
        rows = [article_list.render_line(y).text for y in range(3)]
        positions = {row.index("2024-12-0") for row in rows}
        assert len(positions) == 1, rows
        title_end = 1 + Columns.for_width(width, title_first).title  # after marker and title
        assert positions.pop() > title_end
        for row in rows:
            assert not any("\u0590" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff"
                           for ch in row[title_end:]), "no RTL text right of the title"
            assert cell_len(row) == width


async def test_notifications_lay_right_to_left_text_out(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        app.notify("cannot read دمشق.txt: it is empty", markup=False)
        await pilot.pause()
        message = [n.message for n in app.notified][-1]
        assert "ﻖﺸﻣﺩ" in message, "shaped, in visual order"
        assert all(cell_len(line) <= 36 for line in message.splitlines())


async def test_a_bad_setting_is_told_on_the_screen_not_only_on_stderr(
        isolated_user_dirs: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The alternate screen hides what was written to stderr before it opened: the app that
    `reader` starts with a bad value in config.toml says what is wrong once it is on screen
    (the hostile value shown as escapes)."""
    from reader.cli import TuiOptions, tui
    from reader.ui import app as app_module

    settings = isolated_user_dirs / ".config" / "reader" / "config.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text('analyzer = "bert\\u001b[2J"\n', encoding="utf-8")
    started: list[RecordingApp] = []
    monkeypatch.setattr(app_module, "ReaderApp", RecordingApp)
    monkeypatch.setattr(RecordingApp, "run", lambda app, **_: started.append(app))
    monkeypatch.setattr(tui, "limit_arenas", lambda: None)
    monkeypatch.setattr(gc, "freeze", lambda: None)  # run_tui freezes what it imported
    options = TuiOptions(paths=[], theme=None, bidi="terminal", library=None, watch=[])

    assert tui.run_tui(options) == 0
    assert "'analyzer' must be one of default, accurate" in capsys.readouterr().err
    [app] = started
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
    shown = [n.message.replace("\n", " ") for n in app.notified]  # laid out as toasts are
    told = [message for message in shown if "'analyzer' must be one of" in message]
    assert told, shown
    assert "\x1b" not in told[0] and "\\x1b" in told[0]
