"""Importing into the library: files, folders, feed files, feed URLs, OPML lists; refresh; seeds.

Every source is handled on its own: one that cannot be read adds one message (naming it) to
``ImportResult.errors`` and the import goes on. Each source's articles are written in their own
transactions, so a failure never touches what is already in the library.

Checks before any parser sees a file: size (:data:`MAX_SOURCE_BYTES`), binary content (NUL
bytes), and a file full of terminal escape sequences (a few stray ones are removed instead). Article
formats (.txt .md .html .json) go to ``reader.parsing``; RSS/Atom and OPML are recognised by their
root element whatever the file is called.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from reader.locations import bundled_dir
from reader.model.article import Article
from reader.parsing.decode import unmarked_utf16_codec
from reader.parsing.errors import ArticleLoadError
from reader.parsing.files import read_regular_file, walk_folder
from reader.store.db import utc_now
from reader.store.errors import SourceError
from reader.store.feeds import (
    DEFAULT_TIMEOUT,
    Fetched,
    fetch,
    is_url,
    parse_feed,
    parse_opml,
    sniff,
)
from reader.store.library import Analyzer, Library
from reader.store.library_settings import SEEDED_KEY
from reader.store.models import ImportResult, Subscription
from reader.store.sanitize import control_share, is_mostly_control
from reader.store.views import All

MAX_SOURCE_BYTES = 10 * 1024 * 1024
BATCH = 500
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf", ".opml")
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json")
_SKIPPED_NAMES = frozenset({"readme.md", "readme.txt", "readme", "license", "license.txt"})

Loader = Callable[[Path], list[Article]]


def _default_loader(path: Path) -> list[Article]:
    try:
        from reader.parsing import ArticleLoadError, load_articles
    except ImportError:
        raise SourceError(f"{path}: article files cannot be read in this installation") from None

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
    importer = _Importer(library, analyze, loader or _default_loader, timeout)
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
                self._file(path, explicit=True)
            else:
                raise SourceError(f"{source}: there is no such file or folder")
        except SourceError as error:
            self.result.errors.append(str(error))

    def _folder(self, folder: Path) -> None:
        try:
            walk = walk_folder(folder)
        except ArticleLoadError as error:
            raise SourceError(str(error)) from None
        self.result.errors.extend(walk.problems)
        for path in sorted(p for p in walk.files if not _hidden(p, folder)):
            try:
                self._file(path, explicit=False)
            except SourceError as error:
                self.result.errors.append(str(error))

    def _file(self, path: Path, *, explicit: bool) -> None:
        suffix = path.suffix.lower()
        if not explicit and (
            path.name.lower() in _SKIPPED_NAMES or suffix not in FEED_SUFFIXES + ARTICLE_SUFFIXES
        ):
            return
        data = read_checked(path)
        kind = sniff(data)
        if kind is not None:
            self._xml(data, str(path), kind, subscribe=False)
        elif suffix in FEED_SUFFIXES:
            raise SourceError(f"{path}: not an RSS/Atom feed or an OPML file")
        else:
            self._add(self.loader(path), origin=str(path.resolve()))

    def _url(self, url: str) -> None:
        fetched = fetch(url, timeout=self.timeout)
        kind = sniff(fetched.data)
        if kind is None:
            raise SourceError(f"{url}: not an RSS/Atom feed or an OPML file")
        self._xml(fetched.data, url, kind, subscribe=True, fetched=fetched)

    def _xml(
        self,
        data: bytes,
        origin: str,
        kind: str,
        *,
        subscribe: bool,
        fetched: Fetched | None = None,
    ) -> None:
        check_text(data, origin)
        if kind == "opml":
            for sub in parse_opml(data, origin):
                if self.library.add_subscription(sub):
                    self.result.subscriptions.append(sub.url)
            return
        feed = parse_feed(data, origin)
        self._add(feed.articles, origin=None)
        if subscribe and fetched is not None:
            sub = Subscription(url=origin, title=feed.title, site_url=feed.site_url)
            if self.library.add_subscription(sub):
                self.result.subscriptions.append(origin)
            self.library.update_subscription(
                origin, etag=fetched.etag, modified=fetched.modified, last_fetched=utc_now()
            )

    def _add(self, articles: Iterable[Article], origin: str | None) -> None:
        batch = list(articles)
        for start in range(0, len(batch), BATCH):
            part = batch[start : start + BATCH]
            self.result.merge(self.library.add(part, origin=origin, analyze=self.analyze))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith((".", "_")) for part in path.relative_to(root).parts)


def read_checked(path: Path) -> bytes:
    """The bytes of ``path`` after the size and binary checks; SourceError otherwise."""
    try:
        data = read_regular_file(path, MAX_SOURCE_BYTES)
    except ArticleLoadError as error:
        raise SourceError(str(error)) from None
    if not data.strip():
        raise SourceError(f"{path}: the file is empty")
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if b"\x00" in data[:8192] and not utf16 and unmarked_utf16_codec(data) is None:
        raise SourceError(f"{path}: a binary file, not text")
    check_text(data, str(path))
    return data


def check_text(data: bytes, origin: str) -> None:
    """Refuse text that is mostly terminal escape sequences or control characters."""
    unmarked = unmarked_utf16_codec(data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif unmarked is not None:
        text = data.decode(unmarked, errors="replace")
    else:
        text = data[:1_000_000].decode("utf-8", errors="replace")
    if is_mostly_control(text):
        share = control_share(text)
        raise SourceError(
            f"{origin}: {share:.0%} of it is terminal escape sequences or control characters; "
            "not imported"
        )


# -- refresh -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefreshProgress:
    """Reported after each feed: how far the refresh is and how this feed went."""

    done: int
    total: int
    url: str
    added: int
    error: str = ""
    not_modified: bool = False


@dataclass
class RefreshResult:
    """The outcome of :func:`refresh`."""

    feeds: int = 0
    not_modified: int = 0
    failed: int = 0
    result: ImportResult = field(default_factory=ImportResult)


ProgressCallback = Callable[[RefreshProgress], None]


def refresh(
    library: Library,
    progress_callback: ProgressCallback | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = 4,
    analyze: Analyzer | None = None,
) -> RefreshResult:
    """Fetch every subscription (a few at a time), add new entries; a failing feed is reported
    (in the result and to ``progress_callback``) and the others go on."""
    subs = library.subscriptions()
    outcome = RefreshResult(feeds=len(subs))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(_fetch_one, sub, timeout) for sub in subs]
        for done, (sub, future) in enumerate(zip(subs, futures, strict=True), start=1):
            added, error, unchanged = _store_one(library, sub, future.result(), outcome, analyze)
            if progress_callback is not None:
                progress_callback(
                    RefreshProgress(done, len(subs), sub.url, added, error, unchanged)
                )
    return outcome


def _fetch_one(sub: Subscription, timeout: float) -> Fetched | SourceError:
    try:
        return fetch(sub.url, sub.etag, sub.modified, timeout)
    except SourceError as error:
        return error


def _store_one(
    library: Library,
    sub: Subscription,
    fetched: Fetched | SourceError,
    outcome: RefreshResult,
    analyze: Analyzer | None,
) -> tuple[int, str, bool]:
    """Store one feed's answer; returns (articles added, error message, not modified)."""
    now = utc_now()
    try:
        if isinstance(fetched, SourceError):
            raise fetched
        if fetched.status == 304:
            outcome.not_modified += 1
            library.update_subscription(sub.url, last_fetched=now, last_error="")
            return 0, "", True
        check_text(fetched.data, sub.url)
        feed = parse_feed(fetched.data, sub.url, folder=sub.folder)
    except SourceError as error:
        outcome.failed += 1
        outcome.result.errors.append(str(error))
        library.update_subscription(sub.url, last_fetched=now, last_error=str(error))
        return 0, str(error), False
    added = ImportResult()
    for start in range(0, len(feed.articles), BATCH):
        added.merge(library.add(feed.articles[start : start + BATCH], analyze=analyze))
    outcome.result.merge(added)
    library.update_subscription(
        sub.url,
        title=sub.title or feed.title,
        etag=fetched.etag,
        modified=fetched.modified,
        last_fetched=now,
        last_error="",
    )
    return len(added.added), "", False


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
