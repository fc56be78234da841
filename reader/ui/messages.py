"""App-wide messages posted by workers back to the UI thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from reader.model.article import Article

if TYPE_CHECKING:
    from reader.nlp import Analysis


@dataclass
class ArticlesLoaded(Message):
    """Articles were read from disk; ``errors`` holds one message per file that was skipped."""

    articles: list[Article]
    errors: list[str]


@dataclass
class AnalysisReady(Message):
    """Entities and keywords for one article (by content id) are ready."""

    content_id: str
    analysis: Analysis


@dataclass
class AnalysisFailed(Message):
    """Extraction failed for one article; the panel says so instead of crashing."""

    content_id: str
    reason: str
