"""Telegram channel exports: Telegram Desktop's "Export chat history" as JSON (``result.json``).

Many newsrooms get their wire from Telegram channels. Each message with text becomes an article:
its first line (or first sentence, when the line is long) is the title, the rest the body; the
date is the message's; the link is ``https://t.me/<username>/<id>`` when the export names the
channel's username. Service messages (joins, pins, calls) and messages without text are left out.

As a subscription (kind ``telegram``) the export is read again on each refresh and only messages
with an id above the stored cursor come in, so exporting again to the same file brings the new
ones. The file is hostile like any other: every string is sanitized before it goes anywhere, a
malformed export is one :class:`SourceError` naming the file, a malformed message one problem.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import ClassVar

from reader.model.article import Article
from reader.sources.base import Harvest, SourceState, count_value
from reader.sources.errors import SourceError
from reader.sources.files import read_checked
from reader.text.sanitize import sanitize

CURSOR = "last_id"
TITLE_LIMIT = 120
CHAT_TYPES = frozenset(
    {
        "public_channel", "private_channel", "public_supergroup", "private_supergroup",
        "private_group", "personal_chat", "bot_chat", "saved_messages",
    }
)  # fmt: skip
_SNIFF_BYTES = 16384  # the name (at most 128 characters), type and id come before the messages
_TYPE = re.compile(r'"type"\s*:\s*"([a-z_]+)"')
_MESSAGES = re.compile(r'"messages"\s*:')
_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SENTENCE_END = re.compile(r"[.!?؟。]+(?=\s|$)")


@dataclass(frozen=True)
class TelegramSource:
    """A Telegram export file, read again on each fetch; the cursor is the last message id."""

    kind: ClassVar[str] = "telegram"
    location: str
    name: str = ""
    folder: str = ""
    timeout: float = 0.0  # a local file: nothing to wait for

    def fetch(self, state: SourceState) -> Harvest:
        """The messages newer than the stored cursor."""
        return self.harvest(read_checked(Path(self.location)), state)

    def harvest(self, data: bytes, state: SourceState) -> Harvest:
        """The messages in ``data`` (the export's bytes) newer than the cursor in ``state``."""
        after = count_value(state, CURSOR)
        return read_export(data, self.location, after=after, folder=self.folder)


def looks_like_export(data: bytes) -> bool:
    """True when ``data`` starts like a Telegram chat export (a JSON object with a chat type and
    a list of messages); plain JSON articles do not."""
    head = data[:_SNIFF_BYTES].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    return (
        head.startswith("{")
        and _MESSAGES.search(head) is not None
        and any(kind in CHAT_TYPES for kind in _TYPE.findall(head))
    )


def read_export(data: bytes, origin: str, *, after: int = 0, folder: str = "") -> Harvest:
    """The articles of an export's messages with an id above ``after``; SourceError naming
    ``origin`` when the file is not a Telegram export."""
    root = _load(data, origin)
    messages = root.get("messages")
    if not isinstance(messages, list):
        raise SourceError(f"{origin}: not a Telegram export (it has no list of messages)")
    channel = _clean(_string(root.get("name"))) or "Telegram"
    username = _string(root.get("username"))
    if not _USERNAME.fullmatch(username):
        username = ""
    harvest = Harvest(title=channel)
    last = after
    for number, message in enumerate(messages, start=1):
        if not isinstance(message, dict):
            harvest.problems.append(f"{origin}: message {number} is not an object; left out")
            continue
        if message.get("type") != "message":
            continue  # service messages: joins, pins, calls, title changes
        ident = message.get("id")
        if not isinstance(ident, int) or isinstance(ident, bool) or ident < 0:
            harvest.problems.append(f"{origin}: message {number} has no valid id; left out")
            continue
        last = max(last, ident)
        if ident > after:
            article = _article(message, ident, channel, username, origin, folder)
            if article is not None:
                harvest.articles.append(article)
    harvest.state = {CURSOR: last}
    return harvest


def _load(data: bytes, origin: str) -> dict[str, object]:
    try:
        root = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise SourceError(
            f"{origin}: not a Telegram export (not UTF-8: bad byte at offset {error.start})"
        ) from None
    except json.JSONDecodeError as error:
        raise SourceError(
            f"{origin}: not a well-formed Telegram export (JSON error at line {error.lineno}, "
            f"column {error.colno})"
        ) from None
    except RecursionError:
        raise SourceError(f"{origin}: not a Telegram export (nested too deeply)") from None
    if not isinstance(root, dict):
        raise SourceError(f"{origin}: not a Telegram export (not a JSON object)")
    return root


def message_text(value: object) -> str:
    """The plain text of a message's ``text``: a string, or a list of strings and formatted
    pieces (``{"type": "bold", "text": ...}``, links, mentions, hashtags)."""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return ""
    parts: list[str] = []
    for piece in value:
        if isinstance(piece, str):
            parts.append(piece)
        elif isinstance(piece, dict) and isinstance(piece.get("text"), str):
            parts.append(piece["text"])
    return "".join(parts)


def _article(
    message: dict[str, object], ident: int, channel: str, username: str, origin: str, folder: str
) -> Article | None:
    text = message_text(message.get("text")) or message_text(message.get("text_entities"))
    lines = [" ".join(line.split()) for line in _clean(text).split("\n")]
    paragraphs = [line for line in lines if line]
    if not paragraphs:
        return None  # a photo or a sticker without a caption
    title = headline(paragraphs[0])
    body = paragraphs[1:] if title == paragraphs[0] and len(paragraphs) > 1 else paragraphs
    return Article(
        title=title,
        paragraphs=tuple(body),
        source=channel,
        kind="telegram",
        category=folder,
        published=_date(message.get("date")),
        path=Path(origin),
        url=f"https://t.me/{username}/{ident}" if username else "",
        extra={"format": "telegram", "message_id": str(ident)},
    )


def headline(line: str) -> str:
    """A title from a message's first line: the line, else its first sentence, else the words
    that fit in :data:`TITLE_LIMIT` characters followed by an ellipsis."""
    if len(line) <= TITLE_LIMIT:
        return line
    end = _SENTENCE_END.search(line)
    if end is not None and end.end() <= TITLE_LIMIT:
        return line[: end.end()]
    cut = line.rfind(" ", 0, TITLE_LIMIT)
    return line[: cut if cut > 0 else TITLE_LIMIT].rstrip() + "…"


def _date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""


def _clean(text: str) -> str:
    """Sanitized text: no escapes, controls or bidi overrides, no lone surrogate (which JSON
    allows and SQLite refuses)."""
    return sanitize(_SURROGATE.sub("\ufffd", text)).text.strip()
