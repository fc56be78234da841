"""Logical text + width -> visual terminal lines: the public API of the text layer (docs/bidi.md 2).

Per paragraph: sanitize, direction (first strong character), shape in logical order, embedding
levels for the whole paragraph, wrap the shaped logical text by cells, then per line L1, L2 by
cluster (which is L3: marks stay after their base), L4 mirroring, and strip output controls.
Lines are cached per (paragraph, width, fallback, harakat setting) so scrolling never lays out
again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple, TypeVar

from bidi.mirror import MIRRORED
from rich.cells import cell_len

from reader.text import bidi
from reader.text.direction import Direction, paragraph_direction
from reader.text.sanitize import OUTPUT_STRIP, output_keep_mask, sanitize, split_paragraphs
from reader.text.shaping import Shaped, delete_harakat, shape
from reader.text.wrap import CELLS, is_mark, needs_carrier, text_cells, wrap

__all__ = [
    "VisualLine",
    "display_logical",
    "layout_line",
    "layout_paragraph",
    "layout_text",
    "styled_segments",
    "visual_field",
]

DOTTED_CIRCLE = "\u25cc"
# Bounded for memory: a prepared paragraph keeps a map per code point (about 13 KiB for a news
# paragraph), its lines at one width about 5 KiB more, and only the article on screen and the
# one or two read just before are shown again (a resize lays out the open article from its
# prepared paragraphs; the article view keeps its own lines meanwhile). An article read further
# back is laid out again as it was the first time.
PREPARED_KEPT = 32
LAID_OUT_KEPT = 64
FIELDS_KEPT = 512  # one-line fields: the rows of a list on screen, titles, the panel's lines
# A field wider than its column is first cut this many code points past the column's width
# (more when that prefix still fits: marks, zero-width characters), then shaped and searched.
_CUT_MARGIN = 8
_T = TypeVar("_T")
# Where rich measures a grapheme rather than code points: ZWJ, variation selectors, skin tones,
# regional indicators.
_GRAPHEME_SENSITIVE = re.compile("[\u200d\ufe00-\ufe0f\U0001f1e6-\U0001f1ff\U0001f3fb-\U0001f3ff]")
# A set, not a character class: compiling the class of every mirrored character cost each start
# about 2 M instructions.
_MIRRORABLE = frozenset(MIRRORED)
# Lines holding an output control or a ZWJ need the slow finishing pass (so do marks).
_NEEDS_FINISH = re.compile("[" + "".join(sorted(OUTPUT_STRIP)) + "\u200d]")


class VisualLine(NamedTuple):
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
    width = max(1, width)
    drop = delete_harakat()
    for paragraph in split_paragraphs(sanitize(text).text):
        lines.extend(_layout_cached(paragraph, width, fallback, drop))
    return lines


def display_logical(text: str) -> str:
    """Sanitized logical, unshaped text: for terminals that do bidi themselves and piped output."""
    return sanitize(text).text


def visual_field(
    text: str, width: int, *, fallback: Direction = Direction.LTR, ellipsis: str = "…"
) -> VisualLine:
    """One single-line UI field, cut at its LOGICAL end (ellipsis appended logically) to fit."""
    clean = sanitize(text).text.replace("\n", " ")
    return _field_cached(clean, max(1, width), fallback, ellipsis, delete_harakat())


def layout_line(text: str, *, fallback: Direction = Direction.LTR) -> VisualLine:
    """One line, never wrapped, keeping every character (leading and trailing spaces too).

    For editable fields, where the cursor needs a visual position for every logical index:
    `layout_paragraph` drops the spaces at line breaks and `visual_field` truncates. Offsets
    refer to `sanitize(text).text` with line separators turned into spaces (the same string for
    text that is already sanitized, such as the value of a `BidiInput`).
    """
    clean = sanitize(text).text.replace("\n", " ")
    return _line_cached(clean, fallback, delete_harakat())


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


class _Prepared(NamedTuple):
    """The width-independent part of a paragraph's layout (cached: a resize reuses it)."""

    direction: Direction
    shaped: Shaped
    levels: tuple[int, ...]
    flags: str  # continuation flags of shaped.text (marks, emoji sequences)


