"""Search normalisation for Arabic, Persian, Hebrew and Latin text.

Both the indexed text and the user's query go through :func:`normalize`, so they meet on the same
spelling:

* Unicode compatibility decomposition (NFKD) folds presentation forms (``ﻻ`` → ``لا``) and splits
  letters from their marks; every combining mark is then dropped. That removes Arabic harakat,
  shadda, sukun, Quranic marks and the hamza/madda carried above or below alef, so ``أ إ آ`` become
  ``ا``; it removes Hebrew niqqud and cantillation, and Latin accents (``é`` → ``e``).
* Tatweel, zero-width joiners/non-joiners and bidi controls are removed.
* ``ٱ`` → ``ا``, ``ى`` → ``ي``, ``ة`` → ``ه``; Persian ``ی ک`` → Arabic ``ي ك``; Arabic-Indic and
  Persian digits → ASCII digits.
* ``casefold()`` for scripts with case.

Arabic attaches clitics to the word: ``والسويداء`` is "and the Suwayda". :func:`index_forms`
therefore expands every token into the token itself plus each form left after removing a prefix
combination of conjunction (و ف), preposition (ب ك ل) and article (ال, or ``لل`` for
ل + ال), as long
as at least two letters remain. ``والسويداء`` is indexed as ``والسويداء السويداء سويداء``, so the
query ``سويداء`` or ``السويداء`` finds it. Hebrew prefixes (ו ה ב כ ל מ ש, up to three letters,
at least three letters left) are expanded the same way, so ``ירושלים`` finds ``בירושלים``. Extra
forms only add recall; a query term is matched as typed, plus its article-less stem
(:func:`query_forms`), so a query never loses the word the user wrote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

_LETTER_MAP = str.maketrans(
    {
        "\u0671": "\u0627",  # alef wasla → alef
        "\u0649": "\u064a",  # alef maqsura → yeh
        "\u0629": "\u0647",  # teh marbuta → heh
        "\u06cc": "\u064a",  # Farsi yeh → Arabic yeh
        "\u06a9": "\u0643",  # keheh → kaf
        "\u0640": None,  # tatweel
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)
_WORD = re.compile(r"\w+")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_HEBREW_LETTER = re.compile(r"[\u05d0-\u05ea]")

_AR_CONJ = ("", "و", "ف")
_AR_PREP = ("", "ب", "ك", "ل")
_AR_ART = ("", "ال")
_HE_PREFIX_LETTERS = "והבכלמש"


def _arabic_prefixes() -> tuple[str, ...]:
    found = {c + p + a for c in _AR_CONJ for p in _AR_PREP for a in _AR_ART}
    found |= {c + "لل" for c in _AR_CONJ}
    found.discard("")
    return tuple(sorted(found, key=len, reverse=True))


AR_PREFIXES = _arabic_prefixes()
_AR_ARTICLE_PREFIXES = tuple(p for p in AR_PREFIXES if p.endswith(("ال", "لل")))
_AR_MIN_STEM = 2
_HE_MIN_STEM = 3


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, int | str | None]:
    """One ``str.translate`` table: drop every mark and format character, map letters/digits."""
    table: dict[int, int | str | None] = {}
    for ranges in ((0, 0x20000), (0xE0000, 0xE1000)):
        for code in range(*ranges):
            if unicodedata.category(chr(code)) in ("Mn", "Me", "Cf"):
                table[code] = None
    table.update(_LETTER_MAP)
    return table


def normalize(text: str) -> str:
    """Fold ``text`` to the search spelling described in the module docstring."""
    return unicodedata.normalize("NFKD", text).translate(_fold_table()).casefold()


def tokens(text: str) -> list[str]:
    """The normalised word tokens of ``text``."""
    return _WORD.findall(normalize(text))


@lru_cache(maxsize=200_000)
def clitic_stems(token: str) -> tuple[str, ...]:
    """Forms of a normalised token left after removing attached prefixes (may be empty)."""
    if _ARABIC_LETTER.match(token):
        return _strip_arabic(token)
    if _HEBREW_LETTER.match(token):
        return _strip_hebrew(token)
    return ()


def _strip_arabic(token: str) -> tuple[str, ...]:
    stems: list[str] = []
    for prefix in AR_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= _AR_MIN_STEM:
            stem = token[len(prefix) :]
            if stem not in stems:
                stems.append(stem)
    return tuple(stems)


def _strip_hebrew(token: str) -> tuple[str, ...]:
    stems: list[str] = []
    for size in (1, 2, 3):
        prefix = token[:size]
        if len(token) - size < _HE_MIN_STEM or any(c not in _HE_PREFIX_LETTERS for c in prefix):
            break
        if size == 3 and prefix[0] != "ו":
            break
        stems.append(token[size:])
    return tuple(stems)


def index_forms(text: str) -> Iterator[str]:
    """Every token of ``text`` followed by its clitic-stripped forms, for the FTS index."""
    for token in tokens(text):
        yield token
        yield from clitic_stems(token)


def index_text(text: str) -> str:
    """The space-joined :func:`index_forms` of ``text``: what the FTS table stores."""
    out: list[str] = []
    for token in tokens(text):
        out.append(token)
        out.extend(clitic_stems(token))
    return " ".join(out)


def query_forms(token: str) -> tuple[str, ...]:
    """A normalised query token and, for Arabic, its form without a leading definite article.

    ``السويداء`` → (``السويداء``, ``سويداء``); ``بيروت`` stays alone, because stripping a bare
    one-letter preposition from a query would change the word the user meant.
    """
    forms = [token]
    for prefix in _AR_ARTICLE_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 3:
            forms.append(token[len(prefix) :])
            break
    return tuple(forms)
