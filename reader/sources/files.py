"""Reading a local file as a source: the checks every file passes before any parser sees it.

Only regular files (never a device or a FIFO), size (:data:`MAX_SOURCE_BYTES`), binary content
(NUL bytes), and a file full of terminal escape sequences (a few stray ones are removed later, by
the library's sanitizer, instead).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

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
        data = _read_regular(path)
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror or error})") from None
    if not data.strip():
        raise SourceError(f"{path}: the file is empty")
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if b"\x00" in data[:8192] and not utf16:
        raise SourceError(f"{path}: a binary file, not text")
    check_text(data, str(path))
    return data


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_SOURCE_BYTES: a device (``/dev/zero``), a FIFO
    or a socket is refused before a byte is read (opening a FIFO must not wait for a writer)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise SourceError(f"{path}: not a regular file (a device, a pipe or a socket)")
        if status.st_size > MAX_SOURCE_BYTES:
            raise SourceError(
                f"{path}: {status.st_size / 2**20:.1f} MB is over the "
                f"{MAX_SOURCE_BYTES // 2**20} MB limit for one source"
            )
        data = handle.read(MAX_SOURCE_BYTES + 1)
    if len(data) > MAX_SOURCE_BYTES:  # it grew while being read
        raise SourceError(f"{path}: over the {MAX_SOURCE_BYTES // 2**20} MB limit for one source")
    return data


def check_text(data: bytes, origin: str) -> None:
    """Refuse text that is mostly terminal escape sequences or control characters."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
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
