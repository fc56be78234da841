"""The scraped news-page format: metadata kept, page chrome dropped, body paragraphs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reader.parsing import load_article
from reader.parsing.page import is_chrome, is_date_line, is_page, parse_page, parse_plain

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
