"""Hold the screen's next frame a moment, so that a change and its consequence share one frame.

Textual draws at most one frame per period (60 Hz) and, after a quiet moment, draws the next
change at once: a letter typed in the search box is drawn alone, and the search's first page,
ready a few milliseconds later, waits for the next period, or the one after it (Textual's frame
timer, late after a pause, skips to one or two periods ahead). Holding the echo until the page
is there (never longer than a bound) puts both on screen in one frame, a period sooner.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from textual.app import App
from textual.timer import Timer


class FrameHold:
    """Repaints of ``app`` suspended (``App.batch_update``) from :meth:`hold` until
    :meth:`release`, or until the bound given to :meth:`hold` has passed, whichever is first."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._batch: ExitStack | None = None
        self._deadline: Timer | None = None

    @property
    def held(self) -> bool:
        return self._batch is not None

    def hold(self, at_most: float) -> None:
        """Suspend repaints for ``at_most`` seconds (a hold already under way keeps its own
        bound: a key typed during it never delays the screen further)."""
        if self._batch is not None:
            return
        self._batch = ExitStack()
        self._batch.enter_context(self._app.batch_update())
        self._deadline = self._app.set_timer(at_most, self.release, name="frame-hold")

    def release(self) -> None:
        """Repaint what changed meanwhile, in one frame (nothing held: nothing to do)."""
        if self._deadline is not None:
            self._deadline.stop()
            self._deadline = None
        batch, self._batch = self._batch, None
        if batch is not None:
            batch.close()
            self._app.screen.check_idle()  # a release from an idle callback: draw now
