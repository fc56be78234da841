"""The PostgreSQL engine: a desk's shared library, through psycopg 3 and a small pool.

Imported only when a PostgreSQL library is opened. The library's SQL is written with ``?``
placeholders; :class:`PgConnection` hands it to psycopg with ``%s`` (translated once per
statement text, outside string literals) and turns every driver error into a
:class:`LibraryError` whose message names the database with its password masked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

import psycopg
from psycopg import errors as pg_errors
from psycopg.pq import TransactionStatus
from psycopg_pool import ConnectionPool, PoolTimeout

from reader.store.db import utc_now
from reader.store.engine import Connection, Cursor, Engine
from reader.store.errors import LibraryError
from reader.store.location import Backend, LibraryLocation, mask_url
from reader.store.pg_live import Sessions
from reader.store.pg_schema import (
    SCHEMA_VERSION,
    bypasses_row_security,
    migrate,
    other_readers,
    register_reader,
    schema_version,
)

if TYPE_CHECKING:
    from reader.store.search import ParsedQuery

POOL_MIN, POOL_MAX = 1, 4
CONNECT_TIMEOUT = 10  # seconds
# A page of a search first looks among this many newest articles (docs/search.md): a word in
# one article in 8 or more fills its first page there, a rarer one is found through its index.
NEWEST_WINDOW = 1024

# A string literal, a quoted identifier, a placeholder or a percent sign.
_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|%")


@lru_cache(maxsize=512)
def to_psycopg(sql: str, with_params: bool) -> bytes:
    """``sql`` with its ``?`` placeholders (outside string literals and quoted names) as
    psycopg's ``%s``, and every ``%`` doubled; without parameters psycopg reads the text as it
    is."""
    if not with_params:
        return sql.encode()

    def replace(match: re.Match[str]) -> str:
        token = match.group()
        if token == "?":
            return "%s"
        return token.replace("%", "%%")  # psycopg reads % everywhere, literals included

    return _TOKENS.sub(replace, sql).encode()


class PgConnection:
    """A psycopg connection (autocommit) that speaks the library's ``?`` SQL."""

    def __init__(self, raw: psycopg.Connection[Any], display: str) -> None:
        self.raw = raw
        self._display = display

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Cursor:
        params = tuple(parameters)
        try:
            return cast(Cursor, self.raw.execute(to_psycopg(sql, bool(params)), params or None))
        except psycopg.Error as error:
            raise pg_fault(error, self._display) from error

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor:
        cursor = self.raw.cursor()
        rows = [tuple(row) for row in parameters]
        try:
            if rows:
                cursor.executemany(to_psycopg(sql, True), rows)
        except psycopg.Error as error:
            raise pg_fault(error, self._display) from error
        return cast(Cursor, _Counted(cursor, len(rows) and max(cursor.rowcount, 0)))

    def close(self) -> None:
        self.raw.close()

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE


class _Counted:
    """A cursor whose ``rowcount`` is what executemany changed in all (0 for no rows)."""

    def __init__(self, cursor: psycopg.Cursor[Any], rowcount: int) -> None:
        self._cursor = cursor
        self.rowcount = rowcount

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cursor)


