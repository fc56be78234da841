"""Sanitizing untrusted text (docs/bidi.md 2.1, 7; rules 11, 13, 14, 16)."""

from __future__ import annotations

import pytest
from bidi_fixtures import CRLF, ESCAPES, SPOOF
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.text.layout import layout_text, visual_field
from reader.text.sanitize import (
    Sanitized,
    _sanitized,
    needs_sanitizing,
    sanitize,
    split_paragraphs,
    strip_for_output,
)


def test_escapes_are_removed_whole() -> None:
    result = sanitize(ESCAPES)
    assert result.text == "AB   x"
    assert result.removed


@pytest.mark.parametrize(
    "raw",
    [
        "a\x1b]52;c;ZXZpbA==\x07b",  # OSC 52 ended by BEL
        "a\x1b]0;multi\nline title\x1b\\b",  # OSC payload with a newline
        "a\x9d0;c1 title\x9cb",  # 8-bit OSC and ST
        "a\x1bPq#0;2;0;0;0\x1b\\b",  # DCS (sixel)
        "a\x1b_apc payload\x1b\\b",  # APC
        "a\x1b^pm\x1b\\b",  # PM
        "a\x1bXsos\x1b\\b",  # SOS
        "a\x1b[38;5;196mb",  # CSI SGR
        "a\x9b2Jb",  # 8-bit CSI
        "a\x1bcb",  # RIS
        "a\x1b(Bb",  # charset designation
    ],
)
def test_every_escape_form_is_removed(raw: str) -> None:
    assert sanitize(raw).text == "ab"


@pytest.mark.parametrize("raw", ["a\x1b]0;unterminated title", "a\x1b[38;5", "a\x1bP unterminated"])
def test_unterminated_escapes_run_to_the_end(raw: str) -> None:
    assert sanitize(raw).text == "a"


def test_c0_del_c1_removed_newline_kept_tab_expanded() -> None:
    result = sanitize("a\x00b\x07c\x7fd\x80e\x9ff\tg\nh")
    assert result.text == "abcdef  g\nh"
    assert result.removed


def test_rule13_overrides_and_isolates_removed() -> None:
    assert sanitize(SPOOF) == sanitize("invoice_fdp.exe").__class__("invoice_fdp.exe", True)
    assert sanitize("user \u2067אבג\u2069 wrote").text == "user אבג wrote"
    assert visual_field(SPOOF, 30).text == "invoice_fdp.exe"
    line = layout_text("Click \u202egro.elgoog\u202c.com", 40)[0]
    assert line.text == "Click gro.elgoog.com"


def test_marks_kept_as_input() -> None:
    result = sanitize("a\u200eb\u200fc\u061cd")
    assert result.text == "a\u200eb\u200fc\u061cd"
    assert not result.removed


def test_rule16_every_separator_splits() -> None:
    text = "a\r\nb\rc\nd\u2028e\u2029f\x85g"
    assert sanitize(text).text == "a\nb\nc\nd\ne\nf\ng"
    assert split_paragraphs(text) == list("abcdefg")
    lines = layout_text(CRLF, 10)
    assert [line.text for line in lines] == ["םולש", "abc"]
    assert lines[0].aligned(10) == "      םולש"
    assert all("\r" not in line.text for line in lines)


def test_empty_paragraphs_are_kept() -> None:
    assert split_paragraphs("") == [""]
    assert [line.text for line in layout_text("a\n\nb", 10)] == ["a", "", "b"]


def test_rule14_strip_for_output() -> None:
    controls = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    assert strip_for_output(f"a{controls}\ufeff\u200b\u200cb\u200dc") == "abc"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert strip_for_output(family) == family


def test_tag_characters_removed_outside_flags() -> None:
    scotland = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    assert sanitize(scotland).text == scotland
    assert sanitize("a\U000e0041\U000e0042b").text == "ab"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_sanitize_is_idempotent_and_leaves_nothing_dangerous(text: str) -> None:
    once = sanitize(text).text
    assert sanitize(once) == sanitize(once).__class__(once, False)
    dangerous = set(range(0x00, 0x0A)) | set(range(0x0B, 0x20)) | set(range(0x7F, 0xA0))
    dangerous |= set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
    assert not any(ord(char) in dangerous for char in once)


# Characters around every boundary of what sanitize acts on, and ordinary text between them.
_EDGE_CHARS = st.sampled_from(
    "\x00\x08\t\n\x0b\r\x1b\x1f !~\x7f\x80\x85\x90\x9b\x9c\x9f\xa0"
    "\u200b\u200d\u200e\u2027\u2028\u2029\u202a\u202e\u202f\u2065\u2066\u2069\u206f\u2070"
    "\ud800\udfff\ufff8\ufff9\ufffb\ufffc\U000e0000\U000e0001\U000e007f\U000e0080\U0001f3f4"
    "مرحبا שלום"
)


@settings(max_examples=400)
@given(st.text(_EDGE_CHARS, max_size=12) | st.text(max_size=12))
@example("🏴\U000e0001")  # a language tag after a flag: once kept, yet counted as needing work
@example("🏴\U000e007f")  # a flag's cancel tag: kept, and needing no work
def test_needs_sanitizing_is_exactly_when_sanitizing_changes_the_text(text: str) -> None:
    # The step-by-step path is the reference: the one-scan check agrees with it everywhere.
    assert needs_sanitizing(text) == (_sanitized(text) != Sanitized(text, False))
    assert sanitize(text) == _sanitized(text)


_LONG_CLEAN = "مرحبا بالعالم، שלום עולם, hello world. " * 8  # past the bytes pre-check's threshold


@settings(max_examples=400)
@given(st.text(_EDGE_CHARS, max_size=12) | st.text(max_size=12), st.integers(0, 320))
@example("\x85", 0)
@example("\U000e0041", 100)
@example("«مرحبا» “quoted” …", 300)  # the lead bytes of unsafe characters, none unsafe
def test_long_text_needs_sanitizing_exactly_when_sanitizing_changes_it(
    text: str, where: int
) -> None:
    """Long text is first checked on its UTF-8 bytes: the same answer, wherever the character
    that needs work stands."""
    long_text = _LONG_CLEAN[:where] + text + _LONG_CLEAN[where:]
    assert needs_sanitizing(long_text) == (_sanitized(long_text) != Sanitized(long_text, False))
    assert sanitize(long_text) == _sanitized(long_text)
