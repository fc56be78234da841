"""Words and tokens (reader.lang) and the nlp patterns: normalisation, clitics, dates, numbers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.lang.tokens import (
    LINK,
    LINK_TRAIL,
    SENTENCE_END,
    TOKEN,
    Token,
    sentences,
    tokenize,
    word_info,
)
from reader.lang.words import clitic_variants, normalize, strip_clitics
from reader.nlp import extract_entities
from reader.nlp.patterns import find_dates, find_numbers


def test_normalize_folds_marks_tatweel_alef_ya_ta_marbuta() -> None:
    assert normalize("أَحْمَد") == "احمد"
    assert normalize("إيران") == normalize("ايران")
    assert normalize("آذار") == "اذار"
    assert normalize("مصطفى") == "مصطفي"
    assert normalize("حماة") == "حماه"
    assert normalize("الـــرئيس") == normalize("الرئيس")


def test_tokens_keep_offsets_into_the_original_text() -> None:
    text = "قالَ الرئيسُ: «حمص»"
    for token in tokenize(text):
        assert text[token.start:token.end] == token.text


def test_detached_la_prefix_is_its_own_token() -> None:
    tokens = tokenize("لـ”رويترز”")
    assert [t.text for t in tokens] == ["لـ", "”", "رويترز", "”"]
    assert tokens[0].kind == "pre"


def test_clitic_variants_and_stripping() -> None:
    assert ("السويداء", 1) in clitic_variants(normalize("والسويداء"))
    assert ("دمشق", 1) in clitic_variants("بدمشق")
    assert ("الاردن", 2) in clitic_variants("للاردن")
    assert strip_clitics("والسويداء")[0] == "سويداء"
    assert strip_clitics("حمص") == ("حمص", 0)


def test_clitic_excluded_from_entity_spans() -> None:
    text = "سيطرت الفصائل على درعا والسويداء، وقال مصدر لـ”رويترز” إن الوضع هادئ."
    found = {(e.text, e.label) for e in extract_entities(text)}
    assert ("السويداء", "LOCATION") in found
    assert ("رويترز", "ORGANIZATION") in found
    for entity in extract_entities(text):
        assert text[entity.start:entity.end] == entity.text
        assert not entity.text.startswith(("و", "لـ", "ل”"))


def test_dates_both_month_sets_and_eastern_digits() -> None:
    text = "في 8 كانون الأول 2024 وفي ٨ ديسمبر ٢٠٢٤ ثم يوم الثلاثاء وعام 2011 و15 آذار."
    dates = [e.text for e in find_dates(text)]
    assert "8 كانون الأول 2024" in dates
    assert "٨ ديسمبر ٢٠٢٤" in dates
    assert "يوم الثلاثاء" in dates
    assert "عام 2011" in dates
    assert "15 آذار" in dates
    assert find_dates("On Sunday, December 8, 2024 the regime fell")[0].text == (
        "Sunday, December 8, 2024")


def test_numbers_quantities_and_resolution() -> None:
    text = ("عبرت 200 سيارة و3 آلاف مقاتل، وارتفعت الأسعار 40 في المئة وفق القرار 2254 "
            "بقيمة ٣٥ مليون دولار.")
    numbers = [e.text for e in find_numbers(text, [])]
    assert "200 سيارة" in numbers
    assert "3 آلاف مقاتل" in numbers
    assert "40 في المئة" in numbers
    assert "القرار 2254" in numbers
    assert "٣٥ مليون دولار" in numbers


def test_number_does_not_swallow_a_verb() -> None:
    numbers = [e.text for e in find_numbers("وقتل 12 في القصف", [])]
    assert numbers == ["12"]


def test_two_letter_units_and_currencies() -> None:
    text = "نحو 9,500 طن سنويا على بعد 12 كم، وبلغت الكلفة $5 million و€12."
    assert [e.text for e in find_numbers(text, [])] == ["9,500 طن", "12 كم", "$5 million", "€12"]


def test_english_quantities() -> None:
    text = "about 300,000 cubic metres a day, 300 kilometres away, 12 people, 40 percent, 7 Apples"
    assert [e.text for e in find_numbers(text, [])] == [
        "300,000 cubic metres", "300 kilometres", "12 people", "40 percent"]


def test_single_digits_and_numbers_of_named_things_are_no_entities() -> None:
    text = "عدادات من طراز SunTrack 3 وWindows 11 في 318 مدرسة، وقتل 12 في القصف و3 آخرون."
    assert [e.text for e in find_numbers(text, [])] == ["318 مدرسة", "12"]
    assert [e.text for e in find_numbers("People in 300 places", [])] == ["300"]


def test_a_period_of_years_is_a_date() -> None:
    text = "ويغطي التقرير الفترة 2020–2024 و١٩٩٠-٢٠٠٠."
    assert [e.text for e in find_dates(text)] == ["2020–2024", "١٩٩٠-٢٠٠٠"]


def _reference_tokens(text: str) -> list[Token]:
    """Tokens straight from the regexes over the whole text (what chunked tokenising must give):
    links, less the punctuation after them, then TOKEN between them."""
    out = []
    pos = 0
    while pos <= len(text):
        link = LINK.search(text, pos)
        start, end = link.span() if link else (len(text) + 1, len(text) + 1)
        while link and end > start and text[end - 1] in LINK_TRAIL:
            end -= 1
        for match in TOKEN.finditer(text[pos:start]):
            kind = match.lastgroup or ""
            key, kind = word_info(match.group()) if kind == "word" else (
                normalize(match.group()), kind)
            out.append(Token(pos + match.start(), pos + match.end(), match.group(), key, kind))
        if link and end > start:
            out.append(Token(start, end, text[start:end], text[start:end], "url"))
        pos = max(end, start + 1)
    return out


@given(st.text(alphabet="ابتلوفكـ،.؟!«»”'-0123٤٥abcXYZ \n\t\u00a0\u2003\u064e\u200f\x1cw@/:",
               max_size=40))
def test_chunked_tokenize_equals_the_whole_text_regex(text: str) -> None:
    assert tokenize(text) == _reference_tokens(text)
    assert tokenize(text) == _reference_tokens(text)  # second time from the chunk cache


def test_links_are_one_token_without_the_punctuation_after_them() -> None:
    text = "انظر https://example.org/report?id=42. و(www.BBC.com/Arabic)، واكتب إلى Info@UN.org»"
    assert [(t.text, t.kind) for t in tokenize(text) if t.kind != "ar"] == [
        ("https://example.org/report?id=42", "url"), (".", "punct"), ("(", "punct"),
        ("www.BBC.com/Arabic", "url"), (")", "punct"), ("،", "punct"),
        ("Info@UN.org", "url"), ("»", "punct")]
    assert tokenize(text) == _reference_tokens(text)


def test_chunked_tokenize_on_news() -> None:
    text = ("دمشق (رويترز) - قالت مصادر لـ”رويترز” إن فصائلها سيطرت على حمص ودرعا والسويداء،\n"
            "فيما أعلن الأردن إغلاق معبر نصيب. ودعت الأمم المتحدة إلى تطبيق القرار 2254.")
    assert tokenize(text) == _reference_tokens(text)


def _reference_sentences(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Sentences token by token (what the cut-finding ``sentences`` must give)."""
    out: list[list[Token]] = []
    current: list[Token] = []
    previous_end = 0
    for token in tokens:
        if current and token.start > previous_end and "\n" in text[previous_end:token.start]:
            out.append(current)
            current = []
        current.append(token)
        previous_end = token.end
        if token.kind == "punct" and token.text in SENTENCE_END:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


@given(st.text(alphabet="اب و.؟!?،\n\n \t5a", max_size=60))
def test_sentences_equal_the_token_by_token_grouping(text: str) -> None:
    tokens = tokenize(text)
    assert sentences(text, tokens) == _reference_sentences(text, tokens)
    assert sentences(text, tokens[1:-1]) == _reference_sentences(text, tokens[1:-1])
