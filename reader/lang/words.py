"""One Arabic word model: what a word's letters are, and which letters in front of it are not it.

Extraction (reader.nlp) and search (the library's full-text index) read words with these rules,
so a word that extraction finds is a word that search finds.

Two foldings, one a refinement of the other:

* :func:`normalize`, the **key** of a word for extraction and the shipped word lists: marks,
  tatweel and bidi controls dropped; ``أ إ آ ٱ`` → ``ا``, ``ى`` → ``ي``, ``ة`` → ``ه``, the hamza
  seats ``ؤ ئ`` → ``ء``. Nothing else changes, so a key's characters map back to the source's
  (:func:`surface_offset`), and the gazetteers and the CRF model keep their keys.
* :func:`search_fold`, for the index and the query, folds further: Unicode compatibility forms
  (``ﻻ`` → ``لا``) and every combining mark and format character of any script (Hebrew niqqud,
  Latin accents), Persian ``ی ک`` → ``ي ك``, Arabic-Indic digits → ASCII, ``casefold()``. A
  hamza on a seat is a mark there too (``مسؤول`` → ``مسوول``), so a search typed without hamzas
  still finds the word; :func:`index_text` and :func:`query_forms` add the word's key spelling
  as well (``مسءول``), so ``مسئول`` and ``مسؤول``, one word for extraction, find each other.

One clitic grammar: a word may carry a conjunction (``و ف``), then a preposition (``ب ك ل``),
then the article (``ال``; ``ل`` + ``ال`` is written ``لل``). Extraction reads a key by it
conservatively (:func:`strip_clitics`, :func:`clitic_variants`: at least three letters stay);
search indexes every reading that leaves two letters (:func:`clitic_stems`), so
``بدمشق ودمشق لدمشق فدمشق`` are found by ``دمشق`` and ``والسويداء`` by ``السويداء`` and
``سويداء``. Hebrew prefixes (``ו ה ב כ ל מ ש``, up to three letters, three letters left) are
indexed the same way for search.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

# Each per-word cache of extraction (here, in reader.lang.tokens and reader.nlp) holds at most
# this many entries, then starts again empty: together they take about 1.3 KB a distinct word,
# so a long session that meets a million words stays within some 35 MB (300,000 entries each
# took 400 MB), while an article still finds nearly all its words cached.
WORD_CACHE_SIZE = 25_000

# -- the key: extraction's folding ----------------------------------------------------------

MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0591-\u05c7"
DROPPED = re.compile(f"[{MARKS}\u0640\u200c-\u200f\u202a-\u202e\u2066-\u2069]")
KEY_FOLDS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "ء", "ئ": "ء"}
# str.translate with KEY_FOLDS as a dict raises (and clears) a KeyError for every character the
# dict lacks, most letters of every new word: a list over the code points to the end of the
# Arabic block answers them all (a character past it is left as it is, as KEY_FOLDS leaves it).
KEY_FOLD = [ord(KEY_FOLDS.get(chr(point), chr(point))) for point in range(0x700)]
ARABIC_LETTER = re.compile("[\u0621-\u064a]")


@lru_cache(maxsize=WORD_CACHE_SIZE)
def normalize(text: str) -> str:
    """Matching key: drop marks, tatweel and bidi controls; fold alef forms, ى→ي, ة→ه."""
    return same_if_equal(DROPPED.sub("", text).translate(KEY_FOLD), text)


def same_if_equal(key: str, text: str) -> str:
    """``text`` itself when ``key`` equals it (most words need no folding): the caches that
    keep both then hold one string, and look-ups of the key find it by identity."""
    return text if key == text else key


def surface_offset(surface: str, key_chars: int) -> int:
    """Offset in ``surface`` after the first ``key_chars`` characters that survive normalisation."""
    if not DROPPED.search(surface):  # most words: every character survives
        return key_chars if 0 <= key_chars < len(surface) else len(surface)
    seen = 0
    for index, char in enumerate(surface):
        if seen == key_chars:
            return index
        if not DROPPED.match(char):
            seen += 1
    return len(surface)


# -- the clitic grammar ---------------------------------------------------------------------

CONJUNCTIONS = "وف"
PREPOSITIONS = "بلك"
ARTICLE = "ال"
LAM_ARTICLE = "لل"  # ل + ال: the article's alef is not written after the preposition
PROCLITICS = frozenset(CONJUNCTIONS + PREPOSITIONS)  # the letters a clitic starts with


@lru_cache(maxsize=WORD_CACHE_SIZE)
def strip_clitics(key: str) -> tuple[str, int]:
    """The stem without proclitics (و ف, then ب ل ك, then ال; لل→ال) and how many key chars went.

    Only strips when at least three letters remain.
    """
    if key[:1] not in PROCLITICS:  # most words: no clitic, or the article alone
        return (key[2:], 2) if len(key) > 4 and key[:2] == ARTICLE else (key, 0)
    return stripped_clitics(key)


def stripped_clitics(key: str) -> tuple[str, int]:
    """``strip_clitics`` by the general rule, for any key (uncached)."""
    stem, cut = key, 0
    if len(stem) > 3 and stem[0] in CONJUNCTIONS:
        stem, cut = stem[1:], cut + 1
    if len(stem) > 4 and stem.startswith(LAM_ARTICLE):
        return stem[2:], cut + 2
    if len(stem) > 3 and stem[0] in PREPOSITIONS and stem[1:3] == ARTICLE:
        stem, cut = stem[1:], cut + 1
    if len(stem) > 4 and stem.startswith(ARTICLE):
        stem, cut = stem[2:], cut + 2
    return stem, cut


@lru_cache(maxsize=WORD_CACHE_SIZE)
def clitic_variants(key: str) -> tuple[tuple[str, int], ...]:
    """Candidate readings of a token key as (variant, key chars removed), the token itself first.

    Used for dictionary lookup: ``والسويداء`` → السويداء; ``بدمشق`` → دمشق; ``للاردن`` → الاردن.
    """
    if key[:1] not in PROCLITICS:  # most words: no clitic, or the article alone
        return ((key, 0), (key[2:], 2)) if len(key) > 4 and key[:2] == ARTICLE else ((key, 0),)
    return all_clitic_variants(key)


def all_clitic_variants(key: str) -> tuple[tuple[str, int], ...]:
    """``clitic_variants`` by the general rule, for any key (uncached)."""
    out = [(key, 0)]
    heads = [(key, 0)]
    if len(key) > 3 and key[0] in CONJUNCTIONS:
        heads.append((key[1:], 1))
    for head, cut in list(heads):
        if len(head) > 3 and head[0] in PREPOSITIONS:
            if head.startswith(LAM_ARTICLE) and len(head) > 4:
                out.append(("ا" + head[1:], cut + 2))
            heads.append((head[1:], cut + 1))
    for head, cut in heads[1:]:
        out.append((head, cut))
    for head, cut in heads:
        if len(head) > 4 and head.startswith(ARTICLE):
            out.append((head[2:], cut + 2))
    return tuple(out)


def merge_key(key: str) -> str:
    """Key for grouping mentions: each word's clitics and article stripped (الأمم→امم)."""
    parts = key.split()
    if len(parts) == 1:  # a token key
        return strip_clitics(parts[0])[0]
    return " ".join(strip_clitics(part)[0] for part in parts)


