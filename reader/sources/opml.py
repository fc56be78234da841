"""OPML lists of feeds: reading the feeds a list names (with their folder), writing one."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple, Protocol

from reader.sources.errors import SourceError
from reader.sources.xml_text import decode_xml, strip_declaration

MAX_DEPTH = 64  # outlines in outlines: folders of folders; real lists go three or four deep
_CHUNK = 64 * 1024


class ListedFeed(NamedTuple):
    """One feed named by an OPML list."""

    url: str
    title: str = ""
    site_url: str = ""
    folder: str = ""


class FeedLike(Protocol):
    """What :func:`write_opml` needs of a subscription."""

    @property
    def url(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def site_url(self) -> str: ...
    @property
    def folder(self) -> str: ...


def parse_opml(data: bytes, origin: str) -> list[ListedFeed]:
    """The feeds listed in an OPML document (outline ``xmlUrl``), with their folder.

    Read as a stream of elements, never as a tree walked by recursion: an outline nested deeper
    than :data:`MAX_DEPTH` is refused with one message, however deep the file goes.
    """
    text = strip_declaration(decode_xml(data, origin)).lstrip("\ufeff")
    reader = _OutlineReader(origin)
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    try:
        for start in range(0, len(text), _CHUNK):
            parser.feed(text[start : start + _CHUNK])
            reader.take(parser.read_events())
        parser.close()
        reader.take(parser.read_events())
    except ET.ParseError as error:
        raise SourceError(f"{origin}: not a well-formed OPML file ({error})") from None
    if not reader.saw_root:
        raise SourceError(f"{origin}: not a well-formed OPML file (no element)")
    return reader.found


class _OutlineReader:
    """Follows the element events of an OPML file: the feeds in ``<body>`` and the folders
    (outlines without a feed URL) around them. Outlines inside a feed are not feeds."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.found: list[ListedFeed] = []
        self.saw_root = False
        self._body_seen = False
        # per open element: whether its outline children are read, and the folder they are in
        self._open: list[tuple[bool, str]] = []

    def take(self, events: Iterator[tuple[Any, ...]]) -> None:
        for item in events:  # only start and end events were asked for: (event, element)
            event, element = item[0], item[1]
            if event == "end":
                self._open.pop()
                element.clear()  # the tree is never needed: keep memory flat
            else:
                self._open.append(self._start(element))

    def _start(self, element: ET.Element) -> tuple[bool, str]:
        depth = len(self._open)  # <opml> is 0, <body> 1, its outlines 2
        if depth - 1 > MAX_DEPTH:
            raise SourceError(f"{self.origin}: outlines nested more than {MAX_DEPTH} deep")
        if depth == 0:
            self.saw_root = True
            if element.tag.lower() != "opml":
                raise SourceError(f"{self.origin}: not an OPML file")
            return False, ""
        if depth == 1:
            is_body = element.tag == "body" and not self._body_seen
            self._body_seen = self._body_seen or is_body
            return is_body, ""
        reading, folder = self._open[-1]
        if not reading or element.tag != "outline":
            return False, ""
        url = (element.get("xmlUrl") or element.get("xmlurl") or "").strip()
        label = (element.get("title") or element.get("text") or "").strip()
        if url:
            site = element.get("htmlUrl") or ""
            self.found.append(ListedFeed(url=url, title=label, site_url=site, folder=folder))
            return False, ""
        return True, label or folder


def write_opml(feeds: Iterable[FeedLike], title: str = "reader subscriptions") -> str:
    """An OPML 2.0 document listing ``feeds`` grouped by folder."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for feed in feeds:
        parent = body
        if feed.folder:
            if feed.folder not in folders:
                folders[feed.folder] = ET.SubElement(body, "outline", text=feed.folder)
            parent = folders[feed.folder]
        attrs = {"type": "rss", "text": feed.title or feed.url, "xmlUrl": feed.url}
        if feed.title:
            attrs["title"] = feed.title
        if feed.site_url:
            attrs["htmlUrl"] = feed.site_url
        ET.SubElement(parent, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
