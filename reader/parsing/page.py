"""Plain-text articles: the scraped news-page layout, and any other ``.txt``.

A scraped page looks like this (line order in the header varies from site to site)::

    <title>
    حول العالم 06 ديسمبر 2024 0     <- category, date (maybe a time) and comment count on one
                                       line; or the category and the date on lines of their own
    <title, repeated>
    + = -                           <- font-size widget (chrome)
    كوردستريت || متابعات            <- byline: source || kind (also `|`, ` - ` or `:`)
    <paragraph>
    ...
    (شارك هذا الموضوع على التواصل الاجتماعي)   <- chrome
    آخر التحديثات                   <- chrome: a trailer heading; the headlines after it go too
    12                              <- comment count (chrome)

Only the header (the first lines) is read for metadata; a body line is never taken for a date
or a byline, and a body line is dropped only when it is page furniture on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from reader.parsing.common import Draft, blocks, clean, nonempty_lines
from reader.parsing.dates import find_date, fold

HEADER_LINES = 8
_CATEGORY_MAX_WORDS = 4
_CATEGORY_MAX_CHARS = 40
_DATE_LINE_MAX_CHARS = 80
_BYLINE_PART_MAX_WORDS = 3
_HEADLINE_MAX_WORDS = 16
_SENTENCE_END = (".", "!", "؟", "?", "…", ":", "؛")

_WIDGET = re.compile(r"^(?=.*[+\-−–])[Aa]?[+\-=−–](?:\s*[Aa]?[+\-=−–])+$|^[Aa][+\-]\s+[Aa][+\-]$")
_COMMENT_WORDS = r"(?:تعليق|تعليقات|comments?|תגובות|תגובה|نظر)"
_COMMENTS = re.compile(rf"^\(?\d+\)?\s*{_COMMENT_WORDS}?$", re.IGNORECASE)
_SHARE = re.compile(
    r"^(?:شارك|انشر)\s+(?:هذا\s+)?(?:الموضوع|الخبر|المقال|المقاله)(?:\s+عل[يى]\s+.*)?:?$"
    r"|^(?:share(?:\s+this(?:\s+article)?)?|مشاركه|شارك|طباعه|print)\s*:?$",
    re.IGNORECASE,
)
# Headings of the lists a page puts after the article: what follows them is other articles.
_TRAILER = re.compile(
    r"^(?:اخر\s+التحديثات|اخر\s+الاخبار|اقرا\s+ايضا|اقرا\s+المزيد|اخبار\s+ذات\s+صله"
    r"|مواضيع\s+ذات\s+صله|مقالات\s+ذات\s+صله|الاكثر\s+قراءه|read\s+(?:also|more)"
    r"|related(?:\s+(?:articles|news))?|latest\s+(?:news|updates))\s*:?$",
    re.IGNORECASE,
)
_MARKS = re.compile("[\u064b-\u0652\u0640]")
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm|ص|م)?(?!\w)", re.IGNORECASE)
_TRAILING_COUNT = re.compile(rf"^\(?\d{{1,6}}\)?(?:\s*{_COMMENT_WORDS})?$", re.IGNORECASE)
_SEPARATORS = " \t|-–—:·•،,/()"
_FILLER_WORDS = """
نشر في بتاريخ تاريخ النشر اخر تحديث الساعه منذ published updated on at posted
الاحد الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت
sunday monday tuesday wednesday thursday friday saturday
יום ראשון שני שלישי רביעי חמישי שישי שבת
يكشنبه دوشنبه سه شنبه چهارشنبه پنجشنبه جمعه
"""
_FILLER = frozenset(fold(word) for word in _FILLER_WORDS.split())
# "المصدر: كوردستريت", "بقلم - فلان": the part after such a word is the byline itself.
_BYLINE_LABELS = frozenset(
    fold(word)
    for word in ("المصدر", "مصدر", "بقلم", "كتب", "كتبه", "اعداد", "source", "by", "from")
)
# Kinds of piece a byline names beside the outlet.
_KINDS = frozenset(
    fold(word)
    for word in (
        "متابعات", "متابعة", "خاص", "وكالات", "تقارير", "تقرير", "ترجمة", "رأي", "مقالات", "مقال",
        "تحليل", "اخبار", "بيان", "agencies", "staff", "exclusive", "report", "opinion",
        "analysis", "wires",
    )
)
# Strongest first: "عينة / sample || متابعات" is split at `||`, never at `/`.
_BYLINE_SEPARATORS = (re.compile(r"\|\|"), re.compile(r"\|"), re.compile(r"\s[-–—]\s"),
                      re.compile(r":\s"))


@dataclass(frozen=True)
class DateLine:
    """A header line that carries the date, and the category written before it, if any."""

    published: date
    category: str = ""


@dataclass(frozen=True)
class Byline:
    """A ``source || kind`` header line: the outlet (or author) and the kind of piece."""

    source: str
    kind: str = ""


def is_chrome(line: str) -> bool:
    """A line of page furniture: size widget, share prompt, trailer heading, comment count."""
    folded = _bare(line)
    bare = folded.strip("()[]{}«» ")
    return bool(
        _WIDGET.match(folded) or _COMMENTS.match(bare) or _SHARE.match(bare) or is_trailer(line)
    )


def is_trailer(line: str) -> bool:
    """A heading such as ``آخر التحديثات`` or ``اقرأ أيضاً`` over the page's other articles."""
    return bool(_TRAILER.match(_bare(line).strip("()[]{}«» ")))


def _bare(line: str) -> str:
    """The line folded, without harakat and tatweel: ``اقرأ أيضاً`` reads ``اقرا ايضا``."""
    return _MARKS.sub("", fold(line)).strip()


