"""Pilot tests of triage in the TUI over a real (temporary) library: state survives a restart."""

from __future__ import annotations

from pathlib import Path

from conftest import LibraryAt
from support.articles import write_articles
from support.pilot import settle
from textual.pilot import Pilot

from reader.config import Config
from reader.services.reading import KeywordFilter
from reader.store import Library
from reader.store.location import LibraryLocation
from reader.store.views import All, Archive, Dated, Incoming, Narrowed, Starred
from reader.ui.app import ReaderApp
from reader.ui.screens.pickers import ChoiceScreen, PromptScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView


def library_app(tmp_path: Path, where: LibraryLocation | None = None) -> ReaderApp:
    """The app in library mode, over a library (``where``, else a file in tmp_path) filled
    from the test articles."""
    from reader.services.intake import import_paths

    library = Library.open(where or tmp_path / "library.db")
    import_paths(library, [str(write_articles(tmp_path / "articles"))])
    return ReaderApp([], library=library, config=Config())


async def start(app: ReaderApp, pilot: Pilot[None]) -> None:
    await settle(app, pilot)


async def test_library_mode_opens_incoming(tmp_path: Path, library_at: LibraryAt) -> None:
    app = library_app(tmp_path, library_at("library"))
    async with app.run_test(size=(120, 30)) as pilot:
        await start(app, pilot)
        assert isinstance(app.main_screen.triage.source, Incoming)
        assert len(app.main_screen.triage.listing) == 3
        assert app.query_one(ArticleView).article is not None


async def test_triage_keys_change_state_that_survives_a_restart(
    tmp_path: Path, library_at: LibraryAt
) -> None:
    app = library_app(tmp_path, library_at("library"))
    async with app.run_test(size=(120, 30)) as pilot:
        await start(app, pilot)
        rows = app.main_screen.triage.listing
        first, second = rows[0].id, rows[1].id
        await pilot.press("s")  # star the first (and move on)
        await pilot.press("k", "a")  # archive it: it stays in its row until the view changes
        await pilot.pause()
        assert app.main_screen.triage.listing.index_of(first) == 0
        assert app.query_one(ArticleList).cursor == 1, "a moved on"
        await pilot.press("m")  # the cursor is on the second: mark it read
        await pilot.pause()
    app.library.close()
    with Library.open(library_at("library")) as reopened:
        assert first in reopened.ids(Starred()) and first in reopened.ids(Archive())
        assert second not in reopened.ids(Incoming()), "read articles leave Incoming"
        assert reopened.count(All()) == 3


async def test_undo_reverts_the_last_action(tmp_path: Path) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await start(app, pilot)
        first = app.main_screen.triage.listing[0].id
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert app.main_screen.triage.listing.index_of(first) is not None


async def test_mark_several_then_star_them_all(tmp_path: Path) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await start(app, pilot)
        await pilot.press("x", "x")
        assert len(app.main_screen.triage.marked) == 2
        await pilot.press("s")
        await pilot.pause()
        assert app.library.count(Starred()) == 2
        assert not app.main_screen.triage.marked


async def test_n_goes_to_the_next_unread(tmp_path: Path) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await start(app, pilot)
        await pilot.press("4")  # All
        await pilot.pause()
        triage = app.main_screen.triage
        triage.set_read([triage.listing[1].id], True)
        await pilot.press("n")
        assert app.query_one(ArticleList).cursor == 2


async def test_tag_prompt_tags_the_article(tmp_path: Path) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await start(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"urgent", "enter")
        await pilot.pause()
        assert app.library.tags() == ["urgent"]


async def test_views_picker_and_number_keys(tmp_path: Path) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await start(app, pilot)
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.main_screen.triage.source, All)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")


async def test_slash_searches_live_and_escape_returns(tmp_path: Path) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await start(app, pilot)
        await pilot.press("slash", *"Aqaba")
        await settle(app, pilot)
        triage = app.main_screen.triage
        assert triage.query == "Aqaba" and len(triage.listing) == 1
        await pilot.press("escape")
        await settle(app, pilot)
        assert triage.query == "" and len(triage.listing) == 3


