"""The reading service: what the main screen shows and does, beyond drawing. No Textual import.

It decides once whether the session reads the user's library or the files given on the command
line, fills the library at start, watches folders, keeps the analyses of the session, builds
the view and filter menus, and prepares searches. Methods marked *worker* read only their
arguments and the library (which locks its connection): the UI hands them snapshots taken on its
own thread and applies what they return on its own thread.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeVar

from reader.model.article import Article
from reader.model.wording import ChoiceLabel, counted, entity_choice
from reader.services.analyzers import DEFAULT, Analyzer, analyzer_version, choice_of
from reader.services.snippets import SearchSnippets
from reader.services.triage import (
    PAGE,
    Given,
    Listing,
    ListSource,
    Triage,
    fetch_listing,
    id_list,
    kept_in_place,
    next_sort,
)
from reader.store import Library, LibraryError, library_fault
from reader.store.location import LibraryLocation
from reader.store.models import EntityCount, ImportResult, KeywordCount
from reader.store.views import All, Dated, Entity, Incoming, Sort, Source, Tag, View, narrowed

if TYPE_CHECKING:
    from reader.services.analysis_worker import WorkerProcess
    from reader.services.feeds import Feed, LibraryChanges
    from reader.store.analysis import AnalysisLike, AnalysisProgress
    from reader.store.state import Change

IN_MEMORY = ":memory:"
SYNC_LOAD_FILES = 32  # more files than this given: read them in a worker, behind a notice
CORPUS_SAMPLE = 20  # articles of the list that weigh keywords
BACKGROUND_BATCH = 20
BACKGROUND_PAUSE = 0.05  # seconds between batches, leaving the interpreter to the UI
READING_CACHE_KIB = 2 * 1024  # the session's SQLite page cache (imports use a larger one)
# A second connection's: its reads (a view's ids, a search's count, the feeds' counts) go once
# through what they read, so a larger cache only raises the process's peak.
ASIDE_CACHE_KIB = 1024
# Whole analyses kept in memory (about 8 KiB each: the open article's, those just read and the
# rows last drawn, so opening a row needs no read), and the names the rows show (a tuple of two
# short names each, for rows drawn again as they scroll).
ANALYSES_KEPT = 64
CHIPS_KEPT = 1024
CHIPS_SHOWN = 2  # names on a row
FILTER_ENTITIES, FILTER_KEYWORDS = 12, 8
# The whole-list panel's entities, capped per kind so bare numbers never crowd out people.
SUMMARY_CAPS = (("PERSON", 12), ("LOCATION", 10), ("ORGANIZATION", 10), ("MISC", 6),
                ("DATE", 4), ("NUMBER", 4))
SUMMARY_OTHER = 6  # entities of any other label (an extractor's own)
SUMMARY_KEYWORDS = 15
ANALYSING = "analysis still running"
DATE_RANGES = (("today", 0), ("the last 7 days", 6), ("the last 30 days", 29))

T = TypeVar("T")
Choices = list[tuple[ChoiceLabel, T | None]]  # a menu: labelled values, None for a heading
TriageKey = Callable[[str | None, int], "Outcome | None"]  # (current article id, cursor)


class Analyze(Protocol):
    """An extractor: :func:`reader.nlp.analyze`, or a stand-in in tests."""

    def __call__(self, article: Article, corpus: Sequence[Article] = ()) -> AnalysisLike: ...


class Job(Protocol):
    """What a worker job can ask of the thread it runs in (a Textual Worker answers it)."""

    @property
    def is_cancelled(self) -> bool: ...


class Uncancelled:
    """A job nobody cancels (a direct call, a test)."""

    is_cancelled = False


UNCANCELLED = Uncancelled()


class Mode(Enum):
    """What a session reads, decided once from the command line."""

    LIBRARY = "library"  # the user's library, seeded on first start
    GIVEN = "given"  # the files given, in a library of their own: nothing persists

    @classmethod
    def for_paths(cls, paths: Sequence[Path]) -> Mode:
        return cls.GIVEN if paths else cls.LIBRARY

    @property
    def library_location(self) -> str | None:
        """Where the mode's library lives (None: the user's, at its default place)."""
        return IN_MEMORY if self is Mode.GIVEN else None


def open_library(paths: Sequence[Path], location: LibraryLocation | None = None,
                 analyzer: str = DEFAULT) -> Library:
    """The library a session with these command-line paths reads: ``location`` (see
    :meth:`LibraryLocation.resolve`; None: the XDG file), or one of its own in memory for the
    files given (raises LibraryError). Its analyses are ``analyzer``'s (the config's); the
    files given are analysed in this process, so always by the fast default extractor."""
    mode = Mode.for_paths(paths)
    where = location if mode is Mode.LIBRARY and location is not None else mode.library_location
    version = analyzer_version(analyzer if mode is Mode.LIBRARY else DEFAULT)
    library = Library.open(where, analyzer_version=version)
    library.limit_cache(READING_CACHE_KIB)
    return library


def files_under(paths: Iterable[Path], limit: int) -> Iterator[Path]:
    """Files given or found in the folders given, stopping after ``limit``."""
    found = 0
    for path in paths:
        candidates = path.rglob("*") if path.is_dir() else iter([path])
        for candidate in candidates:
            if candidate.is_file():
                found += 1
                yield candidate
                if found >= limit:
                    return


@dataclass(frozen=True)
class KeywordFilter:
    """The articles carrying a keyword (found by full-text search)."""

    text: str


Filter = ListSource | KeywordFilter


class Loaded(NamedTuple):
    """The library is filled: the ids of the articles given (in order), one error per source
    that was skipped."""

    ids: tuple[str, ...]
    errors: tuple[str, ...]


class Imported(NamedTuple):
    """Files new in a watched folder were imported."""

    added: int
    errors: tuple[str, ...]

    def announcement(self) -> str:
        """What the user is told: "1 new article", "3 new articles"."""
        return counted(self.added, "new article")


class ListSummary(NamedTuple):
    """What the whole list is about: its commonest entities (a few of each kind) and keywords,
    under a heading naming the list (and saying when background analysis is still running)."""

    entities: list[EntityCount]
    keywords: list[KeywordCount]
    title: str


class Outcome(NamedTuple):
    """What a triage key did: what to tell the user, and what the list must draw again."""

    message: str = ""
    ids: tuple[str, ...] = ()  # the rows whose state changed in place
    cursor: int | None = None  # the list was fetched again: the cursor's place in it
    advance: bool = False  # move the cursor on past the one article, if it is still listed


class SearchRequest(NamedTuple):
    """A search as asked: the list state it narrows, copied on the UI thread."""

    query: str
    source: ListSource
    sort: Sort
    number: int  # the service's count of searches asked (or cancelled) so far


class SearchResult(NamedTuple):
    request: SearchRequest
    listing: Listing


class ListRequest(NamedTuple):
    """The list shown, copied on the UI thread for a worker that reads or writes all of it."""

    listing: Listing
    listed: Sequence[str] | None  # its ids then (None: not fetched yet)
    source: ListSource
    query: str
    sort: Sort
    number: int  # the service's count of searches asked then: a newer search drops a reload


class SortRequest(NamedTuple):
    """A new sort order asked, and the list shown then."""

    sort: Sort
    request: ListRequest


class Reloaded(NamedTuple):
    """The list fetched again by a worker, for :meth:`ReadingService.take_reload`."""

    request: ListRequest
    ids: Sequence[str] | None = None  # a view's ids, every row listed kept in place
    found: Listing | None = None  # a search, or the files given, run again


class AllRead(NamedTuple):
    """A mark-all-read a worker wrote, for :meth:`ReadingService.finish_mark_all_read`."""

    request: ListRequest
    marked: int
    listed: Sequence[str] | None  # the list's ids before the change, when it had none
    change: Change | None  # its undo, when written through the worker's own connection


class UndoRequest(NamedTuple):
    """The change to undo, taken off the journal on the UI thread, and the list shown."""

    change: Change
    request: ListRequest


class Undone(NamedTuple):
    """An undo a worker wrote, for :meth:`ReadingService.finish_undo`."""

    description: str
    reloaded: Reloaded


# -- the importer and the folder watcher -----------------------------------------------------------


class _Watcher(Protocol):
    """What the service needs of a folder watcher: the files new or changed since last time."""

    def poll(self) -> list[Path]: ...


class _Intake(Protocol):
    """What the service needs of the importer module."""

    def import_paths(self, library: Library, sources: Sequence[str | Path]) -> ImportResult: ...

    def ensure_seeded(self, library: Library) -> ImportResult | None: ...


def _intake() -> _Intake:
    """The importer, loaded on first use: feeds and parsers are not on the way to the first
    screen when the library is already seeded. The service's one reference to its module."""
    from reader.services import intake as importer

    return importer


