"""The config's ``analyzer``: which version a library's analyses are stored and read under, the
worker's quick stand-in for an article asked for under ``accurate``, and switching the setting
back and forth (nothing deleted by opening; a stale analysis shown until the current one comes).
The extractors here are fakes: the real accurate one runs in tests/ui/test_accurate_panel.py."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from reader.model.article import Article
from reader.nlp import ACCURATE_ANALYZER_VERSION, ANALYZER_VERSION
from reader.services.analysis_worker import AnalysisWorker, StandIn, WorkerProcess
from reader.services.analyzers import ACCURATE, DEFAULT, Analyzer, analyzer_version, choice_of
from reader.services.reading import ReadingService, open_library
from reader.store import Library
from reader.store.analysis import AnalysisLike
from reader.store.location import LibraryLocation
from reader.store.models import CachedAnalysis, CachedEntity


def article(number: int) -> Article:
    return Article(title=f"Article {number}", paragraphs=(f"Body {number} about Damascus.",),
                   source="Wire")


class Fake:
    """A stand-in extractor naming one place, counting what it analysed."""

    def __init__(self, place: str) -> None:
        self.place = place
        self.titles: list[str] = []

    def __call__(self, article: Article, corpus: Sequence[Article] = ()) -> CachedAnalysis:
        self.titles.append(article.title)
        return CachedAnalysis("", (CachedEntity(self.place, "LOCATION", 1, ((0, 4),)),), ())


def places(found: AnalysisLike | None) -> list[str]:
    return [] if found is None else [e.text for e in found.entities]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    where = tmp_path / "library.db"
    with Library.open(where, analyzer_version=ANALYZER_VERSION) as library:
        library.add([article(n) for n in range(4)])
    return where


def test_each_choice_has_its_own_version() -> None:
    assert analyzer_version(DEFAULT) == ANALYZER_VERSION
    assert analyzer_version(ACCURATE) == ACCURATE_ANALYZER_VERSION
    assert choice_of(ACCURATE_ANALYZER_VERSION) == ACCURATE
    assert choice_of(ANALYZER_VERSION) == DEFAULT


def test_the_accurate_analyzer_asks_the_extractor_for_accurate_names(
        monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[bool] = []

    def spy(article: Article, corpus: Sequence[Article] = (), accurate: bool = False) -> str:
        asked.append(accurate)
        return "analysis"

    monkeypatch.setattr("reader.nlp.analyze", spy)
    Analyzer(ACCURATE)(article(1))
    Analyzer(DEFAULT)(article(1))
    assert asked == [True, False]


def test_the_session_library_is_opened_under_the_configured_extractors_version(
        path: Path, tmp_path: Path) -> None:
    location = LibraryLocation.parse(str(path))
    with open_library([], location, ACCURATE) as library:
        assert library.analyzer_version == ACCURATE_ANALYZER_VERSION
        service = ReadingService(library)
        assert service.analyzer == ACCURATE and service.uses_worker
        service.start_background()
        worker = service._worker
        assert worker is not None and worker.analyzer == ACCURATE
        service.stop_background()
    with open_library([], location) as library:
        assert library.analyzer_version == ANALYZER_VERSION
    given = tmp_path / "given.txt"
    given.write_text("Title\n\nA body.", encoding="utf-8")
    with open_library([given], location, ACCURATE) as library:
        # files given are analysed in the reader's own process: never by the heavy model
        assert library.analyzer_version == ANALYZER_VERSION


def test_accurate_analyses_are_stored_under_their_version_and_a_switch_deletes_nothing(
        path: Path) -> None:
    fast, accurate = Fake("fast"), Fake("accurate")
    with Library.open(path, analyzer_version=ANALYZER_VERSION) as library:
        AnalysisWorker(library, fast, busy_share=1.0, idle_exit=0).run()
        first, second, *_ = library.ids()
    with Library.open(path, analyzer_version=ACCURATE_ANALYZER_VERSION) as library:
        assert library.count_analysed().analysed == 0, "the default ones are not current"
        service = ReadingService(library)
        assert service.analysis_for(first) is None
        assert places(library.cached_analysis(first, any_version=True)) == ["fast"]
        assert places(service.stand_in_analysis(first)) == ["fast"], "shown meanwhile"
    with Library.open(path, analyzer_version=ANALYZER_VERSION) as library:
        assert library.count_analysed().analysed == 4, "switched back: nothing to redo"
        library.cache_analysis(second, fast(article(9)))
    with Library.open(path, analyzer_version=ACCURATE_ANALYZER_VERSION) as library:
        AnalysisWorker(library, accurate, busy_share=1.0, idle_exit=0).run()
        assert len(accurate.titles) == 4
        found = library.cached_analysis(first)
        assert found is not None and found.version == ACCURATE_ANALYZER_VERSION
        assert places(found) == ["accurate"]
    with Library.open(path, analyzer_version=ANALYZER_VERSION) as library:
        assert library.cached_analysis(first) is None, "never read as a default analysis"
        assert places(library.cached_analysis(first, any_version=True)) == ["accurate"]
        assert library.unanalyzed_ids() != [], "the default extractor redoes them"


def test_an_article_asked_for_under_accurate_gets_the_quick_analysis_first(path: Path) -> None:
    fast, accurate = Fake("fast"), Fake("accurate")
    stored: list[tuple[str, str]] = []
    with Library.open(path, analyzer_version=ACCURATE_ANALYZER_VERSION) as library:
        asked = library.ids()[-1]
        library.request_analysis("screen:1", asked)
        keep = library.cache_analysis

        def recording(article_id: str, found: AnalysisLike, version: str | None = None) -> None:
            stored.append((article_id, version or library.analyzer_version or ""))
            keep(article_id, found, version)

        library.cache_analysis = recording  # type: ignore[method-assign]
        worker = AnalysisWorker(library, accurate, busy_share=1.0, idle_exit=0,
                                stand_in=StandIn(fast, ANALYZER_VERSION))
        worker.run()
        assert stored[:2] == [(asked, ANALYZER_VERSION), (asked, ACCURATE_ANALYZER_VERSION)]
        assert len(fast.titles) == 1, "only the article a screen waits for"
        assert len(accurate.titles) == 4, "each article once, the asked one first"
        assert places(library.cached_analysis(asked)) == ["accurate"]


def test_no_stand_in_is_made_for_an_article_with_an_analysis_of_any_version(path: Path) -> None:
    fast, accurate = Fake("fast"), Fake("accurate")
    with Library.open(path, analyzer_version=ANALYZER_VERSION) as library:
        asked = library.ids()[0]
        library.cache_analysis(asked, fast(article(0)))
    fast.titles.clear()
    with Library.open(path, analyzer_version=ACCURATE_ANALYZER_VERSION) as library:
        library.request_analysis("screen:1", asked)
        AnalysisWorker(library, accurate, busy_share=1.0, idle_exit=0,
                       stand_in=StandIn(fast, ANALYZER_VERSION)).run()
        assert fast.titles == [], "the stale one is the stand-in"
        assert places(library.cached_analysis(asked)) == ["accurate"]


def test_the_worker_process_is_told_the_extractor(monkeypatch: pytest.MonkeyPatch,
                                                  path: Path) -> None:
    commands: list[list[str]] = []

    class Popen:
        def __init__(self, command: list[str], **_: object) -> None:
            commands.append(command)

    monkeypatch.setattr("reader.services.analysis_worker.subprocess.Popen", Popen)
    WorkerProcess(LibraryLocation.parse(str(path)), ACCURATE).start()
    WorkerProcess(LibraryLocation.parse(str(path))).start()
    assert commands[0][-2:] == ["--analyzer", "accurate"]
    assert commands[1][-2:] == ["--analyzer", "default"]



def spy_on_the_extractor(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each analysis's ``accurate`` flag, the extractor faked (the model is not loaded)."""
    asked: list[bool] = []

    def spy(article: Article, corpus: Sequence[Article] = (),
            accurate: bool = False) -> CachedAnalysis:
        asked.append(accurate)
        return Fake("accurate" if accurate else "fast")(article)

    monkeypatch.setattr("reader.nlp.analyze", spy)
    return asked


