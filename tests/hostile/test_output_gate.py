"""The output gate (reader.text.output) on generated text: whatever comes in, nothing dangerous
goes out, and JSON still carries the original text."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from reader.text.output import REMOVED_MARK, display_text, json_dumps, visible, visible_url

from .inputs import C1_CSI, C1_OSC, HOSTILE_PIECES, OSC_CLIPBOARD, OSC_TITLE, RLO, leaks

# Text built from the pieces an attacker uses, mixed with ordinary and right-to-left letters.
PIECES = st.sampled_from(
    [*HOSTILE_PIECES, "\x1b[2J", "\x1b", "\x07", "\x85", "\u2028", "\ud800", "\udcff", "\u2069",
     "abc", "مرحبا", "שלום", " ", "\t", "\r\n", "\u200f", "\ufffd"]
)
HOSTILE = st.lists(PIECES, max_size=12).map("".join) | st.text(max_size=40)


@given(HOSTILE)
def test_display_text_never_leaks_and_is_idempotent(text: str) -> None:
    shown = display_text(text)
    assert leaks(shown) == []
    assert display_text(shown) == shown
    shown.encode("utf-8")  # no lone surrogate left: a terminal can be written to


@given(HOSTILE)
def test_visible_names_never_leak_and_keep_one_line(text: str) -> None:
    shown = visible(text)
    assert leaks(shown) == []
    assert "\n" not in shown
    shown.encode("utf-8")


def test_a_url_named_in_a_message_shows_its_controls_spaces_and_bidi_marks() -> None:
    """The output gate's visible_url, which the article view and the feed keys use without
    importing the fetcher (reader.sources.http names URLs with it too)."""
    assert visible_url("https://e.com/a\x1bb\u202ec d\u200f") == (
        "https://e.com/a\\x1bb\\u202ec\\x20d\\u200f"
    )
    assert leaks(visible_url(f"https://e.com/{OSC_TITLE}{RLO}")) == []


@given(HOSTILE)
def test_json_is_safe_on_a_terminal_and_the_same_data_for_a_parser(text: str) -> None:
    record = {"title": text, text: [text]}
    dumped = json_dumps(record)
    assert leaks(dumped) == []
    dumped.encode("utf-8")
    # The same data as the standard (ASCII) encoder gives: two lone surrogates side by side,
    # high then low, read back as one character in both, by JSON's own rule.
    assert json.loads(dumped) == json.loads(json.dumps(record))


def test_the_issue_examples() -> None:
    assert display_text(f"a{OSC_TITLE}b{OSC_CLIPBOARD}c") == f"a{REMOVED_MARK}b{REMOVED_MARK}c"
    assert display_text(f"x{C1_CSI}y{C1_OSC}z{RLO}") == f"x{REMOVED_MARK}y{REMOVED_MARK}z" \
        f"{REMOVED_MARK}", "the whole 8-bit CSI and OSC go, not just their introducers"
    assert visible(f"{OSC_TITLE}.txt") == "\\x1b]0;PWN\\x1b\\.txt"
    assert visible("evil\u202etxt") == "evil\\u202etxt"
    assert visible("z\udcff.txt") == "z\\xff.txt"
    assert json_dumps("\x1b]0;T\x07\x9b\u202e\u2066") == '"\\u001b]0;T\\u0007\\u009b\\u202e\\u2066"'
