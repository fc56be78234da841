"""Plain data returned by the store: cheap list rows, full records, results and statistics.

The immutable records are named tuples: the reader creates these classes on every start, and a
frozen dataclass costs five times as much to create (about 1 ms each here).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import NamedTuple

from reader.model.article import Article
from reader.model.wording import counted


class ArticleRow(NamedTuple):
    """One line of an article list: no body, so 100,000 of them stay cheap.

    ``snippet`` is set by :meth:`Library.search`: a short excerpt of the text, logical order, with
    ``snippet_spans`` giving the (start, end) offsets of the matched words inside it.
    """

    id: str
    title: str
    source: str
    kind: str
    category: str
    published: date | None
    url: str
    lang: str
    direction: str
    added_at: str
    read: bool
    starred: bool
    archived: bool
    snippet: str = ""
    snippet_spans: tuple[tuple[int, int], ...] = ()


class ArticleState(NamedTuple):
    """The user's state of one article."""

    read: bool = False
    starred: bool = False
    archived: bool = False
    tags: tuple[str, ...] = ()
    note: str = ""
    read_at: str | None = None
    starred_at: str | None = None
    archived_at: str | None = None
    updated_at: str | None = None
    shared_tags: tuple[str, ...] = ()  # the desk's shared tags on it (every reader sees them)


class StoredArticle(NamedTuple):
    """A full article as stored, its state, and every place it was imported from."""

    article: Article
    state: ArticleState
    origins: tuple[str, ...]
    added_at: str


@dataclass(slots=True)
class ImportResult:
    """What :meth:`Library.add` or an import did: ids added, duplicates merged, errors, and
    warnings about articles added with a caveat (bad bytes replaced when the file was read)."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    subscriptions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def merge(self, other: ImportResult) -> None:
        """Fold another result into this one."""
        self.added.extend(other.added)
        self.duplicates.extend(other.duplicates)
        self.subscriptions.extend(other.subscriptions)
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)

    def summary(self) -> str:
        """A one-line human summary."""
        parts = [counted(len(self.added), "new article"), f"{len(self.duplicates)} already present"]
        if self.subscriptions:
            parts.append(counted(len(self.subscriptions), "subscription"))
        if self.errors:
            parts.append(counted(len(self.errors), "source") + " failed")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class ViewCount:  # a field named count: not a tuple
    """A view's label and how many articles it holds (for the navigation pane)."""

    view: object
    label: str
    count: int
    unread: int


NO_STATE: Mapping[str, object] = MappingProxyType({})


class Subscription(NamedTuple):
    """A source the user follows: a feed, a Telegram export…

    ``kind`` names the source class that fetches it (``reader.sources.registry``); ``state`` is
    what its last fetch left for the next one (an ETag, a cursor), as that class wrote it.
    """

    url: str
    title: str = ""
    site_url: str = ""
    folder: str = ""
    kind: str = "feed"
    state: Mapping[str, object] = NO_STATE
    last_fetched: str | None = None
    last_error: str = ""


USER_SETTINGS = ("full_text",)
"""The keys of a subscription's ``state`` that the user sets (kept across fetches); the rest is
what its source wrote."""


class Stats(NamedTuple):
    """Figures about the whole library."""

    articles: int
    unread: int
    incoming: int
    starred: int
    archived: int
    tags: int
    sources: int
    subscriptions: int
    analyzed: int
    languages: dict[str, int]
    oldest: str | None
    newest: str | None
    schema_version: int
    path: str


class EntityCount(NamedTuple):
    """An entity and the number of articles (and mentions) it appears in."""

    text: str
    label: str
    articles: int
    mentions: int


class KeywordCount(NamedTuple):
    """A keyword, the number of articles carrying it and its summed score."""

    text: str
    articles: int
    score: float


@dataclass(frozen=True, slots=True)
class CachedEntity:  # a field named count: not a tuple
    """An entity of one article's cached analysis (same fields as ``reader.nlp.EntitySummary``)."""

    text: str
    label: str
    count: int
    spans: tuple[tuple[int, int], ...]


class CachedKeyword(NamedTuple):
    """A keyword of one article's cached analysis (same fields as ``reader.nlp.Keyword``)."""

    text: str
    score: float


class CachedAnalysis(NamedTuple):
    """One article's analysis as cached, shaped like ``reader.nlp.Analysis``."""

    version: str
    entities: tuple[CachedEntity, ...]
    keywords: tuple[CachedKeyword, ...]
