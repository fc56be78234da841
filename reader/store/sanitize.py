"""Keeping terminal escape sequences and control characters out of the library.

Text shown in a terminal must never carry ESC sequences (they could move the cursor, change the
title or the terminal's bidi mode). :func:`clean_text` removes them with the display's own
sanitizer; :func:`control_share` lets the importer refuse a source that is mostly control
characters rather than silently gutting it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from reader.model.article import Article
from reader.text.sanitize import sanitize

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# "Full of escape sequences" (captured terminal output, a hostile file): at least this many
# control characters making up more than this share of the text. Fewer are simply removed.
MIN_CONTROLS = 64
MAX_CONTROL_SHARE = 0.02


def clean_text(text: str) -> str:
    """``text`` without escape sequences, controls and bidi overrides (\\r\\n becomes \\n)."""
    return sanitize(text).text


def control_share(text: str) -> float:
    """The share of characters in ``text`` that are control characters (ESC included)."""
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


def is_mostly_control(text: str) -> bool:
    """True for text full of escape sequences; a few stray ones are left to :func:`clean_text`."""
    controls = len(_CONTROL.findall(text))
    return controls >= MIN_CONTROLS and controls / max(1, len(text)) > MAX_CONTROL_SHARE


def storable(text: str) -> str:
    """``text`` as SQLite can store it: a byte ``os.fsdecode`` could not decode (a lone
    surrogate) becomes its escape, ``\\xff``, instead of failing the whole write."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate from elsewhere than a file name
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def clean_article(article: Article) -> Article:
    """The article with every text field cleaned (the fields the parsers do not know, in
    ``extra``, too); the same object when nothing needed it."""
    fields = (article.title, article.source, article.category, article.url, *article.paragraphs)
    extra = {clean_text(key): clean_text(value) for key, value in article.extra.items()}
    if extra != article.extra:
        article = replace(article, extra=extra)
    if all(clean_text(value) == value for value in fields):
        return article
    paragraphs = tuple(p for p in (clean_text(p).strip() for p in article.paragraphs) if p)
    return replace(
        article,
        title=clean_text(article.title).strip(),
        paragraphs=paragraphs,
        source=clean_text(article.source),
        category=clean_text(article.category),
        url=clean_text(article.url),
    )
