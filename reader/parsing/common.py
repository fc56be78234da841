"""Small text helpers shared by the format parsers, and the final Article assembly."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reader.model.article import Article
from reader.parsing.errors import ArticleLoadError

WARNING_KEY = "warning"
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def clean(text: str) -> str:
    """Runs of spaces (including no-break spaces) to one space, trimmed; ZWNJ/ZWJ are kept."""
    return _SPACES.sub(" ", text).strip()


def nonempty_lines(text: str) -> list[str]:
    """The cleaned, non-empty lines of ``text``."""
    return [line for line in (clean(raw) for raw in text.split("\n")) if line]


def blocks(lines: Iterable[str]) -> list[list[str]]:
    """Lines grouped into blocks separated by blank lines; each line cleaned."""
    grouped: list[list[str]] = [[]]
    for raw in lines:
        line = clean(raw)
        if line:
            grouped[-1].append(line)
        elif grouped[-1]:
            grouped.append([])
    return [block for block in grouped if block]


@dataclass
class Draft:
    """An article being assembled by a parser, before it is checked and frozen."""

    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    source: str = ""
    kind: str = ""
    category: str = ""
    published: date | None = None
    url: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def finish(draft: Draft, path: Path, fmt: str, encoding: str, warning: str = "") -> Article:
    """Check the draft has a title and a body, then build the Article (``warning``, about the
    decoding, is kept in ``extra["warning"]``)."""
    paragraphs = [text for text in (clean(p) for p in draft.paragraphs) if text]
    title = clean(draft.title)
    if not title and len(paragraphs) > 1:
        title = paragraphs.pop(0)
    if not title and not paragraphs:
        raise ArticleLoadError(path, "it has no article text")
    if not title:
        raise ArticleLoadError(path, "it has no title")
    if not paragraphs:
        raise ArticleLoadError(path, "it has a title but no body text")
    extra = {"format": fmt, "encoding": encoding, **draft.extra}
    if warning:
        extra[WARNING_KEY] = warning
    return Article(
        title=title,
        paragraphs=tuple(paragraphs),
        source=clean(draft.source),
        kind=clean(draft.kind),
        category=clean(draft.category),
        published=draft.published,
        path=path,
        url=draft.url.strip(),
        extra=extra,
    )
