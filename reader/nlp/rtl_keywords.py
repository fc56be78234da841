"""Hebrew and Persian keywords read with their own language's word lists.

The keyword scorer reads every right-to-left word with the Arabic word model (clitics,
stopwords). For Hebrew and Persian articles this lets their own function words and common
verbs (אמר, נפגש, افزود, گفت) into the list. This step reads the scorer's phrases again with
the lists ``rtl_names`` ships for each language: a phrase that starts or ends with a stopword or
a verb is dropped. Hebrew prefix letters stay on the words shown: the shipped frequent-word list
holds בחירות ("elections") as well as חירות ("freedom"), so it cannot tell a prefix from a
word's own first letter.
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.nlp import hebrew, persian
from reader.nlp.rtl_names import Lexicon, lexicon, word_key
from reader.nlp.types import Keyword

# How many more phrases to ask the scorer for, so that the dropped ones leave a full list.
SPARE = 10
# A keyword of one word has at least this many letters.
MIN_LETTERS = 3


def own_language_keywords(found: Iterable[Keyword], lang: str, top_k: int) -> list[Keyword]:
    """``found`` (best first) without the phrases ``lang``'s lists say are not topics, at most
    ``top_k``."""
    lex = lexicon(lang)
    kept: list[Keyword] = []
    for keyword in found:
        words = keyword.text.split()
        if not words or _function_word(words[0], lang, lex) or _function_word(words[-1], lang, lex):
            continue
        if len(words) == 1 and len(word_key(words[0])) < MIN_LETTERS:
            continue  # a fragment: בכ of בכ-85 ("about 85"), a letter cut off a name
        kept.append(keyword)
        if len(kept) == top_k:
            break
    return kept


def _function_word(word: str, lang: str, lex: Lexicon) -> bool:
    # (Persian verbs joined by a non-joiner, می‌گوید, never reach here: the scorer breaks its
    # phrases at them.)
    return any(reading[0] in lex.stop for reading in _readings(word_key(word), lang))


def _readings(key: str, lang: str) -> tuple[tuple[str, int, int], ...]:
    """The word and its readings without Hebrew prefix letters (ובאמר → אמר) or Persian
    endings; a Hebrew prefix is only cut off when at least three letters stay, so that a short
    word of its own (בית) is not read as prefix + stopword."""
    if lang == "he":
        return tuple(r for r in hebrew.readings(key) if r[1] == 0 or len(r[0]) >= 3)
    return persian.readings(key)

