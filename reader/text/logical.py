"""Layout for terminals that do bidi themselves (``--bidi terminal``: mlterm, Konsole).

Such a terminal reorders and shapes what it receives, so the app sends sanitized logical text,
unshaped, wrapped by cells, each line left to the terminal. The same ``VisualLine`` shape as the
visual engine keeps the widgets unaware of the mode.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from rich.cells import cell_len

from reader.text.direction import Direction
from reader.text.layout import VisualLine, layout_text, visual_field
from reader.text.sanitize import sanitize, split_paragraphs, strip_for_output
from reader.text.wrap import wrap


def _logical_line(paragraph: str, start: int, end: int) -> VisualLine:
    text = strip_for_output(paragraph[start:end].rstrip())
    return VisualLine(text, cell_len(text), Direction.LTR, start, end,
                      tuple(range(start, start + len(text))))


def layout_logical(
    text: str, width: int, *, fallback: Direction = Direction.LTR
) -> list[VisualLine]:
    """Sanitized logical lines of at most ``width`` cells; an empty paragraph gives one line."""
    lines: list[VisualLine] = []
    for paragraph in split_paragraphs(sanitize(text).text):
        bounds = wrap(paragraph, max(1, width)) or [(0, 0)]
        lines += [_logical_line(paragraph, start, end) for start, end in bounds]
    return lines


def logical_field(text: str, width: int, *, fallback: Direction = Direction.LTR,
                  ellipsis: str = "…") -> VisualLine:
    """One field in logical order, cut at its logical end to fit ``width`` cells."""
    clean = sanitize(text).text.replace("\n", " ")
    if cell_len(clean) > width:
        while clean and cell_len(clean) + cell_len(ellipsis) > width:
            clean = clean[:-1]
        clean = clean.rstrip() + ellipsis
    return _logical_line(clean, 0, len(clean))


class TextLayout(NamedTuple):
    """How every surface lays text out: visual order by the app, or logical for the terminal."""

    mode: str
    text: Callable[..., list[VisualLine]]
    field: Callable[..., VisualLine]


VISUAL = TextLayout("app", layout_text, visual_field)
LOGICAL = TextLayout("terminal", layout_logical, logical_field)


def text_layout(mode: str) -> TextLayout:
    """``terminal`` gives logical layout; ``app`` (and ``auto``, once resolved) visual."""
    return LOGICAL if mode == "terminal" else VISUAL
