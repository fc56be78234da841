"""Feeds as the app sees them: subscriptions with their unread counts, refresh of all or one,
the full text of an article whose feed gave only a summary, the links of an article, and
noticing that another process (a cron ``reader refresh``, a second session) wrote the library.

Headless like every service: the UI calls these from its workers and shows what they return.
The intake (parsing, sources) and the page fetcher are imported when first used: the app
watches the library for changes before its first frame, and that needs neither.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.model.article import FULL_TEXT, LINKS, Article
from reader.sources.errors import SourceError
from reader.sources.http import DEFAULT_TIMEOUT, checked_url
from reader.store.library import Analyzer, Library
from reader.store.models import USER_SETTINGS, ImportResult, Subscription
from reader.store.pg_live import STATE_CHANNEL, Announcement, Listener, library_listener
from reader.store.sanitize import clean_text
from reader.store.views import Source
from reader.text.output import visible_url

if TYPE_CHECKING:
    from reader.services.intake import ProgressCallback, RefreshProgress, RefreshResult

FULL_TEXT_SETTING = USER_SETTINGS[0]  # in a subscription's state: fetch each new article's page
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'()\[\]{}]+[^\s<>\"'()\[\]{}.,;:!?،؛]")

FullTextFetcher = Callable[[str, float], tuple[str, ...]]


@dataclass(frozen=True)
class Feed:
    """One subscription as the sources pane lists it."""

    url: str
    title: str
    unread: int
    error: str
    full_text: bool

    @property
    def name(self) -> str:
        """What to call it: its title, else its URL shown safely."""
        return self.title or visible_url(self.url)


def feeds(library: Library) -> list[Feed]:
    """Every subscription with the unread count of its articles (by source name: the feed's
    title, cleaned as its articles' source was when they were stored)."""
    found = []
    for sub in library.subscriptions():
        title = clean_text(sub.title)
        unread = library.unread_count(Source(title)) if title else 0
        found.append(Feed(sub.url, title, unread, clean_text(sub.last_error),
                          bool(sub.state.get(FULL_TEXT_SETTING))))
    return found


def feed_titled(library: Library, title: str) -> str | None:
    """The URL of the subscription whose articles carry the source name ``title`` (None:
    none): :func:`feeds` without counting every feed's unread articles."""
    found = [sub.url for sub in library.subscriptions() if clean_text(sub.title) == title]
    return found[0] if found else None


def subscribe(library: Library, location: str, timeout: float = DEFAULT_TIMEOUT) -> ImportResult:
    """Subscribe to a feed URL, a feed or OPML file, or import a path: what ``reader import``
    does with one argument."""
    from reader.services.intake import import_paths

    return import_paths(library, [location.strip()], timeout=timeout)


def rename(library: Library, url: str, title: str) -> bool:
    """Give a subscription a title of the user's; False when it is not subscribed or the title
    is blank."""
    title = " ".join(title.split())
    if not title or library.subscription(url) is None:
        return False
    library.update_subscription(url, title=title)
    return True


def unsubscribe(library: Library, url: str) -> bool:
    """Stop following a subscription; its articles stay in the library."""
    return library.remove_subscription(url)


def set_full_text(library: Library, url: str, enabled: bool) -> bool:
    """Whether refresh fetches the page of each new article of this subscription."""
    sub = library.subscription(url)
    if sub is None:
        return False
    state = {key: value for key, value in sub.state.items() if key != FULL_TEXT_SETTING}
    if enabled:
        state[FULL_TEXT_SETTING] = True
    library.update_subscription(url, state=state)
    return True


def subscription_of(library: Library, article: Article) -> Subscription | None:
    """The subscription an article came from: the feed it names, else the one whose title is
    its source."""
    feed_url = article.extra.get("feed", "")
    if feed_url and (sub := library.subscription(feed_url)) is not None:
        return sub
    return next((s for s in library.subscriptions()
                 if s.title and clean_text(s.title) == article.source), None)


def refresh_feeds(
    library: Library,
    only: Collection[str] | None = None,
    progress: ProgressCallback | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    fetcher: FullTextFetcher | None = None,
    analyze: Analyzer | None = None,
) -> RefreshResult:
    """Refresh every subscription (or those in ``only``), then fetch the full text of the new
    articles of subscriptions that ask for it. With ``analyze``, the new articles are analysed
    in the refresh job (a full text fetched is analysed in place of its summary)."""
    from reader.services.intake import refresh

    wanted = {s.url for s in library.subscriptions() if s.state.get(FULL_TEXT_SETTING)}
    added_by_wanted: list[str] = []

    def each(step: RefreshProgress) -> None:
        if step.url in wanted:
            added_by_wanted.extend(step.added_ids)
        if progress is not None:
            progress(step)

    outcome = refresh(library, each, timeout=timeout, only=only)
    for article_id in added_by_wanted:
        result = full_text(library, article_id, timeout=timeout, fetcher=fetcher)
        if not result.stored:
            outcome.result.errors.append(result.message)
    if analyze is not None:  # once every body is final: a summary replaced is never analysed
        for article_id in outcome.result.added:
            _analyse(library, article_id, analyze)
    return outcome


@dataclass(frozen=True)
class FullTextResult:
    """What fetching an article's page did; ``message`` is fit for the screen."""

    stored: bool
    message: str


def needs_full_text(article: Article) -> bool:
    """True for a feed article that carries only its summary."""
    return article.extra.get(FULL_TEXT) == "no"


def full_text(
    library: Library,
    article_id: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    fetcher: FullTextFetcher | None = None,
) -> FullTextResult:
    """Fetch the page of an article and store its main text in place of the summary (which is
    kept, and stays the body when the page cannot be read)."""
    stored = library.get(article_id)
    if stored is None:
        return FullTextResult(False, "That article is no longer in the library.")
    url = stored.article.url
    if not url:
        return FullTextResult(False, "This article has no link to fetch its full text from.")
    if fetcher is None:
        from reader.sources.fulltext import fetch_full_text

        fetcher = fetch_full_text
    try:
        checked_url(url)
        paragraphs = fetcher(url, timeout)
    except SourceError as error:
        return FullTextResult(False, f"{error}; the summary is kept")
    if not library.replace_body(article_id, paragraphs):
        return FullTextResult(False, f"{visible_url(url)}: no text to keep; the summary is kept")
    return FullTextResult(True, "Full text fetched and stored.")


def _analyse(library: Library, article_id: str, analyze: Analyzer) -> None:
    stored = library.get(article_id)
    if stored is not None:
        library.cache_analysis(article_id, analyze(stored.article))


def links(article: Article) -> list[str]:
    """The article's own link, then the links inside its body (as the source marked them,
    then web addresses written in the text), each once."""
    found = [article.url] if article.url else []
    found += article.extra.get(LINKS, "").splitlines()
    found += (match.group() for p in article.paragraphs for match in _URL_IN_TEXT.finditer(p))
    return list(dict.fromkeys(link.strip() for link in found if link.strip()))


# Announcements closer together than this (a refresh storing feed after feed, another host's
# analysis committing batch after batch) are passed on as one: the first at once, the rest after.
QUIET_SECONDS = 0.5


class LibraryChanges:
    """Notices writes by other processes (a cron ``reader refresh`` on any host, a second
    session), one of two ways. SQLite's ``data_version`` changes when another connection
    commits, so one cheap PRAGMA per poll (:meth:`changed`) tells whether to reload. A shared
    PostgreSQL library announces its changes, so :meth:`listen` has them pushed instead."""

    def __init__(self, library: Library, quiet: float = QUIET_SECONDS) -> None:
        self._library = library
        self._seen = library.data_version()
        self._listener: Listener | None = None
        self._quiet = quiet
        self._guard = threading.Lock()
        self._pending: threading.Timer | None = None
        self._last_passed = -quiet

    def changed(self) -> bool:
        """True once after each change made elsewhere."""
        version = self._library.data_version()
        if version == self._seen:
            return False
        self._seen = version
        return True

    def listen(self, on_change: Callable[[], object]) -> bool:
        """On a shared library, call ``on_change`` (from a thread of its own) when other
        processes have added articles, changed subscriptions or articles, or changed this
        reader's triage, and after the connection to the server was lost for a while (something
        may have been missed); a burst of changes is one call, none is ever dropped. False for a
        library that announces nothing: poll :meth:`changed` instead."""
        self.close()
        listener = library_listener(self._library, lambda heard: self._heard(heard, on_change))
        if listener is None:
            return False
        self._listener = listener.start()
        return True

    def _heard(self, announcement: Announcement, on_change: Callable[[], object]) -> None:
        if announcement.own:
            return  # the library's own write: shown already, like SQLite's own commits
        mine = self._listener is not None and announcement.payload == self._listener.user
        if announcement.channel == STATE_CHANNEL and not mine:
            return  # another reader's triage is theirs
        with self._guard:
            if self._pending is not None:
                return  # the call on its way will show this change too
            wait = max(0.0, self._last_passed + self._quiet - time.monotonic())
            self._pending = threading.Timer(wait, self._pass_on, (on_change,))
            self._pending.daemon = True
            self._pending.start()

    def _pass_on(self, on_change: Callable[[], object]) -> None:
        with self._guard:
            self._pending = None
            self._last_passed = time.monotonic()
        on_change()

    def close(self) -> None:
        """Stop listening, and cancel a call still waiting for its turn (idempotent)."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop()
        with self._guard:
            pending, self._pending = self._pending, None
        if pending is not None:
            pending.cancel()
