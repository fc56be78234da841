"""Word shapes that keywords skip: inflected verbs and nouns carrying a possessive pronoun.

No lexicon of Arabic verbs ships with a permissive licence, so verbs are told by their shape
and checked against nouns: an imperfect verb starts with ي ت ن (after و ف, a future س or a
ل), a plural verb ends in وا, a third-person-feminine perfect in ت; and none of them ever takes
the article. ``verb_shaped_nouns.txt`` lists the words of these shapes that the reference text
(ANERcorp and AQMAR, as for ``df.tsv``) uses after ``ال`` (التاريخ، النفط، التلفزيون): those are
nouns. A word ending in ة is a noun too, and so is the تفعيل verbal noun (تطوير، تقطير).
"""

from __future__ import annotations

from functools import cache

from reader.nlp.paths import DATA_DIR

NOUN_LIST = "verb_shaped_nouns.txt"
_IMPERFECT = frozenset("يتن")
_LEAD_CLITICS = frozenset("وف")
_MARKS = frozenset(chr(c) for c in range(0x064B, 0x0660)) | {"\u0640", "\u0670"}
# possessive or object pronouns glued to a word (surface letters; ه is the pronoun, ة is not)
_PRONOUNS = ("هما", "كما", "ها", "هم", "هن", "كم")


@cache
def verb_shaped_nouns() -> frozenset[str]:
    """Normalised words of a verb's shape that are nouns (seen with the article)."""
    path = DATA_DIR / NOUN_LIST
    if not path.is_file():
        return frozenset()
    return frozenset(line for line in path.read_text(encoding="utf-8").splitlines() if line)


def verb_core(key: str) -> str:
    """``key`` without a leading conjunction (و ف) and a future س or a ل before an imperfect
    prefix, when three letters stay: the part whose shape says verb or not."""
    if len(key) > 3 and key[0] in _LEAD_CLITICS:
        key = key[1:]
    if len(key) > 4 and key[0] in "سل" and key[1] in _IMPERFECT:
        key = key[1:]
    return key


def verb_shaped(core: str) -> bool:
    """Whether a word (``verb_core`` of its key, no article) has the shape of an inflected
    verb; ``verb_shaped_nouns`` tells the nouns among them."""
    size = len(core)
    if size < 3 or size > 7:
        return False
    if core[0] in _IMPERFECT:
        if core.endswith("ات"):
            return False  # plurals: تحديات
        return not (core[0] == "ت" and size == 5 and core[3] == "ي")  # تفعيل: تطوير
    return size >= 4 and (core.endswith("وا") or (core[-1] == "ت" and core[-2] != "ا"))


def is_verb(surface: str, key: str) -> bool:
    """Whether a word without the article reads as an inflected verb (see the module doc)."""
    letters = _letters(surface)
    if letters.endswith("ة") or key.startswith("ال"):
        return False
    core = verb_core(key)
    return verb_shaped(core) and core not in verb_shaped_nouns()


def has_pronoun(surface: str, key: str) -> bool:
    """Whether a word without the article ends in a glued pronoun (زوجها، مسافته، تحتويه):
    a possessed noun or a verb with its object, never a phrase of its own."""
    if key.startswith("ال") or len(key) < 4:
        return False
    letters = _letters(surface)
    if letters.endswith(_PRONOUNS) and len(letters) >= 5:
        return True
    # a final ه (not ة) after a letter other than ا: مسافته، كتابه (but مياه، اتجاه)
    return len(letters) >= 4 and letters[-1] == "ه" and letters[-2] != "ا"


def _letters(surface: str) -> str:
    if _MARKS.isdisjoint(surface):  # most words (a test, where intersection built a set)
        return surface
    return "".join(char for char in surface if char not in _MARKS)
