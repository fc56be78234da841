"""The two library backends, SQLite and PostgreSQL, side by side in the same run, at scale.

For each library size (``--articles 100000 1000000``) a library of distinct generated Arabic and
mixed articles (the generator of bench_session.py: Zipf-distributed words, names and places, one
article in three naming سوريا, one in a thousand زعفران) is filled once per backend and kept
under ``--cache DIR``; then, on each backend:

1. start to first article: a fresh process opens the library and reads what the TUI reads
   before drawing (Incoming's count and first page, the first article's text); the installed
   app launched in tmux until its list shows; on PostgreSQL also the first open of a new
   reader (the store gives it a state row per article), timed once per cached library;
2. search latency: a common word, a rare word and the common word with a clitic (وسوريا), as
   the list searches (every matching id of Incoming, the first page of rows): median and p95,
   and the total, checked against the count known from generating the texts;
3. import with analysis: ``reader import --analyze`` of a folder of new articles (RSS files)
   into a scratch copy of the library, articles/s;
4. simulated users triaging at once (``--users 20 --seconds 60``): on PostgreSQL one role per
   user (``pgbench_u01``…, dropped after), one process each, random reads, stars, archives,
   tags and notes through ``Library``; ops/s, p50 and p99 latency; then every user's final
   state is compared with what that user did (lost and crossed updates counted). On SQLite the
   same workers share one file and one user; each worker keeps to its own articles, so a lost
   write shows as a difference.

PostgreSQL: ``--postgres URL`` (a superuser; default ``$READER_TEST_POSTGRES``). The filled
library is kept as database ``pgbench_cache_<n>`` (with ``--cache``), each run works in a scratch
copy ``pgbench_<n>`` that is dropped at the end, as are the roles.

    python bench/bench_backends.py --articles 100000 1000000 --cache ~/.cache/reader-bench \\
        --postgres postgresql://postgres@127.0.0.1:54329/postgres --users 20 --seconds 60
    python bench/bench_backends.py --articles 2000 --users 4 --seconds 5   # a quick look

How the libraries are filled (printed with the table): SQLite through ``Library.add`` (the
store's own path: sanitised, indexed, 5,000 articles per transaction); PostgreSQL by copying
the SQLite library's rows (COPY, one transaction per batch), its search vectors made by
pg_search (the store's own) or, above ``--server-vectors-above`` articles, by PostgreSQL's
``simple`` parser over the same index texts, and the readers' state rows made in bulk; the
import figure always goes through ``reader import``. The 1,000,000-article fills take long on
a shared machine: run them niced first (``--fill-only``).

A benchmark, never a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import platform
import random
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

# The other benchmarks' generator, and the tmux driver of the tests (test support, not package).
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from bench_session import COMMON_WORD, RARE_WORD, Item, generate, write_feeds  # noqa: E402
from support.tmux import TmuxSession, tmux_available  # noqa: E402

from reader.model.article import Article  # noqa: E402
from reader.model.wording import counted  # noqa: E402
from reader.store import Incoming, Library  # noqa: E402

if TYPE_CHECKING:
    import psycopg

CLITIC_WORD = "و" + COMMON_WORD  # وسوريا: the common word behind a conjunction
CLITIC_EVERY = 40
FILL_BATCH = 5000
INDEX_WORKERS = 2  # processes computing the PostgreSQL index text while filling
PAGE = 100  # the list's page (reader.services.triage.PAGE)
READER_ROLE = "pgbench_reader"  # the role the read figures use on PostgreSQL
NEW_READER_ROLE = "pgbench_newreader"  # a reader opening the library for the first time
USER_PREFIX = "pgbench_u"
HOT_ARTICLES = 2000  # the newest articles of Incoming: what the simulated users triage
TAGS = ("urgent", "follow-up", "syria", "economy", "later")

# -- the generated articles --------------------------------------------------------------------


def article_of(item: Item, count: int) -> Article:
    """The article a feed item of bench_session's generator becomes, dated so that the order
    of generation is the order of arrival (item 0 the oldest: the newest gets the highest key,
    as in a library that grew over the years)."""
    published = item.published - timedelta(minutes=7 * (count - 1 - 2 * item.index))
    return Article(
        title=item.title,
        paragraphs=item.paragraphs,
        source=item.source,
        kind="feed",
        published=published.date(),
        url=f"https://bench.example/{item.index}",
    )


@dataclass(frozen=True)
class Truth:
    """What a generated library holds, counted while generating it (the answers to check)."""

    articles: int
    common: int  # articles whose text holds COMMON_WORD (with or without a clitic)
    rare: int
    clitic: int  # articles whose text holds CLITIC_WORD

    @classmethod
    def load(cls, path: Path) -> Truth:
        found = json.loads(path.read_text(encoding="utf-8"))
        return cls(*(int(found[key]) for key in ("articles", "common", "rare", "clitic")))

    def save(self, path: Path, fill: str) -> None:
        path.write_text(json.dumps({**self.__dict__, "fill": fill}), encoding="utf-8")


def counted_articles(count: int, truth: dict[str, int]) -> Iterator[Article]:
    """The generated articles, oldest first, counting the ones that hold the searched words
    into ``truth``. One in CLITIC_EVERY names Syria behind a conjunction (the generator never
    does): a search for وسوريا finds those, one for سوريا finds them too."""
    for item in generate(count):
        if item.index % CLITIC_EVERY == CLITIC_EVERY // 2:
            last = f"{item.paragraphs[-1]} {CLITIC_WORD} والعراق."
            item = dataclass_replace(item, paragraphs=(*item.paragraphs[:-1], last))
        text = item.title + "\n" + "\n".join(item.paragraphs)
        truth["common"] += COMMON_WORD in text
        truth["rare"] += RARE_WORD in text
        truth["clitic"] += CLITIC_WORD in text
        yield article_of(item, count)


# -- PostgreSQL administration -----------------------------------------------------------------


def with_database(url: str, database: str, user: str | None = None) -> str:
    """``url`` naming another database (and another role, without its password)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port:
        netloc += f":{parts.port}"
    if user is not None:
        netloc = f"{user}@{netloc}"
    elif parts.username:
        login = parts.username + (f":{parts.password}" if parts.password else "")
        netloc = f"{login}@{netloc}"
    return urlunsplit((parts.scheme, netloc, "/" + database, parts.query, ""))