@lru_cache(maxsize=PREPARED_KEPT)
def _prepare(paragraph: str, fallback: Direction, drop_harakat: bool) -> _Prepared:
    direction = paragraph_direction(paragraph, fallback)
    shaped = shape(paragraph)
    levels = bidi.paragraph_levels(shaped.text, direction)
    return _Prepared(direction, shaped, levels, bidi.continuation_flags(shaped.text))


@lru_cache(maxsize=LAID_OUT_KEPT)
def _layout_cached(
    paragraph: str, width: int, fallback: Direction, drop_harakat: bool
) -> tuple[VisualLine, ...]:
    """Lay out a sanitized single paragraph. `drop_harakat` is only part of the cache key."""
    prepared = _prepare(paragraph, fallback, drop_harakat)
    lines = tuple(
        _visual_line(prepared, start, end) for start, end in wrap(prepared.shaped.text, width)
    )
    return lines or (VisualLine("", 0, prepared.direction, 0, 0, ()),)


@lru_cache(maxsize=FIELDS_KEPT)
def _field_cached(
    clean: str, width: int, fallback: Direction, ellipsis: str, drop_harakat: bool
) -> VisualLine:
    """A field's line (a list's rows repeat their sources: each is cut and laid out once)."""
    direction = paragraph_direction(clean, fallback)
    return _layout_cached(_fitted(clean, width, ellipsis), width, direction, drop_harakat)[0]


@lru_cache(maxsize=FIELDS_KEPT)
def _line_cached(paragraph: str, fallback: Direction, drop_harakat: bool) -> VisualLine:
    prepared = _prepare(paragraph, fallback, drop_harakat)
    if not prepared.shaped.text:
        return VisualLine("", 0, prepared.direction, 0, 0, ())
    return _visual_line(prepared, 0, len(prepared.shaped.text))


def _shaped_cells(text: str) -> int:
    return text_cells(shape(text).text)


def _fitted(text: str, width: int, ellipsis: str) -> str:
    """`text`, or its longest logical prefix + ellipsis when it is wider than `width` cells.

    A field shows only its first `width` cells, so a long text (a title in a narrow column) is
    first cut where its prefix is already too wide, and only that prefix is shaped and searched:
    the result is `_truncate(text, ...)`, as the shaped width of a prefix never shrinks as it
    grows (a code point adds zero cells or more), so the last prefix that fits lies before the
    cut. Doubling the cut covers texts of zero-width and combining characters.
    """
    end = width + _CUT_MARGIN
    while end < len(text):
        head = text[:end]
        shaped = shape(head)
        stripped = head.rstrip()
        cells = text_cells(shaped.text) if stripped == head else _shaped_cells(stripped)
        if cells > width:
            return _truncate(head, width, ellipsis, shaped)
        end *= 2
    shaped = shape(text)
    if text_cells(shaped.text) > width:
        return _truncate(text, width, ellipsis, shaped)
    return text


