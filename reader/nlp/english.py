"""English (Latin-script) entities: capitalised spans, gazetteer names and title words."""

from __future__ import annotations

import re

from reader.lang.tokens import Token
from reader.nlp.resources import gazetteer, stopwords_en, triggers
from reader.nlp.types import Entity

_PARTICLE = re.compile(r"^(?:al|el|ad|as|ash|an|ar|at|az|bin|ibn|abu|de|van|von)-?[A-Z]?")
_CONNECTORS = frozenset({"of", "the", "for", "al", "bin", "ibn", "de", "van", "von", "abu"})
_ACRONYM = re.compile(r"^[A-Z]{3,6}$")
_GEO_WORDS = frozenset([
    "Gulf", "Sea", "River", "Mount", "Mountains", "Lake", "Bay", "Valley", "Island", "Islands",
    "Strait", "Province", "Governorate", "City", "Street", "Square", "Desert", "Plain", "Canal",
    "Port", "Coast", "Heights", "Peninsula", "Ocean", "Camp", "Crossing", "Mosque", "Church",
    "Cathedral", "Palace", "Airport", "Prison", "Base", "Airbase", "District", "Region"
])
_SPEECH = frozenset({"said", "says", "told", "added", "who", "wrote", "stated"})
# First words of Arabic kunyas and patronymics: Abu Mohammed al-Golani is a person.
_KUNYA = frozenset({"Abu", "Umm", "Ibn", "Bin", "Bint"})
# Dotted abbreviations the tokenizer splits into letters.
_DOTTED = re.compile(r"(?<![A-Za-z.])(?:U\.S|U\.N|U\.K|E\.U)\.")
_DOTTED_LABELS = {"U.S.": "LOCATION", "U.N.": "ORGANIZATION", "U.K.": "LOCATION",
                  "E.U.": "ORGANIZATION"}
_POSSESSIVE = ("'s", "’s")
# The article glued to an Arabic family name: Bashar al-Assad is Assad later in the text.
SURNAME_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|an|ar|at|az)-(?=\w)", re.IGNORECASE)
_NOT_NAMES = frozenset([
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "I"
])


def _capitalised(token: Token) -> bool:
    return token.kind == "lat" and len(token.text) > 1 and (
        token.text[0].isupper() or bool(_PARTICLE.match(token.text)) and "-" in token.text)


def _runs(sentence: list[Token]) -> list[tuple[int, int]]:
    runs = []
    i = 0
    while i < len(sentence):
        if not _capitalised(sentence[i]) or sentence[i].text in _NOT_NAMES:
            i += 1
            continue
        j = i + 1
        while j < len(sentence) and not sentence[j - 1].text.endswith(_POSSESSIVE):
            if _capitalised(sentence[j]) and sentence[j].text not in _NOT_NAMES:
                j += 1
            elif (sentence[j].text in _CONNECTORS and j + 1 < len(sentence)
                  and _capitalised(sentence[j + 1])):
                j += 2
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _trim(sentence: list[Token], start: int, end: int, first: bool) -> tuple[int, int, bool]:
    """Drop sentence-initial stopwords and leading titles; report whether a title was seen."""
    trig = triggers()
    before = sentence[start - 1].text if start > 0 else ""
    titled = trig.get(before) in ("EPER", "EROLE")  # President, leader
    last_title = max((k for k in range(start, end - 1) if trig.get(sentence[k].text) == "EPER"),
                     default=-1)
    if last_title >= 0:
        start, titled = last_title + 1, True
    while start < end:
        word = sentence[start].text
        if word.endswith(_POSSESSIVE):
            break
        if trig.get(word) == "EPER" and end - start > 1:
            titled = True
        elif not (first and start == 0 and word.lower() in stopwords_en()):
            break
        start += 1
    return start, end, titled


def _gazetteer_label(name: str) -> str | None:
    """The label of a gazetteer name, also written in capitals (DAMASCUS, a dateline)."""
    entries = gazetteer().entries
    gaz = entries.get(name)
    if not gaz and name.isupper() and len(name) > 3:
        gaz = entries.get(name.title())
    return {"LOC": "LOCATION", "ORG": "ORGANIZATION", "PER": "PERSON"}.get(gaz[0].label) if (
        gaz) else None


def _label(words: list[str], titled: bool, persons: set[str], said: bool) -> str | None:
    name = " ".join(words)
    known = _gazetteer_label(name)
    if known:
        return known
    trig = triggers()
    if any(trig.get(w) == "EORG" for w in words) or (len(words) == 1 and _ACRONYM.match(name)):
        return "ORGANIZATION"
    if any(w in _GEO_WORDS for w in words):
        return "LOCATION"
    if (titled or name in persons or (said and 2 <= len(words) <= 4)
            or (words[0] in _KUNYA and len(words) > 1)):
        return "PERSON"
    return "MISC"


def _glued_to_digits(sentence: list[Token], start: int, end: int) -> bool:
    """Whether a run is part of a code or formula with digits (CO2, 4G, F16), not a name."""
    before = sentence[start - 1] if start > 0 else None
    after = sentence[end] if end < len(sentence) else None
    return bool((after and after.kind == "num" and after.start == sentence[end - 1].end)
                or (before and before.kind == "num" and before.end == sentence[start].start))


def english_entities(text: str, sentences: list[list[Token]]) -> list[Entity]:
    """Entities from capitalised runs in Latin-script text."""
    out: list[Entity] = []
    persons: set[str] = set()
    for sentence in sentences:
        first_word = next((k for k, t in enumerate(sentence) if t.kind != "punct"), 0)
        for start, end in _runs(sentence):
            start, end, titled = _trim(sentence, start, end, start == first_word)
            words = [t.text for t in sentence[start:end]]
            if words and words[-1].endswith(_POSSESSIVE):
                words[-1] = words[-1][:-2]
            if not words or (len(words) == 1 and start == first_word and not titled
                             and words[0] not in persons and not _gazetteer_label(words[0])):
                continue
            if _glued_to_digits(sentence, start, end):
                continue
            after = sentence[end].text.lower() if end < len(sentence) else ""
            label = _label(words, titled, persons, after in _SPEECH)
            if label is None:
                continue
            if label == "PERSON":
                persons.update((words[-1], SURNAME_ARTICLE.sub("", words[-1])))
            begin, finish = sentence[start].start, sentence[end - 1].start + len(words[-1])
            out.append(Entity(begin, finish, label, text[begin:finish]))
    return out + _dotted(text)


def _dotted(text: str) -> list[Entity]:
    """U.S., U.N., U.K. and E.U."""
    if "." not in text:
        return []
    return [Entity(m.start(), m.end(), _DOTTED_LABELS[m.group()], m.group())
            for m in _DOTTED.finditer(text)]
