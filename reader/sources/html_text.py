"""A small HTML-to-paragraphs converter for feed content (``content:encoded``, Atom content).

Block elements end a paragraph, ``<br>`` ends a line, scripts and styles are dropped, entities are
decoded. The result is plain logical-order text; nothing is rendered or reordered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from html import unescape

_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "aside", "blockquote", "pre",
        "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
        "figure", "figcaption", "hr", "main", "nav", "address",
    }
)  # fmt: skip
_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "svg", "head"})


class _Collector:
    """The paragraphs and links of markup, from the events html.parser names (given by
    :func:`_read_simple_markup`, or by html.parser itself: :func:`_parsing_collector`)."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._skipping = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.strip() not in self.links:
            self.links.append(href.strip())
        if tag in _SKIP:
            self._skipping += 1
        elif tag == "br":
            self._current.append("\n")
        elif tag in _BLOCKS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._current.append(data)

    def flush(self) -> None:
        if not self._current:  # a block's start and end both flush: most find nothing
            return
        joined = "".join(self._current)
        if "\n" in joined:
            lines = joined.split("\n")
            text = "\n".join(" ".join(line.split()) for line in lines).strip()
        else:  # the common case, one line: the same result without a loop
            text = " ".join(joined.split())
        if text:
            self.paragraphs.append(text)
        self._current = []


def html_to_paragraphs(html: str) -> tuple[str, ...]:
    """The text paragraphs of an HTML fragment."""
    return html_to_text_and_links(html)[0]


def html_to_text_and_links(html: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The text paragraphs of an HTML fragment and the targets of its links (``href`` as
    written, in order, each once: unchecked, hostile like the rest)."""
    collector = _Collector()
    if not _read_simple_markup(html, collector):
        collector = _html_parser_collect()(html)
    collector.flush()
    return tuple(collector.paragraphs), tuple(collector.links)


@cache
def _html_parser_collect() -> Callable[[str], _Collector]:
    """How html.parser fills a :class:`_Collector`, for markup :func:`_read_simple_markup` leaves
    alone (html.parser is imported then: a feed of simple markup never needs it)."""
    from html.parser import HTMLParser

    class ParsingCollector(_Collector, HTMLParser):
        def __init__(self) -> None:
            HTMLParser.__init__(self, convert_charrefs=True)
            _Collector.__init__(self)

    def collect(html: str) -> _Collector:
        collector = ParsingCollector()
        collector.feed(html)
        collector.close()
        return collector

    return collect


# Markup as feeds mostly carry it: tags with quoted attributes, text and entities, nothing else.
# It is tokenised by one regex and given to the same handlers (three times faster than
# html.parser, which is most of the cost of reading a feed); anything else (a comment, a
# declaration, an unquoted attribute, a stray "<", script or style) takes html.parser.
_ATTRIBUTE = r"""[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:"[^"<]*"|'[^'<]*'))?"""
_SIMPLE_TAG = re.compile(
    rf"<(?:([a-zA-Z][a-zA-Z0-9]*)((?:\s+{_ATTRIBUTE})*)\s*(/?)|/([a-zA-Z][a-zA-Z0-9]*)\s*)>"
)
_ATTRIBUTE_PARTS = re.compile(
    r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"<]*)"|'([^'<]*)'))?"""
)
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "plaintext", "xmp"})


def _read_simple_markup(html: str, collector: _Collector) -> bool:
    """Feed ``html`` to ``collector`` when it is simple markup (see above); False, with
    nothing fed, when it is not."""
    pieces = _SIMPLE_TAG.split(html)
    if any("<" in text for text in pieces[::5]):
        return False
    if any(name.lower() in _RAW_TEXT for name in pieces[1::5] if name):
        return False
    collector.handle_data(unescape(pieces[0]))
    for index in range(1, len(pieces), 5):
        name, attributes, closed, end = pieces[index : index + 4]
        if end:
            collector.handle_endtag(end.lower())
        else:
            collector.handle_starttag(name.lower(), _attributes(attributes))
            if closed:
                collector.handle_endtag(name.lower())
        text = pieces[index + 4]
        if text:
            collector.handle_data(unescape(text))
    return True


def _attributes(written: str) -> list[tuple[str, str | None]]:
    if not written:
        return []
    return [
        (name.lower(), unescape(double or single) if value_given else None)
        for name, double, single, value_given in (
            (m.group(1), m.group(2) or "", m.group(3) or "", m.group(2) is not None
             or m.group(3) is not None)
            for m in _ATTRIBUTE_PARTS.finditer(written)
        )
    ]  # fmt: skip


def text_to_paragraphs(text: str) -> tuple[str, ...]:
    """Plain text split on blank lines, whitespace inside each paragraph collapsed."""
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return tuple(p for p in (" ".join(b.split()) for b in blocks) if p)
