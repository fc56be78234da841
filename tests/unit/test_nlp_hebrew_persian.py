"""Hebrew and Persian people, places and organisations: trigger rules that generalise to names
no list holds, prefix letters and endings outside spans, the seeds in ``reader analyze``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import analyze as cli
from reader.lang.tokens import tokenize
from reader.model.article import Article
from reader.nlp import analyze
from reader.nlp.entities import extract_entities
from reader.nlp.hebrew import hebrew_entities
from reader.nlp.hebrew import readings as hebrew_readings
from reader.nlp.paths import DATA_DIR
from reader.nlp.persian import persian_entities
from reader.nlp.persian import readings as persian_readings
from reader.nlp.rtl_keywords import future_verb
from reader.nlp.rtl_names import lexicon
from reader.training.evaluate_he_fa import SETS, paragraphs, prf, score

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
NAMES = ("PERSON", "LOCATION", "ORGANIZATION")


def _names(text: str) -> list[tuple[str, str]]:
    return [(e.label, e.text) for e in extract_entities(text) if e.label in NAMES]


# Names in these sentences are in no shipped list: the titles and heads find them.
@pytest.mark.parametrize(("text", "expected"), [
    ("סגנית ראש העירייה, אורטל זקס, אמרה כי ההחלטה התקבלה. זקס הוסיפה כי התושבים יקבלו פיצוי.",
     [("PERSON", "אורטל זקס"), ("PERSON", "זקס")]),
    ("ובחיפה נפתח אתמול מרכז חדש. משרד החקלאות הודיע כי מרשות המים לא התקבלה תגובה.",
     [("LOCATION", "חיפה"), ("ORGANIZATION", "משרד החקלאות"), ("ORGANIZATION", "רשות המים")]),
    ("פרופ׳ ענבל גרינשטיין אמרה כי חברת וולטקס הודיעה על פיטורים.",
     [("PERSON", "ענבל גרינשטיין"), ("ORGANIZATION", "וולטקס")]),
    ("השחקנית גל גדות ביקרה בעיר.", [("PERSON", "גל גדות")]),
])
def test_hebrew_names_by_titles_heads_and_prefixes(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert _names(text) == expected


@pytest.mark.parametrize("text", [
    "לדבריו, מדובר בהישג חשוב לכל המשק.",  # מדובר is no דובר (spokesman) with a prefix
    "ראש המודיעין הצבאי נפגש אתמול עם השר.",  # המודיעין: "the intelligence", not Modiin
    "העיר התחתית תקבל קו חדש.",  # a definite adjective after העיר is no place
    "ראש הממשלה אמר בישיבת הממשלה כי הנושא בראש סדר העדיפויות.",  # a meeting, no yeshiva
])
def test_hebrew_common_words_are_no_names(text: str) -> None:
    assert _names(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("آقای کامبیز نوروزیان گفت که وزارت جهاد کشاورزی اعلام کرده است.",
     [("PERSON", "کامبیز نوروزیان"), ("ORGANIZATION", "وزارت جهاد کشاورزی")]),
    ("سازمان برنامه و بودجه می‌گوید که کشورهای اروپای شرقی نگران هستند.",
     [("ORGANIZATION", "سازمان برنامه و بودجه"), ("LOCATION", "اروپا")]),
    ("این پژوهشگر ایرانی سال‌ها در دانشگاه الزهرا تدریس کرد.",
     [("ORGANIZATION", "دانشگاه الزهرا")]),
    ("معترضان در میدان انقلاب تجمع کردند و خانم نگین رحمانی سخنرانی کرد.",
     [("LOCATION", "میدان انقلاب"), ("PERSON", "نگین رحمانی")]),
    ("استاندار خوزستان، داوود شهنازی، از روستای چغامیش بازدید کرد.",
     [("LOCATION", "خوزستان"), ("PERSON", "داوود شهنازی"), ("LOCATION", "چغامیش")]),
    ("به گزارش خبرگزاری ایرنا، روزنامه همشهری تعطیل شد.",
     [("ORGANIZATION", "ایرنا"), ("ORGANIZATION", "همشهری")]),
])
def test_persian_names_by_titles_heads_and_endings(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert _names(text) == expected


@pytest.mark.parametrize(("text", "name"), [
    ("به گفته لیلا امینی، کارشناس محیط زیست، سطح آب دریاچه پایین آمده است.", "لیلا امینی"),
    ("לדברי נועה רבינוביץ, התוכנית תצא לדרך בשנה הבאה.", "נועה רבינוביץ"),
])
def test_a_surname_that_is_a_common_word_by_its_ending(text: str, name: str) -> None:
    assert ("PERSON", name) in _names(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("חברה מירושלים בשם נובולוג גייסה 40 מיליון דולר.",
     [("LOCATION", "ירושלים"), ("ORGANIZATION", "נובולוג")]),
    ("צעיר בשם עומר דהאן נעצר אתמול.", [("PERSON", "עומר דהאן")]),
    ("הוא הגיע בשם החברה ודיבר.", []),
    ("پلیس فردی به نام کامران صفوی را بازداشت کرد و شرکتی به نام پارس‌تک را تعطیل کرد.",
     [("PERSON", "کامران صفوی"), ("ORGANIZATION", "پارس‌تک")]),
])
def test_a_name_after_what_it_is_and_by_the_name_of(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert _names(text) == expected


def test_persian_compound_verb_noun_is_no_complement() -> None:
    text = "دانشجویان مقابل ساختمان دانشگاه تجمع کردند و خواستار کاهش شهریه شدند."
    assert persian_entities(text) == []


def test_persian_monday_is_no_dushanbe() -> None:
    assert persian_entities("جلسه روز دوشنبه برگزار شد و دوشنبه‌ی آینده هم ادامه می‌یابد.") == []


def test_prefix_and_suffix_readings() -> None:
    assert ("חיפה", 2, 0) in hebrew_readings("ובחיפה")
    assert hebrew_readings("חיפה")[0] == ("חיפה", 0, 0)
    assert all(len(stem) >= 2 for stem, _, _ in hebrew_readings("שהם"))
    assert ("اروپا", 0, 1) in persian_readings("اروپای")
    assert ("شهرداری", 0, 2) in persian_readings("شهرداریها")
    assert ("ایران", 0, 0) in persian_readings("ایران")
    assert ("ایران", 0, 1) not in persian_readings("ایرانی")  # Iranian, not Iran


def test_spans_leave_prefix_letters_and_joiners_out() -> None:
    text = "הנציג הגיע מהטכניון ובחיפה."
    found = {e.text: (e.start, e.end) for e in hebrew_entities(text)}
    assert found["טכניון"] == (text.index("טכניון"), text.index("טכניון") + len("טכניון"))
    assert "חיפה" in found
    persian = "شهرداری‌ها در اروپای شرقی"
    spans = [(e.text, persian[e.start:e.end]) for e in persian_entities(persian)]
    assert spans == [("اروپا", "اروپا")]


def test_lists_load_for_both_languages() -> None:
    for lang in ("he", "fa"):
        lists = lexicon(lang)
        assert len(lists.names) > 1000 and len(lists.common) > 5000
        assert lists.titles and lists.org_heads and lists.first


# First names and surnames in no curated list, only in the generated first_/last_LANG.txt.
@pytest.mark.parametrize(("text", "name"), [
    ("אתמול אמרה אוסנת רוזנבליט לכתבנו כי התוכנית תאושר.", "אוסנת רוזנבליט"),
    ("לדברי אביתר סבג, המחירים ימשיכו לעלות.", "אביתר סבג"),
    ("לדברי רון ששון, המחירים ימשיכו לעלות.", "רון ששון"),  # ששון "joy", a surname
    ("به گفته ارسلان کاظمی‌نیا، قیمت‌ها باز هم بالا می‌رود.", "ارسلان کاظمی‌نیا"),
    ("دیروز رضا دانش در جلسه شورای شهر تهران حاضر شد و گفت که بودجه امسال کافی نیست.",
     "رضا دانش"),  # دانش "knowledge"
])
def test_generated_first_names_and_surnames_find_people(text: str, name: str) -> None:
    assert ("PERSON", name) in _names(text)


def test_generated_name_lists_hold_no_stopword_place_or_junk() -> None:
    for lang in ("he", "fa"):
        first, last = (set((DATA_DIR / f"{kind}_{lang}.txt").read_text("utf-8").split())
                       for kind in ("first", "last"))
        assert len(first) > 100 and len(last) > 500
        places = set((DATA_DIR / f"places_{lang}.tsv").read_text("utf-8").splitlines())
        stop = set((DATA_DIR / f"stop_{lang}.txt").read_text("utf-8").split())
        common = lexicon(lang).common
        assert not (first | last) & (places | stop)
        assert not first & common
        assert all(len(set(key)) > 1 for key in first | last)


def _analyze_json(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    parser = argparse.ArgumentParser()
    cli.add_parser(parser.add_subparsers(dest="command"))
    assert cli.run(parser.parse_args(["analyze", str(path), "--json"])) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out.strip())
    return data


def _panel(data: dict[str, object]) -> set[tuple[str, str]]:
    entities = data["entities"]
    assert isinstance(entities, list)
    return {(e["label"], e["text"]) for e in entities if e["label"] in NAMES}


def test_hebrew_seed_shows_names(capsys: pytest.CaptureFixture[str]) -> None:
    panel = _panel(_analyze_json(SEEDS / "sample_he.txt", capsys))
    assert {("PERSON", "נועה ברגר"), ("ORGANIZATION", "משרד התחבורה"),
            ("ORGANIZATION", "עיריית חיפה"), ("ORGANIZATION", "טכניון")} <= panel
    assert all(label != "PERSON" or text == "נועה ברגר" for label, text in panel)


def test_persian_seed_shows_names(capsys: pytest.CaptureFixture[str]) -> None:
    data = _analyze_json(SEEDS / "sample_fa.md", capsys)
    panel = _panel(data)
    assert {("LOCATION", "اصفهان"), ("LOCATION", "زاینده‌رود")} <= panel  # own spelling
    assert ("ORGANIZATION", "شرکت آب منطقه‌ای") in panel
    body = data["body"]
    assert isinstance(body, str)
    for entity in data["entities"]:  # type: ignore[attr-defined]
        for start, end in entity["spans"]:
            assert body[start:end]


def test_own_evaluation_sets_stay_above_the_bar() -> None:
    """The hand-annotated sets (not real news: see evaluate_he_fa) stay above F1 0.40 for
    every type, the issue's bar for real news."""
    data = Path(__file__).resolve().parents[1] / "data"  # the tests' own copy, installed or not
    for name, path in SETS.items():
        counts = score(paragraphs(data / path.name))
        for label in NAMES:
            assert prf(counts[label])[2] >= 0.40, (name, label)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("אבגדהוזחטיכלמנסעפצקרשת ׳״\"'-,.:\n0123456789"
                                             "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیي\u200c،؛")),
               max_size=200))
