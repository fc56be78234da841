"""The line above the panes: what the list shows and what is going on."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from reader.model.wording import counted
from reader.text.logical import VISUAL, TextLayout

TITLE_CELLS = 48


class StatusLine(Static):
    """The list's title (its view, filter or search) and length, its sort, the mention
    position (of ``n``/``N`` in the panel), the marked count, a notice (start-up), and, dimmed,
    the background analysis's progress."""

    DEFAULT_CSS = "StatusLine { height: 1; width: 1fr; }"

    def __init__(self, layout: TextLayout = VISUAL, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._layout = layout

    def show(self, title: str, count: int | None, marked: int = 0, notice: str = "", *,
             sort: str = "", mention: str = "", progress: str = "") -> None:
        """``count`` None: the list's length is being counted (a search shown before its
        total), and the line says so instead of showing a number that is not the total."""
        field = self._layout.field(title, TITLE_CELLS).text  # laid out on its own (bidi)
        length = "counting…" if count is None else counted(count, "article")
        parts = [f"{field} · {length}"]
        if sort:
            parts.append(f"by {sort}")
        if mention:
            parts.append(mention)
        if marked:
            parts.append(f"{marked} marked")
        if notice:
            parts.append(notice)
        line = Content("  ·  ".join(parts))
        if progress:
            line = Content.assemble(line, ("  ·  " + progress, "dim"))
        # One line of a fixed size: a new text needs no layout of the screen (at each keystroke
        # of a search that relayout cost more than the search).
        self.update(line, layout=False)
