"""parse_date: both Arabic month-name sets, Eastern Arabic and Persian digits, ISO, English."""

from __future__ import annotations

from datetime import date

import pytest

from reader.parsing import parse_date

GREGORIAN = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
             "أكتوبر", "نوفمبر", "ديسمبر"]  # fmt: skip
LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
             "تشرين الأول", "تشرين الثاني", "كانون الأول"]  # fmt: skip


@pytest.mark.parametrize(("month", "name"), enumerate(GREGORIAN, start=1))
def test_gregorian_month_names(month: int, name: str) -> None:
    assert parse_date(f"15 {name} 2024") == date(2024, month, 15)


@pytest.mark.parametrize(("month", "name"), enumerate(LEVANTINE, start=1))
def test_levantine_month_names(month: int, name: str) -> None:
    assert parse_date(f"15 {name} 2024") == date(2024, month, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06 ديسمبر 2024", date(2024, 12, 6)),
        ("٠٦ ديسمبر ٢٠٢٤", date(2024, 12, 6)),
        ("۰۶ دسامبر ۲۰۲۴", date(2024, 12, 6)),
        ("الجمعة ٦ كانون الأول ٢٠٢٤", date(2024, 12, 6)),
        ("6 ديسمبر (كانون الأول) 2024", date(2024, 12, 6)),
        ("2024-12-06", date(2024, 12, 6)),
        ("2024-12-06T09:30:00+02:00", date(2024, 12, 6)),
        ("06/12/2024", date(2024, 12, 6)),
        ("December 6, 2024", date(2024, 12, 6)),
        ("6 Dec 2024", date(2024, 12, 6)),
        ("Friday, 6th December 2024", date(2024, 12, 6)),
        ("6 בדצמבר 2024", date(2024, 12, 6)),
        ("14 شباط، 2019", date(2019, 2, 14)),
        ("1 ابريل 2020", date(2020, 4, 1)),
    ],
)
def test_date_styles(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["", "no date here", "2024-13-40", "31 فبراير 2024", "ديسمبر 2024"]
)
def test_no_date(text: str) -> None:
    assert parse_date(text) is None
