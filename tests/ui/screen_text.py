"""Read what a Pilot-driven app shows, as plain text lines (one per terminal row)."""

from __future__ import annotations

from textual.app import App


def screen_lines(app: App[object]) -> list[str]:
    """The whole screen as text, composited exactly as it would be sent to the terminal."""
    strips = app.screen._compositor.render_strips()
    return [strip.text for strip in strips]