def masked(url: str) -> str:
    """``url`` with its password hidden (for printing)."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


class Cluster:
    """The PostgreSQL server, reached as a superuser for databases and roles."""

    def __init__(self, url: str) -> None:
        self.url = url

    def admin(self) -> psycopg.Connection[Any]:
        import psycopg

        return psycopg.connect(self.url, autocommit=True)

    def version(self) -> str:
        with self.admin() as conn:
            row = conn.execute("SHOW server_version").fetchone()
        return str(row[0]) if row else "?"

    def exists(self, database: str) -> bool:
        with self.admin() as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,))
            return found.fetchone() is not None

    def create(self, database: str, template: str | None = None) -> None:
        from psycopg import sql

        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database))
        if template:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
            self.wait_unused(template)
        with self.admin() as conn:
            conn.execute(statement)

    def wait_unused(self, database: str, timeout: float = 10.0) -> None:
        """Until no session uses ``database`` (a template must be unused): a closed library's
        connection ends a moment after its close."""
        deadline = time.monotonic() + timeout
        with self.admin() as conn:
            while conn.execute("SELECT 1 FROM pg_stat_activity WHERE datname = %s",
                               (database,)).fetchone():
                if time.monotonic() > deadline:
                    raise RuntimeError(f"database {database} is still in use")
                time.sleep(0.1)

    def drop(self, database: str) -> None:
        from psycopg import sql

        with self.admin() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                         .format(sql.Identifier(database)))

    def create_role(self, name: str) -> None:
        from psycopg import sql

        with self.admin() as conn:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                return
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))

    def drop_roles(self, names: Sequence[str]) -> None:
        from psycopg import sql

        with self.admin() as conn:
            for name in names:
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))

    def library_url(self, database: str, role: str) -> str:
        return with_database(self.url, database, user=role)

    def database_url(self, database: str) -> str:
        return with_database(self.url, database)


# -- the backends ------------------------------------------------------------------------------


@dataclass
class Backend:
    """One backend at one size: where its filled library is and how to get a scratch copy."""

    name: str
    size: int
    cache: Path
    cluster: Cluster | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def sqlite_file(self) -> Path:
        return self.cache / f"sqlite-{self.size}.db"

    @property
    def truth_file(self) -> Path:
        return self.cache / f"sqlite-{self.size}.json"

    @property
    def marker(self) -> Path:
        """What the cache knows of the PostgreSQL library (how it was filled)."""
        return self.cache / f"postgres-{self.size}.json"

    def first_open(self) -> float | None:
        """Seconds the first open of a new reader took, timed once for the cache (None: not run,
        too large)."""
        found = json.loads(self.marker.read_text(encoding="utf-8")).get("first_open")
        return None if found is None else float(found)

    @property
    def template(self) -> str:
        return f"pgbench_cache_{self.size}"

    @property
    def scratch(self) -> str:
        return f"pgbench_{self.size}"

    def location(self, role: str = READER_ROLE) -> str:
        """The library the read figures open (the cached library itself)."""
        if self.cluster is None:
            return str(self.sqlite_file)
        return self.cluster.library_url(self.template, role)

    @contextmanager
    def scratch_copy(self, folder: Path) -> Iterator[Callable[[str | None], str]]:
        """A copy of the filled library to write in; yields the location for a role (None: the
        superuser)."""
        if self.cluster is None:
            copy = folder / f"scratch-{self.size}.db"
            shutil.copyfile(self.sqlite_file, copy)
            try:
                yield lambda _role: str(copy)
            finally:
                for path in folder.glob(f"scratch-{self.size}.db*"):
                    path.unlink()
            return
        cluster = self.cluster
        cluster.drop(self.scratch)
        cluster.create(self.scratch, template=self.template)
        try:
            yield lambda role: (cluster.library_url(self.scratch, role) if role
                                else cluster.database_url(self.scratch))
        finally:
            cluster.drop(self.scratch)


def fill_sqlite(backend: Backend) -> Truth:
    """Fill the SQLite library through the store (``Library.add``), unless the cache has it."""
    if backend.sqlite_file.exists() and backend.truth_file.exists():
        backend.notes.append(fill_note(backend.truth_file))
        return Truth.load(backend.truth_file)
    from reader.store.library_settings import SEEDED_KEY

    partial = backend.sqlite_file.with_suffix(".partial")
    for stale in backend.cache.glob(partial.name + "*"):
        stale.unlink()
    counts = {"common": 0, "rare": 0, "clitic": 0}
    started = time.perf_counter()
    progress(f"SQLite {backend.size:,}: generating and adding through Library.add…")
    with Library.open(partial) as library:
        library.set_meta(SEEDED_KEY, "bench")  # the TUI must not add the sample articles
        batch: list[Article] = []
        for article in counted_articles(backend.size, counts):
            batch.append(article)
            if len(batch) == FILL_BATCH:
                library.add(batch)
                batch.clear()
        library.add(batch)
    elapsed = time.perf_counter() - started
    partial.rename(backend.sqlite_file)
    truth = Truth(backend.size, counts["common"], counts["rare"], counts["clitic"])
    truth.save(backend.truth_file, f"filled through Library.add in {elapsed:.0f} s "
               f"({backend.size / elapsed:.0f} articles/s, generation included)")
    backend.notes.append(fill_note(backend.truth_file))
    return truth


def fill_note(marker: Path) -> str:
    """How the cached library ``marker`` describes was filled."""
    note = json.loads(marker.read_text(encoding="utf-8")).get("fill", "")
    return f"{note} (cached in {marker.parent})"


def fill_postgres(backend: Backend, source: Path, server_vectors_above: int) -> None:
    """Fill database ``pgbench_cache_<n>`` from the SQLite library's rows, unless it exists;
    above ``server_vectors_above`` articles PostgreSQL makes the search vectors."""
    assert backend.cluster is not None
    cluster = backend.cluster
    marker = backend.marker
    if cluster.exists(backend.template) and marker.exists():
        backend.notes.append(fill_note(marker))
        return
    cluster.drop(backend.template)  # a database the cache does not know of is not trusted
    progress(f"PostgreSQL {backend.size:,}: copying the SQLite library's rows…")
    building = backend.template + "_partial"
    cluster.drop(building)
    cluster.create(building)
    started = time.perf_counter()
    url = cluster.database_url(building)
    with Library.open(url):  # creates the schema as the superuser (the schema's owner)
        pass
    forget_readers(url)  # the superuser who made the schema is nobody's reader
    server_vectors = backend.size > server_vectors_above
    copy_rows(source, url, server_vectors)
    elapsed = time.perf_counter() - started
    bulk_register(url, [READER_ROLE])
    with cluster.admin() as conn:
        from psycopg import sql

        conn.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
            sql.Identifier(building), sql.Identifier(backend.template)))
    marker.write_text(json.dumps({
        "database": backend.template,
        "fill": f"database {backend.template} filled by COPY of the SQLite library's rows in "
                f"{elapsed:.0f} s ({backend.size / elapsed:.0f} articles/s), search vectors "
                + ("by PostgreSQL's simple parser over the store's index texts" if server_vectors
                   else "by pg_search.words_vector, as the store writes them"),
    }), encoding="utf-8")
    backend.notes.append(fill_note(marker))


def time_first_open(backend: Backend, folder: Path) -> None:
    """Time, once per cached library, the first open of a new reader (the store makes its
    state rows), in a scratch copy; kept in the cache's marker."""
    assert backend.cluster is not None
    found = json.loads(backend.marker.read_text(encoding="utf-8"))
    if found.get("first_open") is not None:
        return
    progress(f"PostgreSQL {backend.size:,}: the first open of a new reader…")
    backend.cluster.create_role(NEW_READER_ROLE)
    try:
        with backend.scratch_copy(folder) as scratch:
            seconds = register_reader(scratch(NEW_READER_ROLE))
    finally:
        backend.cluster.drop_roles([NEW_READER_ROLE])
    backend.marker.write_text(json.dumps({**found, "first_open": seconds}), encoding="utf-8")


