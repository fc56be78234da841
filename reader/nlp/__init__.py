"""Entities and keywords for Arabic-first news, offline and fast.

Importing this package is cheap: data files and the CRF model load on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.model.article import Article
    from reader.nlp.types import Analysis, Entity, EntitySummary, Keyword, Topic

ANALYZER_VERSION = "14"
# Analyses made with ``accurate=True`` differ from the default ones: cache them under this.
ACCURATE_ANALYZER_VERSION = ANALYZER_VERSION + "-accurate5"

__all__ = [
    "ACCURATE_ANALYZER_VERSION",
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


def extract_entities(text: str, accurate: bool = False) -> list[Entity]:
    """Entities of ``text`` (PERSON, LOCATION, ORGANIZATION, MISC, DATE, NUMBER), by offset.

    ``accurate``: Arabic names from the CRF stacked on the shipped neural tagger (better
    recall on unseen news, several times slower: for batch work, not where a reader waits).
    """
    from reader.nlp.entities import extract_entities as run

    return run(text, accurate=accurate)


def analyze(article: Article, corpus: Sequence[Article] = (), accurate: bool = False) -> Analysis:
    """Merged entities (most salient first) and keywords of ``article``.

    Keyword document frequencies come from ``corpus`` (plus the article) and a shipped table.
    ``accurate``: see ``extract_entities`` (cache under ``ACCURATE_ANALYZER_VERSION``).
    """
    from reader.nlp.analysis import analyze as run

    return run(article, corpus, accurate)
