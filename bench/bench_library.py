"""Benchmark the library store on a synthetic library built from the seed articles.

    python bench/bench_library.py [--articles 100000] [--analysis-sample 300]

Prints import rate (without analysis, and with reader.nlp analysis on a sample when available),
the time to count and fetch the first page of Incoming, search latency (median over Arabic,
Hebrew and English queries) and the resident memory of a process that opens the library and
fetches the first page. Figures are printed with their targets; nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from reader.locations import bundled_dir
from reader.model.article import Article
from reader.store import Incoming, Library

QUERIES = ("دمشق", "المياه", "سويداء", "الأمم المتحدة", "חיפה", "אוטובוס", "water",
           "desalination plant", "زاینده‌رود", "engineers said")  # fmt: skip
_SENTENCE = re.compile(r"(?<=[.!?؟])\s+")


def seed_articles() -> list[Article]:
    """The bundled seeds, through reader.parsing."""
    from reader.parsing import load_paths

    report = load_paths([bundled_dir("seeds")])
    if not report.articles:
        sys.exit("no seed articles found: " + "; ".join(report.errors))
    return report.articles


def synthetic(seeds: list[Article], count: int, seed: int = 7) -> Iterator[Article]:
    """``count`` articles whose sentences are shuffled from the seeds (so texts differ)."""
    rng = random.Random(seed)
    pools = [[s for p in a.paragraphs for s in _SENTENCE.split(p) if s] for a in seeds]
    start = date(2024, 1, 1)
    for index in range(count):
        which = index % len(seeds)
        sentences = rng.sample(pools[which], k=min(len(pools[which]), rng.randint(4, 12)))
        cut = max(1, len(sentences) // rng.randint(2, 4))
        paragraphs = tuple(" ".join(sentences[i : i + cut]) for i in range(0, len(sentences), cut))
        words = " ".join(sentences).split()
        title = " ".join(rng.sample(words, k=min(len(words), rng.randint(5, 10))))
        yield Article(
            title=title,
            paragraphs=paragraphs,
            source=f"{seeds[which].source or 'seed'} {index % 7}",
            published=start + timedelta(days=rng.randint(0, 700)),
            url=f"https://bench.example/{index}",
        )


def timed(action: Callable[[], object]) -> float:
    begin = time.perf_counter()
    action()
    return time.perf_counter() - begin


def import_rate(path: Path, articles: list[Article], batch: int) -> float:
    with Library.open(path) as library:
        elapsed = sum(
            timed(partial(library.add, articles[i : i + batch]))
            for i in range(0, len(articles), batch)
        )
    return len(articles) / elapsed


def first_page(path: Path) -> tuple[float, float]:
    """(cold, warm median) seconds to count Incoming and fetch its first 50 rows."""
    with Library.open(path) as library:
        cold = timed(lambda: (library.count(Incoming()), library.query(Incoming(), limit=50)))
        warm = [
            timed(lambda: (library.count(Incoming()), library.query(Incoming(), limit=50)))
            for _ in range(5)
        ]
    return cold, statistics.median(warm)


def search_latency(path: Path) -> dict[str, tuple[float, int]]:
    """Per query: (median seconds over 5 runs, hits in the first page)."""
    found: dict[str, tuple[float, int]] = {}
    with Library.open(path) as library:
        for query in QUERIES:
            hits = len(library.search(query, limit=20))
            runs = [timed(partial(library.search, query, limit=20)) for _ in range(5)]
            found[query] = (statistics.median(runs), hits)
    return found


# ru_maxrss survives fork+exec on Linux, so a child of this (large) process would report the
# parent's peak. VmHWM in /proc is the peak of the child's own address space; ru_maxrss is the
# fallback elsewhere.
_RSS_SCRIPT = """
import resource, sys
from reader.store import Incoming, Library
with Library.open(sys.argv[1]) as library:
    library.count(Incoming()); library.query(Incoming(), limit=50)
try:
    with open("/proc/self/status") as status:
        print(next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")))
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def resident_kib(path: Path) -> int:
    """Peak resident KiB of a fresh process that opens the library and reads the first page."""
    out = subprocess.run(
        [sys.executable, "-c", _RSS_SCRIPT, str(path)], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip())


def analysis_rate(folder: Path, articles: list[Article]) -> float | None:
    try:
        from reader.nlp import ANALYZER_VERSION, analyze
    except ImportError:
        return None
    with Library.open(folder / "analysed.db", analyzer_version=ANALYZER_VERSION) as library:
        elapsed = timed(lambda: library.add(articles, analyze=analyze))
    return len(articles) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--analysis-sample", type=int, default=300)
    args = parser.parse_args()
    seeds = seed_articles()
    articles = list(synthetic(seeds, args.articles))
    with tempfile.TemporaryDirectory(prefix="bench-library-") as tmp:
        folder = Path(tmp)
        db = folder / "library.db"
        print(f"library: {args.articles} synthetic articles from {len(seeds)} seeds")
        rate = import_rate(db, articles, args.batch)
        print(f"import, no analysis      {rate:10.0f} articles/s   (target >= 1000)")
        sample = articles[: args.analysis_sample]
        with_nlp = analysis_rate(folder, sample)
        if with_nlp is None:
            print("import, with analysis    reader.nlp not importable")
        else:
            print(
                f"import, with analysis    {with_nlp:10.1f} articles/s   ({len(sample)} articles)"
            )
        cold, warm = first_page(db)
        print(f"Incoming count+page 50   {cold * 1000:8.1f} ms cold, {warm * 1000:.1f} ms warm"
              "   (target <= 100 ms)")  # fmt: skip
        latencies = search_latency(db)
        for query, (seconds, hits) in latencies.items():
            print(f"  search {query!r:26} {seconds * 1000:8.1f} ms  {hits} hits")
        median = statistics.median(s for s, _ in latencies.values())
        print(f"search median            {median * 1000:8.1f} ms   (target <= 100 ms)")
        print(f"peak RSS open+first page {resident_kib(db) / 1024:8.1f} MiB  (target <= 150 MiB)")
        print(f"database size            {db.stat().st_size / 2**20:8.1f} MiB")


if __name__ == "__main__":
    main()
