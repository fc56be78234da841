"""What differs between the library's two backends, behind one small interface.

The library's SQL is shared and written for both (``?`` placeholders, ``ON CONFLICT``, CASE
instead of SQLite's scalar ``max``); an :class:`Engine` holds the rest: connecting,
transactions, the schema and its migrations, the full-text index, creating state rows,
noticing other processes' writes, the integrity check and case-insensitive ordering.
:meth:`Library.open <reader.store.library.Library.open>` picks SQLite
(:mod:`reader.store.engine_sqlite`) or PostgreSQL (:mod:`reader.store.engine_postgres`,
imported only for a PostgreSQL library, so SQLite users never load psycopg).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

from reader.store.location import LibraryLocation

if TYPE_CHECKING:
    from reader.store.search import ParsedQuery

# The owner of a shared desk tag (and of its links): every reader sees and sets it.
SHARED_OWNER = ""


class Cursor(Protocol):
    """The part of a DB-API cursor the library uses."""

    @property
    def rowcount(self) -> int: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """The part of a connection the library's SQL uses (``sqlite3.Connection`` as it is, a
    psycopg connection through :class:`reader.store.engine_postgres.PgConnection`)."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...
    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor: ...
    def close(self) -> None: ...


class Engine(ABC):
    """One backend: everything the shared SQL cannot say the same way on both."""

    backend: str  # a Backend constant
    location: LibraryLocation
    personal_owner: str
    """The ``owner`` of this reader's personal tags (their links too)."""
    counts_matches_in_index: bool
    """Whether the search index counts a query's matches without reading each matching row
    (FTS5 walks its doclists: about a millisecond for 35,000 matches; PostgreSQL rechecks
    each match's vector, 16 ms and more), so a count can come with a search's first page."""

    @abstractmethod
    def connect(self) -> Connection:
        """The library's connection (autocommit: transactions go through the two below)."""

    @abstractmethod
    def write_transaction(self, conn: Connection) -> AbstractContextManager[Connection]:
        """One atomic write: everything inside commits together or not at all."""

    @abstractmethod
    def read_transaction(self, conn: Connection) -> AbstractContextManager[Connection]:
        """A consistent snapshot for several reads (counts and a page agree)."""

    @abstractmethod
    def migrate(self, conn: Connection) -> None:
        """Bring the schema up to date (and register this reader where readers are counted)."""

    @abstractmethod
    def schema_version(self, conn: Connection) -> int:
        """The schema version the database is at."""

    @abstractmethod
    def add_states(self, conn: Connection, pks: Sequence[int]) -> None:
        """Give newly inserted articles their state row(s)."""

    @abstractmethod
    def index_article(self, conn: Connection, pk: int, heading: str, body: str) -> None:
        """Add an article's index texts (:func:`reader.store.schema.heading_text`,
        :func:`reader.lang.words.index_text`) to the full-text index."""

    def index_articles(self, conn: Connection, rows: Sequence[tuple[int, str, str]]) -> None:
        """:meth:`index_article` for many ``(pk, heading, body)`` at once."""
        for pk, heading, body in rows:
            self.index_article(conn, pk, heading, body)

    @abstractmethod
    def unindex_article(self, conn: Connection, pk: int, heading: str, body: str) -> None:
        """Take an article out of the index (given the texts it was indexed with)."""

    @abstractmethod
    def search_ids(self, conn: Connection, parsed: ParsedQuery, where: str,
                   params: tuple[object, ...], rank_window: int) -> list[str]:
        """Every article id matching ``parsed``, best first: the ``rank_window`` most recent
        matches ranked, older ones after them newest first; ``where`` (over ``state s``, empty
        for the whole library) narrows it."""

    @abstractmethod
    def search_newest(self, conn: Connection, parsed: ParsedQuery, where: str,
                      params: tuple[object, ...], limit: int | None = None,
                      offset: int = 0) -> list[str]:
        """The ids of the articles matching ``parsed``, newest added first (highest pk first,
        no score: the first page costs a walk down the index, never a pass over every match),
        ``limit`` of them from ``offset`` (None: all); ``where`` narrows as in
        :meth:`search_ids`."""

    @abstractmethod
    def search_count(self, conn: Connection, parsed: ParsedQuery, where: str,
                     params: tuple[object, ...]) -> int:
        """How many articles match ``parsed`` (narrowed by ``where``): the exact total."""

    def search_first(self, conn: Connection, parsed: ParsedQuery, where: str,
                     params: tuple[object, ...], limit: int) -> tuple[list[str], int]:
        """The first ``limit`` ids of :meth:`search_newest` and the count of every match."""
        first = self.search_newest(conn, parsed, where, params, limit)
        if len(first) < limit:
            return first, len(first)
        return first, self.search_count(conn, parsed, where, params)

    @abstractmethod
    def data_version(self, conn: Connection) -> int:
        """A number that changes when another connection commits a change to the library."""

    @abstractmethod
    def check(self, conn: Connection, *, quick: bool = False) -> list[str]:
        """The problems an integrity check finds; empty when the library is sound."""

    @abstractmethod
    def nocase(self, expression: str) -> str:
        """``expression`` for case-insensitive ordering and comparison."""

    def sync_keys(self, conn: Connection) -> None:  # noqa: B027 - SQLite's keys follow by themselves
        """Let generated keys continue after rows inserted with explicit keys (a copy)."""

    def close(self) -> None:  # noqa: B027 - only an engine with a pool has anything to close
        """Release what the engine holds beyond the connection (a pool)."""

    def fault_types(self) -> tuple[type[BaseException], ...]:
        """The driver's exceptions that a library operation may raise besides LibraryError."""
        return ()
