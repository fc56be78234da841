"""The background analysis worker: done once across processes, shared through the library (a
lease, the progress, the asks), killed without loss, paused and resumed, stopped by its screen."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from conftest import LibraryAt

from reader.model.article import Article
from reader.services import analysis_worker
from reader.services.analysis_worker import (
    AnalysisWorker,
    Control,
    WorkerProcess,
    collector_tuned,
    follow_commands,
)
from reader.store import Library
from reader.store.analysis import (
    AnalysisProgress,
    Lease,
    holder_gone,
    holder_name,
)
from reader.store.models import CachedAnalysis, CachedEntity, CachedKeyword

VERSION = "test-analyzer"


def article(number: int) -> Article:
    return Article(title=f"Article {number}", paragraphs=(f"Body {number} about Damascus.",),
                   source="Wire")


def fake_analysis(article: Article, corpus: Sequence[Article] = ()) -> CachedAnalysis:
    return CachedAnalysis(VERSION, (CachedEntity("Damascus", "LOC", 1, ((0, 8),)),),
                          (CachedKeyword(article.title, 1.0),))


@pytest.fixture
def library_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "library.db"
    with Library.open(path, analyzer_version=VERSION) as library:
        library.add([article(n) for n in range(30)])
    yield path


def open_library(path: Path) -> Library:
    return Library.open(path, analyzer_version=VERSION)


class Counting:
    """A stand-in extractor that counts the articles it analysed."""

    def __init__(self, delay: float = 0.0) -> None:
        self.titles: list[str] = []
        self.delay = delay

    def __call__(self, article: Article) -> CachedAnalysis:
        time.sleep(self.delay)
        self.titles.append(article.title)
        return fake_analysis(article)


# -- the lease ---------------------------------------------------------------------------------


def test_a_lease_is_held_until_it_expires_or_its_process_is_gone(library_file: Path) -> None:
    with open_library(library_file) as first, open_library(library_file) as second:
        assert first.claim_analysis("elsewhere:1", 60)
        assert not second.claim_analysis("elsewhere:2", 60), "held by a live holder"
        assert first.claim_analysis("elsewhere:1", 60), "its holder renews it"
        assert not Lease("elsewhere:1", time.time() - 1).live(time.time())
        assert first.claim_analysis("elsewhere:3", -1) is False
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert holder_gone(holder_name(gone.pid))
    assert not holder_gone(holder_name())
    assert not holder_gone(f"another-host:{gone.pid}"), "another host's pids are not ours"
    with open_library(library_file) as library:
        library.release_analysis("elsewhere:1")
        assert library.claim_analysis(holder_name(gone.pid), 60)
        assert library.claim_analysis("elsewhere:4", 60), "its holder's process is gone"


def test_a_damaged_lease_claims_nothing() -> None:
    assert Lease.decode("nonsense") is None
    assert Lease.decode("") is None
    assert Lease.decode(Lease("host:12", 5.0).encode()) == Lease("host:12", 5.0)


# -- the worker --------------------------------------------------------------------------------


def test_the_worker_analyses_every_article_once_and_shows_its_progress(
        library_file: Path) -> None:
    seen: list[AnalysisProgress | None] = []
    counting = Counting()
    with open_library(library_file) as library, open_library(library_file) as screen:

        def watching(article: Article) -> CachedAnalysis:
            seen.append(screen.analysis_progress())
            return counting(article)

        worker = AnalysisWorker(library, watching, busy_share=1.0, idle_exit=0)
        assert worker.run() == 30
        assert library.unanalyzed_ids() == []
        assert sorted(counting.titles) == sorted(f"Article {n}" for n in range(30))
        assert seen[0] == AnalysisProgress(0, 30), "another connection reads the progress"
        assert screen.analysis_progress() is None, "the lease and progress go with the worker"
        assert AnalysisWorker(library, counting, idle_exit=0).run() == 0, "nothing left"


def test_two_workers_in_two_processes_analyse_each_article_once(
        library_file: Path, tmp_path: Path) -> None:
    script = tmp_path / "worker.py"
    script.write_text(textwrap.dedent(f"""
        import sys, time
        from reader.services.analysis_worker import AnalysisWorker
        from reader.store import Library
        from reader.store.models import CachedAnalysis

        log = open(sys.argv[1], "w")

        def analyze(article):
            time.sleep(0.01)
            print(article.content_id, file=log, flush=True)
            return CachedAnalysis({VERSION!r}, (), ())

        with Library.open({str(library_file)!r}, analyzer_version={VERSION!r}) as library:
            AnalysisWorker(library, analyze, busy_share=1.0, idle_exit=0.5).run()
    """))
    logs = [tmp_path / "one.log", tmp_path / "two.log"]
    processes = [subprocess.Popen([sys.executable, str(script), str(log)]) for log in logs]
    for process in processes:
        assert process.wait(60) == 0
    analysed = [line for log in logs for line in log.read_text().split()]
    with open_library(library_file) as library:
        assert library.unanalyzed_ids() == []
        assert len(analysed) == len(set(analysed)) == library.count()


def test_a_killed_worker_loses_nothing(library_file: Path, tmp_path: Path) -> None:
    script = tmp_path / "slow_worker.py"
    script.write_text(textwrap.dedent(f"""
        import time
        from reader.services.analysis_worker import AnalysisWorker
        from reader.store import Library
        from reader.store.models import CachedAnalysis

        def analyze(article):
            time.sleep(0.05)
            return CachedAnalysis({VERSION!r}, (), ())

        with Library.open({str(library_file)!r}, analyzer_version={VERSION!r}) as library:
            AnalysisWorker(library, analyze, busy_share=1.0).run()
    """))
    process = subprocess.Popen([sys.executable, str(script)])
    with open_library(library_file) as library:
        deadline = time.monotonic() + 60
        while len(library.unanalyzed_ids()) == 30 and time.monotonic() < deadline:
            time.sleep(0.05)  # its first batch is stored
        process.send_signal(signal.SIGKILL)
        process.wait()
        left = len(library.unanalyzed_ids())
        assert 0 < left < 30, "killed in the middle of its work"
        counting = Counting()
        assert AnalysisWorker(library, counting, busy_share=1.0, idle_exit=0).run() == left, \
            "the dead worker's lease is free at once, and its unstored batch is done again"
        assert library.unanalyzed_ids() == []


def test_a_paused_worker_rests_and_keeps_its_claim_until_resumed(library_file: Path) -> None:
    control = Control()
    control.pause()
    counting = Counting()
    with open_library(library_file) as library, open_library(library_file) as other:
        worker = AnalysisWorker(library, counting, control, busy_share=1.0, idle_exit=0)
        thread = threading.Thread(target=worker.run)
        thread.start()
        time.sleep(0.6)
        assert counting.titles == [], "nothing analysed while paused"
        assert not other.claim_analysis("another:1", 60), "the paused worker keeps its claim"
        assert other.analysis_progress() == AnalysisProgress(0, 30)
        control.resume()
        thread.join(30)
        assert not thread.is_alive()
        assert len(counting.titles) == 30


def test_a_stopped_worker_stores_no_half_batch_and_releases_its_claim(
        library_file: Path) -> None:
    control = Control()
    with open_library(library_file) as library:

        def stopping(article: Article) -> CachedAnalysis:
            if article.title == "Article 25":
                control.stop()
            return fake_analysis(article)

        AnalysisWorker(library, stopping, control, busy_share=1.0).run()
        assert len(library.unanalyzed_ids()) == 30, "the batch in hand was not stored"
        assert library.claim_analysis("another:1", 60)


def test_an_article_asked_for_is_analysed_first(library_file: Path) -> None:
    counting = Counting()
    with open_library(library_file) as library:
        oldest = library.unanalyzed_ids()[-1]
        library.request_analysis("screen:1", oldest)
        AnalysisWorker(library, counting, busy_share=1.0, idle_exit=0).run()
        stored = library.get(oldest)
        assert stored is not None
        assert counting.titles[0] == stored.article.title
        assert counting.titles.count(stored.article.title) == 1, "not again in its batch"
        library.request_analysis("screen:1", None)
        assert library.requested_analysis() == []


def test_an_article_asked_for_is_served_during_the_workers_rest(library_file: Path) -> None:
    """The background share is kept by resting between articles; a screen waiting for an
    article never waits for the rest to end (under the accurate extractor a rest is seconds)."""
    counting = Counting()
    control = Control()
    with open_library(library_file) as library:
        oldest = library.unanalyzed_ids()[-1]
        stored = library.get(oldest)
        assert stored is not None
        worker = AnalysisWorker(library, counting, control, busy_share=1e-6, idle_exit=0)
        thread = threading.Thread(target=worker.run)
        thread.start()
        try:
            deadline = time.monotonic() + 30
            while not counting.titles and time.monotonic() < deadline:
                time.sleep(0.01)
            library.request_analysis("screen:1", oldest)  # the worker rests for ages now
            while len(counting.titles) < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
            assert counting.titles[1:] == [stored.article.title], "served, its rest not over"
        finally:
            control.stop()
            thread.join()
        assert library.cached_analysis(oldest) is not None


def test_the_worker_stops_at_the_end_of_its_screens_commands() -> None:
    control = Control()
    follow_commands(control, io.StringIO("pause\n"))
    assert control.stopped and not control.paused, "stopped: a pause no longer holds it"
    control = Control()
    reader = threading.Thread(target=follow_commands,
                              args=(control, io.StringIO("pause\nresume\npause\n")))
    reader.start()
    reader.join()
    assert control.stopped


def test_the_worker_process_analyses_a_library_with_the_real_extractor(tmp_path: Path) -> None:
    from reader.nlp import ANALYZER_VERSION

    path = tmp_path / "library.db"
    with Library.open(path, analyzer_version=ANALYZER_VERSION) as library:
        library.add([article(n) for n in range(3)])
        process = WorkerProcess(library.location)
        assert process.start()
        assert not process.start(), "one at a time"
        process.pause()
        process.resume()
        deadline = time.monotonic() + 120
        while library.unanalyzed_ids() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert library.unanalyzed_ids() == []
        cached = library.cached_analysis(library.ids()[0])
        assert cached is not None and cached.version == ANALYZER_VERSION
        process.stop()
        assert not process.running


def test_the_worker_process_lowers_its_priority(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    niced: list[int] = []

    def nice(step: int) -> int:
        niced.append(step)
        return step

    monkeypatch.setattr(os, "nice", nice)
    monkeypatch.setenv("READER_LIBRARY", str(tmp_path / "library.db"))
    monkeypatch.setattr(signal, "signal", lambda *_: None)
    monkeypatch.setattr(analysis_worker, "IDLE_EXIT", 0.0)
    assert analysis_worker.main([]) == 0
    assert niced == [analysis_worker.NICENESS]


def test_the_collector_is_tuned_once_after_the_first_article() -> None:
    calls: list[str] = []

    def analyze(item: Article) -> CachedAnalysis:
        calls.append(item.title)
        return CachedAnalysis("v", (), ())

    run = collector_tuned(analyze, lambda: calls.append("tuned"))
    for n in range(3):
        run(article(n))
    assert calls == ["Article 0", "tuned", "Article 1", "Article 2"]


def test_only_the_worker_process_tunes_its_collector(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    """``python -m reader.services.analysis_worker`` tunes it after its first article;
    ``main`` called in another process (a test, a command) leaves the caller's alone."""
    from reader.nlp import ANALYZER_VERSION, analysis

    tuned: list[bool] = []
    monkeypatch.setattr(analysis, "tune_collector", lambda: tuned.append(True))
    monkeypatch.setattr(os, "nice", lambda step: step)
    monkeypatch.setattr(signal, "signal", lambda *_: None)
    monkeypatch.setattr(analysis_worker, "IDLE_EXIT", 0.0)
    for own_process in (False, True):
        path = tmp_path / f"library-{own_process}.db"
        with Library.open(path, analyzer_version=ANALYZER_VERSION) as library:
            library.add([article(n) for n in range(2)])
        monkeypatch.setenv("READER_LIBRARY", str(path))
        assert analysis_worker.main([], own_process=own_process) == 0
        with Library.open(path, analyzer_version=ANALYZER_VERSION) as library:
            assert library.unanalyzed_ids() == []
        assert tuned == ([True] if own_process else [])


