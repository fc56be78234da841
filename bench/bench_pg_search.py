"""Search on PostgreSQL: a tsvector with a GIN index against pg_trgm, beside SQLite's FTS5.

    python bench/bench_pg_search.py [--articles 100000] [--url postgresql://...]

Builds a synthetic Arabic library (bench_library's articles, shuffled from the seeds, each also
given a few words drawn with a Zipf law from a pool of generated words, so there are rare words
as well as common ones) in SQLite, copies its index texts into a scratch PostgreSQL database
(``pgsearch_bench_<random>``, dropped at the end) twice: as reader.store.pg_search's tsvector
with a GIN index, and as the same tokens in a text column with a pg_trgm GIN index. Prints
build time and size of each, then per query the median latency of every match (ranked, for
FTS5 and the tsvector) and whether the sets of matches agree. The server URL comes from
``--url`` or READER_TEST_POSTGRES. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from bench_library import seed_articles, synthetic

from reader.lang.words import index_text
from reader.model.article import Article
from reader.store import Library
from reader.store.pg_search import (
    RANK_WEIGHTS,
    SEARCH_DDL,
    fts5_tokens,
    index_articles,
    search_sql,
    tsquery,
)
from reader.store.schema import heading_text
from reader.store.search import ParsedQuery, parse_query

if TYPE_CHECKING:
    from psycopg import Connection

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
POOL = 50_000  # generated words; word n is drawn with weight 1 / n
RUNS = 5
T = TypeVar("T")


def generated_words(count: int, rng: random.Random) -> list[str]:
    words: dict[str, None] = {}
    while len(words) < count:
        words["".join(rng.choices(LETTERS, k=rng.randint(4, 7)))] = None
    return list(words)


def corpus(count: int) -> Iterator[Article]:
    """bench_library's synthetic articles, each with a sentence of five Zipf-drawn words."""
    rng = random.Random(11)
    pool = generated_words(POOL, rng)
    weights = [1 / (rank + 1) for rank in range(POOL)]
    for article in synthetic(seed_articles(), count):
        extra = " ".join(rng.choices(pool, weights, k=5))
        yield replace(article, paragraphs=(*article.paragraphs, extra))


def queries(pool: list[str]) -> dict[str, str]:
    """What each query stands for: a very common word, common ones, clitics, prefixes, rare."""
    return {
        "في": "in nearly every article",
        "دمشق": "common",
        "ولبنان": "common, with a clitic",
        "السويداء": "common, with the article",
        "سوري*": "prefix",
        "دمشق -الأسد": "exclusion",
        "المعارضة الشام": "two words",
        pool[0]: "generated word, rank 1",
        pool[200]: "generated word, rank 200",
        pool[20_000]: "rare generated word",
        pool[45_000][:4] + "*": "rare prefix",
        "كلمةغيرموجودة": "no match",
    }


def timed(action: Callable[[], T]) -> tuple[float, T]:
    begin = time.perf_counter()
    result = action()
    return time.perf_counter() - begin, result


def median_ms(action: Callable[[], T]) -> tuple[float, T]:
    runs = [timed(action) for _ in range(RUNS)]
    return statistics.median(seconds for seconds, _ in runs) * 1000, runs[0][1]


# -- trigram: the same tokens, space-delimited, matched with LIKE ----------------------------


def trigram_text(heading: str, body: str) -> str:
    """The tokens with a space on each side, the heading apart from the body."""
    return f" {' '.join(fts5_tokens(heading))} | {' '.join(fts5_tokens(body))} "


def trigram_sql(parsed: ParsedQuery) -> tuple[str, tuple[object, ...]]:
    """The same query as LIKE patterns (each form's tokens, the last one open for a prefix)."""
    params: list[object] = []

    def term(forms: tuple[str, ...]) -> str:
        likes = []
        for form in forms:
            tokens = fts5_tokens(form)
            if tokens:
                end = "%" if form in parsed.prefixes else " %"
                params.append(f"% {' '.join(tokens)}{end}")
                likes.append("words LIKE %s")
        return "(" + (" OR ".join(likes) or "false") + ")"

    where = " AND ".join(term(forms) for forms in parsed.include)
    if parsed.exclude:
        where += " AND NOT (" + " OR ".join(term(forms) for forms in parsed.exclude) + ")"
    return f"SELECT article_pk FROM article_text WHERE {where}", tuple(params)


# -- building ---------------------------------------------------------------------------------


def build_sqlite(path: Path, articles: list[Article]) -> float:
    with Library.open(path) as library:
        batches = [articles[i : i + 1000] for i in range(0, len(articles), 1000)]
        return sum(timed(partial(library.add, batch))[0] for batch in batches)


def index_rows(path: Path) -> list[tuple[int, str, str]]:
    conn = sqlite3.connect(path)
    rows = [
        (int(pk), heading_text(title, source), index_text("\n\n".join(json.loads(paragraphs))))
        for pk, title, source, paragraphs in conn.execute(
            "SELECT pk, title, source, paragraphs FROM articles ORDER BY pk"
        )
    ]
    conn.close()
    return rows


def build_tsvector(conn: Connection[tuple[object, ...]], rows: list[tuple[int, str, str]]
                   ) -> float:  # fmt: skip
    conn.execute(SEARCH_DDL[0])
    seconds = 0.0
    for start in range(0, len(rows), 1000):
        with conn.transaction():
            seconds += timed(partial(index_articles, conn, rows[start : start + 1000]))[0]
    for statement in SEARCH_DDL[1:]:
        seconds += timed(partial(conn.execute, statement))[0]
    conn.execute("VACUUM ANALYZE article_words")
    return seconds


