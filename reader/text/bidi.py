"""Embedding levels per whole paragraph, reordering per line (UAX #9 L1-L4, docs/bidi.md 2.4-2.8).

Levels come from `reader.text.uba` for sanitized paragraphs, and otherwise from python-bidi 0.6
(the Rust `unicode-bidi` crate) through its `debug=True` dump: its `get_display` reorders a
paragraph as one line and does neither L3 nor L4, so only the resolved levels are used. The dump
format is not an API: `python_bidi_levels` checks what it parses and tests pin it (rule 20).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from operator import itemgetter

from bidi import get_display
from bidi.mirror import MIRRORED

from reader.text.direction import Direction
from reader.text.uba import has_explicit_controls, resolve_levels

__all__ = [
    "BidiFormatError",
    "apply_l1",
    "base_level",
    "bidi_class",
    "clusters",
    "clusters_from_flags",
    "continuation_flags",
    "mirror",
    "paragraph_levels",
    "python_bidi_levels",
    "reorder_line",
]

_LEVELS_START = "\n    levels: [\n"
_LEVELS_END = "\n    ],\n"
_LEVEL_RE = re.compile(r"Level\(\s*(\d+),\s*\)")
_PARAGRAPH_SEPARATOR_RE = re.compile("[\n\r\x1c\x1d\x1e\x85\u2029]")
# Classes reset to the paragraph level at the end of a line (L1), as in the original classes.
_L1_CLASSES = frozenset({"WS", "FSI", "LRI", "RLI", "PDI", "BN"})
_EMOJI_MODIFIERS = range(0x1F3FB, 0x1F400)


class BidiFormatError(RuntimeError):
    """python-bidi's debug dump did not have the expected shape (the version changed?)."""


def base_level(direction: Direction) -> int:
    """Paragraph embedding level: 0 for LTR, 1 for RTL."""
    return 1 if direction is Direction.RTL else 0


@lru_cache(maxsize=4096)
def bidi_class(char: str) -> str:
    """Bidi_Class of a code point, cached."""
    return unicodedata.bidirectional(char)


def paragraph_levels(text: str, direction: Direction) -> tuple[int, ...]:
    """Resolved embedding level of every code point of one paragraph (rules X1-I2, before L1).

    The whole paragraph is resolved at once so that bracket pairs and runs that span a wrap point
    resolve as UAX #9 says. Boundary-neutral characters (ZWJ, ZWNJ, BOM...) that X9 removes take
    the level of the character before them, so they never split a run.
    """
    if not text:
        return ()
    if _PARAGRAPH_SEPARATOR_RE.search(text):
        raise ValueError("paragraph_levels takes one paragraph: split on separators first")
    if direction is Direction.LTR and _only_ltr(text):
        return (0,) * len(text)
    if has_explicit_controls(text):
        return python_bidi_levels(text, direction)
    return tuple(resolve_levels(text, base_level(direction)))


def python_bidi_levels(text: str, direction: Direction) -> tuple[int, ...]:
    """Levels from python-bidi's `debug=True` dump (per UTF-8 byte), one per code point.

    Handles every input, explicit controls included, but costs about 3 ms per 1,000 shaped
    Arabic characters (the dump holds ~40 characters per byte), so plain paragraphs use
    `reader.text.uba`; this is the reference the tests compare it with.
    """
    if not text:
        return ()
    dump = get_display(text, base_dir="R" if direction is Direction.RTL else "L", debug=True)
    levels = _levels_per_code_point(text, _parse_byte_levels(dump))
    return _fix_removed_levels(text, levels, base_level(direction))


@lru_cache(maxsize=4096)
def _is_ltr_safe(char: str) -> bool:
    return bidi_class(char) not in {"R", "AL", "AN", "RLE", "RLO", "RLI", "FSI"}


def _only_ltr(text: str) -> bool:
    """True when an LTR paragraph has nothing that could get an odd level (every level is 0)."""
    return all(_is_ltr_safe(char) for char in text)


def _parse_byte_levels(dump: str) -> list[int]:
    start = dump.find(_LEVELS_START)
    end = dump.find(_LEVELS_END, start + 1)
    if start < 0 or end < 0 or not dump.startswith("BidiInfo {"):
        raise BidiFormatError("python-bidi debug dump: no 'levels' list")
    return [int(level) for level in _LEVEL_RE.findall(dump, start, end)]


def _levels_per_code_point(text: str, byte_levels: list[int]) -> list[int]:
    """The dump has one level per UTF-8 byte: keep the level of each code point's first byte."""
    encoded = text.encode("utf-8")
    if len(byte_levels) != len(encoded):
        raise BidiFormatError(
            f"python-bidi debug dump: {len(byte_levels)} levels for {len(encoded)} bytes"
        )
    return [level for level, byte in zip(byte_levels, encoded, strict=True) if byte & 0xC0 != 0x80]


def _fix_removed_levels(text: str, levels: list[int], paragraph_level: int) -> tuple[int, ...]:
    previous = paragraph_level
    for index, char in enumerate(text):
        if bidi_class(char) == "BN":
            levels[index] = previous
        previous = levels[index]
    return tuple(levels)


