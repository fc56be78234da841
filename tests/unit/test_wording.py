"""Words on screen: counts in the right number, entity kinds and bylines in plain words."""

from __future__ import annotations

from datetime import date

import pytest

from reader.model.article import Article
from reader.model.wording import counted, entity_kind
from reader.store.models import ImportResult


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 new articles"), (1, "1 new article"), (2, "2 new articles")],
)
def test_counted(count: int, expected: str) -> None:
    assert counted(count, "new article") == expected


def test_counted_with_an_irregular_plural() -> None:
    assert counted(1, "entry", "entries") == "1 entry"
    assert counted(3, "entry", "entries") == "3 entries"


def test_import_summary_in_the_singular() -> None:
    result = ImportResult(added=["a"], errors=["x: bad"], subscriptions=["u"])
    assert result.summary() == "1 new article, 0 already present, 1 subscription, 1 source failed"


@pytest.mark.parametrize(
    ("label", "kind"),
    [("PERSON", "person"), ("LOCATION", "place"), ("ORGANIZATION", "organisation"),
     ("MISC", "name"), ("GPE", "gpe")],
)
def test_entity_kinds_are_words(label: str, kind: str) -> None:
    assert entity_kind(label) == kind


def test_a_feed_kind_is_no_byline_and_its_author_is() -> None:
    article = Article("Title", ("Body.",), source="BBC", kind="feed", published=date(2024, 12, 6),
                      extra={"author": "Jane Doe"})
    assert article.metadata_fields() == ["BBC", "Jane Doe", "2024-12-06"]


def test_a_page_byline_is_shown() -> None:
    article = Article("عنوان", ("نص.",), source="كوردستريت", kind="متابعات", category="حول العالم")
    assert article.metadata_fields() == ["كوردستريت", "متابعات", "حول العالم"]
