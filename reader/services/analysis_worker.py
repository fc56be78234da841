"""The library's background analysis, done once, in a process of its own. No Textual import.

The screen starts it (:class:`WorkerProcess`: ``python -m reader.services.analysis_worker``, the
library named in ``READER_LIBRARY``) a little after the first screen, so the extractor's model is
never loaded into the reader's own process. The worker lowers its priority, claims the library's
background work (a lease in the library: a second reader, or a second worker, leaves it alone;
on PostgreSQL the shared queue hands out batches instead), analyses the articles with no current
analysis newest first, a batch per transaction, resting between articles so that it takes at
most :data:`BUSY_SHARE` of a core, and serves first the articles a screen asked for (the one open
with no analysis yet). It writes its progress into the library for every screen to show, pauses
while its screen says the user types (``pause``/``resume`` lines on its standard input), and
exits when the library is analysed and nothing was asked for :data:`IDLE_EXIT` seconds, when
its screen goes (end of its standard input), or on SIGTERM. Killed, it loses nothing: what it
had not stored is still unanalysed, and its lease expires.

With ``--analyzer accurate`` (the config's ``analyzer``) it stores the accurate extractor's
analyses, under their own version; an article a screen asks for that has no analysis of any
version gets the default one first (milliseconds), for the panel to show while the accurate
one (about a second) is made. The accurate model loads in this process only, never the screen's.

``reader analyze --missing`` runs the same worker in the foreground, unthrottled.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, NamedTuple

from reader.config import ANALYZERS
from reader.model.article import Article
from reader.services.analyzers import ACCURATE, DEFAULT, Analyzer
from reader.store import Library
from reader.store.analysis import AnalysisLike, AnalysisProgress, holder_name
from reader.store.location import ENV_LIBRARY, LibraryLocation

LEASE_SECONDS = 30.0  # a claim not renewed for this long is free for another worker
RENEW_EVERY = 2.0  # seconds between renewals (and progress reports)
ASKED_EVERY = 0.05  # seconds between looks at what screens asked for (one SELECT)
CHUNK = 400  # unanalysed articles listed at a time (listing them scans the analysed ones)
BATCH = 20  # articles stored per transaction
ACCURATE_BATCH = 4  # the accurate extractor's (a second an article: a killed worker loses less)
BUSY_SHARE = 0.5  # of one core at most, in the background
IDLE_EXIT = 10.0  # seconds with nothing to do before the worker exits
# The extractor's caches grow with every new word: past this the worker ends (its work saved)
# and the screen starts a fresh one, so the background never holds more than about this much.
MEMORY_BUDGET = 110 * 2**20
# The accurate extractor's transformer and tagger: about 200 MiB more (bench/bench_accurate.py at
# 1,000 articles: 273 MiB at peak against 76, 226 once loaded).
MEMORY_BUDGETS = {DEFAULT: MEMORY_BUDGET, ACCURATE: MEMORY_BUDGET + 190 * 2**20}
RECYCLE = 75  # the exit status of a worker that ended for its memory budget, work remaining
IDLE_POLL = 0.2
NICENESS = 10
CACHE_KIB = 4 * 1024  # the worker's SQLite page cache: it reads each article once
PAUSE, RESUME = "pause", "resume"

Analyze = Callable[[Article], AnalysisLike]


class StandIn(NamedTuple):
    """The quick extractor whose analysis an article asked for gets first, and its version."""

    analyze: Analyze
    version: str


class Stopped(Exception):
    """The worker was told to stop (or lost its claim) in the middle of a batch: the batch is
    not stored, and stays unanalysed."""


class Control:
    """Pause and stop, set from another thread (the standard input's reader, a signal)."""

    def __init__(self) -> None:
        self._running = threading.Event()
        self._running.set()
        self._stopped = threading.Event()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def stop(self) -> None:
        self._stopped.set()
        self._running.set()

    def wait(self, seconds: float) -> None:
        """Sleep, waking early when stopped."""
        self._stopped.wait(seconds)


def follow_commands(control: Control, stream: IO[str]) -> None:
    """Obey ``pause`` and ``resume`` lines; stop at the end of the stream (the screen that
    started the worker has gone)."""
    for line in stream:
        command = line.strip()
        if command == PAUSE:
            control.pause()
        elif command == RESUME:
            control.resume()
    control.stop()


class AnalysisWorker:
    """Analyses every article of ``library`` with no current analysis, once, sharing the work
    through the library (see the module's docstring)."""

    def __init__(self, library: Library, analyze: Analyze, control: Control | None = None, *,
                 holder: str | None = None, busy_share: float = BUSY_SHARE,
                 idle_exit: float | None = None, clock: Callable[[], float] = time.monotonic,
                 memory_budget: int | None = None, stand_in: StandIn | None = None,
                 batch: int = BATCH) -> None:
        self.library = library
        self._analyze = analyze
        self.control = control or Control()
        self.holder = holder or holder_name()
        self._rest_factor = max(1.0 / busy_share - 1.0, 0.0)
        self._idle_exit = IDLE_EXIT if idle_exit is None else idle_exit
        self._clock = clock
        self._progress = AnalysisProgress(0, 0)
        self._renewed = self._asked_at = float("-inf")
        self._served: set[str] = set()
        self._memory_budget = memory_budget
        self._stand_in = stand_in
        self._batch = batch
        self._rest_owed = 0.0  # seconds of rest the articles analysed have earned, not yet taken
        self.analysed = 0  # articles this worker analysed
        self.over_budget = False  # it ended for its memory budget, with work left

    def run(self) -> int:
        """Do the work, or nothing when another worker has it; how many articles were
        analysed here."""
        if not self.library.claim_analysis(self.holder, LEASE_SECONDS):
            return 0
        try:
            self._recount()
            self._work()
        except Stopped:
            pass
        finally:
            self.library.release_analysis(self.holder)
        return self.analysed

    def _work(self) -> None:
        idle_since: float | None = None
        while not self.control.stopped:
            self._checkpoint()
            taken = self.library.analyze_missing(self._analyse_one, limit=CHUNK,
                                                 batch=self._batch)
            self._recount()
            if taken and self._past_budget():
                self.over_budget = not self._progress.finished
                return
            if taken:
                idle_since = None
                continue
            idle_since = self._clock() if idle_since is None else idle_since
            if self._clock() - idle_since >= self._idle_exit:
                return
            self.control.wait(IDLE_POLL)

    def _past_budget(self) -> bool:
        resident = resident_bytes()
        return (self._memory_budget is not None and resident is not None
                and resident > self._memory_budget)

    def _analyse_one(self, article: Article) -> AnalysisLike:
        """One article of a batch (the library stores the batch once all are done)."""
        self._checkpoint()
        if article.content_id in self._served:  # asked for by a screen and done meanwhile
            found = self.library.cached_analysis(article.content_id)
            if found is not None:
                return found
        return self._timed(article)

    def _timed(self, article: Article) -> AnalysisLike:
        started = self._clock()
        result = self._analyze(article)
        self.analysed += 1
        self._progress = self._progress._replace(
            analysed=min(self._progress.analysed + 1, self._progress.total))
        self._rest_owed += (self._clock() - started) * self._rest_factor
        return result

    def _checkpoint(self) -> None:
        """Between two articles: stop, rest (serving asks meanwhile: a screen waits for them),
        wait while paused, renew the claim, serve asks."""
        while True:
            if self.control.stopped:
                raise Stopped
            if self._clock() - self._renewed >= RENEW_EVERY:
                self._renew()
            if self.control.paused:
                self.control.wait(IDLE_POLL)
            elif self._rest_owed > 0:
                rest = min(self._rest_owed, ASKED_EVERY)
                self.control.wait(rest)
                self._rest_owed -= rest
                self._look_at_asks()
            else:
                break
        self._look_at_asks()

    def _look_at_asks(self) -> None:
        if self._clock() - self._asked_at >= ASKED_EVERY:
            self._asked_at = self._clock()
            self._serve_asks()

    def _renew(self) -> None:
        self._renewed = self._clock()
        if not self.library.report_analysis(self.holder, self._progress, LEASE_SECONDS):
            raise Stopped  # paused past the lease (stopped by a debugger): another took over

    def _serve_asks(self) -> None:
        for article_id in self.library.requested_analysis():
            if article_id in self._served:
                continue
            self._served.add(article_id)
            stored = self.library.get(article_id)
            if stored is None or self.library.cached_analysis(article_id) is not None:
                continue
            self._store_stand_in(stored.article)
            self.library.cache_analysis(article_id, self._timed(stored.article))

    def _store_stand_in(self, article: Article) -> None:
        """The quick analysis of an article asked for that has none of any version, for its
        screen to show at once; the current one replaces it."""
        stand_in = self._stand_in
        if stand_in is None or self.library.cached_analysis(article.content_id, any_version=True):
            return
        self.library.cache_analysis(article.content_id, stand_in.analyze(article),
                                    stand_in.version)

    def _recount(self) -> None:
        self._progress = self.library.count_analysed()
        self._renew()


def collector_tuned(analyze: Analyze, tune: Callable[[], None] | None = None) -> Analyze:
    """``analyze``, which calls ``tune`` (default: ``reader.nlp.analysis.tune_collector``) once,
    after its first article: the model and lists are loaded then, and stay for the process's
    life."""
    tuned = False

    def run(article: Article) -> AnalysisLike:
        nonlocal tuned
        result = analyze(article)
        if not tuned:
            tuned = True
            if tune is None:
                from reader.nlp.analysis import tune_collector as tune_now
            else:
                tune_now = tune
            tune_now()
        return result

    return run


def resident_bytes() -> int | None:
    """This process's resident memory (None where /proc does not tell it)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


# -- the process ------------------------------------------------------------------------------


class WorkerProcess:
    """The background worker of one library, as a child of the reader's process: started at
    low priority, paused and resumed through its standard input, stopped with the reader."""

    def __init__(self, location: LibraryLocation, analyzer: str = DEFAULT) -> None:
        self.location = location
        self.analyzer = analyzer  # one of reader.config.ANALYZERS
        self._process: subprocess.Popen[str] | None = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def recycled(self) -> bool:
        """Whether the worker ended for its memory budget with work left (start it again)."""
        return self._process is not None and self._process.poll() == RECYCLE

    @property
    def pid(self) -> int | None:
        return self._process.pid if self.running and self._process else None

    def start(self) -> bool:
        """Start the worker unless it runs; whether one was started."""
        if self.running:
            return False
        where = self.location.url if self.location.is_postgres else str(self.location.path)
        self._process = subprocess.Popen(  # -P: never a `reader` folder of the current one
            [sys.executable, "-P", "-m", "reader.services.analysis_worker", "--follow-stdin",
             "--analyzer", self.analyzer],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, ENV_LIBRARY: where}, text=True, close_fds=True)
        return True

    def pause(self) -> None:
        self._send(PAUSE)

    def resume(self) -> None:
        self._send(RESUME)

    def stop(self, wait: float = 2.0) -> None:
        """End the worker (its batch in hand is not stored: nothing is lost)."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()  # the worker stops at its next article
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def _send(self, command: str) -> None:
        process = self._process
        if process is None or process.stdin is None or process.poll() is not None:
            return
        try:
            process.stdin.write(command + "\n")
            process.stdin.flush()
        except OSError:
            pass  # it has just exited


def main(argv: Sequence[str] | None = None, *, own_process: bool = False) -> int:
    """The worker; ``own_process``: this is its own process (``python -m``), whose garbage
    collector is tuned for analysing (:func:`collector_tuned`), not a caller's."""
    parser = argparse.ArgumentParser(prog="python -m reader.services.analysis_worker",
                                     description="Analyse a library in the background "
                                     "(READER_LIBRARY), at low priority.")
    parser.add_argument("--follow-stdin", action="store_true",
                        help="obey pause/resume lines on standard input; stop at its end")
    parser.add_argument("--analyzer", choices=ANALYZERS, default=DEFAULT,
                        help="the extractor (the config's 'analyzer'; default: %(default)s)")
    args = parser.parse_args(argv)
    # The taggers' matrices are small: OpenBLAS's extra threads only spin on them (see
    # reader.cli.main). Set before numpy loads; a user's own setting wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if hasattr(os, "nice"):
        os.nice(NICENESS)
    control = Control()
    signal.signal(signal.SIGTERM, lambda *_: control.stop())
    if args.follow_stdin:
        threading.Thread(target=follow_commands, args=(control, sys.stdin), daemon=True).start()
    location = LibraryLocation.resolve(None)
    analyzer = Analyzer(args.analyzer)
    quick = Analyzer(DEFAULT)
    stand_in = StandIn(quick, quick.version) if analyzer.version != quick.version else None
    with Library.open(location, analyzer_version=analyzer.version) as library:
        library.limit_cache(CACHE_KIB)
        analyze: Analyze = collector_tuned(analyzer) if own_process else analyzer
        worker = AnalysisWorker(library, analyze, control, stand_in=stand_in,
                                memory_budget=MEMORY_BUDGETS[args.analyzer],
                                batch=BATCH if stand_in is None else ACCURATE_BATCH)
        worker.run()
    return RECYCLE if worker.over_budget else 0


if __name__ == "__main__":
    raise SystemExit(main(own_process=True))
