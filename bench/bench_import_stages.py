"""Where ``reader import`` spends its CPU, stage by stage, on bench_session's generated feeds.

bench_import.py gives the whole cost of the command beside newsboat; this splits it: the start
(a fresh interpreter importing the CLI's import command, then opening a new library) and, in
this process, each stage over every article in turn (reading the feeds, cleaning, content ids,
language and direction, index text, row values, then storing the articles with all of that
already known: the SQL rows, the full-text index and the commits), and apart, the full-text
index alone (the same texts into an empty FTS5 table made as the library makes it); then the
whole command in a fresh interpreter, for comparison (the stages overlap: storing cleans and
makes the index text again, warm). A stage that caches (index text, per-word forms) is measured
cold, as an import meets it.

    python bench/bench_import_stages.py [--items 1000 10000]

A benchmark, never a test: nothing here asserts a time. The machine's load average is printed.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_session  # noqa: E402  (the feed generator is shared)

from reader.lang.words import index_text  # noqa: E402
from reader.model.article import Article  # noqa: E402
from reader.sources.feeds import FeedStream  # noqa: E402
from reader.sources.files import SourceFile  # noqa: E402
from reader.store import Library  # noqa: E402
from reader.store.rows import article_params  # noqa: E402
from reader.store.sanitize import clean_article  # noqa: E402
from reader.store.schema import heading_text  # noqa: E402


def child_cpu(script: str) -> float:
    """User + system CPU seconds of a fresh interpreter running ``script``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", script], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def timed(work: Callable[[], object]) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def read_feeds(feeds: list[Path]) -> list[Article]:
    articles: list[Article] = []
    for path in feeds:
        with SourceFile(path) as file:
            articles.extend(FeedStream(file.chunks(), str(path)))
    return articles


def store(folder: Path, articles: list[Article]) -> None:
    with Library.open(folder / "library.db") as library:
        for start in range(0, len(articles), 500):  # reader.services.intake.BATCH
            library.add(articles[start : start + 500])


def index_alone(folder: Path, articles: list[Article]) -> float:
    """CPU of indexing the articles' texts into an empty table made as the library's is."""
    Library.open(folder / "model.db").close()  # the table's definition, as this reader makes it
    conn = sqlite3.connect(folder / "model.db", isolation_level=None)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()[0]
    conn.close()
    scratch = sqlite3.connect(folder / "fts.db", isolation_level=None)
    scratch.execute("PRAGMA journal_mode = WAL")
    scratch.execute(sql)
    scratch.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 8)")
    rows = [(pk, heading_text(a.title, a.source), index_text(a.body))
            for pk, a in enumerate(articles, start=1)]  # fmt: skip

    def insert() -> None:
        for start in range(0, len(rows), 500):
            scratch.execute("BEGIN")
            scratch.executemany("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                                rows[start : start + 500])  # fmt: skip
            scratch.execute("COMMIT")

    spent = timed(insert)
    scratch.close()
    return spent


def stages(count: int) -> list[tuple[str, float]]:
    with tempfile.TemporaryDirectory(prefix="bench-import-stages-") as name:
        folder = Path(name)
        (folder / "feeds").mkdir()
        feeds = bench_session.write_feeds(folder / "feeds", count)
        found: list[tuple[str, float]] = [
            ("start: interpreter and the import command's modules",
             child_cpu("import reader.cli.library")),
            ("a new library opened (its schema made)",
             timed(lambda: Library.open(folder / "empty.db").close())),
        ]  # fmt: skip
        articles: list[Article] = []
        found.append(("reading the feeds (expat, HTML, dates)",
                      timed(lambda: articles.extend(read_feeds(feeds)))))  # fmt: skip
        found.append(("cleaning (sanitizer)", timed(lambda: [clean_article(a) for a in articles])))
        found.append(("content ids", timed(lambda: [a.content_id for a in articles])))
        found.append(("language and direction",
                      timed(lambda: [(a.lang, a.direction) for a in articles])))  # fmt: skip
        found.append(("index text (cold)", timed(lambda: [
            (heading_text(a.title, a.source), index_text(a.body)) for a in articles])))
        found.append(("row values (JSON)",
                      timed(lambda: [article_params(a, "") for a in articles])))  # fmt: skip
        found.append(("storing: Library.add (cleaning, row values and index text again, with "
                      "warm caches; SQL rows, full-text index, commits)",
                      timed(lambda: store(folder, articles))))  # fmt: skip
        found.append(("  of which the full-text index alone", index_alone(folder, articles)))
        home = bench_session.Home(folder / "home")
        found.append(("the whole command, reader import (for comparison)", child_cpu(
            "import os, sys\n"
            f"os.environ.update({home.env!r})\n"
            "from reader.cli import main\n"
            f"main(['import', *{[str(path) for path in feeds]!r}])")))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--items", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs; CPU s (user + system)")
    for count in args.items:
        print(f"\n| {count:,} items | CPU s | µs/item |\n|---|---|---|")
        for name, spent in stages(count):
            print(f"| {name} | {spent:.3f} | {1e6 * spent / count:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