class PostgresEngine(Engine):
    """A library in a PostgreSQL database shared by a desk (see :mod:`pg_schema`)."""

    backend = Backend.POSTGRES
    counts_matches_in_index = False

    def __init__(self, location: LibraryLocation) -> None:
        self.location = location
        self.personal_owner = ""  # set from current_user on connect
        self._pool: ConnectionPool[psycopg.Connection[Any]] | None = None
        self.sessions = Sessions()  # the server processes of the connections below

    @property
    def pool(self) -> ConnectionPool[psycopg.Connection[Any]]:
        """A pool of further connections (min 1, max 4), opened on first use: for what needs
        its own connection beside the library's (a listener, queue workers, a copy)."""
        if self._pool is None:
            pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
                self.location.conninfo(), min_size=POOL_MIN, max_size=POOL_MAX, open=False,
                kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT},
                name="reader-library", configure=self.sessions.add,
            )
            try:
                pool.open(wait=True, timeout=CONNECT_TIMEOUT)
            except PoolTimeout as error:
                pool.close()
                raise LibraryError(f"cannot use the library {self.location.display}: no "
                                   f"connection within {CONNECT_TIMEOUT} seconds") from error
            self._pool = pool
        return self._pool

    @contextmanager
    def worker_connection(self) -> Iterator[PgConnection]:
        """A connection of the pool for work beside the library's own (the analysis queue's
        batches), back to the pool when the block ends."""
        with self.pool.connection() as raw:
            yield PgConnection(raw, self.location.display)

    def connect(self) -> Connection:
        """The library's own connection, made directly rather than through :attr:`pool`: the
        library holds it for its lifetime (its lock serialises every use), and a direct
        connection fails at once with the server's reason instead of after the pool's retries."""
        try:
            raw = psycopg.connect(self.location.conninfo(), autocommit=True,
                                  connect_timeout=CONNECT_TIMEOUT)
        except psycopg.Error as error:
            raise pg_fault(error, self.location.display, opening=True) from error
        self.sessions.add(raw)
        conn = PgConnection(raw, self.location.display)
        row = conn.execute("SELECT current_user").fetchone()
        self.personal_owner = str(row[0])
        return cast(Connection, conn)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def write_transaction(self, conn: Connection) -> AbstractContextManager[Connection]:
        return _transaction(_pg(conn), "BEGIN")

    def read_transaction(self, conn: Connection) -> AbstractContextManager[Connection]:
        return _transaction(_pg(conn), "BEGIN ISOLATION LEVEL REPEATABLE READ")

    def migrate(self, conn: Connection) -> None:
        raw = _pg(conn).raw
        try:
            migrate(raw)
            if bypasses_row_security(raw) and other_readers(raw):
                raise LibraryError(
                    f"cannot open the library {self.location.display} as "
                    f"{self.personal_owner}: the role bypasses row-level security (a superuser?) "
                    "and would see every reader's state as its own: connect as your own role")
            register_reader(raw, utc_now())
        except psycopg.Error as error:
            raise pg_fault(error, self.location.display, opening=True) from error

    def schema_version(self, conn: Connection) -> int:
        return schema_version(_pg(conn).raw)

    def add_states(self, conn: Connection, pks: Sequence[int]) -> None:
        """Nothing: the ``articles_state`` trigger gives every registered reader its row."""

    def index_article(self, conn: Connection, pk: int, heading: str, body: str) -> None:
        from reader.store.pg_search import index_article

        self._driver(lambda raw: index_article(raw, pk, heading, body), conn)

    def index_articles(self, conn: Connection, rows: Sequence[tuple[int, str, str]]) -> None:
        from reader.store.pg_search import index_articles

        if rows:
            self._driver(lambda raw: index_articles(raw, rows), conn)

    def unindex_article(self, conn: Connection, pk: int, heading: str, body: str) -> None:
        from reader.store.pg_search import unindex_article

        self._driver(lambda raw: unindex_article(raw, pk), conn)

    def _driver(self, work: Any, conn: Connection) -> Any:
        try:
            return work(_pg(conn).raw)
        except psycopg.Error as error:
            raise pg_fault(error, self.location.display) from error

    def search_ids(self, conn: Connection, parsed: ParsedQuery, where: str,
                   params: tuple[object, ...], rank_window: int) -> list[str]:
        from reader.store.pg_search import search_sql

        found = search_sql(parsed, rank_window)
        if found is None:
            return []
        query_sql, search_params = found
        narrow = ""
        if where:
            narrow = (" JOIN state s ON s.article_pk = r.article_pk WHERE "
                      + to_psycopg(where, True).decode())
        # Best score first; ties (and a scoreless search) newest first.
        sql = (f"SELECT a.id FROM ({query_sql}) AS r JOIN articles a ON a.pk = r.article_pk"
               f"{narrow} ORDER BY r.score, a.pk DESC")
        rows = self._driver(lambda raw: raw.execute(sql.encode(), (*search_params, *params))
                            .fetchall(), conn)
        return [str(row[0]) for row in rows]

    def search_newest(self, conn: Connection, parsed: ParsedQuery, where: str,
                      params: tuple[object, ...], limit: int | None = None,
                      offset: int = 0) -> list[str]:
        found = _matching(parsed, where)
        if found is None:
            return []
        joins, condition, query = found

        def matches(words: str, order: str, paging: str = "") -> str:
            return (f"SELECT a.id FROM {words} JOIN articles a ON a.pk = w.article_pk{joins} "
                    f"WHERE {condition} ORDER BY {order} DESC{paging}")

        if limit is None:
            rows = conn.execute(matches("article_words w", "w.article_pk"), (query, *params))
            return [str(row[0]) for row in rows]
        # The planner walks the key down for any word (it does not count reading each toasted
        # vector): for a common word that page is a few hundred rows, for a rare one every row
        # of the library (1.2 s at 100,000). So the walk is bounded to the newest articles; a
        # page it does not fill is taken from the word's index and sorted ("+ 0": no walk).
        newest = (f"(SELECT article_pk, words FROM article_words ORDER BY article_pk DESC "
                  f"LIMIT {NEWEST_WINDOW}) AS w")
        page = (query, *params, limit, offset)
        walked = conn.execute(matches(newest, "w.article_pk", " LIMIT ? OFFSET ?"),
                              page).fetchall()
        if len(walked) == limit:  # the newest matches of all: any other is older than these
            return [str(row[0]) for row in walked]
        rows = conn.execute(matches("article_words w", "w.article_pk + 0", " LIMIT ? OFFSET ?"),
                            page)
        return [str(row[0]) for row in rows]

    def search_count(self, conn: Connection, parsed: ParsedQuery, where: str,
                     params: tuple[object, ...]) -> int:
        found = _matching(parsed, where)
        if found is None:
            return 0
        joins, condition, query = found
        sql = f"SELECT count(*) FROM article_words w{joins} WHERE {condition}"
        return int(conn.execute(sql, (query, *params)).fetchone()[0])

    def data_version(self, conn: Connection) -> int:
        """The changes committed by other connections to what this reader sees (the shared
        tables and its own state), counted by statement triggers."""
        row = conn.execute(
            "SELECT coalesce(sum(n), 0) FROM changes WHERE pid <> pg_backend_pid() "
            "AND owner IN ('', current_user)").fetchone()
        return int(row[0])

    def check(self, conn: Connection, *, quick: bool = False) -> list[str]:
        """The schema is current and (unless ``quick``) every article has this reader's state."""
        problems = []
        version = self.schema_version(conn)
        if version != SCHEMA_VERSION:
            problems.append(f"schema version {version}, expected {SCHEMA_VERSION}")
        if not quick:
            row = conn.execute(
                "SELECT count(*) FROM articles a WHERE NOT EXISTS "
                "(SELECT 1 FROM state s WHERE s.article_pk = a.pk)").fetchone()
            if int(row[0]):
                problems.append(f"{row[0]} articles have no reading state for this reader")
        return problems

    def sync_keys(self, conn: Connection) -> None:
        for table, column in (("articles", "pk"), ("subscriptions", "id")):
            sequence = f"pg_get_serial_sequence('{table}', '{column}')"
            conn.execute(  # never backwards: another reader may have used keys beyond ours
                f"SELECT setval({sequence}, greatest((SELECT max({column}) FROM {table}), "
                f"pg_sequence_last_value({sequence}), 1))")

    def nocase(self, expression: str) -> str:
        return f'lower({expression}) COLLATE "C"'

    def fault_types(self) -> tuple[type[BaseException], ...]:
        return (psycopg.Error,)


