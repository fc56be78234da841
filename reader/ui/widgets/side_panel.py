"""The side panel: entities grouped by type with counts, then keywords with score bars."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from textual import events, on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.text.direction import Direction, first_strong_direction
from reader.text.logical import VISUAL, TextLayout

if TYPE_CHECKING:
    from reader.store.analysis import AnalysisLike
    from reader.store.models import EntityCount, KeywordCount


class PanelEntity(NamedTuple):
    """An entity as listed: of the open article (with its mentions) or of the whole list.

    A named tuple, as PanelKeyword: a frozen dataclass took 3 M instructions to create at every
    start, a named tuple a fifth of that."""

    text: str
    label: str
    tally: int  # its mentions in the article, or the articles of the list naming it
    spans: tuple[tuple[int, int], ...] = ()


class PanelKeyword(NamedTuple):
    text: str
    score: float

LABEL_TITLES = {
    "PERSON": "People",
    "LOCATION": "Places",
    "ORGANIZATION": "Organisations",
    "MISC": "Other names",
    "DATE": "Dates",
    "NUMBER": "Numbers",
}
# Each type's colour, a CSS variable every bundled theme sets (themes.variable_defaults gives
# it to the others): names are told apart by colour as well as by their group.
LABEL_STYLES = {
    "PERSON": "$entity-person",
    "LOCATION": "$entity-place",
    "ORGANIZATION": "$entity-organization",
    "MISC": "$entity-other",
    "DATE": "$entity-other",
    "NUMBER": "$entity-other",
}
BAR_CELLS = 6
BAR_GLYPHS = " ▏▎▍▌▋▊▉█"


def score_bar(fraction: float, cells: int = BAR_CELLS) -> str:
    """A bar of ``cells`` cells filled to ``fraction`` with eighth-block precision."""
    eighths = round(max(0.0, min(fraction, 1.0)) * cells * 8)
    full, rest = divmod(eighths, 8)
    bar = "█" * full + (BAR_GLYPHS[rest] if rest else "")
    return bar.ljust(cells)


def name_cells(text: str, width: int, layout: TextLayout = VISUAL,
               align: Direction | None = None) -> str:
    """A name laid out as its own field, right-aligned when ``align`` is RTL, left-aligned when
    it is LTR, and by the name's own direction when it is None."""
    line = layout.field(text, width)
    if align is None:
        return line.aligned(width)
    padding = " " * max(0, width - line.cells)
    return padding + line.text if align is Direction.RTL else line.text + padding


def list_direction(names: Sequence[str]) -> Direction:
    """The direction most of the names read in (RTL on a tie): the panel aligns every name
    that way, so a Latin name among Arabic ones lines up with them."""
    rtl = sum(first_strong_direction(name) is Direction.RTL for name in names)
    ltr = sum(first_strong_direction(name) is Direction.LTR for name in names)
    return Direction.RTL if rtl and rtl >= ltr else Direction.LTR


