"""Reading article files and walking folders of them, safely.

One file: only a regular file, and never more than a limit.
``Path.read_bytes`` on a FIFO waits for a writer forever, and on ``/dev/zero`` (or a ``.txt``
symlink to it) reads until memory runs out; checking ``stat`` first leaves a window in which the
file can be swapped. So the file is opened without blocking, the *open* descriptor is checked to
be a regular file, and the read stops one byte past the limit whatever the size claimed.

Folders are walked by :func:`reader.parsing.suffixes.walk_folder`, the one folder walk.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from reader.parsing.errors import ArticleLoadError

_CHUNK = 1 << 20
_KINDS = (
    (stat.S_ISDIR, "it is a folder, not a file"),
    (stat.S_ISFIFO, "it is a named pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "it is a device, not a regular file"),
    (stat.S_ISBLK, "it is a device, not a regular file"),
    (stat.S_ISSOCK, "it is a socket, not a regular file"),
)


def not_regular_reason(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read as an article; None for a regular file."""
    for test, reason in _KINDS:
        if test(mode):
            return reason
    return None if stat.S_ISREG(mode) else "it is not a regular file"


def open_regular_file(path: Path) -> io.FileIO:
    """``path`` opened for reading, once checked to be a regular file; ArticleLoadError else.

    Never blocks on a FIFO or a device: the file is opened without blocking and the *open*
    descriptor is checked, so it cannot be swapped between the check and the read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as err:
        raise ArticleLoadError(path, os_reason(err)) from err
    handle = os.fdopen(descriptor, "rb", buffering=0)
    try:
        reason = not_regular_reason(os.fstat(descriptor).st_mode)
        if reason is not None:
            raise ArticleLoadError(path, reason)
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
    except OSError as err:
        handle.close()
        raise ArticleLoadError(path, os_reason(err)) from err
    except ArticleLoadError:
        handle.close()
        raise
    assert isinstance(handle, io.FileIO)
    return handle


def read_regular_file(path: Path, limit: int, limit_text: str = "") -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes; ArticleLoadError else.

    Never blocks on a FIFO or a device, never reads more than ``limit + 1`` bytes. ``limit_text``
    names the limit in messages (default: ``limit`` in MB).
    """
    with open_regular_file(path) as handle:
        return read_at_most(handle, path, limit, limit_text)


def read_at_most(
    handle: io.FileIO, path: Path, limit: int, limit_text: str = "", start: bytes = b""
) -> bytes:
    """``start`` (bytes already read from ``handle``) and the rest of the file, at most
    ``limit`` bytes in all whatever size it claims; ArticleLoadError when it is larger."""
    limit_text = limit_text or _size(limit)
    try:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            mib = size / (1024 * 1024)
            raise ArticleLoadError(
                path, f"it is {mib:.1f} MB, over the {limit_text} limit for articles"
            )
        return _read_at_most(handle, path, limit, limit_text, start)
    except OSError as err:
        raise ArticleLoadError(path, os_reason(err)) from err


def read_chunks(handle: io.FileIO, path: Path, size: int = _CHUNK) -> Iterator[bytes]:
    """The rest of ``handle``, ``size`` bytes at a time (no limit: for what is read as a
    stream); ArticleLoadError when reading fails."""
    while True:
        try:
            chunk = handle.read(size)
        except OSError as err:
            raise ArticleLoadError(path, os_reason(err)) from err
        if not chunk:
            return
        yield chunk


def _read_at_most(
    handle: io.FileIO, path: Path, limit: int, limit_text: str, start: bytes
) -> bytes:
    chunks: list[bytes] = [start] if start else []
    total = len(start)
    if total > limit:
        raise ArticleLoadError(path, f"it grew over the {limit_text} limit for articles")
    while True:
        chunk = handle.read(min(_CHUNK, limit + 1 - total))
        if not chunk:  # None only in non-blocking mode, which the descriptor is no longer in
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise ArticleLoadError(path, f"it grew over the {limit_text} limit for articles")


def _size(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit} bytes"


def os_reason(err: OSError) -> str:
    """A short, human reason for an operating-system error."""
    if isinstance(err, FileNotFoundError):
        return "there is no such file"
    if isinstance(err, IsADirectoryError):
        return "it is a folder, not a file"
    if isinstance(err, PermissionError):
        return "permission denied"
    if err.errno == errno.ELOOP:
        return "it is a symbolic link that loops"
    return (err.strerror or str(err)).rstrip(".").lower()
