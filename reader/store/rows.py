"""Converting between :class:`Article` / :class:`ArticleRow` and SQL rows."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from reader.model.article import Article
from reader.store.models import ArticleRow, ArticleState
from reader.store.sanitize import storable

ROW_COLUMNS = (
    "a.id, a.title, a.source, a.kind, a.category, a.published, a.url, a.lang, a.direction, "
    "a.added_at, s.read, s.starred, s.archived"
)
ARTICLE_COLUMNS = (
    "a.pk, a.title, a.paragraphs, a.source, a.kind, a.category, a.published, a.path, a.url, "
    "a.extra, a.added_at"
)
# One encoder for every row: json.dumps builds a new one per call when given any option.
_TO_JSON = json.JSONEncoder(ensure_ascii=False).encode
STATE_COLUMNS = (
    "s.read, s.starred, s.archived, s.note, s.read_at, s.starred_at, s.archived_at, s.updated_at"
)


def parse_date(value: str | None) -> date | None:
    """An ISO date from the database, or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def row_from_sql(row: tuple[object, ...]) -> ArticleRow:
    """An :class:`ArticleRow` from a ``SELECT ROW_COLUMNS`` result."""
    (id_, title, source, kind, category, published, url, lang, direction, added, rd, st, ar) = row
    return ArticleRow(
        id=str(id_),
        title=str(title),
        source=str(source),
        kind=str(kind),
        category=str(category),
        published=parse_date(published if isinstance(published, str) else None),
        url=str(url),
        lang=str(lang),
        direction=str(direction),
        added_at=str(added),
        read=bool(rd),
        starred=bool(st),
        archived=bool(ar),
    )


def article_params(article: Article, added_at: str) -> dict[str, object]:
    """Named parameters for inserting ``article`` into ``articles``."""
    published = article.published.isoformat() if article.published else None
    return {
        "id": article.content_id,
        "title": article.title,
        "paragraphs": _TO_JSON(list(article.paragraphs)),
        "source": article.source,
        "kind": article.kind,
        "category": article.category,
        "published": published,
        "path": storable(str(article.path)) if article.path else None,
        "url": article.url,
        "extra": _TO_JSON(dict(article.extra)),
        "lang": article.lang,
        "direction": str(article.direction),
        "added_at": added_at,
        "sort_date": published or added_at,
    }


def article_from_sql(row: tuple[object, ...]) -> Article:
    """An :class:`Article` from a ``SELECT ARTICLE_COLUMNS`` result (``pk`` first)."""
    _pk, title, paragraphs, source, kind, category, published, path, url, extra, _added = row
    return Article(
        title=str(title),
        paragraphs=tuple(json.loads(str(paragraphs))),
        source=str(source),
        kind=str(kind),
        category=str(category),
        published=parse_date(published if isinstance(published, str) else None),
        path=Path(str(path)) if path else None,
        url=str(url),
        extra={str(k): str(v) for k, v in json.loads(str(extra)).items()},
    )


def state_from_sql(row: tuple[object, ...], tags: tuple[str, ...],
                   shared_tags: tuple[str, ...] = ()) -> ArticleState:
    """An :class:`ArticleState` from a ``SELECT STATE_COLUMNS`` result."""
    read, starred, archived, note, read_at, starred_at, archived_at, updated_at = row
    return ArticleState(
        read=bool(read),
        starred=bool(starred),
        archived=bool(archived),
        tags=tags,
        note=str(note),
        read_at=_opt(read_at),
        starred_at=_opt(starred_at),
        archived_at=_opt(archived_at),
        updated_at=_opt(updated_at),
        shared_tags=shared_tags,
    )


def _opt(value: object) -> str | None:
    return None if value is None else str(value)
