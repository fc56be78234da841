"""The titles that lead person names (المهندسة ليلى العمري)."""

from __future__ import annotations

import pytest

from reader.lang.words import normalize
from reader.nlp import extract_entities
from reader.nlp.paths import MODEL_PATH
from reader.nlp.resources import triggers


def test_feminine_and_professional_titles_are_person_triggers() -> None:
    for title in ("المهندسة", "الدكتورة", "الوزيرة", "الناطقة", "المهندس", "الملكة"):
        assert triggers().get(normalize(title)) == "PER", title


@pytest.mark.skipif(not MODEL_PATH.is_file(), reason="no shipped CRF model")
def test_a_titled_engineer_is_a_person() -> None:
    text = "قالت المهندسة ليلى العمري إن المدارس في عمان ركّبت ألواحاً شمسية هذا العام."
    found = {(e.text, e.label) for e in extract_entities(text)}
    assert {("ليلى العمري", "PERSON"), ("عمان", "LOCATION")} <= found