def _arabic_prefixes() -> tuple[str, ...]:
    """Every proclitic combination of the grammar, longest first."""
    found = {
        conjunction + preposition + article
        for conjunction in ("", *CONJUNCTIONS)
        for preposition in ("", *PREPOSITIONS)
        for article in ("", ARTICLE)
    }
    found |= {conjunction + LAM_ARTICLE for conjunction in ("", *CONJUNCTIONS)}
    found.discard("")
    return tuple(sorted(found, key=len, reverse=True))


AR_PREFIXES = _arabic_prefixes()
# The prefixes by their first letter, each list in AR_PREFIXES' order: a word is compared with
# those that can begin it (most words begin with none of these letters).
_AR_PREFIXES_BY_LETTER = {
    letter: tuple(p for p in AR_PREFIXES if p[0] == letter)
    for letter in {p[0] for p in AR_PREFIXES}
}
_AR_ARTICLE_PREFIXES = tuple(p for p in AR_PREFIXES if p.endswith((ARTICLE, LAM_ARTICLE)))
_AR_MIN_STEM = 2  # search indexes short stems too: they only add recall
_AR_MIN_QUERY_STEM = 3
_HE_PREFIX_LETTERS = "והבכלמש"
_HE_MIN_STEM = 3
_HEBREW_LETTER = re.compile(r"[\u05d0-\u05ea]")


# -- search: folding, words, index text and query forms -------------------------------------

_SEARCH_LETTERS = str.maketrans(
    {
        "\u0671": "\u0627",  # alef wasla → alef
        "\u0649": "\u064a",  # alef maqsura → yeh
        "\u0629": "\u0647",  # teh marbuta → heh
        "\u06cc": "\u064a",  # Farsi yeh → Arabic yeh
        "\u06a9": "\u0643",  # keheh → kaf
        "\u0640": None,  # tatweel
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
        # Letters Unicode once classed as spacing marks (New Tai Lue vowel signs, Vedic signs),
        # which FTS5's unicode61 tokenizer still splits words at: they separate words here too,
        # so the index text holds no token that tokenizers disagree on (see reader.store.schema).
        **{chr(code): " " for code in (*range(0x19B0, 0x19C1), 0x19C8, 0x19C9, 0x1CF2, 0x1CF3)},
    }
)
_SEARCH_WORD = re.compile(r"\w+")
# The key's spelling of the hamza seats, applied before search folding turns them into their
# seat letters (see the module docstring).
_HAMZA_SEATS = str.maketrans({"ؤ": "ء", "ئ": "ء"})


_DROPPED_CATEGORIES = frozenset({"Mn", "Me", "Cf"})  # marks and format characters
_DROPPED_RANGES = (range(0x20000), range(0xE0000, 0xE1000))


