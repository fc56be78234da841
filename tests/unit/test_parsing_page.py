"""The scraped news-page format: metadata kept, page chrome dropped, body paragraphs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reader.parsing import load_article
from reader.parsing.page import (
    DateLine,
    is_chrome,
    is_date_line,
    is_page,
    is_source_line,
    parse_page,
    parse_plain,
    read_date_line,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "parsing"

TITLE = "وفد أممي يزور محطة مياه في ريف دمشق"
PAGE = f"""{TITLE}
{TITLE}
حول العالم
06 ديسمبر 2024
كوردستريت || متابعات
+ = -
قالت مصادر محلية إن الوفد اطلع على أعمال الصيانة في المحطة.

وأضافت أن 200 سيارة نقلت معدات إلى حمص والسويداء خلال الأسبوع.
وأكد المبعوث في حديث لـ"رويترز" أهمية القرار 2254.
(شارك هذا الموضوع على التواصل الاجتماعي)
آخر التحديثات
5 تعليقات
"""
BODY = (
    "قالت مصادر محلية إن الوفد اطلع على أعمال الصيانة في المحطة.",
    "وأضافت أن 200 سيارة نقلت معدات إلى حمص والسويداء خلال الأسبوع.",
    'وأكد المبعوث في حديث لـ"رويترز" أهمية القرار 2254.',
)


@pytest.fixture
def page_path(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_page_is_detected() -> None:
    assert is_page(PAGE)
    assert not is_page("A title\n\nA paragraph with no date.\n")


def test_title(page_path: Path) -> None:
    assert load_article(page_path).title == TITLE


def test_category(page_path: Path) -> None:
    assert load_article(page_path).category == "حول العالم"


def test_date(page_path: Path) -> None:
    assert load_article(page_path).published == date(2024, 12, 6)


def test_source_and_kind(page_path: Path) -> None:
    article = load_article(page_path)
    assert (article.source, article.kind) == ("كوردستريت", "متابعات")


def test_body_paragraphs(page_path: Path) -> None:
    article = load_article(page_path)
    assert article.paragraphs == BODY
    assert article.extra["format"] == "page"


def test_repeated_title_is_dropped(page_path: Path) -> None:
    assert TITLE not in load_article(page_path).paragraphs


@pytest.mark.parametrize(
    "line",
    [
        "+ = -",
        "- = +",
        "+ -",
        "12",
        "١٢",
        "5 تعليقات",
        "1 تعليق",
        "(شارك هذا الموضوع على التواصل الاجتماعي)",
        "شارك هذا الموضوع على التواصل الاجتماعي",
        "آخر التحديثات",
    ],
)
def test_chrome_line_is_dropped(line: str) -> None:
    assert is_chrome(line)
    text = f"{TITLE}\n06 ديسمبر 2024\n{line}\nفقرة الخبر الوحيدة.\n{line}\n"
    assert parse_page(text).paragraphs == ["فقرة الخبر الوحيدة."]


@pytest.mark.parametrize(
    "line",
    ["قالت الوزارة إن 12 مشروعاً بدأ.", "حول العالم", "وفد أممي يزور محطة مياه"],
)
def test_ordinary_lines_are_not_chrome(line: str) -> None:
    assert not is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "06 ديسمبر 2024",
        "الجمعة 06 ديسمبر 2024",
        "الجمعة، ٦ كانون الأول ٢٠٢٤ - 10:30",
        "2024-12-06",
        "نشر في 06/12/2024",
    ],
)
def test_date_lines(line: str) -> None:
    assert is_date_line(line)


def test_a_sentence_mentioning_a_date_is_not_a_date_line() -> None:
    assert not is_date_line("اختتم المؤتمر أعماله يوم 8 كانون الأول 2024 بإصدار توصيات عدة")


def test_header_in_another_order() -> None:
    article = load_article(FIXTURES / "page_reordered.txt")
    assert article.title.startswith("نص تجريبي: عنوان خبر")
    assert article.category == "اقتصاد"
    assert article.published == date(2023, 10, 11)
    assert (article.source, article.kind) == ("عينة / sample", "تقارير")
    assert len(article.paragraphs) == 2
    assert article.paragraphs[0].startswith("هذه فقرة أولى")


def test_plain_text_lines_are_paragraphs() -> None:
    draft = parse_plain("\n\nTitle\nFirst line.\nSecond line.\n")
    assert draft.title == "Title"
    assert draft.paragraphs == ["First line.", "Second line."]


def test_plain_text_blocks_are_joined() -> None:
    draft = parse_plain("Title\n\nOne wrapped\nparagraph.\n\nAnother   one.\n")
    assert draft.paragraphs == ["One wrapped paragraph.", "Another one."]


# The real seed's layout (seeds/000_eb7556d38df37801.txt) and the variants the same kind of site
# writes: the category, date and comment count on one line, the title repeated after it.
REAL_BODY = (
    "تشهد سوريا تطورات ميدانية وسياسية متسارعة في الجنوب.",
    "وفي السويداء، أعلنت الفصائل سيطرتها الكاملة على المحافظة.",
)


def _real_layout(date_line: str, byline: str = "كوردستريت || متابعات", *,
                 trailer: str = "(شارك هذا الموضوع على التواصل الاجتماعي)\nآخر التحديثات") -> str:
    header = f"{TITLE}\n\n{date_line}\n{TITLE}\n+ = -\n\n{byline} \u00a0\n\n" if date_line else (
        f"{TITLE}\n{TITLE}\n+ = -\n\n{byline}\n\n")
    return header + "\n\n".join(REAL_BODY) + f"\n\n\u00a0\n\n{trailer}\n"


@pytest.mark.parametrize(
    ("date_line", "category"),
    [
        ("حول العالم 06 ديسمبر 2024 0", "حول العالم"),
        ("حول العالم 06 ديسمبر 2024", "حول العالم"),  # no comment count
        ("06 ديسمبر 2024 12", ""),  # no category
        ("حول العالم ٠٦ ديسمبر ٢٠٢٤ ٣", "حول العالم"),  # Arabic-Indic digits
        ("حول العالم 06 كانون الأول 2024 0", "حول العالم"),  # Levantine month name
        ("حول العالم 06 كانون الأول / ديسمبر 2024 0", "حول العالم"),  # both names
        ("حول العالم | 06 ديسمبر 2024 - 14:35", "حول العالم"),  # separators and a time
        ("سياسة الجمعة، ٦ كانون الأول ٢٠٢٤ - ١٠:٣٠ م 5 تعليقات", "سياسة"),
        ("نشر في 06/12/2024", ""),
    ],
)
def test_real_layout_variants(date_line: str, category: str) -> None:
    draft = parse_page(_real_layout(date_line))
    assert draft.title == TITLE
    assert draft.published == date(2024, 12, 6)
    assert draft.category == category
    assert (draft.source, draft.kind) == ("كوردستريت", "متابعات")
    assert draft.paragraphs == list(REAL_BODY)


@pytest.mark.parametrize(
    ("byline", "source", "kind"),
    [
        ("كوردستريت || متابعات", "كوردستريت", "متابعات"),
        ("كوردستريت | متابعات", "كوردستريت", "متابعات"),
        ("كوردستريت - متابعات", "كوردستريت", "متابعات"),
        ("خاص - كوردستريت", "كوردستريت", "خاص"),
        ("المصدر: كوردستريت", "كوردستريت", ""),
        ("كوردستريت ||", "كوردستريت", ""),
    ],
)
def test_byline_forms(byline: str, source: str, kind: str) -> None:
    draft = parse_page(_real_layout("حول العالم 06 ديسمبر 2024 0", byline))
    assert (draft.source, draft.kind) == (source, kind)
    assert draft.paragraphs == list(REAL_BODY)


@pytest.mark.parametrize(
    "line",
    [
        "عاجل: انهيار النظام السوري",
        "سوريا - الأسد يغادر دمشق",
        "دمشق - قال مصدر ميداني إن القوات انسحبت.",
    ],
)
def test_titles_and_datelines_with_separators_are_not_bylines(line: str) -> None:
    assert not is_source_line(line)


def test_a_body_line_with_a_separator_stays_in_the_body() -> None:
    text = f"{TITLE}\n06 ديسمبر 2024\nدمشق - قال مصدر ميداني إن القوات انسحبت.\nعاجل: فقرة ثانية.\n"
    assert parse_page(text).paragraphs == ["دمشق - قال مصدر ميداني إن القوات انسحبت.",
                                           "عاجل: فقرة ثانية."]


def test_title_with_a_colon_is_kept() -> None:
    title = "عاجل: انهيار متسارع"
    draft = parse_page(f"{title}\nحول العالم 06 ديسمبر 2024 0\n{title}\nالفقرة الأولى من الخبر.\n")
    assert draft.title == title
    assert draft.paragraphs == ["الفقرة الأولى من الخبر."]


def test_a_page_with_no_chrome_keeps_every_paragraph() -> None:
    text = f"{TITLE}\n06 ديسمبر 2024\n\n" + "\n\n".join(REAL_BODY) + "\n"
    draft = parse_page(text)
    assert (draft.title, draft.published) == (TITLE, date(2024, 12, 6))
    assert draft.paragraphs == list(REAL_BODY)


def test_headlines_under_a_trailer_heading_are_dropped() -> None:
    trailer = "آخر التحديثات\nعنوان خبر آخر في الموقع\nعنوان خبر ثالث"
    draft = parse_page(_real_layout("حول العالم 06 ديسمبر 2024 0", trailer=trailer))
    assert draft.paragraphs == list(REAL_BODY)


def test_body_text_after_a_trailer_heading_in_the_middle_is_kept() -> None:
    text = (f"{TITLE}\n06 ديسمبر 2024\nالفقرة الأولى من الخبر.\nاقرأ أيضاً:\n"
            "الفقرة الثانية من الخبر تقول شيئاً آخر.\n")
    assert parse_page(text).paragraphs == ["الفقرة الأولى من الخبر.",
                                           "الفقرة الثانية من الخبر تقول شيئاً آخر."]


@pytest.mark.parametrize(
    "line",
    ["اختتم المؤتمر أعماله يوم 8 كانون الأول 2024 بإصدار توصيات عدة",
     "في 06 ديسمبر 2024 أعلنت الفصائل السيطرة على المحافظة",
     "أعلنت الفصائل المعارضة والقوات المحلية في الجنوب 06 ديسمبر 2024"],
)
def test_sentences_with_dates_are_not_date_lines(line: str) -> None:
    assert not is_date_line(line)


def test_read_date_line_gives_the_category() -> None:
    found = read_date_line("حول العالم 06 ديسمبر 2024 0")
    assert found == DateLine(date(2024, 12, 6), "حول العالم")
    assert read_date_line("الجمعة 06 ديسمبر 2024") == DateLine(date(2024, 12, 6), "")


@pytest.mark.parametrize(
    "line",
    ["اقرأ أيضاً:", "أخبار ذات صلة", "الأكثر قراءة", "شارك الخبر", "شارك:", "طباعة", "A+ A-",
     "Share this:", "Related articles", "(٣ تعليقات)"],
)
def test_other_sites_chrome_is_dropped(line: str) -> None:
    assert is_chrome(line)
    text = f"{TITLE}\n06 ديسمبر 2024\nفقرة الخبر الوحيدة.\n{line}\n"
    assert parse_page(text).paragraphs == ["فقرة الخبر الوحيدة."]
