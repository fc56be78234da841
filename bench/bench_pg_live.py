"""What living across machines costs on a PostgreSQL library: the announcement of new articles,
the insert triggers behind it and behind the analysis queue, and draining that queue.

    python bench/bench_pg_live.py --server postgresql://postgres@127.0.0.1:54329/postgres \
        [--articles 5000] [--commits 200] [--workers 1 2 4] [--runs 3]

Every figure is taken in scratch databases ``pglive_bench_<random>`` on ``--server`` (a
superuser URL; they are dropped afterwards) and printed:

- announce: ``Library.add`` of one article, and from the start of that call until a
  :class:`~reader.store.pg_live.Listener` on another connection hears it (median and p99 over
  ``--commits`` commits);
- triggers: the server time of each trigger on articles per article, from EXPLAIN ANALYZE of
  one INSERT of ``--articles`` articles (rolled back): the live ones beside the library's own;
- import: ``Library.add`` of ``--articles`` articles in batches of 500, in a library with the live
  triggers and in one whose live triggers were dropped (what they cost; median of ``--runs``);
- queue: the same articles analysed by a trivial analyzer through ``Library.analyze_missing``
  by 1, 2, 4 processes at once (articles per second, and whether each was analysed once).

A benchmark, never a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from support.pg_library import library_url  # noqa: E402

from reader.model.article import Article  # noqa: E402
from reader.store import Library, pg_live  # noqa: E402

BATCH = 500
_LIVE_TRIGGERS = ("articles_queue ON articles", "articles_announce ON articles",
                  "analysis_dequeue ON analysis")
_LIVE_TRIGGER_NAMES = {trigger.split()[0] for trigger in _LIVE_TRIGGERS} | {
    "articles_changed_announce"}

_DRAIN = """
import json, sys
from types import SimpleNamespace
from reader.store import Library
seen = []
def analyze(article):
    seen.append(article.content_id)
    return SimpleNamespace(entities=(), keywords=())
with Library.open(sys.argv[1], analyzer_version="bench") as library:
    library.analyze_missing(analyze, batch=50)
print(json.dumps(seen))
"""


@contextmanager
def scratch_library(server: str) -> Iterator[str]:
    """A migrated library in a database of its own; its URL."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    name = f"pglive_bench_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}".encode())
    try:
        url = library_url(make_conninfo(server, dbname=name))
        Library.open(url).close()
        yield url
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())


def articles(n: int, tag: str) -> list[Article]:
    return [Article(f"{tag} story {i}", (f"Paragraph {i} of the {tag} wire, with some words.",
                                          "A second paragraph."), source="Wire")
            for i in range(n)]


def announce(url: str, commits: int) -> tuple[list[float], list[float]]:
    """(seconds of each add, seconds from the start of each add until it was heard)."""
    heard = threading.Event()
    listener = pg_live.Listener(url, lambda _announcement: heard.set()).start()
    adds, latencies = [], []
    try:
        listener.wait_listening(10)
        with Library.open(url) as library:
            for i, article in enumerate(articles(commits, "announced")):
                heard.clear()
                start = time.perf_counter()
                library.add([article])
                adds.append(time.perf_counter() - start)
                if not heard.wait(10):
                    raise SystemExit(f"commit {i} was not announced within 10 s")
                latencies.append(time.perf_counter() - start)
    finally:
        listener.stop()
    return adds, latencies


_TRIGGER_TIME = re.compile(r"Trigger (?:for constraint )?(\w+): time=([\d.]+) calls=(\d+)")


def trigger_costs(url: str, n: int) -> dict[str, tuple[float, int]]:
    """Server time (ms) and calls of each trigger of one INSERT of ``n`` articles, rolled back;
    the deferred announcement is made immediate so EXPLAIN ANALYZE times it too."""
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute(b"SET CONSTRAINTS ALL IMMEDIATE")
        plan = conn.execute(
            b"EXPLAIN (ANALYZE) INSERT INTO articles (id, title, paragraphs, added_at, sort_date)"
            b" SELECT 'costed ' || g, '', '[]', '', '' FROM generate_series(1, %s) AS g", (n,)
        ).fetchall()
        conn.rollback()
    found = (_TRIGGER_TIME.search(str(row[0])) for row in plan)
    return {m[1]: (float(m[2]), int(m[3])) for m in found if m}


def import_seconds(url: str, batch: Sequence[Article], *, live: bool) -> float:
    import psycopg

    if not live:
        with psycopg.connect(url, autocommit=True) as conn:
            for trigger in _LIVE_TRIGGERS:
                conn.execute(f"DROP TRIGGER {trigger}".encode())
    with Library.open(url) as library:
        start = time.perf_counter()
        for first in range(0, len(batch), BATCH):
            library.add(batch[first : first + BATCH])
        return time.perf_counter() - start


def drain(url: str, workers: int) -> tuple[float, int, bool]:
    """(seconds, articles analysed, whether each was analysed exactly once)."""
    start = time.perf_counter()
    runs = [subprocess.Popen([sys.executable, "-c", _DRAIN, url], stdout=subprocess.PIPE,
                             text=True) for _ in range(workers)]
    seen: list[str] = []
    for run in runs:
        seen += json.loads(run.communicate()[0])
    seconds = time.perf_counter() - start
    with Library.open(url, analyzer_version="bench") as library:
        once = len(seen) == len(set(seen)) and not library.unanalyzed_ids()
    return seconds, len(seen), once


def p99(values: Sequence[float]) -> float:
    return sorted(values)[min(len(values) - 1, round(0.99 * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="a superuser URL")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--runs", type=int, default=3, help="imports of each kind")
    args = parser.parse_args()
    ms = 1000.0

    with scratch_library(args.server) as url:
        adds, latencies = announce(url, args.commits)
    print(f"announce   add of 1 article  median {statistics.median(adds) * ms:.1f} ms, "
          f"p99 {p99(adds) * ms:.1f} ms")
    print(f"           add → heard       median {statistics.median(latencies) * ms:.1f} ms, "
          f"p99 {p99(latencies) * ms:.1f} ms   ({args.commits} commits)")

    with scratch_library(args.server) as url:
        costs = trigger_costs(url, args.articles)
    for trigger, (ms_total, calls) in sorted(costs.items()):
        kind = "live" if trigger in _LIVE_TRIGGER_NAMES else "    "
        print(f"trigger    {kind} {trigger:<26} {ms_total * 1000 / args.articles:6.1f} µs per "
              f"article   ({calls} calls, {args.articles} articles in one INSERT)")

    batch = articles(args.articles, "imported")
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(args.runs):  # alternating, so a busy moment of the machine hits both
        for live in (True, False):
            with scratch_library(args.server) as url:
                times[live].append(import_seconds(url, batch, live=live))
    for live in (True, False):
        seconds = statistics.median(times[live])
        label = "with live triggers" if live else "without them     "
        print(f"import     {label}  {seconds:.2f} s   ({args.articles / seconds:.0f} "
              f"articles/s, {args.articles} in batches of {BATCH}, median of {args.runs})")

    for workers in args.workers:
        with scratch_library(args.server) as url:
            import_seconds(url, batch, live=True)
            seconds, analysed, once = drain(url, workers)
        print(f"queue      {workers} process{'es' if workers > 1 else '  '}      "
              f"{analysed / seconds:.0f} articles/s   ({analysed} analysed, "
              f"{'each once' if once else 'NOT each once'}; process start included)")


if __name__ == "__main__":
    main()
