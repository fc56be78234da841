"""What the config's ``analyzer = "accurate"`` costs, beside the default, on one generated library.

Generates a library of N distinct Arabic/mixed articles (bench_session's generator), imports it
unanalysed, then, for each analyser in turn (alternating, ``--runs`` times, each run on a fresh
copy of the unanalysed library):

- **worker**: the background analysis process exactly as the reader starts it (``python -m
  reader.services.analysis_worker --analyzer X``: niced, half a core at most) for ``--window``
  seconds or until every article is analysed: articles stored per second of wall time (its
  start and model load included; what a killed worker had not stored is not counted), CPU
  seconds per article, and its resident memory (peak and at the end, VmRSS). The time a
  switch of the setting costs at N articles is N divided by that rate (the library keeps one
  analysis per article: a switch redoes every article, newest first, in the background);
- **screen**: the reader's app (headless, Textual's ``run_test``) on that library: the worker
  starts as in a session, and after 4 s the cursor moves down ``--opens`` times from the top of
  Incoming (articles the worker, which goes by import order from the last imported, reaches
  last); for each, the time from the key to the first analysis in the panel (the quick
  stand-in under ``accurate``) and to the current one (the accurate one); the same from the
  app's start for the first article, whose ask starts the worker (its start and model loads
  included); and the reader process's own resident memory after the first panel and after the
  last, with whether any model module was imported in it.

Prints the load average before and after. A benchmark, never a test: nothing here asserts a time.

    python bench/bench_accurate.py [--articles 1000] [--runs 2] [--window 90] [--opens 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from bench_session import resident_mib, write_feeds  # noqa: E402

ANALYZERS = ("default", "accurate")
SAMPLE_EVERY = 0.25  # seconds between looks at the worker's memory and progress


def build_library(root: Path, count: int) -> Path:
    """``count`` generated articles imported into a library, none analysed."""
    from reader.services.intake import import_paths
    from reader.store import Library

    feeds = root / "feeds"
    feeds.mkdir()
    path = root / "pristine.db"
    with Library.open(path) as library:
        result = import_paths(library, [str(p) for p in write_feeds(feeds, count)])
    assert len(result.added) == count, result.errors
    return path


def analysed(path: Path, analyzer: str) -> int:
    from reader.services.analyzers import analyzer_version
    from reader.store import Library

    with Library.open(path, analyzer_version=analyzer_version(analyzer)) as library:
        return library.count_analysed().analysed


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker_run(pristine: Path, folder: Path, analyzer: str, window: float,
               count: int) -> dict[str, float]:
    """The worker process on a fresh copy for ``window`` seconds (or until done)."""
    path = folder / f"worker-{analyzer}.db"
    shutil.copyfile(pristine, path)
    env = {**os.environ, "READER_LIBRARY": str(path)}
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-P", "-m", "reader.services.analysis_worker",
                                "--analyzer", analyzer], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = cpu = 0.0
    resident = float("nan")
    looked = started
    while process.poll() is None and time.monotonic() - started < window:
        try:
            resident = resident_mib(process.pid)
            cpu = cpu_seconds(process.pid)
        except OSError:
            break
        peak = max(peak, resident)
        time.sleep(SAMPLE_EVERY)
        if time.monotonic() - looked >= 1.0:  # done: its idle wait before exiting not counted
            looked = time.monotonic()
            if analysed(path, analyzer) >= count:
                break
    elapsed = time.monotonic() - started
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # it stops at its next article, its batch unsaved
    process.wait()
    done = analysed(path, analyzer)
    path.unlink()
    return {"done": done, "seconds": elapsed, "rate": done / elapsed, "cpu": cpu,
            "cpu_per_article": cpu / done if done else float("nan"), "peak": peak,
            "end": resident, "exit": float(process.returncode),
            "switch": count / (done / elapsed) if done else float("nan")}


SCREEN = textwrap.dedent("""
    import asyncio, json, sys, time
    from pathlib import Path
    from reader.config import Config
    from reader.services.reading import open_library
    from reader.store.location import LibraryLocation
    from reader.ui.app import ReaderApp
    from reader.ui.widgets.side_panel import SidePanel

    where, analyzer, opens = sys.argv[1], sys.argv[2], int(sys.argv[3])
    shown = []
    original = SidePanel.show_analysis

    def recording(self, analysis):
        shown.append((time.monotonic(), getattr(analysis, "version", None)))
        original(self, analysis)

    SidePanel.show_analysis = recording

    def resident():
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

    library = open_library([], LibraryLocation.parse(where), analyzer)
    current = library.analyzer_version
    app = ReaderApp([], library=library, config=Config(analyzer=analyzer))
    figures = {"first": [], "current": []}

    async def wait_for(predicate, limit=120.0):
        deadline = time.monotonic() + limit
        while not predicate() and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        return predicate()

    async def session():
        started = time.monotonic()  # no worker yet: the first article's ask starts one
        async with app.run_test(size=(160, 40)) as pilot:
            await wait_for(lambda: shown)
            figures["rss_first_panel"] = resident()
            await wait_for(lambda: [t for t, v in shown if v == current])
            figures["cold_first"] = shown[0][0] - started
            figures["cold_current"] = min(t for t, v in shown if v == current) - started
            await pilot.pause(4.0)  # the worker starts (2 s) and works in the background
            for _ in range(opens):  # the worker goes newest pk first: these come last
                pressed = time.monotonic()  # the panel may be drawn before press() returns
                await pilot.press("j")
                after = lambda: [t for t, v in shown if t > pressed]
                fresh = lambda: [t for t, v in shown if t > pressed and v == current]
                await wait_for(after, 30.0)
                await wait_for(fresh, 60.0)
                if after() and fresh():
                    figures["first"].append(after()[0] - pressed)
                    figures["current"].append(fresh()[0] - pressed)
            figures["rss_last_panel"] = resident()

    asyncio.run(session())
    figures["model_modules"] = sorted(m for m in sys.modules
                                      if m.startswith(("reader.nlp.", "pycrfsuite")))
    library.close()
    print(json.dumps(figures))