class _SearchTable(dict[int, int | str | None]):
    """The ``str.translate`` table of :func:`search_fold`: every mark and format character is
    dropped, letters and digits are mapped. Each code point is judged the first time a text
    holds it (judging all 135,000 up front was a tenth of a second of every import)."""

    def __init__(self) -> None:
        super().__init__(_SEARCH_LETTERS)

    def __missing__(self, code: int) -> int | None:
        dropped = unicodedata.category(chr(code)) in _DROPPED_CATEGORIES and any(
            code in block for block in _DROPPED_RANGES
        )
        kept = self[code] = None if dropped else code
        return kept


_SEARCH_TABLE = _SearchTable()


def search_fold(text: str) -> str:
    """Fold ``text`` to the search spelling described in the module docstring."""
    return unicodedata.normalize("NFKD", text).translate(_SEARCH_TABLE).casefold()


def search_words(text: str) -> list[str]:
    """The search-folded words of ``text``."""
    return _SEARCH_WORD.findall(search_fold(text))


def spellings(text: str) -> Iterator[tuple[str, ...]]:
    """For each search word of ``text``: its search spelling, then its key spelling when the
    two differ (a hamza on a seat)."""
    words = search_words(text)
    if "ؤ" not in text and "ئ" not in text:
        for word in words:
            yield (word,)
        return
    # Only seat letters change, letter for letter: the two readings have the same words.
    for word, keyed in zip(words, search_words(text.translate(_HAMZA_SEATS)), strict=True):
        yield (word,) if word == keyed else (word, keyed)


@lru_cache(maxsize=200_000)
def clitic_stems(word: str) -> tuple[str, ...]:
    """Forms of a search word left after removing attached prefixes (may be empty)."""
    if ARABIC_LETTER.match(word):
        return _arabic_stems(word)
    if _HEBREW_LETTER.match(word):
        return _hebrew_stems(word)
    return ()


def _arabic_stems(word: str) -> tuple[str, ...]:
    stems: list[str] = []
    for prefix in _AR_PREFIXES_BY_LETTER.get(word[:1], ()):
        if word.startswith(prefix) and len(word) - len(prefix) >= _AR_MIN_STEM:
            stem = word[len(prefix) :]
            if stem not in stems:
                stems.append(stem)
    return tuple(stems)


def _hebrew_stems(word: str) -> tuple[str, ...]:
    stems: list[str] = []
    for size in (1, 2, 3):
        prefix = word[:size]
        if len(word) - size < _HE_MIN_STEM or any(c not in _HE_PREFIX_LETTERS for c in prefix):
            break
        if size == 3 and prefix[0] != "ו":
            break
        stems.append(word[size:])
    return tuple(stems)


def index_forms(text: str) -> Iterator[str]:
    """Every word of ``text`` in each spelling, each followed by its clitic-stripped forms."""
    for forms in spellings(text):
        for word in forms:
            yield word
            yield from clitic_stems(word)


def index_text(text: str) -> str:
    """The space-joined :func:`index_forms` of ``text``: what the FTS table stores.

    Read piece by piece between spaces and line breaks (which fold to no word character, so no
    word spans two pieces), each piece's forms cached: news text repeats most of its words.
    Splitting at those two characters only is a fifth cheaper than at all white space (a rarer
    space, a tab or a no-break space, stays inside a piece, whose words are found all the same).
    """
    pieces = text.replace("\n", " ").split(" ")
    return " ".join(filter(None, map(_PIECE_INDEX_TEXTS.__getitem__, pieces)))


class _PieceIndexTexts(dict[str, str]):
    """Each piece's index text, computed on first sight: a dict lookup is all a known piece
    costs (an ``lru_cache`` call cost half as much again, a fifth of an import's folding).
    Emptied when full, so memory stays bounded."""

    limit = 100_000

    def __missing__(self, piece: str) -> str:
        if len(self) >= self.limit:
            self.clear()
        text = self[piece] = _piece_index_text(piece)
        return text


def _piece_index_text(piece: str) -> str:
    """``" ".join(index_forms(piece))`` without the generators: most pieces are one word."""
    if "ؤ" in piece or "ئ" in piece:  # two spellings of a word: the general way
        return " ".join(index_forms(piece))
    forms: list[str] = []
    for word in search_words(piece):
        forms.append(word)
        forms.extend(clitic_stems(word))
    return " ".join(forms)


_PIECE_INDEX_TEXTS = _PieceIndexTexts()


def query_forms(word: str) -> tuple[str, ...]:
    """A search word and, for Arabic, its form without a leading definite article.

    ``السويداء`` → (``السويداء``, ``سويداء``); ``بيروت`` stays alone, because stripping a bare
    one-letter preposition from a query would change the word the user meant.
    """
    forms = [word]
    for prefix in _AR_ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _AR_MIN_QUERY_STEM:
            forms.append(word[len(prefix) :])
            break
    return tuple(forms)


def query_words(text: str) -> list[tuple[str, ...]]:
    """For each word of a query: the forms that count as that word (either spelling, each with
    and without its article)."""
    return [
        tuple(dict.fromkeys(form for spelling in forms for form in query_forms(spelling)))
        for forms in spellings(text)
    ]
