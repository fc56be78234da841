"""Helpers for Pilot tests of the app: waiting, reading the screen and the notifications."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from textual.app import App
from textual.notifications import Notification, Notify
from textual.pilot import Pilot

from reader.ui.app import ReaderApp
from reader.ui.widgets.side_panel import SidePanel


class RecordingApp(ReaderApp):
    """The reader app, recording every notification it shows (in order, expired or not)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notified: list[Notification] = []

    def on_notify(self, event: Notify) -> None:
        # Textual keeps the notifications on screen in private state; its Notify message, which
        # App.notify posts for each one, is the public way to see them.
        self.notified.append(event.notification)


AppFactory = Callable[..., RecordingApp]


async def settle(app: App[Any], pilot: Pilot[None]) -> None:
    """Let pending messages and every worker finish."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot: Pilot[None], shown: Callable[[], bool], what: str) -> None:
    """Wait (without waiting for every worker: one is held on purpose) until ``shown``."""
    for _ in range(250):
        if shown():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never shown: {what}")


async def focus_first_entity(pilot: Pilot[None], app: App[Any]) -> SidePanel:
    """Focus the side panel with its cursor on the first entity."""
    panel = app.query_one(SidePanel)
    panel.focus()
    await pilot.pause()
    first = next(i for i in range(panel.option_count)
                 if not panel.get_option_at_index(i).disabled)
    panel.highlighted = first
    await pilot.pause()
    return panel


def panel_prompts(panel: SidePanel) -> list[str]:
    return [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]


_LINE_CLIP = re.compile(r'<clipPath id="[\w-]+-line-0">\s*<rect x="0" y="[\d.]+" width="([\d.]+)"')
_TEXT = re.compile(
    r'<text class="[\w-]+" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>'
)


def screen_lines(app: App[Any]) -> list[str]:
    """The whole screen as text, one string per terminal row, as the terminal would show it.

    Textual has no public call that returns the composited screen as text, so this reads the
    public SVG screenshot (``App.export_screenshot``): each run of text is placed at its column,
    the width of a cell being the width of a line divided by the screen's width.
    """
    svg = app.export_screenshot()
    width, height = app.size
    line_clip = _LINE_CLIP.search(svg)
    assert line_clip is not None, "the screenshot's layout is not the one this reader knows"
    cell = float(line_clip.group(1)) / width
    rows = [""] * height
    for x, line, text in _TEXT.findall(svg):
        row = rows[int(line)]
        padding = " " * (round(float(x) / cell) - cell_len(row))
        text = html.unescape(text).replace("\xa0", " ").replace("\n", "")  # rich's own escapes
        rows[int(line)] = row + padding + text
    return [row + " " * (width - cell_len(row)) for row in rows]