async def test_files_dropped_into_a_watched_folder_are_imported(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    library = Library.open(tmp_path / "library.db")
    app = ReaderApp([], library=library, config=Config(), watch=[inbox])
    async with app.run_test(size=(120, 30)) as pilot:
        await start(app, pilot)
        before = library.count(All())
        (inbox / "dropped.txt").write_text("Dropped title\n\nDropped body.", encoding="utf-8")
        app.main_screen._import_watched()
        await settle(app, pilot)
        assert library.count(All()) == before + 1
        assert any(row.title == "Dropped title" for row in app.main_screen.triage.listing)


async def test_f_filters_by_a_date_range(tmp_path: Path) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ChoiceScreen)
        labels = [label for label, _ in picker._choices]
        assert "Dates" in labels and "Sources and tags" in labels
        week = next(value for label, value in picker._choices if "7 days" in label)
        picker.dismiss(week)
        await settle(app, pilot)
        source = app.main_screen.triage.source
        assert isinstance(source, Narrowed) and isinstance(source.view, Dated)
        assert len(app.main_screen.triage.listing) == 3, "undated articles count from import"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.main_screen.triage.source, Incoming)


async def test_escape_after_a_keyword_filter_clears_it(tmp_path: Path) -> None:
    """The keyword filter searches without the search box ever shown: Esc must still clear it."""
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ChoiceScreen)
        picker.dismiss(KeywordFilter("Aqaba"))  # what choosing a keyword of the menu gives
        await settle(app, pilot)
        triage = app.main_screen.triage
        assert triage.query == "Aqaba" and len(triage.listing) == 1
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.is_running
        assert triage.query == "" and len(triage.listing) == 3



async def test_m_j_m_a_never_skips_an_unread_article_and_u_brings_it_back(
        tmp_path: Path) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await start(app, pilot)
        triage = app.main_screen.triage
        before = [row.id for row in triage.listing]
        cursor = app.query_one(ArticleList)
        await pilot.press("m")
        await pilot.pause()
        assert cursor.cursor == 1 and triage.listing[1].id == before[1], "on the next unread"
        await pilot.press("k", "a")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert [row.id for row in triage.listing] == before
        assert not triage.listing[0].archived, "undone in its own row"
        await pilot.press("3")  # another view, then back: the read article has left
        await pilot.press("1")
        await pilot.pause()
        assert [row.id for row in triage.listing] == before[1:]


async def test_capital_a_marks_the_whole_list_read_and_u_undoes_it(tmp_path: Path) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await start(app, pilot)
        await pilot.press("A")
        await pilot.pause()
        assert app.library.count(Incoming()) == 0
        assert len(app.main_screen.triage.listing) == 3, "the rows stay while you work"
        await pilot.press("u")
        await pilot.pause()
        assert app.library.count(Incoming()) == 3


async def test_escape_after_a_filter_returns_to_the_article_and_scroll(tmp_path: Path) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(80, 12)) as pilot:
        await start(app, pilot)
        await pilot.press("j")
        await settle(app, pilot)
        body = app.query_one(ArticleView)
        second = app.main_screen.triage.listing[1].id
        body.scroll_to(y=2, animate=False)
        await pilot.pause()
        scrolled = body.scroll_y
        assert scrolled > 0
        await pilot.press("f")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ChoiceScreen)
        picker.dismiss(next(value for label, value in picker._choices if "30 days" in label))
        await settle(app, pilot)
        await pilot.press("j")  # another article open in the filtered list
        await settle(app, pilot)
        assert body.article is not None and body.article.content_id != second
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.main_screen.triage.source, Incoming)
        assert app.query_one(ArticleList).cursor == 1
        assert body.article is not None and body.article.content_id == second
        assert body.scroll_y == scrolled


async def test_the_reading_position_is_remembered_per_article_across_a_restart(
        tmp_path: Path) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(80, 12)) as pilot:
        await start(app, pilot)
        await pilot.press("j")  # the second article is the long one
        await settle(app, pilot)
        body = app.query_one(ArticleView)
        first = app.main_screen.triage.listing[1].id
        assert body.max_scroll_y > 0
        body.scroll_to(y=body.max_scroll_y, animate=False)
        await pilot.pause()
        left_at = body.top_paragraph()
        assert left_at is not None
        await pilot.press("j")
        await settle(app, pilot)
        assert body.scroll_y == 0, "another article opens at its top"
        await pilot.press("k")
        await settle(app, pilot)
        assert body.article is not None and body.article.content_id == first
        assert body.top_paragraph() == left_at, "back where it was left"
    app.library.close()
    with Library.open(tmp_path / "library.db") as reopened:
        assert reopened.reading_position(first) == left_at
