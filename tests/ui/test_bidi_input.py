"""BidiInput: shaped, visual display over a logical, sanitized value (Pilot tests)."""

from __future__ import annotations

from bidi_fixtures import ESCAPES, MARKUP, SPOOF
from textual import events, on
from textual.app import App, ComposeResult
from textual.widgets import Input

from reader.text.direction import Direction
from reader.ui.widgets.bidi_input import BidiInput

WIDTH = 30
SUWAYDA = "سويداء"
SUWAYDA_ON_SCREEN = "ﺀﺍﺪﻳﻮﺳ"  # shaped, visual order (rule 5)


class InputApp(App[None]):
    """One BidiInput, compact (no border), WIDTH cells wide; its messages recorded."""

    CSS = f"BidiInput {{ width: {WIDTH}; }}"

    def __init__(self, **options: object) -> None:
        super().__init__()
        self.options = options
        self.changed: list[str] = []
        self.submitted: list[str] = []

    def compose(self) -> ComposeResult:
        yield BidiInput(id="search", compact=True, **self.options)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.field.cursor_blink = False  # a steady cursor: renders are deterministic

    @property
    def field(self) -> BidiInput:
        return self.query_one("#search", BidiInput)

    @on(Input.Changed, "#search")
    def _changed(self, event: Input.Changed) -> None:
        self.changed.append(event.value)

    @on(Input.Submitted, "#search")
    def _submitted(self, event: Input.Submitted) -> None:
        self.submitted.append(event.value)


def screen_line(field: BidiInput) -> str:
    return field.render_line(0).text


def cursor_cell(field: BidiInput) -> int:
    """The visual column of the cursor inside the field."""
    return field.cursor_screen_offset.x - field.content_region.x


def cursor_char(field: BidiInput) -> str:
    """The character drawn under the cursor, read from the cursor-styled segment."""
    cursor_style = field.get_component_rich_style("input--cursor")
    texts = [segment.text for segment in field.render_line(0)
             if segment.style is not None and cursor_style.bgcolor == segment.style.bgcolor
             and cursor_style.color == segment.style.color]
    assert len(texts) == 1, texts
    return texts[0]


async def test_typed_arabic_is_shaped_in_visual_order_with_the_cursor_at_the_left_end() -> None:
    app = InputApp()
    async with app.run_test() as pilot:
        await pilot.press(*SUWAYDA)
        field = app.field
        assert field.value == SUWAYDA, "the value stays logical and unshaped"
        line = screen_line(field)
        assert len(line) == WIDTH
        assert line.rstrip() == line, "right-aligned"
        assert line.endswith(SUWAYDA_ON_SCREEN)
        # The end of a right-to-left value is at its left: the cell just left of the text.
        assert cursor_cell(field) == WIDTH - len(SUWAYDA_ON_SCREEN) - 1
        assert cursor_char(field) == " "
        assert app.changed[-1] == SUWAYDA
        assert len(app.changed) == len(SUWAYDA), "one Input.Changed per key"


async def test_hebrew_then_latin_keeps_the_field_right_to_left() -> None:
    app = InputApp()
    async with app.run_test() as pilot:
        await pilot.press(*"שלום", "space", *"abc")
        field = app.field
        assert field.value == "שלום abc"
        assert field.direction is Direction.RTL
        assert screen_line(field).endswith("abc םולש"), "Latin keeps its order, on the left"
        assert cursor_cell(field) == WIDTH - len("abc םולש") - 1
        # Visual movement: Right goes one cell right on screen, onto "a" (logical 5).
        await pilot.press("right")
        assert field.cursor_position == 5
        assert cursor_char(field) == "a"
        await pilot.press("right", "right", "right")  # past "c", onto the space
        assert field.cursor_position == 4
        await pilot.press("right")  # onto the last Hebrew letter on screen: ם, logical 3
        assert field.cursor_position == 3
        assert cursor_char(field) == "ם"
        await pilot.press("left")
        assert field.cursor_position == 4
        await pilot.press("home")  # logical start: the rightmost cell
        assert field.cursor_position == 0
        assert cursor_cell(field) == WIDTH - 1
        await pilot.press("end")
        assert field.cursor_position == len(field.value)


async def test_left_to_right_text_moves_and_ends_on_the_right() -> None:
    app = InputApp()
    async with app.run_test() as pilot:
        await pilot.press(*"abc", "space", *"שלום")
        field = app.field
        assert field.direction is Direction.LTR
        assert screen_line(field).startswith("abc םולש ")
        assert cursor_cell(field) == len("abc םולש"), "the end is right of the text"
        await pilot.press("left")  # onto the rightmost Hebrew cell: ש, logical 4
        assert field.cursor_position == 4
        assert cursor_char(field) == "ש"
        await pilot.press("left")  # ל, logical 5: visual movement goes logically forward
        assert field.cursor_position == 5
        await pilot.press("home")
        assert cursor_cell(field) == 0


