"""Logical text + width -> visual terminal lines: the public API of the text layer (bidi.md 2).

Per paragraph: sanitize, direction (first strong character), shape in logical order, embedding
levels for the whole paragraph, wrap the shaped logical text by cells, then per line L1, L2 by
cluster (which is L3: marks stay after their base), L4 mirroring, and strip output controls.
Lines are cached per (paragraph, width, fallback, harakat setting) so scrolling never lays out
again.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len

from reader.text import bidi
from reader.text.direction import Direction, paragraph_direction
from reader.text.sanitize import output_keep_mask, sanitize, split_paragraphs
from reader.text.shaping import Shaped, delete_harakat, shape

__all__ = [
    "VisualLine",
    "display_logical",
    "layout_paragraph",
    "layout_text",
    "styled_segments",
    "visual_field",
]

DOTTED_CIRCLE = "\u25cc"
_BREAK_SPACES = frozenset(
    " \u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u200b\u205f\u3000"
)


@dataclass(frozen=True, slots=True)
class VisualLine:
    """One terminal line in visual order, with its map back to the sanitized logical paragraph."""

    text: str
    cells: int
    direction: Direction
    logical_start: int
    logical_end: int
    visual_to_logical: tuple[int, ...]

    def aligned(self, width: int) -> str:
        """Padded to `width` cells: RTL lines end at the right edge, LTR lines start at the left."""
        padding = " " * max(0, width - self.cells)
        if self.direction is Direction.RTL:
            return padding + self.text
        return self.text + padding


def layout_paragraph(
    text: str, width: int, *, fallback: Direction = Direction.LTR
) -> list[VisualLine]:
    """Lay out one paragraph (any line separator inside becomes a space) at `width` cells."""
    clean = sanitize(text).text.replace("\n", " ")
    return list(_layout_cached(clean, max(1, width), fallback, delete_harakat()))


def layout_text(text: str, width: int, *, fallback: Direction = Direction.LTR) -> list[VisualLine]:
    """Sanitize, split on every paragraph separator and lay out each paragraph in turn.

    Offsets of each line are relative to its own (sanitized) paragraph; an empty paragraph gives
    one empty line.
    """
    lines: list[VisualLine] = []
    for paragraph in split_paragraphs(sanitize(text).text):
        lines.extend(layout_paragraph(paragraph, width, fallback=fallback))
    return lines


def display_logical(text: str) -> str:
    """Sanitized logical, unshaped text: for terminals that do bidi themselves and piped output."""
    return sanitize(text).text


def visual_field(
    text: str, width: int, *, fallback: Direction = Direction.LTR, ellipsis: str = "…"
) -> VisualLine:
    """One single-line UI field, cut at its LOGICAL end (ellipsis appended logically) to fit."""
    clean = sanitize(text).text.replace("\n", " ")
    width = max(1, width)
    direction = paragraph_direction(clean, fallback)
    if _shaped_cells(clean) > width:
        clean = _truncate(clean, width, ellipsis)
    lines = _layout_cached(clean, width, direction, delete_harakat())
    return lines[0]


def styled_segments(
    line: VisualLine, spans: Sequence[tuple[int, int, str]]
) -> list[tuple[str, str | None]]:
    """Visual-order runs of (text, style) for styles given on logical [start, end) ranges.

    Overlapping styles are joined with a space, in the order given (later ones win in Rich).
    """
    segments: list[tuple[str, str | None]] = []
    for char, logical in zip(line.text, line.visual_to_logical, strict=True):
        names = [style for start, end, style in spans if start <= logical < end]
        style = " ".join(names) if names else None
        if segments and segments[-1][1] == style:
            segments[-1] = (segments[-1][0] + char, style)
        else:
            segments.append((char, style))
    return segments


# --------------------------------------------------------------------------- internals


@lru_cache(maxsize=65536)
def _char_width(char: str) -> int:
    return cell_len(char)


@lru_cache(maxsize=65536)
def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Me")


def _shaped_cells(text: str) -> int:
    return sum(_char_width(char) for char in shape(text).text)


def _truncate(text: str, width: int, ellipsis: str) -> str:
    """Longest logical prefix (whole clusters, no trailing space) + ellipsis that fits `width`."""
    cuts = [start for start, _ in bidi.clusters(text)]
    low, high = 0, len(cuts) - 1
    while low < high:  # the shaped width grows with the prefix: binary search the last fit
        middle = (low + high + 1) // 2
        if _shaped_cells(text[: cuts[middle]].rstrip() + ellipsis) <= width:
            low = middle
        else:
            high = middle - 1
    candidate = text[: cuts[low]].rstrip() + ellipsis
    if _shaped_cells(candidate) <= width:
        return candidate
    return ellipsis if _shaped_cells(ellipsis) <= width else ""


@lru_cache(maxsize=8192)
def _layout_cached(
    paragraph: str, width: int, fallback: Direction, drop_harakat: bool
) -> tuple[VisualLine, ...]:
    """Lay out a sanitized single paragraph. `drop_harakat` is only part of the cache key."""
    direction = paragraph_direction(paragraph, fallback)
    shaped = shape(paragraph)
    levels = bidi.paragraph_levels(shaped.text, direction)
    lines = tuple(
        _visual_line(shaped, levels, start, end, direction)
        for start, end in _wrap(shaped.text, width)
    )
    return lines or (VisualLine("", 0, direction, 0, 0, ()),)


def _cluster_cells(chars: str, start: int, end: int) -> int:
    """Cells of one cluster; a mark without a visible base gets a dotted circle (one cell)."""
    cells = sum(_char_width(chars[index]) for index in range(start, end))
    base = chars[start]
    if end - start > 1 or _is_mark(base):
        has_mark = any(_is_mark(chars[index]) for index in range(start, end))
        if has_mark and (_is_mark(base) or base in _BREAK_SPACES or _char_width(base) == 0):
            cells += 1
    return cells


def _wrap(chars: str, width: int) -> list[tuple[int, int]]:
    """Greedy wrap of the shaped logical text at spaces; over-long words are cut by cells.

    Spaces at a break belong to no line, and lines never start with a space.
    """
    bounds = bidi.clusters(chars)
    lines: list[tuple[int, int]] = []
    position = 0
    while position < len(bounds):
        while position < len(bounds) and _is_space_cluster(chars, bounds[position]):
            position += 1
        if position == len(bounds):
            break
        end = _line_end(chars, bounds, position, width)
        last = end
        while last > position and _is_space_cluster(chars, bounds[last - 1]):
            last -= 1
        lines.append((bounds[position][0], bounds[last - 1][1]))
        position = end
    return lines


def _is_space_cluster(chars: str, bound: tuple[int, int]) -> bool:
    start, end = bound
    return end - start == 1 and chars[start] in _BREAK_SPACES


def _line_end(chars: str, bounds: list[tuple[int, int]], first: int, width: int) -> int:
    """Index (in clusters) where the line starting at cluster `first` ends."""
    cells = 0
    last_break: int | None = None
    for position in range(first, len(bounds)):
        start, end = bounds[position]
        is_space = _is_space_cluster(chars, bounds[position])
        if is_space:
            last_break = position
        cells += _cluster_cells(chars, start, end)
        if cells > width:
            if is_space:
                return position
            if last_break is not None:
                return last_break
            return max(position, first + 1)  # an over-long word: cut it by cells
    return len(bounds)


def _visual_line(
    shaped: Shaped, levels: Sequence[int], start: int, end: int, direction: Direction
) -> VisualLine:
    """Reorder shaped[start:end] (L1-L4), strip controls and map back to the paragraph."""
    chars = shaped.text[start:end]
    paragraph_level = bidi.base_level(direction)
    line_levels = bidi.apply_l1(chars, levels[start:end], paragraph_level)
    order = bidi.reorder_line(chars, line_levels, paragraph_level)
    visual = "".join(bidi.mirror(chars[index], line_levels[index]) for index in order)
    keep = output_keep_mask(visual)
    out_chars: list[str] = []
    out_map: list[int] = []
    for char, index, kept in zip(visual, order, keep, strict=True):
        if not kept:
            continue
        logical = shaped.to_logical[start + index]
        if _is_mark(char) and (not out_chars or _needs_carrier(out_chars[-1])):
            out_chars.append(DOTTED_CIRCLE)
            out_map.append(logical)
        out_chars.append(char)
        out_map.append(logical)
    text = "".join(out_chars)
    return VisualLine(
        text=text,
        cells=cell_len(text),
        direction=direction,
        logical_start=min(shaped.to_logical[start:end]),
        logical_end=max(shaped.logical_end[start:end]),
        visual_to_logical=tuple(out_map),
    )


def _needs_carrier(previous: str) -> bool:
    """A mark after a space or a zero-width character would land on the wrong cell."""
    if previous in _BREAK_SPACES or previous.isspace():
        return True
    return _char_width(previous) == 0 and not _is_mark(previous)
