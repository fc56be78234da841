"""reader.nlp fixes: common words as places, title-led persons, clitic/tanween keyword groups,
and the speed paths that must give the same results as the plain ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.news import MINISTER, SYRIA

from reader.lang.tokens import sentences, tokenize
from reader.model.article import Article
from reader.nlp import analyze, extract_entities
from reader.nlp.crf import shared_tagger
from reader.nlp.entities import language
from reader.nlp.features import Featurizer
from reader.nlp.keywords import DocumentFrequencies, keywords, phrases, term_keys
from reader.nlp.paths import MODEL_PATH
from reader.nlp.patterns import find_dates, find_numbers, start_tokens
from reader.nlp.resources import lexicon
from reader.nlp.spans import bio_spans
from reader.text.direction import detect_language

SEED = Path(__file__).resolve().parents[2] / "seeds" / "sample_ar_page.txt"
needs_model = pytest.mark.skipif(not MODEL_PATH.is_file(), reason="no shipped CRF model")


def _seed() -> Article:
    if not SEED.is_file():
        pytest.skip("seed not present")
    from reader.parsing import load_paths

    return load_paths([SEED]).articles[0]


@needs_model
def test_irrigation_is_not_a_place() -> None:
    places = [e.text for e in extract_entities(MINISTER) if e.label == "LOCATION"]
    assert "الري" not in places
    assert "دمشق" in places


@needs_model
def test_seed_irrigation_and_minister() -> None:
    result = analyze(_seed())
    found = {(e.text, e.label) for e in result.entities}
    assert not any(text == "الري" for text, _ in found)
    assert ("سامر الخطيب", "PERSON") in found
    assert ("مارتن هولم", "PERSON") in found
    assert all("سامر" not in k.text for k in result.keywords)


@needs_model
def test_minister_after_title_complement() -> None:
    persons = [e.text for e in extract_entities(MINISTER) if e.label == "PERSON"]
    assert "سامر الخطيب" in persons
    assert not any("شؤون" in p or "الإنسانية" in p for p in persons)


def test_keywords_group_clitics_and_tanween() -> None:
    found = [k.text for k in keywords(MINISTER, "", DocumentFrequencies([]), False)]
    assert "وقنوات" not in found and "بخطط" not in found
    assert sum(text in ("خطط", "خططاً") for text in found) <= 1
    assert any(text == "قنوات" or text.startswith("قنوات ") for text in found)


def test_keyword_display_is_the_bare_frequent_form() -> None:
    text = "تحتاج قنوات الري إلى صيانة، وقنوات المياه كذلك، وقنوات الصرف أيضاً وقنوات أخرى."
    found = [k.text for k in keywords(text, "", DocumentFrequencies([]), False)]
    assert "قنوات" in found
    assert not any(k.startswith("وقنوات") for k in found)


def test_stripping_needs_evidence() -> None:
    # بشار has no bare "شار" in the document: it stays whole.
    text = "قال بشار إن بشار سيعود. وأكد بشار ذلك."
    found = [k.text for k in keywords(text, "", DocumentFrequencies([]), False)]
    assert "شار" not in found


@pytest.mark.parametrize("text", [*SYRIA, MINISTER,
                                  "الأحد 8 كانون الأول 2024، و27 تشرين الثاني، بالعام 2023 "
                                  "وبيوم الاثنين، Monday, December 8, 2024; resolution 2254, "
                                  "06/12/2024، ارتفع بـ4.3% إلى بـ34.3 مليون سيارة و180 ألف"])
def test_token_anchored_regexes_match_the_full_scan(text: str) -> None:
    tokens = tokenize(text)
    dates = find_dates(text)
    assert find_dates(text, tokens) == dates
    assert find_numbers(text, dates, tokens) == find_numbers(text, dates)
    starts = start_tokens(tokens)
    assert find_dates(text, starts) == dates
    assert find_numbers(text, dates, starts) == find_numbers(text, dates)
    assert language(text) == detect_language(text)


def test_number_after_tatweel_clitic() -> None:
    text = "ارتفع العدد بـ34.3 مليون سيارة"
    numbers = [e.text for e in find_numbers(text, [])]
    assert numbers == ["34.3 مليون سيارة"]


def test_term_keys_equal_phrase_keys() -> None:
    for text in (*SYRIA, MINISTER):
        assert term_keys(text) == [key for key, _, _ in phrases(text)]


@needs_model
def test_restricted_features_tag_the_same() -> None:
    import pycrfsuite

    tagger = shared_tagger()
    assert tagger is not None
    plain = pycrfsuite.Tagger()
    plain.open(str(MODEL_PATH))
    unrestricted = Featurizer(lexicon())
    for text in (*SYRIA, MINISTER):
        tokens = tokenize(text)
        for sentence in sentences(text, tokens):
            keys = [t.key for t in sentence]
            expected = plain.tag(unrestricted.sequence(keys))
            assert tagger.tag(keys) == expected
            restricted = tagger.featurizer.sequence(keys)
            assert sum(map(len, restricted)) < sum(map(len, unrestricted.sequence(keys)))


@needs_model
def test_confidence_filter_keeps_a_subset() -> None:
    tagger = shared_tagger()
    assert tagger is not None
    for text in (*SYRIA, MINISTER):
        for sentence in sentences(text, tokenize(text)):
            keys = [t.key for t in sentence]
            every = tagger.spans(keys)
            sure = tagger.spans(keys, 0.6)
            assert set(sure) <= set(every)
            assert tagger.spans(keys, 1.01) == []


@needs_model
def test_panel_filter_is_the_default_and_evaluation_can_turn_it_off() -> None:
    from reader.nlp.arabic import PANEL_CONFIDENCE, arabic_entities

    assert 0 < PANEL_CONFIDENCE < 1
    text = " ".join(SYRIA)
    sents = sentences(text, tokenize(text))
    filtered = arabic_entities(text, sents)
    unfiltered = arabic_entities(text, sents, min_confidence=0.0)
    assert len(filtered) <= len(unfiltered)


@needs_model
def test_rule_caches_follow_the_taggers_word_lists() -> None:
    from reader.nlp.arabic import arabic_entities
    from reader.nlp.crf import CrfTagger

    other = CrfTagger(MODEL_PATH, Featurizer({}), frozenset())  # no lexicon, no common words
    text = " ".join((*SYRIA, MINISTER))
    sents = sentences(text, tokenize(text))
    shipped, bare = arabic_entities(text, sents), arabic_entities(text, sents, other)
    assert shipped != bare
    for _ in range(2):
        assert arabic_entities(text, sents) == shipped
        assert arabic_entities(text, sents, other) == bare


@pytest.mark.parametrize("text", [
    "شهرداری اصفهان برای مدیریت آب زاینده‌رود برنامه‌ی تازه‌ای ارائه می‌کند و می‌گوید که این طرح",
    "لاہور میں بارش کے بعد شہر کی سڑکیں پانی سے بھر گئیں اور ٹریفک کئی گھنٹے رکی رہی۔ یہ بات ہے",
    "עיריית חיפה תפעיל קו אוטובוס חשמלי חדש בין הנמל לטכניון",
    "Reuters reported that talks in Geneva would resume.", "", "123 456 ...",
])
def test_language_guess_matches_the_text_package(text: str) -> None:
    assert language(text) == detect_language(text)


# Characters at the edges of the counted ranges (Armenian, Hebrew, Arabic, Syriac, Arabic
# Supplement, Thaana), the Persian and Urdu letters, ASCII and accented Latin, a lone surrogate.
_SCRIPTS = ("\u058f\u0590\u05bf\u05c0\u05ff\u0600\u06ff\u0700\u074f\u0750\u077f\u0780"
            "پچژگکیٹڈڑںھےۓابت" "aZé \n5" "\ud800")


@settings(max_examples=300)
@given(st.text(alphabet=_SCRIPTS, max_size=60))
def test_language_guess_matches_the_text_package_on_any_text(text: str) -> None:
    assert language(text) == detect_language(text)


def test_language_guess_on_the_seeds() -> None:
    seeds = SEED.parent
    if not seeds.is_dir():
        pytest.skip("seeds not present")
    for path in seeds.iterdir():
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")[:2000]
            assert language(text) == detect_language(text), path.name


def test_clitic_cut_prefers_the_gazetteer_and_keeps_names_whole() -> None:
    from reader.lang.words import normalize
    from reader.nlp.resources import gazetteer
    from reader.nlp.spans import clitic_cut

    gaz = gazetteer()
    known = {normalize("لإسرائيل"): "LOC", "ليد": "PERS", "ءاد": "PERS", "اروق": "PERS",
             "سامر": "PERS"}
    assert clitic_cut(normalize("لإسرائيل"), known, gaz) == 1
    for name in ("وليد", "فؤاد", "فاروق"):
        assert clitic_cut(normalize(name), known, gaz) == 0, name
    assert clitic_cut(normalize("وسامر"), known, gaz) == 1
    assert clitic_cut(normalize("والسويداء"), known, gaz) == 1


@needs_model
def test_first_names_with_clitic_letters_are_displayed_whole() -> None:
    text = ("قال رئيس الوزراء اللبناني فؤاد السنيورة إن الهجوم سيستمر. "
            "وقال وليد جنبلاط إن لإسرائيل أهدافا أخرى في لبنان.")
    found = {(e.text, e.label) for e in extract_entities(text)}
    assert not any(t.startswith(("ؤاد", "ليد")) for t, _ in found)
    assert not any(t == "لإسرائيل" for t, _ in found)


def test_known_words_are_not_read_as_clitic_plus_word() -> None:
    text = ("بلغت حصة الطاقة الشمسية 45 في المئة، ونشر التقرير باللغتين العربية والإنجليزية. "
            "وتغطي الألواح الشمسية المدارس.")
    found = [k.text for k in keywords(text, "", DocumentFrequencies([]), False)]
    assert "لغت" not in found


def test_gazetteer_names_are_not_split_into_clitic_and_word() -> None:
    text = "زار وزير خارجية فنزويلا موسكو. وقالت فنزويلا إن العلاقات مع فنزويلا قوية."
    found = [k.text for k in keywords(text, "", DocumentFrequencies([]), False)]
    assert "نزويلا" not in found


def _bio_spans_reference(tags: list[str]) -> list[tuple[int, int, str]]:
    """The plain reading of BIO tags that ``bio_spans`` (which skips O tags) must match."""
    out = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        inside = tag.startswith("I-") and tag[2:] == kind
        if start >= 0 and not inside:
            out.append((start, i, kind))
            start, kind = -1, ""
        if tag.startswith("B-") or (tag.startswith("I-") and start < 0):
            start, kind = i, tag[2:]
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["O", "O", "O", "B-LOC", "I-LOC", "B-PERS", "I-PERS", "X"]),
                max_size=30))
def test_bio_spans_match_the_plain_reading(tags: list[str]) -> None:
    assert bio_spans(tags) == _bio_spans_reference(tags)