def bulk_register(url: str, names: Sequence[str]) -> None:
    """Make ``names`` readers of the library at ``url`` (as a superuser) with one statement
    for all their state rows: what each one's first open does (timed on its own as "first open
    by a new reader"), for many readers at once."""
    import psycopg

    from reader.store.db import utc_now

    with psycopg.connect(url) as conn:
        conn.cursor().executemany("INSERT INTO readers (name, registered_at) VALUES (%s, %s) "
                                  "ON CONFLICT DO NOTHING", [(name, utc_now()) for name in names])
        conn.execute(  # the statement-level counter trigger counts them once
            "INSERT INTO state (owner, article_pk, sort_date) SELECT r.name, a.pk, a.sort_date "
            "FROM articles a CROSS JOIN unnest(%s::text[]) AS r (name) ON CONFLICT DO NOTHING",
            (list(names),))
        conn.execute("ANALYZE state")


def forget_readers(url: str) -> None:
    """Unregister every reader of the library at ``url`` (as a superuser): the rows copied
    next get no state rows; each reader catches up on its first open (a figure of its own)."""
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute("DELETE FROM state")
        conn.execute("DELETE FROM state_counts")
        conn.execute("DELETE FROM readers")


_COPIED_TABLES = ("articles", "origins")


def copy_rows(source: Path, url: str, server_vectors: bool) -> None:
    """Copy the shared tables' rows from a SQLite library into an empty PostgreSQL library
    (COPY, one transaction per batch), then index every article as the PostgreSQL store does
    (pg_search.words_vector of the texts SQLite's index got: heading_text and index_text), or
    with ``server_vectors`` by PostgreSQL's own parser over the same texts (faster)."""
    import sqlite3

    import psycopg

    from reader.store import pg_search

    lite = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    with psycopg.connect(url) as conn:
        for table in _COPIED_TABLES:
            columns = _shared_columns(lite, conn, table)
            names = ", ".join(columns)
            rows = lite.execute(f"SELECT {names} FROM {table} ORDER BY 1")
            while batch := rows.fetchmany(FILL_BATCH):
                with conn.cursor() as cursor, cursor.copy(
                    f"COPY {table} ({names}) FROM STDIN"
                ) as copy:
                    for row in batch:
                        copy.write_row(row)
                conn.commit()
        conn.execute("SELECT setval(pg_get_serial_sequence('articles', 'pk'), "
                     "(SELECT max(pk) FROM articles))")
        conn.commit()
        # The search index is built once at the end (faster than growing it row by row), by
        # the store's own DDL.
        search_indexes = [ddl for ddl in pg_search.SEARCH_DDL
                          if ddl.lstrip().upper().startswith("CREATE INDEX")]
        for ddl in search_indexes:
            conn.execute(f"DROP INDEX {ddl.split()[2]}".encode())
        texts = lite.execute("SELECT pk, title, source, paragraphs FROM articles ORDER BY pk")
        if server_vectors:
            _index_by_server(conn, texts)
        else:
            _index_by_store(conn, texts)
        for ddl in search_indexes:
            conn.execute(ddl.encode())
        conn.commit()
        conn.execute("ANALYZE")
    lite.close()


