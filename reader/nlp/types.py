"""The public result types of ``reader.nlp``."""

from __future__ import annotations

from dataclasses import dataclass

LABELS = ("PERSON", "LOCATION", "ORGANIZATION", "MISC", "DATE", "NUMBER")


@dataclass(frozen=True, slots=True)
class Entity:
    """One mention: offsets into the text given, its label and its surface text."""

    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class EntitySummary:
    """One merged entity of an article: display text, label, mentions and their body spans."""

    text: str
    label: str
    count: int
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Keyword:
    """A keyword phrase in its most frequent surface form, score in (0, 1]."""

    text: str
    score: float


@dataclass(frozen=True, slots=True)
class Topic:
    """What an article is about: a name (its entity label) or a keyword phrase ("KEYWORD"),
    score in (0, 1]."""

    text: str
    kind: str
    score: float


@dataclass(frozen=True, slots=True)
class Analysis:
    """Entities (most salient first) and keywords of one article."""

    entities: tuple[EntitySummary, ...]
    keywords: tuple[Keyword, ...]
