"""reader.nlp places: names that are also common words, Arab-world cities, settlement words."""

from __future__ import annotations

import pytest

from reader.nlp import extract_entities
from reader.nlp.paths import MODEL_PATH
from reader.nlp.resources import gazetteer
from reader.training.build_data import _vetted

needs_model = pytest.mark.skipif(not MODEL_PATH.is_file(), reason="no shipped CRF model")


def _places(text: str) -> list[str]:
    return [e.text for e in extract_entities(text) if e.label == "LOCATION"]


@needs_model
@pytest.mark.parametrize("text", [
    "ترك الرجل منزله وسافر للعمل.",  # left (CLDR names the time zone of Chuuk ترك)
    "وقال إن الوضع المالي صعب وإن الدعم المالي تأخر.",  # financial (Mali is مالي)
    "على المدى القصير تبقى الطبقة الوسطى والاحتجاجات السلمية دوما في الميادين.",
    "وحصل كل فرد على نصيبه، ونشرت الوكالة صور الدمار.",
])
def test_common_words_that_name_places_are_not_places(text: str) -> None:
    assert _places(text) == []


@needs_model
def test_cities_of_the_arab_world_are_places() -> None:
    text = ("تغطي الألواح الشمسية المدارس في عمّان وإربد والزرقاء، "
            "كما في البصرة والإسكندرية وصفاقس ووهران.")
    assert _places(text) == ["عمّان", "إربد", "الزرقاء", "البصرة", "الإسكندرية", "صفاقس",
                             "وهران"]


@needs_model
def test_a_settlement_word_makes_an_ambiguous_name_a_place() -> None:
    text = "سيطرت الفصائل على مدينة القصير وبلدة السلمية ومدينة الطبقة، وعلى مدينة صور."
    assert _places(text) == ["القصير", "السلمية", "الطبقة", "صور"]


def test_ambiguous_places_are_no_confident_names() -> None:
    entries = gazetteer().entries
    for key in ("ترك", "مالي", "القصير", "الطبقه"):
        assert {e.strength for e in entries[key] if e.label == "LOC"} == {"a"}, key
    assert "مدينه غير معروفه" not in entries


def test_vetting_marks_ambiguous_places_and_drops_non_places() -> None:
    rows = [("مالي", "LOC", "c", "مالي"), ("مالي", "PER", "g", "مالي"),
            ("اربد", "LOC", "c", "إربد"), ("مدينه غير معروفه", "LOC", "c", "مدينة غير معروفة")]
    assert list(_vetted(rows)) == [("مالي", "LOC", "a", "مالي"), ("مالي", "PER", "g", "مالي"),
                                   ("اربد", "LOC", "c", "إربد")]
