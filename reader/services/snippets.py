"""Snippets of the search matches for the rows a list shows, fetched lazily. No Textual import.

Issue 16: a search listing never computes a snippet per match; only the rows on screen ask for
one, and the answer is kept per (query, article) so scrolling back costs nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from reader.services.triage import Triage

MAX_ROWS = 200  # rows fetched in one go: more than any terminal shows
MAX_KEPT = 2048  # snippets kept before the cache starts over


class SearchSnippets:
    """The snippet of each row of the current search (empty outside a search)."""

    def __init__(self, triage: Triage) -> None:
        self._triage = triage
        self._found: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def snippet(self, index: int) -> str | None:
        """The snippet of the row at ``index``: "" when there is none to show (no search, no
        such row), None when it has not been fetched yet (ask :meth:`loader`)."""
        query = self._triage.query
        listing = self._triage.listing
        if not query or not 0 <= index < len(listing):
            return ""
        with self._lock:
            return self._found.get((query, listing[index].id))

    def loader(self, indices: Iterable[int]) -> Callable[[], None]:
        """A job for a worker thread that fetches the snippets of the rows at ``indices``
        (at most :data:`MAX_ROWS`), for the current search."""
        query = self._triage.query
        listing = self._triage.listing
        ids = [listing[i].id for i in sorted(set(indices)) if 0 <= i < len(listing)][:MAX_ROWS]
        library = self._triage.library

        def load() -> None:
            found = library.search_snippets(ids, query) if query and ids else {}
            with self._lock:
                if len(self._found) + len(ids) > MAX_KEPT:
                    self._found.clear()
                for article_id in ids:  # "" for a row that has no snippet: never asked again
                    self._found[(query, article_id)] = found.get(article_id, "")

        return load
