"""A one-line text input for right-to-left and mixed text: shaped, in visual order, logical value.

Textual's `Input` draws its value in logical order, one cell per code point, so typed Arabic
shows unjoined and backwards (docs/bidi.md 2, 5). `BidiInput` keeps everything `Input` does with the
*value* (editing keys, selection, clipboard, validators, restrict, max_length, `Input.Changed`
and `Input.Submitted`) and replaces how it is *drawn* and how the cursor *moves on screen*: the
value is laid out by the text engine (`reader.text.layout.layout_line`: sanitize, shape, UAX #9
levels, L1-L4) and the cursor is drawn on the visual cell of its logical position.

Cursor conventions (those of GUI bidi editors such as GTK entries and Firefox):

- The value, the cursor position and the selection stay logical: `value` is what the user
  typed, unshaped; `cursor_position` indexes it.
- The cursor is a block on the cell of the character at the cursor (the one Delete removes);
  Backspace removes the logical previous character. At the end of the value the cursor is one
  cell past the text at the paragraph's end edge: left of the text in a right-to-left field,
  right of it in a left-to-right one (as Emacs draws it).
- Left and Right move *visually*: one cell left or right on screen, whatever the direction of
  the text under the cursor (GTK's default; Firefox's `caret_movement_style` 1). Shift extends
  the selection the same way. Ctrl+Left and Ctrl+Right move by words in the paragraph's
  direction (in a right-to-left field Ctrl+Left goes to the next word).
- Home and End go to the logical start and end (right and left edges of a right-to-left field).
- A lam-alef ligature or a letter with its harakat is one cell and one cursor stop.
- The field direction is the first strong character's (UAX #9 P2), else `fallback`; a
  right-to-left field is right-aligned and long text scrolls horizontally to keep the cursor in
  view.

Untrusted text is never parsed as markup, and everything that enters the value (typing, paste,
`value = ...`) is sanitized first: escape sequences, controls, bidi overrides and isolates are
removed and line breaks become spaces.

Live search::

    yield BidiInput(placeholder="ابحث / search", fallback=Direction.RTL, id="search")

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self.filter_articles(event.value)  # logical, sanitized text
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Offset, clamp
from textual.strip import Strip
from textual.widgets import Input
from textual.widgets.input import Selection

from reader.text.direction import Direction, paragraph_direction
from reader.text.layout import layout_line, visual_field
from reader.text.sanitize import sanitize
from reader.text.shaping import delete_harakat
from reader.text.wrap import char_cells

__all__ = ["BidiInput", "clean_input"]


def clean_input(text: str) -> str:
    """What may enter the value: sanitized (docs/bidi.md 2.1, 7), on one line."""
    return sanitize(text).text.replace("\n", " ")


@dataclass(frozen=True, slots=True)
class _Stop:
    """A cursor stop: a cell (a whole cluster) at visual x, standing for a logical index."""

    x: int
    width: int
    logical: int


@dataclass(frozen=True, slots=True)
class _View:
    """The value laid out once: code points in visual order, the cursor stops left to right."""

    direction: Direction
    chars: tuple[tuple[str, int], ...]  # (code point, stop index), the end slot included
    stops: tuple[_Stop, ...]
    stop_of_logical: tuple[int, ...]  # for each logical index 0..len(value)
    cells: int


@lru_cache(maxsize=64)
def _layout(value: str, fallback: Direction, drop_harakat: bool) -> _View:
    """`drop_harakat` is only part of the cache key (the engine reads the setting itself)."""
    line = layout_line(value, fallback=fallback)
    end = (" ", len(value))
    visual = list(zip(line.text, line.visual_to_logical, strict=True))
    ordered = [end, *visual] if line.direction is Direction.RTL else [*visual, end]
    stops: list[_Stop] = []
    chars: list[tuple[str, int]] = []
    x = 0
    for char, logical in ordered:
        width = char_cells(char)
        if width > 0 or not stops:
            stops.append(_Stop(x, width, logical))
        chars.append((char, len(stops) - 1))
        x += width
    first_stop: dict[int, int] = {}
    for index, stop in enumerate(stops):
        first_stop.setdefault(stop.logical, index)
    # A logical index without a cell of its own (the alef of a lam-alef, a mark, a stripped
    # control) takes the stop of the nearest index before it that has one.
    known = sorted(first_stop)
    stop_of_logical: list[int] = []
    current = first_stop[known[0]]
    for logical in range(len(value) + 1):
        current = first_stop.get(logical, current)
        stop_of_logical.append(current)
    return _View(line.direction, tuple(chars), tuple(stops), tuple(stop_of_logical), x)


class BidiInput(Input):
    """`Input` for right-to-left and mixed text: visual, shaped display over a logical value.

    Posts `Input.Changed` and `Input.Submitted` (handle them with `@on(Input.Changed)` or
    `on_input_changed`). `fallback` is the direction of a field whose text has no strong
    character yet (and of the empty field's cursor).
    """

    DEFAULT_CSS = """
    BidiInput {
        width: 1fr;
    }
    """

    def __init__(
        self,
        value: str | None = None,
        placeholder: str = "",
        *,
        fallback: Direction = Direction.LTR,
        restrict: str | None = None,
        max_length: int = 0,
        select_on_focus: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
        compact: bool = False,
    ) -> None:
        self.fallback = fallback
        self._scroll_x = 0
        super().__init__(
            value,
            clean_input(placeholder),
            restrict=restrict,
            max_length=max_length,
            select_on_focus=select_on_focus,
            name=name,
            id=id,
            classes=classes,
            disabled=disabled,
            compact=compact,
        )

    # ------------------------------------------------------------------ the value stays clean

    def validate_value(self, value: str) -> str:
        """Every assignment to `value` is sanitized (Textual calls this before storing it)."""
        return clean_input(value)

    def validate_placeholder(self, placeholder: str) -> str:
        return clean_input(placeholder)

    def replace(self, text: str, start: int, end: int) -> None:
        """Typing, pasting and cutting all come here: insert the sanitized text only."""
        clean = clean_input(text)
        if text and not clean and start == end:
            return  # nothing printable was inserted (an escape sequence, a control)
        super().replace(clean, start, end)

    # ------------------------------------------------------------------ layout

    @property
    def direction(self) -> Direction:
        """The field's direction: the first strong character's, else `fallback`."""
        if self.value:
            return _layout(self.value, self.fallback, delete_harakat()).direction
        return paragraph_direction(self.placeholder, self.fallback)

    def _view(self) -> _View:
        return _layout(self.value, self.fallback, delete_harakat())

    def _cursor_stop(self, view: _View) -> int:
        return view.stop_of_logical[clamp(self.cursor_position, 0, len(self.value))]

    def _geometry(self, view: _View, width: int) -> tuple[int, int]:
        """(first visual cell shown, blank cells on the left): scrolled to keep the cursor."""
        if view.cells <= width:
            self._scroll_x = 0
            padding = width - view.cells if view.direction is Direction.RTL else 0
            return 0, padding
        stop = view.stops[self._cursor_stop(view)]
        scroll = self._scroll_x
        if stop.x < scroll:
            scroll = stop.x
        elif stop.x + max(1, stop.width) > scroll + width:
            scroll = stop.x + max(1, stop.width) - width
        self._scroll_x = clamp(scroll, 0, view.cells - width)
        return self._scroll_x, 0

    @property
    def _content_width(self) -> int:
        return max(1, self.scrollable_content_region.width)

    # ------------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        if y != 0 or self.password:
            return super().render_line(y)
        width = self._content_width
        if not self.value:
            return self._render_placeholder(width).apply_style(self.rich_style)
        view = self._view()
        scroll, padding = self._geometry(view, width)
        # Input's private _cursor_visible is the blink phase: no public API tells it.
        cursor = self._cursor_stop(view) if self.has_focus and self._cursor_visible else -1
        start, end = sorted(self.selection)
        selected = range(start, end) if self.has_focus and start != end else range(0)
        cursor_style = self.get_component_rich_style("input--cursor")
        selection_style = self.get_component_rich_style("input--selection")
        segments: list[Segment] = []
        for char, stop_index in view.chars:
            stop = view.stops[stop_index]
            style: Style | None = None
            if stop_index == cursor:
                style = cursor_style
            elif stop.logical in selected:
                style = selection_style
            segments.append(Segment(char, style))
        strip = Strip(Segment.simplify(segments), view.cells).crop(scroll, scroll + width)
        if padding:
            strip = Strip([Segment(" " * padding), *strip], width)
        return strip.extend_cell_length(width).apply_style(self.rich_style)

    def _render_placeholder(self, width: int) -> Strip:
        direction = self.direction
        line = visual_field(self.placeholder, width, fallback=self.fallback)
        text = line.aligned(width) if self.placeholder else " " * width
        placeholder_style = self.get_component_rich_style("input--placeholder")
        if not (self.has_focus and self._cursor_visible):  # the blink phase (private, above)
            return Strip([Segment(text, placeholder_style)], width)
        cursor_style = self.get_component_rich_style("input--cursor")
        # The empty field's cursor sits where typing starts: its start edge.
        if direction is Direction.RTL:
            return Strip([Segment(text[:-1], placeholder_style),
                          Segment(text[-1], placeholder_style + cursor_style)], width)
        return Strip([Segment(text[0], placeholder_style + cursor_style),
                      Segment(text[1:], placeholder_style)], width)

    @property
    def cursor_screen_offset(self) -> Offset:
        """Where the terminal cursor goes (IME candidate windows): the visual cursor cell."""
        x, y, _width, _height = self.content_region
        width = self._content_width
        if not self.value:
            return Offset(x + (width - 1 if self.direction is Direction.RTL else 0), y)
        view = self._view()
        scroll, padding = self._geometry(view, width)
        stop = view.stops[self._cursor_stop(view)]
        return Offset(x + padding + stop.x - scroll, y)

    def _cell_offset_to_index(self, offset: int) -> int:
        """The logical index of the cell clicked at `offset` (content x).

        Overrides a private method of Input, the one its click and drag handlers call: Textual has
        no public hook that maps a clicked cell to a position in the value.
        """
        if not self.value:
            return 0
        view = self._view()
        scroll, padding = self._geometry(view, self._content_width)
        x = offset - padding + scroll
        for stop in view.stops:
            if x < stop.x + max(1, stop.width):
                return stop.logical
        return view.stops[-1].logical

    # ------------------------------------------------------------------ visual cursor movement

    def _visual_neighbour(self, position: int, step: int) -> int:
        view = self._view()
        index = view.stop_of_logical[clamp(position, 0, len(self.value))]
        return view.stops[clamp(index + step, 0, len(view.stops) - 1)].logical

    def _move(self, step: int, select: bool) -> None:
        start, end = self.selection
        if select:
            self.selection = Selection(start, self._visual_neighbour(end, step))
        elif start != end:  # collapse to the selection's edge on that side of the screen
            view = self._view()
            stops = sorted((view.stop_of_logical[start], view.stop_of_logical[end]))
            self.cursor_position = view.stops[stops[0] if step < 0 else stops[1]].logical
        else:
            self.cursor_position = self._visual_neighbour(end, step)

    def action_cursor_left(self, select: bool = False) -> None:
        """Move the cursor one cell to the left on screen (visual movement)."""
        self._move(-1, select)

    def action_cursor_right(self, select: bool = False) -> None:
        """Move the cursor one cell to the right on screen (visual movement)."""
        self._move(1, select)

    def action_cursor_left_word(self, select: bool = False) -> None:
        """A word towards the left: the next word in a right-to-left field."""
        if self.direction is Direction.RTL:
            super().action_cursor_right_word(select)
        else:
            super().action_cursor_left_word(select)

    def action_cursor_right_word(self, select: bool = False) -> None:
        """A word towards the right: the previous word in a right-to-left field."""
        if self.direction is Direction.RTL:
            super().action_cursor_left_word(select)
        else:
            super().action_cursor_right_word(select)
