"""A small HTML-to-paragraphs converter for feed content (``content:encoded``, Atom content).

Block elements end a paragraph, ``<br>`` ends a line, scripts and styles are dropped, entities are
decoded. The result is plain logical-order text; nothing is rendered or reordered.
"""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "aside", "blockquote", "pre",
        "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
        "figure", "figcaption", "hr", "main", "nav", "address",
    }
)  # fmt: skip
_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "svg", "head"})


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
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
        lines = "".join(self._current).split("\n")
        text = "\n".join(" ".join(line.split()) for line in lines).strip()
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
    collector.feed(html)
    collector.close()
    collector.flush()
    return tuple(collector.paragraphs), tuple(collector.links)


def text_to_paragraphs(text: str) -> tuple[str, ...]:
    """Plain text split on blank lines, whitespace inside each paragraph collapsed."""
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return tuple(p for p in (" ".join(b.split()) for b in blocks) if p)
