"""XML bytes from outside: what they hold (a feed or an OPML list) and how to decode them.

Decoding is strict on purpose: bytes that cannot be decoded are refused as a whole with one
message, so a broken download never half-imports.
"""

from __future__ import annotations

import codecs
import re
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
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _decode(data, codec, origin)
    found = _DECLARED.search(data[:512])
    declared = found.group(1).decode("ascii") if found else "utf-8"
    try:
        codecs.lookup(declared)
    except LookupError:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise SourceError(
                f"{origin}: declares the unknown encoding {declared!r} and is not UTF-8"
            ) from None
    return _decode(data, declared, origin)


def _decode(data: bytes, codec: str, origin: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise SourceError(
            f"{origin}: cannot be decoded as {codec} (bad byte at offset {error.start})"
        ) from None


def strip_declaration(text: str) -> str:
    """``text`` without its XML declaration (it is re-encoded with one that matches)."""
    return re.sub(r"^\ufeff?\s*<\?xml[^>]*\?>", "", text, count=1)
