"""Paragraph direction and script detection (UAX #9 P2/P3), no Textual import."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from reader.text.lazy_pattern import LazyPattern


class Direction(StrEnum):
    """The base direction of a paragraph or a whole article."""

    LTR = "ltr"
    RTL = "rtl"


_RTL_CLASSES = frozenset({"R", "AL"})
_PERSIAN_LETTERS = frozenset("پچژگکی")
_URDU_LETTERS = frozenset("ٹڈڑںھےۓ")
# Letters are counted by script in the UTF-8 bytes, each script's lead bytes in one
# bytes.translate pass (a loop over the characters was a quarter of an import's CPU). In UTF-8
# a lead byte names a block of 64 code points:
# D8-DB is U+0600-06FF (Arabic), DD is U+0740-077F (Syriac up to U+074F, then the Arabic
# supplement), D6 is U+0580-05BF (Armenian up to U+058F, then Hebrew), D7 is U+05C0-05FF (Hebrew).
# ASCII bytes are never part of another character, so the Latin letters are the bytes A-Z a-z.
_SYRIAC = re.compile(rb"\xdd[\x80-\x8f]")
_ARMENIAN_TAIL = re.compile(rb"\xd6[\x80-\x8f]")


def _all_bytes_but(kept: range | tuple[int, ...]) -> bytes:
    """The bytes ``bytes.translate`` deletes to leave only ``kept``: one pass counts them."""
    return bytes(byte for byte in range(256) if byte not in kept)


_NOT_ARABIC_LEAD = _all_bytes_but(range(0xD8, 0xDC))
_NOT_HEBREW_LEAD = _all_bytes_but((0xD6, 0xD7))
_NOT_LATIN = _all_bytes_but((*range(65, 91), *range(97, 123)))
# Persian and Urdu letters, counted together in one scan and told apart afterwards (compiled for
# the first article whose language is guessed, not for the titles' first frame).
_PERSIAN_OR_URDU = LazyPattern(f"[{''.join(sorted(_PERSIAN_LETTERS | _URDU_LETTERS))}]")


def _may_be_persian_or_urdu(text: str, data: bytes) -> bool:
    """Whether ``text`` (``data`` in UTF-8) can hold a Persian or Urdu letter: each of them but
    two (ٹ, پ) is DA xx or DB xx in UTF-8, and Arabic text has neither lead byte. Looking for
    two bytes and two characters is a tenth of the regex's scan of every character."""
    return b"\xda" in data or b"\xdb" in data or "\u067e" in text or "\u0679" in text


def _script_letters(data: bytes) -> tuple[int, int, int]:
    """How many characters of UTF-8 ``data`` are Arabic (U+0600-06FF and the supplement),
    Syriac and Hebrew, counted by their lead bytes."""
    supplement_or_syriac = data.count(b"\xdd")
    syriac = len(_SYRIAC.findall(data)) if supplement_or_syriac else 0
    arabic = len(data.translate(None, _NOT_ARABIC_LEAD)) + supplement_or_syriac - syriac
    hebrew = len(data.translate(None, _NOT_HEBREW_LEAD))
    if hebrew and b"\xd6" in data:  # the regex walks every byte: only for text that can match
        hebrew -= len(_ARMENIAN_TAIL.findall(data))
    return arabic, syriac, hebrew


def first_strong_direction(text: str) -> Direction | None:
    """Direction of the first strong character (L, R or AL), or None when there is none.

    Characters inside isolates are skipped, as UAX #9 P2 asks.
    """
    depth = 0
    for char in text:
        if char in "\u2066\u2067\u2068":
            depth += 1
            continue
        if char == "\u2069":
            depth = max(0, depth - 1)
            continue
        if depth:
            continue
        bidi_class = unicodedata.bidirectional(char)
        if bidi_class == "L":
            return Direction.LTR
        if bidi_class in _RTL_CLASSES:
            return Direction.RTL
    return None


