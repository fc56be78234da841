"""The layout engine against the rules of docs/bidi.md section 8 (3, 4, 7, 8, 9, 15, 19)."""

from __future__ import annotations

import unicodedata

import pytest
from bidi_fixtures import AR, H10, HEB_NIQQUD, MIX
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.text.bidi import clusters
from reader.text.direction import Direction, paragraph_direction
from reader.text.layout import (
    VisualLine,
    _layout_cached,
    _shaped_cells,
    display_logical,
    layout_paragraph,
    layout_text,
    styled_segments,
    visual_field,
)
from reader.text.sanitize import sanitize
from reader.text.shaping import delete_harakat

CONTROLS = set("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
CONTROLS |= set("\ufeff\u200b\u200c")


def _rightmost(line: VisualLine, width: int) -> str:
    return line.aligned(width).rstrip()[-3:]


@pytest.mark.parametrize("width", [40, 28, 22])
def test_rule3_wrap_first_then_reorder(width: int) -> None:
    lines = layout_paragraph(H10, width)
    assert lines[0].aligned(width).endswith("תחא")
    assert " ".join(line.text[::-1] for line in lines) == H10
    assert all(line.cells <= width for line in lines)


def test_rule3_h10_at_22_matches_the_spec_picture() -> None:
    assert [line.aligned(22) for line in layout_paragraph(H10, 22)] == [
        "   עברא שולש םייתש תחא",
        "  עשת הנומש עבש שש שמח",
        "                   רשע",
    ]


def test_rule4_paragraph_direction_for_every_line() -> None:
    lines = layout_paragraph(MIX, 20)
    assert all(line.direction is Direction.RTL for line in lines)
    assert all(line.aligned(20)[-1] != " " for line in lines)
    holding = [line.text for line in lines if "framework" in line.text]
    assert holding == ["תיינבל framework"]


def test_direction_fallback_without_strong_characters() -> None:
    assert layout_paragraph("123 (456)", 20, fallback=Direction.RTL)[0].direction is Direction.RTL
    assert layout_paragraph("123", 20)[0].direction is Direction.LTR
    assert layout_paragraph("abc שלום", 20, fallback=Direction.RTL)[0].direction is Direction.LTR


def test_rule7_marks_follow_their_base() -> None:
    allah = layout_paragraph("اللَّهِ", 20)[0].text
    expected = ["FEEA", "0650", "FEE0", "064E", "0651", "FEDF", "FE8D"]
    assert [f"{ord(c):04X}" for c in allah] == expected
    niqqud = layout_paragraph(HEB_NIQQUD, 20)[0]
    assert HEB_NIQQUD == "ש\u05b8\u05c1ל\u05d5\u05b9ם"
    assert niqqud.text == "םו\u05b9לש\u05b8\u05c1"
    for width in (6, 9, 14, 40):
        for line in layout_text(AR + "\n" + HEB_NIQQUD, width):
            _assert_marks_attached(line.text)


def _assert_marks_attached(text: str) -> None:
    for index, char in enumerate(text):
        if unicodedata.category(char) == "Mn":
            assert index > 0, f"mark at column 0 in {text!r}"
            assert text[index - 1] != " ", f"mark after a space in {text!r}"


def test_orphan_mark_gets_a_dotted_circle() -> None:
    line = layout_paragraph("\u064e abc", 10)[0]
    assert line.text.startswith("\u25cc\u064e")
    assert line.cells == cell_len(line.text)


def test_rule8_brackets_mirrored_in_rtl_runs() -> None:
    assert ".(לנימרטב)" in "".join(line.text for line in layout_paragraph(MIX, 20))
    assert "(\ufe8e\ufe92\ufea3\ufeae\ufee3)" in layout_paragraph(AR, 60)[0].text
    assert layout_paragraph("(א)", 10)[0].text == "(א)"
    assert layout_paragraph("שלום (עולם) [x] <a>", 40)[0].text == "<a> [x] (םלוע) םולש"


def test_rule8_bracket_pair_spanning_a_wrap_point_keeps_its_pairing() -> None:
    lines = layout_paragraph("שלום (עולם גדול מאוד) abc", 12)
    joined = "".join(line.text for line in lines)
    assert ")" not in joined.split("(")[0] or joined.count("(") == joined.count(")")
    assert lines[0].text.endswith("(םולש") or lines[0].text.startswith("םלוע")


def test_rule9_numbers_and_latin_keep_ltr_order() -> None:
    assert "2024" in layout_paragraph(AR, 60)[0].text
    text = " ".join(line.text for line in layout_paragraph(MIX, 20))
    assert "Textual" in text and "framework" in text
    assert "3.5%" in layout_paragraph("שיעור 3.5% מ", 30)[0].text
    # After Arabic letters digits are AN (W2) and the percent sign is neutral: UBA shows %3.5.
    assert "%3.5" in layout_paragraph("نسبة 3.5% من", 30)[0].text


@pytest.mark.parametrize("width", [1, 2, 3, 5, 7, 11, 16])
def test_rule15_widths_after_shaping(width: int) -> None:
    paragraph = " ".join(["لا"] * 30 + ["الإصلاحات"] * 5)
    lines = layout_paragraph(paragraph, width)
    assert max(line.cells for line in lines) <= width
    for line in lines:
        assert cell_len(line.text) == line.cells
        aligned = line.aligned(width)
        assert cell_len(aligned) == width and aligned[-1] != " "


def test_rule14_no_controls_in_visual_output() -> None:
    text = "a\u200eב\u200fג\u061cd \ufeffx\u200by \u200cz ש\u200dב"
    for line in layout_text(text + "\n" + MIX + "\n" + AR, 9):
        assert not CONTROLS & set(line.text)
        assert "\u200d" not in line.text


def test_rule19_styles_land_on_the_word_cells() -> None:
    start = MIX.index("לבניית")
    end = start + len("לבניית")
    line = next(line for line in layout_paragraph(MIX, 20) if "framework" in line.text)
    segments = styled_segments(line, [(start, end, "link")])
    assert segments == [("תיינבל", "link"), (" framework", None)]


def test_rule19_styles_through_shaping_and_overlaps() -> None:
    word = "السلام"
    line = layout_paragraph(f"{word} عليكم", 40)[0]
    segments = styled_segments(line, [(0, len(word), "bold"), (3, 6, "reverse")])
    assert segments[-1] == ("\ufefc\ufeb4\ufedf\ufe8d"[1:], "bold")
    assert ("\ufee1\ufefc", "bold reverse") in segments


def test_visual_to_logical_is_consistent() -> None:
    for line in layout_text(AR + "\n" + MIX, 13):
        assert len(line.visual_to_logical) == len(line.text)
        assert all(line.logical_start <= i < line.logical_end for i in line.visual_to_logical)


def test_visual_field_cuts_at_the_logical_end() -> None:
    field = visual_field("שלום עולם גדול מאוד", 12)
    assert field.text == "…ג םלוע םולש"
    assert field.cells <= 12
    assert field.direction is Direction.RTL
    ltr = visual_field("hello world\nsecond line", 14)
    assert ltr.text == "hello world s…"
    assert visual_field("short", 20).text == "short"
    assert visual_field("الإصلاحات الهيكلية", 8).cells <= 8


def test_visual_field_keeps_the_full_text_direction() -> None:
    assert visual_field("12345 שלום", 4).direction is Direction.RTL


def test_display_logical_is_sanitized_and_logical() -> None:
    assert display_logical(AR + "\x1b[2J") == AR
    assert display_logical("a\u202eb") == "ab"


def test_layout_is_cached() -> None:
    assert layout_paragraph(H10, 30)[0] is layout_paragraph(H10, 30)[0]


ALPHABET = st.sampled_from(
    list("אבגדהوسلمaZ09٣ ()[]<>.,-«»") + ["لا", "\u064e", "\u05b8", "\u200c", "\u0301", "  "]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join), st.integers(min_value=1, max_value=30))