def _index_by_store(conn: psycopg.Connection[Any], texts: Any) -> None:
    """Every article's tsvector from pg_search.words_vector (what the store writes), computed by
    INDEX_WORKERS processes a window of batches at a time, written by COPY, one transaction
    per window."""
    _copy_windows(conn, texts, "COPY article_words (article_pk, words) FROM STDIN",
                  words_vectors)


def _index_by_server(conn: psycopg.Connection[Any], texts: Any) -> None:
    """Every article's tsvector made by PostgreSQL from the store's index texts (the heading
    weighted A, the body D, as pg_search does), parsed by the ``simple`` configuration instead
    of pg_search's Python tokenizer: five times faster; the lexemes of Arabic words are the
    same, Latin words are left unstemmed."""
    conn.execute("CREATE TEMPORARY TABLE index_texts (pk BIGINT, heading TEXT, body TEXT)")

    def to_vectors() -> None:
        conn.execute(
            "INSERT INTO article_words (article_pk, words) SELECT pk, "
            "setweight(to_tsvector('simple', heading), 'A') || "
            "setweight(to_tsvector('simple', body), 'D') FROM index_texts"
        )
        conn.execute("TRUNCATE index_texts")

    _copy_windows(conn, texts, "COPY index_texts (pk, heading, body) FROM STDIN", index_texts,
                  to_vectors)


def _copy_windows(conn: psycopg.Connection[Any], texts: Any, copy_statement: str,
                  rows_of: Callable[[list[tuple[Any, ...]]], list[tuple[Any, ...]]],
                  after_copy: Callable[[], None] | None = None) -> None:
    """``rows_of`` each batch of ``texts``, computed by INDEX_WORKERS processes a window of
    batches at a time and written by ``copy_statement``; ``after_copy`` then, and a commit, per
    window."""
    with multiprocessing.get_context("spawn").Pool(INDEX_WORKERS) as pool:
        while window := _window(texts):
            with conn.cursor() as cursor, cursor.copy(copy_statement) as copy:
                for rows in pool.map(rows_of, window):
                    for row in rows:
                        copy.write_row(row)
            if after_copy is not None:
                after_copy()
            conn.commit()


def index_texts(batch: list[tuple[Any, ...]]) -> list[tuple[int, str, str]]:
    """``(pk, heading, body)`` index texts of each ``(pk, title, source, paragraphs)`` row, as
    the store makes them for either backend's index."""
    from reader.lang.words import index_text
    from reader.store.schema import heading_text

    return [(int(pk), heading_text(title, name), index_text("\n\n".join(json.loads(body))))
            for pk, title, name, body in batch]


def _window(rows: Any) -> list[list[tuple[Any, ...]]]:
    """The next batches of ``rows`` for the index workers (empty at the end)."""
    batches = []
    for _ in range(INDEX_WORKERS * 4):
        batch = rows.fetchmany(500)
        if not batch:
            break
        batches.append(batch)
    return batches


def words_vectors(batch: list[tuple[Any, ...]]) -> list[tuple[int, str]]:
    """``(pk, tsvector literal)`` of each ``(pk, title, source, paragraphs)`` row: the texts
    SQLite's index gets, turned into PostgreSQL's by the store's own pg_search."""
    from reader.store.pg_search import words_vector

    return [(pk, words_vector(heading, body)) for pk, heading, body in index_texts(batch)]


def _shared_columns(lite: Any, conn: psycopg.Connection[Any], table: str) -> list[str]:
    """The columns ``table`` has on both backends, in SQLite's order."""
    mine = [str(row[1]) for row in lite.execute(f"PRAGMA table_info({table})")]
    theirs = {
        str(row[0]) for row in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
            (table,))
    }
    return [name for name in mine if name in theirs]


def register_reader(location: str) -> float:
    """Open the library once as a reader (on PostgreSQL a new role catches up its state rows);
    the seconds it took."""
    from reader.store.library_settings import SEEDED_KEY

    started = time.perf_counter()
    with Library.open(location) as library:
        elapsed = time.perf_counter() - started
        if not library.seeded():
            library.set_meta(SEEDED_KEY, "bench")
    return elapsed


