"""Start the TUI: configuration, the article paths, the terminal's bidi mode around the run."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Protocol

from reader.config import Config, ConfigError, load_config
from reader.services.memory import limit_arenas
from reader.services.reading import open_library
from reader.store import LibraryError
from reader.store.location import LibraryLocation
from reader.terminal import EXPLICIT_MODE, IMPLICIT_MODE, advise, write_to_terminal
from reader.text.output import write_message

if TYPE_CHECKING:
    from textual.driver import Driver

    from reader.cli import TuiOptions

STOP_GRACE = 3.0  # seconds an orderly exit on a signal may take before the process just ends
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGHUP", "SIGTERM", "SIGQUIT", "SIGINT")
    if hasattr(signal, name)
)


@contextmanager
def explicit_bidi(enabled: bool) -> Iterator[None]:
    """Explicit (no reordering by the terminal) for the session, implicit again on every exit."""
    if not enabled:
        yield
        return
    write_to_terminal(EXPLICIT_MODE)
    try:
        yield
    finally:
        write_to_terminal(IMPLICIT_MODE)


def resolve_paths(raw: list[str]) -> tuple[list[Path], list[str]]:
    """The paths that exist, and one message for each that does not."""
    paths, errors = [], []
    for text in raw:
        path = Path(text).expanduser()
        if path.exists():
            paths.append(path)
        else:
            errors.append(f"reader: no such file or folder: {text}")
    return paths, errors


def run_tui(args: TuiOptions) -> int:
    limit_arenas()  # before any thread: Textual's workers would each get an arena of their own
    warnings: list[str] = []
    try:
        config = load_config()
    except ConfigError as problem:  # told on the screen too: the alternate screen hides stderr
        warnings.append(f"{problem}; using the default settings")
        write_message(f"reader: {warnings[-1]}", sys.stderr)
        config = Config()
    paths, errors = resolve_paths(args.paths)
    for message in errors:
        write_message(message, sys.stderr)
    if args.paths and not paths:
        return 2
    try:
        library = open_library(paths, LibraryLocation.resolve(args.library, config.library),
                               config.analyzer)
    except LibraryError as error:
        write_message(f"reader: {error}", sys.stderr)
        return 1

    from reader.ui.app import ReaderApp

    # Everything imported so far lives as long as the process: keep the collector from walking
    # it again (a full collection of Textual's objects was 30 ms, just before the first frame).
    gc.freeze()
    gc.enable()
    advice = advise(args.bidi or config.bidi, os.environ)
    watch = [Path(folder) for folder in (*config.watch, *args.watch)]
    app = ReaderApp(paths, library=library, config=config, theme_override=args.theme,
                    bidi_advice=advice, watch=watch, start_warnings=warnings)
    if advice.mode == "app":
        app.driver_class = _bidi_mode_driver(app.driver_class)

    stop = stop_handler(app)
    # Every signal that ends a terminal session ends it through the same orderly exit (the
    # alternate screen left, the mouse off, implicit bidi mode again): SIGHUP (the SSH
    # connection dropped), SIGTERM, SIGQUIT, and SIGINT too (Ctrl+C is a key in raw mode, but
    # `kill -INT` or a supervisor must not raise KeyboardInterrupt somewhere in the loop).
    previous = {signum: signal.signal(signum, stop) for signum in STOP_SIGNALS}
    try:
        with explicit_bidi(advice.mode == "app"):
            app.run()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return app.return_code or 0


class _Exits(Protocol):
    def exit(self, *, return_code: int) -> None: ...


def stop_handler(app: _Exits, grace: float = STOP_GRACE) -> Callable[[int, FrameType | None], None]:
    """The handler of the signals that end a session: the app's orderly exit, and the process's
    own end ``grace`` seconds later if that exit never finishes. An orderly exit writes to the
    terminal (mouse off, main screen back); when the terminal is gone (tmux killed, the SSH
    connection dropped) Textual's writer can block for ever, and such readers were found
    asleep an hour after their session ended, holding their library open."""

    def stop(signum: int, frame: FrameType | None) -> None:
        watchdog = threading.Timer(grace, os._exit, args=(128 + signum,))
        watchdog.daemon = True
        watchdog.start()
        exit_app = partial(app.exit, return_code=128 + signum)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # before or after the event loop
            exit_app()
            return
        # The handler runs between two steps of an idle loop asleep in select(): scheduling
        # the exit thread-safely writes to the loop's wake-up pipe, so it happens now, not at
        # the next key press.
        loop.call_soon_threadsafe(exit_app)

    return stop


def _bidi_mode_driver(base: type[Driver]) -> type[Driver]:
    """The driver, writing implicit bidi mode whenever it hands the terminal back and explicit
    mode before it takes it again.

    `App.suspend()` and Ctrl+Z also publish the app's suspend/resume signals, but a SIGTSTP
    from outside (``kill -TSTP``, a terminal with ISIG) goes straight to the driver: without
    this the shell would be left in explicit mode while the reader is stopped.
    """

    class BidiModeDriver(base):  # type: ignore[valid-type,misc]
        def suspend_application_mode(self) -> None:
            super().suspend_application_mode()
            write_to_terminal(IMPLICIT_MODE)

        def resume_application_mode(self) -> None:
            write_to_terminal(EXPLICIT_MODE)
            super().resume_application_mode()

    return BidiModeDriver