def test_any_text_gives_spans_inside_it(text: str) -> None:
    for finder in (hebrew_entities, persian_entities):
        for entity in finder(text):
            assert 0 <= entity.start < entity.end <= len(text)
            assert text[entity.start:entity.end] == entity.text


@pytest.mark.parametrize(("text", "name", "label", "count"), [
    ("ד\"ר ענבל גרינשטיין מבית החולים הציגה את המחקר. לדברי גרינשטיין, התוצאות מפתיעות, "
     "וגרינשטיין הוסיפה כי המחקר יימשך.", "ענבל גרינשטיין", "PERSON", 3),
    ("آقای کامبیز نوروزیان در تهران گفت که برنامه ادامه دارد. نوروزیان افزود که در تهران "
     "و اصفهان جلسه‌ای برگزار می‌شود.", "کامبیز نوروزیان", "PERSON", 2),
])
def test_mentions_merge_into_one_panel_entry(text: str, name: str, label: str,
                                             count: int) -> None:
    from reader.model.article import Article
    from reader.nlp import analyze

    entities = analyze(Article(title="", paragraphs=(text,))).entities
    entry = next(e for e in entities if e.text == name)
    assert (entry.label, entry.count) == (label, count)
    assert not [e for e in entities if e.text != name and e.text in name]


