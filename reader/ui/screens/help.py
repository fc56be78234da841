"""The help screen: every key, read from the bindings themselves so it never goes stale."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

HelpSection = tuple[str, Iterable[BindingType]]

KEY_COLUMN = 18
INDENT = "  "
HELP_CELLS = 60  # the text's width inside the dialog's border and padding, when there is room
# Keys as users know them from their keyboard; the rest as Textual shows them (slash is /).
_KEY_NAMES = {"space": "Space", "enter": "Enter", "escape": "Esc", "tab": "Tab",
              "pagedown": "PgDn", "pageup": "PgUp", "home": "Home", "end": "End",
              "up": "↑", "down": "↓", "left": "←", "right": "→", "delete": "Del",
              "backspace": "Backspace", "insert": "Ins"}


def key_name(key: str) -> str:
    """One key as it is typed: ``slash`` is ``/``, ``ctrl+d`` is ``Ctrl+D``, ``G`` stays ``G``."""
    *modifiers, base = key.strip().split("+")
    name = _KEY_NAMES.get(base) or format_key(base)
    if modifiers and len(name) == 1:
        name = name.upper()
    return "+".join([*(modifier.capitalize() for modifier in modifiers), name])


def key_label(binding: Binding, keymap: dict[str, str]) -> str:
    keys = keymap.get(binding.id or "", binding.key) if binding.id else binding.key
    return " ".join(key_name(key) for key in keys.split(","))


def help_lines(sections: Iterable[HelpSection], keymap: dict[str, str],
               width: int = HELP_CELLS) -> list[str]:
    """Every key and what it does; a long description wraps under its own start."""
    lines: list[str] = []
    for title, bindings in sections:
        lines.append(title)
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            lines += _binding_lines(key_label(binding, keymap), binding.description, width)
        lines.append("")
    return lines


def _binding_lines(keys: str, description: str, width: int) -> list[str]:
    start = f"{INDENT}{keys:<{KEY_COLUMN}} "
    hanging = " " * len(start)
    wrapped = textwrap.wrap(description, max(width - len(start), 12)) or [""]
    return [start + wrapped[0], *(hanging + rest for rest in wrapped[1:])]


class HelpScreen(ModalScreen[None]):
    """A modal listing every key; Esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 64; max-width: 100%; height: auto; max-height: 90%;
        background: $panel; border: round $primary; padding: 0 1;
    }
    """

    def __init__(self, sections: list[HelpSection], keymap: dict[str, str]) -> None:
        super().__init__()
        self._sections = sections
        self._keymap = keymap
        self._width = HELP_CELLS

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "Esc to close"
            yield Static(Content(self._text(HELP_CELLS)))

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Wrap at the width the text has (after a scrollbar, or in a narrow terminal)."""
        width = self.query_one(Static).content_region.width
        if width > 0 and width != self._width:
            self._width = width
            self.query_one(Static).update(Content(self._text(width)))

    def _text(self, width: int) -> str:
        return "\n".join(help_lines(self._sections, self._keymap, width)).rstrip()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
