"""The help screen: every key, read from the bindings themselves so it never goes stale."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

HelpSection = tuple[str, Iterable[BindingType]]


def key_label(binding: Binding, keymap: dict[str, str]) -> str:
    keys = keymap.get(binding.id or "", binding.key) if binding.id else binding.key
    names = []
    for key in keys.split(","):
        key = key.strip()
        names.append({"space": "Space", "enter": "Enter", "escape": "Esc", "tab": "Tab",
                      "shift+tab": "Shift+Tab", "pagedown": "PgDn", "pageup": "PgUp",
                      "question_mark": "?", "home": "Home", "end": "End"}.get(key, key))
    return " ".join(names)


def help_lines(sections: Iterable[HelpSection], keymap: dict[str, str]) -> list[str]:
    lines: list[str] = []
    for title, bindings in sections:
        lines.append(title)
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            lines.append(f"  {key_label(binding, keymap):<18} {binding.description}")
        lines.append("")
    return lines


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
        self._text = "\n".join(help_lines(sections, keymap)).rstrip()

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "Esc to close"
            yield Static(Content(self._text))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