def first_rtl_index(text: str) -> int | None:
    """Where the first right-to-left letter is, or None for text with none."""
    for index, char in enumerate(text):
        if unicodedata.bidirectional(char) in _RTL_CLASSES:
            return index
    return None


def paragraph_direction(text: str, fallback: Direction = Direction.LTR) -> Direction:
    """First strong character's direction, else the fallback (the article's direction)."""
    return first_strong_direction(text) or fallback


# The code points _script_letters counts as right-to-left, and those of them that are no letter
# (points, harakat, digits, punctuation): what majority_direction subtracts.
_RTL_BLOCKS = "\u0590-\u06ff\u0740-\u077f"
# Compiled at the first article's direction, not for the titles' first frame.
_RTL_NOT_ALPHA = LazyPattern("[" + "".join(
    char for code in (*range(0x0590, 0x0700), *range(0x0740, 0x0780))
    if not (char := chr(code)).isalpha()) + "]")
_OUTSIDE_ASCII_AND_RTL = re.compile(f"[^\x00-\x7f{_RTL_BLOCKS}]+")
# The UTF-8 lead bytes of every character outside ASCII and the right-to-left blocks (D6 also
# leads Hebrew, DC Syriac): text without them has no letter for _OUTSIDE_ASCII_AND_RTL to find.
_NOT_OTHER_LEAD = _all_bytes_but((*range(0xC2, 0xD7), 0xDC, *range(0xDE, 0xF5)))


def _alpha_outside_rtl(text: str, data: bytes, latin: int) -> int:
    """How many letters of ``text`` are outside the right-to-left blocks, minus the right-to-left
    characters that are no letter: ``sum(map(str.isalpha, text)) - rtl`` without a Python step
    per character (that loop was a fifth of an import's CPU). ``latin``: the ASCII letters."""
    others = 0
    if data.translate(None, _NOT_OTHER_LEAD):  # else every character is ASCII or right-to-left
        others = sum(sum(map(str.isalpha, run)) for run in _OUTSIDE_ASCII_AND_RTL.findall(text))
    return latin + others - len(_RTL_NOT_ALPHA.findall(text))


def majority_direction(text: str) -> Direction | None:
    """The direction most of the letters of ``text`` read in, or None for text without letters
    or with as many of each: a Latin heading or a quoted English sentence at the top of an Arabic
    article must not turn the whole article left-to-right."""
    return _ScriptCount(text).majority()


def detect_language(text: str) -> str:
    """A coarse language guess from the script of the letters: ar, fa, ur, he, en or ''."""
    return _ScriptCount(text).language()


def language_and_direction(text: str) -> tuple[str, Direction | None]:
    """:func:`detect_language` and :func:`majority_direction` of ``text``, from one count of its
    letters (an import asks both of every article)."""
    count = _ScriptCount(text)
    return count.language(), count.majority()


class _ScriptCount:
    """The letters of a text counted by script, once, for the language and the direction."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode("utf-8", "surrogatepass")
        self.arabic, self.syriac, self.hebrew = _script_letters(self.data)
        self.latin = len(self.data.translate(None, _NOT_LATIN))

    def majority(self) -> Direction | None:
        rtl = self.arabic + self.syriac + self.hebrew
        ltr = _alpha_outside_rtl(self.text, self.data, self.latin)
        if rtl == ltr:
            return None
        return Direction.RTL if rtl > ltr else Direction.LTR

    def language(self) -> str:
        arabic = self.arabic
        counts = {"ar": arabic, "he": self.hebrew, "en": self.latin}
        best = max(counts, key=lambda key: counts[key])
        if counts[best] == 0:
            return ""
        if best == "ar" and arabic and _may_be_persian_or_urdu(self.text, self.data):
            found = _PERSIAN_OR_URDU.findall(self.text)
            persian = sum(letter in _PERSIAN_LETTERS for letter in found)
            urdu = len(found) - persian
            if urdu > max(3, arabic // 200):
                return "ur"
            if persian > max(3, arabic // 50):
                return "fa"
        return best