def read_date_line(line: str) -> DateLine | None:
    """The date of a header line such as ``حول العالم 06 ديسمبر 2024 0`` or
    ``الجمعة، ٦ كانون الأول ٢٠٢٤ - 10:30``; None for any other line.

    Around the date there may be a weekday, a time, "published on", a comment count at the end
    and a short category at the start, nothing else: a sentence that mentions a date is no
    date line.
    """
    found = find_date(line)
    if found is None or len(line) > _DATE_LINE_MAX_CHARS:
        return None
    before = _meaningful_words(line[: found.start])
    after = _meaningful_words(_without_count(_TIME.sub(" ", fold(line[found.end :]))))
    if after or len(before) > _CATEGORY_MAX_WORDS:
        return None
    category = " ".join(before)
    if category.endswith(_SENTENCE_END):
        return None
    return DateLine(found.value, category)


def is_date_line(line: str) -> bool:
    """A short line that is a date, maybe with a weekday, a time, a category or a count."""
    return read_date_line(line) is not None


def read_byline(line: str) -> Byline | None:
    """``كوردستريت || متابعات`` as a byline; None for any other line.

    ``||`` makes a byline on its own. A lighter separator (``|``, `` - ``, ``: ``) is common in
    titles ("عاجل: ..."), so it makes a byline only between a few words on each side, one of
    them a kind of piece (``كوردستريت | متابعات``, ``خاص - كوردستريت``) or a label
    (``المصدر: كوردستريت``); the source is the side that is not the kind or the label.
    """
    for number, separator in enumerate(_BYLINE_SEPARATORS):
        parts = [clean(part) for part in separator.split(line)]
        if len(parts) < 2:
            continue
        if number == 0:
            parts = [part for part in parts if part]
            return _byline(parts) if parts else None
        if len(parts) == 2 and all(_is_byline_part(part) for part in parts):
            return _byline(parts, strict=True)
        return None
    return None


def _byline(parts: list[str], *, strict: bool = False) -> Byline | None:
    first, *rest = parts
    second = rest[0] if rest else ""
    if _folded(first) in _BYLINE_LABELS and second:
        return Byline(second)
    if _folded(first) in _KINDS and second and _folded(second) not in _KINDS:
        return Byline(second, first)
    if strict and _folded(second) not in _KINDS:
        return None
    return Byline(first, second)


def _folded(text: str) -> str:
    return fold(text).lower()


def is_source_line(line: str) -> bool:
    """A byline: ``source || kind`` or one of its lighter forms."""
    return read_byline(line) is not None


def is_page(text: str) -> bool:
    """Does this text look like a scraped news page (a date line or a byline in its header)?"""
    header = nonempty_lines(text)[:HEADER_LINES]
    return any("||" in line or is_date_line(line) for line in header)


def parse_page(text: str) -> Draft:
    """Split a scraped page into title, metadata and body paragraphs, dropping the chrome."""
    lines = _without_trailers([line for line in nonempty_lines(text) if not _is_furniture(line)])
    header_end = _header_end(lines)
    draft = Draft(title=_find_title(lines, header_end))
    for index, line in enumerate(lines):
        if index < header_end and _take_metadata(draft, line):
            continue
        if _same(line, draft.title):
            continue
        draft.paragraphs.append(line)
    return draft


def _is_furniture(line: str) -> bool:
    return is_chrome(line) and not is_trailer(line)


def _without_trailers(lines: list[str]) -> list[str]:
    """Lines without trailer headings and the other articles' headlines listed under them.

    A line after a trailer that reads like a sentence (long, or ending like one) is kept: it is
    body text, and a trailer in the middle of the body only loses its own line.
    """
    kept: list[str] = []
    in_trailer = False
    for line in lines:
        if is_trailer(line):
            in_trailer = True
            continue
        if in_trailer and _is_headline(line):
            continue
        in_trailer = False
        kept.append(line)
    return kept


def _is_headline(line: str) -> bool:
    return len(line.split()) <= _HEADLINE_MAX_WORDS and not line.endswith(_SENTENCE_END)


def _header_end(lines: list[str]) -> int:
    """Index just past the last date line or byline within the first lines."""
    end = 0
    for index, line in enumerate(lines[:HEADER_LINES]):
        if _is_meta(line):
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
    byline = read_byline(line)
    if byline is not None and not _same(line, draft.title):
        draft.source = draft.source or byline.source
        draft.kind = draft.kind or byline.kind
        draft.extra.setdefault("source_line", line)
        return True
    dated = read_date_line(line)
    if dated is not None:
        if draft.published is None:
            draft.published = dated.published
            draft.extra["date_text"] = line
        draft.category = draft.category or dated.category
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
        and not line.rstrip().endswith(_SENTENCE_END)
    )


def _is_byline_part(part: str) -> bool:
    words = part.split()
    return 0 < len(words) <= _BYLINE_PART_MAX_WORDS and not part.endswith(_SENTENCE_END)


def _meaningful_words(text: str) -> list[str]:
    """The words of ``text`` that are neither filler ("نشر في", a weekday) nor separators."""
    words = (word.strip(_SEPARATORS) for word in text.split())
    return [word for word in words if word and fold(word).lower() not in _FILLER]


def _without_count(text: str) -> str:
    """``text`` (what follows a date) without a comment count at its end."""
    rest = text.strip(_SEPARATORS)
    words = rest.split()
    for size in (2, 1):
        if len(words) >= size and _TRAILING_COUNT.match(" ".join(words[-size:])):
            return " ".join(words[:-size])
    return rest


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