def build_trigram(conn: Connection[tuple[object, ...]], rows: list[tuple[int, str, str]]) -> float:
    conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    conn.execute("CREATE TABLE article_text (article_pk BIGINT PRIMARY KEY, words TEXT NOT NULL)")
    seconds = 0.0
    for start in range(0, len(rows), 1000):
        batch = [(pk, trigram_text(h, b)) for pk, h, b in rows[start : start + 1000]]
        with conn.transaction(), conn.cursor() as cursor:
            insert = partial(cursor.executemany, "INSERT INTO article_text VALUES (%s, %s)", batch)
            seconds += timed(insert)[0]
    seconds += timed(lambda: conn.execute(
        "CREATE INDEX article_text_trgm ON article_text USING gin (words gin_trgm_ops)"))[0]
    conn.execute("VACUUM ANALYZE article_text")
    return seconds


def size_mib(conn: Connection[tuple[object, ...]], table: str) -> tuple[float, float]:
    row = conn.execute(
        "SELECT pg_table_size(%s::regclass), pg_indexes_size(%s::regclass)", (table, table)
    ).fetchone()
    assert row is not None
    return int(str(row[0])) / 2**20, int(str(row[1])) / 2**20


# Every match ranked, no window: what search_sql's window saves.
RANK_ALL = (
    f"SELECT article_pk, -ts_rank('{RANK_WEIGHTS}', words, %s::tsquery, 1) AS score "
    "FROM article_words WHERE words @@ %s::tsquery ORDER BY score, article_pk DESC"
)


# -- running ----------------------------------------------------------------------------------


def compare(conn: Connection[tuple[object, ...]], library: Library, pk_of: dict[str, int],
            pool: list[str]) -> None:  # fmt: skip
    print(f"{'query':34} {'hits':>7} {'FTS5':>9} {'tsvector':>9} {'rank all':>9} {'trigram':>9}"
          "  same set")  # fmt: skip
    for query, meaning in queries(pool).items():
        parsed = parse_query(query)
        fts_ms, fts_ids = median_ms(lambda: library.search_ids(query))  # noqa: B023
        ts = search_sql(parsed)
        assert ts is not None
        ts_ms, ts_rows = median_ms(lambda: conn.execute(*ts).fetchall())  # noqa: B023
        all_ms, _ = median_ms(lambda: conn.execute(RANK_ALL, (tsquery(parsed),) * 2).fetchall())  # noqa: B023
        tri = trigram_sql(parsed)
        tri_ms, tri_rows = median_ms(lambda: conn.execute(*tri).fetchall())  # noqa: B023
        expected = {pk_of[str(i)] for i in fts_ids}
        ts_set = {int(str(r[0])) for r in ts_rows}
        tri_set = {int(str(r[0])) for r in tri_rows}
        same = "yes" if expected == ts_set == tri_set else f"NO ({len(ts_set)}/{len(tri_set)})"
        label = f"{query} ({meaning})"
        print(f"{label:34} {len(expected):7d} {fts_ms:7.1f}ms {ts_ms:7.1f}ms {all_ms:7.1f}ms "
              f"{tri_ms:7.1f}ms  "
              f"{same}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--url", default=os.environ.get("READER_TEST_POSTGRES", ""))
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    if not args.url:
        sys.exit("give --url or set READER_TEST_POSTGRES (a superuser URL)")
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    articles = list(corpus(args.articles))
    pool = generated_words(POOL, random.Random(11))
    name = f"pgsearch_bench_{secrets.token_hex(4)}"
    with psycopg.connect(args.url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        with tempfile.TemporaryDirectory(prefix="bench-pg-search-") as tmp, psycopg.connect(
            make_conninfo(args.url, dbname=name), autocommit=True
        ) as conn:
            path = Path(tmp) / "library.db"
            print(f"library: {len(articles)} synthetic Arabic articles")
            print(f"SQLite import (FTS5)      {build_sqlite(path, articles):8.1f} s")
            rows = index_rows(path)
            conn.execute("CREATE TABLE articles (pk BIGINT PRIMARY KEY)")
            conn.cursor().executemany("INSERT INTO articles VALUES (%s)", [(r[0],) for r in rows])
            seconds = build_tsvector(conn, rows)
            table, index = size_mib(conn, "article_words")
            print(f"tsvector + GIN build      {seconds:8.1f} s   table {table:.0f} MiB, "
                  f"index {index:.0f} MiB")  # fmt: skip
            seconds = build_trigram(conn, rows)
            table, index = size_mib(conn, "article_text")
            print(f"pg_trgm GIN build         {seconds:8.1f} s   table {table:.0f} MiB, "
                  f"index {index:.0f} MiB")  # fmt: skip
            with Library.open(path) as library:
                db = sqlite3.connect(path)
                pk_of = {str(i): int(pk) for pk, i in db.execute("SELECT pk, id FROM articles")}
                db.close()
                compare(conn, library, pk_of, pool)
    finally:
        if args.keep:
            print(f"kept: {make_conninfo(args.url, dbname=name)}")
        else:
            with psycopg.connect(args.url, autocommit=True) as admin:
                drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                admin.execute(drop.format(sql.Identifier(name)))


if __name__ == "__main__":
    main()
