"""The article body: laid out by the text engine at the pane's width, drawn line by line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.lang.matches import match_spans
from reader.model.article import Article
from reader.text.direction import Direction
from reader.text.fields import field_rows
from reader.text.layout import VisualLine, styled_segments
from reader.text.logical import VISUAL, TextLayout
from reader.text.output import visible_url

MARGIN = 1
MAX_MEASURE = 100  # the longest line worth reading; wider panes centre the text


class BodyLine(NamedTuple):
    """One screen line of the article: a laid-out line and what part of the article it shows."""

    line: VisualLine | None
    kind: str  # "title", "meta", "body", "blank"
    paragraph: int = -1


def metadata_lines(article: Article, width: int, layout: TextLayout) -> list[VisualLine]:
    direction = article.direction if layout is VISUAL else Direction.LTR
    lines = []
    for row in field_rows(article.metadata_fields(), width, direction=direction,
                          field=layout.field):
        cells = cell_len(row)
        lines.append(VisualLine(row, cells, direction, 0, 0, tuple(range(len(row)))))
    return lines


def paragraph_offsets(paragraphs: Sequence[str]) -> list[int]:
    """Where each paragraph starts inside ``Article.body`` (paragraphs joined by a blank line)."""
    offsets, position = [], 0
    for paragraph in paragraphs:
        offsets.append(position)
        position += len(paragraph) + 2
    return offsets


def head_lines(article: Article, width: int, layout: TextLayout = VISUAL) -> list[BodyLine]:
    """The title and the metadata laid out for ``width`` cells."""
    lines = [BodyLine(line, "title") for line in layout.text(article.title, width,
                                                             fallback=article.direction)]
    lines += [BodyLine(line, "meta") for line in metadata_lines(article, width, layout)]
    if article.url:
        lines.append(BodyLine(link_line(article, width, layout), "meta"))
    return lines


def link_line(article: Article, width: int, layout: TextLayout) -> VisualLine:
    """The article's link, every control in it shown escaped, cut to one line."""
    return layout.field(visible_url(article.url), width)


def paragraph_lines(article: Article, index: int, width: int,
                    layout: TextLayout = VISUAL) -> list[BodyLine]:
    """Paragraph ``index`` laid out for ``width`` cells, after the blank line that opens it."""
    lines = [BodyLine(None, "blank")]
    lines += [BodyLine(line, "body", index)
              for line in layout.text(article.paragraphs[index], width,
                                      fallback=article.direction)]
    return lines


def build_lines(article: Article, width: int, layout: TextLayout = VISUAL) -> list[BodyLine]:
    """Title, metadata and paragraphs laid out for ``width`` cells, a blank line between blocks."""
    lines = head_lines(article, width, layout)
    for index in range(len(article.paragraphs)):
        lines += paragraph_lines(article, index, width, layout)
    return lines