def _folder_watcher(folders: Sequence[Path]) -> _Watcher:
    from reader.sources.watch import FolderWatcher

    return FolderWatcher(folders)


# -- the service -----------------------------------------------------------------------------------


class ReadingService:
    """The state and work behind the main screen, over one library."""

    def __init__(self, library: Library, paths: Sequence[Path] = (), *,
                 watch: Sequence[Path] = (), analyze: Analyze | None = None) -> None:
        self.library = library
        self.paths = tuple(paths)
        self.mode = Mode.for_paths(self.paths)
        self.watch_folders = tuple(watch)
        self.given = Given(())  # the articles named on the command line, once imported
        self.triage = Triage(library, self.home)
        self.snippets = SearchSnippets(self.triage)  # of the search rows on screen, lazily
        self._analyze = analyze
        self._analyses: OrderedDict[str, AnalysisLike] = OrderedDict()  # least recent first
        self._chips: OrderedDict[str, tuple[str, ...]] = OrderedDict()  # likewise
        # A library other processes can open is analysed by a worker process, so the model
        # never loads here; one in memory (files given) or a given extractor (tests): in here.
        self._worker: WorkerProcess | None = None
        self.uses_worker = analyze is None and library.location.path != Path(IN_MEMORY)
        self.analyzer = choice_of(library.analyzer_version)  # the config's, as opened
        self._watcher: _Watcher | None = None
        self._watch_lock = threading.Lock()  # the timer's poll and an explicit one never overlap
        self._searches = 0
        self.analysing = False  # the background analysis of the library is under way
        self._positions: dict[str, int | None] = {}  # reading positions as last read or kept
        self._changes: LibraryChanges | None = None
        self.writing: str | None = None  # what a worker writes to the whole list ("marking read")
        self._follow: tuple[Listing, str] | None = None  # the cursor's article, once ids come
        self._sort_asked: Sort | None = None  # a sort order on its way from a worker

    @property
    def given_files(self) -> bool:
        return self.mode is Mode.GIVEN

    @property
    def home(self) -> ListSource:
        """Where the list starts and where Esc returns: the files given, or Incoming."""
        return self.given if self.given_files else Incoming()

    @property
    def scope(self) -> View:
        """The view the list stands for when counting entities and keywords."""
        source = self.triage.source
        return All() if isinstance(source, Given) else source

    # -- filling the library ------------------------------------------------------------------

    def loads_in_background(self) -> bool:
        """Whether so many files were given that reading them needs a worker and a notice."""
        return sum(1 for _ in files_under(self.paths, SYNC_LOAD_FILES + 1)) > SYNC_LOAD_FILES

    def fill_library(self) -> Loaded:
        """Import the paths given (or seed a new library). *Worker*."""
        if not self.given_files and self.library.seeded():
            return Loaded((), ())  # the usual start: nothing to import, no importer to load
        if not self.given_files:
            result = _intake().ensure_seeded(self.library) or ImportResult()
            return Loaded((), tuple(result.errors))
        result = _intake().import_paths(self.library, [str(path) for path in self.paths])
        return Loaded(tuple(dict.fromkeys(result.added + result.duplicates)), tuple(result.errors))

    def show_loaded(self, ids: Sequence[str]) -> bool:
        """Open the first list once the library is filled; False when files were given and
        not one article could be read from them."""
        if self.given_files:
            self.given = Given(tuple(ids))
            self.triage.show(self.given)
            return bool(ids)
        if not len(self.triage.reload()):
            self.triage.show(All())  # nothing new: show everything rather than nothing
        return True

    def start_watching(self) -> bool:
        """Look into the watched folders from now on; False when there are none."""
        if not self.watch_folders:
            return False
        self._watcher = _folder_watcher(self.watch_folders)
        return True

    def import_watched(self) -> Imported | None:
        """Import what is new in the watched folders (None: nothing). *Worker*; polls never
        overlap."""
        if self._watcher is None:
            return None
        with self._watch_lock:
            new = self._watcher.poll()
            if not new:
                return None
            result = _intake().import_paths(self.library, [str(path) for path in new])
        return Imported(len(result.added), tuple(result.errors))

    # -- the list -----------------------------------------------------------------------------

    def listing_ids(self, listing: Listing) -> Sequence[str] | None:
        """A large view's full id list, through a second connection so the UI's stays free
        (None: a listing made from ids). *Worker*: attach the answer on the UI thread."""
        return self._aside(listing.fetch_ids)

    def count_search(self, listing: Listing) -> int | None:
        """The exact count of a search shown before it was counted, through a second
        connection (the next keystroke's page must not wait for it); None: nothing to count.
        *Worker*: attach the answer on the UI thread (:meth:`attach_count`)."""
        if listing.total is not None:
            return None
        return self._aside(listing.count_matches)

    def attach_count(self, listing: Listing, count: int) -> bool:
        """Take a worker's :meth:`count_search` answer; whether it was taken (False when the
        list moved on since: an older search's count never lands on a newer one's)."""
        if listing is not self.triage.listing or listing.total is not None:
            return False
        listing.attach_count(count)
        return True

    def _aside(self, read: Callable[[Library | None], T]) -> T:
        """``read(through)`` on a second connection to the library, for a worker's long read or
        write (the UI's connection stays free); on this one (``through`` None) for a library in
        memory, small by nature, which no second connection can see."""
        if self.library.location.path == Path(IN_MEMORY):
            return read(None)
        with Library.open(self.library.location,
                          analyzer_version=self.library.analyzer_version) as second:
            second.limit_cache(ASIDE_CACHE_KIB)
            return read(second)

    def find_unread(self, listing: Listing, start: int, forward: bool) -> int | None:
        """The first unread row of ``listing`` from ``start`` on (backwards: down to its
        first), through a second connection. *Worker*: :meth:`Triage.next_unread_fetched`
        says where to start."""
        return self._aside(lambda through: listing.find_unread(start, forward, through))

    def attach_ids(self, listing: Listing, ids: Sequence[str]) -> bool:
        """Take a worker's :meth:`listing_ids` answer; whether the list shown changed length
        (False too when the list moved on since)."""
        if listing is not self.triage.listing or listing.complete:
            return False
        before = len(listing)
        listing.attach_ids(ids)
        return len(listing) != before

    def reload(self, cursor: int, keep: str | None = None) -> int:
        """Fetch the list again (new rows join it, none leaves it under the cursor) and count
        it, in one step: :meth:`fetch_reload` and :meth:`take_reload` as a direct call. The
        cursor, kept on the article ``keep`` (by default the one under the cursor)."""
        listing = self.triage.listing
        if keep is None and 0 <= cursor < len(listing):
            keep = listing[cursor].id
        kept = self.take_reload(self.fetch_reload(self.list_request()), cursor, keep)
        count = self.count_search(self.triage.listing)
        if count is not None:
            self.attach_count(self.triage.listing, count)
        return self._kept(cursor, keep) if kept is None else kept

    def list_request(self) -> ListRequest:
        """The list shown, for a worker that fetches it again or writes to all of it."""
        triage = self.triage
        listing = triage.listing
        return ListRequest(listing, listing.ids, triage.source, triage.query, triage.sort,
                           self._searches)

    def fetch_reload(self, request: ListRequest) -> Reloaded:
        """The list fetched again (the library changed): a view's ids through a second
        connection, every row listed kept in place; a search's first page, counted after
        (:meth:`count_search`). *Worker*: show it with :meth:`take_reload`."""
        return self._reloaded(request, request.listed)

    def _reloaded(self, request: ListRequest, listed: Sequence[str] | None) -> Reloaded:
        source = request.source
        if request.query or isinstance(source, Given):
            return Reloaded(request, found=fetch_listing(self.library, source, request.query,
                                                         request.sort, count=False))
        fresh = self._aside(lambda through: id_list((through or self.library).iter_ids(
            source, request.sort)))
        return Reloaded(request, ids=kept_in_place(listed or (), fresh))

    def take_reload(self, reloaded: Reloaded, cursor: int, keep: str | None) -> int | None:
        """Show a worker's :meth:`fetch_reload` unless the list changed since it was asked
        (another view, sort or search; ids attached: see :meth:`outdated`): the cursor, kept
        on the article ``keep``; None when dropped."""
        request = reloaded.request
        listing = request.listing
        if (listing is not self.triage.listing or request.number != self._searches
                or listing.ids is not request.listed):
            return None
        if reloaded.found is not None:
            self.triage.show_found(request.query, reloaded.found)
        elif reloaded.ids is not None:
            listing.replace_ids(reloaded.ids)
        return self._kept(cursor, keep)

    def outdated(self, reloaded: Reloaded) -> bool:
        """Whether a reload :meth:`take_reload` dropped must be asked again: the list it was
        for is still shown, its ids changed meanwhile (the rows it kept in place are not the
        rows listed now; merging them here would cost the UI a tenth of a second)."""
        request = reloaded.request
        return (request.listing is self.triage.listing and request.number == self._searches
                and request.listing.ids is not request.listed)

    def _kept(self, cursor: int, keep: str | None) -> int:
        """Where the article ``keep`` is in the list shown, else the cursor within it."""
        kept = self.triage.listing.index_of(keep) if keep else None
        return kept if kept is not None else min(cursor, max(len(self.triage.listing) - 1, 0))

    def pivot(self, text: str, label: str | None, current: str | None,
              scroll: float = 0.0) -> int:
        """List every article mentioning the entity (Esc comes back to ``current`` scrolled
        to ``scroll``); where ``current`` is in it (else 0)."""
        self.triage.remember_place(current, scroll)
        self.triage.pivot(text, label)
        return self._position(current)

    def show_view(self, source: ListSource) -> None:
        """Change views: the places Esc would go back to are forgotten."""
        self.triage.places.clear()
        self.triage.show(source)

    def apply_filter(self, chosen: ListSource, current: str | None, scroll: float = 0.0) -> int:
        """Narrow the list to a filter's articles (Esc comes back); the cursor's place."""
        self.triage.remember_place(current, scroll)
        self.triage.show(chosen)
        return self._position(current)

    def go_back(self) -> tuple[int, float] | None:
        """Back to the list, article and scroll position before the last pivot or filter (or,
        with none, from a filtered list to home): the cursor and scroll (None: nowhere)."""
        place = self.triage.go_back()
        if place is not None:
            return self._position(place.article_id), place.scroll
        if self.triage.source == self.home:
            return None
        self.triage.show(self.home)
        return 0, 0.0

    def cycle_sort(self, current: str | None) -> tuple[Sort, int]:
        """The next sort order, and where ``current`` is in the list sorted so (else 0)."""
        sort = self.triage.cycle_sort()
        return sort, self._position(current)

    def sort_request(self) -> SortRequest | None:
        """The next sort order for a worker to fetch the list in (:meth:`fetch_sorted`), after
        the last one asked: a second press before the first list comes goes one further.
        None: a search or the files given, sorted at once by :meth:`cycle_sort`."""
        if self.triage.query or isinstance(self.triage.source, Given):
            return None
        self._sort_asked = next_sort(self._sort_asked or self.triage.sort)
        return SortRequest(self._sort_asked, self.list_request())

    def fetch_sorted(self, asked: SortRequest) -> Listing:
        """The view in the order asked, counted, with its first page, through a second
        connection (sorting 100,000 articles by source or title takes half a second; later
        pages come by id once a worker fetched the ids). *Worker*: :meth:`show_sorted`."""
        view = asked.request.source
        assert not isinstance(view, Given)

        def fetch(through: Library | None) -> Listing:
            library = through or self.library
            rows = library.query(view, asked.sort, limit=PAGE)
            return Listing(self.library, rows=rows, view=view, sort=asked.sort,
                           count=library.count(view))

        return self._aside(fetch)

    def show_sorted(self, asked: SortRequest, listing: Listing, current: str | None
                    ) -> int | None:
        """Show a worker's :meth:`fetch_sorted` unless the list moved on or another order was
        asked since: where ``current`` is in it (None: dropped)."""
        if asked.sort != self._sort_asked:
            return None
        self._sort_asked = None
        if asked.request.listing is not self.triage.listing:
            return None
        self.triage.show_sorted(asked.sort, listing)
        return self._position(current)

    def _position(self, article_id: str | None) -> int:
        """Where the article is in the list shown (0: not in it, or not known until a worker
        fetches a large list's ids: :meth:`followed` says where it is then)."""
        self._follow = None
        if article_id is None:
            return 0
        listing = self.triage.listing
        if listing.index_of(article_id) is None and self.triage.ids_at_hand():
            listing.load_ids()  # beyond the pages fetched so far
        found = listing.index_of(article_id)
        if found is None and not listing.complete:
            self._follow = (listing, article_id)
        return found or 0

    def followed(self, listing: Listing) -> int | None:
        """Where the article the cursor was to stay on is in ``listing``, now its ids are
        attached (None: no such article, or the list moved on since)."""
        follow, self._follow = self._follow, None
        if follow is None or follow[0] is not listing or listing is not self.triage.listing:
            return None
        return listing.index_of(follow[1])

    def view_choices(self) -> Choices[ListSource]:
        """The `v` menu: the files given, then every view with its counts (counted through a
        second connection: a tenth of a second at 100,000 articles). *Worker*."""
        choices: Choices[ListSource] = []
        if self.given_files:
            choices.append(("Given on the command line", self.given))
        for count in self._aside(lambda through: (through or self.library).counts()):
            label = (count.label, f"({count.unread} unread / {count.count})")
            choices.append((label, count.view))  # type: ignore[arg-type]
        return choices

    def filter_choices(self, today: date, scope: View | None = None) -> Choices[Filter]:
        """The `f` menu: an entity or keyword of the list (``scope``: the view it stands for,
        copied on the UI thread), a date range, a source or tag. *Worker*."""
        return self._aside(lambda through: self._filter_choices(
            today, self.scope if scope is None else scope, through or self.library))

    def _filter_choices(self, today: date, scope: View, library: Library) -> Choices[Filter]:
        choices: Choices[Filter] = [("Entities in this list", None)]
        for entity in library.top_entities(scope, FILTER_ENTITIES):
            choices.append((entity_choice(entity.text, entity.label, entity.articles),
                            narrowed(Entity(entity.text, entity.label), scope)))
        choices.append(("Keywords in this list", None))
        for keyword in library.top_keywords(scope, FILTER_KEYWORDS):
            choices.append((f"  {keyword.text} · {keyword.articles}", KeywordFilter(keyword.text)))
        choices.append(("Dates", None))
        for label, days in DATE_RANGES:
            choices.append((f"  {label}", narrowed(Dated(today - timedelta(days=days), today),
                                                   scope)))
        choices.append(("Sources and tags", None))
        for count in library.counts():
            if isinstance(count.view, Source | Tag):
                choices.append((f"  {count.label} · {count.count}", narrowed(count.view, scope)))
        return choices

    def summary_title(self) -> str:
        """The whole list's panel's heading: the list, and whether analysis is still running."""
        return self.triage.title + (f" · {ANALYSING}…" if self.analysing else "")

    def summary(self, scope: View | None = None, title: str | None = None) -> ListSummary:
        """The whole list's panel, counted again each time, through a second connection (at
        100,000 analysed articles it takes seconds). ``scope`` and ``title``: the list shown
        and :meth:`summary_title`, copied on the UI thread (by default, read here). *Worker*."""
        scope = self.scope if scope is None else scope
        title = self.summary_title() if title is None else title
        return self._aside(lambda through: self._summary(scope, title, through or self.library))

    def _summary(self, scope: View, title: str, library: Library) -> ListSummary:
        entities = [entity for label, cap in SUMMARY_CAPS
                    for entity in library.top_entities(scope, cap, label)]
        capped = dict(SUMMARY_CAPS)
        others = [entity for entity in library.top_entities(scope, 5 * SUMMARY_OTHER)
                  if entity.label not in capped]
        entities += others[:SUMMARY_OTHER]
        return ListSummary(entities, library.top_keywords(scope, SUMMARY_KEYWORDS), title)

    # -- the triage keys: on the marked articles, or else on the current one --------------------
    # Each takes the current article's id and the list's cursor, as the screen has them.

    def toggle_read(self, current: str | None, cursor: int) -> Outcome | None:
        ids = self.triage.targets(current)
        if not ids:
            return None
        read = self.triage.toggle_read(ids)
        return self._changed(ids, f"marked {'read' if read else 'unread'}")

    def toggle_star(self, current: str | None, cursor: int) -> Outcome | None:
        ids = self.triage.targets(current)
        if not ids:
            return None
        starred = self.triage.toggle_star(ids)
        return self._changed(ids, "starred" if starred else "unstarred")

    def archive(self, current: str | None, cursor: int) -> Outcome | None:
        ids = self.triage.targets(current)
        if not ids:
            return None
        archived = self.triage.archive(ids)
        return self._changed(ids, "archived" if archived else "back from the archive")

    def tag(self, ids: Sequence[str], name: str, cursor: int) -> Outcome:
        self.triage.tag(ids, name)
        return self._changed(ids, f"tagged #{name}")._replace(advance=False)

    def mark(self, current: str | None, cursor: int) -> Outcome | None:
        """Mark (or unmark) the current article for a bulk action, and go on to the next."""
        if current is None:
            return None
        self.triage.toggle_mark(current)
        return Outcome(ids=(current,), advance=True)

    # -- writes to the whole list: begun on the UI thread, written by a worker, finished on
    # the UI thread. One at a time (``writing``).

    def begin_undo(self) -> UndoRequest | None:
        """Take the last change off the journal for :meth:`write_undo` (None: nothing to
        undo). Only while no other write to the list is under way (``writing``)."""
        change = self.library.pop_change()
        if change is None:
            return None
        self.writing = "undoing"
        return UndoRequest(change, self.list_request())

    def write_undo(self, undo: UndoRequest) -> Undone:
        """Put back what the change altered, through a second connection, then fetch the list
        again with every row listed kept in place. *Worker*: :meth:`finish_undo`."""
        request = undo.request

        def write(through: Library | None) -> Sequence[str] | None:
            listed = request.listed
            if listed is None:  # rows the undo takes out of the view keep their place
                listed = request.listing.fetch_ids(through)
            library = through or self.library
            library.push_change(undo.change)
            library.undo()
            return listed

        try:
            listed = self._aside(write)
        except BaseException:
            self.library.push_change(undo.change)  # not undone: still the next to undo
            raise
        return Undone(undo.change.description, self._reloaded(request, listed))

    def finish_undo(self, undone: Undone, cursor: int, current: str | None) -> Outcome:
        """Show the list as a worker's :meth:`write_undo` left it: the cursor kept on the
        article ``current``."""
        self.writing = None
        kept = self.take_reload(undone.reloaded, cursor, current)
        if kept is None:  # the list changed meanwhile: any of its rows may have changed too
            self.triage.listing.forget_all()
        return Outcome(f"Undone: {undone.description}", cursor=kept)

    def begin_mark_all_read(self) -> ListRequest | None:
        """The list whose unread articles :meth:`write_all_read` marks read (the view, source,
        filter or search shown); None while another write to the list is under way (a second
        press of the key starts no second write)."""
        if self.writing is not None:
            return None
        self.writing = "marking read"
        return self.list_request()

    def write_all_read(self, request: ListRequest,
                       announce: Callable[[int], object] = lambda _count: None) -> AllRead:
        """Mark the list's unread articles read, through a second connection, in one step
        that ``u`` undoes; ``announce`` hears how many first. *Worker*:
        :meth:`finish_mark_all_read`."""
        listing = request.listing

        def write(through: Library | None) -> AllRead:
            listed = None if request.listed is not None else listing.fetch_ids(through)
            unread = listing.unread_ids(through)
            announce(len(unread))
            if not unread:
                return AllRead(request, 0, listed, None)
            (through or self.library).set_read(unread, True)
            change = through.pop_change() if through is not None else None
            return AllRead(request, len(unread), listed, change)

        return self._aside(write)

    def finish_mark_all_read(self, done: AllRead, cursor: int) -> Outcome:
        """Take a worker's :meth:`write_all_read`: its change is the next ``u`` undoes, and
        every row is fetched again where it was (none leaves the list under the cursor)."""
        self.writing = None
        if done.change is not None:
            self.library.push_change(done.change)
        if not done.marked:
            return Outcome("Nothing unread here.")
        listing = done.request.listing
        if done.listed is not None and listing is self.triage.listing and not listing.complete:
            listing.attach_ids(done.listed)
        self.triage.marked.clear()
        self.triage.listing.forget_all()
        return Outcome(f"{done.marked:,} marked read (u undoes)",
                       cursor=min(cursor, max(len(self.triage.listing) - 1, 0)))

    def library_faults(self) -> tuple[type[BaseException], ...]:
        """What a worker's read or write of the library may raise (a write is rolled back):
        for :meth:`write_failed`."""
        return (LibraryError, *self.library.fault_types())

    def write_failed(self, error: BaseException) -> str:
        """A worker's write to the list failed (rolled back): what to tell the user; the list
        can be written again."""
        doing, self.writing = self.writing or "writing", None
        if isinstance(error, sqlite3.Error):
            error = library_fault(error, self.library.path)
        return f"Not done ({doing}): {error}"

    def _changed(self, ids: Sequence[str], done: str) -> Outcome:
        """The rows change in place (none leaves the list under the cursor); one article
        acted on moves the cursor on, as in newsboat."""
        return Outcome(f"{len(ids)} {done} (u undoes)", tuple(ids), advance=len(ids) == 1)

    # -- reading position -----------------------------------------------------------------------

    def reading_position(self, article_id: str) -> int | None:
        """The paragraph the reader left the article at (None: its top)."""
        position = self.library.reading_position(article_id)
        self._positions[article_id] = position
        return position

    def keep_position(self, article_id: str | None, paragraph: int | None) -> None:
        """Remember where the reader leaves an article (written only when it moved)."""
        if article_id is not None and self._positions.get(article_id) != paragraph:
            self.library.set_reading_position(article_id, paragraph)
            self._positions[article_id] = paragraph

    # -- other processes' writes --------------------------------------------------------------

    def watch_library(self, on_change: Callable[[], object]) -> bool:
        """Have ``on_change`` called (from another thread) when another process (a refresh on
        any host, the reader's other session) changes a shared library. False when the
        library announces nothing: poll :meth:`changed_elsewhere` instead."""
        return self._library_changes().listen(on_change)

    def changed_elsewhere(self) -> bool:
        """True once after each change another process made. *Worker*."""
        return self._library_changes().changed()

    def feeds(self) -> list[Feed]:
        """Every subscription with its unread count, counted through a second connection (a
        count per feed: about 30 ms each at 100,000 articles). *Worker*."""
        from reader.services import feeds

        return self._aside(lambda through: feeds.feeds(through or self.library))

    def release_memory(self) -> bool:
        """Give back the page cache of the library's connection while the user rests (another
        process's commit empties it at the next read anyway); False when a worker was using
        the connection."""
        return self.library.release_cache()

    def stop_watching_library(self) -> None:
        """No more calls of :meth:`watch_library`'s callback (idempotent)."""
        if self._changes is not None:
            self._changes.close()

    def _library_changes(self) -> LibraryChanges:
        if self._changes is None:
            from reader.services.feeds import LibraryChanges

            self._changes = LibraryChanges(self.library)
        return self._changes

    # -- search -------------------------------------------------------------------------------

    def search_request(self, query: str) -> SearchRequest:
        """A new search of the list; any result of an earlier one will be dropped."""
        self._searches += 1
        return SearchRequest(query.strip(), self.triage.source, self.triage.sort, self._searches)

    def run_search(self, request: SearchRequest, job: Job = UNCANCELLED) -> SearchResult | None:
        """The listing a search finds (None: cancelled). *Worker*."""
        if job.is_cancelled:
            return None
        listing = fetch_listing(self.library, request.source, request.query, request.sort,
                                count=False)  # shown first, counted after (count_search)
        return None if job.is_cancelled else SearchResult(request, listing)

    def show_found(self, result: SearchResult) -> bool:
        """Show a search's listing unless the list moved on since it was asked (a newer search,
        a cancel, another view or sort); whether it was shown."""
        request = result.request
        current = (self._searches, self.triage.source, self.triage.sort)
        if (request.number, request.source, request.sort) != current:
            return False
        self.triage.show_found(request.query, result.listing)
        return True

    def cancel_search(self) -> None:
        """Drop the result of any search on its way."""
        self._searches += 1

    def clear_search(self) -> None:
        """Back to the whole list: no query, and no search on its way will land."""
        self.cancel_search()
        self.triage.search("")

    # -- analysis -----------------------------------------------------------------------------

    def known_analysis(self, article_id: str) -> AnalysisLike | None:
        """The article's analysis if it was seen in this session (and is still kept)."""
        return self._analyses.get(article_id)

    def analysis_for(self, article_id: str) -> AnalysisLike | None:
        """The article's analysis, from this session or the library's cache (None: not yet)."""
        analysis = self._analyses.get(article_id) or self.library.cached_analysis(article_id)
        if analysis is not None:
            self.remember_analysis(article_id, analysis)
        return analysis

    def stand_in_analysis(self, article_id: str) -> AnalysisLike | None:
        """The article's stored analysis of any version: the other extractor's (the setting was
        switched) or the default one the worker stores first for an article asked for under
        ``accurate``. Shown until the current one comes; never kept as current."""
        return self.library.cached_analysis(article_id, any_version=True)

    def entity_chips(self, index: int) -> tuple[str, ...]:
        """The most mentioned names of the article at a row of the list (none until analysed);
        bare numbers are no names."""
        article_id = self.triage.listing[index].id
        chips = self._chips.get(article_id)
        if chips is None:
            # The row's names outlive its whole analysis: rows scroll by in hundreds.
            analysis = self.analysis_for(article_id)
            if analysis is None:
                return ()
            chips = self._remember_chips(article_id, analysis)
        else:
            self._chips.move_to_end(article_id)
        return chips

    def remember_analysis(self, article_id: str, analysis: AnalysisLike) -> None:
        """Keep an analysis for the session: the last :data:`ANALYSES_KEPT` used."""
        self._analyses[article_id] = analysis
        self._analyses.move_to_end(article_id)
        while len(self._analyses) > ANALYSES_KEPT:
            self._analyses.popitem(last=False)
        self._chips.pop(article_id, None)  # its row's names come from it when next drawn

    def _remember_chips(self, article_id: str, analysis: AnalysisLike) -> tuple[str, ...]:
        """The names a row shows for ``analysis`` (its most mentioned; bare numbers are no
        names), kept for the last :data:`CHIPS_KEPT` rows."""
        names = [e for e in analysis.entities if any(char.isalpha() for char in e.text)]
        chips = tuple(e.text for e in sorted(names, key=lambda e: -e.count)[:CHIPS_SHOWN])
        self._chips[article_id] = chips
        self._chips.move_to_end(article_id)
        while len(self._chips) > CHIPS_KEPT:
            self._chips.popitem(last=False)
        return chips

    def sample_ids(self) -> tuple[str, ...]:
        """The first articles of the list, whose text weighs keywords (what is being read)."""
        rows = self.triage.listing
        return tuple(rows[index].id for index in range(min(len(rows), CORPUS_SAMPLE)))

    def corpus_sample(self, ids: Sequence[str]) -> list[Article]:
        """The articles of a :meth:`sample_ids` snapshot. *Worker*."""
        found = (self.library.get(article_id) for article_id in ids)
        return [stored.article for stored in found if stored]

    def analyse(self, article: Article, sample: Sequence[str]) -> AnalysisLike:
        """Extract the article's entities and keywords, and cache them in the library.
        *Worker*; raises what the extractor raises."""
        analysis = self._analyzer()(article, self.corpus_sample(sample))
        self.library.cache_analysis(article.content_id, analysis)
        return analysis

    def analyse_library(self, job: Job = UNCANCELLED) -> None:
        """Analyse, a batch at a time, every article with no current analysis (for pivots).
        *Worker*."""
        analyze = self._analyzer()
        self.analysing = True
        try:
            while not job.is_cancelled:
                if not self.library.analyze_missing(analyze, limit=BACKGROUND_BATCH):
                    return
                time.sleep(BACKGROUND_PAUSE)
        finally:
            self.analysing = False

    # -- the background worker (a library other processes can open) --------------------------

    def start_background(self) -> bool:
        """Start the worker process that analyses the library (unless it runs, or another
        process's worker has the work); whether one was started."""
        if self._worker is None:
            from reader.services.analysis_worker import WorkerProcess

            self._worker = WorkerProcess(self.library.location, self.analyzer)
        return self._worker.start()

    @property
    def background_running(self) -> bool:
        """Whether this session's worker process runs."""
        return self._worker is not None and self._worker.running

    def pause_background(self) -> None:
        """The user types: the worker rests (at its next article)."""
        if self._worker is not None:
            self._worker.pause()

    def resume_background(self) -> None:
        if self._worker is not None:
            self._worker.resume()

    def stop_background(self) -> None:
        """End this session's worker and withdraw its ask (the reader closes)."""
        if self._worker is not None:
            self._worker.stop()
        if self.uses_worker:
            self.library.request_analysis(self._requester, None)

    def background_progress(self) -> AnalysisProgress | None:
        """How far the library's background analysis is, whichever process does it (None:
        none is at work). Keeps :attr:`analysing` for the list's panel. *Worker*."""
        if self._worker is not None and self._worker.recycled:
            self._worker.start()  # it ended for its memory budget: a fresh one goes on
        progress = self.library.analysis_progress()
        self.analysing = progress is not None and not progress.finished
        return progress

    def ask_analysis(self, article_id: str) -> None:
        """Ask the worker for the article's analysis first (starting it when no worker is at
        work); the analysis lands in the library. *Worker*."""
        self.library.request_analysis(self._requester, article_id)
        if not self.background_running and self.library.analysis_progress() is None:
            self.start_background()

    @property
    def _requester(self) -> str:
        from reader.store.analysis import holder_name

        return holder_name()

    def _analyzer(self) -> Analyze:
        if self._analyze is None:
            self._analyze = Analyzer(self.analyzer)  # the models load with the first analysis
        return self._analyze
