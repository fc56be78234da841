"""What the terminal does with right-to-left text, and the escape sequences that switch it.

The app lays out bidi itself (visual order, shaped letters), so a terminal that reorders on its own
must be put in explicit mode (BDSM, ``CSI 8 l``) for the session and back to implicit on exit.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import NamedTuple

EXPLICIT_MODE = "\x1b[8l\x1b[1 k"  # BDSM explicit + SCP left-to-right
IMPLICIT_MODE = "\x1b[8h\x1b[0 k"  # BDSM implicit (the default) + SCP default


class TerminalAdvice(NamedTuple):
    """The resolved bidi mode and, when needed, one sentence telling the user what to set."""

    mode: str  # "app" (the reader reorders) or "terminal" (the terminal reorders)
    terminal: str
    warning: str = ""


def identify_terminal(environ: Mapping[str, str]) -> str:
    if environ.get("TERM") == "xterm-kitty" or "KITTY_WINDOW_ID" in environ:
        return "kitty"
    if "KONSOLE_VERSION" in environ:
        return "konsole"
    if "VTE_VERSION" in environ:
        return "vte"
    if environ.get("TERM_PROGRAM") == "mlterm" or environ.get("MLTERM"):
        return "mlterm"
    program = environ.get("TERM_PROGRAM", "") or environ.get("LC_TERMINAL", "")
    return program.lower() or "unknown"


def advise(requested: str, environ: Mapping[str, str]) -> TerminalAdvice:
    """Resolve ``auto``/``app``/``terminal`` for this environment and say what to fix, once."""
    terminal = identify_terminal(environ)
    mode = "app" if requested == "auto" else requested
    if mode == "terminal":
        return TerminalAdvice("terminal", terminal)
    in_tmux = bool(environ.get("TMUX"))
    warning = ""
    if terminal == "kitty":
        warning = "kitty: set 'force_ltr yes' in kitty.conf so it does not reorder Arabic again"
    elif terminal in ("konsole", "mlterm"):
        warning = (f"{terminal} reorders text itself: disable its bidi rendering, "
                   "or run reader --bidi terminal")
    elif terminal == "vte" and in_tmux:
        warning = ("tmux on GNOME Terminal: run printf '\\e[8l' before tmux, or set "
                   "allow-passthrough on, so text is not reversed twice")
    return TerminalAdvice(mode, terminal, warning)


def write_to_terminal(sequence: str) -> None:
    """Write a control sequence straight to the terminal (nothing when output is not a tty)."""
    stream = sys.__stdout__
    if stream is not None and stream.isatty():
        stream.write(sequence)
        stream.flush()
