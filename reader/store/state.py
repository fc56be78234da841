"""Changing the read/starred/archived/tag/note state of articles, with an undo journal.

Before each change the affected ``state`` rows and tag links are captured (a before-image);
:meth:`UndoJournal.pop` hands back the latest one and :func:`restore` writes it back, inside the
caller's transaction. The journal lives in the process (it is the UI's "undo last action").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from reader.store.db import utc_now
from reader.store.engine import Connection

FLAGS = ("read", "starred", "archived")
_CHUNK = 500
_STATE_FIELDS = "read, starred, archived, note, read_at, starred_at, archived_at, updated_at"


class Snapshot(NamedTuple):
    """The before-image of one article's state."""

    article_pk: int
    values: tuple[object, ...]
    tags: tuple[tuple[str, str], ...]  # (name, owner): '' owns a shared tag


class Change(NamedTuple):
    """One undoable change: a description for the UI and the before-images."""

    description: str
    snapshots: tuple[Snapshot, ...]


class UndoJournal:
    """A bounded stack of :class:`Change` objects."""

    def __init__(self, depth: int = 100) -> None:
        self._changes: list[Change] = []
        self._depth = depth

    def push(self, change: Change) -> None:
        self._changes.append(change)
        del self._changes[: -self._depth]

    def pop(self) -> Change | None:
        return self._changes.pop() if self._changes else None

    def peek(self) -> Change | None:
        return self._changes[-1] if self._changes else None


def chunks(items: Sequence[object], size: int = _CHUNK) -> list[Sequence[object]]:
    """``items`` cut into slices short enough for SQL parameter lists."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def marks(count: int) -> str:
    """``?, ?, …`` with ``count`` placeholders."""
    return ", ".join("?" * count)


def resolve_pks(conn: Connection, ids: Sequence[str]) -> list[int]:
    """The primary keys of the articles with these content ids (unknown ids are skipped)."""
    pks: list[int] = []
    for part in chunks(ids):
        sql = f"SELECT pk FROM articles WHERE id IN ({marks(len(part))})"
        pks.extend(int(row[0]) for row in conn.execute(sql, tuple(part)))
    return pks


def snapshot(conn: Connection, pks: Sequence[int]) -> tuple[Snapshot, ...]:
    """Before-images of the state of ``pks``."""
    shots: list[Snapshot] = []
    for part in chunks(pks):
        params = tuple(part)
        tags: dict[int, list[tuple[str, str]]] = {}
        tag_sql = (
            "SELECT at.article_pk, t.name, t.owner FROM article_tags at "
            f"JOIN tags t ON t.id = at.tag_id WHERE at.article_pk IN ({marks(len(part))})"
        )
        for pk, name, owner in conn.execute(tag_sql, params):
            tags.setdefault(int(pk), []).append((str(name), str(owner)))
        sql = (
            f"SELECT article_pk, {_STATE_FIELDS} FROM state "
            f"WHERE article_pk IN ({marks(len(part))})"
        )
        for pk, *values in conn.execute(sql, params):
            shots.append(Snapshot(int(pk), tuple(values), tuple(tags.get(int(pk), ()))))
    return tuple(shots)


def restore(conn: Connection, shots: Sequence[Snapshot]) -> None:
    """Write the before-images back (state columns and tag links)."""
    for shot in shots:
        conn.execute(
            "UPDATE state SET read = ?, starred = ?, archived = ?, note = ?, read_at = ?, "
            "starred_at = ?, archived_at = ?, updated_at = ? WHERE article_pk = ?",
            (*shot.values, shot.article_pk),
        )
        conn.execute("DELETE FROM article_tags WHERE article_pk = ?", (shot.article_pk,))
        conn.executemany(
            f"{_INSERT_LINK} ON CONFLICT DO NOTHING",
            [(owner, shot.article_pk, tag_id(conn, name, owner), utc_now())
             for name, owner in shot.tags],
        )
    conn.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags)")


def set_flag(conn: Connection, pks: Sequence[int], flag: str, value: bool) -> int:
    """Set ``flag`` (read, starred or archived) on ``pks``; returns the rows changed."""
    if flag not in FLAGS:
        raise ValueError(f"unknown flag {flag!r}")
    now = utc_now()
    changed = 0
    for part in chunks(pks):
        sql = (
            f"UPDATE state SET {flag} = ?, {flag}_at = ?, updated_at = ? "
            f"WHERE article_pk IN ({marks(len(part))}) AND {flag} != ?"
        )
        cursor = conn.execute(sql, (int(value), now if value else None, now, *part, int(value)))
        changed += cursor.rowcount
    return changed


_INSERT_LINK = "INSERT INTO article_tags (owner, article_pk, tag_id, tagged_at) VALUES (?, ?, ?, ?)"
_FIND_TAG = "SELECT id FROM tags WHERE owner = ? AND lower(name) = lower(?)"


def tag_id(conn: Connection, name: str, owner: str) -> int:
    """The id of the tag ``name`` of ``owner`` ('' for a shared tag), created if new."""
    conn.execute("INSERT INTO tags (owner, name) VALUES (?, ?) ON CONFLICT DO NOTHING",
                 (owner, name))
    row = conn.execute(_FIND_TAG, (owner, name)).fetchone()
    return int(row[0])


def add_tag(conn: Connection, pks: Sequence[int], name: str, owner: str) -> int:
    """Tag ``pks`` with ``owner``'s tag ``name``; returns the links created."""
    tid = tag_id(conn, name, owner)
    now = utc_now()
    cursor = conn.executemany(
        f"{_INSERT_LINK} ON CONFLICT DO NOTHING", [(owner, pk, tid, now) for pk in pks],
    )
    touch(conn, pks, now)
    return cursor.rowcount


def remove_tag(conn: Connection, pks: Sequence[int], name: str, owner: str) -> int:
    """Remove ``owner``'s tag ``name`` from ``pks``; a tag left on no article is deleted."""
    row = conn.execute(_FIND_TAG, (owner, name)).fetchone()
    if row is None:
        return 0
    cursor = conn.executemany(
        "DELETE FROM article_tags WHERE article_pk = ? AND tag_id = ?",
        [(pk, row[0]) for pk in pks],
    )
    conn.execute(
        "DELETE FROM tags WHERE id = ? AND NOT EXISTS "
        "(SELECT 1 FROM article_tags WHERE tag_id = ?)",
        (row[0], row[0]),
    )
    touch(conn, pks, utc_now())
    return cursor.rowcount


def touch(conn: Connection, pks: Sequence[int], now: str) -> None:
    """Set ``updated_at`` on ``pks``."""
    for part in chunks(pks):
        sql = f"UPDATE state SET updated_at = ? WHERE article_pk IN ({marks(len(part))})"
        conn.execute(sql, (now, *part))
