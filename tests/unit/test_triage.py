"""The triage service over an in-memory library: listings, views, search, actions, undo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from conftest import LibraryAt
from support.triage import next_unread

from reader.model.article import Article
from reader.services import triage as triage_module
from reader.services.triage import (
    PAGE,
    CompactIds,
    Given,
    Listing,
    Triage,
    id_list,
    kept_in_place,
)
from reader.store import Library
from reader.store.models import ArticleRow
from reader.store.views import All, Archive, Incoming, Starred


def article(number: int, text: str = "") -> Article:
    return Article(
        title=f"Article {number}",
        paragraphs=(text or f"Body of article {number} about Damascus and والسويداء.",),
        source="Wire" if number % 2 else "Desk",
        published=date(2024, 12, 1 + number % 28),
    )


@pytest.fixture
def library(backend: str, library_at: LibraryAt) -> Iterator[Library]:
    with Library.open(":memory:" if backend == "sqlite" else library_at("triage")) as opened:
        opened.add([article(n) for n in range(5)])
        yield opened


def ids_of(listing: Listing) -> list[str]:
    return [row.id for row in listing]


def test_a_view_opens_from_its_count_and_pages_then_takes_its_ids(library: Library) -> None:
    library.add([article(n) for n in range(5, 5 + 2 * PAGE)])
    listing = Listing(library, view=All())
    assert len(listing) == 2 * PAGE + 5 and not listing.complete
    first = listing[0]
    assert listing.index_of(first.id) == 0, "found among the fetched pages"
    listing.load_ids()
    assert listing.complete and listing.ids == library.ids(All())
    assert listing[PAGE + 1].id == listing.ids[PAGE + 1]


@pytest.mark.parametrize("by_ids", [False, True], ids=["by position", "by ids"])
def test_the_next_unread_row_past_the_rows_fetched_is_left_to_a_worker(
        library: Library, monkeypatch: pytest.MonkeyPatch, by_ids: bool) -> None:
    monkeypatch.setattr(triage_module, "SCAN", 3)  # several chunks, either way
    library.add([article(n) for n in range(5, 5 + PAGE + 10)])
    every = library.ids(All())
    unread = {every[2], every[PAGE + 6]}
    library.set_read([article_id for article_id in every if article_id not in unread])
    triage = Triage(library, All())
    if by_ids:
        triage.listing.load_ids()
    assert triage.listing[0].read, "the first page fetched"
    assert triage.next_unread_fetched(0) == (2, None)
    assert triage.next_unread_fetched(2) == (None, PAGE), "the rows after the page: a worker's"
    assert len(triage.listing._pages) == 1, "none fetched to look"
    assert triage.listing.find_unread(PAGE) == PAGE + 6
    assert triage.listing.find_unread(PAGE + 5, forward=False) == 2
    assert triage.listing.find_unread(PAGE + 7) is None
    assert next_unread(triage, 2) == PAGE + 6 and next_unread(triage, PAGE + 6) is None
    assert next_unread(triage, len(every) - 1, forward=False) == PAGE + 6
    assert triage.next_unread_fetched(1, forward=False) == (None, None), "none before"


def test_listing_fetches_rows_lazily_by_page(library: Library) -> None:
    library.add([article(n) for n in range(5, 5 + PAGE + 10)])
    listing = Listing(library, library.ids(All()))
    assert len(listing) == PAGE + 15
    assert listing[PAGE + 3].title.startswith("Article")
    assert len(listing._pages) == 1, "only the page asked for was fetched"
    assert listing.index_of(listing[7].id) == 7


def test_a_view_keeps_its_ids_in_eight_bytes_each_and_reads_them_back(
        library: Library) -> None:
    listing = Listing(library, view=All())
    listing.load_ids()
    assert isinstance(listing.ids, CompactIds)
    ids = library.ids(All())
    assert list(listing.ids) == ids and listing.ids == ids
    assert listing.ids[1:3] == ids[1:3] and listing.ids[-1] == ids[-1]
    assert listing.index_of(ids[3]) == 3 and ids[3] in listing.ids
    assert listing.index_of("0123456789abcdef") is None and "no-such-id" not in listing.ids
    assert listing.index_of("NOT-HEX") is None


def test_ids_a_worker_made_compact_are_taken_as_they_are(library: Library) -> None:
    """The UI thread attaches a worker's id list: it took 30–100 ms at 100,000 articles to
    turn the compact list into strings and back again, one keystroke's budget."""
    listing = Listing(library, view=All())
    fetched = listing.fetch_ids()
    assert isinstance(fetched, CompactIds) and id_list(fetched) is fetched
    listing.attach_ids(fetched)
    assert listing.ids is fetched and len(listing) == len(fetched)


def test_ids_of_another_form_stay_as_they_are() -> None:
    kept = id_list(iter(["0123456789abcdef", "a", "b"]))
    assert kept == ["0123456789abcdef", "a", "b"] and isinstance(kept, list)
    assert id_list(["0123456789ABCDEF"]) == ["0123456789ABCDEF"], "no case change"