class SidePanel(OptionList):
    """Who and what the open article is about. Enter on an entity filters the list by it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="panel.down"),
        Binding("k", "cursor_up", "Up", show=False, id="panel.up"),
        Binding("n", "next_occurrence", "Next mention", id="panel.next-mention"),
        Binding("N", "previous_occurrence", "Previous mention", id="panel.previous-mention"),
    ]

    DEFAULT_CSS = """
    SidePanel { background: $surface; scrollbar-size-vertical: 1; border: none; padding: 0; }
    SidePanel:focus { border: none; }
    SidePanel > .option-list--option-disabled { color: $secondary; text-style: bold; }
    """

    class EntityHighlighted(Message):
        """The cursor is on an entity (or on nothing that is one)."""

        def __init__(self, entity: PanelEntity | None) -> None:
            super().__init__()
            self.entity = entity

    class EntityChosen(Message):
        """The user pressed Enter on an entity: pivot the list on it."""

        def __init__(self, entity: PanelEntity) -> None:
            super().__init__()
            self.entity = entity

    class JumpRequested(Message):
        """Jump to the next or previous mention of the highlighted entity."""

        def __init__(self, forward: bool) -> None:
            super().__init__()
            self.forward = forward

    class AnalysisShown(Message):
        """An article's analysis arrived (the list may show its names)."""

    def __init__(self, *, layout: TextLayout = VISUAL, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._layout = layout
        self._entries: tuple[list[PanelEntity], list[PanelKeyword]] | None = None
        self._heading = ""
        self._status = "Open an article to see who and what it is about."
        self._entities: dict[str, PanelEntity] = {}
        self._built = False  # its lines are made: until then it is drawn as its background

    def show_status(self, status: str) -> None:
        self._entries = None
        self._status = status
        self._rebuild()

    def show_analysis(self, analysis: AnalysisLike) -> None:
        """The open article: entities with their mentions, keywords with their scores."""
        entities = [PanelEntity(e.text, e.label, e.count, tuple((s[0], s[1]) for s in e.spans))
                    for e in analysis.entities]
        keywords = [PanelKeyword(k.text, k.score) for k in analysis.keywords]
        self._show(entities, keywords, "")
        self.post_message(self.AnalysisShown())

    def show_summary(self, entities: Sequence[EntityCount], keywords: Sequence[KeywordCount],
                     title: str) -> None:
        """The whole list: entities by the number of articles naming them, then keywords."""
        self._show([PanelEntity(e.text, e.label, e.articles) for e in entities],
                   [PanelKeyword(k.text, float(k.articles)) for k in keywords],
                   f"Across {title}")

    def _show(self, entities: list[PanelEntity], keywords: list[PanelKeyword],
              heading: str) -> None:
        self._entries = (entities, keywords)
        self._heading = heading
        self._rebuild()

    def on_resize(self, event: events.Resize) -> None:
        if self._built:
            self._rebuild()
        else:  # the first frame is the titles': the panel's lines come in the next one
            self.call_after_refresh(self._rebuild)

    def render_lines(self, crop: Region) -> list[Strip]:
        if not self._built:  # its background alone, its border and lines a frame later
            return [Strip.blank(crop.width, self.rich_style)] * crop.height
        return super().render_lines(crop)

    def _rebuild(self) -> None:
        if not self.display or not self.size.width:
            return  # folded away: built by the Resize that comes when it is shown
        self._built = True
        width = max(self.scrollable_content_region.width - 2, 8)
        self.clear_options()
        self._entities = {}
        if self._entries is None:
            self.add_option(Option(Content(self._status), disabled=True))
            return
        entities, keywords = self._entries
        align = self._alignment([entity.text for entity in entities]
                                + [keyword.text for keyword in keywords])
        if self._heading:
            heading = self._layout.field(self._heading, width).text
            self.add_option(Option(Content(heading), disabled=True))
        self.add_options(self._entity_options(entities, width, align))
        self.add_options(self._keyword_options(keywords, width, align))

    def _alignment(self, names: list[str]) -> Direction | None:
        # A terminal that does bidi places each line itself: the app's padding would fight it.
        return None if self._layout.mode == "terminal" else list_direction(names)

    def _entity_options(self, entities: list[PanelEntity], width: int,
                        align: Direction | None) -> list[Option | None]:
        options: list[Option | None] = []
        for label, title in LABEL_TITLES.items():
            group = [entity for entity in entities if entity.label == label]
            if not group:
                continue
            style = LABEL_STYLES[label]
            heading = Content.styled(f"{title} ({len(group)})", f"bold {style}")
            options.append(Option(heading, disabled=True))
            for number, entity in enumerate(group):
                option_id = f"entity-{label}-{number}"
                self._entities[option_id] = entity
                count = f"{entity.tally:>3} "
                name = name_cells(entity.text, width - len(count), self._layout, align)
                options.append(Option(Content(count) + Content.styled(name, style), id=option_id))
        if not options:
            options.append(Option(Content("No entities found."), disabled=True))
        return options

    def _keyword_options(self, keywords: list[PanelKeyword], width: int,
                         align: Direction | None) -> list[Option | None]:
        options: list[Option | None] = [None, Option(Content("Keywords"), disabled=True)]
        if not keywords:
            options.append(Option(Content("No keywords found."), disabled=True))
            return options
        top = max(keyword.score for keyword in keywords) or 1.0
        for keyword in keywords:
            bar = score_bar(keyword.score / top) + " "
            prompt = bar + name_cells(keyword.text, width - len(bar), self._layout, align)
            options.append(Option(Content(prompt)))
        return options

    def highlighted_entity(self) -> PanelEntity | None:
        if self.highlighted is None:
            return None
        option_id = self.get_option_at_index(self.highlighted).id
        return self._entities.get(option_id or "")

    @on(OptionList.OptionHighlighted)
    def _entity_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.EntityHighlighted(self._entities.get(event.option_id or "")))

    @on(OptionList.OptionSelected)
    def _entity_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entity = self._entities.get(event.option_id or "")
        if entity is not None:
            self.post_message(self.EntityChosen(entity))

    def on_blur(self, event: events.Blur) -> None:
        self.post_message(self.EntityHighlighted(None))

    def on_focus(self, event: events.Focus) -> None:
        self.post_message(self.EntityHighlighted(self.highlighted_entity()))

    def action_next_occurrence(self) -> None:
        self.post_message(self.JumpRequested(forward=True))

    def action_previous_occurrence(self) -> None:
        self.post_message(self.JumpRequested(forward=False))
