"""The article model: plain data, logical text, no Textual import."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from reader.text.direction import (
    Direction,
    first_strong_direction,
    language_and_direction,
)

# Kinds the importers give that say where an article came from, not what kind of piece it is.
ORIGIN_KINDS = frozenset({"feed", "opml", "url", "file", "telegram"})
KEPT_ID = "content_id"  # extra key: the id an article keeps when its body is replaced
SUMMARY = "summary"  # extra key: the feed's summary, kept when the full text replaced it
FULL_TEXT = "full_text"  # extra key: "yes" (the feed had it), "no" (a summary), "page" (fetched)
LINKS = "links"  # extra key: the links inside the body, one per line, as the source gave them


@dataclass(frozen=True)
class Article:
    """One news article, its text kept in logical order exactly as the source gave it.

    ``paragraphs`` hold the body; display code lays them out, nothing here is visual.
    """

    title: str
    paragraphs: tuple[str, ...]
    source: str = ""
    kind: str = ""
    category: str = ""
    published: date | None = None
    path: Path | None = None
    url: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @cached_property
    def body(self) -> str:
        """The body as one logical string, paragraphs separated by a blank line."""
        return "\n\n".join(self.paragraphs)

    def metadata_fields(self) -> list[str]:
        """Source, byline, category and ISO date, the ones that are set: separate display fields.

        The byline is the author a feed names, or the kind of piece a page's byline names
        (``كوردستريت || متابعات``); a kind that only says where the article came from
        ("feed") is no byline and is not shown.
        """
        date = self.published.isoformat() if self.published else ""
        kind = "" if self.kind.casefold() in ORIGIN_KINDS else self.kind
        author = self.extra.get("author", "")
        parts = (self.source, author if author != self.source else "", kind, self.category, date)
        return [part for part in parts if part]

    @cached_property
    def content_id(self) -> str:
        """A stable id from the content (title and body), so duplicates share it.

        An article whose summary was replaced by the page's full text keeps the id it was
        stored under (``extra["content_id"]``), so the feed's next copy stays a duplicate.
        """
        if kept := self.extra.get(KEPT_ID):
            return kept
        import hashlib  # OpenSSL's start-up is not needed before the first screen

        digest = hashlib.sha256(f"{self.title}\n\n{self.body}".encode()).hexdigest()
        return digest[:16]

    @cached_property
    def lang(self) -> str:
        """A coarse language code guessed from the script of the text."""
        return self._script_guess[0]

    @cached_property
    def _script_guess(self) -> tuple[str, Direction | None]:
        """The language and the majority direction of the title and the start of the body,
        counted together (every article stored needs both)."""
        return language_and_direction(f"{self.title}\n{self.body[:4000]}")

    @cached_property
    def direction(self) -> Direction:
        """The article's base direction: the script most of its letters are in (title and the
        start of the body), else the body's first strong character, then the title's."""
        if found := self._script_guess[1]:
            return found
        for text in (*self.paragraphs[:3], self.title):
            found = first_strong_direction(text)
            if found is not None:
                return found
        return Direction.LTR
