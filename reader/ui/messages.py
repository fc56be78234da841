"""App-wide messages posted by workers back to the UI thread.

Plain ``Message`` subclasses, as Textual writes its own: a dataclass costs a millisecond each to
create, on every start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from reader.store.analysis import AnalysisLike


class LibraryLoaded(Message):
    """The library is ready: ``ids`` are the articles given on the command line (in order),
    ``errors`` one message per source that was skipped."""

    def __init__(self, ids: list[str], errors: list[str]) -> None:
        super().__init__()
        self.ids = ids
        self.errors = errors


class FilesImported(Message):
    """Files dropped into a watched folder were imported."""

    def __init__(self, added: int, errors: list[str]) -> None:
        super().__init__()
        self.added = added
        self.errors = errors


class AnalysisReady(Message):
    """Entities and keywords for one article (by content id) are ready."""

    def __init__(self, content_id: str, analysis: AnalysisLike) -> None:
        super().__init__()
        self.content_id = content_id
        self.analysis = analysis


class AnalysisFailed(Message):
    """Extraction failed for one article; the panel says so instead of crashing."""

    def __init__(self, content_id: str, reason: str) -> None:
        super().__init__()
        self.content_id = content_id
        self.reason = reason
