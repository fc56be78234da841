"""The one gate for everything the reader prints: no byte from outside reaches a terminal raw.

Three forms, one per kind of output:

* :func:`display_text` for text shown as text (article fields, search rows, exported Markdown and
  OPML): escape sequences, C0/C1 controls and bidi embeddings, overrides and isolates are removed,
  and :data:`REMOVED_MARK` stands where something was, so the reader sees that it was there.
* :func:`visible` for file names, URLs and the messages that quote them: each dangerous character
  is written as its escape (``\\x1b``, ``\\u202e``, an undecodable file-name byte as ``\\xff``), so
  the user sees the name as it is and the terminal never executes it.
* :func:`json_dumps` for JSON: ``json.dumps`` escapes only U+0000-U+001F; here every C1 control,
  DEL, bidi format character, line separator and lone surrogate is escaped as ``\\uXXXX`` too, so a
  JSON consumer still gets the original text and a terminal gets plain ASCII for them.
"""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

from reader.text.lazy_pattern import LazyPattern
from reader.text.sanitize import ESCAPE_SEQUENCE

__all__ = [
    "REMOVED_MARK",
    "display_text",
    "is_terminal_safe",
    "json_dumps",
    "visible",
    "visible_url",
    "write_message",
]

REMOVED_MARK = "\ufffd"  # the replacement character: something unprintable stood here

_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069\u206a-\u206f"
_UNSAFE_CLASS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but tab and newline, DEL, C1 (U+009B is CSI, U+009D OSC)
    + _BIDI_CONTROLS  # embeddings, overrides, isolates, deprecated format characters
    + "\ud800-\udfff"  # lone surrogates (undecodable file-name bytes): no encoding can write them
    + "\ufff9-\ufffb"  # interlinear annotation controls
)
_UNSAFE = LazyPattern(f"[{_UNSAFE_CLASS}]")
_UNSAFE_RUN = LazyPattern(f"(?:{ESCAPE_SEQUENCE.pattern}|[{_UNSAFE_CLASS}])+")
_LINE_BREAKS = LazyPattern("\r\n|[\r\u2028\u2029]")
_NAME_UNSAFE = LazyPattern(f"[\t\n\u2028\u2029\u061c\u200e\u200f{_UNSAFE_CLASS}]")
_JSON_UNSAFE = LazyPattern(
    f"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029{_BIDI_CONTROLS}\ud800-\udfff\ufff9-\ufffb]"
)
_URL_UNSAFE = LazyPattern("[\x00-\x20\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\x1b": "\\x1b"}


def is_terminal_safe(text: str) -> bool:
    """True when ``text`` holds no escape, control (but tab and newline), bidi override or
    isolate, or lone surrogate: it may be written to a terminal as it is."""
    return _UNSAFE.search(text) is None


def display_text(text: str) -> str:
    """``text`` for a terminal: line breaks become ``\\n``; each run of escape sequences and
    unsafe characters becomes one :data:`REMOVED_MARK`. Idempotent."""
    text = _LINE_BREAKS.sub("\n", text)
    if is_terminal_safe(text):
        return text
    return _UNSAFE_RUN.sub(REMOVED_MARK, text)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    short = _SHORT_ESCAPES.get(char)
    if short is not None:
        return short
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return _code_escape(code)


def visible(text: str) -> str:
    """A file name, URL or one-line message with every dangerous character written as its
    escape. Newlines and bidi marks are shown too: in a name they would only forge a second
    message line or reorder what the user reads."""
    return _NAME_UNSAFE.sub(_escaped, text)


def visible_url(text: str) -> str:
    """``text`` with every control, space and bidi control shown as an escape (``\\x1b``), for
    naming a URL in a message: nothing in it can act on the terminal or reorder the line."""
    return _URL_UNSAFE.sub(_code_escaped, text)


def _code_escaped(found: re.Match[str]) -> str:
    return _code_escape(ord(found.group()))


def _code_escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def json_dumps(record: Any, *, separators: tuple[str, str] | None = None) -> str:
    """JSON with non-ASCII text kept readable and every control, C1, bidi format character and
    lone surrogate escaped as ``\\uXXXX``: safe on a terminal, the same data for a parser."""
    text = json.dumps(record, ensure_ascii=False, separators=separators)
    if _JSON_UNSAFE.search(text) is None:
        return text
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def write_message(message: str, stream: TextIO) -> None:
    """Write one message line (a name or URL inside it made :func:`visible`)."""
    stream.write(visible(message) + "\n")
