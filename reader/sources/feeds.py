"""RSS/Atom feeds: parsing them (feedparser) and the ``feed`` kind of subscription.

Parsing is strict on purpose: a feed that is not well-formed XML, or whose bytes cannot be decoded,
is refused as a whole with one message, so a broken download never half-imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar
from urllib.parse import urlsplit

from reader.model.article import FULL_TEXT, LINKS, Article
from reader.sources.base import Harvest, SourceState, text_value
from reader.sources.errors import SourceError
from reader.sources.files import check_text
from reader.sources.html_text import (
    html_to_paragraphs,
    html_to_text_and_links,
    text_to_paragraphs,
)
from reader.sources.http import DEFAULT_TIMEOUT, Fetched, fetch
from reader.sources.xml_text import decode_xml, strip_declaration


@dataclass(frozen=True)
class FeedSource:
    """An RSS or Atom feed at an http(s) URL, fetched conditionally (ETag / Last-Modified)."""

    kind: ClassVar[str] = "feed"
    location: str
    name: str = ""
    folder: str = ""
    timeout: float = DEFAULT_TIMEOUT

    def fetch(self, state: SourceState) -> Harvest:
        """The feed's entries; ``unchanged`` when the server says nothing changed."""
        etag, modified = text_value(state, "etag"), text_value(state, "modified")
        answer = fetch(self.location, etag, modified, self.timeout)
        if answer.status == 304:
            return Harvest(state={"etag": etag, "modified": modified}, unchanged=True)
        return harvest_answer(answer, self.location, self.folder)


def harvest_answer(answer: Fetched, origin: str, folder: str = "") -> Harvest:
    """The articles of a feed fetched from ``origin`` and the state for the next request."""
    check_text(answer.data, origin)
    feed = parse_feed(answer.data, origin, folder=folder)
    return Harvest(
        articles=feed.articles,
        state={"etag": answer.etag, "modified": answer.modified},
        title=feed.title,
        site_url=feed.site_url,
    )


# -- parsing -----------------------------------------------------------------------------------


@dataclass
class ParsedFeed:
    """A parsed feed: its title, site and articles."""

    title: str
    site_url: str
    articles: list[Article] = field(default_factory=list)


def parse_feed(data: bytes, origin: str, folder: str = "") -> ParsedFeed:
    """Parse RSS or Atom bytes; SourceError when they are not a well-formed feed."""
    import feedparser  # type: ignore[import-untyped,unused-ignore]  # heavy: only for feeds

    text = strip_declaration(decode_xml(data, origin))
    utf8 = ('<?xml version="1.0" encoding="utf-8"?>\n' + text).encode("utf-8")
    try:
        parsed: Any = feedparser.parse(utf8, sanitize_html=False, resolve_relative_uris=False)
    except Exception as error:  # feedparser is lenient; anything it raises is a bad source
        raise SourceError(
            f"{origin}: cannot be parsed as a feed ({type(error).__name__})"
        ) from None
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(
        problem, feedparser.exceptions.CharacterEncodingOverride
    ):
        raise SourceError(f"{origin}: not a well-formed RSS/Atom feed ({_describe(problem)})")
    if not parsed.get("version"):
        raise SourceError(f"{origin}: not an RSS or Atom feed")
    meta = parsed.get("feed", {})
    title = _plain(meta.get("title", "")) or urlsplit(origin).netloc or origin
    feed = ParsedFeed(title=title, site_url=str(meta.get("link", "")))
    for entry in parsed.get("entries", []):
        article = entry_to_article(entry, title, origin, folder)
        if article is not None:
            feed.articles.append(article)
    return feed


def _describe(problem: object) -> str:
    if problem is None:
        return "unknown problem"
    line = getattr(problem, "getLineNumber", None)
    where = f" at line {line()}" if callable(line) else ""
    message = getattr(problem, "getMessage", None)
    text = message() if callable(message) else str(problem)
    return f"{text}{where}"


def entry_to_article(entry: Any, feed_title: str, feed_url: str, folder: str) -> Article | None:
    """An :class:`Article` from one feedparser entry (None when it has no text at all)."""
    paragraphs, full, links = _entry_body(entry)
    title = _plain(entry.get("title", ""))
    if not title and paragraphs:
        title = paragraphs[0][:80]
    if not title:
        return None
    tags = [str(t.get("term", "")) for t in entry.get("tags", []) if t.get("term")]
    extra = {"feed": feed_url, FULL_TEXT: "yes" if full else "no"}
    if links:
        extra[LINKS] = "\n".join(links)
    for key in ("id", "author"):
        if entry.get(key):
            extra[key] = str(entry.get(key))
    return Article(
        title=title,
        paragraphs=paragraphs,
        source=feed_title,
        kind="feed",
        category=folder or (tags[0] if tags else ""),
        published=_entry_date(entry),
        url=str(entry.get("link", "")),
        extra=extra,
    )


def _entry_body(entry: Any) -> tuple[tuple[str, ...], bool, tuple[str, ...]]:
    """The entry's paragraphs, whether they are its full text, and the links inside them."""
    contents = [c for c in entry.get("content", []) if c.get("value")]
    if contents:
        best = max(contents, key=lambda c: len(c.get("value", "")))
        return _with_flag(_to_paragraphs(best.get("value", ""), best.get("type", "")), True)
    summary = entry.get("summary_detail") or {}
    value = entry.get("summary", "")
    return _with_flag(_to_paragraphs(value, summary.get("type", "text/html")), False)


def _with_flag(
    found: tuple[tuple[str, ...], tuple[str, ...]], full: bool
) -> tuple[tuple[str, ...], bool, tuple[str, ...]]:
    return found[0], full, found[1]


def _to_paragraphs(value: str, mime: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if "html" in mime or "<" in value:
        return html_to_text_and_links(value)
    return text_to_paragraphs(value), ()


def _plain(value: str) -> str:
    return " ".join(html_to_paragraphs(value)) if "<" in value or "&" in value else value.strip()


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return date(value[0], value[1], value[2])
            except (TypeError, ValueError):
                continue
    return None
