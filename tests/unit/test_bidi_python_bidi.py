"""python-bidi 0.6.12 guards (rule 20) and the fast resolver checked against it."""

from __future__ import annotations

import pytest
from bidi import get_base_level, get_display
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text import bidi as text_bidi
from reader.text.bidi import BidiFormatError, paragraph_levels, python_bidi_levels
from reader.text.direction import Direction
from reader.text.uba import resolve_levels


def test_rust_get_display_still_has_the_documented_defects() -> None:
    """If these change, the pipeline's L3/L4 and separator handling must be revisited."""
    assert get_display("(א)") == ")א("
    assert get_display("שלום (עולם) [x] <a>") == ">a< ]x[ )םלוע( םולש"
    assert get_display("שלום\r\nabc") == "\rםולש\nabc"


def test_get_base_level_of_empty_text_raises() -> None:
    with pytest.raises(ValueError):
        get_base_level("")
    assert paragraph_levels("", Direction.RTL) == ()
    assert python_bidi_levels("", Direction.RTL) == ()


def test_dump_parser_reproduces_known_levels() -> None:
    expected = (1,) * 13 + (2, 1, 1, 1, 2, 1)
    assert python_bidi_levels("שלום (עולם) [x] <a>", Direction.RTL) == expected
    assert paragraph_levels("שלום (עולם) [x] <a>", Direction.RTL) == expected
    # Multi-byte characters: one level per code point, not per UTF-8 byte.
    assert python_bidi_levels("a\u200cب\u200cג ", Direction.LTR) == (0, 0, 1, 1, 1, 0)


def test_dump_format_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_bidi, "get_display", lambda *args, **kwargs: "something else")
    with pytest.raises(BidiFormatError):
        python_bidi_levels("שלום", Direction.RTL)


def test_separators_are_refused() -> None:
    with pytest.raises(ValueError):
        paragraph_levels("שלום\nabc", Direction.RTL)


def test_explicit_controls_go_to_python_bidi() -> None:
    text = "user \u2067אבג\u2069 wrote"
    assert paragraph_levels(text, Direction.LTR) == python_bidi_levels(text, Direction.LTR)


CHARS = st.sampled_from(
    list("אבגשוםﻼﺴﻟﺍسلمabcZ0123456789٠١٢ ()[]{}<>.,:;-+$%#/\"'!?«»\u00a0\u2212")
    + ["\u064e", "\u0651", "\u05b8", "\u0301", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c"]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(CHARS, min_size=1, max_size=40).map("".join), st.sampled_from(list(Direction)))
def test_fast_resolver_matches_python_bidi(text: str, direction: Direction) -> None:
    level = 1 if direction is Direction.RTL else 0
    assert tuple(resolve_levels(text, level)) == python_bidi_levels(text, direction)