def test_two_workers_share_the_work_on_either_backend(library_at: LibraryAt) -> None:
    """SQLite: the second worker finds the lease taken and leaves; PostgreSQL: the shared
    queue hands each batch to one of them. Either way each article is analysed once."""
    where = library_at("shared")
    with Library.open(where, analyzer_version=VERSION) as seeded:
        seeded.add([article(n) for n in range(30)])
    counting = Counting(delay=0.005)
    libraries = [Library.open(where, analyzer_version=VERSION) for _ in range(2)]
    try:
        workers = [AnalysisWorker(library, counting, holder=f"test-host:{number}",
                                  busy_share=1.0, idle_exit=0.3)
                   for number, library in enumerate(libraries)]
        threads = [threading.Thread(target=worker.run) for worker in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert len(counting.titles) == len(set(counting.titles)) == 30
        assert libraries[0].unanalyzed_ids() == []
        assert libraries[0].analysis_progress() is None, "the progress goes with the workers"
    finally:
        for library in libraries:
            library.close()


def test_reader_analyze_missing_does_the_background_work_now(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli import main as cli_main
    from reader.nlp import ANALYZER_VERSION

    path = tmp_path / "library.db"
    with Library.open(path, analyzer_version=ANALYZER_VERSION) as library:
        library.add([article(n) for n in range(3)])
    assert cli_main(["analyze", "--missing", "--library", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "analysed 3 articles; 3 of 3 have an analysis"
    assert cli_main(["analyze", "--missing", "--library", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "analysed 0 articles; 3 of 3 have an analysis"
    assert cli_main(["analyze"]) == 2, "files or --missing"


def test_a_worker_past_its_memory_budget_ends_with_its_work_saved(
        library_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analysis_worker, "CHUNK", 10)
    with open_library(library_file) as library:
        worker = AnalysisWorker(library, Counting(), busy_share=1.0, memory_budget=1)
        assert worker.run() == 10 and worker.over_budget
        assert len(library.unanalyzed_ids()) == 20, "its chunk is stored"
        assert library.analysis_progress() is None, "its claim is free for the next one"
        rest = AnalysisWorker(library, Counting(), busy_share=1.0, idle_exit=0,
                              memory_budget=2**40)
        assert rest.run() == 20 and not rest.over_budget


def test_the_screen_starts_a_fresh_worker_when_one_ended_for_its_budget(
        library_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.services.reading import ReadingService

    starts: list[str] = []
    ended = subprocess.Popen([sys.executable, "-c", f"raise SystemExit({analysis_worker.RECYCLE})"])
    ended.wait()

    def start(self: WorkerProcess) -> bool:
        starts.append("start")
        self._process = ended  # type: ignore[assignment]
        return True

    monkeypatch.setattr(WorkerProcess, "start", start)
    with open_library(library_file) as library:
        service = ReadingService(library)
        assert service.uses_worker
        service.start_background()
        service.background_progress()
        assert starts == ["start", "start"], "started again"
