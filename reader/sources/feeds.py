"""RSS/Atom feeds: reading them as a stream (:mod:`reader.sources.feed_xml`, on expat) and the
``feed`` kind of subscription.

Parsing is strict on purpose: a feed that is not well-formed XML, or whose bytes cannot be
decoded, is refused with one message naming the line (or the byte). A feed is read as a stream
(:class:`FeedStream`): its articles come one by one as their entries are read, in the memory of
one entry whatever the size of the feed. So an error can come after some articles were already
handed on: :class:`FeedStream` counts them (``articles_read``), and whoever stores them says how
many came in before the error (a file import stores them in batches as they come, see
:mod:`reader.services.intake`); :func:`parse_feed`, for a feed fetched whole, reads every article
before returning any, so a broken download never half-imports.

One entry keeps at most :data:`~reader.sources.feed_xml.MAX_ENTRY_CHARS` characters of text
(about 1 MB); a longer one is cut there, with one warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar
from urllib.parse import urlsplit

from reader.model.article import FULL_TEXT, LINKS, Article
from reader.sources.base import Harvest, SourceState, text_value
from reader.sources.errors import SourceError
from reader.sources.feed_dates import feed_date
from reader.sources.feed_xml import (
    MAX_ENTRY_CHARS,
    FeedScanner,
    FeedSyntaxError,
    RawEntry,
    TextConstruct,
)
from reader.sources.files import check_text
from reader.sources.html_text import (
    html_to_paragraphs,
    html_to_text_and_links,
    text_to_paragraphs,
)
from reader.sources.http import DEFAULT_TIMEOUT, Fetched, fetch
from reader.sources.xml_text import checked_stream

_FEED_ROOTS = frozenset({"rss", "feed", "RDF", "rdf"})


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
        warnings=feed.warnings,
    )


# -- parsing -----------------------------------------------------------------------------------


@dataclass
class ParsedFeed:
    """A parsed feed: its title, site, articles and warnings (entries cut)."""

    title: str
    site_url: str
    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_feed(data: bytes, origin: str, folder: str = "") -> ParsedFeed:
    """Parse RSS or Atom bytes whole; SourceError when they are not a well-formed feed (and
    then no article at all)."""
    stream = FeedStream((data,), origin, folder)
    articles = list(stream)
    return ParsedFeed(stream.title, stream.site_url, articles, stream.warnings)


class FeedStream:
    """The articles of a feed given as chunks of bytes, read as they come (iterate once).

    Raises SourceError while iterating when the feed is not a well-formed RSS/Atom feed; the
    articles already yielded (``articles_read``) stay valid. The feed's ``title`` is settled when
    its first article is made (a feed names itself before its entries; one that does so only
    after them is known by its address, so no entry ever waits in memory for it).
    """

    def __init__(
        self,
        chunks: Iterable[bytes],
        origin: str,
        folder: str = "",
        max_entry_chars: int = MAX_ENTRY_CHARS,
    ) -> None:
        self.origin = origin
        self.folder = folder
        self.title = ""
        self.site_url = ""
        self.warnings: list[str] = []
        self.articles_read = 0
        self._chunks = chunks
        self._scanner = FeedScanner(max_entry_chars)

    def __iter__(self) -> Iterator[Article]:
        scanner = self._scanner
        try:
            for text in checked_stream(self._chunks, self.origin):
                yield from self._articles(scanner.feed(text))
            yield from self._articles(scanner.feed("", final=True))
        except FeedSyntaxError as error:
            yield from self._articles(error.entries)
            raise SourceError(
                f"{self.origin}: not a well-formed RSS/Atom feed ({error})"
            ) from None
        self._settle()

    def _articles(self, entries: list[RawEntry]) -> Iterator[Article]:
        if self._scanner.root and self._scanner.root not in _FEED_ROOTS:
            raise SourceError(f"{self.origin}: not an RSS or Atom feed")
        for entry in entries:
            self._settle()
            if entry.cut:
                self.warnings.append(
                    f"{self.origin}: the entry at line {entry.line} holds more than "
                    f"{self._scanner.max_entry_chars:,} characters of text; cut there"
                )
            article = entry_to_article(entry, self.title, self.origin, self.folder)
            if article is not None:
                self.articles_read += 1
                yield article

    def _settle(self) -> None:
        if not self.title:
            found = _plain(self._scanner.title)
            self.title = found or urlsplit(self.origin).netloc or self.origin
            self.site_url = self._scanner.site_url


def entry_to_article(
    entry: RawEntry, feed_title: str, feed_url: str, folder: str
) -> Article | None:
    """An :class:`Article` from one entry (None when it has no text at all)."""
    paragraphs, full, links = _entry_body(entry)
    title = _plain(entry.title)
    if not title and paragraphs:
        title = paragraphs[0][:80]
    if not title:
        return None
    extra = {"feed": feed_url, FULL_TEXT: "yes" if full else "no"}
    if links:
        extra[LINKS] = "\n".join(links)
    if entry.id:
        extra["id"] = entry.id
    if entry.author:
        extra["author"] = entry.author
    return Article(
        title=title,
        paragraphs=paragraphs,
        source=feed_title,
        kind="feed",
        category=folder or (entry.tags[0] if entry.tags else ""),
        published=_entry_date(entry),
        url=entry.link,
        extra=extra,
    )


def _entry_body(entry: RawEntry) -> tuple[tuple[str, ...], bool, tuple[str, ...]]:
    """The entry's paragraphs, whether they are its full text, and the links inside them."""
    contents = [c for c in entry.contents if c.value]
    if contents:
        best = max(contents, key=lambda c: len(c.value))
        return _with_flag(_to_paragraphs(best), True)
    summary = entry.summary or TextConstruct("", "text/html")
    return _with_flag(_to_paragraphs(summary), False)


def _with_flag(
    found: tuple[tuple[str, ...], tuple[str, ...]], full: bool
) -> tuple[tuple[str, ...], bool, tuple[str, ...]]:
    return found[0], full, found[1]


def _to_paragraphs(text: TextConstruct) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if "html" in text.mime or "<" in text.value:
        return html_to_text_and_links(text.value)
    return text_to_paragraphs(text.value), ()


def _plain(value: str) -> str:
    return " ".join(html_to_paragraphs(value)) if "<" in value or "&" in value else value.strip()


def _entry_date(entry: RawEntry) -> date | None:
    for written in (entry.published, entry.updated, entry.created):
        found = feed_date(written) if written else None
        if found is not None:
            return found
    return None
