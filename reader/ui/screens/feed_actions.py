"""The keys of links and feeds, a base of the main screen: the article's link (open, copy, the
links in its body), its full text, the sources pane, refresh (all, one feed, on an interval)
and noticing what another process wrote to the library.

The work is in :mod:`reader.services.feeds` and :mod:`reader.services.browser`; what touches the
network runs in workers and reports back with the messages below. Both are imported when first
used (after the first frame): they bring the whole intake (parsing, sources) with them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Collection
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from reader.model.wording import counted
from reader.store.models import ImportResult
from reader.store.views import Source
from reader.text.output import visible_url
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.feeds_pane import FeedsPane
from reader.ui.widgets.panes import ReadingPanes

if TYPE_CHECKING:
    from textual.widgets import ProgressBar

    from reader.config import Config
    from reader.model.article import Article
    from reader.services.feeds import Feed, FullTextResult
    from reader.services.intake import RefreshProgress, RefreshResult
    from reader.services.reading import ReadingService
    from reader.services.triage import ListSource
    from reader.text.logical import TextLayout

CHANGES_INTERVAL = 2.0  # seconds between looks at whether another process wrote the library
NARROW_WIDTH = 100  # below it the sources pane is hidden unless asked for


class RefreshStep(Message):
    def __init__(self, progress: RefreshProgress) -> None:
        super().__init__()
        self.progress = progress


class RefreshDone(Message):
    def __init__(self, outcome: RefreshResult) -> None:
        super().__init__()
        self.outcome = outcome


class FullTextDone(Message):
    def __init__(self, article_id: str, result: FullTextResult) -> None:
        super().__init__()
        self.article_id = article_id
        self.result = result


class FeedAdded(Message):
    def __init__(self, result: ImportResult) -> None:
        super().__init__()
        self.result = result


class FeedsListed(Message):
    def __init__(self, feeds: list[Feed]) -> None:
        super().__init__()
        self.feeds = feeds


class ChangedElsewhere(Message):
    """Another process (a cron ``reader refresh``, a second session) wrote the library."""


class FeedActions(Screen[None]):
    """Links, full text, the sources pane and refresh; the main screen builds on it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "open_link", "Open the link", show=False, id="article.open-link"),
        Binding("y", "copy", "Copy the article (as written, for pasting)", show=False,
                id="article.copy"),
        Binding("Y", "copy_link", "Copy the article's link", show=False, id="article.copy-link"),
        Binding("L", "links", "Links in the article", show=False, id="article.links"),
        Binding("F", "full_text", "Fetch the full text", show=False, id="article.full-text"),
        Binding("r", "refresh(False)", "Refresh this feed", show=False, id="feeds.refresh"),
        Binding("R", "refresh(True)", "Refresh all feeds", show=False,
                id="feeds.refresh-all"),
        Binding("plus", "add_feed", "Add a feed", key_display="+", show=False, id="feeds.add"),
        Binding("S", "toggle_feeds", "Feeds pane", show=False, id="view.feeds"),
    ]

    if TYPE_CHECKING:  # the main screen's
        service: ReadingService
        text_layout: TextLayout

        def show_source(self, source: ListSource) -> None: ...
        def reload_list(self) -> None: ...
        def _start_background(self) -> None: ...

    _feeds_pane: FeedsPane | None = None
    _refresh_bar: ProgressBar | None = None
    _feeds_asked = False  # S was pressed: the pane shows even with no feed

    @property
    def config(self) -> Config:
        return self.app.config  # type: ignore[attr-defined,no-any-return]

    def place_feeds_pane(self, pane: FeedsPane) -> None:
        """The sources pane as the first frame shows it, set before its first style pass (a
        class set on mount restyles it): shown by the screen's width, and left out while the
        library has no feed (:meth:`update_feeds` keeps that up to date after the first frame,
        so no empty pane is drawn and then taken away)."""
        self._feeds_choice = {False: True, True: False}  # shown, by narrowness
        self._feeds_pane = pane
        pane.shown = self._feeds_choice[self.app.size.width < NARROW_WIDTH]
        pane.set_class(not self.service.library.subscriptions(), "-empty")

    def on_mount(self) -> None:
        if self._feeds_pane is None:
            self.place_feeds_pane(self.query_one(FeedsPane))
        self.call_after_refresh(self.update_feeds)
        self._looking = threading.Lock()
        # After the first frame: watching loads the feeds service (and PostgreSQL's listener).
        self.call_after_refresh(self._watch_library)
        minutes = self.config.refresh_minutes
        if minutes > 0:
            self.set_interval(minutes * 60, self._refresh_on_interval)

    def _watch_library(self) -> None:
        # A shared library announces its changes; a SQLite file is looked at now and then.
        if not self.service.watch_library(lambda: self.post_message(ChangedElsewhere())):
            self.set_interval(CHANGES_INTERVAL, self._look_for_changes)

    @on(events.Resize)
    def _fold_feeds(self) -> None:
        if self._feeds_pane is not None:
            self._feeds_pane.shown = self._feeds_choice[self.app.size.width < NARROW_WIDTH]

    def _article(self) -> Article | None:
        return self.query_one(ArticleView).article

    # ----- links ---------------------------------------------------------------------------

    def action_copy(self) -> None:
        """Copy the open article in logical order, unshaped (OSC 52 reaches over SSH)."""
        article = self._article()
        if article is None:
            return
        self.app.copy_to_clipboard(f"{article.title}\n\n{article.body}\n")
        self.notify("Article copied.", timeout=2)

    def action_copy_link(self) -> None:
        article = self._article()
        if article is not None and article.url:
            self._copy_link(article.url)
        elif article is not None:
            self.notify("This article has no link.", timeout=2)

    def _copy_link(self, url: str) -> None:
        self.app.copy_to_clipboard(url)
        self.notify(f"Link copied: {visible_url(url)}", timeout=3, markup=False)

    def action_open_link(self) -> None:
        article = self._article()
        if article is not None and article.url:
            self.open_link(article.url)
        elif article is not None:
            self.notify("This article has no link.", timeout=2)

    def open_link(self, url: str) -> None:
        """Open ``url`` in the browser; a terminal browser has the terminal while it runs."""
        from reader.services import browser
        from reader.sources.errors import SourceError
        config = self.config
        try:
            command = browser.browser_command(url, os.environ, config.browser,
                                              config.browser_in_terminal)
            if command.in_terminal:
                with self.app.suspend():
                    browser.run_in_terminal(command)
            else:
                browser.open_in_background(command, url)
                self.notify(f"Opening {visible_url(url)}", timeout=3, markup=False)
        except SourceError as error:
            self.notify(f"Not opened: {error}", severity="error", markup=False)
        except SuspendNotSupported:
            self.notify("This terminal cannot hand itself to a browser.", severity="error")
        except OSError as error:
            self.notify(f"The browser did not start: {error}", severity="error", markup=False)

    def action_links(self) -> None:
        from reader.services import feeds
        article = self._article()
        if article is None:
            return
        found = feeds.links(article)
        if not found:
            self.notify("No links in this article.", timeout=2)
            return
        choices = [(visible_url(link), link) for link in found]
        from reader.ui.screens.pickers import ChoiceScreen

        self.app.push_screen(ChoiceScreen[str]("Links", choices, self.text_layout),
                             self._link_chosen)

    def _link_chosen(self, link: str | None) -> None:
        if link is None:
            return

        def act(what: str | None) -> None:
            if what == "open":
                self.open_link(link)
            elif what == "copy":
                self._copy_link(link)

        from reader.ui.screens.pickers import ChoiceScreen

        choices = [("Open in the browser", "open"), ("Copy the link", "copy")]
        self.app.push_screen(ChoiceScreen[str](visible_url(link), choices, self.text_layout), act)

    # ----- full text -----------------------------------------------------------------------

    def action_full_text(self) -> None:
        article = self._article()
        if article is None:
            return
        self.notify("Fetching the full text…", timeout=2)
        self._fetch_full_text(article.content_id)

    @work(thread=True, group="full-text", exit_on_error=False)
    def _fetch_full_text(self, article_id: str) -> None:
        from reader.services import feeds
        self.post_message(FullTextDone(article_id, feeds.full_text(self.service.library,
                                                                    article_id)))

    @on(FullTextDone)
    def _full_text_done(self, message: FullTextDone) -> None:
        result = message.result
        self.notify(result.message, severity="information" if result.stored else "warning",
                    markup=False, timeout=4 if result.stored else 8)
        open_article = self._article()
        if not result.stored or open_article is None:
            return
        if open_article.content_id == message.article_id:
            stored = self.service.triage.article(message.article_id)
            if stored is not None:
                self.query_one(ArticleView).show(stored.article)

    # ----- the sources pane ------------------------------------------------------------------

    def update_feeds(self) -> None:
        """The sources pane's feeds and unread counts, counted in a worker."""
        if self._feeds_pane is not None:
            self._list_feeds()

    @work(thread=True, exclusive=True, group="feeds", exit_on_error=False)
    def _list_feeds(self) -> None:
        found = self.service.feeds()
        if not get_current_worker().is_cancelled:  # a newer count is on its way
            self.post_message(FeedsListed(found))

    @on(FeedsListed)
    def _feeds_listed(self, message: FeedsListed) -> None:
        if self._feeds_pane is not None:
            self._feeds_pane.show(message.feeds)
            # With no feed the pane waits for S or + rather than hold a line of the list.
            self._feeds_pane.set_class(not message.feeds and not self._feeds_asked, "-empty")

    def action_toggle_feeds(self) -> None:
        pane = self._feeds_pane
        if pane is None:
            return
        narrow = self.app.size.width < NARROW_WIDTH
        if not self._feeds_asked:
            self._feeds_asked = True
            pane.remove_class("-empty")
            if pane.shown:
                pane.focus()
                return
        if pane.shown and not pane.has_focus:
            pane.focus()
            return
        self._feeds_choice[narrow] = pane.shown = not pane.shown
        if pane.shown:
            pane.focus()
        else:
            self.query_one("#list").focus()

    @on(FeedsPane.Left)
    def _left_feeds(self) -> None:
        self.query_one("#list").focus()

    @on(FeedsPane.Asked)
    def _feed_asked(self, message: FeedsPane.Asked) -> None:
        from reader.services import feeds
        from reader.ui.screens.pickers import ChoiceScreen, PromptScreen
        feed = message.feed
        library = self.service.library
        if message.what == "show":
            self.show_source(Source(feed.title))
            self.query_one("#list").focus()
        elif message.what == "refresh":
            self._start_refresh([feed.url])
        elif message.what == "full-text":
            feeds.set_full_text(library, feed.url, not feed.full_text)
            state = "fetches" if not feed.full_text else "no longer fetches"
            self.notify(f"Refresh {state} the full text of {feed.name}'s new articles.",
                        timeout=4, markup=False)
            self.update_feeds()
        elif message.what == "rename":
            self.app.push_screen(PromptScreen("Rename", f"A new name for {feed.name}:"),
                                 lambda title: self._renamed(feed.url, title))
        elif message.what == "remove":
            choices = [("Unsubscribe (its articles stay)", True), ("Keep it", False)]
            self.app.push_screen(ChoiceScreen[bool](f"Unsubscribe from {feed.name}?", choices,
                                                    self.text_layout),
                                 lambda yes: self._removed(feed.url, bool(yes)))

    def _renamed(self, url: str, title: str | None) -> None:
        from reader.services import feeds
        if title and feeds.rename(self.service.library, url, title):
            self.update_feeds()

    def _removed(self, url: str, yes: bool) -> None:
        from reader.services import feeds
        if yes and feeds.unsubscribe(self.service.library, url):
            self.notify("Unsubscribed.", timeout=2)
            self.update_feeds()

    def action_add_feed(self) -> None:
        from reader.ui.screens.pickers import PromptScreen

        hint = "A feed URL, or a feed, OPML or article file or folder:"
        self.app.push_screen(PromptScreen("Add a feed", hint), self._add_feed)

    def _add_feed(self, location: str | None) -> None:
        if location:
            self.notify(f"Adding {visible_url(location)}…", timeout=2, markup=False)
            self._subscribe(location)

    @work(thread=True, group="add-feed", exit_on_error=False)
    def _subscribe(self, location: str) -> None:
        from reader.services import feeds
        self.post_message(FeedAdded(feeds.subscribe(self.service.library, location)))

    @on(FeedAdded)
    def _feed_added(self, message: FeedAdded) -> None:
        result = message.result
        for error in result.errors:
            self.notify(error, severity="warning", markup=False, timeout=8)
        if result.subscriptions or result.added:
            subscribed = counted(len(result.subscriptions), "feed")
            self.notify(f"Subscribed to {subscribed}, {counted(len(result.added), 'new article')}",
                        timeout=3)
        self._library_changed()

    # ----- refresh -----------------------------------------------------------------------------

    def action_refresh(self, everything: bool) -> None:
        if everything:
            self._start_refresh(None)
            return
        only = self._current_feed()
        if only is None:
            self.notify("The open article is from no feed you follow; R refreshes all.",
                        timeout=3)
        else:
            self._start_refresh([only])

    def _current_feed(self) -> str | None:
        from reader.services import feeds
        library = self.service.library
        source = self.service.triage.source
        if isinstance(source, Source) and (url := feeds.feed_titled(library, source.name)):
            return url
        article = self._article()
        sub = feeds.subscription_of(library, article) if article is not None else None
        return sub.url if sub is not None else None

    def _refresh_on_interval(self) -> None:
        if self._refresh_bar is None and self.service.library.subscriptions():
            self._start_refresh(None)

    def _start_refresh(self, only: Collection[str] | None) -> None:
        if self._refresh_bar is not None:
            self.notify("A refresh is already running.", timeout=2)
            return
        if not self.service.library.subscriptions():
            self.notify("No feeds to refresh: + adds one.", timeout=3)
            return
        from textual.widgets import ProgressBar  # its module is loaded for the first refresh

        self._refresh_bar = ProgressBar(id="refresh", show_eta=False)
        self.mount(self._refresh_bar, before=self.query_one(ReadingPanes))
        self._refresh(only)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def _refresh(self, only: Collection[str] | None) -> None:
        from reader.services import feeds
        def report(step: RefreshProgress) -> None:
            self.post_message(RefreshStep(step))

        outcome = feeds.refresh_feeds(self.service.library, only, progress=report)
        self.post_message(RefreshDone(outcome))

    @on(RefreshStep)
    def _refresh_step(self, message: RefreshStep) -> None:
        step = message.progress
        if self._refresh_bar is not None:
            self._refresh_bar.update(total=step.total, progress=step.done)
        if step.error:
            self.notify(step.error, severity="warning", markup=False, timeout=10)

    @on(RefreshDone)
    def _refresh_done(self, message: RefreshDone) -> None:
        from reader.services.intake import BUSY
        if self._refresh_bar is not None:
            self._refresh_bar.remove()
            self._refresh_bar = None
        outcome = message.outcome
        added = len(outcome.result.added)
        failed = f", {counted(outcome.failed, 'feed')} failed" if outcome.failed else ""
        busy = f", {counted(outcome.busy, 'feed')} {BUSY}" if outcome.busy else ""
        self.notify(f"Refreshed {counted(outcome.feeds, 'feed')}: "
                    f"{counted(added, 'new article')}{failed}{busy}", timeout=4)
        self._library_changed()
        if added:  # the new articles' entities, for pivots: analysed out of this process
            self._start_background()

    # ----- changes made by another process -------------------------------------------------

    def on_unmount(self) -> None:
        self.service.stop_watching_library()

    @work(thread=True, group="library-changes", exit_on_error=False)
    def _look_for_changes(self) -> None:
        # Not exclusive (which cancels the one before): a look still waiting for the library's
        # lock makes the next one a no-op instead.
        if not self._looking.acquire(blocking=False):
            return
        try:
            if self.service.changed_elsewhere():
                self.post_message(ChangedElsewhere())
        finally:
            self._looking.release()

    @on(ChangedElsewhere)
    def _library_changed(self) -> None:
        self.reload_list()
        self.update_feeds()
