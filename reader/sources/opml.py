"""OPML lists of feeds: reading the feeds a list names (with their folder), writing one."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import NamedTuple, Protocol

from reader.sources.errors import SourceError
from reader.sources.xml_text import decode_xml, strip_declaration


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
    """The feeds listed in an OPML document (outline ``xmlUrl``), with their folder."""
    try:
        root = ET.fromstring(strip_declaration(decode_xml(data, origin)).lstrip("\ufeff"))
    except ET.ParseError as error:
        raise SourceError(f"{origin}: not a well-formed OPML file ({error})") from None
    if root.tag.lower() != "opml":
        raise SourceError(f"{origin}: not an OPML file")
    body = root.find("body")
    found: list[ListedFeed] = []
    if body is not None:
        _walk_outlines(body, "", found)
    return found


def _walk_outlines(node: ET.Element, folder: str, found: list[ListedFeed]) -> None:
    for outline in node.findall("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        label = (outline.get("title") or outline.get("text") or "").strip()
        if url:
            site = outline.get("htmlUrl") or ""
            found.append(ListedFeed(url=url, title=label, site_url=site, folder=folder))
        else:
            _walk_outlines(outline, label or folder, found)


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
