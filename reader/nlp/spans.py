"""Helpers turning tags and dictionary hits into entity spans, clitics excluded."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import compress, count

from reader.lang.tokens import Token
from reader.lang.words import clitic_variants, surface_offset
from reader.nlp.resources import Gazetteer

CRF_LABELS = {"PERS": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION", "MISC": "MISC"}
GAZ_LABELS = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION"}
_BEFORE_ARTICLE = re.compile("^(?:[وف]?[بك]|[وف]|[وف]?ل)(?=ال.)|^[وف]?لل(?=..)")

Span = tuple[int, int, str]  # first token, last token + 1, label


def bio_spans(tags: Sequence[str]) -> list[Span]:
    """(start, end, type) token spans from BIO tags."""
    if tags.count("O") == len(tags):  # no name, like most sentences: counted in C
        return []
    out: list[Span] = []
    start, kind, previous = -1, "", -2
    for i in compress(count(), map("O".__ne__, tags)):  # most tags are O: skip them in C
        tag = tags[i]
        inside = i == previous + 1 and tag.startswith("I-") and tag[2:] == kind
        if start >= 0 and not inside:
            out.append((start, previous + 1, kind))
            start, kind = -1, ""
        if tag.startswith("B-") or (tag.startswith("I-") and start < 0):
            start, kind = i, tag[2:]
        previous = i
    if start >= 0:
        out.append((start, previous + 1, kind))
    return out


def clitic_cut(key: str, known: Mapping[str, object], gaz: Gazetteer) -> int:
    """Key characters to drop from the start of an entity's first word (و، ب، ل، لل…).

    A gazetteer reading wins over the names lexicon (لإسرائيل → إسرائيل even though the
    training text had the glued form); a reading starting with a hamza seat is never taken
    (ؤ and ئ do not begin a word: فؤاد keeps its ف), nor a short one the lexicon alone knows
    (وليد، فاروق، كمال stay whole).
    """
    if key in gaz.entries or key in gaz.first_words:
        return 0
    variants = [(v, cut) for v, cut in clitic_variants(key)[1:]
                if not v.startswith("ء") and not ("ال" in key[:cut] and not v.startswith("ال"))]
    for variant, cut in variants:
        if variant in gaz.entries or variant in gaz.first_words:
            return cut
    if key in known:
        return 0
    for variant, cut in variants:
        # The lexicon holds clitic-stripped stems, so وليد left "ليد" and فاروق left "اروق":
        # trust it only for a remainder of four letters or more not starting with alef.
        if variant in known and (cut > 1 or (len(variant) >= 4 and variant[0] != "ا")):
            return cut
    match = _BEFORE_ARTICLE.match(key)
    if match:
        return len(match.group())
    return 0


def char_start(token: Token, cut: int) -> int:
    """The text offset after ``cut`` key characters of a token."""
    return token.start + surface_offset(token.text, cut) if cut else token.start
