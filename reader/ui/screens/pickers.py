"""Small modal screens: pick one of a list (views, filters), or type a short text (a tag)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.model.wording import ChoiceLabel
from reader.text.logical import VISUAL, TextLayout

T = TypeVar("T")
# A choice's label: one text, or fields (a name, then its counts) each laid out on its own, so
# that a right-to-left name never reorders the counts beside it.
LABEL_CELLS = 50  # the list's width inside the dialog, until it is measured
FIELD_GAP = "  "
FIELD_SEPARATOR = " · "

PICKER_CSS = """
    {name} {{ align: center middle; }}
    {name} > Vertical {{
        width: 60; max-width: 95%; height: auto; max-height: 85%;
        background: $panel; border: round $primary; padding: 0 1;
    }}
    {name} OptionList {{ height: auto; max-height: 30; border: none; background: $panel; }}
"""


class ChoiceScreen(ModalScreen[T | None], Generic[T]):
    """A titled list of labelled values; Enter picks one, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
    ]
    DEFAULT_CSS = PICKER_CSS.format(name="ChoiceScreen")

    def __init__(self, title: str, choices: Sequence[tuple[ChoiceLabel, T | None]],
                 layout: TextLayout = VISUAL) -> None:
        super().__init__()
        self._title = title
        self._choices = list(choices)
        self._layout = layout
        self._width = LABEL_CELLS

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self._title
            yield OptionList(*self._options(self._width))

    def _options(self, width: int) -> list[Option]:
        # Under headings (choices with no value) the rows of fields are indented like items.
        indent = FIELD_GAP if any(value is None for _, value in self._choices) else ""
        labels = choice_rows([label for label, _ in self._choices], width, self._layout, indent)
        values = [value for _, value in self._choices]
        return [Option(Content(text), id=str(index), disabled=value is None)
                for index, (text, value) in enumerate(zip(labels, values, strict=True))]

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Lay the rows out again at the width the list has (after its border, padding and any
        scrollbar), so Textual never wraps a row and carries its counts to a line of their own."""
        options = self.query_one(OptionList)
        width = options.scrollable_content_region.width
        if width > 0 and width != self._width:
            self._width = width
            highlighted = options.highlighted
            options.set_options(self._options(width))
            options.highlighted = highlighted

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._choices[int(event.option_id or 0)][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


def choice_rows(labels: Sequence[ChoiceLabel], width: int, layout: TextLayout = VISUAL,
                indent: str = "") -> list[str]:
    """Each label as one row of at most ``width`` cells, every field laid out on its own.

    A tuple's first field (the name) goes in a column as wide as the longest name allows,
    right-aligned when it reads right to left, like the article list's title column; the
    other fields follow it. A text is split at " · ", the separator of the UI's fields
    ("  مياه · 3"), and its leading spaces kept as its indent.
    """
    width = max(width - len(indent), 8)
    tuples = [label for label in labels if isinstance(label, tuple)]
    tail_cells = max((cell_len(FIELD_GAP.join(label[1:])) for label in tuples), default=0)
    name_width = max(width - tail_cells - len(FIELD_GAP), width // 3)
    name_width = min(name_width, max((layout.field(label[0], name_width).cells
                                      for label in tuples), default=0))
    rows: list[str] = []
    for label in labels:
        if isinstance(label, str):
            rows.append(_text_row(label, width, layout))
            continue
        name, *rest = label
        fields = [layout.field(name, name_width).aligned(name_width)]
        room = width - name_width
        for text in rest:
            room -= len(FIELD_GAP)
            fields.append(layout.field(text, max(room, 1)).text)
            room -= cell_len(fields[-1])
        rows.append(indent + FIELD_GAP.join(fields))
    return rows


def _text_row(label: str, width: int, layout: TextLayout) -> str:
    body = label.lstrip(" ")
    margin = label[: len(label) - len(body)]
    first, *rest = body.split(FIELD_SEPARATOR)
    width -= len(margin)
    tail = [layout.field(text, width).text for text in rest]
    room = width - sum(cell_len(text) + len(FIELD_SEPARATOR) for text in tail)
    return margin + FIELD_SEPARATOR.join([layout.field(first, max(room, 1)).text, *tail])


class PromptScreen(ModalScreen[str | None]):
    """One line of text (a tag name); Enter confirms, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
    ]
    DEFAULT_CSS = PICKER_CSS.format(name="PromptScreen")

    def __init__(self, title: str, hint: str) -> None:
        super().__init__()
        self._title = title
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self._title
            yield Static(Content(self._hint))
            yield prompt_input()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def prompt_input(placeholder: str = "") -> Input:
    """The text input of prompts and search: typed Arabic and Hebrew shaped and in order."""
    from reader.ui.widgets.bidi_input import BidiInput

    return BidiInput(placeholder=placeholder)