# -- 1. start to first article -----------------------------------------------------------------

# What the TUI does before it draws: open the library, see it is seeded, count Incoming and
# read its first page, then the first article's text. Prints the seconds since the import of
# the store and the first row's id.
_FIRST_ARTICLE = """
import sys, time
started = time.perf_counter()
from reader.nlp import ANALYZER_VERSION
from reader.services.triage import Triage
from reader.store import Incoming, Library
library = Library.open(sys.argv[1], analyzer_version=ANALYZER_VERSION)
library.seeded()
listing = Triage(library, Incoming()).listing
first = listing[0]
stored = library.get(first.id)
assert stored is not None and stored.article.paragraphs
print(time.perf_counter() - started, len(listing), first.id)
library.close()
"""


@dataclass
class StartFigures:
    process: list[float] = field(default_factory=list)  # spawn → first article, whole process
    library: list[float] = field(default_factory=list)  # open → first article, inside it
    app: list[float] = field(default_factory=list)  # the installed app in tmux: launch → list
    incoming: int = 0


def start_to_first_article(location: str, runs: int) -> StartFigures:
    figures = StartFigures()
    command = [sys.executable, "-c", _FIRST_ARTICLE, location]
    for run in range(runs + 1):
        started = time.perf_counter()
        out = subprocess.run(command, capture_output=True, text=True, check=True)
        elapsed = time.perf_counter() - started
        inside, total, _first = out.stdout.split()
        if run:  # the first run warms the file and buffer caches
            figures.process.append(elapsed)
            figures.library.append(float(inside))
        figures.incoming = int(total)
    return figures


def app_launches(location: str, incoming: int, runs: int, folder: Path) -> list[float]:
    """The installed app in an 80x24 tmux session, as bench_session.py drives it: launch →
    Incoming's title and count on screen with the first row. Empty without tmux."""
    if not tmux_available():
        return []
    home = folder / "app-home"
    env = {"XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
           "HOME": str(home), "TERM": "xterm-256color"}
    shown = f"Incoming · {counted(incoming, 'article')}"
    command = [*reader_command(), "--library", location]
    samples: list[float] = []
    for run in range(runs + 1):
        with TmuxSession(command, width=80, height=24, env=env) as session:
            started = time.perf_counter()
            wait_for_list(session, shown)
            if run:  # the first launch warms the caches
                samples.append(time.perf_counter() - started)
            quit_app(session)
    return samples


def quit_app(session: TmuxSession) -> None:
    """Quit with q: closing the terminal just after the start can leave the app hung (seen
    on main too), and on PostgreSQL its connection would keep the database busy."""
    pid = session.pane_pid()
    session.send("q")
    deadline = time.monotonic() + 10
    while not session.pane_dead() and time.monotonic() < deadline:
        time.sleep(0.05)
    if not session.pane_dead():
        os.kill(pid, signal.SIGKILL)


def wait_for_list(session: TmuxSession, shown: str, timeout: float = 120.0) -> None:
    """Until the screen shows ``shown`` and a row's unread mark; TimeoutError as soon as the
    program has exited instead."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            session.wait_for(lambda screen: any(shown in row for row in screen)
                             and any("●" in row for row in screen), timeout=1.0,
                             interval=0.005)
            return
        except TimeoutError:
            if session.pane_dead() or time.monotonic() > deadline:
                raise


# -- 2. search latency -------------------------------------------------------------------------


@dataclass
class SearchFigures:
    word: str
    samples: list[float]
    total: int
    expected: int


def search_latency(location: str, truth: Truth, runs: int) -> list[SearchFigures]:
    """As the list searches (reader.services.triage.fetch_listing): every id of Incoming that
    matches, best first, then the first page of rows."""
    from reader.nlp import ANALYZER_VERSION

    expected = {COMMON_WORD: truth.common, RARE_WORD: truth.rare, CLITIC_WORD: truth.clitic}
    found: list[SearchFigures] = []
    with Library.open(location, analyzer_version=ANALYZER_VERSION) as library:
        for word, count in expected.items():
            samples: list[float] = []
            total = 0
            for _ in range(runs + 1):
                started = time.perf_counter()
                ids = library.search_ids(word, view=Incoming())
                library.rows(ids[:PAGE])
                samples.append(time.perf_counter() - started)
                total = len(ids)
            found.append(SearchFigures(word, samples[1:], total, count))
    return found


# -- 3. import with analysis -------------------------------------------------------------------


@dataclass
class ImportFigures:
    articles: int
    seconds: float
    added: int


def reader_command() -> list[str]:
    installed = Path(sys.executable).parent / "reader"
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "reader"]


def import_with_analysis(location: str, feeds: Path, articles: int) -> ImportFigures:
    """``reader import --analyze`` of the feed files under ``feeds`` (new articles)."""
    command = [*reader_command(), "import", "--analyze", "--json", "--library", location,
               str(feeds)]
    started = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if out.returncode != 0:
        raise RuntimeError(f"reader import failed ({out.returncode}): {out.stderr.strip()}")
    added = len(json.loads(out.stdout)["added"])
    return ImportFigures(articles, elapsed, added)


def new_feeds(folder: Path, count: int) -> Path:
    """``count`` articles none of the libraries holds, as RSS files (another generator seed)."""
    feeds = folder / f"new-{count}"
    if not feeds.exists():
        partial = folder / f"new-{count}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        write_feeds(partial, count, seed=1515)
        partial.rename(feeds)
    return feeds


# -- 4. simulated users ------------------------------------------------------------------------


@dataclass
class Expected:
    """One article's state as the user who changed it left it (None: not certain, an error)."""

    read: bool = False
    starred: bool = False
    archived: bool = False
    tags: frozenset[str] = frozenset()
    note: str = ""


