"""Reading a local file as a source: the checks every file passes before any parser sees it.

Only regular files (never a device or a FIFO; :func:`reader.parsing.files.read_regular_file`,
the one bounded reader), size (:data:`MAX_SOURCE_BYTES`), binary content
(NUL bytes), and a file full of terminal escape sequences (a few stray ones are removed later, by
the library's sanitizer, instead).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from reader.parsing.decode import unmarked_utf16_codec
from reader.parsing.errors import ArticleLoadError
from reader.parsing.files import read_regular_file
from reader.sources.errors import SourceError

MAX_SOURCE_BYTES = 10 * 1024 * 1024

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# "Full of escape sequences" (captured terminal output, a hostile file): at least this many
# control characters making up more than this share of the text. Fewer are simply removed.
MIN_CONTROLS = 64
MAX_CONTROL_SHARE = 0.02


def read_checked(path: Path) -> bytes:
    """The bytes of ``path`` after the size and binary checks; SourceError otherwise."""
    try:
        data = read_regular_file(path, MAX_SOURCE_BYTES)
    except ArticleLoadError as error:
        raise SourceError(f"{path}: cannot be read ({error.reason})") from None
    if not data.strip():
        raise SourceError(f"{path}: the file is empty")
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if b"\x00" in data[:8192] and not utf16 and unmarked_utf16_codec(data) is None:
        raise SourceError(f"{path}: a binary file, not text")
    check_text(data, str(path))
    return data


def check_text(data: bytes, origin: str) -> None:
    """Refuse text that is mostly terminal escape sequences or control characters."""
    unmarked = unmarked_utf16_codec(data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif unmarked is not None:
        text = data.decode(unmarked, errors="replace")
    else:
        text = data[:1_000_000].decode("utf-8", errors="replace")
    if is_mostly_control(text):
        raise SourceError(
            f"{origin}: {control_share(text):.0%} of it is terminal escape sequences or control "
            "characters; not imported"
        )


def control_share(text: str) -> float:
    """The share of characters in ``text`` that are control characters (ESC included)."""
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


def is_mostly_control(text: str) -> bool:
    """True for text full of escape sequences; a few stray ones are left to the sanitizer."""
    controls = len(_CONTROL.findall(text))
    return controls >= MIN_CONTROLS and controls / max(1, len(text)) > MAX_CONTROL_SHARE
