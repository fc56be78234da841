"""The pipeline's levels and visual order against GNU FriBidi (docs/bidi.md section 9).

FriBidi resolves each input line as one paragraph. It is fed the string the pipeline reorders
(sanitized and shaped); only its levels and visual->logical maps are used, never its own
shaping or line breaking. The alphabet avoids characters whose Bidi_Class changed after
Unicode 10 (FriBidi 1.0.8 ships UCD 10) and boundary neutrals (FriBidi gives them other levels;
they are stripped from the output anyway).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.text import bidi
from reader.text.direction import Direction
from reader.text.sanitize import sanitize
from reader.text.shaping import shape
from reader.text.wrap import wrap

FRIBIDI = shutil.which("fribidi")
pytestmark = pytest.mark.skipif(
    FRIBIDI is None, reason="GNU FriBidi CLI not installed (apt-get install libfribidi-bin)"
)

TOKENS = st.sampled_from(
    [
        *"אבגדהוזחטיכלמנסעפצקרשת",
        *"ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
        "لا",
        "لأ",
        *"abcdefxyzABC",
        *"0123456789",
        *"٠١٢٣",
        *"()[]{}<>",
        *"\"'«»",
        *".,:;!?-+%$#/",
        " ",
        " ",
        " ",
        "\u064e",  # fatha
        "\u0651",  # shadda
        "\u05b8",  # qamats
        "\u0301",  # combining acute
        "\u200e",  # LRM
        "\u200f",  # RLM
    ]
)
PARAGRAPH = st.lists(TOKENS, min_size=1, max_size=30).map("".join)
BATCH = st.lists(PARAGRAPH, min_size=10, max_size=10)


def _fribidi(lines: Sequence[str], direction: Direction) -> list[tuple[list[int], list[int]]]:
    """(visual->logical map, levels) of every line, one FriBidi call for the batch."""
    flag = "--rtl" if direction is Direction.RTL else "--ltr"
    command = [str(FRIBIDI), flag, "--nopad", "--nobreak", "--novisual", "--vtol", "--levels"]
    output = subprocess.run(
        command,
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout.splitlines()
    assert len(output) == 2 * len(lines)
    return [
        ([int(x) for x in output[2 * i].split()], [int(x) for x in output[2 * i + 1].split()])
        for i in range(len(lines))
    ]


def _reference_line_order(chars: str, levels: Sequence[int], base: int) -> list[int]:
    """Independent, simple L1 + L2 + NSM reordering from FriBidi's levels (character level)."""
    line = list(levels)
    index = len(chars) - 1
    while index >= 0 and chars[index] == " ":
        line[index] = base
        index -= 1
    order = list(range(len(chars)))
    for level in range(max(line, default=0), (min(line, default=0) | 1) - 1, -1):
        position = 0
        while position < len(order):
            if line[order[position]] < level:
                position += 1
                continue
            end = position
            while end < len(order) and line[order[end]] >= level:
                end += 1
            order[position:end] = reversed(order[position:end])
            position = end
    return _marks_after_base(chars, order, line)


def _marks_after_base(chars: str, order: list[int], levels: Sequence[int]) -> list[int]:
    """At odd levels a mark run precedes its base visually: move it after, in logical order."""
    result: list[int] = []
    pending: list[int] = []
    for index in order:
        if bidi.continuation_flags(chars[index]) == "1" and levels[index] % 2:
            pending.append(index)
            continue
        if pending and min(pending) == index + 1:  # the marks of this base
            result.append(index)
            result.extend(sorted(pending))
        else:  # marks whose base is not on this line keep logical order, as one group
            result.extend(sorted(pending))
            result.append(index)
        pending = []
    return result + sorted(pending)


def _shaped(paragraphs: Sequence[str]) -> list[str]:
    texts = [shape(sanitize(p).text).text for p in paragraphs]
    return [text if text.strip() else "x" for text in texts]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BATCH, st.sampled_from(list(Direction)))
def test_paragraph_levels_and_order_match_fribidi(
    paragraphs: list[str], direction: Direction
) -> None:
    shaped = _shaped(paragraphs)
    base = bidi.base_level(direction)
    for text, (vtol, levels) in zip(shaped, _fribidi(shaped, direction), strict=True):
        ours = bidi.apply_l1(text, bidi.paragraph_levels(text, direction), base)
        assert ours == levels, f"levels differ for {text!r}"
        assert bidi.reorder_line(text, ours) == vtol, f"visual order differs for {text!r}"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BATCH, st.sampled_from(list(Direction)), st.integers(min_value=4, max_value=25))
# A wrapped line that starts with a mark whose base (a space) ended the line before.
@example(["\u05d0 \u064e\u05d0a", *["x"] * 9], Direction.LTR, 4)
def test_wrapped_lines_follow_fribidi_paragraph_levels(
    paragraphs: list[str], direction: Direction, width: int
) -> None:
    """Levels of the WHOLE paragraph, then L1/L2/L3 per wrapped line (UAX #9 section 3.4)."""
    shaped = _shaped(paragraphs)
    base = bidi.base_level(direction)
    for text, (_, levels) in zip(shaped, _fribidi(shaped, direction), strict=True):
        ours = bidi.paragraph_levels(text, direction)
        for start, end in wrap(text, width):
            chars = text[start:end]
            expected = _reference_line_order(chars, levels[start:end], base)
            line_levels = bidi.apply_l1(chars, ours[start:end], base)
            assert bidi.reorder_line(chars, line_levels) == expected, f"line {chars!r}"


def test_known_fribidi_examples() -> None:
    (vtol, levels), (allah_vtol, _) = _fribidi(
        ["שלום (עולם) [x] <a>", shape("اللَّهِ").text], Direction.RTL
    )
    assert levels == [1] * 13 + [2, 1, 1, 1, 2, 1]
    assert vtol == list(range(18, -1, -1))
    assert allah_vtol == [5, 6, 2, 3, 4, 1, 0]
