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
    except sqlite3.Error as error:
        if conn is not None:
            conn.close()
        raise library_fault(error, target, opening=True) from error
    except OSError as error:
        raise LibraryError(f"cannot open the library {target}: {error}") from error
    return conn


# SQLite's primary result codes (the low byte of an extended code).
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = (
    3, 5, 6, 8, 10, 11, 13, 14, 26
)
_BY_TEXT = (
    ("readonly", _READONLY), ("read-only", _READONLY), ("disk is full", _FULL),
    ("locked", _LOCKED), ("malformed", _CORRUPT), ("not a database", _NOTADB),
    ("unable to open", _CANTOPEN),
)


def fault_code(error: sqlite3.Error) -> int:
    """SQLite's primary result code of ``error`` (from its text when it carries none)."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(error).lower()
    return next((found for words, found in _BY_TEXT if words in text), 0)


def is_damaged(error: sqlite3.Error) -> bool:
    """True when ``error`` says the database file is damaged (or not a database at all)."""
    return fault_code(error) in (_CORRUPT, _NOTADB)


def damaged_library(path: Path | str, detail: str, *, opening: bool = False) -> LibraryError:
    """The message for a damaged library file; ``detail`` is what SQLite found."""
    return _fault(
        path, opening, f"it is damaged ({detail}); nothing was written to it",
        "run 'reader check --repair' to back it up and save what can be saved",
    )


def library_fault(
    error: sqlite3.Error, path: Path | str, *, opening: bool = False
) -> LibraryError:
    """One clear message for a database fault: which file, what is wrong, what to do
    (``opening``: the fault came while opening the library)."""
    code = fault_code(error)
    if code in (_CORRUPT, _NOTADB):
        return damaged_library(path, str(error), opening=opening)
    if code in (_READONLY, _PERM):
        what, todo = (f"it is read-only ({error})", "make the file and its folder writable "
                      "(chmod u+w), or give another file with --library")
    elif code == _FULL:
        what, todo = ("the disk holding it is full", "free some space and try again (what "
                      "was saved before is intact)")
    elif code in (_BUSY, _LOCKED):
        what, todo = ("it is locked by another program (another reader writing to it?)",
                      "try again when it has finished")
    elif code == _CANTOPEN:
        what, todo = ("the file cannot be opened", "check that its folder exists and is "
                      "writable")
    else:
        what, todo = (f"{error}", "check the file, or run 'reader check'")
    return _fault(path, opening, what, todo)


def _fault(path: Path | str, opening: bool, what: str, todo: str) -> LibraryError:
    verb = "cannot open" if opening else "cannot use"
    return LibraryError(f"{verb} the library {path}: {what}: {todo}")


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One atomic write: everything inside commits together or not at all."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite has already rolled back after some faults (a full disk)
            conn.execute("ROLLBACK")
        raise


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
