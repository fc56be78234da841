"""Entities and keywords for Arabic-first news, offline and fast.

Importing this package is cheap: data files and the CRF model load on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.model.article import Article
    from reader.nlp.types import Analysis, Entity, EntitySummary, Keyword, Topic

ANALYZER_VERSION = "11"

__all__ = [
    "ANALYZER_VERSION",
    "Analysis",
    "Entity",
    "EntitySummary",
    "Keyword",
    "Topic",
    "analyze",
    "extract_entities",
]


_RESULT_TYPES = frozenset({"Analysis", "Entity", "EntitySummary", "Keyword", "Topic"})


def __getattr__(name: str) -> object:
    """The result types load on first use: the library reads ``ANALYZER_VERSION`` while the
    reader starts, and that must not cost the types' dataclasses."""
    if name in _RESULT_TYPES:
        from reader.nlp import types

        return getattr(types, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
