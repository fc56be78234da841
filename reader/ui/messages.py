"""App-wide messages posted by workers back to the UI thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from reader.store.analysis import AnalysisLike


@dataclass
class LibraryLoaded(Message):
    """The library is ready: ``ids`` are the articles given on the command line (in order),
    ``errors`` one message per source that was skipped."""

    ids: list[str]
    errors: list[str]


@dataclass
class FilesImported(Message):
    """Files dropped into a watched folder were imported."""

    added: int
    errors: list[str]


@dataclass
class AnalysisReady(Message):
    """Entities and keywords for one article (by content id) are ready."""

    content_id: str
    analysis: AnalysisLike


@dataclass
class AnalysisFailed(Message):
    """Extraction failed for one article; the panel says so instead of crashing."""

    content_id: str
    reason: str