""")


def screen_run(pristine: Path, folder: Path, analyzer: str, opens: int) -> dict[str, object]:
    path = folder / f"screen-{analyzer}.db"
    shutil.copyfile(pristine, path)
    result = subprocess.run([sys.executable, "-c", SCREEN, str(path), analyzer, str(opens)],
                            capture_output=True, text=True, check=False, timeout=1800)
    path.unlink()
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    figures: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def ms(values: list[float]) -> str:
    return f"{1000 * statistics.median(values):.0f} ms (of {len(values)})" if values else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--window", type=float, default=90.0,
                        help="seconds each worker run may take at most")
    parser.add_argument("--opens", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as `reader` sets it for its children
    print(f"load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="bench-accurate-") as name:
        folder = Path(name)
        pristine = build_library(folder, args.articles)
        workers: dict[str, list[dict[str, float]]] = {a: [] for a in ANALYZERS}
        screens: dict[str, list[dict[str, object]]] = {a: [] for a in ANALYZERS}
        for run in range(args.runs):
            for analyzer in ANALYZERS if run % 2 == 0 else ANALYZERS[::-1]:
                figures = worker_run(pristine, folder, analyzer, args.window, args.articles)
                workers[analyzer].append(figures)
                print(f"worker {analyzer} run {run}: " + ", ".join(
                    f"{k} {v:.3g}" for k, v in figures.items()), flush=True)
                screen = screen_run(pristine, folder, analyzer, args.opens)
                screens[analyzer].append(screen)
                print(f"screen {analyzer} run {run}: {json.dumps(screen)}", flush=True)
    print(f"\n{args.articles:,} articles, {args.runs} runs each, medians:")
    for analyzer in ANALYZERS:
        w, s = workers[analyzer], screens[analyzer]

        def med(key: str, rows: list[dict[str, float]] = w) -> float:
            return statistics.median(row[key] for row in rows)

        first = [t for row in s for t in row["first"]]  # type: ignore[attr-defined]
        current = [t for row in s for t in row["current"]]  # type: ignore[attr-defined]
        print(f"{analyzer:>8}: worker {med('rate'):.2f} articles/s in the background "
              f"({med('cpu_per_article') * 1000:.0f} ms CPU an article), resident peak "
              f"{med('peak'):.0f} MiB (end {med('end'):.0f}); a whole pass over "
              f"{args.articles:,}: {med('switch') / 60:.1f} min")
        cold = [float(r["cold_first"]) for r in s]  # type: ignore[arg-type]
        cold_current = [float(r["cold_current"]) for r in s]  # type: ignore[arg-type]
        print(f"{'':>8}  start (no worker running) -> first article's first panel {ms(cold)}, "
              f"-> its {analyzer} panel {ms(cold_current)}")
        print(f"{'':>8}  open an unanalysed article -> first panel {ms(first)}, -> "
              f"{analyzer} panel {ms(current)}; reader process "
              f"{statistics.median(float(r['rss_first_panel']) for r in s):.0f} MiB at the "  # type: ignore[arg-type]
              f"first panel, {statistics.median(float(r['rss_last_panel']) for r in s):.0f} "  # type: ignore[arg-type]
              f"MiB after {args.opens} more; model modules in it: "
              f"{sorted({m for r in s for m in r['model_modules']})}")  # type: ignore[attr-defined]
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
