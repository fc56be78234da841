"""Triage over the library: the list being read (a view, a search, a pivot), and what the
triage keys do to it. No Textual import: the UI only draws what this holds.
"""

from __future__ import annotations

import re
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple, overload

from reader.store import Library
from reader.store.models import ArticleRow, StoredArticle
from reader.store.views import All, Entity, Incoming, Sort, Unread, View, narrowed

PAGE = 128
PAGES_KEPT = 16  # pages of rows kept around the places the list was read at
SCAN = 1024  # rows read at a time by a worker looking for the next unread one
SYNC_IDS = 2_000  # rows whose ids the UI thread may fetch itself (about 20 ms at this size)
SORT_CYCLE = (Sort.NEWEST, Sort.OLDEST, Sort.SOURCE, Sort.TITLE)
_HEX_ID = re.compile(r"[0-9a-f]{16}")


class CompactIds(Sequence[str]):
    """A list of article ids in 8 bytes each: the 16 hex digits of a content id as a 64-bit
    number (a view of 100,000 articles: 0.8 MB instead of 7 MB of strings). Only made by
    :func:`id_list`, for ids that all have that form."""

    __slots__ = ("_numbers",)

    def __init__(self, numbers: array[int]) -> None:
        self._numbers = numbers

    def __len__(self) -> int:
        return len(self._numbers)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [f"{number:016x}" for number in self._numbers[index]]
        return f"{self._numbers[index]:016x}"

    def __iter__(self) -> Iterator[str]:
        return (f"{number:016x}" for number in self._numbers)

    def __contains__(self, article_id: object) -> bool:
        return self._number(article_id) is not None and self._number(article_id) in self._numbers

    def index(self, article_id: object, start: int = 0, stop: int | None = None) -> int:
        number = self._number(article_id)
        if number is None:
            raise ValueError(article_id)
        return self._numbers.index(number, start, len(self) if stop is None else stop)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CompactIds):
            return self._numbers == other._numbers
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    @staticmethod
    def _number(article_id: object) -> int | None:
        if isinstance(article_id, str) and _HEX_ID.fullmatch(article_id):
            return int(article_id, 16)
        return None


def id_list(ids: Iterable[str]) -> Sequence[str]:
    """``ids`` kept compactly when every one is a content id, else as a list (read one at a
    time: a long list of strings is never made only to be dropped)."""
    if isinstance(ids, CompactIds):  # made so by a worker: not again on the UI thread
        return ids
    numbers = array("Q")
    remaining = iter(ids)
    for article_id in remaining:
        if not _HEX_ID.fullmatch(article_id):
            listed = [f"{number:016x}" for number in numbers]
            listed.append(article_id)
            listed.extend(remaining)
            return listed
        numbers.append(int(article_id, 16))
    return CompactIds(numbers)


