"""The cache of entity/keyword analysis, and library-wide entity and keyword rankings.

``analysis`` keeps each article's result as JSON with the analyzer version that produced it;
``entity_mentions`` and ``keyword_mentions`` repeat the entities and keywords one per row so the
entity pivot and the "top entities in this view" panel are index lookups, not JSON scans. A row
whose version differs from the running analyzer's is stale: every read here ignores it, and
:meth:`Library.unanalyzed_ids` lists it for re-analysis.

Background analysis is shared through the library's ``meta`` rows, so that one process does it
for every process that opens the library: a *lease* (``analysis.lease``: holder and expiry) names
the one worker analysing a SQLite library, which renews it as it goes and writes its *progress*
(``analysis.progress``: analysed and total) for the screens to show; a screen that opens an
article with no analysis asks for it in ``analysis.wanted.<its holder name>``, which the worker
serves first. A worker that dies holds its lease until it expires (or, on the same host, until
its pid is seen gone); what it had not stored is still unanalysed, so nothing is lost.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import NamedTuple, Protocol

from reader.store.db import utc_now
from reader.store.engine import Connection
from reader.store.models import (
    CachedAnalysis,
    CachedEntity,
    CachedKeyword,
    EntityCount,
    KeywordCount,
)


class EntityLike(Protocol):
    """What ``reader.nlp.EntitySummary`` provides."""

    @property
    def text(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def count(self) -> int: ...
    @property
    def spans(self) -> Sequence[tuple[int, int]]: ...


class KeywordLike(Protocol):
    """What ``reader.nlp.Keyword`` provides."""

    @property
    def text(self) -> str: ...
    @property
    def score(self) -> float: ...


class AnalysisLike(Protocol):
    """What ``reader.nlp.Analysis`` provides."""

    @property
    def entities(self) -> Sequence[EntityLike]: ...
    @property
    def keywords(self) -> Sequence[KeywordLike]: ...


def store(conn: Connection, pk: int, analysis: AnalysisLike, version: str) -> None:
    """Replace the cached analysis of article ``pk``."""
    entities = [
        {"text": e.text, "label": e.label, "count": e.count, "spans": [list(s) for s in e.spans]}
        for e in analysis.entities
    ]
    keywords = [{"text": k.text, "score": k.score} for k in analysis.keywords]
    conn.execute("DELETE FROM analysis WHERE article_pk = ?", (pk,))
    conn.execute(
        "INSERT INTO analysis (article_pk, version, entities, keywords, analyzed_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (pk, version, _dumps(entities), _dumps(keywords), utc_now()),
    )
    conn.executemany(
        "INSERT INTO entity_mentions (article_pk, text, label, count) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (article_pk, label, text) DO UPDATE "
        "SET count = entity_mentions.count + excluded.count",
        [(pk, e.text, e.label, e.count) for e in analysis.entities],
    )
    conn.executemany(
        "INSERT INTO keyword_mentions (article_pk, text, score) VALUES (?, ?, ?) "
        "ON CONFLICT (article_pk, text) DO UPDATE SET score = CASE WHEN "
        "excluded.score > keyword_mentions.score THEN excluded.score "
        "ELSE keyword_mentions.score END",
        [(pk, k.text, k.score) for k in analysis.keywords],
    )


def load(conn: Connection, pk: int, version: str | None) -> CachedAnalysis | None:
    """The cached analysis of ``pk`` if its version is current (any version when None)."""
    row = conn.execute(
        "SELECT version, entities, keywords FROM analysis WHERE article_pk = ?", (pk,)
    ).fetchone()
    if row is None or (version is not None and row[0] != version):
        return None
    entities = tuple(
        CachedEntity(
            text=e["text"],
            label=e["label"],
            count=int(e["count"]),
            spans=tuple((int(s[0]), int(s[1])) for s in e["spans"]),
        )
        for e in json.loads(row[1])
    )
    keywords = tuple(CachedKeyword(k["text"], float(k["score"])) for k in json.loads(row[2]))
    return CachedAnalysis(version=str(row[0]), entities=entities, keywords=keywords)


def top_entities(
    conn: Connection, where: str, params: tuple[object, ...], version: str | None, n: int,
    label: str | None = None,
) -> list[EntityCount]:
    """The ``n`` entities (of one ``label``, or any) found in most articles of the view
    selected by ``where``."""
    label_sql, label_params = ("", ()) if label is None else (" AND em.label = ?", (label,))
    sql = (
        "SELECT em.text, em.label, count(*) AS articles, sum(em.count) AS mentions "
        "FROM state s JOIN entity_mentions em ON em.article_pk = s.article_pk "
        "JOIN analysis an ON an.article_pk = s.article_pk "
        f"WHERE ({where}){version_sql(version)}{label_sql} "
        "GROUP BY em.label, em.text ORDER BY articles DESC, mentions DESC, em.text LIMIT ?"
    )
    rows = conn.execute(sql, (*params, *version_params(version), *label_params, n))
    return [EntityCount(str(t), str(lb), int(a), int(m)) for t, lb, a, m in rows]


def top_keywords(
    conn: Connection, where: str, params: tuple[object, ...], version: str | None, n: int
) -> list[KeywordCount]:
    """The ``n`` keywords carried by most articles of the view selected by ``where``."""
    sql = (
        "SELECT km.text, count(*) AS articles, sum(km.score) AS score "
        "FROM state s JOIN keyword_mentions km ON km.article_pk = s.article_pk "
        "JOIN analysis an ON an.article_pk = s.article_pk "
        f"WHERE ({where}){version_sql(version)} "
        "GROUP BY km.text ORDER BY articles DESC, score DESC, km.text LIMIT ?"
    )
    rows = conn.execute(sql, (*params, *version_params(version), n))
    return [KeywordCount(str(t), int(a), float(s)) for t, a, s in rows]


# -- sharing the background work --------------------------------------------------------------

# Settings of the processes at work on one library, never of the library itself: a copy
# leaves them behind (a copied lease would keep the copy's own worker waiting).
COORDINATION_PREFIX = "analysis."
LEASE_KEY = COORDINATION_PREFIX + "lease"
PROGRESS_KEY = COORDINATION_PREFIX + "progress"
WANTED_PREFIX = COORDINATION_PREFIX + "wanted."


class Lease(NamedTuple):
    """Who analyses the library in the background, and until when (seconds since the epoch)
    unless it renews its claim."""

    holder: str
    expires: float

    def live(self, now: float) -> bool:
        return now < self.expires and not holder_gone(self.holder)

    def encode(self) -> str:
        return f"{self.holder} {self.expires:.3f}"

    @classmethod
    def decode(cls, value: str | None) -> Lease | None:
        holder, _, expires = (value or "").rpartition(" ")
        try:
            return cls(holder, float(expires)) if holder else None
        except ValueError:
            return None  # a damaged row claims nothing


class AnalysisProgress(NamedTuple):
    """How far the background analysis of a library is: articles with a current analysis, of
    all the articles."""

    analysed: int
    total: int

    @property
    def finished(self) -> bool:
        return self.analysed >= self.total


def _host() -> str:
    import platform  # only the analysis worker and the screen name holders: not an import

    return platform.node()


def holder_name(pid: int | None = None) -> str:
    """This process's name in a lease or a request: host and pid."""
    return f"{_host()}:{os.getpid() if pid is None else pid}"


