"""The :class:`Library`: the user's articles, their state and subscriptions.

A library lives in a SQLite file (one reader) or a PostgreSQL database (a desk of readers
sharing the articles, each with their own state): the SQL here is shared by both, and an
:class:`~reader.store.engine.Engine` holds what differs. One ``Library`` wraps one connection
guarded by a lock, so it can be shared by the UI thread and thread workers. Two processes can
open the same library (SQLite: WAL + busy timeout, see :mod:`reader.store.db`). Reads return
small frozen dataclasses; list views return :class:`ArticleRow` (no body) and full text is
fetched one article at a time with :meth:`get`.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace as dataclass_replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.lang.words import index_text
from reader.model.article import FULL_TEXT, KEPT_ID, SUMMARY, Article
from reader.store import analysis as analysis_sql
from reader.store import state as state_sql
from reader.store.analysis import AnalysisLike, AnalysisProgress
from reader.store.db import utc_now
from reader.store.engine import SHARED_OWNER, Connection, Engine
from reader.store.errors import LibraryError
from reader.store.library_settings import SettingsMixin
from reader.store.library_state import StateMixin
from reader.store.location import LibraryLocation, default_path
from reader.store.models import (
    ArticleRow,
    CachedAnalysis,
    EntityCount,
    ImportResult,
    KeywordCount,
    StoredArticle,
    ViewCount,
)
from reader.store.rows import (
    ARTICLE_COLUMNS,
    ROW_COLUMNS,
    STATE_COLUMNS,
    article_from_sql,
    article_params,
    row_from_sql,
    state_from_sql,
)
from reader.store.sanitize import clean_article, storable
from reader.store.schema import heading_text
from reader.store.views import (
    FIXED_VIEWS,
    All,
    Sort,
    Source,
    StateView,
    Tag,
    View,
    order_by,
    view_filter,
)

if TYPE_CHECKING:
    from reader.store.search import ParsedQuery

__all__ = ["Library", "default_path", "open_engine"]

RANK_WINDOW = 5000
Analyzer = Callable[[Article], AnalysisLike]
_WARNING_KEY = "warning"  # set by reader.parsing when a file was read with bytes replaced

_UNREAD = "sum(CASE WHEN s.read = 0 THEN 1 ELSE 0 END)"
_ARTICLE_FIELDS = ("id", "title", "paragraphs", "source", "kind", "category", "published",
                   "path", "url", "extra", "lang", "direction", "added_at", "sort_date")
_INSERT_ARTICLES = (
    f"INSERT INTO articles ({', '.join(_ARTICLE_FIELDS)}) VALUES {{values}} "
    "ON CONFLICT (id) DO NOTHING RETURNING pk, id"
)
_INSERT_ROWS = 200  # articles per INSERT (SQLite allows 32,766 parameters, 14 a row)


class Library(StateMixin, SettingsMixin):
    """The article library. Open with :meth:`open`; close with :meth:`close` or ``with``."""

    def __init__(
        self, engine: Engine, conn: Connection, analyzer_version: str | None = None
    ) -> None:
        self._engine = engine
        self._conn = conn
        self._lock = threading.RLock()
        self._journal = state_sql.UndoJournal()
        self._version = analyzer_version
        self.location = engine.location

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(
        cls, location: LibraryLocation | Path | str | None = None, *,
        analyzer_version: str | None = None,
    ) -> Library:
        """Open (create, migrate) the library at ``location``: a path or a URL (see
        :class:`LibraryLocation`; default :func:`default_path`).

        ``analyzer_version`` is the version of cached analysis treated as current: the caller's
        analyzer (``reader.nlp.ANALYZER_VERSION``); None uses any cached version. Raises
        :class:`LibraryError` with a clear message on failure.
        """
        if location is None:
            location = default_path()
        if not isinstance(location, LibraryLocation):
            location = LibraryLocation.parse(location)
        engine = open_engine(location)
        try:
            conn = engine.connect()
        except BaseException:
            engine.close()
            raise
        try:
            engine.migrate(conn)
        except BaseException:
            conn.close()
            engine.close()
            raise
        return cls(engine, conn, analyzer_version)

    def limit_cache(self, kib: int) -> None:
        """Bound the page cache of the library's own connection to ``kib`` KiB (SQLite; a
        PostgreSQL library's cache is the server's). A reading session needs far less than
        the import's default."""
        if not self.location.is_postgres:
            with self._lock:
                self._conn.execute(f"PRAGMA cache_size = -{int(kib)}")

    def release_cache(self) -> bool:
        """Give back the page cache of the library's own connection (SQLite's
        ``shrink_memory``; a PostgreSQL library's cache is the server's), unless another thread
        is using the connection: whether it was given back. The pages come back from the file
        (the system's cache) when next read."""
        if self.location.is_postgres or not self._lock.acquire(blocking=False):
            return False
        try:
            self._conn.execute("PRAGMA shrink_memory")
        finally:
            self._lock.release()
        return True

    @property
    def path(self) -> Path:
        """The SQLite file (a PostgreSQL library has none: see :attr:`location`)."""
        if self.location.path is None:
            raise LibraryError(f"the library {self.location.display} is not a file")
        return self.location.path

    @property
    def engine(self) -> Engine:
        """The backend underneath (for the store's own modules: pg_live, copy)."""
        return self._engine

    def check(self, *, quick: bool = False) -> list[str]:
        """The backend's integrity check (``quick``: the faster one): the problems found,
        empty when the library is sound. Reads only."""
        with self._lock:
            return self._engine.check(self._conn, quick=quick)

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            self._conn.close()
            self._engine.close()

    def fault_types(self) -> tuple[type[BaseException], ...]:
        """The driver's exceptions a call may raise besides :class:`LibraryError` (SQLite's:
        the callers turn them into a message with :func:`reader.store.db.library_fault`)."""
        return self._engine.fault_types()

    def _write(self) -> AbstractContextManager[Connection]:
        return self._engine.write_transaction(self._conn)

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction on the library's connection, for the store's own bulk work
        (:mod:`reader.store.copy`): the shared SQL (``?`` placeholders) runs on it as is."""
        with self._lock, self._write() as conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """One read snapshot on the library's connection (see :meth:`writing`)."""
        with self._lock, self._read() as conn:
            yield conn

    def _read(self) -> AbstractContextManager[Connection]:
        return self._engine.read_transaction(self._conn)

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def analyzer_version(self) -> str | None:
        """The analysis version treated as current (None: any)."""
        return self._version

    def _order(self, sort: Sort) -> str:
        return order_by(Sort(sort), self._engine.nocase)

    def _where(self, view: View) -> tuple[str, tuple[object, ...]]:
        """The WHERE clause selecting ``view`` (only entity views depend on the analyzer)."""
        return view_filter(view, self.analyzer_version)

    @property
    def schema_version(self) -> int:
        with self._lock:
            return self._engine.schema_version(self._conn)

    # -- adding --------------------------------------------------------------------------------

    def add(
        self,
        articles: Iterable[Article],
        *,
        origin: str | None = None,
        analyze: Analyzer | None = None,
    ) -> ImportResult:
        """Add articles in one transaction; an article already stored is merged, not duplicated.

        Each article's origin (``origin``, else its URL, else its path) is recorded, so the same
        content imported from two places keeps one row and lists both origins. With
        ``analyze``, new articles are analysed (before the write lock is taken) and cached.
        """
        batch = [clean_article(article) for article in articles]
        analyses = self._analyse(batch, analyze) if analyze else {}
        result = ImportResult()
        now = utc_now()
        with self._lock, self._write() as conn:
            # The index texts and origins go in together after the articles: one batch each
            # (on PostgreSQL a round trip per statement is what an import costs).
            indexed: list[tuple[int, str, str]] = []
            origins: list[tuple[int, str, str]] = []
            for article, (pk, new) in zip(batch, self._insert(conn, batch, now), strict=True):
                (result.added if new else result.duplicates).append(article.content_id)
                if new:
                    indexed.append((pk, heading_text(article.title, article.source),
                                    index_text(article.body)))
                if new and article.extra.get(_WARNING_KEY):
                    result.warnings.append(f"{article.path}: {article.extra[_WARNING_KEY]}")
                source = storable(
                    origin or article.url or (str(article.path) if article.path else "")
                )
                if source:
                    origins.append((pk, source, now))
                found = analyses.get(article.content_id)
                if found is not None:
                    analysis_sql.store(conn, pk, found, self.analyzer_version or "")
            self._engine.index_articles(conn, indexed)
            conn.executemany("INSERT INTO origins (article_pk, origin, added_at) "
                             "VALUES (?, ?, ?) ON CONFLICT DO NOTHING", origins)
        return result

    def _insert(self, conn: Connection, batch: Sequence[Article], now: str
                ) -> list[tuple[int, bool]]:
        """Each article's key, and whether it is new (not stored before, nor earlier in the
        batch), inserting the new ones a few hundred rows per statement."""
        stored: dict[str, tuple[int, bool]] = {}
        for start in range(0, len(batch), _INSERT_ROWS):
            fresh: dict[str, Article] = {}
            for article in batch[start : start + _INSERT_ROWS]:
                if article.content_id not in stored:
                    fresh.setdefault(article.content_id, article)
            if not fresh:
                continue
            rows = [article_params(a, now) for a in fresh.values()]
            values = ", ".join([f"({', '.join('?' * len(_ARTICLE_FIELDS))})"] * len(rows))
            added = {str(id_): int(pk) for pk, id_ in conn.execute(
                _INSERT_ARTICLES.format(values=values),
                [row[field] for row in rows for field in _ARTICLE_FIELDS])}
            self._engine.add_states(conn, sorted(added.values()))
            stored.update((id_, (pk, True)) for id_, pk in added.items())
            known = [id_ for id_ in fresh if id_ not in added]
            if known:
                sql = f"SELECT id, pk FROM articles WHERE id IN ({state_sql.marks(len(known))})"
                stored.update((str(id_), (int(pk), False)) for id_, pk in conn.execute(sql, known))
        seen: set[str] = set()
        keys = []
        for article in batch:
            pk, new = stored[article.content_id]
            keys.append((pk, new and article.content_id not in seen))
            seen.add(article.content_id)
        return keys

    def _analyse(self, batch: list[Article], analyze: Analyzer) -> dict[str, AnalysisLike]:
        done = set(self._ids_with_current_analysis([a.content_id for a in batch]))
        return {a.content_id: analyze(a) for a in batch if a.content_id not in done}

    def _ids_with_current_analysis(self, ids: Sequence[str]) -> list[str]:
        found: list[str] = []
        version = self.analyzer_version
        with self._lock:
            for part in state_sql.chunks(ids):
                sql = (
                    "SELECT a.id FROM articles a JOIN analysis an ON an.article_pk = a.pk "
                    f"WHERE a.id IN ({state_sql.marks(len(part))})"
                    + analysis_sql.version_sql(version)
                )
                params = (*part, *analysis_sql.version_params(version))
                found.extend(str(r[0]) for r in self._conn.execute(sql, params))
        return found

    def replace_body(self, article_id: str, paragraphs: Sequence[str]) -> bool:
        """Put a page's full text in place of an article's body (a feed's summary).

        The article keeps its id, state, tags and origins; the first summary is kept in
        ``extra["summary"]``; the search index follows and the cached analysis is dropped.
        False when the id is unknown or nothing readable is left of ``paragraphs``.
        """
        stored = self.get(article_id)
        if stored is None:
            return False
        old = stored.article
        extra = {KEPT_ID: article_id, SUMMARY: old.body, **old.extra, FULL_TEXT: "page"}
        new = clean_article(dataclass_replace(old, paragraphs=tuple(paragraphs), extra=extra))
        if not new.paragraphs:
            return False
        params = article_params(new, "")
        with self._lock, self._write() as conn:
            pk = int(conn.execute("SELECT pk FROM articles WHERE id = ?", (article_id,))
                     .fetchone()[0])
            conn.execute("UPDATE articles SET paragraphs = ?, extra = ? WHERE pk = ?",
                         (params["paragraphs"], params["extra"], pk))
            self._engine.unindex_article(conn, pk, heading_text(old.title, old.source),
                                         index_text(old.body))
            self._engine.index_article(conn, pk, heading_text(new.title, new.source),
                                       index_text(new.body))
            conn.execute("DELETE FROM analysis WHERE article_pk = ?", (pk,))
        return True

    def data_version(self) -> int:
        """A number that changes when another connection (another ``reader`` process, another
        reader of a desk's library) commits to the library, never for this one's own writes."""
        with self._lock:
            return self._engine.data_version(self._conn)

    # -- reading -------------------------------------------------------------------------------

    def get(self, article_id: str) -> StoredArticle | None:
        """The full article, its state and origins; None when the id is unknown."""
        with self._lock, self._read() as conn:
            row = conn.execute(
                f"SELECT {ARTICLE_COLUMNS}, {STATE_COLUMNS} FROM articles a "
                "JOIN state s ON s.article_pk = a.pk WHERE a.id = ?",
                (article_id,),
            ).fetchone()
            if row is None:
                return None
            pk = int(row[0])
            tags = [
                (str(r[0]), str(r[1]) == SHARED_OWNER)
                for r in conn.execute(
                    "SELECT t.name, t.owner FROM article_tags at JOIN tags t "
                    "ON t.id = at.tag_id WHERE at.article_pk = ? ORDER BY t.name",
                    (pk,),
                )
            ]
            origins = tuple(
                str(r[0])
                for r in conn.execute(
                    "SELECT origin FROM origins WHERE article_pk = ? ORDER BY added_at, origin",
                    (pk,),
                )
            )
        split = len(ARTICLE_COLUMNS.split(","))
        return StoredArticle(
            article=article_from_sql(tuple(row[:split])),
            state=state_from_sql(tuple(row[split:]),
                                 tuple(name for name, shared in tags if not shared),
                                 tuple(name for name, shared in tags if shared)),
            origins=origins,
            added_at=str(row[split - 1]),
        )

    def query(
        self,
        view: View = FIXED_VIEWS[0],
        sort: Sort = Sort.NEWEST,
        limit: int = 100,
        offset: int = 0,
    ) -> list[ArticleRow]:
        """One page of the rows of ``view`` in ``sort`` order."""
        where, params = self._where(view)
        sql = (
            f"SELECT {ROW_COLUMNS} FROM state s JOIN articles a ON a.pk = s.article_pk "
            f"WHERE {where} ORDER BY {self._order(sort)} LIMIT ? OFFSET ?"
        )
        with self._lock:
            return [row_from_sql(r) for r in self._conn.execute(sql, (*params, limit, offset))]

    def ids(self, view: View = FIXED_VIEWS[0], sort: Sort = Sort.NEWEST) -> list[str]:
        """Every id of ``view`` in order: for a virtual list that fetches rows lazily."""
        return list(self.iter_ids(view, sort))

    def iter_ids(self, view: View = FIXED_VIEWS[0], sort: Sort = Sort.NEWEST) -> Iterator[str]:
        """:meth:`ids` one at a time, for a caller that keeps them in a form of its own (no
        list of 100,000 strings made and dropped). Holds the library's lock until exhausted:
        consume it at once."""
        where, params = self._where(view)
        sql = (
            "SELECT a.id FROM state s JOIN articles a ON a.pk = s.article_pk "
            f"WHERE {where} ORDER BY {self._order(sort)}"
        )
        with self._lock:
            for row in self._conn.execute(sql, params):
                yield str(row[0])

    def rows(self, ids: Sequence[str]) -> list[ArticleRow]:
        """The rows for ``ids``, in the same order (unknown ids are left out)."""
        return self._rows_by_id(ids, "", row_from_sql)

    def _rows_by_id(self, ids: Sequence[str], extra_column: str,
                    make: Callable[[tuple[Any, ...]], ArticleRow]) -> list[ArticleRow]:
        """``make`` of each id's record (the row's columns, then ``extra_column`` if any), in the
        order of ``ids``; fetched in chunks that SQLite's parameter limit allows."""
        found: dict[str, ArticleRow] = {}
        with self._lock:
            for part in state_sql.chunks(ids):
                sql = (
                    f"SELECT {ROW_COLUMNS}{extra_column} FROM articles a JOIN state s "
                    f"ON s.article_pk = a.pk WHERE a.id IN ({state_sql.marks(len(part))})"
                )
                for record in self._conn.execute(sql, tuple(part)):
                    row = make(tuple(record))
                    found[row.id] = row
        return [found[i] for i in ids if i in found]

    def count(self, view: View = FIXED_VIEWS[0]) -> int:
        """How many articles ``view`` holds."""
        return self._count(view)

    def unread_count(self, view: View) -> int:
        """How many unread articles ``view`` holds."""
        return self._count(view, " AND s.read = 0")

    def _count(self, view: View, narrower: str = "") -> int:
        """Views of the state flags from the totals in ``state_counts`` (same columns as
        ``state``), the others by an index count over ``state``."""
        where, params = self._where(view)
        source = ("coalesce(sum(s.n), 0) FROM state_counts s" if isinstance(view, StateView)
                  else "count(*) FROM state s")
        with self._lock:
            row = self._conn.execute(f"SELECT {source} WHERE ({where}){narrower}", params)
            return int(row.fetchone()[0])

    def counts(self, *, tags: bool = True, sources: bool = True) -> list[ViewCount]:
        """The navigation pane: the fixed views, then each tag, then each source, with counts."""
        with self._lock, self._read():
            result = [
                ViewCount(v, v.label, self.count(v), self.unread_count(v)) for v in FIXED_VIEWS
            ]
            if tags:
                result.extend(self._group_counts("tags"))
            if sources:
                result.extend(self._group_counts("sources"))
        return result

    def _group_counts(self, kind: str) -> list[ViewCount]:
        if kind == "tags":
            sql = (
                f"SELECT t.name, count(*), {_UNREAD}, t.owner = '' FROM tags t "
                "JOIN article_tags at ON at.tag_id = t.id JOIN state s "
                "ON s.article_pk = at.article_pk GROUP BY t.id, t.name, t.owner "
                f"ORDER BY {self._engine.nocase('t.name')}, t.owner = '', t.id"
            )
        else:
            sql = (
                f"SELECT a.source, count(*), {_UNREAD}, 1 = 0 FROM articles a "
                "JOIN state s ON s.article_pk = a.pk WHERE a.source != '' "
                f"GROUP BY a.source ORDER BY {self._engine.nocase('a.source')}"
            )
        counts = []
        for name, total, unread, shared in self._conn.execute(sql):
            view: View = (Tag(str(name), shared=bool(shared)) if kind == "tags"
                          else Source(str(name)))
            counts.append(ViewCount(view, view.label, int(total), int(unread or 0)))
        return counts

    def tags(self, *, shared: bool = False) -> list[str]:
        """Every personal tag name in use (``shared``: every shared desk tag's)."""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT name FROM tags WHERE owner {'=' if shared else '!='} '' "
                f"ORDER BY {self._engine.nocase('name')}")
            return [str(r[0]) for r in rows]

    def iter_articles(
        self, ids: Sequence[str] | None = None, batch: int = 200
    ) -> Iterator[StoredArticle]:
        """Stream full articles (all of them, newest first, or ``ids`` in order) for export."""
        wanted = list(ids) if ids is not None else self.ids(All(), Sort.NEWEST)
        for start in range(0, len(wanted), batch):
            for article_id in wanted[start : start + batch]:
                found = self.get(article_id)
                if found is not None:
                    yield found

    # -- search --------------------------------------------------------------------------------

    def search(self, query: str, limit: int | None = 50, view: View | None = None
               ) -> list[ArticleRow]:
        """The first ``limit`` matches (None: all) of :meth:`search_rows`, as a list."""
        return list(self.search_rows(query, limit, view))

    def search_rows(self, query: str, limit: int | None = None, view: View | None = None,
                    batch: int = 200) -> Iterator[ArticleRow]:
        """Stream the matches of :meth:`search_ids`, each row with a snippet, ``batch`` rows
        read at a time (a snippet costs a pass over the text: only for rows that are shown)."""
        from reader.store.search import parse_query  # query syntax and snippets: not for start-up

        parsed = parse_query(query)
        ids = self.search_ids(query, view)
        wanted = ids if limit is None else ids[: max(0, limit)]
        for start in range(0, len(wanted), batch):
            yield from self._rows_with_snippets(wanted[start : start + batch], parsed)

    def search_snippets(self, ids: Sequence[str], query: str) -> dict[str, str]:
        """A snippet around the first match of ``query`` for each of ``ids`` (the rows a list
        shows: a snippet costs a pass over the text), starting at the word before the match;
        an id not in the library gets none."""
        from reader.store.search import from_the_match, parse_query

        rows = self._rows_with_snippets(ids, parse_query(query))
        return {row.id: from_the_match(row.snippet, row.snippet_spans) for row in rows}

    def search_ids(self, query: str, view: View | None = None) -> list[str]:
        """Every article matching a full-text search, best first: bm25 (title weighted 4x)
        ranks the RANK_WINDOW most recent matches, then older ones follow newest first (see
        :meth:`Engine.search_ids`). ``view`` narrows it. Never capped: its length is the total.
        See :mod:`reader.store.search` for the query syntax.
        """
        from reader.store.search import parse_query

        where, params = self._search_where(view)
        with self._lock:
            return self._engine.search_ids(self._conn, parse_query(query), where, params,
                                           RANK_WINDOW)

    def search_newest(self, query: str, view: View | None = None, limit: int | None = None,
                      offset: int = 0) -> list[str]:
        """The articles matching a full-text search newest added first, as the list shows a
        search: ``limit`` of them from ``offset`` (None: every one). The first page costs about
        as little for a word in every third article as for a rare one (no match is scored).
        ``view`` narrows it."""
        from reader.store.search import parse_query

        where, params = self._search_where(view)
        with self._lock:
            return self._engine.search_newest(self._conn, parse_query(query), where, params,
                                              limit, offset)

    def search_first(self, query: str, view: View | None = None, limit: int = 128
                     ) -> tuple[list[str], int]:
        """The first ``limit`` ids of :meth:`search_newest` and the exact count of every match:
        what the list shows at once when a search is typed."""
        from reader.store.search import parse_query

        with self._lock, self._read():
            where, params = self._search_where(self._narrowing(view))
            return self._engine.search_first(self._conn, parse_query(query), where, params,
                                             limit)

    def search_count(self, query: str, view: View | None = None) -> int:
        """How many articles match a full-text search (``view`` narrows it): exact, counted."""
        from reader.store.search import parse_query

        with self._lock, self._read():
            where, params = self._search_where(self._narrowing(view))
            return self._engine.search_count(self._conn, parse_query(query), where, params)

    def search_count_at_hand(self, query: str, view: View | None = None) -> int | None:
        """:meth:`search_count` when the index counts it alone (SQLite's, for the whole library
        or a view that holds every article: about a millisecond for a word in every third of
        100,000 articles); None when counting would read every match's row or reading state
        (tens of milliseconds: for a worker, after the first page)."""
        from reader.store.search import parse_query

        if not self._engine.counts_matches_in_index:
            return None
        with self._lock, self._read():
            if self._narrowing(view) is not None:
                return None
            return self._engine.search_count(self._conn, parse_query(query), "", ())

    def _narrowing(self, view: View | None) -> View | None:
        """``view``, or None when it narrows nothing: its count, kept by triggers for the views
        of the reading state, is the library's (every article has its reading state, so every
        match is in it). *Inside a read transaction*, so the two counts agree."""
        if view is None or isinstance(view, All):
            return None
        if isinstance(view, StateView) and self._count(view) == self._count(All()):
            return None
        return view

    def _search_where(self, view: View | None) -> tuple[str, tuple[object, ...]]:
        """The condition narrowing a search to ``view`` (none for the whole library)."""
        if view is None or isinstance(view, All):
            return "", ()
        return self._where(view)

    def _rows_with_snippets(self, ids: Sequence[str], parsed: ParsedQuery) -> list[ArticleRow]:
        """The rows for ``ids`` in the same order, each with a snippet of its text."""
        from reader.store.search import snippet

        def with_snippet(record: tuple[Any, ...]) -> ArticleRow:
            row = row_from_sql(record[:-1])
            text, spans = snippet(row.title, tuple(json.loads(str(record[-1]))), parsed)
            return row._replace(snippet=text, snippet_spans=spans)

        return self._rows_by_id(ids, ", a.paragraphs", with_snippet)

    # -- analysis ------------------------------------------------------------------------------

    def cache_analysis(
        self, article_id: str, found: AnalysisLike, version: str | None = None
    ) -> None:
        """Cache an article's analysis under ``version`` (default: the current version)."""
        with self._lock, self._write() as conn:
            pks = state_sql.resolve_pks(conn, [article_id])
            if not pks:
                raise KeyError(article_id)
            analysis_sql.store(conn, pks[0], found, version or self.analyzer_version or "")

    def cached_analysis(
        self, article_id: str, any_version: bool = False
    ) -> CachedAnalysis | None:
        """The article's cached analysis if it is current (``any_version``: of whichever
        version is stored, a stand-in while the current one is made), else None."""
        version = None if any_version else self.analyzer_version
        with self._lock:
            pks = state_sql.resolve_pks(self._conn, [article_id])
            return analysis_sql.load(self._conn, pks[0], version) if pks else None

    def unanalyzed_ids(self, limit: int | None = None) -> list[str]:
        """Ids of articles with no current analysis (never analysed, or stale)."""
        version = self.analyzer_version
        params = analysis_sql.version_params(version)
        sql = (
            "SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM analysis an "
            f"WHERE an.article_pk = a.pk{analysis_sql.version_sql(version)}) "
            "ORDER BY a.pk DESC" + ("" if limit is None else " LIMIT ?")
        )
        with self._lock:
            rows = self._conn.execute(sql, (*params, *(() if limit is None else (limit,))))
            return [str(r[0]) for r in rows]

    def analyze_missing(self, analyze: Analyzer, limit: int | None = None, batch: int = 50) -> int:
        """Analyse articles with no current analysis (for a background worker); returns how
        many were analysed. The analysis runs outside the lock, each batch is one transaction.
        On PostgreSQL the work comes from the queue every process of the desk shares, so each
        article is analysed once, by whichever process takes it."""
        if self.location.is_postgres:
            from reader.store.pg_live import analyze_queued

            return analyze_queued(self, analyze, limit, batch)
        pending = self.unanalyzed_ids(limit)
        for start in range(0, len(pending), batch):
            found = [self.get(i) for i in pending[start : start + batch]]
            results = [(s.article.content_id, analyze(s.article)) for s in found if s]
            with self._lock, self._write() as conn:
                for article_id, result in results:
                    pks = state_sql.resolve_pks(conn, [article_id])
                    if pks:
                        analysis_sql.store(conn, pks[0], result, self.analyzer_version or "")
        return len(pending)

    # -- background analysis, shared through the library (see reader.store.analysis) ----------

    def claim_analysis(self, holder: str, seconds: float) -> bool:
        """Claim (or renew) the library's background analysis for ``seconds``; False while
        another live process has it. On PostgreSQL the queue shares the work out batch by
        batch, so every claim succeeds."""
        if self.location.is_postgres:
            return True
        with self._lock, self._write() as conn:
            return analysis_sql.take_lease(conn, holder, time.time(), seconds)

    def release_analysis(self, holder: str) -> None:
        """Give up a :meth:`claim_analysis` (and the progress it showed)."""
        with self._lock, self._write() as conn:
            analysis_sql.release_lease(conn, holder)

    def report_analysis(self, holder: str, progress: AnalysisProgress, seconds: float) -> bool:
        """Renew a claim and show its progress; False when the claim was lost meanwhile."""
        with self._lock, self._write() as conn:
            # On PostgreSQL several workers may share the queue: the lease is a heartbeat.
            shared = self.location.is_postgres
            if not analysis_sql.take_lease(conn, holder, time.time(), seconds, force=shared):
                return False
            analysis_sql.write_progress(conn, progress)
            return True

    def analysis_progress(self) -> AnalysisProgress | None:
        """How far a background worker is (None: no worker at work). One read of two
        settings: cheap enough for a screen's timer."""
        with self._lock:
            return analysis_sql.read_progress(self._conn, time.time())

    def count_analysed(self) -> AnalysisProgress:
        """Articles with a current analysis, of all (counted: for a worker, not a timer)."""
        with self._lock:
            return analysis_sql.count_analysed(self._conn, self.analyzer_version)

    def request_analysis(self, requester: str, article_id: str | None) -> None:
        """Ask the background worker for this article first (None: withdraw the ask)."""
        with self._lock, self._write() as conn:
            analysis_sql.request(conn, requester, article_id)

    def requested_analysis(self) -> list[str]:
        """The articles screens asked the worker for."""
        with self._lock:
            return analysis_sql.requested(self._conn)

    def top_entities(self, view: View = FIXED_VIEWS[0], n: int = 20, label: str | None = None
                     ) -> list[EntityCount]:
        """The entities (of one ``label``, or any) found in most articles of ``view`` (current
        analysis only)."""
        where, params = self._where(view)
        with self._lock:
            return analysis_sql.top_entities(self._conn, where, params, self.analyzer_version, n,
                                             label)

    def top_keywords(self, view: View = FIXED_VIEWS[0], n: int = 20) -> list[KeywordCount]:
        """The keywords carried by most articles of ``view`` (current analysis only)."""
        where, params = self._where(view)
        with self._lock:
            return analysis_sql.top_keywords(self._conn, where, params, self.analyzer_version, n)


def open_engine(location: LibraryLocation) -> Engine:
    """The engine for ``location`` (psycopg is imported only here, only for PostgreSQL)."""
    if location.is_postgres:
        from reader.store.engine_postgres import PostgresEngine

        return PostgresEngine(location)
    from reader.store.engine_sqlite import SqliteEngine

    return SqliteEngine(location)

