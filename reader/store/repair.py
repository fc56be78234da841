"""Checking the library file, and saving what can be saved from a damaged one.

:func:`check_file` runs SQLite's ``integrity_check`` on a read-only connection: checking never
writes. :func:`repair` first copies the damaged file (and its write-ahead log) aside, then reads
it one article at a time, so a damaged page loses the articles on it and no others, and writes
what it read into a new library that replaces the damaged one. The full-text index and the
cached analysis are rebuilt rather than copied (they are derived data, and often what is
damaged).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader.store import subscriptions as subs_sql
from reader.store.library import Library
from reader.store.models import Subscription
from reader.store.rows import ARTICLE_COLUMNS, article_from_sql

_SIDE_FILES = ("-wal", "-shm")


@dataclass
class Salvage:
    """What :func:`repair` saved and lost, where the damaged file was kept, and whether the
    new library replaced it (not when nothing at all could be read)."""

    backup: Path
    articles: int = 0
    lost: int = 0
    subscriptions: int = 0
    replaced: bool = False


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def check_file(path: Path) -> list[str]:
    """The problems SQLite's integrity check finds in ``path``; empty when it is sound."""
    try:
        conn = _read_only(path)
    except sqlite3.Error as error:
        return [str(error)]
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    finally:
        conn.close()
    problems = [str(row[0]) for row in rows]
    return [] if problems == ["ok"] else problems


def backup_path(path: Path) -> Path:
    """Where :func:`repair` keeps the damaged file: beside it, named with the time."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.name}.damaged-{stamp}")


def repair(path: Path) -> Salvage:
    """Back ``path`` up, then replace it by a new library holding every article, its state
    and tags, the subscriptions and settings that could still be read."""
    salvage = Salvage(backup_path(path))
    shutil.copy2(path, salvage.backup)
    for side in _SIDE_FILES:
        if Path(f"{path}{side}").exists():
            shutil.copy2(f"{path}{side}", f"{salvage.backup}{side}")
    fresh = path.with_name(f"{path.name}.recovering")
    for leftover in (fresh, *(Path(f"{fresh}{side}") for side in _SIDE_FILES)):
        leftover.unlink(missing_ok=True)
    source = _read_only(path)
    try:
        with Library.open(fresh, analyzer_version=None) as target:
            _copy_articles(source, target, salvage)
            salvage.subscriptions = _copy_subscriptions(source, target)
            _copy_meta(source, target)
    finally:
        source.close()
    if not (salvage.articles or salvage.subscriptions):
        fresh.unlink(missing_ok=True)
        return salvage
    for side in _SIDE_FILES:  # they belong to the damaged file, kept in the backup
        Path(f"{path}{side}").unlink(missing_ok=True)
    os.replace(fresh, path)
    salvage.replaced = True
    return salvage


def _last_pk(source: sqlite3.Connection) -> int:
    for sql in ("SELECT max(pk) FROM articles", "SELECT max(article_pk) FROM state",
                "SELECT max(rowid) FROM articles_fts"):
        try:
            row = source.execute(sql).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row and row[0] is not None:
            return int(row[0])
    return 0


def _copy_articles(source: sqlite3.Connection, target: Library, salvage: Salvage) -> None:
    for pk in range(1, _last_pk(source) + 1):
        try:
            row = source.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.pk = ?", (pk,)
            ).fetchone()
            if row is None:
                continue  # deleted, or never there
            article = article_from_sql(tuple(row))
            origins = [str(r[0]) for r in source.execute(
                "SELECT origin FROM origins WHERE article_pk = ?", (pk,))]
        except (sqlite3.DatabaseError, ValueError):
            salvage.lost += 1
            continue
        target.add([article], origin=origins[0] if origins else None)
        salvage.articles += 1
        _copy_state(source, target, pk, article.content_id)


def _copy_state(source: sqlite3.Connection, target: Library, pk: int, article_id: str) -> None:
    """Read, starred, archived, the note and the tags, when they can still be read."""
    try:
        state = source.execute(
            "SELECT read, starred, archived, note FROM state WHERE article_pk = ?", (pk,)
        ).fetchone()
        tags = _tags_of(source, pk)
    except sqlite3.DatabaseError:
        return
    if state is not None:
        read, starred, archived, note = state
        if read:
            target.set_read(article_id, True)
        if starred:
            target.star(article_id, True)
        if archived:
            target.archive(article_id, True)
        if note:
            target.set_note(article_id, str(note))
    for tag, shared in tags:
        target.tag(article_id, tag, shared=shared)


def _tags_of(source: sqlite3.Connection, pk: int) -> list[tuple[str, bool]]:
    """The article's tags, each with whether it is a shared one (none were, before tags had
    owners)."""
    sql = ("SELECT t.name, {shared} FROM article_tags at JOIN tags t ON t.id = at.tag_id "
           "WHERE at.article_pk = ?")
    try:
        rows = source.execute(sql.format(shared="t.owner = ''"), (pk,)).fetchall()
    except sqlite3.OperationalError:  # no owner column: a library from before shared tags
        rows = source.execute(sql.format(shared="0"), (pk,)).fetchall()
    return [(str(name), bool(shared)) for name, shared in rows]


def _copy_subscriptions(source: sqlite3.Connection, target: Library) -> int:
    """Every subscription with its kind, the state its source keeps between fetches (a feed's
    ETag, a Telegram export's last message) and how its last fetch went."""
    try:
        subs = subs_sql.all_(source, lambda column: f"{column} COLLATE NOCASE")
    except sqlite3.DatabaseError:
        subs = _old_subscriptions(source)  # a library from before subscriptions had kinds
    copied = 0
    for sub in subs:
        if not target.add_subscription(sub):
            continue
        copied += 1
        target.update_subscription(
            sub.url, state=sub.state, last_fetched=sub.last_fetched, last_error=sub.last_error
        )
    return copied


def _old_subscriptions(source: sqlite3.Connection) -> list[Subscription]:
    try:
        rows = source.execute("SELECT url, title, site_url, folder FROM subscriptions").fetchall()
    except sqlite3.DatabaseError:
        return []
    return [
        Subscription(url=str(url), title=str(title or ""), site_url=str(site or ""),
                     folder=str(folder or ""))
        for url, title, site, folder in rows
    ]


def _copy_meta(source: sqlite3.Connection, target: Library) -> None:
    try:
        rows = source.execute("SELECT key, value FROM meta").fetchall()
    except sqlite3.DatabaseError:
        return
    for key, value in rows:
        if target.get_meta(str(key)) is None:
            target.set_meta(str(key), str(value))
