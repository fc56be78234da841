"""``extract_entities``: Arabic and English names, dates and numbers, sorted by offset."""

from __future__ import annotations

import re

from reader.nlp.arabic import arabic_entities
from reader.nlp.english import english_entities
from reader.nlp.patterns import find_dates, find_numbers
from reader.nlp.text import Token, sentences, tokenize
from reader.nlp.types import Entity

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f]+")
# The letters reader.text.direction.detect_language counts (a test keeps the two in step).
_PERSIAN = re.compile("[پچژگکی]")
_URDU = re.compile("[ٹڈڑںھےۓ]")
_HEBREW = re.compile("[\u0590-\u05ff]+")
_LATIN = re.compile("[A-Za-z]+")


def _count(pattern: re.Pattern[str], text: str) -> int:
    """Characters of ``text`` in ``pattern``'s runs."""
    return sum(map(len, pattern.findall(text)))


def language(text: str) -> str:
    """``reader.text.direction.detect_language`` with regex counts (several times faster)."""
    arabic = _count(_ARABIC, text)
    counts = {"ar": arabic, "he": _count(_HEBREW, text), "en": _count(_LATIN, text)}
    best = max(counts, key=lambda key: counts[key])
    if counts[best] == 0:
        return ""
    if best == "ar" and arabic:
        if len(_URDU.findall(text)) > max(3, arabic // 200):
            return "ur"
        if len(_PERSIAN.findall(text)) > max(3, arabic // 50):
            return "fa"
    return best


def _no_overlap(found: list[Entity], taken: list[Entity]) -> list[Entity]:
    if not taken:
        return found
    busy = bytearray(max(e.end for e in taken))
    for t in taken:
        busy[t.start:t.end] = b"\x01" * (t.end - t.start)
    return [e for e in found if busy.find(1, e.start, e.end) < 0]


def extract_entities(text: str, tokens: list[Token] | None = None) -> list[Entity]:
    """All entities of ``text``; offsets index into ``text``; clitics excluded from spans.

    ``tokens`` may pass ``tokenize(text)`` when the caller already has it (``analyze`` shares
    one tokenisation between entities and keywords).

    Arabic names need Arabic text (Persian, Urdu and Hebrew get dates, numbers and Latin
    names only, never guesses from the Arabic model).
    """
    if tokens is None:
        tokens = tokenize(text)
    dates = find_dates(text, tokens)
    numbers = find_numbers(text, dates, tokens)
    sents = sentences(text, tokens)
    names: list[Entity] = []
    if language(text[:2000]) == "ar":
        names.extend(arabic_entities(text, sents))
    latin = [s for s in sents if any(t.kind == "lat" for t in s)]
    if latin:
        names.extend(english_entities(text, latin))
    found = dates + numbers + _no_overlap(names, dates + numbers)
    return sorted(found, key=lambda e: (e.start, e.end))