@pytest.mark.parametrize(("text", "numbers"), [
    ("עלות הפרויקט מוערכת בכ-85 מיליון שקלים, ו-40 אחוז מהתושבים נוסעים 120 ק\"מ ביום "
     "ומשלמים 300 ש\"ח בחודש.", ["85 מיליון שקלים", "40 אחוז", '120 ק"מ', '300 ש"ח']),
    ("هزینه حدود ۸۰۰ میلیارد ریال است و ۲۵ درصد از آب برای ۱۲۰ هزار مشترک در ۳۰۰ کیلومتر لوله "
     "با ۵۰ هزار تومان تأمین می‌شود.",
     ["۸۰۰ میلیارد ریال", "۲۵ درصد", "۱۲۰ هزار", "۳۰۰ کیلومتر", "۵۰ هزار تومان"]),
])
def test_hebrew_and_persian_numbers_read_with_their_units(text: str, numbers: list[str]) -> None:
    assert [e.text for e in extract_entities(text) if e.label == "NUMBER"] == numbers


@pytest.mark.parametrize("text", ["שר", "השר", 'ד"ר', "آقای", "وزیر", "נגיד הבנק ,"])
def test_a_title_as_the_last_word_is_no_crash(text: str) -> None:
    """A title with nothing after it ("שר" alone raised IndexError: hypothesis found it)."""
    assert hebrew_entities(text) == [] and persian_entities(text) == []


