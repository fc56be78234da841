"""Pilot tests: a search listing shows a snippet of the match beside the title of each row on
screen, fetched lazily for those rows only (issue 16: never one per match)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from support.articles import write_articles
from support.pilot import settle

from reader.config import Config
from reader.services.intake import import_paths
from reader.store import Library
from reader.store.search import from_the_match
from reader.ui.app import ReaderApp
from reader.ui.widgets.article_list import (
    SNIPPET_SEPARATOR,
    ArticleList,
    Columns,
    title_with_snippet,
)


def library_app(tmp_path: Path, folder: Path) -> tuple[ReaderApp, list[tuple[str, int]]]:
    """The app over a library of ``folder``, and the query and number of ids of each snippet
    fetch (a live search fetches for the rows on screen at each keystroke)."""
    library = Library.open(tmp_path / "library.db")
    import_paths(library, [str(folder)])
    fetches: list[tuple[str, int]] = []
    fetch = library.search_snippets

    def counted(ids: Sequence[str], query: str) -> dict[str, str]:
        fetches.append((query, len(ids)))
        return fetch(ids, query)

    library.search_snippets = counted  # type: ignore[method-assign]
    return ReaderApp([], library=library, config=Config()), fetches


def fetched(fetches: list[tuple[str, int]], query: str) -> int:
    return sum(count for asked, count in fetches if asked == query)


async def test_search_rows_show_a_snippet_of_the_match(tmp_path: Path) -> None:
    app, fetches = library_app(tmp_path, write_articles(tmp_path / "articles"))
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        listed = app.query_one(ArticleList)
        assert SNIPPET_SEPARATOR not in listed.render_line(0).text, "no snippet outside a search"
        await pilot.press("slash", *"plant", "enter")
        await settle(app, pilot)
        snippets = app.main_screen.service.snippets
        snippet = snippets.snippet(0)
        assert snippet and "plant" in snippet and snippet != listed.items[0].title
        cells = Columns.for_width(listed.scrollable_content_region.width).title
        parts = title_with_snippet(listed.items[0].title, snippet, cells)
        assert [kind for _, kind in parts] == ["title", "meta", "meta"]
        assert "".join(text for text, _ in parts) in listed.render_line(0).text
        assert sum(count for query, count in fetches if query == "plant") == len(listed.items)


def sixty_plant_reports(tmp_path: Path) -> Path:
    """A folder of 60 articles that all hold "desalination": more rows than a screenful."""
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(60):
        (folder / f"{number:02}.txt").write_text(
            f"Plant report {number}\n\nThe desalination plant number {number} opened.",
            encoding="utf-8")
    return folder


async def test_snippets_are_fetched_for_the_rows_on_screen_only(tmp_path: Path) -> None:
    app, fetches = library_app(tmp_path, sixty_plant_reports(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"desalination", "enter")
        await settle(app, pilot)
        listed = app.query_one(ArticleList)
        assert len(listed.items) == 60
        height = listed.scrollable_content_region.height
        assert all(count <= height for _, count in fetches), "a screenful per keystroke at most"
        assert 0 < fetched(fetches, "desalination") <= height
        assert app.main_screen.service.snippets.snippet(0)
        assert app.main_screen.service.snippets.snippet(59) is None, "off screen: not fetched"
        listed.focus()
        await pilot.press("G")
        await settle(app, pilot)
        assert app.main_screen.service.snippets.snippet(59), "fetched once it is shown"
        assert fetched(fetches, "desalination") <= 2 * height


async def test_a_row_drawn_again_while_its_snippet_is_on_its_way_is_not_asked_twice(
    tmp_path: Path,
) -> None:
    app, fetches = library_app(tmp_path, sixty_plant_reports(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        snippets = app.main_screen.service.snippets
        loader = snippets.loader
        release = threading.Event()
        listed = app.query_one(ArticleList)
        asked: dict[int, list[int]] = {}  # the rows asked for, per list of items shown

        def held_loader(indices: Iterable[int]) -> Callable[[], None]:
            wanted = list(indices)
            asked.setdefault(id(listed.items), []).extend(wanted)
            load = loader(wanted)

            def held() -> None:
                release.wait(10)
                load()

            return held

        snippets.loader = held_loader  # type: ignore[method-assign]
        await pilot.press("slash", *"desalination")
        for _ in range(500):  # up to 10 s on a loaded machine
            await pilot.pause(0.02)
            if app.main_screen.triage.query == "desalination" and listed.items:
                break
        await pilot.pause(0.1)
        for _ in range(3):  # drawn again (a count, a focus change) before the snippets come
            listed.refresh()
            await pilot.pause(0.05)
        release.set()
        await settle(app, pilot)
        height = listed.scrollable_content_region.height
        assert fetched(fetches, "desalination") > 0
        # (A search run again meanwhile, say after the library changed, is a new list of
        # items, whose rows are rightly asked for again.)
        for rows in asked.values():
            assert len(rows) == len(set(rows)) <= height, "a row of one list asked for twice"
        assert snippets.snippet(0)


def test_a_right_to_left_title_keeps_the_right_edge_and_its_snippet_goes_to_its_left() -> None:
    parts = title_with_snippet("محطة تحلية المياه", "قالت وزارة المياه إن المحطة", 40)
    assert [kind for _, kind in parts] == ["meta", "meta", "title"]
    assert sum(len(text) for text, _ in parts) == 40
    assert [kind for _, kind in title_with_snippet("محطة تحلية المياه", "", 40)] == ["title"]
    assert [kind for _, kind in title_with_snippet("Plant", "the plant", 20)] == ["title"], (
        "a column too narrow for both keeps the title alone")


def test_a_list_snippet_starts_at_the_word_before_the_match() -> None:
    text = "one two three four five match six"
    start = text.index("match")
    assert from_the_match(text, ((start, start + 5),)) == "…five match six"
    assert from_the_match("match at once", ((0, 5),)) == "match at once"
    assert from_the_match(text, ()) == text
