"""Keeping terminal escape sequences and control characters out of the library.

Text shown in a terminal must never carry ESC sequences (they could move the cursor, change the
title or the terminal's bidi mode). :func:`clean_text` removes them with the display's own
sanitizer. (A source that is mostly control characters is refused before it gets here, by
:func:`reader.sources.files.check_text`, rather than silently gutted.)
"""

from __future__ import annotations

from dataclasses import replace

from reader.model.article import Article
from reader.text.sanitize import needs_sanitizing, sanitize


def clean_text(text: str) -> str:
    """``text`` without escape sequences, controls and bidi overrides (\\r\\n becomes \\n)."""
    return sanitize(text).text


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
    if not needs_sanitizing("\n".join((*fields, *article.extra, *article.extra.values()))):
        return article  # one scan of the whole article: most need nothing
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
