"""Opening the SQLite file and running transactions.

The connection is in autocommit mode and every write goes through :func:`write_transaction`
(``BEGIN IMMEDIATE`` … ``COMMIT``, ``ROLLBACK`` on any exception), so an interrupted write loses
nothing that was committed and leaves no half-written change. WAL mode lets readers in another
process (a second ``reader`` in another SSH session) carry on while one process writes, and
``busy_timeout`` makes a writer wait for the other's lock instead of failing at once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from reader.store.errors import LibraryError

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 32 * 1024  # page cache ceiling; FTS5 index merges during imports need it


def connect(path: Path | str) -> sqlite3.Connection:
    """Open (creating if needed) the database at ``path`` with the library's pragmas."""
    target = str(path)
    conn: sqlite3.Connection | None = None
    try:
        if target != ":memory:":
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            target, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except (sqlite3.DatabaseError, OSError) as error:
        if conn is not None:
            conn.close()
        raise LibraryError(f"cannot open the library {target}: {error}") from error
    return conn


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One atomic write: everything inside commits together or not at all."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def read_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A consistent snapshot for several reads (counts and a page agree)."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")


def utc_now() -> str:
    """The current time as an ISO 8601 UTC string, second precision."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()
