"""Library-wide figures for ``reader stats`` and the UI's status line."""

from __future__ import annotations

from reader.store.engine import Connection
from reader.store.models import Stats


def _scalar(conn: Connection, sql: str, params: tuple[object, ...] = ()) -> int:
    return int(conn.execute(sql, params).fetchone()[0] or 0)


def collect_stats(conn: Connection, path: str, version: str | None, schema_version: int
                  ) -> Stats:
    """Count everything in one read transaction (the caller opens it)."""
    languages = {
        str(lang or "?"): int(n)
        for lang, n in conn.execute(
            "SELECT lang, count(*) FROM articles GROUP BY lang ORDER BY count(*) DESC"
        )
    }
    oldest, newest = conn.execute("SELECT min(sort_date), max(sort_date) FROM articles").fetchone()
    analyzed_sql = "SELECT count(*) FROM analysis" + (
        "" if version is None else " WHERE version = ?"
    )
    return Stats(
        articles=_scalar(conn, "SELECT count(*) FROM state"),
        unread=_scalar(conn, "SELECT count(*) FROM state WHERE read = 0"),
        incoming=_scalar(conn, "SELECT count(*) FROM state WHERE archived = 0 AND read = 0"),
        starred=_scalar(conn, "SELECT count(*) FROM state WHERE starred = 1"),
        archived=_scalar(conn, "SELECT count(*) FROM state WHERE archived = 1"),
        tags=_scalar(conn, "SELECT count(*) FROM tags"),
        sources=_scalar(conn, "SELECT count(DISTINCT source) FROM articles WHERE source != ''"),
        subscriptions=_scalar(conn, "SELECT count(*) FROM subscriptions"),
        analyzed=_scalar(conn, analyzed_sql, () if version is None else (version,)),
        languages=languages,
        oldest=None if oldest is None else str(oldest),
        newest=None if newest is None else str(newest),
        schema_version=schema_version,
        path=path,
    )
