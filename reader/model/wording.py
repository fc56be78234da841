"""Counts in messages: "1 new article", "2 new articles", never "1 new articles"."""

from __future__ import annotations


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