class Listing(Sequence[ArticleRow]):
    """The rows of a list, fetched a page at a time, so a view of 100,000 articles opens at once.

    A view (or a search of it: ``query``) starts from its count and pages fetched by position;
    its full id list (about half a second at 100,000 articles) can be attached later by a
    background task, after which pages are fetched by id. Given articles come with their ids,
    a search with its first page of rows and its count, or with the page alone
    (``count_later``): it is then as long as that page until :meth:`attach_count` takes the
    exact count a worker made (:meth:`count_matches`).
    """

    def __init__(self, library: Library, ids: Sequence[str] | None = None,
                 rows: Sequence[ArticleRow] | None = None, *,
                 view: View | None = None, sort: Sort = Sort.NEWEST, query: str = "",
                 count: int | None = None, count_later: bool = False) -> None:
        self._library = library
        self._view = view
        self._sort = sort
        self._query = query
        self.ids: Sequence[str] | None = None if ids is None else id_list(ids)
        if self.ids is not None:
            count = len(self.ids)
        elif count is None and not count_later:
            count = (library.search_count(query, view) if query
                     else library.count(view or All()))
        self._count = count  # None: not counted yet
        self._rows_given = 0 if rows is None else len(rows)
        self._pages: OrderedDict[int, list[ArticleRow]] = OrderedDict()  # least recent first
        if rows is not None:  # a search arrives with its first page of rows
            for start in range(0, len(rows), PAGE):
                self._pages[start // PAGE] = list(rows[start:start + PAGE])

    @property
    def total(self) -> int | None:
        """How many rows the list has, exactly; None while a search's count is on its way."""
        return self._count

    def count_matches(self, through: Library | None = None) -> int | None:
        """The exact count of a search's matches, for :meth:`attach_count` (None: this listing
        is no search of a view). *Worker*, as :meth:`fetch_ids`."""
        if self._view is None or not self._query:
            return None
        return (through or self._library).search_count(self._query, self._view)

    def attach_count(self, count: int) -> None:
        """Take the exact count of a listing made with ``count_later`` (rows past the first page
        are fetched by position from now on)."""
        if self._count is None:
            self._count = count

    @property
    def complete(self) -> bool:
        """Whether every id is known (positions of any article can be found)."""
        return self.ids is not None

    def fetch_ids(self, through: Library | None = None) -> Sequence[str] | None:
        """The full id list of a view (slow on a large library: for a worker), or None for a
        listing made from ids. Reads only what the listing was made with, never what the UI
        changes, so a worker may run it while the UI pages through the listing;
        :meth:`attach_ids` takes the answer, on the UI's thread.

        ``through`` is another connection to the same library, so the query does not hold the
        one the UI reads articles through.
        """
        if self._view is None:
            return None
        return id_list(self._ids_in(self._view, through or self._library))

    def attach_ids(self, ids: Sequence[str]) -> None:
        """Page by these ids from now on (the answer of :meth:`fetch_ids`). A page fetched by
        position before is kept only if its rows are where the ids put them (an article that
        came or went meanwhile moves the rows after it)."""
        self._count = len(ids)
        self.ids = id_list(ids)
        for page, rows in list(self._pages.items()):
            if [row.id for row in rows] != list(self.ids[page * PAGE:page * PAGE + len(rows)]):
                del self._pages[page]

    def unread_ids(self, through: Library | None = None) -> list[str]:
        """The unread articles of the list: asked of the library for a view or a search of it
        (one query, instead of reading every row of a large view). *Worker*, as
        :meth:`fetch_ids`: reads only what the listing was made with."""
        library = through or self._library
        if self._view is None:
            return [row.id for row in library.rows(list(self.ids or ())) if not row.read]
        return list(self._ids_in(narrowed(Unread(), self._view), library))

    def _ids_in(self, view: View, library: Library) -> Iterable[str]:
        """The ids of ``view`` in the listing's order: its search's matches (newest first)
        when it is a search, else the view sorted as the listing is."""
        if self._query:
            return library.search_newest(self._query, view)
        return library.iter_ids(view, self._sort)

    def load_ids(self, through: Library | None = None) -> None:
        """Fetch and attach the full id list of a view, in one step."""
        ids = None if self.complete else self.fetch_ids(through)
        if ids is not None:
            self.attach_ids(ids)

    def replace_ids(self, ids: Sequence[str]) -> None:
        """Page by ``ids`` from now on, every row fetched again (their state may have
        changed): a worker's :func:`kept_in_place` of this listing's ids."""
        self.attach_ids(ids)
        self._pages.clear()

    def __len__(self) -> int:
        return self._rows_given if self._count is None else self._count

    @overload
    def __getitem__(self, index: int) -> ArticleRow: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[ArticleRow]: ...

    def __getitem__(self, index: int | slice) -> ArticleRow | Sequence[ArticleRow]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        page = index // PAGE
        if page not in self._pages:
            self._pages[page] = self._fetch(page)
            if len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        rows = self._pages[page]
        return rows[min(index - page * PAGE, len(rows) - 1)]

    def _fetch(self, page: int) -> list[ArticleRow]:
        return self._read(page * PAGE, PAGE, self._library, self.ids)

    def _read(self, start: int, count: int, library: Library,
              ids: Sequence[str] | None) -> list[ArticleRow]:
        """``count`` rows from ``start``: by ``ids`` when known, else by position."""
        if ids is not None:
            return library.rows(list(ids[start:start + count]))
        assert self._view is not None
        if self._query:
            found = library.search_newest(self._query, self._view, count, start)
            return library.rows(found)
        return library.query(self._view, self._sort, limit=count, offset=start)

    def fetched(self, index: int) -> ArticleRow | None:
        """The row at ``index`` if its page is fetched already (None: it is not)."""
        rows = self._pages.get(index // PAGE)
        offset = index % PAGE
        return rows[offset] if rows is not None and offset < len(rows) else None

    def find_unread(self, start: int, forward: bool = True,
                    through: Library | None = None) -> int | None:
        """The first unread row from ``start`` on (backwards: down to the first row), read
        ``SCAN`` rows at a time and not kept. *Worker*, as :meth:`fetch_ids`."""
        library, ids = through or self._library, self.ids
        for chunk_start, count in _chunks(start, len(self), forward):
            rows = self._read(chunk_start, count, library, ids)
            found: list[ArticleRow | None] = list(rows)
            if ids is not None:  # by id: an article deleted meanwhile moves no other row
                by_id = {row.id: row for row in rows}
                found = [by_id.get(each) for each in ids[chunk_start:chunk_start + count]]
            offsets = range(len(found)) if forward else range(len(found) - 1, -1, -1)
            for offset in offsets:
                row = found[offset]
                if row is not None and not row.read:
                    return chunk_start + offset
        return None

    def __iter__(self) -> Iterator[ArticleRow]:
        return (self[i] for i in range(len(self)))

    def forget_all(self) -> None:
        """Drop every cached row (after an undo, which may touch any of them)."""
        self._pages.clear()

    def forget(self, article_ids: Sequence[str]) -> None:
        """Drop cached rows of these articles (their state changed)."""
        wanted = set(article_ids)
        for page, rows in list(self._pages.items()):
            if any(row.id in wanted for row in rows):
                del self._pages[page]

    def index_of(self, article_id: str) -> int | None:
        """The article's position; before the ids are loaded, only within fetched pages."""
        if self.ids is not None:
            try:
                return self.ids.index(article_id)
            except ValueError:
                return None
        for page, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == article_id:
                    return page * PAGE + offset
        return None


def _chunks(start: int, length: int, forward: bool) -> Iterator[tuple[int, int]]:
    """(start, count) of the ``SCAN``-row chunks from ``start`` to the end of a list of
    ``length`` rows (backwards: to its first row), in the order walked."""
    if forward:
        for chunk_start in range(start, length, SCAN):
            yield chunk_start, min(SCAN, length - chunk_start)
        return
    end = min(start + 1, length)
    while end > 0:
        chunk_start = max(0, end - SCAN)
        yield chunk_start, end - chunk_start
        end = chunk_start


def kept_in_place(listed: Iterable[str], fresh: Sequence[str]) -> Sequence[str]:
    """``fresh`` ids of a view (fetched again) with every row ``listed`` now kept: a row that
    left the view stays after the row it followed, so nothing moves under the cursor; new rows
    join where the view's order puts them. Compact (:func:`id_list`): a worker makes it."""
    fresh_set = set(fresh)
    stale_after: dict[str | None, list[str]] = {}  # by the listed row they follow
    previous: str | None = None
    for article_id in listed:
        if article_id in fresh_set:
            previous = article_id
        else:
            stale_after.setdefault(previous, []).append(article_id)
    if not stale_after:
        return id_list(fresh)
    merged = list(stale_after.get(None, []))
    for article_id in fresh:
        merged.append(article_id)
        merged.extend(stale_after.get(article_id, ()))
    return id_list(merged)


def next_sort(sort: Sort) -> Sort:
    """The sort order after ``sort`` in the cycle of the sort key."""
    return SORT_CYCLE[(SORT_CYCLE.index(sort) + 1) % len(SORT_CYCLE)]


def row_marker(row: ArticleRow, marked: bool) -> str:
    """The state column: marked for a bulk action, starred, unread, or nothing."""
    if marked:
        return "✓"
    if row.starred:
        return "★"
    return "●" if not row.read else " "


@dataclass(frozen=True)
class Given:
    """The articles named on the command line, in the order given."""

    ids: tuple[str, ...]
    label = "Files given"


ListSource = View | Given


def fetch_listing(library: Library, source: ListSource, query: str, sort: Sort, *,
                  count: bool = True) -> Listing:
    """The rows of ``source`` in ``sort`` order, or those matching a full-text ``query``
    newest added first (docs/search.md: why not by score). Without ``count``, a search of a
    view with more matches than a page comes uncounted (:meth:`Listing.attach_count`) unless
    the index alone counts it (:meth:`Library.search_count_at_hand`): its first page is read
    alone, the count is another worker's.

    Reads nothing but its arguments and the library (which locks its connection), so a worker
    thread may run it while the UI thread keeps the listing it shows.
    """
    if isinstance(source, Given):
        if not query:
            return Listing(library, source.ids)
        given = set(source.ids)  # a few files: every match at once
        ids = [article_id for article_id in library.search_newest(query) if article_id in given]
        return Listing(library, ids, library.rows(ids[:PAGE]))
    if query and not count:  # the first page alone: a walk down the index that stops there
        first = library.search_newest(query, source, PAGE)
        rows = library.rows(first)
        if len(first) < PAGE:
            return Listing(library, first, rows)
        # Counted at once when the index alone counts it (the list is laid out and drawn once,
        # with its total); when every match's state must be read, by a worker after the page.
        total = library.search_count_at_hand(query, source)
        return Listing(library, rows=rows, view=source, query=query, count=total,
                       count_later=total is None)
    if query:  # the exact count and the first page; the other ids later (Listing.fetch_ids)
        first, total = library.search_first(query, source, PAGE)
        rows = library.rows(first)
        if total <= len(first):
            return Listing(library, first, rows)
        return Listing(library, rows=rows, view=source, query=query, count=total)
    return Listing(library, view=source, sort=sort)


class Place(NamedTuple):
    """Where the reader was before a pivot or a filter: Esc returns there."""

    source: ListSource
    query: str
    article_id: str | None
    scroll: float = 0.0


class Triage:
    """What the list shows and the actions of the triage keys, on one library.

    The list stays stable while it is worked in: a row whose article left the view (read in
    Incoming, archived) stays in its place until the list is shown again (another view, a
    search, a sort), so the cursor never skips an article and undo finds it where it was.
    """

    def __init__(self, library: Library, start: ListSource | None = None) -> None:
        self.library = library
        self.source: ListSource = start or Incoming()
        self.sort = Sort.NEWEST
        self.query = ""
        self.marked: set[str] = set()
        self.places: list[Place] = []  # where Esc goes back to, the latest last
        self._listing: Listing | None = None  # fetched on first use

    @property
    def listing(self) -> Listing:
        """The rows being shown (fetched on first use, again by reload())."""
        return self._listing if self._listing is not None else self.reload()

    # -- what is listed -----------------------------------------------------------------------

    @property
    def title(self) -> str:
        label = self.source.label
        return f"search “{self.query}” in {label}" if self.query else label

    def reload(self) -> Listing:
        """Fetch the ids of the current view or search again (after a change of membership)."""
        self._listing = fetch_listing(self.library, self.source, self.query, self.sort)
        return self._listing

    def show(self, source: ListSource) -> Listing:
        self.source = source
        self.query = ""
        return self.reload()

    def search(self, query: str) -> Listing:
        self.query = query.strip()
        return self.reload()

    def show_found(self, query: str, listing: Listing) -> None:
        """Show a search made elsewhere (a worker's :func:`fetch_listing` for ``query``)."""
        self.query = query
        self._listing = listing

    def pivot(self, text: str, label: str | None) -> Listing:
        """Every article of the library mentioning the entity (from cached analysis)."""
        return self.show(Entity(text, label))

    def remember_place(self, article_id: str | None, scroll: float = 0.0) -> None:
        """Note where the reader is, before a pivot or a filter takes the list elsewhere."""
        self.places.append(Place(self.source, self.query, article_id, scroll))

    def go_back(self) -> Place | None:
        """Show the list of the last place remembered again; that place (None: none)."""
        if not self.places:
            return None
        place = self.places.pop()
        self.source, self.query = place.source, place.query
        self.reload()
        return place

    def cycle_sort(self) -> Sort:
        self.sort = next_sort(self.sort)
        self.reload()
        return self.sort

    def show_sorted(self, sort: Sort, listing: Listing) -> None:
        """Show the list sorted anew elsewhere (a worker's listing of the same source)."""
        self.sort = sort
        self._listing = listing

    def article(self, article_id: str) -> StoredArticle | None:
        return self.library.get(article_id)

    # -- triage ---------------------------------------------------------------------------------

    def targets(self, current: str | None) -> list[str]:
        """The marked articles, or else the one under the cursor."""
        if self.marked:
            return sorted(self.marked)
        return [current] if current else []

    def marker(self, index: int) -> str:
        """The state column of the row at ``index``."""
        row = self.listing[index]
        return row_marker(row, row.id in self.marked)

    def toggle_mark(self, article_id: str) -> bool:
        if article_id in self.marked:
            self.marked.discard(article_id)
            return False
        self.marked.add(article_id)
        return True

    def ids_at_hand(self) -> bool:
        """Whether the list's ids are known, or few enough to fetch on the UI thread (else a
        worker fetches them first: :meth:`_before_change` and positions need them)."""
        listing = self.listing  # a search still being counted may be long
        return listing.complete or (listing.total is not None and len(listing) <= SYNC_IDS)

    def _before_change(self) -> None:
        """Fix the list's ids before a change, so a row that leaves the view keeps its place."""
        self.listing.load_ids()

    def _after_change(self, ids: Sequence[str]) -> None:
        self.marked.clear()
        self.listing.forget(ids)

    def set_read(self, ids: Sequence[str], read: bool) -> None:
        self._before_change()
        self.library.set_read(ids, read)
        self._after_change(ids)

    def toggle_read(self, ids: Sequence[str]) -> bool:
        """Read all unless all are read already; returns the new value."""
        read = not all(row.read for i in ids if (row := self.listing_row(i)))
        self.set_read(ids, read)
        return read

    def toggle_star(self, ids: Sequence[str]) -> bool:
        starred = not all(row.starred for i in ids if (row := self.listing_row(i)))
        self._before_change()
        self.library.star(ids, starred)
        self._after_change(ids)
        return starred

    def archive(self, ids: Sequence[str]) -> bool:
        archived = not all(row.archived for i in ids if (row := self.listing_row(i)))
        self._before_change()
        self.library.archive(ids, archived)
        self._after_change(ids)
        return archived

    def tag(self, ids: Sequence[str], name: str) -> int:
        self._before_change()
        changed = self.library.tag(ids, name)
        self._after_change(ids)
        return changed

    def listing_row(self, article_id: str) -> ArticleRow | None:
        index = self.listing.index_of(article_id)
        if index is not None:
            return self.listing[index]
        rows = self.library.rows([article_id])
        return rows[0] if rows else None

    def next_unread_fetched(self, start: int, forward: bool = True
                            ) -> tuple[int | None, int | None]:
        """The next (or previous) unread row after ``start`` among the rows fetched already:
        (its index, None); (None, where the rows not fetched begin), for a worker's
        :meth:`Listing.find_unread` (after a mark-all-read at 100,000 articles the rows to read
        take a second); (None, None): there is none."""
        listing = self.listing
        step = 1 if forward else -1
        index = start + step
        while 0 <= index < len(listing):
            row = listing.fetched(index)
            if row is None:
                return None, index
            if not row.read:
                return index, None
            index += step
        return None, None