def apply_l1(chars: str, levels: Sequence[int], paragraph_level: int) -> list[int]:
    """L1 for one line: trailing whitespace, isolates and BN take the paragraph level.

    Sanitized text has no segment or paragraph separator, so only the line end matters.
    """
    result = list(levels)
    index = len(chars) - 1
    while index >= 0 and bidi_class(chars[index]) in _L1_CLASSES:
        result[index] = paragraph_level
        index -= 1
    return result


class _ContinuationTable(dict[int, str]):
    """`str.translate` table: "1" for a code point that continues the previous cluster."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        continues = (
            unicodedata.category(char) in ("Mn", "Me", "Mc")
            or 0xFE00 <= code <= 0xFE0F
            or code in _EMOJI_MODIFIERS
            or char == "\u200d"
        )
        self[code] = "1" if continues else "0"
        return self[code]


_CONTINUATION = _ContinuationTable()


def continuation_flags(chars: str) -> str:
    """One "1"/"0" per code point: whether it belongs to the cluster of the one before.

    Combining marks (terminals attach them to the previous cell), variation selectors, emoji
    modifiers, ZWJ and the emoji after a ZWJ.
    """
    flags = chars.translate(_CONTINUATION)
    if "\u200d" in chars:
        marked = list(flags)
        for index in range(1, len(chars)):
            if chars[index - 1] == "\u200d" and ord(chars[index]) >= 0x1F000:
                marked[index] = "1"
        flags = "".join(marked)
    return flags


def clusters(chars: str) -> list[tuple[int, int]]:
    """[start, end) of each cluster: a base and its continuation characters."""
    return clusters_from_flags(continuation_flags(chars))


_CLUSTER_RE = re.compile("[01]1*")


def clusters_from_flags(flags: str) -> list[tuple[int, int]]:
    """`clusters` from the `continuation_flags` of the text (the first code point always starts
    one, even a stray mark)."""
    return [match.span() for match in _CLUSTER_RE.finditer(flags)]


def mirror(char: str, level: int) -> str:
    """L4: the mirrored glyph of a Bidi_Mirrored character at an odd level."""
    if level % 2:
        return str(MIRRORED.get(char, char))
    return char


def reorder_line(chars: str, line_levels: Sequence[int], flags: str | None = None) -> list[int]:
    """Visual order of one line (levels after L1) as indexes into `chars`: L2, and L3.

    Lines with combining marks or emoji sequences are reversed cluster by cluster, which is L3:
    a mark stays right after its base in visual order, where terminals expect it. `flags` are
    the line's `continuation_flags` when the caller has them.
    """
    if flags is None:
        flags = continuation_flags(chars)
    if "1" not in flags:
        return _l2_order(line_levels)
    # A cluster takes the level of its first code point; L2 then reverses whole clusters where
    # they lie in odd runs, and each reversed cluster (its continuation characters before its
    # base) is turned back: marks follow their base. Found as "1+0" in the visual flags, with
    # logical indexes counting down to the base.
    if flags[0] == "1":
        # Marks before the line's first base have no base to follow: FriBidi's REORDER_NSM
        # keeps them together, in logical order, as one group (the renderer gives the group a
        # dotted circle), so they make one cluster of their own.
        flags = "0" + flags[1:]
    levels = list(line_levels)
    position = flags.find("1", 1)
    while position > 0:
        levels[position] = levels[position - 1]
        position = flags.find("1", position + 1)
    order = _l2_order(levels)
    visual_flags = "".join(itemgetter(*order)(flags)) if len(order) > 1 else flags
    for match in _REVERSED_CLUSTER.finditer(visual_flags):
        end = match.end()
        base = order[end - 1]
        run = _CONTINUATION_RUN.match(flags, base + 1)  # always matches (maybe empty)
        length = (run.end() if run else base + 1) - base  # the base and its marks
        start = end - length
        if start >= match.start() and order[start:end] == list(range(base + length - 1,
                                                                        base - 1, -1)):
            order[start:end] = order[start:end][::-1]
    return order


_REVERSED_CLUSTER = re.compile("1+0")
_CONTINUATION_RUN = re.compile("1*")


def _l2_order(levels: Sequence[int]) -> list[int]:
    """L2: from the highest level down to the lowest odd one, reverse runs at or above it.

    A maximal run at or above a level occupies the same positions before and after the passes
    for higher levels, so runs are found once on the logical levels.
    """
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest = min(levels)
    if highest == lowest:
        return order[::-1] if lowest % 2 else order
    lowest_odd = lowest | 1
    encoded = bytes(levels)
    for level in range(highest, lowest_odd - 1, -1):
        for match in _run_at_or_above(level).finditer(encoded):
            start, end = match.span()
            order[start:end] = order[start:end][::-1]
    return order


@lru_cache(maxsize=128)
def _run_at_or_above(level: int) -> re.Pattern[bytes]:
    return re.compile(b"[" + re.escape(bytes([level])) + b"-\xff]+")
