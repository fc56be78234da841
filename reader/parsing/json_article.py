"""JSON articles: one object per article; a file may hold one object or a list of them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from reader.parsing.common import Draft, blocks, clean
from reader.parsing.dates import parse_date
from reader.parsing.errors import ArticleLoadError
from reader.text.sanitize import sanitize

TITLE_KEYS = ("title", "headline")
BODY_KEYS = ("body", "content", "text", "paragraphs", "articleBody")
DATE_KEYS = ("date", "published", "published_at", "datePublished", "pubDate")
_FIELDS = {
    "source": ("source", "site", "publisher"),
    "kind": ("kind", "type"),
    "category": ("category", "section"),
    "url": ("url", "link"),
}


def parse_json(text: str, path: Path) -> list[Draft]:
    """The drafts in a JSON file: one for an object, one per object for a list."""
    try:
        data = _cleaned(json.loads(text))
    except json.JSONDecodeError as err:
        reason = f"it is not valid JSON ({err.msg} at line {err.lineno}, column {err.colno})"
        raise ArticleLoadError(path, reason) from err
    if isinstance(data, dict):
        return [_draft(data, path, None)]
    if isinstance(data, list) and data:
        return [_draft(item, path, index) for index, item in enumerate(data)]
    if isinstance(data, list):
        raise ArticleLoadError(path, "it is an empty JSON list, with no article in it")
    raise ArticleLoadError(path, "it is JSON but not an article object (expected {...})")


def _cleaned(value: Any) -> Any:
    """``value`` with every string (keys too) sanitized: the file's text was, but a ``\\u001b``
    or a lone ``\\ud800`` escape only becomes a character when the JSON is decoded."""
    if isinstance(value, str):
        return sanitize(value).text
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {_cleaned(key): _cleaned(item) for key, item in value.items()}
    return value


def _draft(item: Any, path: Path, index: int | None) -> Draft:
    where = "" if index is None else f"item {index + 1} of the list "
    if not isinstance(item, dict):
        raise ArticleLoadError(path, f"{where or 'the top level '}is not a JSON object")
    body = _first(item, BODY_KEYS)
    if body is None:
        raise ArticleLoadError(path, f"{where}has no body, content, text or paragraphs field")
    draft = Draft(title=_text(_first(item, TITLE_KEYS)), paragraphs=_paragraphs(body))
    for name, keys in _FIELDS.items():
        setattr(draft, name, _text(_first(item, keys)))
    date_text = _text(_first(item, DATE_KEYS))
    if date_text:
        draft.published = parse_date(date_text)
        draft.extra["date_text"] = date_text
    if index is not None:
        draft.extra["index"] = str(index)
    _keep_extra(item, draft)
    return draft


def _first(item: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if item.get(key) not in (None, "", []):
            return item[key]
    return None


def _text(value: Any) -> str:
    """A scalar as text; an object with a name or title gives that (``{"name": "BBC"}``)."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or ""
    if value is None or isinstance(value, (list, dict)):
        return ""
    return clean(str(value))


def _paragraphs(body: Any) -> list[str]:
    """A list gives one paragraph per item; a string splits on blank lines, else on lines."""
    if isinstance(body, list):
        return [_text(part) for part in body if _text(part)]
    text = str(body) if not isinstance(body, dict) else _text(body)
    grouped = blocks(re.split(r"\r?\n", text))
    if len(grouped) > 1:
        return [" ".join(block) for block in grouped]
    return [line for block in grouped for line in block]


def _keep_extra(item: dict[str, Any], draft: Draft) -> None:
    used = set(TITLE_KEYS + BODY_KEYS + DATE_KEYS).union(*_FIELDS.values())
    for key, value in item.items():
        if key not in used and isinstance(value, (str, int, float, bool)):
            draft.extra[str(key)] = str(value)