class ArticleView(ScrollView, can_focus=True):
    """Shows one article; right-to-left paragraphs are right-aligned, lines in reading order."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Down", show=False, id="body.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="body.up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="body.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="body.bottom"),
        Binding("n", "next_hit", "Next search hit (when opened from a search)", show=False,
                id="body.next-hit"),
        Binding("N", "next_hit(False)", "Previous search hit", show=False,
                id="body.previous-hit"),
    ]

    mention_position: var[str] = var("")
    """Which mention (or search hit) n/N went to, as "mention 2/4" or "hit 2/4" (empty: none)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--title",
        "article-view--meta",
        "article-view--highlight",
        "article-view--current",
    }

    DEFAULT_CSS = """
    ArticleView {
        background: $background;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;  /* the text keeps its width when the scrollbar comes */
        overflow-x: hidden;
    }
    ArticleView > .article-view--title { color: $accent; text-style: bold; }
    ArticleView > .article-view--meta { color: $text-muted; }
    ArticleView > .article-view--highlight {
        background: $highlight-background; text-style: bold underline;
    }
    ArticleView > .article-view--current { text-style: bold underline reverse; }
    """

    def __init__(self, *, layout: TextLayout = VISUAL, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._layout = layout
        self.article: Article | None = None
        self._lines: list[BodyLine] = []
        self._laid_out = 0  # paragraphs in self._lines; the rest follow the first frame
        self._laid_width = 0  # the content width self._lines were laid out for
        self._measure = 0
        self._highlights: dict[int, list[tuple[int, int, str]]] = {}
        self._search_hits = False  # the open article came from a search and holds its words
        self._mentions: list[tuple[int, int, int]] = []  # (paragraph, start, end), in order
        self._current: int | None = None  # the mention n/N last went to
        self._mark_kind = "mention"  # what the marked spans are: "mention" or (search) "hit"
        self._style_cache: dict[str, Style] | None = None

    @property
    def lines(self) -> list[BodyLine]:
        self._finish_layout()
        return self._lines

    @property
    def measure(self) -> int:
        """The width the text is laid out at (the pane, less margins, at most MAX_MEASURE)."""
        return self._measure

    def show(self, article: Article | None, paragraph: int | None = None,
             search: str = "") -> None:
        """Display another article from its top, or from ``paragraph`` (where it was left),
        the words ``search`` found highlighted."""
        self.article = article
        self._highlights = {}
        self._mentions, self._current = [], None
        self.mention_position = ""
        self._relayout()
        self.scroll_to(y=0, animate=False)
        hits = match_spans(article.body, search) if article is not None and search else []
        self._search_hits = bool(hits)
        if hits:
            self.highlight(hits, kind="hit")
        if paragraph is not None:
            self.call_after_refresh(self._scroll_to_paragraph, article, paragraph)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Without search hits n and N fall through to the screen's next and previous unread.
        return self._search_hits if action == "next_hit" else True

    def action_next_hit(self, forward: bool = True) -> None:
        self.jump_to_highlight(forward)

    def _scroll_to_paragraph(self, article: Article | None, paragraph: int) -> None:
        if article is not self.article:
            return  # another article was opened since
        for row, body_line in enumerate(self.lines):
            if body_line.paragraph == paragraph:
                self.scroll_to(y=row, animate=False)
                return

    def top_paragraph(self) -> int | None:
        """The paragraph at the top of the body (None: the article's head is showing)."""
        top = self.scroll_offset.y
        if top == 0:
            return None
        return next((line.paragraph for line in self._lines[top:] if line.paragraph >= 0), None)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_width()

    def _fit_width(self) -> None:
        """Lay out again if the content width changed since the last layout.

        Both the Resize handler and render_line ask: a frame at a new size is usually drawn
        before the Resize message is handled (at start, always), and is laid out only once.
        """
        if self.scrollable_content_region.width != self._laid_width:
            self._relayout()

    def _relayout(self) -> None:
        """Lay out what fills the pane now, and the rest of a long article after this frame."""
        width = self.scrollable_content_region.width
        self._lines, self._laid_out, self._laid_width = [], 0, width
        self._measure = max(min(width - 2 * MARGIN, MAX_MEASURE), 1)
        if self.article is not None and width:  # else render_line lays out at its width
            self._lines = head_lines(self.article, self._measure, self._layout)
            wanted = self.scroll_offset.y + 2 * max(self.size.height, 1)
            while len(self._lines) < wanted and self._lay_out_next():
                pass
            if self._laid_out < len(self.article.paragraphs):
                self.call_after_refresh(self._finish_layout)
        self._resize_virtual()

    def _lay_out_next(self) -> bool:
        """Append the next paragraph's lines; False when every paragraph is laid out."""
        if self.article is None or self._laid_out >= len(self.article.paragraphs):
            return False
        self._lines += paragraph_lines(self.article, self._laid_out, self._measure,
                                       self._layout)
        self._laid_out += 1
        return True

    def _finish_layout(self) -> None:
        if self._lay_out_next():
            while self._lay_out_next():
                pass
            self._resize_virtual()

    def _resize_virtual(self) -> None:
        width = self.scrollable_content_region.width
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def highlight(self, spans: Sequence[tuple[int, int]], kind: str = "mention") -> None:
        """Mark spans of ``Article.body`` (entity mentions, or search hits: ``kind`` names
        them in :attr:`mention_position`) on whatever lines show them."""
        self._mentions, self._current = [], None
        self._mark_kind = kind
        self.mention_position = ""
        if self.article is not None:
            offsets = paragraph_offsets(self.article.paragraphs)
            for start, end in sorted(spans):
                for index, offset in enumerate(offsets):
                    length = len(self.article.paragraphs[index])
                    if offset <= start < offset + length:
                        local = (start - offset, min(end, offset + length) - offset)
                        self._mentions.append((index, *local))
                        break
        self._mark_mentions()

    def _mark_mentions(self) -> None:
        """Draw every mention highlighted, the current one (of n/N) apart from the others."""
        self._highlights = {}
        for number, (paragraph, start, end) in enumerate(self._mentions):
            style = "current" if number == self._current else "highlight"
            self._highlights.setdefault(paragraph, []).append((start, end, style))
        self.refresh()

    def highlight_rows(self) -> list[int]:
        """Screen rows holding a highlighted span, in order (for jumping between them)."""
        rows = []
        for row, body_line in enumerate(self.lines):
            line = body_line.line
            for start, end, _ in self._highlights.get(body_line.paragraph, ()):
                if line is not None and start < line.logical_end and end > line.logical_start:
                    rows.append(row)
                    break
        return rows

    def jump_to_highlight(self, forward: bool = True) -> bool:
        """Make the next (or previous) mention the current one, drawn apart (so the jump shows
        when every mention is on screen), and scroll its line to the top;
        :attr:`mention_position` says "mention 2/4" (or "hit 2/4"). False when there is none."""
        if not self._mentions:
            return False
        total = len(self._mentions)
        if self._current is None:
            self._current = 0 if forward else total - 1
        else:
            self._current = (self._current + (1 if forward else -1)) % total
        self.mention_position = f"{self._mark_kind} {self._current + 1}/{total}"
        self._mark_mentions()
        row = self._mention_row(self._mentions[self._current])
        if row is not None:
            self.scroll_to(y=row, animate=False)  # its line on top, as far as the body scrolls
        return True

    def _mention_row(self, mention: tuple[int, int, int]) -> int | None:
        """The screen row of the body holding the start of a mention."""
        paragraph, start, _end = mention
        for row, body_line in enumerate(self.lines):
            line = body_line.line
            if (body_line.paragraph == paragraph and line is not None
                    and line.logical_start <= start < line.logical_end):
                return row
        return None

    def notify_style_update(self) -> None:
        self._style_cache = None
        super().notify_style_update()

    def _styles(self) -> dict[str, Style]:
        """Rich styles per line kind, computed once per theme or style change."""
        if self._style_cache is None:
            self._style_cache = self._compute_styles()
        return self._style_cache

    def _compute_styles(self) -> dict[str, Style]:
        base = self.rich_style
        return {
            "title": base + self.get_component_rich_style("article-view--title"),
            "meta": base + self.get_component_rich_style("article-view--meta"),
            "body": base,
            "blank": base,
            "highlight": base + self.get_component_rich_style("article-view--highlight"),
            "current": base + self.get_component_rich_style("article-view--current"),
        }

    def render_lines(self, crop: Region) -> list[Strip]:
        if self.article is None:  # (the first frame, an empty list) one blank line, repeated
            return [Strip.blank(crop.width, self.rich_style)] * crop.height
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        self._fit_width()  # for this very frame, not after the Resize message
        width = self.scrollable_content_region.width
        index = y + self.scroll_offset.y
        styles = self._styles()
        if index >= len(self._lines) or width <= 0:
            return Strip.blank(width, styles["body"])
        body_line = self._lines[index]
        line = body_line.line
        if line is None:
            return Strip.blank(width, styles["body"])
        indent = MARGIN + max((width - 2 * MARGIN - self._measure) // 2, 0)
        padding = self._measure - line.cells
        left = indent + (padding if line.direction is Direction.RTL else 0)
        base = styles[body_line.kind]
        segments = [Segment(" " * left, base)]
        spans = self._highlights.get(body_line.paragraph, [])
        for text, style_name in styled_segments(line, spans):
            segments.append(Segment(text, styles[style_name] if style_name else base))
        return Strip(segments).adjust_cell_length(width, styles["body"])