HEBREW_MEETING = (
    "ראש הממשלה בנימין נתניהו נפגש אתמול בירושלים עם שר האוצר כדי לדון בתקציב המדינה לשנת "
    "2025. נגיד הבנק אמר בכנס בתל אביב כי יש לנקוט צעדים מיידיים. ראש הממשלה נפגש גם עם "
    "ראשי ההסתדרות, ואמר כי התקציב יאושר בקרוב.")
PERSIAN_MEETING = (
    "وزیر امور خارجه ایران روز دوشنبه در آنکارا با وزیر خارجه ترکیه دیدار کرد. او افزود که "
    "دو طرف درباره همکاری‌های اقتصادی گفت‌وگو کردند و گفت روابط با همسایگان اولویت دارد. "
    "وزیر خارجه همچنین گفت که همکاری اقتصادی ادامه خواهد یافت.")


@pytest.mark.parametrize(("text", "lang", "function_words"), [
    (HEBREW_MEETING, "he", {"נפגש", "אמר", "אתמול", "יש", "ואמר"}),
    (PERSIAN_MEETING, "fa", {"افزود", "گفت", "کرد", "کردند", "دارد"}),
], ids=["hebrew", "persian"])
def test_own_language_function_words_are_no_keywords(text: str, lang: str,
                                                     function_words: set[str]) -> None:
    """The keyword scorer reads Hebrew and Persian words with the Arabic word model, which once
    let נפגש, אמר and افزود into the list."""
    analysis = analyze(Article(title="", paragraphs=(text,)))
    words = {word for keyword in analysis.keywords for word in keyword.text.split()}
    assert analysis.keywords
    assert not words & function_words


def test_a_persian_word_with_a_non_joiner_is_one_keyword_word() -> None:
    """صرفه‌جویی ("saving") once gave the keyword جویی, برنامه‌ریزی ("planning") ریزی."""
    text = ("اصفهان برای برنامه‌ریزی مصرف آب برنامه‌ای تازه دارد. برنامه‌ریزی تازه بر صرفه‌جویی "
            "و برنامه‌ریزی بازچرخانی آب تکیه می‌کند و کارشناسان گفته‌اند که صرفه‌جویی ممکن است.")
    for lang_text in (text, "The plan. " + text):  # Persian alone, and inside a mixed article
        analysis = analyze(Article(title="", paragraphs=(lang_text,)))
        words = {word for keyword in analysis.keywords for word in keyword.text.split()}
        assert "برنامه‌ریزی" in words
        assert not words & {"ریزی", "جویی", "می‌کند", "کند", "گفته‌اند", "اند"}
    assert [token.text for token in tokenize("صرفه‌جویی")] == ["صرفه‌جویی"]


