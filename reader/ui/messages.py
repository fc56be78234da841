"""App-wide messages posted by workers back to the UI thread.

Plain ``Message`` subclasses, as Textual writes its own: a dataclass costs a millisecond each to
create, on every start. Each carries what a worker made; the UI thread applies it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reader.services.reading import (
        AllRead,
        Imported,
        ListSummary,
        Loaded,
        Reloaded,
        SearchResult,
        SortRequest,
        Undone,
    )
    from reader.services.triage import Listing
    from reader.store.analysis import AnalysisLike, AnalysisProgress


class LibraryLoaded(Message):
    """The library is ready: the articles given on the command line, and any errors."""

    def __init__(self, loaded: Loaded) -> None:
        super().__init__()
        self.loaded = loaded


class FilesImported(Message):
    """Files dropped into a watched folder were imported."""

    def __init__(self, imported: Imported) -> None:
        super().__init__()
        self.imported = imported


class ListingCompleted(Message):
    """The full id list of a large view's listing was fetched."""

    def __init__(self, listing: Listing, ids: Sequence[str]) -> None:
        super().__init__()
        self.listing = listing
        self.ids = ids


class SearchCounted(Message):
    """A search shown before it was counted has its exact count."""

    def __init__(self, listing: Listing, count: int) -> None:
        super().__init__()
        self.listing = listing
        self.count = count


class SearchFinished(Message):
    """A search of the list found its rows."""

    def __init__(self, result: SearchResult) -> None:
        super().__init__()
        self.result = result


class AnalysisReady(Message):
    """Entities and keywords for one article (by content id) are ready. ``stand_in``: an
    analysis of another version, shown until the current one comes (never kept as current)."""

    def __init__(self, content_id: str, analysis: AnalysisLike, stand_in: bool = False) -> None:
        super().__init__()
        self.content_id = content_id
        self.analysis = analysis
        self.stand_in = stand_in


class AnalysisFailed(Message):
    """Extraction failed for one article; the panel says so instead of crashing."""

    def __init__(self, content_id: str, reason: str) -> None:
        super().__init__()
        self.content_id = content_id
        self.reason = reason


class AnalysisProgressed(Message):
    """How far the library's background analysis is (None: no worker at work), and whether
    this session's worker process still runs."""

    def __init__(self, progress: AnalysisProgress | None, running: bool) -> None:
        super().__init__()
        self.progress = progress
        self.running = running


class ListReloaded(Message):
    """The list was fetched again after the library changed."""

    def __init__(self, reloaded: Reloaded) -> None:
        super().__init__()
        self.reloaded = reloaded


class MarkingRead(Message):
    """A mark-all-read found how many unread articles it marks."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count


class AllMarkedRead(Message):
    """A mark-all-read is written."""

    def __init__(self, done: AllRead) -> None:
        super().__init__()
        self.done = done


class UndoWritten(Message):
    """An undo is written and the list fetched again."""

    def __init__(self, undone: Undone) -> None:
        super().__init__()
        self.undone = undone


class WriteFailed(Message):
    """A worker's write to the whole list failed (and was rolled back)."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error


class UnreadFound(Message):
    """A worker looked for the next (or previous) unread row past the rows fetched: its index
    (None: there is none), for the list and the cursor it was asked from."""

    def __init__(self, listing: Listing, cursor: int, index: int | None) -> None:
        super().__init__()
        self.listing = listing
        self.cursor = cursor
        self.index = index


class SortFetched(Message):
    """The list was fetched in a new sort order."""

    def __init__(self, asked: SortRequest, listing: Listing) -> None:
        super().__init__()
        self.asked = asked
        self.listing = listing


class SummaryCounted(Message):
    """The whole list's entities and keywords were counted."""

    def __init__(self, summary: ListSummary | None) -> None:  # None: the library failed
        super().__init__()
        self.summary = summary
