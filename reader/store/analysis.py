"""The cache of entity/keyword analysis, and library-wide entity and keyword rankings.

``analysis`` keeps each article's result as JSON with the analyzer version that produced it;
``entity_mentions`` and ``keyword_mentions`` repeat the entities and keywords one per row so the
entity pivot and the "top entities in this view" panel are index lookups, not JSON scans. A row
whose version differs from the running analyzer's is stale: every read here ignores it, and
:meth:`Library.unanalyzed_ids` lists it for re-analysis.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Protocol

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


def version_sql(version: str | None) -> str:
    """The condition on ``analysis an`` keeping only ``version`` (none when it is None)."""
    return "" if version is None else " AND an.version = ?"


def version_params(version: str | None) -> tuple[object, ...]:
    """The parameters of :func:`version_sql`."""
    return () if version is None else (version,)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
