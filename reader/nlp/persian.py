"""Persian names: suffixes, clitics and ezafe and the word pattern over ``rtl_names``' rules."""

from __future__ import annotations

import re
from functools import lru_cache

from reader.lang.words import WORD_CACHE_SIZE
from reader.nlp.rtl_names import Language, Lexicon, Reading, find_names
from reader.nlp.types import Entity

_LETTERS = "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06c0\u06cc"
_MARKS = "\u064b-\u065f\u0670\u0640"
# A word may hold zero-width non-joiners (می‌خواهد, زاینده‌رود, شهرداری‌ها).
_TOKENS = re.compile(
    rf"(?P<w>[{_LETTERS}{_MARKS}]+(?:\u200c[{_LETTERS}{_MARKS}]+)*)"
    r"|(?P<n>[\d۰-۹٠-٩]+(?:[.,٫٬][\d۰-۹٠-٩]+)*)"
    r"|(?P<p>[^\s\u200c" + _LETTERS + _MARKS + r"\d۰-۹٠-٩])"
)
# Plural and the accusative را glued on, and the ezafe ی written after a vowel letter
# (اروپای شرقی, خانه‌ی): keys have no joiner, so ‌ها and ها read alike.
_SUFFIXES = ("هایی", "های", "ها", "را")
_EZAFE_AFTER = "اوه"
_MIN_STEM = 3


@lru_cache(maxsize=WORD_CACHE_SIZE)
def readings(key: str) -> tuple[Reading, ...]:
    """The word and its readings without a plural, accusative or ezafe ending."""
    out: list[Reading] = [(key, 0, 0)]
    for suffix in _SUFFIXES:
        if len(key) - len(suffix) >= _MIN_STEM and key.endswith(suffix):
            out.append((key[:-len(suffix)], 0, len(suffix)))
    if len(key) > _MIN_STEM and key.endswith("ی") and key[-2] in _EZAFE_AFTER:
        out.append((key[:-1], 0, 1))
    return tuple(out)


_VERB_PREFIXES = ("می\u200c", "نمی\u200c", "مي\u200c", "نمي\u200c")
# The third person plural ending of the perfect and of "to be", joined by a non-joiner
# (گفته‌اند "they have said", عبارت‌اند "they are"); the other persons' endings (‌ام, ‌ای)
# also end nouns (نامه‌ام "my letter", خانه‌ای "a house").
_VERB_ENDING = "\u200cاند"


def _is_verb(surface: str) -> bool:
    """A present or imperfect verb with its prefix joined by a non-joiner (می‌گوید), or a
    perfect in the third person plural (گفته‌اند)."""
    return surface.startswith(_VERB_PREFIXES) or surface.endswith(_VERB_ENDING)


def _extends_org(key: str, lex: Lexicon) -> bool:
    return key not in lex.stop  # Persian complements are chains of nouns (ezafe)


def _starts_place(key: str) -> bool:
    return True


def _role_word(key: str, lex: Lexicon) -> bool:
    """Between a title and a name come common nouns in an ezafe chain (وزیر امور خارجه)."""
    return key in lex.roles or lex.is_common(key) and key not in lex.first


def _definite(key: str) -> bool:
    return False  # Persian has no article


_SURNAME_ENDINGS = ("زاده", "پور", "نژاد", "فر", "نیا", "راد", "یان", "لو", "وند", "کیا")
_MIN_SURNAME = 5


def _surname_shape(key: str) -> bool:
    """Persian surnames often end in -زاده, -پور, -نژاد… or the nisba -ی (رحمانی, تهرانی)."""
    return len(key) >= _MIN_SURNAME and key.endswith((*_SURNAME_ENDINGS, "ی"))


PERSIAN = Language("fa", _TOKENS, readings, _is_verb, _extends_org, _starts_place,
                   _role_word, _definite, _surname_shape, joiner="و")


def persian_entities(text: str) -> list[Entity]:
    """People, places and organisations of a Persian text (spans without the endings)."""
    return find_names(text, PERSIAN)
