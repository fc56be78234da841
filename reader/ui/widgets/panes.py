"""The reading panes: article list, article body and side panel, side by side."""

from __future__ import annotations

from textual import on
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.widget import Widget

from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.side_panel import SidePanel


class ReadingPanes(Horizontal):
    """The three panes, their focus order, and the body's answer to the side panel's cursor.

    The side panel is shown or hidden apart for a folded (narrow) and a wide screen: hiding it
    on a wide screen does not hide it when the user has asked for it on a narrow one.
    The layout rules are in the main screen's ``main.tcss``.
    """

    fold: var[bool] = var(False, toggle_class="-narrow")
    """The screen is narrow: the side panel is hidden unless asked for."""
    side_panel: var[bool] = var(True)
    """The side panel is shown."""

    def __init__(self, article_list: ArticleList, body: ArticleView, side: SidePanel, *,
                 feeds: Widget | None = None, id: str | None = None) -> None:
        # The feeds pane, when there is one, sits above the list in the list's column.
        column = Vertical(*([feeds] if feeds else []), article_list, id="list-column")
        super().__init__(column, body, side, id=id)
        self._list = article_list
        self._body = body
        self._side = side
        self._side_panel_choice = {False: True, True: False}  # by fold

    def watch_fold(self, fold: bool) -> None:
        self.side_panel = self._side_panel_choice[fold]

    def watch_side_panel(self, shown: bool) -> None:
        self.set_class(not shown, "-hide-side")

    def toggle_side_panel(self) -> None:
        self.side_panel = self._side_panel_choice[self.fold] = not self.side_panel
        if self._side.has_focus and not self.side_panel:
            self._list.focus()

    def cycle_focus(self, step: int) -> None:
        """Focus the next (or previous) pane on screen."""
        panes: list[Widget] = [p for p in (self._list, self._body, self._side) if p.region.width]
        if not panes:
            return
        focused = self.screen.focused
        current = panes.index(focused) if focused in panes else -1
        panes[(current + step) % len(panes)].focus()

    @on(SidePanel.EntityHighlighted)
    def _highlight_entity(self, event: SidePanel.EntityHighlighted) -> None:
        spans = list(event.entity.spans) if event.entity else []
        self._body.highlight(spans)
        if spans:
            self._body.jump_to_highlight(forward=True)

    @on(SidePanel.JumpRequested)
    def _jump(self, event: SidePanel.JumpRequested) -> None:
        if not self._body.jump_to_highlight(event.forward):
            self.notify("No mention to jump to.", timeout=2)
