"""Bytes to text: BOMs, UTF-8, UTF-16, windows-1256 (Arabic), windows-1255 (Hebrew), Latin-1."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.model.wording import counted
from reader.parsing.errors import ArticleLoadError
from reader.parsing.files import read_regular_file
from reader.text.sanitize import sanitize

MAX_BYTES = 20 * 1024 * 1024
MAX_BYTES_TEXT = "20 MB"
_SAMPLE = 65536
MIN_GOOD_PER_BAD = 10  # valid multi-byte characters per bad sequence for "UTF-8, a few bad bytes"
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "a program"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\b\x1b")
_WORD = re.compile(r"[^\W\d_]+")
_LATIN_PUNCT = frozenset("«»°£€©®’‘“”–—…•·§¡¿×÷½¼¾")
# C0 and C1 controls other than tab and newline: never shown (ESC could drive the terminal).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Decoded:
    """Text decoded from a file, with the encoding that was used, and a warning when bytes
    had to be replaced."""

    text: str
    encoding: str
    warning: str = ""


def read_text(path: Path, hint: str | None = None) -> Decoded:
    """Read and decode a text file; ``hint`` is an encoding the file declares (HTML meta)."""
    return decode_bytes(read_article_bytes(path), path, hint)


def read_article_bytes(path: Path) -> bytes:
    """The bytes of an article file: a regular file within :data:`MAX_BYTES`, or
    ArticleLoadError (a FIFO, a device, a folder, a file too large: never a hang)."""
    return read_regular_file(path, MAX_BYTES, MAX_BYTES_TEXT)


def decode_bytes(data: bytes, path: Path, hint: str | None = None) -> Decoded:
    """Decode ``data`` (the contents of ``path``) or raise ArticleLoadError."""
    if not data.strip():
        raise ArticleLoadError(path, "it is empty")
    found = _decode_bom(data, path) or _decode_unmarked_utf16(data)
    if found is None:
        _reject_binary(data, path)
        found = _decode_guess(data, hint)
    if found is None:
        raise ArticleLoadError(
            path,
            "it is not text in a supported encoding "
            "(UTF-8, UTF-16, windows-1256, windows-1255 or Latin-1)",
        )
    # Whole escape sequences and controls go here, once, by the display's own sanitizer:
    # removing a lone ESC would leave its payload ("]0;title") behind as text.
    text = sanitize(found.text.replace("\f", "\n").replace("\ufeff", "")).text
    return Decoded(text, found.encoding, found.warning)


def _decode_bom(data: bytes, path: Path) -> Decoded | None:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec.replace("-sig", ""))
            except UnicodeDecodeError as err:
                raise ArticleLoadError(
                    path, f"it starts with a {label} byte-order mark but is not valid {label}"
                ) from err
    return None


def _decode_unmarked_utf16(data: bytes) -> Decoded | None:
    """UTF-16 without a BOM: NUL bytes only on one side of each pair, and readable text."""
    sample = data[:_SAMPLE]
    if len(data) % 2 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if even and odd:
        return None
    codec = "utf-16-le" if odd else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    letters = [char for char in text if char.isalpha()]
    alphabetic = sum(1 for char in letters if ord(char) < 0x0800)  # Latin to Arabic and Hebrew
    if _CONTROLS.search(text) or alphabetic < 0.9 * len(letters):
        return None
    return Decoded(text, codec)


def _reject_binary(data: bytes, path: Path) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ArticleLoadError(path, f"it is a binary file ({what}), not text")
    sample = data[:_SAMPLE]
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    if b"\x00" in sample or controls > len(sample) * 0.05:
        raise ArticleLoadError(path, "it is a binary file, not text")


def unmarked_utf16_codec(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for UTF-16 text without a byte-order mark, else None."""
    found = _decode_unmarked_utf16(data)
    return found.encoding if found else None


def _decode_mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few bad bytes (a truncated copy, one corrupted byte) stays UTF-8: each bad
    sequence becomes U+FFFD, with a warning. Legacy 8-bit text decoded as UTF-8 gives far more
    bad sequences than good multi-byte characters, so it is left to the guesses after."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for char in text if ord(char) >= 0x80) - text.count("\ufffd")
    if bad <= 0 or good < MIN_GOOD_PER_BAD * bad:
        return None
    warning = f"{counted(bad, 'byte sequence')} not valid UTF-8, shown as \ufffd"
    return Decoded(text, "utf-8", warning)


def _decode_guess(data: bytes, hint: str | None) -> Decoded | None:
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if not (hint and _known_codec(hint)):  # a declared charset is trusted before the guesses
        mostly = _decode_mostly_utf8(data)
        if mostly is not None:
            return mostly
    candidates: list[tuple[str, Callable[[str], bool]]] = [("utf-8", _always)]
    if hint and _known_codec(hint):
        candidates.append((hint, _always))
    candidates += [
        ("windows-1256", _mostly_arabic),
        ("windows-1255", _mostly_hebrew),
        ("iso-8859-8", _mostly_hebrew),
        ("windows-1252", _plausible_latin),
        ("latin-1", _plausible_latin),
    ]
    for codec, accept in candidates:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if accept(text):
            return Decoded(text, codecs.lookup(codec).name)
    return None


def _known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _always(_text: str) -> bool:
    return True


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f"


def _is_hebrew(char: str) -> bool:
    return "\u0590" <= char <= "\u05ff"


def _mostly_arabic(text: str) -> bool:
    return _mostly_script(text, _is_arabic)


def _mostly_hebrew(text: str) -> bool:
    return _mostly_script(text, _is_hebrew)


def _mostly_script(text: str, in_script: Callable[[str], bool]) -> bool:
    """Non-ASCII letters are nearly all in the script, and words rarely mix it with Latin."""
    letters = [char for char in text if ord(char) >= 0x80 and char.isalpha()]
    if not letters:
        return False
    native = sum(1 for char in letters if in_script(char))
    if native < 0.85 * len(letters):
        return False
    words = [word for word in _WORD.findall(text) if any(in_script(c) for c in word)]
    mixed = sum(1 for word in words if any(c.isascii() for c in word))
    return mixed <= 0.05 * len(words)


def _plausible_latin(text: str) -> bool:
    """Mostly ASCII, and the rest letters or common punctuation: not random bytes."""
    high = [char for char in text if ord(char) >= 0x80]
    if len(high) > 0.3 * len(text):
        return False
    good = sum(1 for char in high if char.isalpha() or char in _LATIN_PUNCT or char == "\xa0")
    return good >= 0.8 * len(high)
