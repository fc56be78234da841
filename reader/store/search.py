"""Turning a user's search into an FTS5 query, and cutting a snippet around the match.

Query syntax (deliberately small): words are ANDed; ``-word`` excludes; ``word*`` is a prefix.
Every word is folded like the index (see :mod:`reader.lang.words`) and quoted, so FTS5
operators typed by the user are plain words and can never make the query fail. Phrases are not
supported: the index interleaves clitic-stripped forms between the words, so quoted words are
simply ANDed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reader.lang.words import clitic_stems, query_words, spellings

_RAW_WORD = re.compile(
    r"(?:\w|[\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed"
    r"\u200c\u200d])+"
)
_LATIN_SUFFIXES = ("ing", "ed", "es", "s", "ly")
SNIPPET_WIDTH = 160
MAX_TERMS = 32  # distinct words kept from one search, and as many excluded ones
# The stems of the words a search shows (titles, snippets), for its highlights: a cache of their
# own, apart from the index's (an import's vocabulary, 200,000 words), which a long session of
# searches would otherwise fill with every word it ever showed (about 180 bytes a word).
HIGHLIGHT_STEMS_KEPT = 8192
_highlight_stems = lru_cache(maxsize=HIGHLIGHT_STEMS_KEPT)(clitic_stems.__wrapped__)


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A search split into its terms: each term is a tuple of alternative normalised forms."""

    include: tuple[tuple[str, ...], ...]
    exclude: tuple[tuple[str, ...], ...]
    prefixes: frozenset[str]

    def fts(self) -> str | None:
        """The FTS5 MATCH expression, or None when there is nothing to look for."""
        if not self.include:
            return None
        match = " AND ".join(self._term(forms) for forms in self.include)
        if self.exclude:
            excluded = " OR ".join(self._term(forms) for forms in self.exclude)
            match = f"({match}) NOT ({excluded})"
        return match

    def _term(self, forms: tuple[str, ...]) -> str:
        quoted = [f'"{form}"' + ("*" if form in self.prefixes else "") for form in forms]
        return "(" + " OR ".join(quoted) + ")"

    def all_forms(self) -> frozenset[str]:
        """Every normalised form that counts as a hit, for snippets."""
        return frozenset(form for forms in self.include for form in forms)


def parse_query(text: str) -> ParsedQuery:
    """Split a user's search into included, excluded and prefix terms.

    A term given twice counts once, and only the first :data:`MAX_TERMS` distinct terms of each
    kind are kept: a pasted paragraph (or a thousand repeated words) stays a query FTS5 answers
    at once.
    """
    include: dict[tuple[str, ...], None] = {}
    exclude: dict[tuple[str, ...], None] = {}
    prefixes: set[str] = set()
    for raw in text.replace('"', " ").split():
        negative = raw.startswith("-") and len(raw) > 1
        is_prefix = raw.endswith("*")
        words = query_words(raw)
        terms = exclude if negative else include
        for index, forms in enumerate(words):
            if forms not in terms and len(terms) >= MAX_TERMS:
                continue
            if is_prefix and index == len(words) - 1:
                prefixes.update(forms)
            terms[forms] = None
    return ParsedQuery(tuple(include), tuple(exclude), frozenset(prefixes))


def _latin_stem(word: str) -> str:
    for suffix in _LATIN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _is_hit(raw: str, query: ParsedQuery, forms: frozenset[str]) -> bool:
    words = [word for spelling in spellings(raw) for word in spelling]
    candidates = [form for word in words for form in (word, *_highlight_stems(word))]
    if any(c in forms for c in candidates):
        return True
    if any(c.startswith(p) for c in candidates for p in query.prefixes):
        return True
    return any(
        word.isascii() and _latin_stem(word) in {_latin_stem(f) for f in forms} for word in words
    )


def hit_spans(text: str, query: ParsedQuery) -> list[tuple[int, int]]:
    """The (start, end) offsets of the words of ``text`` that the query matches."""
    forms = query.all_forms()
    return [
        (m.start(), m.end())
        for m in _RAW_WORD.finditer(text)
        if _is_hit(m.group(), query, forms)
    ]


def snippet(
    title: str, paragraphs: tuple[str, ...], query: ParsedQuery
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A short excerpt around the first match in the body, with the match offsets inside it."""
    for paragraph in paragraphs:
        spans = hit_spans(paragraph, query)
        if spans:
            return _window(paragraph, spans)
    first = paragraphs[0] if paragraphs else title
    return _window(first, [])


def _window(text: str, spans: list[tuple[int, int]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    center = spans[0][0] if spans else 0
    start = max(0, center - SNIPPET_WIDTH // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < center else start
    end = min(len(text), start + SNIPPET_WIDTH)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > center else end
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    body = " ".join(text[start:end].split("\n"))
    shift = len(prefix) - start
    inside = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return f"{prefix}{body}{suffix}", inside


def from_the_match(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """A snippet cut to start at the word before its first match (with "…"), for a list row
    that has only a few cells for it."""
    if not spans:
        return text
    start = text.rfind(" ", 0, max(spans[0][0] - 1, 0)) + 1
    return text if start <= 1 else "…" + text[start:]
