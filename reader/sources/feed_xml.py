"""RSS 2.0, RSS 1.0 (RDF) and Atom read as a stream with the standard library's expat.

:class:`FeedScanner` takes the document a piece at a time and hands back each entry
(:class:`RawEntry`: the strings a feed gives, nothing interpreted yet) as soon as its end tag is
read, so a feed of any size is read in the memory of one entry. It keeps what ``feedparser``
kept for the reader and follows its reading: the same elements, the same fallbacks (a
``guid``/``id`` that is the entry's link when it has no other, Atom ``rel="alternate"`` links of
an HTML type), the same text constructs (``type`` text, html or xhtml; markup inside an element
is kept as HTML).

Hostile input: expat never resolves an external entity, and expat 2.4+ refuses a document whose
entities amplify its size (a billion-laughs feed); the text kept for one entry is capped at
``max_entry_chars`` characters, beyond which it is cut and the entry marked ``cut``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.parsers import expat

ATOM = "http://www.w3.org/2005/Atom"
ATOM03 = "http://purl.org/atom/ns#"
RSS10 = "http://purl.org/rss/1.0/"
RSS090 = "http://my.netscape.com/rdf/simple/0.9/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
XHTML = "http://www.w3.org/1999/xhtml"

MAX_ENTRY_CHARS = 1_000_000
"""Characters of text kept for one entry (all its fields together): about 1 MB of text."""

_SEPARATOR = " "
_CORE = frozenset({"", ATOM, ATOM03, RSS10, RSS090})
_ROOTS = frozenset({"rss", "feed", "RDF", "rdf"})
_CONTAINERS = frozenset({"channel", "feed"})
_ENTRIES = frozenset({"item", "entry"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CONTENT_TYPES = {"text": "text/plain", "plain": "text/plain", "html": "text/html",
                  "xhtml": "application/xhtml+xml"}  # fmt: skip

# (namespace, local name) inside an entry → the field it fills.
_ENTRY_FIELDS: dict[tuple[str, str], str] = {
    **{(ns, name): key for ns in _CORE for name, key in (
        ("title", "title"), ("link", "link"), ("guid", "id"), ("id", "id"),
        ("description", "description"), ("summary", "summary"), ("content", "content"),
        ("fullitem", "encoded"), ("category", "category"), ("author", "author"),
        ("pubDate", "published"), ("published", "published"), ("issued", "published"),
        ("updated", "updated"), ("modified", "updated"), ("created", "created"),
    )},
    (CONTENT, "encoded"): "encoded", (XHTML, "body"): "body",
    (DC, "title"): "title", (DC, "description"): "description", (DC, "subject"): "category",
    (DC, "creator"): "author", (DC, "date"): "updated",
    (DCTERMS, "issued"): "published", (DCTERMS, "modified"): "updated",
    (DCTERMS, "created"): "created",
}  # fmt: skip
_MARKUP_FIELDS = frozenset({"title", "description", "summary", "content", "encoded", "body"})
# The MIME type of a text construct without a ``type``, as feedparser named it.
_DEFAULT_MIME = {"description": "text/html", "summary": "text/plain", "content": "text/plain",
                 "encoded": "text/html", "body": "application/xhtml+xml"}  # fmt: skip
_AUTHOR_PARTS = frozenset({"name", "email"})


class FeedSyntaxError(Exception):
    """The document is not well-formed XML (or expat refused it): what and on which line, and
    the entries finished in the same piece before the error (they are sound)."""

    def __init__(self, reason: str, line: int, entries: list[RawEntry]) -> None:
        super().__init__(f"{reason} at line {line}")
        self.reason = reason
        self.line = line
        self.entries = entries


@dataclass(frozen=True)
class TextConstruct:
    """The text of a title, summary or content and its MIME type (``text/html`` …)."""

    value: str
    mime: str


@dataclass
class RawEntry:
    """One entry as the feed wrote it; ``line`` is where it starts in the document."""

    line: int
    title: str = ""
    link: str = ""
    id: str = ""
    author: str = ""
    tags: list[str] = field(default_factory=list)
    contents: list[TextConstruct] = field(default_factory=list)
    summary: TextConstruct | None = None
    published: str = ""
    updated: str = ""
    created: str = ""
    cut: bool = False
    """Its text went over the limit and was cut."""


class _Tag(str):
    """Markup met inside a text construct, kept apart from the text around it."""

    __slots__ = ()


@dataclass
class _Capture:
    """The text of one element being read: what it fills, from which depth."""

    key: str
    depth: int
    markup: bool  # whether child elements are kept as HTML (a text construct) or ignored
    attrs: dict[str, str]
    parts: list[str] = field(default_factory=list)
    has_tags: bool = False

    def text(self) -> str:
        if not self.has_tags:
            return _mended("".join(self.parts).strip())
        return _mended(
            "".join(p if isinstance(p, _Tag) else _escape(p) for p in self.parts).strip()
        )


# Windows-1252 text mislabelled as Latin-1 or UTF-8 brings C1 code points where the punctuation
# was ("\x93quoted\x94"); they are read as the characters meant, as feedparser read them. (A C1
# code point cp1252 leaves undefined stays, for the sanitizer to remove.)
_CP1252 = {code: bytes([code]).decode("cp1252") for code in range(0x80, 0xA0)
           if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}  # fmt: skip
_C1 = re.compile("[\x80-\x9f]")


def _mended(text: str) -> str:
    """``text`` with the two repairs feedparser made to every text: UTF-8 read as Latin-1
    ("CafÃ©") decoded again, and cp1252 punctuation in C1 code points mapped."""
    if not text.isascii():
        try:  # fails at once for most text outside Latin-1 (a try costs less than suppress())
            repaired = text.encode("iso-8859-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            repaired = text
        text = repaired
        # A C1 code point is C2 80-9F in UTF-8: looking for the byte C2 first is several times
        # faster than the regex over text outside Latin-1, and most text has none.
        if b"\xc2" in text.encode("utf-8", "surrogatepass") and _C1.search(text):
            text = text.translate(_CP1252)
    return text


class FeedScanner:
    """Reads a feed piece by piece; :meth:`feed` returns the entries finished so far."""

    def __init__(self, max_entry_chars: int = MAX_ENTRY_CHARS) -> None:
        self.max_entry_chars = max_entry_chars
        self.root = ""  # local name of the root element: rss, feed, RDF
        self.title = ""
        self.site_url = ""
        # UTF-8 whatever the document declares: it is given UTF-8 bytes or text (which expat
        # reads as UTF-8), already decoded by its declared encoding (reader.sources.xml_text)
        self._parser = expat.ParserCreate(encoding="utf-8", namespace_separator=_SEPARATOR)
        self._parser.buffer_text = True
        self._parser.buffer_size = 1 << 16
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._parser.CharacterDataHandler = self._text
        self._depth = 0
        self._container_depth = -1  # depth of <channel>/<feed>
        self._entry: RawEntry | None = None
        self._entry_depth = -1
        self._entry_chars = 0
        self._skip_depth = -1  # inside an element whose subtree is ignored (an entry's <source>)
        self._captures: list[_Capture] = []
        self._author: dict[str, str] = {}
        self._done: list[RawEntry] = []

    def feed(self, text: str | bytes, final: bool = False) -> list[RawEntry]:
        """Parse the next piece of the document (text, or UTF-8 bytes); FeedSyntaxError when it
        is not well-formed."""
        try:
            self._parser.Parse(text, final)
        except expat.ExpatError as error:
            done, self._done = self._done, []
            reason = expat.ErrorString(error.code) or "not well-formed"
            raise FeedSyntaxError(reason, error.lineno, done) from None
        done, self._done = self._done, []
        return done

    # -- expat handlers ------------------------------------------------------------------------

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self._depth += 1
        if self._skip_depth >= 0:
            return
        top = self._captures[-1] if self._captures else None
        if top is not None and top.markup:
            self._add(top, _Tag(_open_tag(name, attrs)))
            top.has_tags = True
            return
        namespace, local = _split(name)
        if self._depth == 1:
            self.root = local
            if local == "feed":
                self._container_depth = 1
        elif self._entry is not None:
            self._entry_start(namespace, local, attrs)
        elif local in _ENTRIES and namespace in _CORE:
            self._entry = RawEntry(line=self._parser.CurrentLineNumber)
            self._entry_depth = self._depth
            self._entry_chars = 0
            about = attrs.get(f"{RDF}{_SEPARATOR}about")
            if about:
                self._entry.id = about
        elif local in _CONTAINERS and namespace in _CORE and self._container_depth < 0:
            self._container_depth = self._depth
        elif self._depth == self._container_depth + 1 and namespace in _CORE:
            self._feed_start(local, attrs)

    def _entry_start(self, namespace: str, local: str, attrs: dict[str, str]) -> None:
        if self._captures and self._captures[-1].key == "author":
            if local in _AUTHOR_PARTS and namespace in _CORE:
                self._captures.append(_Capture(local, self._depth, False, attrs))
            return
        if local == "source" and namespace in _CORE:
            self._skip_depth = self._depth
            return
        key = _ENTRY_FIELDS.get((namespace, local))
        if key is None or self._captures:
            return
        if key == "link" and "href" in attrs:
            self._atom_link(attrs)
            return
        if key == "author":
            self._author = {}
        self._captures.append(_Capture(key, self._depth, key in _MARKUP_FIELDS, attrs))

    def _feed_start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "title" and not self.title:
            self._captures.append(_Capture("feed-title", self._depth, True, attrs))
        elif local == "link":
            if "href" not in attrs:
                self._captures.append(_Capture("feed-link", self._depth, False, attrs))
            elif _is_alternate(attrs):
                self.site_url = attrs["href"]

    def _text(self, data: str) -> None:
        if not self._captures or self._skip_depth >= 0:
            return
        top = self._captures[-1]
        if top.markup or top.depth == self._depth:
            self._add(top, data)

    def _end(self, name: str) -> None:
        depth = self._depth
        self._depth -= 1
        if self._skip_depth >= 0:
            if depth == self._skip_depth:
                self._skip_depth = -1
            return
        top = self._captures[-1] if self._captures else None
        if top is not None and depth > top.depth:
            if top.markup:
                self._add(top, _Tag(f"</{_split(name)[1]}>"))
            return
        if top is not None:
            self._captures.pop()
            self._finish(top)
        elif self._entry is not None and depth == self._entry_depth:
            self._done.append(self._entry)
            self._entry = None
        elif depth == self._container_depth:
            self._container_depth = -2  # only the first channel/feed is the feed's own

    # -- finished fields -----------------------------------------------------------------------

    def _add(self, capture: _Capture, text: str) -> None:
        if self._entry is None:
            if sum(map(len, capture.parts)) < self.max_entry_chars:
                capture.parts.append(text)
            return
        room = self.max_entry_chars - self._entry_chars
        if len(text) > room:
            self._entry.cut = True
            text = text[: max(0, room)] if not isinstance(text, _Tag) else ""
        self._entry_chars += len(text)
        if text:
            capture.parts.append(text)

    def _finish(self, capture: _Capture) -> None:
        value = capture.text()
        if capture.key == "feed-title":
            self.title = value
            return
        if capture.key == "feed-link":
            self.site_url = value
            return
        if capture.key in _AUTHOR_PARTS:
            self._author[capture.key] = value
            return
        entry = self._entry
        if entry is not None:
            _FINISH[capture.key](self, entry, capture, value)

    def _atom_link(self, attrs: dict[str, str]) -> None:
        if self._entry is not None and _is_alternate(attrs):
            self._entry.link = attrs["href"]

    def _finish_author(self, entry: RawEntry, _capture: _Capture, value: str) -> None:
        name, email = self._author.get("name", ""), self._author.get("email", "")
        if name and email:
            entry.author = f"{name} ({email})"
        else:
            entry.author = name or email or value
        self._author = {}


def _set(key: str) -> Callable[[FeedScanner, RawEntry, _Capture, str], None]:
    def finish(_scanner: FeedScanner, entry: RawEntry, _capture: _Capture, value: str) -> None:
        setattr(entry, key, value)

    return finish


def _finish_id(_scanner: FeedScanner, entry: RawEntry, capture: _Capture, value: str) -> None:
    entry.id = value
    is_link = _attr(capture.attrs, "isPermaLink", "true") == "true"
    if is_link and not entry.link:  # as feedparser: a permalink guid is the link when none is
        entry.link = value


def _finish_category(
    _scanner: FeedScanner, entry: RawEntry, capture: _Capture, value: str
) -> None:
    entry.tags.extend(tag for tag in (capture.attrs.get("term", ""), value) if tag)


def _finish_summary(
    _scanner: FeedScanner, entry: RawEntry, capture: _Capture, value: str
) -> None:
    entry.summary = TextConstruct(value, _mime(capture))


def _finish_content(
    _scanner: FeedScanner, entry: RawEntry, capture: _Capture, value: str
) -> None:
    entry.contents.append(TextConstruct(value, _mime(capture)))


def _finish_title(_scanner: FeedScanner, entry: RawEntry, _capture: _Capture, value: str) -> None:
    entry.title = value


def _finish_link(_scanner: FeedScanner, entry: RawEntry, _capture: _Capture, value: str) -> None:
    entry.link = value


_FINISH: dict[str, Callable[[FeedScanner, RawEntry, _Capture, str], None]] = {
    "title": _finish_title,
    "link": _finish_link,
    "id": _finish_id,
    "author": FeedScanner._finish_author,
    "category": _finish_category,
    "description": _finish_summary,
    "summary": _finish_summary,
    "content": _finish_content,
    "encoded": _finish_content,
    "body": _finish_content,
    "published": _set("published"),
    "updated": _set("updated"),
    "created": _set("created"),
}


def _mime(capture: _Capture) -> str:
    """The MIME type of a text construct, as feedparser named it."""
    declared = capture.attrs.get("type", "").lower()
    return _CONTENT_TYPES.get(declared, declared) if declared else _DEFAULT_MIME[capture.key]


def _is_alternate(attrs: dict[str, str]) -> bool:
    rel = attrs.get("rel", "alternate")
    mime = attrs.get("type", "application/atom+xml" if rel == "self" else "text/html")
    return rel == "alternate" and _CONTENT_TYPES.get(mime.lower(), mime.lower()) in _HTML_TYPES


def _attr(attrs: dict[str, str], name: str, default: str) -> str:
    """An attribute by name whatever its case (feedparser lowercased every attribute name)."""
    lowered = name.lower()
    for key, value in attrs.items():
        if key.lower() == lowered:
            return value
    return default


def _split(name: str) -> tuple[str, str]:
    namespace, _, local = name.rpartition(_SEPARATOR)
    return namespace, local


def _open_tag(name: str, attrs: dict[str, str]) -> str:
    rendered = "".join(
        f' {_split(key)[1]}="{_escape(value, quote=True)}"' for key, value in attrs.items()
    )
    return f"<{_split(name)[1]}{rendered}>"


def _escape(text: str, quote: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text
