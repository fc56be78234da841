"""``extract_entities``: Arabic and English names, dates and numbers, sorted by offset."""

from __future__ import annotations

from reader.nlp.arabic import arabic_entities
from reader.nlp.english import english_entities
from reader.nlp.patterns import find_dates, find_numbers
from reader.nlp.text import sentences, tokenize
from reader.nlp.types import Entity
from reader.text.direction import detect_language


def _no_overlap(found: list[Entity], taken: list[Entity]) -> list[Entity]:
    return [e for e in found if not any(e.start < t.end and t.start < e.end for t in taken)]


def extract_entities(text: str) -> list[Entity]:
    """All entities of ``text``; offsets index into ``text``; clitics excluded from spans.

    Arabic names need Arabic text (Persian, Urdu and Hebrew get dates, numbers and Latin
    names only, never guesses from the Arabic model).
    """
    dates = find_dates(text)
    numbers = find_numbers(text, dates)
    tokens = tokenize(text)
    sents = sentences(text, tokens)
    names: list[Entity] = []
    if detect_language(text[:2000]) == "ar":
        names.extend(arabic_entities(text, sents))
    names.extend(english_entities(text, sents))
    found = dates + numbers + _no_overlap(names, dates + numbers)
    return sorted(found, key=lambda e: (e.start, e.end))
