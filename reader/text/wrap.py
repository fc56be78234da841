"""Greedy wrapping of shaped LOGICAL text by cells (docs/bidi.md 2.5): wrap first, reorder next.

Lines break at spaces; spaces at a break belong to no line and no line starts with one. A word
wider than the line is cut between clusters (a mark never leaves its base).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rich.cells import cell_len

from reader.text.bidi import clusters

__all__ = ["BREAK_SPACES", "CELLS", "char_cells", "is_mark", "text_cells", "wrap"]

BREAK_SPACES = (
    " \u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u200b\u205f\u3000"
)
_WORD_RE = re.compile(f"[^{BREAK_SPACES}]+")


class _CellTable(dict[str, int]):
    """Cells of each code point (rich's table, as Textual uses), filled on first use."""

    def __missing__(self, char: str) -> int:
        self[char] = cell_len(char)
        return self[char]


CELLS = _CellTable()
char_cells = CELLS.__getitem__


@lru_cache(maxsize=65536)
def is_mark(char: str) -> bool:
    """A combining mark: terminals draw it on the cell before it."""
    return unicodedata.category(char) in ("Mn", "Me")


def needs_carrier(previous: str | None) -> bool:
    """A mark after nothing, a space or a zero-width character gets a dotted circle base."""
    if previous is None or previous in BREAK_SPACES or previous.isspace():
        return True
    return char_cells(previous) == 0 and not is_mark(previous)


@lru_cache(maxsize=20_000)  # words, mostly: about 170 bytes each with the cache's own link
def text_cells(text: str) -> int:
    """Cells of a run of shaped logical text once laid out, dotted-circle carriers included."""
    cells = 0
    previous: str | None = None
    for char in text:
        if is_mark(char):
            if needs_carrier(previous):
                cells += 1
        else:
            cells += char_cells(char)
        previous = char
    return cells


def wrap(chars: str, width: int) -> list[tuple[int, int]]:
    """[start, end) of each line of `chars` at `width` cells (width >= 1)."""
    lines: list[tuple[int, int]] = []
    start = end = cells = 0
    open_line = False
    for match in _WORD_RE.finditer(chars):
        word_start, word_end = match.span()
        word_cells = text_cells(match.group())
        if open_line:
            gap_text = chars[end:word_start]
            gap = 1 if gap_text == " " else text_cells(gap_text)  # one space: most gaps
            if cells + gap + word_cells <= width:
                end, cells = word_end, cells + gap + word_cells
                continue
            lines.append((start, end))
        if word_cells <= width:
            start, end, cells = word_start, word_end, word_cells
        else:
            pieces = _cut_word(chars, word_start, word_end, width)
            lines.extend(pieces[:-1])
            start, end = pieces[-1]
            cells = text_cells(chars[start:end])
        open_line = True
    if open_line:
        lines.append((start, end))
    return lines


def _cut_word(chars: str, word_start: int, word_end: int, width: int) -> list[tuple[int, int]]:
    """Cut an over-long word into pieces of at most `width` cells (at least one cluster each)."""
    pieces: list[tuple[int, int]] = []
    word = chars[word_start:word_end]
    piece_start = cells = 0
    for start, end in clusters(word):
        cluster_cells = text_cells(word[start:end])
        if cells + cluster_cells > width and start > piece_start:
            pieces.append((word_start + piece_start, word_start + start))
            piece_start, cells = start, 0
        cells += cluster_cells
    pieces.append((word_start + piece_start, word_end))
    return pieces
