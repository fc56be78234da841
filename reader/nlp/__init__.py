"""Entities and keywords for Arabic-first news, offline and fast.

Importing this package is cheap: data files and the CRF model load on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.nlp.types import Analysis, Entity, EntitySummary, Keyword

if TYPE_CHECKING:
    from reader.model.article import Article

ANALYZER_VERSION = "4"

__all__ = [
    "ANALYZER_VERSION",
    "Analysis",
    "Entity",
    "EntitySummary",
    "Keyword",
    "analyze",
    "extract_entities",
]


def extract_entities(text: str) -> list[Entity]:
    """Entities of ``text`` (PERSON, LOCATION, ORGANIZATION, MISC, DATE, NUMBER), by offset."""
    from reader.nlp.entities import extract_entities as run

    return run(text)


def analyze(article: Article, corpus: Sequence[Article] = ()) -> Analysis:
    """Merged entities (most salient first) and keywords of ``article``.

    Keyword document frequencies come from ``corpus`` (plus the article) and a shipped table.
    """
    from reader.nlp.analysis import analyze as run

    return run(article, corpus)
