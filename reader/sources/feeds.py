"""RSS/Atom feeds and OPML lists: recognising, decoding, parsing and fetching them.

Parsing is strict on purpose: a feed that is not well-formed XML, or whose bytes cannot be decoded,
is refused as a whole with one message, so a broken download never half-imports. Fetching uses
``urllib`` with a timeout, conditional requests (ETag / Last-Modified) and a size cap, and is only
ever called at the user's request (import of a URL, ``refresh``).
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal
from urllib.parse import urlsplit

from reader import __version__
from reader.model.article import Article
from reader.sources.errors import SourceError
from reader.sources.html_text import html_to_paragraphs, text_to_paragraphs
from reader.store.models import Subscription

MAX_FEED_BYTES = 10 * 1024 * 1024
DEFAULT_TIMEOUT = 20.0
Kind = Literal["feed", "opml"]

_DECLARED = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_ROOT = re.compile(rb"<(?!\?|!)([A-Za-z_][\w:.-]*)")
_FEED_ROOTS = {b"rss", b"feed", b"rdf:rdf", b"rdf"}
_USER_AGENT = f"reader/{__version__} (terminal news reader)"
_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9"


def is_url(source: str) -> bool:
    """True for an http(s) URL."""
    return urlsplit(source).scheme in ("http", "https")


def sniff(data: bytes) -> Kind | None:
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


# -- feeds -------------------------------------------------------------------------------------


@dataclass
class ParsedFeed:
    """A parsed feed: its title, site and articles."""

    title: str
    site_url: str
    articles: list[Article] = field(default_factory=list)


def parse_feed(data: bytes, origin: str, folder: str = "") -> ParsedFeed:
    """Parse RSS or Atom bytes; SourceError when they are not a well-formed feed."""
    import feedparser  # type: ignore[import-untyped,unused-ignore]  # heavy: only for feeds

    text = _strip_declaration(decode_xml(data, origin))
    utf8 = ('<?xml version="1.0" encoding="utf-8"?>\n' + text).encode("utf-8")
    try:
        parsed: Any = feedparser.parse(utf8, sanitize_html=False, resolve_relative_uris=False)
    except Exception as error:  # feedparser is lenient; anything it raises is a bad source
        raise SourceError(
            f"{origin}: cannot be parsed as a feed ({type(error).__name__})"
        ) from None
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(
        problem, feedparser.exceptions.CharacterEncodingOverride
    ):
        raise SourceError(f"{origin}: not a well-formed RSS/Atom feed ({_describe(problem)})")
    if not parsed.get("version"):
        raise SourceError(f"{origin}: not an RSS or Atom feed")
    meta = parsed.get("feed", {})
    title = _plain(meta.get("title", "")) or urlsplit(origin).netloc or origin
    feed = ParsedFeed(title=title, site_url=str(meta.get("link", "")))
    for entry in parsed.get("entries", []):
        article = entry_to_article(entry, title, origin, folder)
        if article is not None:
            feed.articles.append(article)
    return feed


def _strip_declaration(text: str) -> str:
    # The text is decoded here and re-encoded as UTF-8 with a matching declaration.
    return re.sub(r"^\ufeff?\s*<\?xml[^>]*\?>", "", text, count=1)


def _describe(problem: object) -> str:
    if problem is None:
        return "unknown problem"
    line = getattr(problem, "getLineNumber", None)
    where = f" at line {line()}" if callable(line) else ""
    message = getattr(problem, "getMessage", None)
    text = message() if callable(message) else str(problem)
    return f"{text}{where}"


def entry_to_article(entry: Any, feed_title: str, feed_url: str, folder: str) -> Article | None:
    """An :class:`Article` from one feedparser entry (None when it has no text at all)."""
    paragraphs, full = _entry_body(entry)
    title = _plain(entry.get("title", ""))
    if not title and paragraphs:
        title = paragraphs[0][:80]
    if not title:
        return None
    tags = [str(t.get("term", "")) for t in entry.get("tags", []) if t.get("term")]
    extra = {"feed": feed_url, "full_text": "yes" if full else "no"}
    for key in ("id", "author"):
        if entry.get(key):
            extra[key] = str(entry.get(key))
    return Article(
        title=title,
        paragraphs=paragraphs,
        source=feed_title,
        kind="feed",
        category=folder or (tags[0] if tags else ""),
        published=_entry_date(entry),
        url=str(entry.get("link", "")),
        extra=extra,
    )


def _entry_body(entry: Any) -> tuple[tuple[str, ...], bool]:
    contents = [c for c in entry.get("content", []) if c.get("value")]
    if contents:
        best = max(contents, key=lambda c: len(c.get("value", "")))
        return _to_paragraphs(best.get("value", ""), best.get("type", "")), True
    summary = entry.get("summary_detail") or {}
    value = entry.get("summary", "")
    return _to_paragraphs(value, summary.get("type", "text/html")), False


def _to_paragraphs(value: str, mime: str) -> tuple[str, ...]:
    if "html" in mime or "<" in value:
        return html_to_paragraphs(value)
    return text_to_paragraphs(value)


def _plain(value: str) -> str:
    return " ".join(html_to_paragraphs(value)) if "<" in value or "&" in value else value.strip()


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return date(value[0], value[1], value[2])
            except (TypeError, ValueError):
                continue
    return None


# -- OPML --------------------------------------------------------------------------------------


def parse_opml(data: bytes, origin: str) -> list[Subscription]:
    """The feeds listed in an OPML document (outline ``xmlUrl``), with their folder."""
    try:
        root = ET.fromstring(_strip_declaration(decode_xml(data, origin)).lstrip("\ufeff"))
    except ET.ParseError as error:
        raise SourceError(f"{origin}: not a well-formed OPML file ({error})") from None
    if root.tag.lower() != "opml":
        raise SourceError(f"{origin}: not an OPML file")
    body = root.find("body")
    found: list[Subscription] = []
    if body is not None:
        _walk_outlines(body, "", found)
    return found


def _walk_outlines(node: ET.Element, folder: str, found: list[Subscription]) -> None:
    for outline in node.findall("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        label = (outline.get("title") or outline.get("text") or "").strip()
        if url:
            site = outline.get("htmlUrl") or ""
            found.append(Subscription(url=url, title=label, site_url=site, folder=folder))
        else:
            _walk_outlines(outline, label or folder, found)


def write_opml(subscriptions: list[Subscription], title: str = "reader subscriptions") -> str:
    """An OPML 2.0 document listing ``subscriptions`` grouped by folder."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for sub in subscriptions:
        parent = body
        if sub.folder:
            if sub.folder not in folders:
                folders[sub.folder] = ET.SubElement(body, "outline", text=sub.folder)
            parent = folders[sub.folder]
        attrs = {"type": "rss", "text": sub.title or sub.url, "xmlUrl": sub.url}
        if sub.title:
            attrs["title"] = sub.title
        if sub.site_url:
            attrs["htmlUrl"] = sub.site_url
        ET.SubElement(parent, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


# -- fetching ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fetched:
    """The answer to one feed request; ``status`` 304 means not modified (no data)."""

    status: int
    data: bytes
    etag: str
    modified: str
    url: str


def fetch(
    url: str, etag: str = "", modified: str = "", timeout: float = DEFAULT_TIMEOUT
) -> Fetched:
    """GET ``url`` (conditional when ``etag``/``modified`` are given); SourceError on failure."""
    import http.client  # the network modules load only when something is fetched
    import urllib.error
    import urllib.request

    if not is_url(url):
        raise SourceError(f"{url}: only http and https URLs can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT, "Accept": _ACCEPT})
    if etag:
        request.add_header("If-None-Match", etag)
    if modified:
        request.add_header("If-Modified-Since", modified)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_FEED_BYTES + 1)
            headers = response.headers
            final = response.geturl()
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Fetched(304, b"", etag, modified, url)
        raise SourceError(f"{url}: the server answered HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise SourceError(f"{url}: cannot connect ({_reason(error.reason)})") from None
    except TimeoutError:
        raise SourceError(f"{url}: no answer within {timeout:g} s") from None
    except (http.client.HTTPException, OSError, ValueError) as error:
        raise SourceError(f"{url}: the download failed ({_reason(error)})") from None
    if len(data) > MAX_FEED_BYTES:
        raise SourceError(f"{url}: larger than the {MAX_FEED_BYTES // 2**20} MB limit for a feed")
    return Fetched(200, data, headers.get("ETag", ""), headers.get("Last-Modified", ""), final)


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError):
        return "timed out"
    text = getattr(reason, "strerror", None) or str(reason)
    return str(text)
