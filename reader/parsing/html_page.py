"""HTML articles: the main text of a page, read with the standard library's ``html.parser``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from reader.parsing.common import Draft, clean
from reader.parsing.dates import parse_date

_SKIP_TAGS = """script style nav header footer aside form noscript template svg button select
iframe object canvas dialog"""
_BLOCK_TAGS = """p div li h1 h2 h3 h4 h5 h6 blockquote pre td th dt dd figcaption section article
main ul ol dl table tr body br hr address details summary"""
SKIP = frozenset(_SKIP_TAGS.split())
BLOCKS = frozenset(_BLOCK_TAGS.split())
_HIDDEN = frozenset({"script", "style", "template", "noscript"})
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag, if any."""
    found = _CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else None


@dataclass
class _Paragraph:
    text: str
    in_article: bool
    in_main: bool
    tag: str


@dataclass
class _State:
    paragraphs: list[_Paragraph] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    h1: str = ""
    title: str = ""
    time: str = ""
    lang: str = ""


class _PageParser(HTMLParser):
    """Collects block-level paragraphs, noting whether each is inside <article> or <main>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.state = _State()
        self._open: dict[str, int] = {}
        self._buffer: list[str] = []
        self._block = "p"
        self._capture: list[str] | None = None
        self._capture_tag = ""

    def _depth(self, tag: str) -> int:
        return self._open.get(tag, 0)

    def _skipping(self) -> bool:
        return any(self._depth(tag) for tag in SKIP)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key.lower(): value or "" for key, value in attrs}
        self._note_attributes(tag, values)
        if tag in BLOCKS:
            self._flush()
            self._block = tag
        if tag in ("h1", "title") and self._capture is None and not self._skipping_hidden():
            self._capture, self._capture_tag = [], tag
        if tag not in ("br", "hr", "meta", "link", "img", "input"):
            self._open[tag] = self._depth(tag) + 1

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self._flush()
        if tag == self._capture_tag and self._capture is not None:
            self._store_capture(clean(" ".join(self._capture)))
            self._capture, self._capture_tag = None, ""
        if self._depth(tag):
            self._open[tag] -= 1

    def handle_data(self, data: str) -> None:
        if self._capture is not None:
            self._capture.append(data)
        if not self._skipping() and self._depth("head") == 0 and self._depth("title") == 0:
            self._buffer.append(data if self._depth("pre") else re.sub(r"\s+", " ", data))

    def close(self) -> None:
        super().close()
        self._flush()

    def _skipping_hidden(self) -> bool:
        return any(self._depth(tag) for tag in _HIDDEN)

    def _store_capture(self, text: str) -> None:
        if self._capture_tag == "h1" and not self.state.h1:
            self.state.h1 = text
        elif self._capture_tag == "title" and not self.state.title:
            self.state.title = text

    def _flush(self) -> None:
        text = clean("".join(self._buffer))
        self._buffer.clear()
        if text:
            paragraph = _Paragraph(
                text, bool(self._depth("article")), bool(self._depth("main")), self._block
            )
            self.state.paragraphs.append(paragraph)

    def _note_attributes(self, tag: str, values: dict[str, str]) -> None:
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            if key and "content" in values:
                self.state.meta.setdefault(key, values["content"])
        elif tag == "time" and not self.state.time:
            self.state.time = values.get("datetime", "")
        elif tag == "html":
            self.state.lang = values.get("lang", "")
        elif tag == "link" and values.get("rel", "").lower() == "canonical":
            self.state.meta.setdefault("canonical", values.get("href", ""))


def parse_html(text: str) -> Draft:
    """Parse an HTML page: title from <h1> then <title>, body from <article>, <main> or <body>."""
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    state = parser.state
    meta = state.meta
    title = state.h1 or state.title or meta.get("og:title", "")
    date_text = state.time or meta.get("article:published_time", "") or meta.get("date", "")
    draft = Draft(
        title=title,
        paragraphs=[p.text for p in _main_paragraphs(state.paragraphs) if clean(p.text) != title],
        source=meta.get("og:site_name", ""),
        category=meta.get("article:section", ""),
        published=parse_date(date_text) if date_text else None,
        url=meta.get("og:url", "") or meta.get("canonical", ""),
    )
    if state.lang:
        draft.extra["html_lang"] = state.lang
    if date_text:
        draft.extra["date_text"] = date_text
    return draft


def _main_paragraphs(paragraphs: list[_Paragraph]) -> list[_Paragraph]:
    """Paragraphs inside <article> if any, else inside <main>, else all of them."""
    in_article = [p for p in paragraphs if p.in_article]
    if in_article:
        return in_article
    return [p for p in paragraphs if p.in_main] or paragraphs
