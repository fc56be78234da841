"""SQL for the ``subscriptions`` table (the sources the user follows)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from types import MappingProxyType

from reader.store.db import utc_now
from reader.store.engine import Connection
from reader.store.models import NO_STATE, Subscription

_COLUMNS = "url, title, site_url, folder, kind, state, last_fetched, last_error"
UPDATABLE = frozenset({"title", "site_url", "folder", "state", "last_fetched", "last_error"})


def add(conn: Connection, sub: Subscription) -> bool:
    """Insert ``sub``; False when its URL is already subscribed (the old row is kept)."""
    cursor = conn.execute(
        "INSERT INTO subscriptions (url, title, site_url, folder, kind, state, added_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
        (sub.url, sub.title, sub.site_url, sub.folder, sub.kind, state_json(sub.state), utc_now()),
    )
    return cursor.rowcount > 0


def all_(conn: Connection, nocase: Callable[[str], str]) -> list[Subscription]:
    """Every subscription, by folder then title (``nocase``: the engine's spelling of a
    case-insensitive order)."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM subscriptions ORDER BY folder, {nocase('title')}, url"
    )
    return [_from_row(row) for row in rows]


def get(conn: Connection, url: str) -> Subscription | None:
    """The subscription for ``url``, if any."""
    row = conn.execute(f"SELECT {_COLUMNS} FROM subscriptions WHERE url = ?", (url,)).fetchone()
    return None if row is None else _from_row(row)


def update(conn: Connection, url: str, fields: dict[str, str | None]) -> None:
    """Change some columns of one subscription."""
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise ValueError(f"cannot update subscription fields {sorted(unknown)}")
    if not fields:
        return
    assignments = ", ".join(f"{name} = ?" for name in fields)
    conn.execute(f"UPDATE subscriptions SET {assignments} WHERE url = ?", (*fields.values(), url))


def remove(conn: Connection, url: str) -> bool:
    """Unsubscribe (articles already imported stay)."""
    return conn.execute("DELETE FROM subscriptions WHERE url = ?", (url,)).rowcount > 0


def state_json(state: Mapping[str, object]) -> str:
    """A source's state as stored: a JSON object."""
    return json.dumps(dict(state), ensure_ascii=False, sort_keys=True)


def _state(text: object) -> Mapping[str, object]:
    try:
        found = json.loads(str(text))
    except ValueError:
        return NO_STATE  # a damaged row fetches from scratch rather than failing
    return MappingProxyType(found) if isinstance(found, dict) else NO_STATE


def _from_row(row: tuple[object, ...]) -> Subscription:
    url, title, site_url, folder, kind, state, last_fetched, last_error = row
    return Subscription(
        url=str(url),
        title=str(title),
        site_url=str(site_url),
        folder=str(folder),
        kind=str(kind),
        state=_state(state),
        last_fetched=None if last_fetched is None else str(last_fetched),
        last_error=str(last_error),
    )
