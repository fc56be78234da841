"""Hebrew names: prefix letters and the word pattern over ``rtl_names``' rules."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from reader.lang.words import WORD_CACHE_SIZE
from reader.nlp.rtl_names import Language, Lexicon, Reading, find_names
from reader.nlp.types import Entity

_LETTERS = "\u05d0-\u05ea"
_POINTS = "\u0591-\u05bd\u05bf-\u05c7"
# A word may hold gershayim (ח"כ, מנכ"ל) and end in a geresh (פרופ', ג'); a maqaf or hyphen
# splits words (בן-גוריון, כ-85) without ending a name.
_TOKENS = re.compile(
    rf"(?P<w>[{_LETTERS}{_POINTS}]+(?:[\"״][{_LETTERS}]+)?(?:['׳’](?![{_LETTERS}]))?"
    rf"(?:['׳’][{_LETTERS}{_POINTS}]+)*)"
    r"|(?P<n>\d+(?:[.,]\d+)*)"
    r"|(?P<p>[^\s\-\u05be" + _LETTERS + r"\d])"
)
# ו, then ש or כש, then a preposition ב ל כ מ, then the article ה, in that order.
_PREFIXES = tuple(sorted(
    {"".join(parts) for parts in product(("", "ו"), ("", "ש", "כש"), ("", "ב", "ל", "כ", "מ"),
                                         ("", "ה"))} - {""}, key=len))
_MIN_STEM = 2


@lru_cache(maxsize=WORD_CACHE_SIZE)
def readings(key: str) -> tuple[Reading, ...]:
    """The word and every reading without prefix letters (ובחיפה → בחיפה, חיפה), shortest
    cut first, at least two letters left."""
    out: list[Reading] = [(key, 0, 0)]
    for prefix in _PREFIXES:
        if len(key) - len(prefix) >= _MIN_STEM and key.startswith(prefix):
            out.append((key[len(prefix):], len(prefix), 0))
    return tuple(out)


def _never_verb(surface: str) -> bool:
    return False  # Hebrew verbs that follow names are in the stopword lists


def _definite(key: str) -> bool:
    return key.startswith(("ה", "וה"))


def _extends_org(key: str, lex: Lexicon) -> bool:
    """After its first word, a complement goes on with a definite word (רשות שדות התעופה,
    הכבאות וההצלה) or a word no list calls common (בית החולים רמב"ם), never a verb in the
    plural past (הפגינו, הודיעו)."""
    if _definite(key):
        return not (key.endswith("ו") and len(key) > 4)
    return lex.name_like(key)


def _starts_place(key: str) -> bool:
    return not _definite(key)


def _role_word(key: str, lex: Lexicon) -> bool:
    """Between a title and a name come definite words (ראש הממשלה, מנכ"ל החברה) and listed
    role words; a common word that is neither starts the name (השחקנית גל גדות)."""
    return _definite(key) or key in lex.roles or any(
        variant in lex.roles for variant, _, _ in readings(key)[1:])


_SURNAME_ENDINGS = ("וביץ", "ביץ", "שטיין", "ברג", "סקי")


def _surname_shape(key: str) -> bool:
    """Hebrew surnames of Yiddish or Slavic origin: -וביץ, -שטיין, -ברג, -סקי."""
    return len(key) >= 5 and key.endswith(_SURNAME_ENDINGS)


HEBREW = Language("he", _TOKENS, readings, _never_verb, _extends_org, _starts_place,
                  _role_word, _definite, _surname_shape, joiner="", article="ה",
                  light_prefixes=("ה", "ו", "וה"))


def hebrew_entities(text: str) -> list[Entity]:
    """People, places and organisations of a Hebrew text (spans without prefix letters)."""
    return find_names(text, HEBREW)
