"""What the reader's process keeps stays bounded however much is read (issue 16, memory)."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import cast

import pytest

from reader.lang.words import clitic_stems
from reader.model.article import Article
from reader.services import reading
from reader.services.reading import ANALYSES_KEPT, ReadingService
from reader.store import Library, search
from reader.store.analysis import AnalysisLike
from reader.store.models import CachedAnalysis, CachedEntity
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


def test_the_rows_names_outlive_their_whole_analyses_and_stay_bounded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "ANALYSES_KEPT", 5)
    monkeypatch.setattr(reading, "CHIPS_KEPT", 20)
    rows = 30
    with Library.open(tmp_path / "library.db", analyzer_version="v") as library:
        library.add([Article(title=f"Article {number}", paragraphs=(f"Body {number}.",),
                             source="Wire", published=date(2024, 12, 1 + number % 28))
                      for number in range(rows)])
        service = ReadingService(library, analyze=lambda article, corpus=(): NotImplemented)
        listing = service.triage.listing
        for index in range(rows):
            name = f"Person {index}"
            library.cache_analysis(listing[index].id, CachedAnalysis(
                "v", (CachedEntity(name, "PER", 3, ((0, 4),)), CachedEntity("2024", "DATE", 9,
                                                                             ((5, 9),))), ()))
        chips = [service.entity_chips(index) for index in range(rows)]
        assert chips == [(f"Person {index}",) for index in range(rows)], "numbers are no names"
        known = [index for index in range(rows)
                 if service.known_analysis(listing[index].id) is not None]
        assert known == list(range(rows - 5, rows)), "the rows last drawn: opened without a read"

        def read_again(article_id: str, any_version: bool = False) -> None:
            raise AssertionError(f"{article_id} read again")

        monkeypatch.setattr(library, "cached_analysis", read_again)
        assert [service.entity_chips(index) for index in range(rows - 20, rows)] == chips[-20:]
        assert len(service._chips) == 20


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


def test_highlighting_what_searches_show_keeps_its_own_bounded_stems() -> None:
    clitic_stems.cache_clear()
    query = search.parse_query("وكتاب")
    text = " ".join(f"وكتاب{'ب' * (number % 9)}{'ت' * (number // 9)}" for number in range(200))
    assert search.hit_spans(text, query)
    assert clitic_stems.cache_info().currsize == 0, "the index's cache is left to imports"
    info = search._highlight_stems.cache_info()
    assert 0 < info.currsize <= (info.maxsize or 0) == search.HIGHLIGHT_STEMS_KEPT


def test_the_library_gives_its_page_cache_back_unless_a_worker_is_reading(tmp_path: Path) -> None:
    with Library.open(tmp_path / "library.db") as library:
        library.add([Article(title=f"Article {number}", paragraphs=(f"Body {number}.",),
                             source="Wire", published=date(2024, 12, 1)) for number in range(5)])
        assert library.release_cache()
        reading_now, finished = threading.Event(), threading.Event()

        def read() -> None:
            with library.reading():
                reading_now.set()
                finished.wait(10)

        worker = threading.Thread(target=read)
        worker.start()
        try:
            assert reading_now.wait(10)
            assert not library.release_cache(), "the screen never waits for a worker's read"
        finally:
            finished.set()
            worker.join()
        assert library.release_cache()
