"""What the reader's process keeps stays bounded however much is read (issue 16, memory)."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest

from reader.services.reading import ANALYSES_KEPT, ReadingService
from reader.store import Library
from reader.store.analysis import AnalysisLike
from reader.text import layout, shaping, wrap


def test_the_layout_caches_never_exceed_their_bounds() -> None:
    paragraphs = [f"فقرة رقم {number} من مقال طويل about item {number}"
                  for number in range(max(layout.LAID_OUT_KEPT, layout.PREPARED_KEPT) + 50)]
    for paragraph in paragraphs:
        layout.layout_text(paragraph, 30)
        layout.visual_field(paragraph, 20)
    assert layout._layout_cached.cache_info().currsize == layout.LAID_OUT_KEPT
    assert layout._prepare.cache_info().currsize == layout.PREPARED_KEPT
    assert layout._line_cached.cache_info().currsize <= layout.FIELDS_KEPT


def test_the_session_keeps_only_the_analyses_last_used(tmp_path: Path) -> None:
    with Library.open(tmp_path / "library.db") as library:
        service = ReadingService(library, analyze=lambda article, corpus=(): NotImplemented)
        for number in range(ANALYSES_KEPT + 10):
            service.remember_analysis(f"id{number}", cast(AnalysisLike, object()))
        kept = [number for number in range(ANALYSES_KEPT + 10)
                if service.known_analysis(f"id{number}") is not None]
        assert kept == list(range(10, ANALYSES_KEPT + 10))


def test_the_word_caches_never_exceed_their_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shaping, "_WORDS_LIMIT", 40)
    shaping.clear_cache()
    words = [f"كلمة{'ب' * (number % 7)}{'ت' * (number // 7)}" for number in range(100)]
    shaped = [shaping.shape(word).text for word in words]
    assert len(shaping._WORDS) <= 40
    shaping.clear_cache()
    assert [shaping.shape(word).text for word in words] == shaped, "forgotten words shape alike"
    for word in words * 3:
        wrap.text_cells(word + " x")
    assert wrap.text_cells.cache_info().currsize <= (wrap.text_cells.cache_info().maxsize or 0)