def _truncate(text: str, width: int, ellipsis: str, shaped: Shaped) -> str:
    """Longest logical prefix (whole clusters, no trailing space) + ellipsis that fits `width`;
    `shaped` is `shape(text)`."""
    cuts = [start for start, _ in bidi.clusters(text)]
    known: dict[int, bool] = {}

    def fits(cut: int) -> bool:
        if cut not in known:
            known[cut] = _shaped_cells(text[: cuts[cut]].rstrip() + ellipsis) <= width
        return known[cut]

    # The shaped width grows with the prefix, so the last fit is the one whose next cut does
    # not fit: checked on the guess, searched for when the guess is wrong.
    low = _last_fit_guess(text, shaped, cuts, width - _shaped_cells(ellipsis))
    if (low > 0 and not fits(low)) or (low + 1 < len(cuts) and fits(low + 1)):
        low, high = 0, len(cuts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if fits(middle):
                low = middle
            else:
                high = middle - 1
    if fits(low):
        return text[: cuts[low]].rstrip() + ellipsis
    return ellipsis if _shaped_cells(ellipsis) <= width else ""


def _last_fit_guess(text: str, shaped: Shaped, cuts: list[int], room: int) -> int:
    """The last cut whose prefix fits in `room` cells, from the shaping of the whole text: each
    shaped code point's cells are counted at the logical index it comes from (a cut word shapes
    to other forms of the same width, so the sum is that of the prefix in all but rare cases)."""
    before = [0] * (len(text) + 1)  # cells of the shaped code points from before each index
    previous: str | None = None
    for char, logical in zip(shaped.text, shaped.to_logical, strict=True):
        if is_mark(char):
            before[logical + 1] += needs_carrier(previous)
        else:
            before[logical + 1] += CELLS[char]
        previous = char
    for index in range(len(text)):
        before[index + 1] += before[index]
    last = 0
    for number, cut in enumerate(cuts):
        if before[len(text[:cut].rstrip())] > room:
            break
        last = number
    return last


def _visual_line(prepared: _Prepared, start: int, end: int) -> VisualLine:
    """Reorder shaped[start:end] (L1, L2, L4, L3), strip controls and map back to the paragraph."""
    shaped = prepared.shaped
    chars = shaped.text[start:end]
    line_levels = bidi.apply_l1(
        chars, prepared.levels[start:end], bidi.base_level(prepared.direction)
    )
    flags = prepared.flags[start:end]
    order = bidi.reorder_line(chars, line_levels, flags)
    visual = _permute(chars, order)
    if not _MIRRORABLE.isdisjoint(chars):
        visual = [
            MIRRORED[char] if line_levels[index] % 2 and char in MIRRORED else char
            for char, index in zip(visual, order, strict=True)
        ]
    logical = _permute(shaped.to_logical[start:end], order)
    text, logical = _finish(visual, logical, "1" in flags)
    return VisualLine(
        text=text,
        cells=_cells(text),
        direction=prepared.direction,
        logical_start=shaped.to_logical[start],
        logical_end=max(shaped.logical_end[start:end]),
        visual_to_logical=tuple(logical),
    )


def _permute(items: Sequence[_T], order: list[int]) -> list[_T]:
    """items in the given order (itemgetter does the loop in C)."""
    if len(order) < 2 or order[0] == len(order) - 1 and order[-1] == 0 and _is_reversal(order):
        return list(items[::-1])
    return list(itemgetter(*order)(items))


def _is_reversal(order: list[int]) -> bool:
    return order == list(range(len(order) - 1, -1, -1))


def _cells(text: str) -> int:
    """cell_len(text), summed per code point when no emoji sequence can change the sum."""
    if _GRAPHEME_SENSITIVE.search(text):
        return cell_len(text)
    return sum(map(CELLS.__getitem__, text))


def _finish(visual: list[str], logical: list[int], has_marks: bool) -> tuple[str, list[int]]:
    """Strip output controls (rule 14) and give orphan marks a dotted-circle base (rule 7)."""
    text = "".join(visual)
    needs_strip = _NEEDS_FINISH.search(text) is not None
    if not (needs_strip or has_marks):
        return text, logical
    if needs_strip:
        keep = output_keep_mask(text)
        visual = [char for char, kept in zip(visual, keep, strict=True) if kept]
        logical = [index for index, kept in zip(logical, keep, strict=True) if kept]
        text = "".join(visual)
    flags = bidi.continuation_flags(text)
    position = flags.find("1")
    carriers: list[int] = []
    while position >= 0:
        if is_mark(text[position]) and needs_carrier(text[position - 1] if position else None):
            carriers.append(position)
        position = flags.find("1", position + 1)
    if not carriers:
        return text, logical
    for position in reversed(carriers):
        visual.insert(position, DOTTED_CIRCLE)
        logical.insert(position, logical[position])
    return "".join(visual), logical
