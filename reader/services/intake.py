"""Bringing the outside world into the library: import of files, folders, feed and Telegram
files, feed URLs and OPML lists; refresh of every subscription; the samples on first start.

Every source is handled on its own: one that cannot be read adds one message (naming it) to
``ImportResult.errors`` and the import goes on. Each source's articles are written in their own
transactions, so a failure never touches what is already in the library.

What a file holds is judged by its content (:func:`reader.sources.registry.recognise`): RSS/Atom,
OPML and Telegram exports whatever the file is called, article formats (.txt .md .html .json)
through ``reader.parsing``. Which files a folder import takes is ``reader.parsing``'s one rule set.

A feed file is read as a stream, whatever its size, and its articles are stored in batches of
:data:`BATCH` as they are read, so memory stays bounded. A feed found not well-formed part way
keeps the articles read before the error (re-importing the mended file adds only the rest:
duplicates are merged); its one message names the line and says how many came in.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reader.locations import bundled_dir
from reader.model.article import Article
from reader.model.wording import counted
from reader.parsing.errors import ArticleLoadError
from reader.sources.base import Harvest
from reader.sources.errors import SourceError
from reader.sources.feeds import FeedStream, harvest_answer
from reader.sources.files import SourceFile, check_text
from reader.sources.http import DEFAULT_TIMEOUT, checked_url, fetch, is_url
from reader.sources.registry import open_source, recognise
from reader.sources.telegram import TelegramSource
from reader.sources.xml_text import sniff
from reader.store.db import utc_now
from reader.store.library import Analyzer, Library
from reader.store.library_settings import SEEDED_KEY
from reader.store.models import USER_SETTINGS, ImportResult, Subscription
from reader.store.views import All

if TYPE_CHECKING:
    from reader.sources.opml import ListedFeed
    from reader.store.pg_live import FeedLocks

# What only some sources need (article files, folders, OPML lists, a refresh's threads and
# locks) is imported where it is used: a feed import starts without it.

BATCH = 500

Loader = Callable[[Path], list[Article]]


def load_article_file(path: Path) -> list[Article]:
    """The articles of one article file (``reader.parsing``); SourceError when unreadable."""
    from reader.parsing import load_articles

    try:
        return load_articles(path)
    except ArticleLoadError as error:
        raise SourceError(str(error)) from None


def import_paths(
    library: Library,
    sources: Sequence[str | Path],
    *,
    analyze: Analyzer | None = None,
    loader: Loader | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> ImportResult:
    """Import files, folders, feed files, feed URLs and OPML lists; never raises for a source."""
    importer = _Importer(library, analyze, loader or load_article_file, timeout)
    for source in sources:
        importer.source(str(source))
    return importer.result


class _Importer:
    def __init__(
        self, library: Library, analyze: Analyzer | None, loader: Loader, timeout: float
    ) -> None:
        self.library = library
        self.analyze = analyze
        self.loader = loader
        self.timeout = timeout
        self.result = ImportResult()

    def source(self, source: str) -> None:
        try:
            if is_url(source):
                self._url(source)
                return
            path = Path(source).expanduser()
            if path.is_dir():
                self._folder(path)
            elif path.exists():
                self._file(path)
            else:
                raise SourceError(f"{source}: there is no such file or folder")
        except SourceError as error:
            self.result.errors.append(str(error))

    def _folder(self, folder: Path) -> None:
        from reader.parsing.suffixes import walk_folder

        try:
            walk = walk_folder(folder)
        except ArticleLoadError as error:
            raise SourceError(str(error)) from None
        self.result.errors.extend(walk.problems)
        for path in walk.files:
            try:
                self._file(path)
            except SourceError as error:
                self.result.errors.append(str(error))

    def _file(self, path: Path) -> None:
        with SourceFile(path) as file:
            kind = recognise(file.head)
            if kind == "feed":
                self._feed_file(FeedStream(file.chunks(), str(path)))
                return
            data = file.read_all()
        from reader.parsing.suffixes import FEED_SUFFIXES

        if kind == "opml":
            from reader.sources.opml import parse_opml

            self._subscribe_all(parse_opml(data, str(path)), str(path))
        elif kind == TelegramSource.kind:
            source = TelegramSource(location=str(path.resolve()))
            self._follow(source.kind, source.location, source.harvest(data, {}))
        elif path.suffix.lower() in FEED_SUFFIXES:
            raise SourceError(f"{path}: not an RSS/Atom feed or an OPML file")
        else:
            self._add(self.loader(path), origin=str(path.resolve()))

    def _url(self, url: str) -> None:
        answer = fetch(url, timeout=self.timeout)
        kind = sniff(answer.data)
        if kind is None:
            raise SourceError(f"{url}: not an RSS/Atom feed or an OPML file")
        if kind == "opml":
            from reader.sources.opml import parse_opml

            check_text(answer.data, url)
            self._subscribe_all(parse_opml(answer.data, url), url)
        else:
            self._follow("feed", url, harvest_answer(answer, url))

    def _subscribe_all(self, feeds: Iterable[ListedFeed], origin: str) -> None:
        """Subscribe to the feeds of an OPML list; one that is not an http(s) URL (a
        ``javascript:`` or ``file:`` link, a relative path, a broken address) is one error."""
        for feed in feeds:
            try:
                checked_url(feed.url)
            except SourceError as error:
                self.result.errors.append(f"{origin}: {error}; not subscribed")
                continue
            sub = Subscription(feed.url, feed.title, feed.site_url, feed.folder, kind="feed")
            if self.library.add_subscription(sub):
                self.result.subscriptions.append(sub.url)

    def _feed_file(self, stream: FeedStream) -> None:
        """Store a feed's articles in batches as they are read."""
        batch: list[Article] = []
        try:
            for article in stream:
                batch.append(article)
                if len(batch) == BATCH:
                    self._add(batch, origin=None)
                    batch = []
        except SourceError as error:
            self._add(batch, origin=None)
            if not stream.articles_read:
                raise
            raise SourceError(
                f"{error}; imported the {counted(stream.articles_read, 'article')} before it"
            ) from None
        finally:
            self.result.warnings.extend(stream.warnings)
        self._add(batch, origin=None)

    def _follow(self, kind: str, location: str, harvest: Harvest) -> None:
        """Add what a source brought and subscribe to it, keeping its state for refresh."""
        self._add(harvest.articles, origin=None)
        self.result.errors.extend(harvest.problems)
        self.result.warnings.extend(harvest.warnings)
        sub = Subscription(location, harvest.title, harvest.site_url, kind=kind)
        if self.library.add_subscription(sub):
            self.result.subscriptions.append(location)
        self.library.update_subscription(location, state=harvest.state, last_fetched=utc_now())

    def _add(self, articles: Iterable[Article], origin: str | None) -> None:
        batch = list(articles)
        for start in range(0, len(batch), BATCH):
            part = batch[start : start + BATCH]
            self.result.merge(self.library.add(part, origin=origin, analyze=self.analyze))


