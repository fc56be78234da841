"""Paragraph direction and script detection (UAX #9 P2/P3), no Textual import."""

from __future__ import annotations

import unicodedata
from enum import StrEnum


class Direction(StrEnum):
    """The base direction of a paragraph or a whole article."""

    LTR = "ltr"
    RTL = "rtl"


_RTL_CLASSES = frozenset({"R", "AL"})
_PERSIAN_LETTERS = frozenset("پچژگکی")
_URDU_LETTERS = frozenset("ٹڈڑںھےۓ")


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


def detect_language(text: str) -> str:
    """A coarse language guess from the script of the letters: ar, fa, ur, he, en or ''."""
    arabic = hebrew = latin = persian = urdu = 0
    for char in text:
        if "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f":
            arabic += 1
            if char in _PERSIAN_LETTERS:
                persian += 1
            elif char in _URDU_LETTERS:
                urdu += 1
        elif "\u0590" <= char <= "\u05ff":
            hebrew += 1
        elif char.isascii() and char.isalpha():
            latin += 1
    counts = {"ar": arabic, "he": hebrew, "en": latin}
    best = max(counts, key=lambda key: counts[key])
    if counts[best] == 0:
        return ""
    if best == "ar" and arabic:
        if urdu > max(3, arabic // 200):
            return "ur"
        if persian > max(3, arabic // 50):
            return "fa"
    return best