def test_hebrew_fragments_are_no_keywords() -> None:
    """בכ of בכ-85 ("about 85") once took a slot."""
    text = ("העירייה תשקיע בכ-85 מיליון שקלים בקו האוטובוס. הקו יחבר את הנמל לטכניון, "
            "והעירייה אמרה כי הקו יפחית את זיהום האוויר בכ-20 אחוז בעיר.")
    analysis = analyze(Article(title="", paragraphs=(text,)))
    assert analysis.keywords
    assert all(len(keyword.text) >= 3 for keyword in analysis.keywords)


HEBREW_HOUSING = (
    "הממשלה צפויה לאשר את רפורמת הדיור. לפי התוכנית, הזוגות הצעירים יקבלו מענק דיור, והקבלנים "
    "יבנו דירות קטנות. שר השיכון אמר כי הרפורמה תוריד את מחירי הדיור. כשבתוכנית ייכללו גם דירות "
    "להשכרה, הזוגות הצעירים יקבלו הנחה, והקבלנים יבנו מהר יותר. ושבמסגרת הרפורמה יוקמו שכונות "
    "חדשות, הקבלנים יבנו אלפי דירות, ומחירי הדיור ירדו.")
HEBREW_BUDGET = (
    "הממשלה דנה בתקציב הביטחון. ושבתקציב הביטחון יש גידול, אמר השר. וכשבתקציב הביטחון חסר כסף, "
    "המדינה לוותה. ושבתקציב החינוך יש קיצוץ. ושבתקציב הבריאות אין שינוי. הוויכוח על התקציב "
    "נמשך, והשרים יצביעו על תקציב הביטחון בשבוע הבא.")


def _keyword_words(text: str) -> list[str]:
    analysis = analyze(Article(title="", paragraphs=(text,)))
    assert analysis.keywords
    return [word for keyword in analysis.keywords for word in keyword.text.split()]


def test_hebrew_future_verbs_and_stacked_prefixes_are_no_keyword_words() -> None:
    """יקבלו, יבנו ("will get", "will build") once ended keyword phrases (הזוגות הצעירים
    יקבלו), ושבתקציב ("and that in the budget") and והקבלנים were keywords as written."""
    words = _keyword_words(HEBREW_HOUSING) + _keyword_words(HEBREW_BUDGET)
    assert not set(words) & {"יקבלו", "יבנו", "יצביעו", "ייכללו", "תוריד"}
    assert not [word for word in words if word.startswith(("וש", "וכש", "וה"))]
    assert "הזוגות הצעירים" in {k.text for k in analyze(
        Article(title="", paragraphs=(HEBREW_HOUSING,))).keywords}


@pytest.mark.parametrize(("word", "verb"), [
    *((word, True) for word in ("יקבלו", "יבנה", "תאשר", "יגיע", "יתקיימו", "ימשיכו", "נמשיך",
                                "יפעל")),
    *((word, False) for word in ("תרבות", "תשלום", "תוכנית", "תקציב", "ישראל", "נשים", "ימים",
                                 "תחבורה", "ילדים", "נתניהו", "תגובה")),
])
def test_hebrew_future_verb_shape(word: str, verb: bool) -> None:
    assert future_verb(word, lexicon("he")) is verb


def test_persian_keyword_words_lose_their_ezafe() -> None:
    """توسعه‌ی ("development of") was a keyword word beside توسعه."""
    text = ("برنامه‌ی توسعه‌ی هفتم در مجلس تصویب شد. توسعه‌ی صنعتی و توسعه‌ی کشاورزی از اهداف "
            "برنامه‌ی هفتم است. نماینده‌ی مجلس گفت که بودجه‌ی توسعه‌ی صنعتی افزایش می‌یابد و "
            "توسعهٔ کشاورزی ادامه دارد.")
    words = _keyword_words(text)
    assert "برنامه" in words
    assert not [word for word in words if word.endswith(("\u200cی", "\u0654"))]