@dataclass
class WorkerResult:
    user: str
    ops: int
    errors: int
    latencies: list[float]
    expected: dict[str, Expected]
    uncertain: list[str]
    late: bool  # connected after the common start: ran alone for part of its time


@dataclass(frozen=True)
class WorkerTask:
    user: str
    location: str
    articles: tuple[str, ...]  # the articles this worker may change
    seconds: float
    start_at: float  # time.time() when every worker starts, so they all run at once
    seed: int


def user_names(users: int) -> list[str]:
    """The roles of the simulated users: pgbench_u01…"""
    return [f"{USER_PREFIX}{number:02d}" for number in range(1, users + 1)]


def triage_worker(task: WorkerTask) -> WorkerResult:
    """One user for ``task.seconds``: random reads, stars, archives, tags and notes."""
    rng = random.Random(task.seed)
    expected: dict[str, Expected] = {}
    uncertain: set[str] = set()
    latencies: list[float] = []
    errors = 0
    with Library.open(task.location) as library:
        late = time.time() > task.start_at
        time.sleep(max(0.0, task.start_at - time.time()))
        deadline = time.monotonic() + task.seconds
        while time.monotonic() < deadline:
            article_id = rng.choice(task.articles)
            state = expected.setdefault(article_id, Expected())
            operation = rng.choices(_OPERATIONS, weights=_WEIGHTS)[0]
            started = time.perf_counter()
            try:
                operation(library, article_id, state, rng)
            except Exception:  # a failed write: its outcome is not known, leave it out
                errors += 1
                uncertain.add(article_id)
                continue
            latencies.append(time.perf_counter() - started)
    return WorkerResult(task.user, len(latencies), errors, latencies,
                        {key: value for key, value in expected.items() if key not in uncertain},
                        sorted(uncertain), late)


def _read(library: Library, article_id: str, state: Expected, _rng: random.Random) -> None:
    if library.get(article_id) is None:
        raise KeyError(article_id)
    library.set_read(article_id, True)
    state.read = True


def _star(library: Library, article_id: str, state: Expected, _rng: random.Random) -> None:
    state.starred = library.toggle_star(article_id)


def _archive(library: Library, article_id: str, state: Expected, _rng: random.Random) -> None:
    state.archived = not state.archived
    library.archive(article_id, state.archived)


def _tag(library: Library, article_id: str, state: Expected, rng: random.Random) -> None:
    name = rng.choice(TAGS)
    if name in state.tags:
        library.untag(article_id, name)
        state.tags = state.tags - {name}
    else:
        library.tag(article_id, name)
        state.tags = state.tags | {name}


def _note(library: Library, article_id: str, state: Expected, rng: random.Random) -> None:
    note = f"ملاحظة {rng.randrange(10**6)}"
    library.set_note(article_id, note)
    state.note = note


_OPERATIONS = (_read, _star, _archive, _tag, _note)
_WEIGHTS = (45, 20, 10, 15, 10)


@dataclass
class UsersFigures:
    users: int
    seconds: float
    ops: int
    errors: int
    latencies: list[float]
    checked: int  # article states compared with what their user did
    lost: int  # a change the user made that is not in their final state
    crossed: int  # a change the user never made found in their state (another user's)
    setup: float  # seconds for every user's first open (roles: their state rows)
    late: int = 0  # workers that connected after the common start


def simulated_users(backend: Backend, scratch: Callable[[str | None], str], users: int,
                    seconds: float) -> UsersFigures:
    """``users`` processes triage the newest HOT_ARTICLES of Incoming at once."""
    names = user_names(users)
    shared_file = backend.cluster is None
    setup_started = time.perf_counter()
    if not shared_file:
        assert backend.cluster is not None
        for name in names:
            backend.cluster.create_role(name)
    # The reader role's Incoming (every article unread): a user's open would register the user.
    with Library.open(scratch(names[0] if shared_file else READER_ROLE)) as library:
        hot = tuple(library.ids(Incoming())[:HOT_ARTICLES])
    tasks = []
    for number, name in enumerate(names):
        # One user on SQLite: each worker keeps to its own articles, so the final state of each
        # article is what one worker did; on PostgreSQL every user works on the same articles.
        mine = hot[number::users] if shared_file else hot
        tasks.append(WorkerTask(name, scratch(name), mine, seconds, 0.0, number))
    if shared_file:
        register_reader(tasks[0].location)
    else:  # every role's state rows at once (their first opens would take minutes each)
        bulk_register(scratch(None), names)
        for task in tasks:
            register_reader(task.location)  # now only a look at the readers table
    setup = time.perf_counter() - setup_started
    start_at = time.time() + 10.0 + 0.5 * users  # every process spawned and connected by then
    tasks = [dataclass_replace(task, start_at=start_at) for task in tasks]
    context = multiprocessing.get_context("spawn")
    with context.Pool(users) as pool:
        results = pool.map(triage_worker, tasks)
    figures = UsersFigures(users, seconds, sum(r.ops for r in results),
                           sum(r.errors for r in results),
                           [t for r in results for t in r.latencies], 0, 0, 0, setup,
                           sum(r.late for r in results))
    for task, result in zip(tasks, results, strict=True):
        check_final_state(task, result, figures)
    return figures