@contextmanager
def _transaction(conn: PgConnection, begin: str) -> Iterator[Connection]:
    conn.execute(begin)
    try:
        yield cast(Connection, conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction and not conn.raw.closed:
            conn.raw.execute(b"ROLLBACK")
        raise


def _pg(conn: Connection) -> PgConnection:
    if not isinstance(conn, PgConnection):
        raise LibraryError("a PostgreSQL library needs its PostgreSQL connection")
    return conn


def pg_fault(error: psycopg.Error, display: str, *, opening: bool = False) -> LibraryError:
    """One clear message for a PostgreSQL fault: which library, what is wrong, what to do."""
    detail = mask_url(" ".join(str(error).split())) if "://" in str(error) else " ".join(
        str(error).split())
    if isinstance(error, pg_errors.InsufficientPrivilege):
        what, todo = (f"permission denied ({detail})", "ask the desk's administrator to grant "
                      "this role access to the library's database")
    elif isinstance(error, psycopg.OperationalError):
        what, todo = (f"the server cannot be reached or refused the connection ({detail})",
                      "check the URL, the server and the role's password")
    else:
        what, todo = (detail, "check the server, or run 'reader check'")
    verb = "cannot open" if opening else "cannot use"
    return LibraryError(f"{verb} the library {display}: {what}: {todo}")


def _matching(parsed: ParsedQuery, where: str) -> tuple[str, str, str] | None:
    """The joins and the condition that select the articles matching ``parsed`` from
    ``article_words w`` (narrowed by ``where``), and the tsquery parameter; None when nothing
    can match."""
    from reader.store.pg_search import tsquery

    query = tsquery(parsed)
    if not query:
        return None
    if not where:
        return "", "w.words @@ ?::tsquery", query
    return (" JOIN state s ON s.article_pk = w.article_pk",
            f"w.words @@ ?::tsquery AND ({where})", query)
