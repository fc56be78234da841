"""Dates as news pages write them: Arabic (both month-name sets), Hebrew, Persian, English, ISO.

Eastern Arabic (٠–٩) and Persian (۰–۹) digits are read like ASCII digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_DIGITS = {ord("٠") + i: str(i) for i in range(10)} | {ord("۰") + i: str(i) for i in range(10)}
# One character for one character, so match offsets stay valid in the original text.
_LETTERS: dict[int, str] = {ord(c): "ا" for c in "أإآٱ"} | {ord(c): "ي" for c in "ىی"}
_FOLD = str.maketrans(_DIGITS | _LETTERS | {ord("ک"): "ك", ord("ة"): "ه"})

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("يناير", "كانون الثاني", "كانون ثاني", "جانفي", "january", "jan", "ינואר", "ژانويه"),
    2: ("فبراير", "شباط", "فيفري", "february", "feb", "פברואר", "فوريه"),
    3: ("مارس", "اذار", "march", "mar", "מרץ"),
    4: ("ابريل", "نيسان", "افريل", "april", "apr", "אפריל", "اوريل"),
    5: ("مايو", "ايار", "ماي", "may", "מאי", "مه"),
    6: ("يونيو", "يونيه", "حزيران", "جوان", "june", "jun", "יוני", "ژوئن"),
    7: ("يوليو", "يوليه", "تموز", "جويليه", "july", "jul", "יולי", "ژوئيه"),
    8: ("اغسطس", "اب", "اوت", "august", "aug", "אוגוסט"),
    9: ("سبتمبر", "ايلول", "september", "sept", "sep", "ספטמבר", "سپتامبر"),
    10: ("اكتوبر", "تشرين الاول", "تشرين اول", "october", "oct", "אוקטובר", "اكتبر"),
    11: ("نوفمبر", "تشرين الثاني", "تشرين ثاني", "november", "nov", "נובמבר", "نوامبر"),
    12: ("ديسمبر", "كانون الاول", "كانون اول", "december", "dec", "דצמבר", "دسامبر"),
}
_MONTH_OF = {name: month for month, names in _MONTH_NAMES.items() for name in names}
_MONTHS = "|".join(
    re.escape(name).replace(r"\ ", r"\s+") for name in sorted(_MONTH_OF, key=len, reverse=True)
)
_ORDINAL = r"(?:st|nd|rd|th)?"
# The other name of the month, as pages in the Levant and the Gulf write both:
# "ديسمبر (كانون الأول) 2024", "كانون الأول / ديسمبر 2024", "كانون الأول - ديسمبر 2024".
_ASIDE = rf"(?:\s*\([^()\d]{{1,24}}\)|\s*[/|\-–]\s*(?:{_MONTHS})(?!\w))?"
_PATTERNS = (
    re.compile(r"(?<!\d)(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})(?!\d)"),
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}}){_ORDINAL}\.?\s*(?:[-/]\s*)?(?:of\s+)?(?:ב-?)?"
        rf"(?P<name>{_MONTHS})(?!\w)\.?{_ASIDE}\s*[,،\-/]?\s*(?P<y>\d{{4}})(?!\d)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?<!\w)(?P<name>{_MONTHS})(?!\w)\.?{_ASIDE}\s+(?P<d>\d{{1,2}}){_ORDINAL}"
        rf"\s*[,،]?\s*(?P<y>\d{{4}})(?!\d)",
        re.IGNORECASE,
    ),
)


@dataclass(frozen=True)
class DateMatch:
    """A date found in a text, and where: ``text[start:end]``."""

    value: date
    start: int
    end: int


def fold(text: str) -> str:
    """Digits to ASCII, hamza and yeh forms unified: same length as the input."""
    return text.translate(_FOLD)


def parse_date(text: str) -> date | None:
    """The first date written in ``text``, or None.

    ``parse_date('06 ديسمبر 2024')`` is ``date(2024, 12, 6)``; also ``٦ كانون الأول ٢٠٢٤``,
    ``2024-12-06``, ``December 6, 2024``, ``6 בדצמבר 2024`` and ``06/12/2024`` (day first).
    """
    found = find_date(text)
    return found.value if found else None


def find_date(text: str) -> DateMatch | None:
    """Like :func:`parse_date`, with the span of the match."""
    folded = fold(text)
    best: DateMatch | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            value = _to_date(match)
            if value is not None:
                if best is None or match.start() < best.start:
                    best = DateMatch(value, match.start(), match.end())
                break
    return best


def _to_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    year, day = int(groups["y"]), int(groups["d"])
    if groups.get("name"):
        month = _MONTH_OF[re.sub(r"\s+", " ", groups["name"].lower())]
    else:
        month = int(groups["m"])
        if month > 12 and day <= 12 and "/" in match.group():  # US order, 12/25/2024
            day, month = month, day
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
