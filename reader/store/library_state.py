"""The state-changing half of :class:`Library` (read, star, archive, tags, note, undo).

Every change captures a before-image first (:mod:`reader.store.state`), so :meth:`undo` can put
back exactly what the last change altered.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager

from reader.store import state as state_sql
from reader.store.db import utc_now
from reader.store.engine import SHARED_OWNER, Connection, Engine


class StateMixin:
    """Read/star/archive/tag/note changes with an undo journal; mixed into Library."""

    _conn: Connection
    _engine: Engine
    _lock: threading.RLock
    _journal: state_sql.UndoJournal

    def _write(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def _change(
        self,
        ids: str | Sequence[str],
        description: str,
        apply: Callable[[Connection, list[int]], int],
    ) -> int:
        wanted = [ids] if isinstance(ids, str) else list(ids)
        with self._lock, self._write() as conn:
            pks = state_sql.resolve_pks(conn, wanted)
            shots = state_sql.snapshot(conn, pks)
            changed = apply(conn, pks)
        if changed:
            self._journal.push(state_sql.Change(description, shots))
        return changed

    def _set_flag(self, ids: str | Sequence[str], flag: str, value: bool, label: str) -> int:
        return self._change(
            ids, label, lambda conn, pks: state_sql.set_flag(conn, pks, flag, value)
        )

    def set_read(self, ids: str | Sequence[str], read: bool = True) -> int:
        """Mark articles read (or unread); returns how many changed. Undoable."""
        return self._set_flag(ids, "read", read, "mark read" if read else "mark unread")

    def star(self, ids: str | Sequence[str], starred: bool = True) -> int:
        """Star (or unstar) articles; returns how many changed. Undoable."""
        return self._set_flag(ids, "starred", starred, "star" if starred else "unstar")

    def archive(self, ids: str | Sequence[str], archived: bool = True) -> int:
        """Archive (or unarchive) articles; returns how many changed. Undoable."""
        return self._set_flag(ids, "archived", archived, "archive" if archived else "unarchive")

    def _toggle(self, article_id: str, flag: str) -> bool:
        with self._lock:
            row = self._conn.execute(
                f"SELECT s.{flag} FROM state s JOIN articles a ON a.pk = s.article_pk "
                "WHERE a.id = ?",
                (article_id,),
            ).fetchone()
            if row is None:
                raise KeyError(article_id)
            value = not row[0]
            self._set_flag(article_id, flag, value, f"toggle {flag}")
            return value

    def toggle_read(self, article_id: str) -> bool:
        """Flip read/unread; returns the new value. Raises KeyError for an unknown id."""
        return self._toggle(article_id, "read")

    def toggle_star(self, article_id: str) -> bool:
        """Flip starred; returns the new value."""
        return self._toggle(article_id, "starred")

    def toggle_archive(self, article_id: str) -> bool:
        """Flip archived; returns the new value."""
        return self._toggle(article_id, "archived")

    def tag(self, ids: str | Sequence[str], name: str, *, shared: bool = False) -> int:
        """Add tag ``name`` to articles (``shared``: the desk's shared tag of that name, which
        every reader sees); returns the links created. Undoable."""
        name, owner = _tag_name(name), self._tag_owner(shared)
        return self._change(ids, f"tag #{name}",
                            lambda c, p: state_sql.add_tag(c, p, name, owner))

    def untag(self, ids: str | Sequence[str], name: str, *, shared: bool = False) -> int:
        """Remove tag ``name`` (``shared``: the shared one) from articles; returns the links
        removed. Undoable."""
        name, owner = _tag_name(name), self._tag_owner(shared)
        return self._change(ids, f"untag #{name}",
                            lambda c, p: state_sql.remove_tag(c, p, name, owner))

    def _tag_owner(self, shared: bool) -> str:
        return SHARED_OWNER if shared else self._engine.personal_owner

    def set_note(self, article_id: str, note: str) -> bool:
        """Set the article's note ('' clears it). Undoable."""

        def apply(conn: Connection, pks: list[int]) -> int:
            return (
                conn.execute(
                    "UPDATE state SET note = ?, updated_at = ? WHERE article_pk = ? AND note != ?",
                    (note, utc_now(), pks[0], note),
                ).rowcount
                if pks
                else 0
            )

        return self._change(article_id, "edit note", apply) > 0

    def reading_position(self, article_id: str) -> int | None:
        """The paragraph the reader left the article at (None: its top, or no such article)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT s.reading_paragraph FROM state s JOIN articles a ON a.pk = s.article_pk "
                "WHERE a.id = ?", (article_id,)).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def set_reading_position(self, article_id: str, paragraph: int | None) -> None:
        """Remember where the reader left the article (not a triage change: never undone)."""
        with self._lock, self._write() as conn:
            conn.execute(
                "UPDATE state SET reading_paragraph = ? WHERE article_pk = "
                "(SELECT pk FROM articles WHERE id = ?)", (paragraph, article_id))

    def undo(self) -> str | None:
        """Undo the last state change made through this object; its description, or None."""
        with self._lock:
            change = self._journal.pop()
            if change is None:
                return None
            with self._write() as conn:
                state_sql.restore(conn, change.snapshots)
            return change.description

    def pop_change(self) -> state_sql.Change | None:
        """Take the last undoable change off this object's journal (None: none), to be undone
        through another connection to the same library (:meth:`push_change` there)."""
        return self._journal.pop()

    def push_change(self, change: state_sql.Change) -> None:
        """Make ``change``, written through another connection to the same library (a worker's
        bulk change), the one :meth:`undo` undoes next."""
        self._journal.push(change)

    def undo_description(self) -> str | None:
        """What :meth:`undo` would undo, or None."""
        change = self._journal.peek()
        return None if change is None else change.description


def _tag_name(name: str) -> str:
    cleaned = " ".join(name.strip().lstrip("#").split())
    if not cleaned:
        raise ValueError("a tag needs a name")
    return cleaned