def check_final_state(task: WorkerTask, result: WorkerResult, figures: UsersFigures) -> None:
    """Compare the user's state of every article it may have changed with what it did: a
    difference in an article it changed is a lost update; one in an article it never touched
    (left at the default) is another user's change crossing over."""
    untouched = Expected()
    with Library.open(task.location) as library:
        for article_id in task.articles:
            if article_id in result.uncertain:
                continue
            stored = library.get(article_id)
            if stored is None:
                figures.lost += 1
                continue
            state = stored.state
            found = Expected(state.read, state.starred, state.archived,
                             frozenset(state.tags), state.note)
            wanted = result.expected.get(article_id, untouched)
            figures.checked += 1
            if found != wanted:
                if article_id in result.expected:
                    figures.lost += 1
                else:
                    figures.crossed += 1
        strangers = set(library.tags()) - set(TAGS)  # tags nobody in this run made
        figures.crossed += len(strangers)


# -- the run -----------------------------------------------------------------------------------


@dataclass
class Figures:
    """Every figure of one backend at one size."""

    start: StartFigures | None = None
    searches: list[SearchFigures] = field(default_factory=list)
    imported: ImportFigures | None = None
    users: UsersFigures | None = None
    register: float | None = None
    register_cached: bool = False  # timed when the cache was made, not in this run
    error: str = ""


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure(backend: Backend, truth: Truth, args: argparse.Namespace, work: Path) -> Figures:
    figures = Figures()
    label = f"{backend.name} {backend.size:,}"
    if backend.cluster is not None:
        backend.cluster.create_role(READER_ROLE)
    if backend.cluster is None:
        figures.register = register_reader(backend.location())
    else:
        figures.register = backend.first_open()
        figures.register_cached = True
    progress(f"{label}: start to first article…")
    figures.start = start_to_first_article(backend.location(), args.runs)
    if args.app:
        try:
            figures.start.app = app_launches(backend.location(), figures.start.incoming,
                                             args.runs, work)
        except TimeoutError as error:  # an app that cannot open the location: the rest stands
            last_screen = str(error).splitlines()[1:4]
            backend.notes.append(f"the app never showed Incoming: {' / '.join(last_screen)}")
    progress(f"{label}: searches…")
    figures.searches = search_latency(backend.location(), truth, args.search_runs)
    if args.import_articles:
        progress(f"{label}: import with analysis of {args.import_articles:,} new articles…")
        feeds = new_feeds(work, args.import_articles)
        with backend.scratch_copy(work) as scratch:
            figures.imported = import_with_analysis(scratch(READER_ROLE), feeds,
                                                    args.import_articles)
    if args.users and backend.size in args.users_at:
        progress(f"{label}: {args.users} users for {args.seconds:.0f} s…")
        with backend.scratch_copy(work) as scratch:
            figures.users = simulated_users(backend, scratch, args.users, args.seconds)
    return figures


def run_size(size: int, cache: Path, cluster: Cluster | None, args: argparse.Namespace,
             work: Path, notes: list[str]) -> dict[str, Figures]:
    """Fill (unless cached) and measure both backends at one library size."""
    sqlite = Backend("SQLite", size, cache)
    truth = fill_sqlite(sqlite)
    backends = [sqlite]
    if cluster is not None:
        postgres = Backend("PostgreSQL", size, cache, cluster)
        fill_postgres(postgres, sqlite.sqlite_file, args.server_vectors_above)
        time_first_open(postgres, work)
        backends.append(postgres)
    results: dict[str, Figures] = {}
    for backend in backends if not args.fill_only else ():
        try:
            results[backend.name] = measure(backend, truth, args, work)
        except Exception as error:  # one backend failing still prints the other
            results[backend.name] = Figures(error=f"failed: {error!r}")
            progress(f"{backend.name} {size:,}: {error!r}")
    notes.extend(f"{b.name} {size:,}: {note}" for b in backends for note in b.notes)
    return results


def ms(samples: Sequence[float], quantile: float = 0.5) -> str:
    """The median (or another quantile, by nearest rank) of ``samples``, in milliseconds."""
    if not samples:
        return "-"
    if quantile == 0.5:
        return f"{statistics.median(samples) * 1000:.1f} ms"
    ordered = sorted(samples)
    rank = max(1, math.ceil(quantile * len(ordered)))
    return f"{ordered[rank - 1] * 1000:.1f} ms"


def first_open_cell(figures: Figures) -> str:
    if figures.register is None:
        return "not timed"
    timed = f"{figures.register * 1000:.0f} ms" if figures.register < 10 else (
        f"{figures.register:.0f} s")
    return timed + (" (timed once for the cache)" if figures.register_cached else "")


def search_cell(found: SearchFigures) -> str:
    check = "exact" if found.total == found.expected else f"WRONG, expected {found.expected:,}"
    return (f"{ms(found.samples)} / p95 {ms(found.samples, 0.95)}, "
            f"{found.total:,} found ({check})")


