"""What the damage check costs: ``reader import`` runs SQLite's quick check before it writes
(so a damaged library is never written to), and ``reader check`` the full integrity check.

    python bench/bench_check.py [--articles 30000]

Builds a synthetic library (the generator of bench_library.py), then prints the library's size
and the median of 3 runs of each check. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_library import seed_articles, synthetic  # noqa: E402

from reader.store import Library  # noqa: E402
from reader.store.repair import check_file  # noqa: E402


def median_seconds(action: object, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=30_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp, "library.db")
        articles = list(synthetic(seed_articles(), args.articles))
        with Library.open(path) as library:
            for start in range(0, len(articles), 1000):
                library.add(articles[start : start + 1000])
            size = path.stat().st_size + Path(f"{path}-wal").stat().st_size
            quick = median_seconds(lambda: library.check(quick=True))
        full = median_seconds(lambda: check_file(path))
        print(f"library            {args.articles} articles, {size / 2**20:.0f} MB")
        print(f"quick check        {quick * 1000:.0f} ms   (before every 'reader import')")
        print(f"integrity check    {full * 1000:.0f} ms   ('reader check')")


if __name__ == "__main__":
    main()