# -- refresh -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefreshProgress:
    """Reported after each subscription: how far the refresh is and how this one went."""

    done: int
    total: int
    url: str
    added: int
    error: str = ""
    not_modified: bool = False
    added_ids: tuple[str, ...] = ()
    title: str = ""  # the subscription's title, when its source gave one
    busy: bool = False  # skipped: another reader (another host's refresh) is fetching it now


@dataclass
class RefreshResult:
    """The outcome of :func:`refresh`."""

    feeds: int = 0
    not_modified: int = 0
    failed: int = 0
    busy: int = 0  # skipped because another reader was fetching them
    result: ImportResult = field(default_factory=ImportResult)


ProgressCallback = Callable[[RefreshProgress], None]
BUSY = "fetched by another reader right now"  # what a feed skipped as ``busy`` says


def refresh(
    library: Library,
    progress_callback: ProgressCallback | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = 4,
    only: Collection[str] | None = None,
) -> RefreshResult:
    """Fetch every subscription (or those whose URL is in ``only``; a few at a time, each by the
    source class of its kind) and add what is new; a failing one is reported (in the result and
    to ``progress_callback``) and the others go on."""
    from concurrent.futures import ThreadPoolExecutor

    from reader.store.pg_live import FeedLocks, shared_conninfo

    subs = [sub for sub in library.subscriptions() if only is None or sub.url in only]
    outcome = RefreshResult(feeds=len(subs))
    with (
        FeedLocks(shared_conninfo(library)) as locks,
        ThreadPoolExecutor(max_workers=max(1, workers)) as pool,
    ):
        futures = [pool.submit(_fetch_locked, library, sub, locks, timeout) for sub in subs]
        for done, (sub, future) in enumerate(zip(subs, futures, strict=True), start=1):
            fetched = future.result()
            if fetched is None:
                outcome.busy += 1
                step = RefreshProgress(done, len(subs), sub.url, 0, busy=True, title=sub.title)
            else:
                try:
                    added, error, unchanged = _store_one(library, *fetched, outcome)
                finally:
                    locks.release(sub.url)
                step = RefreshProgress(done, len(subs), sub.url, len(added), error, unchanged,
                                       tuple(added), sub.title)
            if progress_callback is not None:
                progress_callback(step)
    return outcome


