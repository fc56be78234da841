"""Logical layout for terminals that do bidi themselves (``--bidi terminal``)."""

from __future__ import annotations

from rich.cells import cell_len

from reader.text.direction import Direction
from reader.text.logical import LOGICAL, VISUAL, layout_logical, logical_field, text_layout

ARABIC = "مرحبا بالعالم (تجربة) hello world 2024 وأكثر من ذلك بكثير"


def test_lines_stay_logical_unshaped_and_fit() -> None:
    lines = layout_logical(ARABIC, 20)
    assert " ".join(line.text for line in lines) == ARABIC
    assert all(line.cells <= 20 for line in lines)
    assert all(line.direction is Direction.LTR for line in lines), "the terminal aligns"
    assert not any("\ufe70" <= ch <= "\ufeff" for line in lines for ch in line.text)


def test_escapes_and_overrides_are_still_removed() -> None:
    lines = layout_logical("invoice_\u202efdp.exe \x1b]0;PWNED\x07ok", 40)
    assert lines[0].text == "invoice_fdp.exe ok"


def test_field_is_cut_at_its_logical_end() -> None:
    field = logical_field(ARABIC, 12)
    assert field.text.startswith("مرحبا") and field.text.endswith("…")
    assert cell_len(field.text) <= 12


def test_mode_selection() -> None:
    assert text_layout("terminal") is LOGICAL
    assert text_layout("app") is VISUAL
