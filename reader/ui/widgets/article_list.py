"""The article list: a virtualized list (no widget per row), each field laid out on its own."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import ClassVar, NamedTuple, Protocol

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.config import DEFAULT_LIST_COLUMNS
from reader.text.direction import Direction
from reader.text.logical import VISUAL, TextLayout
from reader.text.shaping import delete_harakat


class ListItem(Protocol):
    """What a row needs: articles and library rows both have these."""

    @property
    def title(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def published(self) -> date | None: ...


CHIPS_REFRESH = 1.0  # seconds between looks for the names of newly analysed articles
MarkerFunction = Callable[[int], str]
ChipFunction = Callable[[int], Sequence[str]]
"""The top names of the article at a row index (empty until it is analysed)."""
SNIPPET_MIN_TITLE = 24  # a title column narrower than this shows no snippet beside the title
SNIPPET_MIN_CELLS = 8  # nor when fewer cells than this are left for the snippet
SNIPPET_SEPARATOR = " · "
FIELDS_KEPT = 1024  # laid-out titles and sources kept across lists (a search typed further)


class SnippetSource(Protocol):
    """The search snippets of rows (see :class:`reader.services.snippets.SearchSnippets`)."""

    def snippet(self, index: int) -> str | None: ...
    def loader(self, indices: Iterable[int]) -> Callable[[], None]: ...



class Columns(NamedTuple):
    """The fields of a row, in order, with their widths in cells at one list width."""

    fields: tuple[tuple[str, int], ...]

    @classmethod
    def for_width(cls, width: int, fields: Sequence[str] = DEFAULT_LIST_COLUMNS) -> Columns:
        usable = max(width - 1, 1)  # one cell for the state marker
        wanted = {
            "date": 10 if usable >= 48 else 6 if usable >= 24 else 0,
            "source": min(16, usable // 5) if usable >= 40 else 0,
            "entities": min(28, usable // 4) if usable >= 60 else 0,
        }
        shown = [name for name in fields if name == "title" or wanted.get(name, 0)]
        fixed = sum(wanted.get(name, 0) for name in shown if name != "title")
        gaps = max(len(shown) - 1, 0)
        title = max(usable - fixed - gaps, 1)
        return cls(tuple((name, title if name == "title" else wanted[name]) for name in shown))

    def width_of(self, name: str) -> int:
        return next((cells for field, cells in self.fields if field == name), 0)

    @property
    def title(self) -> int:
        return self.width_of("title")

    def start_of(self, name: str) -> int:
        """The first cell of a field, counted after the state marker."""
        start = 0
        for field, cells in self.fields:
            if field == name:
                return start
            start += cells + 1
        return start


def format_date(published: date | None, width: int) -> str:
    if published is None or width == 0:
        return ""
    return published.isoformat() if width >= 10 else published.strftime("%d %b")


def title_with_snippet(title: str, snippet: str, width: int,
                       layout: TextLayout = VISUAL) -> list[tuple[str, str]]:
    """The title column as (text, kind) parts: the title, each laid out on its own, then (on
    the side it reads towards) a dimmed snippet of the search match in the cells left."""
    if not snippet or width < SNIPPET_MIN_TITLE:
        return [(field_cells(title, width, layout), "title")]
    head = layout.field(title, width * 3 // 5)
    rest = width - head.cells - len(SNIPPET_SEPARATOR)
    if rest < SNIPPET_MIN_CELLS:
        return [(field_cells(title, width, layout), "title")]
    tail = layout.field(snippet, rest).aligned(rest)
    if head.direction is Direction.RTL:  # the title at the right edge, the snippet to its left
        return [(tail, "meta"), (SNIPPET_SEPARATOR, "meta"), (head.text, "title")]
    return [(head.text, "title"), (SNIPPET_SEPARATOR, "meta"), (tail, "meta")]


def field_cells(text: str, width: int, layout: TextLayout = VISUAL) -> str:
    """One field laid out as its own paragraph, padded to exactly ``width`` cells.

    Right-to-left fields end at the column's right edge, so the column reads from its start.
    """
    if width <= 0:
        return ""
    return layout.field(text, width).aligned(width)


class ArticleList(ScrollView, can_focus=True):
    """Articles as rows of title, source and date; the cursor row is highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g,home", "first", "First", show=False, id="list.first"),
        Binding("G,end", "last", "Last", show=False, id="list.last"),
        Binding("ctrl+d", "page_down_list", "Page down", show=False, id="list.page-down"),
        Binding("ctrl+u", "page_up_list", "Page up", show=False, id="list.page-up"),
        Binding("enter", "open", "Open", id="list.open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--meta",
        "article-list--marker",
    }

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    ArticleList > .article-list--cursor { background: $panel; text-style: bold; }
    ArticleList:focus > .article-list--cursor { background: $primary 40%; text-style: bold; }
    ArticleList > .article-list--meta { color: $text-muted; }
    ArticleList > .article-list--marker { color: $accent; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)
    """Index of the highlighted row."""

    class Highlighted(Message):
        """The cursor moved onto another article."""

        def __init__(self, article_list: ArticleList, index: int) -> None:
            super().__init__()
            self.article_list = article_list
            self.index = index

        @property
        def control(self) -> ArticleList:
            return self.article_list

    class Selected(Highlighted):
        """The user asked to open the article under the cursor."""

    def __init__(
        self,
        items: Sequence[ListItem] = (),
        *,
        marker: MarkerFunction | None = None,
        chips: ChipFunction | None = None,
        snippets: SnippetSource | None = None,
        columns: Sequence[str] = DEFAULT_LIST_COLUMNS,
        layout: TextLayout = VISUAL,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._items: Sequence[ListItem] = items
        self._marker = marker
        self._chips = chips
        self._snippets = snippets
        self._snippets_wanted: set[int] = set()  # rows drawn without their snippet yet
        self._snippets_asked: set[int] = set()  # rows of these items whose snippet is on its way
        self._columns = tuple(columns)
        self._layout = layout
        self._shows_chips = "entities" in self._columns
        self._row_cache: dict[tuple[int, int, tuple[str, ...], str],
                              list[tuple[str, str]]] = {}
        # By text, not row: kept when the rows are replaced, as each key typed in a search
        # lists mostly the rows of the previous key's, newest first (a row's first drawing
        # shapes its title: most of what drawing a new search's rows costs).
        self._field_cache: dict[tuple[str, str, int, str, bool], list[tuple[str, str]]] = {}
        self._style_cache: dict[tuple[bool, bool], dict[str, Style]] = {}

    @property
    def items(self) -> Sequence[ListItem]:
        return self._items

    def set_items(self, items: Sequence[ListItem], *, cursor: int = 0) -> None:
        """Replace the rows (a new view of the library, a filter, a pivot)."""
        self._items = items
        self._snippets_asked = set()
        self._row_cache.clear()
        self.virtual_size = Size(self.size.width, len(items))
        self.cursor = min(max(cursor, 0), max(len(items) - 1, 0))
        self.refresh()

    def items_resized(self) -> None:
        """The rows' number changed in place (a search's total counted after its first page
        was drawn): the scroll range follows, the rows on screen stay as drawn."""
        self.virtual_size = Size(self.size.width, len(self._items))

    def refresh_row(self, index: int) -> None:
        """Redraw one row after its state (read, starred) changed."""
        self._row_cache = {key: v for key, v in self._row_cache.items() if key[0] != index}
        self.refresh_line(index - self.scroll_offset.y)

    def on_mount(self) -> None:
        if self._shows_chips:  # names come as articles are analysed, here or in the background
            self.set_interval(CHIPS_REFRESH, self.refresh)

    def on_resize(self, event: events.Resize) -> None:
        self._row_cache.clear()
        self.virtual_size = Size(event.size.width, len(self._items))

    def watch_cursor(self, old: int, new: int) -> None:
        if not self._items:
            return
        self.scroll_to_region_row(new)
        self.refresh()
        self.post_message(self.Highlighted(self, new))

    def scroll_to_region_row(self, row: int) -> None:
        top = self.scroll_offset.y
        height = max(self.scrollable_content_region.height, 1)
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)

    def _move(self, delta: int) -> None:
        if self._items:
            self.cursor = min(max(self.cursor + delta, 0), len(self._items) - 1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_first(self) -> None:
        self._move(-len(self._items))

    def action_last(self) -> None:
        self._move(len(self._items))

    def action_page_down_list(self) -> None:
        self._move(max(self.scrollable_content_region.height - 1, 1))

    def action_page_up_list(self) -> None:
        self._move(-max(self.scrollable_content_region.height - 1, 1))

    def action_open(self) -> None:
        if self._items:
            self.post_message(self.Selected(self, self.cursor))

    def on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def on_blur(self, event: events.Blur) -> None:
        self.refresh()

    async def on_click(self, event: events.Click) -> None:
        row = event.y + self.scroll_offset.y
        if 0 <= row < len(self._items):
            self.cursor = row
            if event.chain >= 2:
                self.action_open()

    def _row_fields(self, index: int, width: int) -> list[tuple[str, str]]:
        # The names come with the article's analysis, which may arrive after the row is drawn.
        chips = tuple(self._chips(index)) if self._chips and self._shows_chips else ()
        snippet = self._snippet(index)
        key = (index, width, chips, snippet)
        cached = self._row_cache.get(key)
        if cached is not None:
            return cached
        item = self._items[index]
        fields = [(self._marker(index) if self._marker else " ", "marker")]
        for number, (name, cells) in enumerate(Columns.for_width(width, self._columns).fields):
            if name == "title":
                parts = self._laid_out(name, item.title, cells, snippet)
            elif name == "source":
                parts = self._laid_out(name, item.source, cells)
            else:
                parts = [(self._field_text(item, name, cells, chips), "meta")]
            if number:  # the gap takes the style of the field it opens
                parts[0] = (" " + parts[0][0], parts[0][1])
            fields.extend(parts)
        if len(self._row_cache) > 4096:
            self._row_cache.clear()
        self._row_cache[key] = fields
        return fields

    def _laid_out(self, name: str, text: str, cells: int, snippet: str = ""
                  ) -> list[tuple[str, str]]:
        """A title (with its snippet) or a source laid out in ``cells``, as (text, kind) parts."""
        key = (name, text, cells, snippet, delete_harakat())
        parts = self._field_cache.get(key)
        if parts is None:
            if name == "title":
                parts = title_with_snippet(text, snippet, cells, self._layout)
            else:
                parts = [(field_cells(text, cells, self._layout), "meta")]
            if len(self._field_cache) >= FIELDS_KEPT:
                del self._field_cache[next(iter(self._field_cache))]  # the oldest
            self._field_cache[key] = parts
        return list(parts)  # the caller changes its first part (the gap before a field)

    def _snippet(self, index: int) -> str:
        """The row's search snippet; a row without one yet is fetched after this refresh."""
        if self._snippets is None:
            return ""
        snippet = self._snippets.snippet(index)
        if snippet is None:
            # A row drawn again while its snippet is on its way (its count, a focus change
            # redraws the list) is not asked for twice.
            if index not in self._snippets_asked:
                if not self._snippets_wanted:
                    self.call_after_refresh(self._fetch_snippets)
                self._snippets_wanted.add(index)
            return ""
        return snippet

    def _fetch_snippets(self) -> None:
        """Fetch in a worker the snippets of the rows just drawn without one (only rows on
        screen are drawn, so a search of 500 matches costs a screenful of snippets)."""
        if self._snippets is None or not self._snippets_wanted:
            return
        asked, self._snippets_wanted = self._snippets_wanted, set()
        load = self._snippets.loader(asked)
        self._snippets_asked |= asked
        items = self._items

        def work() -> None:
            load()
            self.app.call_from_thread(self._snippets_arrived, items, asked)

        self.run_worker(work, thread=True, group="snippets", exit_on_error=False)

    def _snippets_arrived(self, items: Sequence[ListItem], asked: set[int]) -> None:
        if items is self._items:
            self._snippets_asked -= asked
        self.refresh()

    def _field_text(self, item: ListItem, name: str, cells: int, chips: Sequence[str]) -> str:
        if name == "date":
            return format_date(item.published, cells).rjust(cells)
        if name == "entities":
            return field_cells(" · ".join(chips), cells, self._layout)
        return field_cells(item.title, cells, self._layout)

    def notify_style_update(self) -> None:
        self._style_cache.clear()
        super().notify_style_update()

    def _row_styles(self, is_cursor: bool) -> dict[str, Style]:
        """Styles of a row's fields, computed once per theme or focus change."""
        key = (is_cursor, self.has_focus)
        cached = self._style_cache.get(key)
        if cached is None:
            row = self.rich_style
            if is_cursor:
                row += self.get_component_rich_style("article-list--cursor")
            cached = {
                "row": row,
                "title": row,
                "meta": row + self.get_component_rich_style("article-list--meta"),
                "marker": row + self.get_component_rich_style("article-list--marker"),
            }
            self._style_cache[key] = cached
        return cached

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        if index >= len(self._items) or width <= 0:
            return Strip.blank(width, self.rich_style)
        styles = self._row_styles(index == self.cursor)
        segments = [Segment(text, styles[kind]) for text, kind in self._row_fields(index, width)]
        return Strip(segments).adjust_cell_length(width, styles["row"])
