"""Terminal recognition and the one-line advice about bidi (docs/bidi.md rule 17)."""

from __future__ import annotations

import pytest

from reader.terminal import EXPLICIT_MODE, IMPLICIT_MODE, advise, identify_terminal


@pytest.mark.parametrize(
    ("environ", "terminal"),
    [
        ({"TERM": "xterm-kitty"}, "kitty"),
        ({"KITTY_WINDOW_ID": "1", "TERM": "xterm-256color"}, "kitty"),
        ({"KONSOLE_VERSION": "230804"}, "konsole"),
        ({"VTE_VERSION": "7600"}, "vte"),
        ({"TERM_PROGRAM": "WezTerm"}, "wezterm"),
        ({"LC_TERMINAL": "iTerm2"}, "iterm2"),
        ({}, "unknown"),
    ],
)
def test_identify_terminal(environ: dict[str, str], terminal: str) -> None:
    assert identify_terminal(environ) == terminal


def test_kitty_is_told_to_force_ltr() -> None:
    advice = advise("auto", {"TERM": "xterm-kitty"})
    assert advice.mode == "app" and "force_ltr yes" in advice.warning


def test_konsole_is_told_to_use_terminal_mode() -> None:
    assert "--bidi terminal" in advise("auto", {"KONSOLE_VERSION": "1"}).warning


def test_vte_inside_tmux_gets_the_passthrough_advice() -> None:
    advice = advise("auto", {"VTE_VERSION": "7600", "TMUX": "/tmp/tmux-0/default,1,0"})
    assert "allow-passthrough" in advice.warning


def test_terminal_mode_needs_no_warning_and_unknown_terminals_get_none() -> None:
    assert advise("terminal", {"KONSOLE_VERSION": "1"}).warning == ""
    assert advise("auto", {}).warning == ""


def test_mode_sequences() -> None:
    assert EXPLICIT_MODE.startswith("\x1b[8l") and IMPLICIT_MODE.startswith("\x1b[8h")
