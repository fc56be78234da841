"""Copying a whole library to another, across backends (SQLite ⇄ PostgreSQL, or file to file).

Everything is copied as it is: the articles with their keys, ids and dates, their origins, the
copying reader's state (read, starred, archived, the note, the reading position, every time
stamp), their tags (personal ones become the target reader's, shared ones stay shared), the
subscriptions with what their sources keep between fetches (in their order; their own
keys are the target's), the cached analyses and the
settings in ``meta``. The search index and the per-view totals are rebuilt by the target as the
articles go in. The target must hold no article yet. Articles go over in batches, each one
write transaction, and ``progress`` hears after each.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reader.lang.words import index_text
from reader.store import state as state_sql
from reader.store.analysis import COORDINATION_PREFIX
from reader.store.engine import SHARED_OWNER, Connection
from reader.store.errors import LibraryError
from reader.store.library import Library
from reader.store.schema import heading_text
from reader.store.views import All

BATCH = 500
Progress = Callable[[int, int], None]  # (articles copied, articles in all)

_ARTICLE = ("pk", "id", "title", "paragraphs", "source", "kind", "category", "published",
            "path", "url", "extra", "lang", "direction", "added_at", "sort_date")
_STATE = ("read", "starred", "archived", "note", "read_at", "starred_at", "archived_at",
          "updated_at", "sort_date", "reading_paragraph")
_SUBSCRIPTION = ("url", "title", "site_url", "folder", "last_fetched", "last_error",
                 "added_at", "kind", "state")
_PER_ARTICLE = {  # table: columns, copied for each batch of articles
    "origins": ("article_pk", "origin", "added_at"),
    "analysis": ("article_pk", "version", "entities", "keywords", "analyzed_at"),
    "entity_mentions": ("article_pk", "text", "label", "count"),
    "keyword_mentions": ("article_pk", "text", "score"),
}


@dataclass
class Copied:
    """What :func:`copy_library` copied."""

    articles: int = 0
    subscriptions: int = 0
    settings: int = 0


def copy_library(source: Library, target: Library, progress: Progress | None = None,
                 batch: int = BATCH) -> Copied:
    """Copy everything of ``source`` into the empty ``target`` (see the module's docstring).
    Raises LibraryError when the target already holds articles or is the source."""
    if source.location == target.location:
        raise LibraryError(f"cannot copy the library {source.location.display} onto itself")
    held = target.count(All())
    if held:
        raise LibraryError(
            f"the library {target.location.display} already holds {held} articles: copy into "
            "an empty library (a new file, or a new database)")
    copied = Copied()
    total = source.count(All())
    last = 0
    while True:
        with source.reading() as conn:
            articles = _select(conn, "articles", _ARTICLE, "pk > ? ORDER BY pk LIMIT ?",
                               (last, batch))
            if not articles:
                break
            pks = [int(row[0]) for row in articles]
            related = _related(conn, pks)
        with target.writing() as conn:
            _insert_batch(target, conn, articles, related)
        last = pks[-1]
        copied.articles += len(articles)
        if progress is not None:
            progress(copied.articles, total)
    copied.subscriptions, copied.settings = _copy_bookkeeping(source, target)
    return copied


def _select(conn: Connection, table: str, columns: Sequence[str], where: str,
            params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in conn.execute(
        f"SELECT {', '.join(columns)} FROM {table} WHERE {where}", params)]


def _insert(conn: Connection, table: str, columns: Sequence[str],
            rows: Sequence[tuple[Any, ...]]) -> None:
    if rows:
        conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                         f"({', '.join('?' * len(columns))})", rows)


def _related(conn: Connection, pks: list[int]) -> dict[str, list[tuple[Any, ...]]]:
    """The batch's state, tags and per-article rows, read in the same snapshot."""
    marks = state_sql.marks(len(pks))
    params = tuple(pks)
    related = {table: _select(conn, table, columns, f"article_pk IN ({marks})", params)
               for table, columns in _PER_ARTICLE.items()}
    related["state"] = _select(conn, "state", ("article_pk", *_STATE),
                               f"article_pk IN ({marks})", params)
    related["tags"] = [tuple(row) for row in conn.execute(
        "SELECT at.article_pk, t.name, t.owner = '', at.tagged_at FROM article_tags at "
        f"JOIN tags t ON t.id = at.tag_id WHERE at.article_pk IN ({marks}) "
        "ORDER BY at.article_pk, t.id", params)]
    return related


def _insert_batch(target: Library, conn: Connection, articles: list[tuple[Any, ...]],
                  related: dict[str, list[tuple[Any, ...]]]) -> None:
    engine = target.engine
    _insert(conn, "articles", _ARTICLE, articles)
    records = [dict(zip(_ARTICLE, row, strict=True)) for row in articles]
    engine.add_states(conn, [int(record["pk"]) for record in records])
    engine.index_articles(conn, [
        (int(record["pk"]), heading_text(str(record["title"]), str(record["source"])),
         index_text("\n\n".join(_paragraphs(str(record["paragraphs"])))))
        for record in records])
    assignments = ", ".join(f"{column} = ?" for column in _STATE)
    conn.executemany(f"UPDATE state SET {assignments} WHERE article_pk = ?",
                     [(*row[1:], row[0]) for row in related["state"]])
    for table, columns in _PER_ARTICLE.items():
        _insert(conn, table, columns, related[table])
    tag_ids: dict[tuple[str, str], int] = {}
    links = []
    for pk, name, shared, tagged_at in related["tags"]:
        owner = SHARED_OWNER if shared else engine.personal_owner
        key = (str(name), owner)
        if key not in tag_ids:
            tag_ids[key] = state_sql.tag_id(conn, *key)
        links.append((owner, pk, tag_ids[key], tagged_at))
    _insert(conn, "article_tags", ("owner", "article_pk", "tag_id", "tagged_at"), links)
    engine.sync_keys(conn)


def _paragraphs(stored: str) -> list[str]:
    return [str(p) for p in json.loads(stored)]


def _copy_bookkeeping(source: Library, target: Library) -> tuple[int, int]:
    """Subscriptions (with their keys) and settings; returns how many of each."""
    with source.reading() as conn:
        subscriptions = _select(conn, "subscriptions", _SUBSCRIPTION, "1 = 1 ORDER BY id")
        settings = _select(conn, "meta", ("key", "value"), "1 = 1 ORDER BY key")
    settings = [row for row in settings if not str(row[0]).startswith(COORDINATION_PREFIX)]
    with target.writing() as conn:
        known = {str(row[0]) for row in conn.execute("SELECT url FROM subscriptions")}
        fresh = [row for row in subscriptions if str(row[0]) not in known]
        _insert(conn, "subscriptions", _SUBSCRIPTION, fresh)
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value", settings)
        target.engine.sync_keys(conn)
    return len(fresh), len(settings)
