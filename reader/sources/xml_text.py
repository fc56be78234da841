"""XML bytes from outside: what they hold (a feed or an OPML list) and how to decode them.

Decoding is strict on purpose: bytes that cannot be decoded are refused as a whole with one
message, so a broken download never half-imports.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from typing import Literal

from reader.sources.errors import SourceError

XmlKind = Literal["feed", "opml"]

_DECLARED = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_ROOT = re.compile(rb"<(?!\?|!)([A-Za-z_][\w:.-]*)")
_FEED_ROOTS = {b"rss", b"feed", b"rdf:rdf", b"rdf"}


def sniff(data: bytes) -> XmlKind | None:
    """``feed`` or ``opml`` from the XML root element, else None."""
    head = data[:4096].lstrip(codecs.BOM_UTF8)
    for match in _ROOT.finditer(head):
        name = match.group(1).lower()
        if name == b"opml":
            return "opml"
        if name in _FEED_ROOTS or name.endswith(b":rdf"):
            return "feed"
        return None
    return None


def decode_xml(data: bytes, origin: str) -> str:
    """Decode XML bytes by BOM, declared encoding or UTF-8; SourceError when impossible."""
    return "".join(decode_stream((data,), origin))


_HEAD = 512  # bytes in which an XML declaration names the encoding
_UTF8 = ("utf-8", "utf-8-sig")  # codec names
_CHECKED_SLICE = 1 << 14  # bytes decoded at once when only checked


def decode_stream(chunks: Iterable[bytes], origin: str) -> Iterator[str]:
    """XML bytes given a chunk at a time, decoded as :func:`decode_xml` does (by BOM, declared
    encoding or UTF-8), a chunk at a time; SourceError (naming the byte offset) when they cannot
    be decoded."""
    _codec_name, decoded = _decoded_chunks(chunks, origin)
    yield from (text for _chunk, text in decoded if text)


def checked_stream(chunks: Iterable[bytes], origin: str) -> Iterator[str | bytes]:
    """XML bytes checked as :func:`decode_stream` decodes them (the same errors, raised before
    the chunk holding the bad byte is handed on): UTF-8 handed on as the bytes it is (without a
    BOM), any other encoding decoded. expat reads UTF-8 bytes as they are, while text it first
    encodes to UTF-8 again: a tenth of the CPU of reading an Arabic feed, for the same bytes."""
    codec, decoded = _decoded_chunks(chunks, origin, utf8_text=False)
    if codec not in _UTF8:
        yield from (text for _chunk, text in decoded if text)
        return
    yield from _without_bom(chunk for chunk, _text in decoded if chunk)


def _without_bom(chunks: Iterator[bytes]) -> Iterator[bytes]:
    first = next(chunks, b"")
    first = first.removeprefix(codecs.BOM_UTF8)  # the head: it holds the whole BOM
    if first:
        yield first
    yield from chunks


def _decoded_chunks(
    chunks: Iterable[bytes], origin: str, utf8_text: bool = True
) -> tuple[str, Iterator[tuple[bytes, str]]]:
    """The codec's name and, chunk by chunk, each chunk with the text it decodes to (the head
    read to find the codec counts as one chunk; a last ``(b"", rest)`` ends it). Without
    ``utf8_text``, UTF-8 is only checked: its chunks come with no text."""
    pieces = iter(chunks)
    head = b""
    for chunk in pieces:
        head += chunk
        if len(head) >= _HEAD:
            break
    codec, unknown = _codec(head)
    name = codecs.lookup(codec).name
    keep_text = utf8_text or name not in _UTF8
    return name, _decode(_prepend(head, pieces), codec, unknown, origin, keep_text)


def _decode(
    chunks: Iterator[bytes], codec: str, unknown: str, origin: str, keep_text: bool
) -> Iterator[tuple[bytes, str]]:
    decoder = codecs.getincrementaldecoder(codec)("strict")
    offset = 0
    for chunk in chunks:
        # Only checked (the text not kept): a slice at a time, so the text decoded to be thrown
        # away is a few small strings reused from the heap, not megabytes of fresh pages.
        pieces = [chunk] if keep_text else [chunk[start : start + _CHECKED_SLICE]
                                             for start in range(0, len(chunk), _CHECKED_SLICE)]
        text = ""
        for piece in pieces:
            try:
                text = decoder.decode(piece)
            except UnicodeDecodeError as error:
                buffered = len(decoder.getstate()[0])
                raise _undecodable(origin, codec, offset - buffered + error.start,
                                   unknown) from None
            offset += len(piece)
        yield chunk, text if keep_text else ""
    try:
        text = decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise _undecodable(origin, codec, offset + error.start, unknown) from None
    yield b"", text


def _prepend(head: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if head:
        yield head
    yield from rest


def _undecodable(origin: str, codec: str, offset: int, unknown: str) -> SourceError:
    if unknown:
        return SourceError(
            f"{origin}: declares the unknown encoding {unknown!r} and is not UTF-8"
        )
    return SourceError(f"{origin}: cannot be decoded as {codec} (bad byte at offset {offset})")


def _codec(data: bytes) -> tuple[str, str]:
    """The codec of XML bytes from their first bytes (BOM, declared encoding, else UTF-8) and
    the declared encoding when it is one Python does not know (UTF-8 is tried instead)."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return codec, ""
    found = _DECLARED.search(data[:_HEAD])
    declared = found.group(1).decode("ascii") if found else "utf-8"
    try:
        codecs.lookup(declared)
    except LookupError:
        return "utf-8", declared
    return declared, ""


def strip_declaration(text: str) -> str:
    """``text`` without its XML declaration (it is re-encoded with one that matches)."""
    return re.sub(r"^\ufeff?\s*<\?xml[^>]*\?>", "", text, count=1)
