"""``extract_entities``: Arabic and English names, dates and numbers, sorted by offset."""

from __future__ import annotations

import re
from operator import itemgetter
from typing import NamedTuple

from reader.lang.tokens import Token, sentences, tokenize
from reader.nlp.arabic import arabic_entities
from reader.nlp.english import english_entities
from reader.nlp.hebrew import hebrew_entities
from reader.nlp.patterns import covered_offsets, find_dates, find_numbers, start_tokens
from reader.nlp.persian import persian_entities
from reader.nlp.types import Entity

# The letters reader.text.direction.detect_language counts (a test keeps the two in step).
_PERSIAN = "پچژگکی"
_URDU = "ٹڈڑںھےۓ"
_ASCII_LETTERS = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
# In UTF-8, U+0600-U+06FF are the characters whose lead byte is D8-DB; U+0750-U+077F lead
# with DD and continue with 90-BF; Hebrew U+0590-U+05FF leads with D7, or D6 then 90-BF.
# The Persian and Urdu letters are پ and ٹ (D9 BE, D9 B9) and letters of U+0680-U+06FF.
_ARABIC_SUPPLEMENT = re.compile(b"\xdd[\x90-\xbf]")
_HEBREW_LOW = re.compile(b"\xd6[\x90-\xbf]")
_KIND = itemgetter(4)  # Token.kind


class _Letters(NamedTuple):
    arabic: int
    hebrew: int
    latin: int
    extended: int  # at least the Persian and Urdu letters among the Arabic ones


def _letters(text: str) -> _Letters:
    """How many characters of ``text`` are Arabic (U+0600-U+06FF, U+0750-U+077F), Hebrew
    (U+0590-U+05FF) and ASCII letters: counted as bytes of its UTF-8 form, which takes a few
    passes in C where regular expressions over the characters took several times longer."""
    data = text.encode("utf-8", "surrogatepass")
    basic = data.count(b"\xd8") + data.count(b"\xd9")
    extended = data.count(b"\xda") + data.count(b"\xdb")
    arabic = basic + extended
    if b"\xdd" in data:
        arabic += len(_ARABIC_SUPPLEMENT.findall(data))
    hebrew = data.count(b"\xd7")
    if b"\xd6" in data:
        hebrew += len(_HEBREW_LOW.findall(data))
    latin = len(data) - len(data.translate(None, _ASCII_LETTERS))
    extended += data.count("پ".encode()) + data.count("ٹ".encode())
    return _Letters(arabic, hebrew, latin, extended)


def language(text: str) -> str:
    """``reader.text.direction.detect_language``, counting letters in C (much faster)."""
    letters = _letters(text)
    arabic = letters.arabic
    counts = {"ar": arabic, "he": letters.hebrew, "en": letters.latin}
    best = max(counts, key=lambda key: counts[key])
    if counts[best] == 0:
        return ""
    # Urdu or Persian need more than 3 of their letters: Arabic text usually has none.
    if best == "ar" and arabic and letters.extended > 3:
        if sum(map(text.count, _URDU)) > max(3, arabic // 200):
            return "ur"
        if sum(map(text.count, _PERSIAN)) > max(3, arabic // 50):
            return "fa"
    return best


def _no_overlap(found: list[Entity], taken: list[Entity]) -> list[Entity]:
    if not taken:
        return found
    busy = covered_offsets(taken)
    return [e for e in found if busy.find(1, e.start, e.end) < 0]


def _with_latin_names(names: list[Entity], latin: list[Entity]) -> list[Entity]:
    """``names`` (from the Arabic, Hebrew or Persian reading) and the Latin names the English
    reading found, each mention once: where both readings found the same span, the more
    specific label wins (a Latin name the Arabic model calls MISC may be an organisation the
    English lists know); a Latin name overlapping another span is left out."""
    if not names:
        return latin
    by_span = {(e.start, e.end): i for i, e in enumerate(names)}
    merged = list(names)
    extra = []
    for entity in latin:
        same = by_span.get((entity.start, entity.end))
        if same is None:
            extra.append(entity)
        elif merged[same].label == "MISC" and entity.label != "MISC":
            merged[same] = entity
    return merged + _no_overlap(extra, names)


def extract_entities(text: str, tokens: list[Token] | None = None,
                     accurate: bool = False, lang: str | None = None) -> list[Entity]:
    """All entities of ``text``; offsets index into ``text``; clitics excluded from spans.

    ``tokens`` may pass ``tokenize(text)`` when the caller already has it (``analyze`` shares
    one tokenisation between entities and keywords), and ``lang`` ``language(text[:2000])``.
    ``accurate``: Arabic names from the
    CRF that reads the neural tagger's guesses too (better recall, several times slower).

    Arabic names need Arabic text; Hebrew and Persian names come from their own lists and
    trigger rules (``rtl_names``), never from the Arabic model; Urdu gets dates, numbers and
    Latin names only.
    """
    if tokens is None:
        tokens = tokenize(text)
    starts = start_tokens(tokens)
    dates = find_dates(text, starts)
    numbers = find_numbers(text, dates, starts)
    sents = sentences(text, tokens)
    names: list[Entity] = []
    if lang is None:
        lang = language(text[:2000])
    if lang == "ar":
        names.extend(arabic_entities(text, sents, accurate=accurate))
    elif lang == "he":
        names.extend(hebrew_entities(text))
    elif lang == "fa":
        names.extend(persian_entities(text))
    latin = [s for s in sents if "lat" in map(_KIND, s)]
    if latin:
        names = _with_latin_names(names, english_entities(text, latin))
    found = dates + numbers + _no_overlap(names, dates + numbers)
    return sorted(found, key=lambda e: (e.start, e.end))
