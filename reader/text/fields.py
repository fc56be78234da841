"""Rows of separate UI fields (source, kind, category, date), each laid out on its own.

Reordering a concatenated row would mix fields (a date after Arabic text reads 06-12-2024);
here every field is its own paragraph and only the order of the fields follows the direction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len

from reader.text.direction import Direction
from reader.text.layout import VisualLine, visual_field


def field_rows(
    fields: Sequence[str],
    width: int,
    *,
    direction: Direction,
    separator: str = " · ",
    field: Callable[[str, int], VisualLine] = visual_field,
) -> list[str]:
    """Visual rows of at most ``width`` cells; in RTL rows the first field is rightmost."""
    laid_out = [field(text, width).text for text in fields if text.strip()]
    rows: list[list[str]] = []
    used = 0
    for piece in laid_out:
        cells = cell_len(piece)
        if rows and used + cell_len(separator) + cells <= width:
            rows[-1].append(piece)
            used += cell_len(separator) + cells
        else:
            rows.append([piece])
            used = cells
    if direction is Direction.RTL:
        return [separator.join(reversed(row)) for row in rows]
    return [separator.join(row) for row in rows]
