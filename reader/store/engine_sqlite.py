"""The SQLite engine: one file, FTS5 for search, ``PRAGMA user_version`` for the schema.

One reader per file, so every article has exactly one ``state`` row, created at import.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, cast

import reader.store.db as db
from reader.store.engine import Connection, Engine
from reader.store.errors import LibraryError
from reader.store.location import IN_MEMORY, Backend, LibraryLocation
from reader.store.schema import migrate, schema_version
from reader.store.state import chunks, marks

if TYPE_CHECKING:
    from reader.store.search import ParsedQuery

# The owner of personal tags in a SQLite library (it has one reader; '' is a shared tag).
LOCAL_OWNER = "local"


class SqliteEngine(Engine):
    """A library in one SQLite file (see :mod:`reader.store.db` for the pragmas)."""

    backend = Backend.SQLITE
    personal_owner = LOCAL_OWNER
    counts_matches_in_index = True

    def __init__(self, location: LibraryLocation) -> None:
        self.location = location
        self.path: Path = location.path or Path(IN_MEMORY)

    def connect(self) -> Connection:
        return cast(Connection, db.connect(self.path))

    def write_transaction(self, conn: Connection) -> AbstractContextManager[Connection]:
        return cast(AbstractContextManager[Connection], db.write_transaction(_sqlite(conn)))

    def read_transaction(self, conn: Connection) -> AbstractContextManager[Connection]:
        return cast(AbstractContextManager[Connection], db.read_transaction(_sqlite(conn)))

    def migrate(self, conn: Connection) -> None:
        try:
            migrate(_sqlite(conn))
        except sqlite3.Error as error:
            raise db.library_fault(error, self.path, opening=True) from error

    def schema_version(self, conn: Connection) -> int:
        return schema_version(_sqlite(conn))

    def add_states(self, conn: Connection, pks: Sequence[int]) -> None:
        for part in chunks(pks):
            conn.execute(
                "INSERT INTO state (article_pk, sort_date) SELECT pk, sort_date FROM articles "
                f"WHERE pk IN ({marks(len(part))}) ORDER BY pk", tuple(part))

    def index_article(self, conn: Connection, pk: int, heading: str, body: str) -> None:
        conn.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                     (pk, heading, body))

    def index_articles(self, conn: Connection, rows: Sequence[tuple[int, str, str]]) -> None:
        conn.executemany("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)", rows)

    def unindex_article(self, conn: Connection, pk: int, heading: str, body: str) -> None:
        conn.execute(  # a contentless index forgets a row given the text it indexed
            "INSERT INTO articles_fts (articles_fts, rowid, title, body) "
            "VALUES ('delete', ?, ?, ?)", (pk, heading, body))

    def search_ids(self, conn: Connection, parsed: ParsedQuery, where: str,
                   params: tuple[object, ...], rank_window: int) -> list[str]:
        match = parsed.fts()
        if match is None:
            return []
        narrow = " CROSS JOIN state s ON s.article_pk = f.rowid" if where else ""
        where = f" AND ({where})" if where else ""
        # Rank inside FTS5 first, then join the ids: joining every match before ranking costs more.
        ranked = (
            "SELECT a.id FROM (SELECT f.rowid AS pk, bm25(articles_fts, 4.0, 1.0) AS score "
            f"FROM articles_fts f{narrow} WHERE articles_fts MATCH ? AND f.rowid >= ?{where}) "
            "AS r JOIN articles a ON a.pk = r.pk ORDER BY r.score"
        )
        older = (
            f"SELECT a.id FROM articles_fts f{narrow} JOIN articles a ON a.pk = f.rowid "
            f"WHERE articles_fts MATCH ? AND f.rowid < ?{where} ORDER BY f.rowid DESC"
        )
        floor = _rank_floor(conn, match, rank_window)
        found = [str(r[0]) for r in conn.execute(ranked, (match, floor, *params))]
        if floor:
            found.extend(str(r[0]) for r in conn.execute(older, (match, floor, *params)))
        return found

    def search_newest(self, conn: Connection, parsed: ParsedQuery, where: str,
                      params: tuple[object, ...], limit: int | None = None,
                      offset: int = 0) -> list[str]:
        match = parsed.fts()
        if match is None:
            return []
        narrow, where = _narrowed(where)
        page, paging = ("", ()) if limit is None else (" LIMIT ? OFFSET ?", (limit, offset))
        # FTS5 hands its rowids out in order, in both directions: with the index as the outer
        # loop (CROSS JOIN) a page stops after its rows instead of sorting every match.
        sql = (f"SELECT a.id FROM articles_fts f{narrow} CROSS JOIN articles a ON a.pk = f.rowid "
               f"WHERE articles_fts MATCH ?{where} ORDER BY f.rowid DESC{page}")
        return [str(r[0]) for r in conn.execute(sql, (match, *params, *paging))]

    def search_count(self, conn: Connection, parsed: ParsedQuery, where: str,
                     params: tuple[object, ...]) -> int:
        match = parsed.fts()
        if match is None:
            return 0
        narrow, where = _narrowed(where)
        sql = f"SELECT count(*) FROM articles_fts f{narrow} WHERE articles_fts MATCH ?{where}"
        return int(conn.execute(sql, (match, *params)).fetchone()[0])

    def data_version(self, conn: Connection) -> int:
        """SQLite's ``PRAGMA data_version``: it changes when another connection (another
        ``reader`` process) commits to the library, never for this one's own writes."""
        return int(conn.execute("PRAGMA data_version").fetchone()[0])

    def check(self, conn: Connection, *, quick: bool = False) -> list[str]:
        pragma = "quick_check" if quick else "integrity_check"
        try:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
        except sqlite3.DatabaseError as error:
            if not db.is_damaged(error):
                raise
            return [str(error)]
        problems = [str(row[0]) for row in rows]
        return [] if problems == ["ok"] else problems

    def nocase(self, expression: str) -> str:
        return f"{expression} COLLATE NOCASE"

    def fault_types(self) -> tuple[type[BaseException], ...]:
        return (sqlite3.Error,)


def _narrowed(where: str) -> tuple[str, str]:
    """The join of ``state s`` and the condition that narrow a search to a view (both empty
    for the whole library); the index stays the outer loop."""
    if not where:
        return "", ""
    return " CROSS JOIN state s ON s.article_pk = f.rowid", f" AND ({where})"


def _rank_floor(conn: Connection, match: str, rank_window: int) -> int:
    """The lowest rowid worth ranking: bm25 is computed for every candidate, so a word found
    in tens of thousands of articles is ranked among its ``rank_window`` most recent matches."""
    row = conn.execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
        "ORDER BY rowid DESC LIMIT 1 OFFSET ?",
        (match, rank_window - 1),
    ).fetchone()
    return 0 if row is None else int(row[0])


def _sqlite(conn: Connection) -> sqlite3.Connection:
    if not isinstance(conn, sqlite3.Connection):
        raise LibraryError("a SQLite library needs its SQLite connection")
    return conn

