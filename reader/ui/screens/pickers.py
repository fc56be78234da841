"""Small modal screens: pick one of a list (views, filters), or type a short text (a tag)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.text.logical import VISUAL, TextLayout

T = TypeVar("T")

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

    def __init__(self, title: str, choices: Sequence[tuple[str, T | None]],
                 layout: TextLayout = VISUAL) -> None:
        super().__init__()
        self._title = title
        self._choices = list(choices)
        self._layout = layout

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        for index, (label, value) in enumerate(self._choices):
            text = self._layout.field(label, 54).text  # each label laid out on its own
            options.append(Option(Content(text), id=str(index), disabled=value is None))
        with Vertical() as box:
            box.border_title = self._title
            yield OptionList(*options)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._choices[int(event.option_id or 0)][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


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
