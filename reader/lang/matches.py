"""Where the words of a search are in a text: the spans to highlight in an article found by it.

A word of the text matches as the full-text search matches it: in any of its index forms (both
spellings, with or without its attached clitics, so ``بدمشق`` holds ``دمشق``); ``-word`` is an
exclusion, never looked for; ``prefix*`` matches the start of a form.
"""

from __future__ import annotations

import re

from reader.lang.words import index_forms, query_words, search_words

# Letters, digits and the marks Arabic and Hebrew write on them (harakat, niqqud), which
# ``\w`` alone would treat as the end of a word.
_WORD = re.compile(r"[\w\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+")


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of ``text``'s words that the search ``query`` matches."""
    wanted, prefixes = _query_terms(query)
    if not wanted and not prefixes:
        return []
    spans = []
    for word in _WORD.finditer(text):
        forms = set(index_forms(word.group()))
        if forms & wanted or any(form.startswith(prefixes) for form in forms):
            spans.append(word.span())
    return spans


def _query_terms(query: str) -> tuple[set[str], tuple[str, ...]]:
    wanted: set[str] = set()
    prefixes: list[str] = []
    for token in query.split():
        if token.startswith("-"):
            continue
        if token.endswith("*"):
            prefixes.extend(search_words(token.rstrip("*")))
            continue
        for forms in query_words(token):
            wanted.update(forms)
    return wanted, tuple(prefixes)