def test_layout_invariants(text: str, width: int) -> None:
    clean = sanitize(text).text
    for line in layout_paragraph(text, width):
        assert line.cells == cell_len(line.text) <= width
        assert len(line.visual_to_logical) == len(line.text)
        assert all(0 <= index < len(clean) for index in line.visual_to_logical)
        assert not CONTROLS & set(line.text)
        _assert_marks_attached(line.text)


TITLE_PIECES = st.sampled_from(
    list("אבגדהوسلمپaZ09٣ ()[]{}<>.,-«»!؟") + [
        "لا", "لأ", "ل\u064eا", "\u064e", "\u0651", "\u05b8", "\u0301", "\u200c", "\u200d",
        "\u200b", "  ", " ", "世", "👩\u200d💻", "\U0001f44d\U0001f3fd", "\u0640", "١٢٣",
        "الأخبار ", "سوريا ", "news ", "(2024) ", "[عاجل] ", "«قال» ", "مُحَمَّدٌ ",
        "ب\u0651\u064e\u0652", "\u064b\u064c\u064d",
    ]
)


def _truncated_by_search(text: str, width: int, ellipsis: str = "…") -> str:
    """The longest prefix + ellipsis that fits, binary searched over every cluster's start."""
    cuts = [start for start, _ in clusters(text)]
    low, high = 0, len(cuts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if _shaped_cells(text[: cuts[middle]].rstrip() + ellipsis) <= width:
            low = middle
        else:
            high = middle - 1
    candidate = text[: cuts[low]].rstrip() + ellipsis
    if _shaped_cells(candidate) <= width:
        return candidate
    return ellipsis if _shaped_cells(ellipsis) <= width else ""


def _fitted_the_long_way(text: str, width: int) -> VisualLine:
    """visual_field as it was: the whole text shaped, every prefix searched."""
    clean = sanitize(text).text.replace("\n", " ")
    direction = paragraph_direction(clean, Direction.LTR)
    if _shaped_cells(clean) > width:
        clean = _truncated_by_search(clean, width)
    return _layout_cached(clean, width, direction, delete_harakat())[0]


@settings(max_examples=1500, deadline=None)
@given(st.lists(TITLE_PIECES, max_size=90).map("".join), st.integers(min_value=1, max_value=70))
@example("abcdefghi" + "\u0301" * 9 + "jklm", 10)  # the cut's prefix fits: cut further on
@example("س\u064e" * 40, 12)
def test_a_field_cut_before_shaping_is_the_field_shaped_whole(text: str, width: int) -> None:
    """A long field is cut a little past its width before it is shaped, and its last fitting
    prefix guessed from one shaping: every cell of the result (and its map back to the text)
    is what shaping the whole text and searching its prefixes gives."""
    assert visual_field(text, width) == _fitted_the_long_way(text, width)


def test_layout_line_keeps_every_character_for_editable_fields() -> None:
    from reader.text.layout import layout_line

    line = layout_line("שלום abc ")
    assert line.text == " abc םולש", "the trailing space takes the paragraph level (L1)"
    assert sorted(line.visual_to_logical) == list(range(9))
    assert layout_line("  abc").text == "  abc", "leading spaces kept"
    assert layout_line("سلام").visual_to_logical == (3, 1, 0), "lam-alef: one cell, its lam"
    assert layout_line("").text == ""
    assert layout_line("a\x1b[2Jb\nc").text == "ab c"


def _reorder_by_clusters(chars: str, levels: list[int]) -> list[int]:
    """The plain statement of L2 + L3: reverse whole clusters, marks stay after their base
    (marks before the first base have none: together they are one cluster, as in FriBidi)."""
    from reader.text import bidi

    bounds = bidi.clusters(chars)
    cluster_levels = [levels[start] for start, _ in bounds]
    order = list(range(len(bounds)))
    if cluster_levels:
        lowest_odd = min(cluster_levels) | 1
        for level in range(max(cluster_levels), lowest_odd - 1, -1):
            index = 0
            while index < len(order):
                if cluster_levels[order[index]] >= level:
                    end = index
                    while end < len(order) and cluster_levels[order[end]] >= level:
                        end += 1
                    order[index:end] = order[index:end][::-1]
                    index = end
                else:
                    index += 1
    return [i for position in order for i in range(*bounds[position])]


def test_reorder_line_equals_cluster_by_cluster_reversal() -> None:
    import random

    from reader.text import bidi

    alphabet = "ab ﺏﺎ\u064e\u0651\u05b8 \u200d👍\U0001f3fb\ufe0f\u0300(1"
    rng = random.Random(7)
    for _ in range(20_000):
        chars = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
        levels = [rng.randint(0, 4) for _ in chars]
        assert bidi.reorder_line(chars, levels) == _reorder_by_clusters(chars, levels), (
            ascii(chars), levels)


def test_marks_with_no_base_keep_their_order_as_fribidi_does() -> None:
    """Found by the FriBidi comparison: `fribidi --rtl --vtol` gives these orders."""
    from reader.text import bidi

    expected = {"\u064e\u064e": [0, 1], "\u064e\u064f\u0650": [0, 1, 2],
                "\u064e\u064eب": [2, 0, 1], "\u064e\u064eא": [2, 0, 1]}
    for chars, order in expected.items():
        levels = bidi.paragraph_levels(chars, Direction.RTL)
        assert bidi.reorder_line(chars, bidi.apply_l1(chars, levels, 1)) == order, ascii(chars)