def test_a_listing_keeps_only_the_pages_last_read(
        library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    library.add([article(n) for n in range(5, 5 + 20 * PAGE)])
    listing = Listing(library, view=All())
    fetched: list[int] = []
    fetch = listing._fetch

    def counted(page: int) -> list[ArticleRow]:
        fetched.append(page)
        return fetch(page)

    monkeypatch.setattr(listing, "_fetch", counted)
    for page in range(triage_module.PAGES_KEPT + 2):
        assert listing[page * PAGE].title
    assert listing[(triage_module.PAGES_KEPT + 1) * PAGE].title  # still kept: no fetch
    assert listing[0].title  # the least recent page went
    assert fetched == [*range(triage_module.PAGES_KEPT + 2), 0]


def test_incoming_then_archive_moves_the_article_out(library: Library) -> None:
    triage = Triage(library)
    first = triage.listing[0].id
    assert triage.archive([first]) is True
    triage.reload()
    assert triage.listing.index_of(first) is None
    assert first in ids_of(triage.show(Archive()))


def test_toggle_read_and_star_and_undo(library: Library) -> None:
    triage = Triage(library, All())
    target = triage.listing[0].id
    assert triage.toggle_read([target]) is True
    assert triage.listing_row(target).read  # type: ignore[union-attr]
    assert triage.toggle_star([target]) is True
    assert target in ids_of(triage.show(Starred()))
    assert library.undo() == "star"
    assert target not in ids_of(triage.show(Starred()))


def test_marked_articles_are_the_targets_then_cleared(library: Library) -> None:
    triage = Triage(library, All())
    ids = [triage.listing[i].id for i in range(3)]
    for article_id in ids[:2]:
        triage.toggle_mark(article_id)
    assert triage.targets(ids[2]) == sorted(ids[:2])
    triage.tag(triage.targets(ids[2]), "follow-up")
    assert not triage.marked
    assert library.count(Incoming()) == 5


def test_search_finds_arabic_whatever_the_clitics(library: Library) -> None:
    triage = Triage(library, All())
    assert len(triage.search("سويداء")) == 5
    assert triage.title.startswith("search")
    assert len(triage.search("")) == 5


def test_given_lists_exactly_the_ids_in_order(library: Library) -> None:
    ids = tuple(reversed(library.ids(All())))[:3]
    triage = Triage(library, Given(ids))
    assert ids_of(triage.listing) == list(ids)
    assert len(triage.search("Damascus")) == 3, "search stays within the given articles"


def test_next_unread_skips_read_rows(library: Library) -> None:
    triage = Triage(library, All())
    triage.set_read([triage.listing[1].id, triage.listing[2].id], True)
    assert next_unread(triage, 0) == 3
    assert next_unread(triage, 3, forward=False) == 0
    assert next_unread(triage, 4) is None


def test_cycle_sort_changes_the_order(library: Library) -> None:
    triage = Triage(library, All())
    newest = ids_of(triage.listing)
    triage.cycle_sort()
    assert ids_of(triage.listing) == list(reversed(newest))


def test_a_date_range_view_holds_the_articles_dated_inside_it(library: Library) -> None:
    from reader.store.views import Dated

    triage = Triage(library, Dated(date(2024, 12, 2), date(2024, 12, 3)))
    assert sorted(row.published or date.min for row in triage.listing) == [date(2024, 12, 2),
                                                               date(2024, 12, 3)]
    assert triage.title == "2024-12-02 – 2024-12-03"


def test_a_refreshed_listing_keeps_rows_that_left_the_view_after_the_row_they_followed(
        library: Library) -> None:
    listing = Listing(library, ["a", "b", "c", "d", "e"])
    listing.replace_ids(kept_in_place(listing.ids or (), ["new", "a", "d"]))
    assert listing.ids == ["new", "a", "b", "c", "d", "e"]
    listing = Listing(library, ["x", "y", "a"])
    listing.replace_ids(kept_in_place(listing.ids or (), ["a", "z"]))
    assert listing.ids == ["x", "y", "a", "z"], "rows before any kept row stay first"


def test_a_list_s_ids_are_at_hand_when_known_or_few_and_counted(
        library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(triage_module, "SYNC_IDS", 4)
    triage = Triage(library, All())
    assert not triage.listing.complete and not triage.ids_at_hand(), "5 rows: a worker's"
    triage.listing.load_ids()
    assert triage.ids_at_hand()
    uncounted = Listing(library, rows=library.query(All(), limit=1), view=All(),
                        query="Damascus", count_later=True)
    triage.show_found("Damascus", uncounted)
    assert len(triage.listing) == 1 and not triage.ids_at_hand(), "its length is not known"
    uncounted.attach_count(3)
    assert triage.ids_at_hand()
