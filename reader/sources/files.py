"""Reading a local file as a source: the checks every file passes before any parser sees it.

Only regular files (never a device or a FIFO; :func:`reader.parsing.files.open_regular_file`),
size (:data:`MAX_SOURCE_BYTES`, except for a feed, which is read as a stream: see
:class:`SourceFile`), binary content (NUL bytes), and a file full of terminal escape sequences (a
few stray ones are removed later, by the library's sanitizer, instead).
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from reader.parsing.decode import unmarked_utf16_codec
from reader.parsing.errors import ArticleLoadError
from reader.parsing.files import open_regular_file, read_at_most, read_chunks, read_regular_file
from reader.sources.errors import SourceError

MAX_SOURCE_BYTES = 10 * 1024 * 1024
"""The size limit of a source file read whole (an article file, an OPML list, an export)."""
HEAD_BYTES = 64 * 1024
"""What is read of a file to know what it holds."""
STREAM_CHUNK = 1 << 20

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
    _check_content(data, path)
    return data


class SourceFile:
    """A local source file opened once (so it cannot be swapped between the reads): its first
    :data:`HEAD_BYTES` to judge what it holds, then either all of it within
    :data:`MAX_SOURCE_BYTES` (:meth:`read_all`) or the whole of it as a stream of chunks of any
    total size (:meth:`chunks`, for a feed). Use it as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._handle: io.FileIO = open_regular_file(path)
            self.head = self._handle.read(HEAD_BYTES) or b""
        except ArticleLoadError as error:
            raise SourceError(f"{path}: cannot be read ({error.reason})") from None
        except OSError as error:
            self._handle.close()
            raise SourceError(f"{path}: cannot be read ({error.strerror or error})") from None

    def read_all(self) -> bytes:
        """The whole file, at most :data:`MAX_SOURCE_BYTES`; SourceError when larger."""
        try:
            data = read_at_most(self._handle, self.path, MAX_SOURCE_BYTES, start=self.head)
        except ArticleLoadError as error:
            raise SourceError(f"{self.path}: cannot be read ({error.reason})") from None
        _check_content(data, self.path)
        return data

    def chunks(self) -> Iterator[bytes]:
        """The whole file, a chunk at a time, once its start passed the content checks (not
        empty, not binary, not escape sequences); SourceError when reading fails part way."""
        _check_content(self.head, self.path)
        yield self.head
        try:
            yield from read_chunks(self._handle, self.path, STREAM_CHUNK)
        except ArticleLoadError as error:
            raise SourceError(f"{self.path}: cannot be read ({error.reason})") from None

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> SourceFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _check_content(data: bytes, path: Path) -> None:
    """Refuse an empty file, a binary one, one full of escape sequences (from its start)."""
    if not data.strip():
        raise SourceError(f"{path}: the file is empty")
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if b"\x00" in data[:8192] and not utf16 and unmarked_utf16_codec(data) is None:
        raise SourceError(f"{path}: a binary file, not text")
    check_text(data, str(path))


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