async def test_backspace_deletes_the_logical_previous_character() -> None:
    app = InputApp()
    async with app.run_test() as pilot:
        await pilot.press(*SUWAYDA, "backspace")
        field = app.field
        assert field.value == "سويدا"
        assert screen_line(field).endswith("ﺍﺪﻳﻮﺳ")
        await pilot.press("ء", "right")  # onto ء (logical 5), the leftmost letter
        assert field.cursor_position == 5
        await pilot.press("backspace")  # removes the alef before it (logical 4)
        assert field.value == "سويدء"
        assert field.cursor_position == 4
        await pilot.press("delete")  # removes the character under the cursor
        assert field.value == "سويد"


async def test_lam_alef_is_one_cell_and_one_cursor_stop() -> None:
    app = InputApp()
    async with app.run_test() as pilot:
        await pilot.press(*"سلام")
        field = app.field
        assert screen_line(field).endswith("ﻡﻼﺳ")
        await pilot.press("right", "right")  # end -> م -> the lam-alef cell
        assert field.cursor_position == 1, "the ligature stands for its lam"
        await pilot.press("right")
        assert field.cursor_position == 0


async def test_paste_and_assignment_are_sanitized() -> None:
    app = InputApp()
    async with app.run_test() as pilot:
        field = app.field
        field.post_message(events.Paste(ESCAPES))
        await pilot.pause()
        assert field.value == "AB   x"
        assert "\x1b" not in screen_line(field) and "\x9b" not in screen_line(field)
        field.value = ""
        field.post_message(events.Paste(SPOOF))
        await pilot.pause()
        assert field.value == "invoice_fdp.exe", "the override is removed, not applied"
        assert screen_line(field).startswith("invoice_fdp.exe")
        field.value = "שלום\u202e\u2067abc\u2069\r\nx\x07"
        assert field.value == "שלוםabc x"
        await pilot.pause()
        assert app.changed[-1] == "שלוםabc x", "Input.Changed carries the clean value"


async def test_untrusted_text_is_not_markup() -> None:
    app = InputApp()
    async with app.run_test() as pilot:
        app.field.value = MARKUP
        await pilot.press("home")
        assert app.field.value == MARKUP
        assert screen_line(app.field) == MARKUP[:WIDTH], "brackets shown literally"
        await pilot.press("end")
        assert screen_line(app.field).endswith(MARKUP[-(WIDTH - 1) :] + " ")


async def test_enter_submits_the_logical_value() -> None:
    app = InputApp()
    async with app.run_test() as pilot:
        await pilot.press(*SUWAYDA, "enter")
        assert app.submitted == [SUWAYDA]


async def test_placeholder_is_laid_out_and_the_empty_cursor_starts_at_the_field_start() -> None:
    app = InputApp(placeholder="ابحث", fallback=Direction.RTL)
    async with app.run_test() as pilot:
        await pilot.pause()
        field = app.field
        line = screen_line(field)
        assert line.endswith("ﺚﺤﺑﺍ"), "shaped, right-aligned"
        assert cursor_cell(field) == WIDTH - 1


async def test_long_text_scrolls_to_keep_the_cursor_in_view() -> None:
    words = "مؤتمر في دمشق يبحث إعادة تأهيل شبكات الري وقنوات المياه"
    app = InputApp()
    async with app.run_test() as pilot:
        await pilot.press(*["space" if char == " " else char for char in words])
        field = app.field
        assert field.value == words
        line = screen_line(field)
        assert len(line) == WIDTH
        assert 0 <= cursor_cell(field) < WIDTH
        assert cursor_cell(field) == 0, "at the end of long RTL text: the left edge"
        await pilot.press("home")  # the logical start is at the far right: scrolled there
        assert cursor_cell(field) == WIDTH - 1
        assert screen_line(field).endswith("ﺮﻤﺗﺆﻣ")


async def test_click_puts_the_cursor_on_the_clicked_cell() -> None:
    app = InputApp()
    async with app.run_test() as pilot:
        await pilot.press(*SUWAYDA)
        await pilot.click("#search", offset=(WIDTH - 1, 0))  # the rightmost cell: س
        assert app.field.cursor_position == 0
        await pilot.click("#search", offset=(WIDTH - 3, 0))  # two cells left: ي
        assert app.field.cursor_position == 2
