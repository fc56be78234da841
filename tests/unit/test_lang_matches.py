"""Search hits in an article's text: the words search matched, through clitics."""

from __future__ import annotations

from reader.lang.matches import match_spans


def words_at(text: str, query: str) -> list[str]:
    return [text[start:end] for start, end in match_spans(text, query)]


def test_words_with_a_one_letter_proclitic_are_hits() -> None:
    text = "وصل الوفد بدمشق، ثم عاد إلى دمشق ومنها لحمص."
    assert words_at(text, "دمشق") == ["بدمشق", "دمشق"]
    assert words_at(text, "حمص") == ["لحمص"]


def test_article_prefix_of_the_query_and_exclusions() -> None:
    text = "السويداء وسويداء ودرعا"
    assert words_at(text, "السويداء") == ["السويداء", "وسويداء"]
    assert words_at(text, "السويداء -درعا") == ["السويداء", "وسويداء"]


def test_prefix_search_and_latin_case() -> None:
    assert words_at("Desalination in Aqaba; desalinated water.", "desalinat*") == [
        "Desalination", "desalinated"]
    assert words_at("UNICEF and unicef", "Unicef") == ["UNICEF", "unicef"]


def test_harakat_stay_inside_the_word() -> None:
    assert words_at("مَدْرَسَة كبيرة", "مدرسة") == ["مَدْرَسَة"]


def test_empty_query_matches_nothing() -> None:
    assert match_spans("دمشق", "") == [] and match_spans("دمشق", "-دمشق") == []
