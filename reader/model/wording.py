"""Counts in messages: "1 new article", "2 new articles", never "1 new articles"."""

from __future__ import annotations

from typing import TypeAlias

# A menu row: one text, or fields each laid out on its own (a name, then its counts).
ChoiceLabel: TypeAlias = str | tuple[str, ...]


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` and the noun phrase in the number it needs: ``counted(1, "feed")`` is "1 feed".

    ``plural`` defaults to ``singular`` + "s" (on its last word: "new article" → "new articles").
    """
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


# What each entity label is called on screen; the labels themselves are the NER tag set's.
ENTITY_KINDS = {
    "PERSON": "person",
    "LOCATION": "place",
    "ORGANIZATION": "organisation",
    "MISC": "name",
    "DATE": "date",
    "NUMBER": "number",
}


def entity_kind(label: str) -> str:
    """``LOCATION`` is a "place" to the reader; an unknown label is shown in lower case."""
    return ENTITY_KINDS.get(label, label.lower())


def entity_choice(text: str, label: str, articles: int) -> ChoiceLabel:
    """An entity offered as a filter: its name, then what it is and how many articles name it
    ("place · 2 articles", never the tag set's "location")."""
    return (text, f"{entity_kind(label)} · {counted(articles, 'article')}")
