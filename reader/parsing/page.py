"""Plain-text articles: the scraped news-page layout, and any other ``.txt``.

A scraped page looks like this (line order in the header may vary)::

    <title>
    <title, repeated>
    حول العالم                      <- category: a short line before the date
    06 ديسمبر 2024                  <- date line (any style parse_date reads, maybe a weekday)
    كوردستريت || متابعات            <- source || kind
    + = -                           <- font-size widget (chrome)
    <paragraph>
    ...
    (شارك هذا الموضوع على التواصل الاجتماعي)   <- chrome
    آخر التحديثات                   <- chrome
    12                              <- comment count (chrome)
"""

from __future__ import annotations

import re

from reader.parsing.common import Draft, blocks, clean, nonempty_lines
from reader.parsing.dates import find_date, fold

HEADER_LINES = 8
_CATEGORY_MAX_WORDS = 4
_CATEGORY_MAX_CHARS = 40

_WIDGET = re.compile(r"^(?=.*[+\-−–])[Aa]?[+\-=−–](?:\s*[Aa]?[+\-=−–])+$|^[Aa][+\-]\s+[Aa][+\-]$")
_COMMENTS = re.compile(
    r"^\(?\d+\)?\s*(?:تعليق|تعليقات|comments?|תגובות|תגובה|نظر)?$", re.IGNORECASE
)
_SHARE = re.compile(r"^شارك\s+(?:هذا\s+)?(?:الموضوع|الخبر|المقال)(?:\s+عل[يى]\s+.*)?$")
_UPDATES = re.compile(r"^اخر\s+التحديثات\s*:?$")
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm|ص|م)?", re.IGNORECASE)
_FILLER_WORDS = """
نشر في بتاريخ تاريخ النشر اخر تحديث الساعة منذ published updated on at posted
الاحد الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت
sunday monday tuesday wednesday thursday friday saturday
יום ראשון שני שלישי רביעי חמישי שישי שבת
يكشنبه دوشنبه سه شنبه چهارشنبه پنجشنبه جمعه
"""
_FILLER = frozenset(fold(word) for word in _FILLER_WORDS.split())


def is_chrome(line: str) -> bool:
    """A line of page furniture: size widget, share prompt, latest-updates heading, comments."""
    folded = fold(line).strip()
    bare = folded.strip("()[]{}«» ")
    return bool(
        _WIDGET.match(folded)
        or _COMMENTS.match(folded)
        or _SHARE.match(bare)
        or _UPDATES.match(bare)
    )


def is_date_line(line: str) -> bool:
    """A short line that is a date, maybe with a weekday, a time or 'published on'."""
    found = find_date(line)
    if found is None or len(line) > 80:
        return False
    rest = fold(line[: found.start] + " " + line[found.end :]).lower()
    words = re.findall(r"[^\W\d_]+", _TIME.sub(" ", rest))
    return len([word for word in words if word not in _FILLER]) <= 1


def is_source_line(line: str) -> bool:
    """A ``source || kind`` line."""
    return "||" in line


def is_page(text: str) -> bool:
    """Does this text look like a scraped news page (a date or `||` line in its header)?"""
    header = nonempty_lines(text)[:HEADER_LINES]
    return any(is_source_line(line) or is_date_line(line) for line in header)


def parse_page(text: str) -> Draft:
    """Split a scraped page into title, metadata and body paragraphs, dropping the chrome."""
    lines = [line for line in nonempty_lines(text) if not is_chrome(line)]
    header_end = _header_end(lines)
    draft = Draft(title=_find_title(lines, header_end))
    for index, line in enumerate(lines):
        if index < header_end and _take_metadata(draft, line):
            continue
        if _same(line, draft.title):
            continue
        draft.paragraphs.append(line)
    return draft


def _header_end(lines: list[str]) -> int:
    """Index just past the last date or source line within the first lines."""
    end = 0
    for index, line in enumerate(lines[:HEADER_LINES]):
        if is_source_line(line) or is_date_line(line):
            end = index + 1
    return end


def _find_title(lines: list[str], header_end: int) -> str:
    """The repeated line in the header if there is one, else the first long-enough text line."""
    texts = [line for line in lines[: max(header_end, 1)] if not _is_meta(line)]
    for index, line in enumerate(texts):
        if any(_same(line, other) for other in texts[index + 1 :]):
            return line
    if len(texts) > 1 and _is_short(texts[0]) and not _is_short(texts[1]):
        return texts[1]  # a category line came first
    if texts:
        return texts[0]
    rest = [line for line in lines if not _is_meta(line)]
    return rest[0] if rest else ""


def _take_metadata(draft: Draft, line: str) -> bool:
    """Record a header line as metadata if it is one; True when it was consumed."""
    if is_source_line(line):
        parts = [clean(part) for part in line.split("||")]
        draft.source = draft.source or parts[0]
        draft.kind = draft.kind or (parts[1] if len(parts) > 1 else "")
        if len(parts) > 2:
            draft.extra["source_line"] = line
        return True
    if is_date_line(line):
        found = find_date(line)
        if draft.published is None and found is not None:
            draft.published = found.value
            draft.extra["date_text"] = line
        return True
    if not draft.category and not _same(line, draft.title) and _is_short(line):
        draft.category = line
        return True
    return False


def _is_meta(line: str) -> bool:
    return is_source_line(line) or is_date_line(line)


def _is_short(line: str) -> bool:
    return (
        len(line.split()) <= _CATEGORY_MAX_WORDS
        and len(line) <= _CATEGORY_MAX_CHARS
        and not line.rstrip().endswith((".", "!", "؟", "?", ":"))
    )


def _same(first: str, second: str) -> bool:
    return bool(second) and clean(first) == clean(second)


def parse_plain(text: str) -> Draft:
    """Any other text file: first line the title; paragraphs by blank lines or by lines."""
    raw = text.split("\n")
    while raw and not raw[0].strip():
        raw.pop(0)
    if not raw:
        return Draft()
    title, body = clean(raw[0]), raw[1:]
    grouped = blocks(body)
    if len(grouped) > 1:
        return Draft(title=title, paragraphs=[" ".join(block) for block in grouped])
    return Draft(title=title, paragraphs=[line for block in grouped for line in block])