def holder_gone(holder: str) -> bool:
    """Whether the holder is a process of this host that no longer runs (one of another host
    is never known to be gone: its lease expires)."""
    host, _, pid = holder.rpartition(":")
    if host != _host() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it runs, as another user
    return False


def _meta(conn: Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _set_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))


def take_lease(conn: Connection, holder: str, now: float, seconds: float, *,
               force: bool = False) -> bool:
    """Claim (or renew) the background work for ``seconds``; False while another live holder
    has it (unless ``force``). Run it in a write transaction, so two claims never both
    succeed."""
    current = Lease.decode(_meta(conn, LEASE_KEY))
    if not force and current is not None and current.holder != holder and current.live(now):
        return False
    _set_meta(conn, LEASE_KEY, Lease(holder, now + seconds).encode())
    return True


def release_lease(conn: Connection, holder: str) -> None:
    """Give the work up (only the holder's own lease goes), with its progress."""
    current = Lease.decode(_meta(conn, LEASE_KEY))
    if current is not None and current.holder == holder:
        conn.execute("DELETE FROM meta WHERE key IN (?, ?)", (LEASE_KEY, PROGRESS_KEY))


def write_progress(conn: Connection, progress: AnalysisProgress) -> None:
    _set_meta(conn, PROGRESS_KEY, f"{progress.analysed} {progress.total}")


def read_progress(conn: Connection, now: float) -> AnalysisProgress | None:
    """The progress of a live worker (None: none is at work)."""
    rows = dict(conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?)",
                             (LEASE_KEY, PROGRESS_KEY)).fetchall())
    lease = Lease.decode(rows.get(LEASE_KEY))
    if lease is None or not lease.live(now):
        return None
    analysed, _, total = str(rows.get(PROGRESS_KEY, "")).partition(" ")
    if not (analysed.isdigit() and total.isdigit()):
        return None
    return AnalysisProgress(int(analysed), int(total))


def count_analysed(conn: Connection, version: str | None) -> AnalysisProgress:
    """Articles with a current analysis, of all the articles (two counts: for a worker's
    start, not for a screen's timer)."""
    total = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    current = "" if version is None else " WHERE version = ?"
    analysed = conn.execute(f"SELECT count(*) FROM analysis{current}", version_params(version))
    return AnalysisProgress(min(int(analysed.fetchone()[0]), total), total)


def request(conn: Connection, requester: str, article_id: str | None) -> None:
    """Ask the background worker for one article's analysis first (None: withdraw the ask)."""
    if article_id is None:
        conn.execute("DELETE FROM meta WHERE key = ?", (WANTED_PREFIX + requester,))
    else:
        _set_meta(conn, WANTED_PREFIX + requester, article_id)


def requested(conn: Connection) -> list[str]:
    """The articles screens asked for, oldest ask first (each screen asks for one at a time)."""
    rows = conn.execute("SELECT value FROM meta WHERE key LIKE ? ORDER BY key",
                        (WANTED_PREFIX + "%",))
    return list(dict.fromkeys(str(row[0]) for row in rows))


def version_sql(version: str | None) -> str:
    """The condition on ``analysis an`` keeping only ``version`` (none when it is None)."""
    return "" if version is None else " AND an.version = ?"


def version_params(version: str | None) -> tuple[object, ...]:
    """The parameters of :func:`version_sql`."""
    return () if version is None else (version,)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
