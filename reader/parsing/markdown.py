"""Markdown articles: optional front matter, title from the first ``# `` heading, plain text out."""

from __future__ import annotations

import re

from reader.parsing.common import Draft, clean
from reader.parsing.dates import parse_date

_FRONT_KEYS = {"title", "source", "kind", "category", "url"}
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_RULE = re.compile(r"^(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_FENCE = re.compile(r"^(```|~~~)")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_ORDERED = re.compile(r"^\s*(\d+)[.)]\s+(.*)$")
_QUOTE = re.compile(r"^\s*>\s?")
_REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s+\S+")
_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images dropped
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links -> their text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<!\*)\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),  # stray inline HTML tags
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])"), r"\1"),  # backslash escapes
)


def strip_inline(text: str) -> str:
    """Markdown inline syntax to plain text."""
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return clean(text)


def parse_markdown(text: str) -> Draft:
    """Parse a Markdown article into a draft."""
    lines = text.split("\n")
    draft = Draft()
    lines = _front_matter(lines, draft)
    paragraphs, headings = _body(lines)
    title_index = _title_index(paragraphs, headings, draft.title)
    if title_index is not None:
        draft.title = draft.title or paragraphs[title_index]
        del paragraphs[title_index]
    elif not draft.title and paragraphs:
        draft.title = paragraphs.pop(0)
    draft.paragraphs = paragraphs
    return draft


def _title_index(paragraphs: list[str], headings: dict[int, int], front_title: str) -> int | None:
    """Index of the first level-1 heading, the title unless front matter gave another one."""
    level_one = [index for index, level in sorted(headings.items()) if level == 1]
    if not level_one:
        return None
    first = level_one[0]
    if front_title and clean(paragraphs[first]) != clean(front_title):
        return None
    return first


def _front_matter(lines: list[str], draft: Draft) -> list[str]:
    """Read a leading ``---`` block of ``key: value`` lines; return the remaining lines."""
    if not lines or lines[0].strip() != "---":
        return lines
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return lines
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        if sep:
            _set_field(draft, key.strip().lower(), value.strip().strip("\"'"))
    return lines[end + 1 :]


def _set_field(draft: Draft, key: str, value: str) -> None:
    if key in _FRONT_KEYS:
        setattr(draft, key, value)
    elif key in ("date", "published"):
        draft.published = parse_date(value)
        draft.extra["date_text"] = value
    elif key and value:
        draft.extra[key] = value


def _body(lines: list[str]) -> tuple[list[str], dict[int, int]]:
    """Paragraphs of plain text, and which of them were headings (index -> level)."""
    paragraphs: list[str] = []
    headings: dict[int, int] = {}
    pending: list[str] = []
    fence: list[str] | None = None

    def flush() -> None:
        if pending:
            text = strip_inline(" ".join(pending))
            if text:
                paragraphs.append(text)
            pending.clear()

    for line in lines:
        if fence is not None:
            if _FENCE.match(line.strip()):
                paragraphs.append("\n".join(fence))
                fence = None
            else:
                fence.append(line.rstrip())
            continue
        stripped = line.strip()
        if _FENCE.match(stripped):
            flush()
            fence = []
        elif not stripped or _REF_DEF.match(line):
            flush()
        elif _SETEXT.match(stripped) and len(pending) == 1:
            headings[len(paragraphs)] = 1 if stripped.startswith("=") else 2
            flush()
        elif _RULE.match(stripped):
            flush()
        elif heading := _HEADING.match(stripped):
            flush()
            if strip_inline(heading.group(2)):
                headings[len(paragraphs)] = len(heading.group(1))
                pending.append(heading.group(2))
                flush()
        elif item := _list_item(stripped):
            flush()
            pending.append(item)
        else:
            pending.append(_QUOTE.sub("", line))
    flush()
    if fence:
        paragraphs.append("\n".join(fence))
    return paragraphs, headings


def _list_item(line: str) -> str | None:
    """A list item with a minimal marker: '• text' or '3. text'."""
    if bullet := _BULLET.match(line):
        return f"• {bullet.group(1)}"
    if ordered := _ORDERED.match(line):
        return f"{ordered.group(1)}. {ordered.group(2)}"
    return None
