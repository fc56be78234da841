"""The sources pane: the subscriptions, each with its unread count and its last error, beside
the article list. Enter shows a feed's articles; the pane's own keys rename, remove, refresh
one feed and switch its full-text setting."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model.wording import ChoiceLabel
from reader.text.logical import VISUAL, TextLayout

if TYPE_CHECKING:  # the feeds service (and the intake it imports) loads after the first frame
    from reader.services.feeds import Feed

ERROR_MARK = "!"  # beside a feed whose last refresh failed
FULL_TEXT_MARK = "¶"  # beside a feed whose pages are fetched for their full text


def feed_label(feed: Feed) -> ChoiceLabel:
    """A feed's row: its name, then its unread count and marks (separate fields, so a
    right-to-left name never reorders the count)."""
    marks = (ERROR_MARK if feed.error else "") + (FULL_TEXT_MARK if feed.full_text else "")
    return (feed.name, f"{feed.unread}{marks}")


class FeedsPane(OptionList):
    """The subscriptions, laid out by the text engine at the pane's width."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="feeds.down"),
        Binding("k", "cursor_up", "Up", show=False, id="feeds.up"),
        Binding("r", "refresh_feed", "Refresh this feed", show=False, id="feeds.refresh"),
        Binding("c", "rename", "Rename the feed", show=False, id="feeds.rename"),
        Binding("d,delete", "remove", "Unsubscribe from the feed", show=False,
                id="feeds.remove"),
        Binding("F", "toggle_full_text", "Fetch full text of its new articles (on/off)",
                show=False, id="feeds.full-text"),
        Binding("escape", "leave", "Back to the list", show=False, id="feeds.leave"),
    ]

    class Asked(Message):
        """The user asked something of one feed: ``what`` is show, refresh, rename, remove
        or full-text."""

        def __init__(self, what: str, feed: Feed) -> None:
            super().__init__()
            self.what = what
            self.feed = feed

    class Left(Message):
        """Esc: the focus goes back to the article list."""

    shown: var[bool] = var(True)
    """The pane is on screen (the screen may still hide it, in focus mode)."""

    def __init__(self, layout: TextLayout = VISUAL, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._layout = layout
        self._feeds: list[Feed] = []

    def watch_shown(self, shown: bool) -> None:
        self.set_class(not shown, "-hidden")

    @property
    def feeds(self) -> Sequence[Feed]:
        return self._feeds

    def show(self, feeds: Sequence[Feed]) -> None:
        """List ``feeds``, the highlight kept on the same feed where it still is."""
        current = self._current()
        self._feeds = list(feeds)
        self._relayout()
        urls = [feed.url for feed in self._feeds]
        if current is not None and current.url in urls:
            self.highlighted = urls.index(current.url)

    def _relayout(self) -> None:
        width = max(self.scrollable_content_region.width, 12)
        highlighted = self.highlighted
        if not self._feeds:
            self.set_options([Option(Content("No feeds: + adds one"), disabled=True)])
            return
        # The pickers and their screens are imported with the first feed listed, not at start.
        from reader.ui.screens.pickers import choice_rows

        rows = choice_rows([feed_label(feed) for feed in self._feeds], width, self._layout)
        self.set_options([Option(Content(row)) for row in rows])
        if highlighted is not None:
            self.highlighted = min(highlighted, len(self._feeds) - 1)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._relayout)

    def _current(self) -> Feed | None:
        index = self.highlighted
        return self._feeds[index] if index is not None and index < len(self._feeds) else None

    def _ask(self, what: str) -> None:
        feed = self._current()
        if feed is not None:
            self.post_message(self.Asked(what, feed))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._ask("show")

    def action_refresh_feed(self) -> None:
        self._ask("refresh")

    def action_rename(self) -> None:
        self._ask("rename")

    def action_remove(self) -> None:
        self._ask("remove")

    def action_toggle_full_text(self) -> None:
        self._ask("full-text")

    def action_leave(self) -> None:
        self.post_message(self.Left())
