"""Writing articles out as JSON Lines or Markdown, always in logical (never visual) order.

Both go through the output gate (:mod:`reader.text.output`): an exported file is opened in a
terminal, or piped to one, as often as it is read by a program."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from reader.store.models import ArticleRow, StoredArticle
from reader.store.views import SHARED_MARK
from reader.text.output import display_text, json_dumps


def article_record(stored: StoredArticle) -> dict[str, object]:
    """A JSON-ready dict of one stored article and its state."""
    article, state = stored.article, stored.state
    return {
        "id": article.content_id,
        "title": article.title,
        "paragraphs": list(article.paragraphs),
        "source": article.source,
        "kind": article.kind,
        "category": article.category,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "lang": article.lang,
        "direction": str(article.direction),
        "read": state.read,
        "starred": state.starred,
        "archived": state.archived,
        "tags": list(state.tags),
        "shared_tags": list(state.shared_tags),
        "note": state.note,
        "origins": list(stored.origins),
        "added_at": stored.added_at,
        "extra": dict(article.extra),
    }


def row_record(row: ArticleRow) -> dict[str, object]:
    """A JSON-ready dict of one list row (search results)."""
    return {
        "id": row.id,
        "title": row.title,
        "source": row.source,
        "published": row.published.isoformat() if row.published else None,
        "url": row.url,
        "lang": row.lang,
        "direction": row.direction,
        "read": row.read,
        "starred": row.starred,
        "archived": row.archived,
        "snippet": row.snippet,
    }


def dumps(record: object) -> str:
    """Compact JSON with non-ASCII text kept readable, and every control, C1 and bidi format
    character escaped (the output gate's JSON form)."""
    return json_dumps(record, separators=(", ", ": "))


def write_jsonl(articles: Iterable[StoredArticle], out: TextIO) -> int:
    """One JSON object per line; returns how many were written."""
    count = 0
    for stored in articles:
        out.write(dumps(article_record(stored)) + "\n")
        count += 1
    return count


def write_markdown(articles: Iterable[StoredArticle], out: TextIO) -> int:
    """Each article as a Markdown section; returns how many were written."""
    count = 0
    for stored in articles:
        if count:
            out.write("\n---\n\n")
        out.write(display_text(markdown(stored)))
        count += 1
    return count


def markdown(stored: StoredArticle) -> str:
    """One article as Markdown: heading, a metadata line, the paragraphs."""
    article = stored.article
    meta = [article.source, article.published.isoformat() if article.published else ""]
    meta += [f"#{tag}" for tag in stored.state.tags]
    meta += [f"#{tag}{SHARED_MARK}" for tag in stored.state.shared_tags]
    lines = [f"# {_one_line(article.title)}", ""]
    byline = " · ".join(m for m in meta if m)
    if byline:
        lines += [f"*{byline}*", ""]
    if article.url:
        lines += [f"<{article.url}>", ""]
    for paragraph in article.paragraphs:
        lines += [paragraph, ""]
    if stored.state.note:
        lines += [f"> {_one_line(stored.state.note)}", ""]
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())
