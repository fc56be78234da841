"""Subscriptions, library-wide settings and statistics: the bookkeeping half of Library."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from contextlib import AbstractContextManager

from reader.store import subscriptions as subs_sql
from reader.store.engine import Connection, Engine
from reader.store.location import LibraryLocation
from reader.store.models import Stats, Subscription
from reader.store.stats import collect_stats

SEEDED_KEY = "seeded_at"  # meta key: when the bundled samples were offered to this library


class SettingsMixin:
    """Subscriptions, ``meta`` settings and :meth:`stats`; mixed into Library."""

    _conn: Connection
    _engine: Engine
    _lock: threading.RLock
    location: LibraryLocation

    def _write(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    @property
    def analyzer_version(self) -> str | None:
        raise NotImplementedError

    def seeded(self) -> bool:
        """Whether the bundled samples were already offered (imported once, or skipped)."""
        return self.get_meta(SEEDED_KEY) is not None

    def add_subscription(self, sub: Subscription) -> bool:
        """Subscribe to a source; False when already subscribed."""
        with self._lock, self._write() as conn:
            return subs_sql.add(conn, sub)

    def subscriptions(self) -> list[Subscription]:
        """Every subscription."""
        with self._lock:
            return subs_sql.all_(self._conn, self._engine.nocase)

    def subscription(self, url: str) -> Subscription | None:
        """The subscription for ``url``."""
        with self._lock:
            return subs_sql.get(self._conn, url)

    def update_subscription(
        self, url: str, *, state: Mapping[str, object] | None = None, **fields: str | None
    ) -> None:
        """Update what a fetch learnt: ``state`` (what the source keeps for its next fetch),
        last_fetched, last_error, title…"""
        if state is not None:
            fields["state"] = subs_sql.state_json(state)
        with self._lock, self._write() as conn:
            subs_sql.update(conn, url, fields)

    def remove_subscription(self, url: str) -> bool:
        """Unsubscribe; imported articles stay."""
        with self._lock, self._write() as conn:
            return subs_sql.remove(conn, url)

    def get_meta(self, key: str) -> str | None:
        """A library-wide setting (e.g. whether the seeds were imported)."""
        with self._lock:
            row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Store a library-wide setting."""
        with self._lock, self._write() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def stats(self) -> Stats:
        """Figures about the whole library."""
        with self._lock, self._read() as conn:
            return collect_stats(conn, self.location.display, self.analyzer_version,
                                 self._engine.schema_version(conn))