def users_cell(users: UsersFigures | None) -> str:
    if users is None:
        return "-"
    return (f"{users.ops / users.seconds:.0f} ops/s ({users.ops:,} ops, {users.errors} errors), "
            f"p50 {ms(users.latencies)}, p99 {ms(users.latencies, 0.99)}; "
            f"{users.checked:,} states checked: {users.lost} lost, {users.crossed} crossed; "
            f"setup {users.setup:.1f} s" + (f"; {users.late} started late" if users.late else ""))


def table(results: dict[int, dict[str, Figures]], args: argparse.Namespace) -> str:
    rows: list[tuple[str, Callable[[Figures], str]]] = [
        ("start → first article (process)",
         lambda f: ms(f.start.process) if f.start else "-"),
        ("start → first article (open → first article)",
         lambda f: ms(f.start.library) if f.start else "-"),
        ("launch → list on screen (the app in tmux, 80x24)",
         lambda f: ms(f.start.app) if f.start else "-"),
        ("first open by a new reader (its state rows)", first_open_cell),
    ]
    for index, word in enumerate((COMMON_WORD, RARE_WORD, CLITIC_WORD)):
        rows.append((f"search {word} (median / p95)",
                     lambda f, i=index: search_cell(f.searches[i])  # type: ignore[misc]
                     if len(f.searches) > i else "-"))
    rows.append((f"import --analyze, {args.import_articles:,} new articles",
                 lambda f: f"{f.imported.added / f.imported.seconds:.1f} articles/s "
                 f"({f.imported.added:,} in {f.imported.seconds:.0f} s)"
                 if f.imported else "-"))
    if args.users:
        rows.append((f"{args.users} users × {args.seconds:.0f} s",
                     lambda f: users_cell(f.users)))
    lines = []
    for size, by_backend in results.items():
        names = list(by_backend)
        lines += ["", f"### {size:,} articles", "",
                  "| | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
        for label, cell in rows:
            cells = [cell(by_backend[n]) if not by_backend[n].error else by_backend[n].error
                     for n in names]
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine_facts(cluster: Cluster | None) -> list[str]:
    import sqlite3

    facts = [f"- machine: {os.cpu_count()} cores, {platform.machine()}, "
             f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"]
    load = os.getloadavg()
    facts.append(f"- load average at the start: {load[0]:.2f} (shared machine)")
    if cluster is not None:
        facts.append(f"- PostgreSQL {cluster.version()} at {masked(cluster.url)}")
    return facts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--postgres", default=os.environ.get("READER_TEST_POSTGRES", ""),
                        help="a superuser URL (default $READER_TEST_POSTGRES); empty: SQLite only")
    parser.add_argument("--cache", type=Path, help="keep the filled libraries here for reruns")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per start figure")
    parser.add_argument("--search-runs", type=int, default=30, help="runs of each search")
    parser.add_argument("--import-articles", type=int, default=1000,
                        help="new articles imported with analysis (0: skip)")
    parser.add_argument("--users", type=int, default=20, help="simulated users (0: skip)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the users work")
    parser.add_argument("--users-at", type=int, nargs="*",
                        help="library sizes the users run on (default: the smallest)")
    parser.add_argument("--server-vectors-above", type=int, default=200_000, metavar="N",
                        help="for libraries above N articles PostgreSQL makes the search "
                        "vectors from the store's index texts (pg_search's Python tokenizer "
                        "costs about 4 ms an article)")
    parser.add_argument("--no-app", dest="app", action="store_false",
                        help="skip the launches of the installed app in tmux")
    parser.add_argument("--fill-only", action="store_true",
                        help="fill the cached libraries and stop (with --cache)")
    args = parser.parse_args()
    if args.users_at is None:
        args.users_at = [min(args.articles)]
    cluster = Cluster(args.postgres) if args.postgres else None
    if cluster is None:
        progress("no --postgres URL nor READER_TEST_POSTGRES: measuring SQLite only")
    with tempfile.TemporaryDirectory(prefix="bench-backends-") as tmp:
        work = Path(tmp)
        cache = args.cache.expanduser() if args.cache else work / "cache"
        cache.mkdir(parents=True, exist_ok=True)
        results: dict[int, dict[str, Figures]] = {}
        notes: list[str] = []
        try:
            for size in args.articles:
                results[size] = run_size(size, cache, cluster, args, work, notes)
        finally:
            if cluster is not None:
                cluster.drop_roles([READER_ROLE, *user_names(args.users)])
                if args.cache is None:
                    for size in args.articles:
                        cluster.drop(f"pgbench_cache_{size}")
    if args.fill_only:
        print("\n".join(notes))
        return 0
    print(f"`{shlex.join([Path(sys.executable).name, *sys.argv])}`\n")
    print("\n".join(machine_facts(cluster)))
    print("- libraries: distinct generated Arabic/mixed articles (bench_session.generate, "
          f"seed 16, one in {CLITIC_EVERY} with وسوريا); SQLite filled through Library.add, "
          "PostgreSQL by COPY of the SQLite library's rows (how each was filled: below); read "
          "figures on the filled library as role pgbench_reader, writes (import, users) on a "
          "scratch copy")
    users = (f"users on the {', '.join(f'{n:,}' for n in args.users_at)}-article library"
             if args.users else "no simulated users")
    print(f"- medians of {args.runs} fresh processes (start) and {args.search_runs} runs "
          f"(search); {users}")
    for note in notes:
        print(f"- {note}")
    print(table(results, args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