def write_config(home: Path, text: str) -> None:
    config = home / ".config" / "reader" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text, encoding="utf-8")


def test_analyze_missing_follows_the_setting_and_accurate_overrides_it(
        path: Path, monkeypatch: pytest.MonkeyPatch, isolated_user_dirs: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli import main as cli_main

    asked = spy_on_the_extractor(monkeypatch)
    write_config(isolated_user_dirs, "analyzer = 'accurate'")
    assert cli_main(["analyze", "--missing", "--library", str(path)]) == 0
    assert asked == [True] * 4
    with Library.open(path, analyzer_version=ACCURATE_ANALYZER_VERSION) as library:
        assert library.count_analysed().analysed == 4
    write_config(isolated_user_dirs, "analyzer = 'default'")
    assert cli_main(["analyze", "--missing", "--library", str(path)]) == 0
    assert asked == [True] * 4 + [False] * 4
    assert cli_main(["analyze", "--missing", "--accurate", "--library", str(path)]) == 0
    assert asked == [True] * 4 + [False] * 4 + [True] * 4
    write_config(isolated_user_dirs, "analyzer = 'bert'")
    assert cli_main(["analyze", "--missing", "--library", str(path)]) == 0
    assert asked[12:] == [False] * 4, "a bad value: the defaults, and said so"
    assert ("'analyzer' must be one of default, accurate, not 'bert'; using the default "
            "settings") in capsys.readouterr().err


def test_import_analyze_stores_the_configured_extractors_analyses(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_user_dirs: Path) -> None:
    from reader.cli import main as cli_main

    asked = spy_on_the_extractor(monkeypatch)
    write_config(isolated_user_dirs, "analyzer = 'accurate'")
    source = tmp_path / "story.txt"
    source.write_text("A story\n\nFrom Damascus, a story.", encoding="utf-8")
    where = str(tmp_path / "library.db")
    assert cli_main(["import", "--analyze", "--library", where, str(source)]) == 0
    assert asked == [True]
    with Library.open(where, analyzer_version=ACCURATE_ANALYZER_VERSION) as library:
        assert places(library.cached_analysis(library.ids()[0])) == ["accurate"]