def _fetch_locked(
    library: Library, sub: Subscription, locks: FeedLocks, timeout: float
) -> tuple[Subscription, Harvest | SourceError] | None:
    """Fetch a subscription if no other process is fetching it (None: one is); its lock stays
    held until the harvest is stored."""
    if not locks.take(sub.url):
        return None
    if locks.shared:  # another process may have stored a fetch (its ETag too) since we listed
        sub = library.subscription(sub.url) or sub
    return sub, _fetch_one(sub, timeout)


def _fetch_one(sub: Subscription, timeout: float) -> Harvest | SourceError:
    try:
        source = open_source(
            sub.kind, sub.url, name=sub.title, folder=sub.folder, timeout=timeout
        )
        return source.fetch(sub.state)
    except SourceError as error:
        return error


def _store_one(
    library: Library,
    sub: Subscription,
    fetched: Harvest | SourceError,
    outcome: RefreshResult,
) -> tuple[list[str], str, bool]:
    """Store one subscription's harvest; returns (ids added, error message, unchanged)."""
    now = utc_now()
    if isinstance(fetched, SourceError):
        outcome.failed += 1
        outcome.result.errors.append(str(fetched))
        library.update_subscription(sub.url, last_fetched=now, last_error=str(fetched))
        return [], str(fetched), False
    if fetched.unchanged:
        outcome.not_modified += 1
        library.update_subscription(sub.url, last_fetched=now, last_error="")
        return [], "", True
    added = ImportResult()
    for start in range(0, len(fetched.articles), BATCH):
        added.merge(library.add(fetched.articles[start : start + BATCH]))
    outcome.result.merge(added)
    outcome.result.errors.extend(fetched.problems)
    outcome.result.warnings.extend(fetched.warnings)
    library.update_subscription(
        sub.url,
        title=sub.title or fetched.title,
        state={**fetched.state, **user_settings(sub.state)},
        last_fetched=now,
        last_error="",
    )
    return added.added, "", False


def user_settings(state: Mapping[str, object]) -> dict[str, object]:
    """The user's settings among a subscription's state (the rest is the source's own)."""
    return {key: state[key] for key in USER_SETTINGS if key in state}


# -- seeds -------------------------------------------------------------------------------------


def ensure_seeded(library: Library, *, loader: Loader | None = None) -> ImportResult | None:
    """On the first open of an empty library, import the bundled sample articles.

    Runs once per library (remembered in ``meta``); returns None when nothing was done, so a
    user who deletes the samples never sees them come back.
    """
    if library.seeded():
        return None
    result: ImportResult | None = None
    if library.count(All()) == 0:
        try:
            seeds = bundled_dir("seeds")
        except FileNotFoundError:
            seeds = None
        if seeds is not None:
            result = import_paths(library, [str(seeds)], loader=loader)
    library.set_meta(SEEDED_KEY, utc_now())
    return result
