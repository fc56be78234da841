"""Pilot tests: the list lays out a title once, not once per list that shows it (each key typed
in a search lists mostly the rows of the previous key's: their titles are not shaped again)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from support.pilot import settle
from textual.app import App, ComposeResult

from reader.text.logical import VISUAL, TextLayout
from reader.ui.widgets import article_list
from reader.ui.widgets.article_list import ArticleList

ROWS = 5  # each list's height


@dataclass(frozen=True)
class Row:
    title: str
    source: str = "Wire"
    published: date | None = None


class TwoLists(App[None]):
    """Two lists of one size: the first shows list after list, the second only the last."""

    CSS = f"ArticleList {{ height: {ROWS}; }}"

    def compose(self) -> ComposeResult:
        yield ArticleList(columns=("title", "source"), id="reused")
        yield ArticleList(columns=("title", "source"), id="fresh")


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every title laid out, in order."""
    titles: list[str] = []
    real = article_list.title_with_snippet

    def counted(title: str, snippet: str, width: int, layout: TextLayout = VISUAL
                ) -> list[tuple[str, str]]:
        titles.append(title)
        return real(title, snippet, width, layout)

    monkeypatch.setattr(article_list, "title_with_snippet", counted)
    return titles


def lines(listed: ArticleList) -> list[str]:
    return [listed.render_line(y).text for y in range(ROWS)]


async def test_a_title_the_list_showed_before_is_not_laid_out_again(
    laid_out: list[str],
) -> None:
    app = TwoLists()
    async with app.run_test(size=(80, 2 * ROWS)) as pilot:
        reused = app.query_one("#reused", ArticleList)
        before = [Row(f"سوريا خبر رقم {n}") for n in range(ROWS)]
        reused.set_items(before)
        await settle(app, pilot)
        assert sorted(set(laid_out)) == sorted(row.title for row in before)
        laid_out.clear()
        after = [before[0], Row("خبر جديد عن دمشق"), *before[2:4]]  # the next key's rows
        reused.set_items(after)
        await settle(app, pilot)
        assert laid_out == ["خبر جديد عن دمشق"], "only the title not shown before"
        fresh = app.query_one("#fresh", ArticleList)
        fresh.set_items(after)
        await settle(app, pilot)
        assert lines(reused) == lines(fresh), "drawn as a list that never showed another"
        assert VISUAL.field(after[1].title, 40).text.strip() in lines(reused)[1]


async def test_the_titles_kept_are_bounded(
    laid_out: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(article_list, "FIELDS_KEPT", 3 * ROWS)
    app = TwoLists()
    async with app.run_test(size=(80, 2 * ROWS)) as pilot:
        reused = app.query_one("#reused", ArticleList)
        first = [Row(f"Report {n}") for n in range(ROWS)]
        for start in range(0, 4 * ROWS, ROWS):
            reused.set_items([Row(f"Report {n}") for n in range(start, start + ROWS)])
            await settle(app, pilot)
        laid_out.clear()
        reused.set_items(first)
        await settle(app, pilot)
        assert sorted(set(laid_out)) == sorted(row.title for row in first), \
            "forgotten: more titles were shown since than the list keeps"
