"""reader.nlp entities: a Syrian news paragraph, merging, English, Hebrew and Persian."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from support.news import ENGLISH_NEWS, SYRIA

from reader.model.article import Article
from reader.nlp import Entity, analyze, extract_entities

EXPECTED = {
    ("هيئة تحرير الشام", "ORGANIZATION"), ("رويترز", "ORGANIZATION"),
    ("الأمم المتحدة", "ORGANIZATION"), ("بشار الأسد", "PERSON"), ("أحمد الشرع", "PERSON"),
    ("غير بيدرسن", "PERSON"), ("دمشق", "LOCATION"), ("إدلب", "LOCATION"), ("حلب", "LOCATION"),
    ("حماة", "LOCATION"), ("حمص", "LOCATION"), ("موسكو", "LOCATION"), ("سوريا", "LOCATION"),
    ("درعا", "LOCATION"), ("السويداء", "LOCATION"), ("الأردن", "LOCATION"),
}
# The Nasib crossing: with or without its descriptor (ANERcorp, which the CRF learns from,
# leaves descriptors out: غزة, not قطاع غزة).
NASIB = {("معبر نصيب", "LOCATION"), ("نصيب", "LOCATION")}


@pytest.fixture(scope="module")
def syria() -> Article:
    return Article(title="فصائل المعارضة تسيطر على دمشق", paragraphs=SYRIA)


def test_syrian_paragraph_entities_each_once(syria: Article) -> None:
    result = analyze(syria)
    names = [(e.text, e.label) for e in result.entities if e.label not in ("DATE", "NUMBER")]
    counts = Counter(text for text, _ in names)
    assert set(names) >= EXPECTED, EXPECTED - set(names)
    assert len(set(names) & NASIB) == 1, names
    assert all(n == 1 for n in counts.values()), counts
    extra = set(names) - EXPECTED - NASIB
    assert len(extra) <= 3, extra
    for entry in result.entities:
        for start, end in entry.spans:
            assert syria.body[start:end].strip()


def test_variants_merged_and_alias_equated(syria: Article) -> None:
    result = analyze(syria)
    assad = next(e for e in result.entities if e.text == "بشار الأسد")
    assert assad.count == 2  # "الأسد" alone is merged in
    sharaa = next(e for e in result.entities if e.text == "أحمد الشرع")
    assert sharaa.count == 2  # the text equates him with أبو محمد الجولاني


def test_jolani_distinct_unless_equated() -> None:
    text = "التقى أحمد الشرع وفدا أردنيا. وفي تقرير آخر، قال الجولاني إن المعركة انتهت."
    labels = {e.text for e in analyze(Article(title="", paragraphs=(text,))).entities}
    assert "أحمد الشرع" in labels
    assert "الجولاني" in labels


def test_dates_and_numbers_in_analysis(syria: Article) -> None:
    result = analyze(syria)
    found = {(e.text, e.label) for e in result.entities}
    assert ("الأحد 8 كانون الأول 2024", "DATE") in found
    assert ("القرار 2254", "NUMBER") in found
    assert ("200 سيارة", "NUMBER") in found


def test_english_capitalised_entities() -> None:
    text = ("Syrian President Bashar al-Assad fled to Moscow on December 8, 2024, Reuters "
            "reported. The United Nations envoy Geir Pedersen said talks must follow.")
    found = {(e.text, e.label) for e in extract_entities(text)}
    assert ("Bashar al-Assad", "PERSON") in found
    assert ("Moscow", "LOCATION") in found
    assert ("Reuters", "ORGANIZATION") in found
    assert ("United Nations", "ORGANIZATION") in found
    assert ("December 8, 2024", "DATE") in found
    assert not any(e.text in ("The", "Syrian President") for e in extract_entities(text))


@pytest.mark.parametrize(("text", "names"), [
    ("עיריית חיפה תפעיל קו אוטובוס חשמלי חדש בין הנמל לטכניון, כך הודיעה היום העירייה.",
     [("ORGANIZATION", "עיריית חיפה"), ("ORGANIZATION", "טכניון")]),
    ("شهرداری اصفهان برای مدیریت آب زاینده‌رود برنامه‌ی تازه‌ای ارائه می‌کند و می‌گوید که این طرح "
     "در سال آینده اجرا می‌شود.",
     [("ORGANIZATION", "شهرداری اصفهان"), ("LOCATION", "زاینده‌رود")]),
])
def test_hebrew_and_persian_names_and_no_garbage(text: str, names: list[tuple[str, str]]) -> None:
    """Hebrew and Persian names come from their own rules (never the Arabic model)."""
    entities = extract_entities(text)
    assert [(e.label, e.text) for e in entities if e.label not in ("DATE", "NUMBER")] == names
    for entity in entities:
        assert isinstance(entity, Entity)
        assert text[entity.start:entity.end] == entity.text


def test_latin_codes_glued_to_digits_are_not_names() -> None:
    text = "انخفضت انبعاثات CO2 وحلّقت طائرات F16 فوق Amman حسب Regional Energy Observatory."
    found = {(e.text, e.label) for e in extract_entities(text)}
    assert not {name for name, _ in found} & {"CO", "F"}
    assert {("Amman", "LOCATION"), ("Regional Energy Observatory", "ORGANIZATION")} <= found


def test_english_news_names() -> None:
    result = analyze(Article(title="Rebels take Damascus", paragraphs=(ENGLISH_NEWS,)))
    found = {(e.text, e.label, e.count) for e in result.entities
             if e.label not in ("DATE", "NUMBER")}
    assert found == {
        ("Damascus", "LOCATION", 2), ("Moscow", "LOCATION", 1), ("Geneva", "LOCATION", 1),
        ("Israel", "LOCATION", 1), ("Turkey", "LOCATION", 1), ("Ankara", "LOCATION", 1),
        ("Golan Heights", "LOCATION", 1), ("Homs", "LOCATION", 1), ("Hama", "LOCATION", 1),
        ("Umayyad Mosque", "LOCATION", 1),
        ("Bashar al-Assad", "PERSON", 2),  # Assad's, later, is him
        ("Ahmed al-Sharaa", "PERSON", 2),  # known as Abu Mohammed al-Golani
        ("Geir Pedersen", "PERSON", 1),  # after a lower-case role word: envoy
        ("Benjamin Netanyahu", "PERSON", 1), ("Hakan Fidan", "PERSON", 1),
        ("Reuters", "ORGANIZATION", 1), ("Hayat Tahrir al-Sham", "ORGANIZATION", 1),
        ("U.N.", "ORGANIZATION", 1), ("World Food Programme", "ORGANIZATION", 1),
        ("Kremlin", "ORGANIZATION", 1), ("Syrian", "MISC", 1),
    }


def test_english_possessive_and_single_letters_are_not_in_names() -> None:
    texts = {e.text for e in extract_entities("Assad's rule ended. The U.S. and U.K. agreed.")}
    assert "Assad's" not in texts and "U" not in texts and "S" not in texts
    assert {"U.S.", "U.K."} <= texts


REAL_SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_eb7556d38df37801.txt"


def test_real_seed_people_places_and_organisations() -> None:
    """The seed (Syria, December 2024) names about 5 people, 22 places and 6 organisations:
    each is listed once, and few entries are false."""
    from reader.parsing import load_article

    result = analyze(load_article(REAL_SEED))
    names = [(e.text, e.label) for e in result.entities
             if e.label in ("PERSON", "LOCATION", "ORGANIZATION")]
    texts = [text for text, _ in names]
    assert len(texts) == len(set(texts)), Counter(texts)
    labels = Counter(label for _, label in names)
    assert 4 <= labels["PERSON"] <= 8, names
    assert 18 <= labels["LOCATION"] <= 27, names
    assert 5 <= labels["ORGANIZATION"] <= 9, names
    # An organisation holding a place name stays one (تحرير الشام, listed by its full name);
    # its place word is no place of its own.
    assert ("هيئة تحرير الشام", "ORGANIZATION") in names
    assert "الشام" not in texts
    assert {("بشار الأسد", "PERSON"), ("جيمس جيفري", "PERSON"), ("أحمد الشرع", "PERSON"),
            ("حسن عبد الغني", "PERSON"), ("رويترز", "ORGANIZATION"), ("CNN", "ORGANIZATION"),
            ("حزب البعث", "ORGANIZATION"), ("الكرملين", "ORGANIZATION"),
            ("دمشق", "LOCATION"), ("حمص", "LOCATION"), ("درعا", "LOCATION"),
            ("السويداء", "LOCATION"), ("دير الزور", "LOCATION"),
            ("الولايات المتحدة", "LOCATION")} <= set(names)
    # The byline's publisher (كوردستريت || متابعات) is an organisation, with no body span.
    assert ("كوردستريت", "ORGANIZATION") in names
    # "The militias" is a common noun, under no label.
    assert not [e for e in result.entities if "الميليشيات" in e.text]
    # أحمد الشرع( الجولاني ): one person, both mentions.
    sharaa = next(e for e in result.entities if e.text == "أحمد الشرع")
    assert sharaa.count == 2


def test_latin_name_in_arabic_text_counted_once() -> None:
    """The Arabic and the English readings both find a Latin name inside Arabic text; the
    panel once said "John Smith ×2" for one mention."""
    text = ("قال John Smith مدير شركة Google في دبي إن الشركة ستفتح مكتبا جديدا في القاهرة، "
            "بحسب وكالة Reuters.")
    spans = [(e.start, e.end) for e in extract_entities(text)]
    assert len(spans) == len(set(spans))
    analysis = analyze(Article(title="شركات التقنية", paragraphs=(text,)))
    counts = {e.text: e.count for e in analysis.entities}
    assert counts["John Smith"] == 1
    assert counts["Google"] == 1
    assert {e.label for e in analysis.entities if e.text == "John Smith"} == {"PERSON"}
