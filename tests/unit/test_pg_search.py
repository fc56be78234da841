"""Search on PostgreSQL (reader.store.pg_search) finds what FTS5 finds.

The tokeniser is checked against FTS5 itself (an in-memory FTS5 table with the library's
tokenizer, read back through fts5vocab); the search against a real server: the same corpus in a
SQLite library and in PostgreSQL, the same queries, the same sets of articles.
"""

from __future__ import annotations

import json
import sqlite3
import string
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import news
from support.articles import RTL_PARAGRAPHS, RTL_SOURCE, RTL_TITLE, SECOND_TITLE
from support.fts import tokens_by_fts5
from support.pg_scratch import scratch_database
from support.postgres import PgLibraries, PgServer, libraries

from reader.lang.words import index_text
from reader.locations import bundled_dir
from reader.model.article import Article
from reader.store import Library, Starred, pg_search
from reader.store.pg_search import (
    SEARCH_DDL,
    fts5_tokens,
    index_article,
    index_articles,
    porter_stem,
    search_sql,
    unindex_article,
    words_vector,
)
from reader.store.schema import heading_text
from reader.store.search import parse_query

if TYPE_CHECKING:
    from psycopg import Connection

FTS5_TOKENIZER = "porter unicode61 remove_diacritics 2"  # reader.store.schema's articles_fts


# -- the tokeniser against FTS5 -------------------------------------------------------------

# Words where snowballstemmer's "porter" and FTS5's porter part ways, and Porter's edge cases.
PORTER_WORDS = (
    "assembly", "assemblies", "technology", "technologies", "analogy", "possibly", "terribly",
    "specced", "autospeccing", "ejjed", "eed", "ies", "sses", "as", "is", "us", "ay", "s",
    "running", "runs", "ran", "runner", "run", "connection", "connected", "connecting",
    "generalization", "relational", "conditional", "rational", "valenci", "hesitanci",
    "digitizer", "conformabli", "radicalli", "differentli", "vileli", "analogousli",
    "vietnamization", "predication", "operator", "feudalism", "decisiveness", "hopefulness",
    "callousness", "formaliti", "sensitiviti", "sensibiliti", "triplicate", "formative",
    "formalize", "electriciti", "electrical", "hopeful", "goodness", "revival", "allowance",
    "inference", "airliner", "gyroscopic", "adjustable", "defensible", "irritant",
    "replacement", "adjustment", "dependent", "adoption", "homologou", "communism",
    "activate", "angulariti", "homologous", "effective", "bowdlerize", "probate", "rate",
    "cease", "controll", "roll", "hopping", "hissing", "fizzed", "failing", "filing",
    "conflated", "troubled", "sized", "yelling", "happy", "sky", "agreed", "feed", "plastered",
    "bled", "motoring", "sing", "caresses", "ponies", "ties", "caress", "cats", "syzygy",
    "aed", "yed", "yyed", "oed", "aing", "xyzing", "a" * 64 + "ing", "a" * 61 + "ing",
)  # fmt: skip


def test_porter_stem_is_fts5s_porter() -> None:
    expected = tokens_by_fts5(FTS5_TOKENIZER, PORTER_WORDS)
    assert [[porter_stem(word)] for word in PORTER_WORDS] == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="aeiouybcdglmnrstzwx", min_size=1, max_size=14), min_size=1))
def test_porter_stem_agrees_with_fts5_on_any_ascii_word(words: list[str]) -> None:
    assert [[porter_stem(word)] for word in words] == tokens_by_fts5(FTS5_TOKENIZER, words)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="aesyinglé_دمشقבית", min_size=1, max_size=10), min_size=1))
def test_mixed_script_words_are_cut_and_stemmed_as_fts5_does(words: list[str]) -> None:
    texts = [index_text(word) for word in words]
    assert [fts5_tokens(text) for text in texts] == tokens_by_fts5(FTS5_TOKENIZER, texts)


@cache
def corpus_articles() -> tuple[Article, ...]:
    """Arabic, Hebrew, Persian, English and mixed articles, the seeds among them."""
    from reader.parsing import load_paths

    written = [
        Article(title="سوريا اليوم", paragraphs=news.SYRIA, source="رويترز"),
        Article(title="Syria", paragraphs=(news.ENGLISH_NEWS,), source="Reuters"),
        Article(title="مؤتمر الري", paragraphs=(news.MINISTER,)),
        Article(title="شبكات الري", paragraphs=(news.KEYWORD_TEXT,)),
        Article(title="نادر", paragraphs=(news.RARE,)),
        Article(title=RTL_TITLE, paragraphs=RTL_PARAGRAPHS, source=RTL_SOURCE),
        Article(title=SECOND_TITLE, paragraphs=("محطة تحلية المياه في العقبة.",)),
        Article(title="وسوريا بالسوريين", paragraphs=("والسوريون للسوريين فالسورية.",)),
        Article(title="المسؤول", paragraphs=("قال مسئول إن المسوول سأل عن مسؤولية السائل.",)),
        Article(title="ירושלים", paragraphs=("ובירושלים ובתל אביב, הממשלה והכנסת.",)),
        Article(title="کتاب‌ها", paragraphs=("زاینده‌رود در اصفهان است. یک کتاب خوب.",)),
        Article(title="Runners", paragraphs=("The runner was running; she runs and ran.",)),
        Article(title="Assembly", paragraphs=("Technology assemblies specced; connection.",)),
        Article(title="snake_case", paragraphs=("foo_bar and foo bar and bar foo x_y.",)),
        Article(title="أرقام", paragraphs=("سنة ٢٠٢٤ و2024 و۲۰۲۵ في UNICEF اليونيسف.",)),
        Article(title="طويل", paragraphs=("x" * 1500 + " " + "ب" * 700 + " نهاية",)),
    ]
    report = load_paths([bundled_dir("seeds")])
    return (*report.articles, *written)


def test_tokens_are_fts5s_tokens_on_the_corpus() -> None:
    texts = [
        text
        for article in corpus_articles()
        for text in (heading_text(article.title, article.source), index_text(article.body))
    ]
    assert [fts5_tokens(text) for text in texts] == tokens_by_fts5(FTS5_TOKENIZER, texts)


def test_every_separator_is_one_for_fts5() -> None:
    separators = ["_", "\u203f", "\u2040", "\u2054", "\u19b0", "\u19c0", "\u19c8", "\u1cf2"]
    texts = [f"q{char}q" for char in separators]
    assert tokens_by_fts5(FTS5_TOKENIZER, texts) == [["q", "q"]] * len(texts)
    assert [fts5_tokens(text) for text in texts] == [["q", "q"]] * len(texts)


def test_a_vector_keeps_the_heading_apart_and_never_outgrows_a_tsvector() -> None:
    vector = words_vector(index_text("سوريا اليوم"), index_text("اليوم"))
    assert vector == "'سوريا':1A 'اليوم':2A,5 'يوم':3A,6"
    huge = words_vector("", " ".join(f"w{n}" for n in range(300_000)))
    assert len(huge.encode()) < 1_100_000  # under the 1 MiB a tsvector holds, with its quotes
    long_word = words_vector("x" * 5000, "")
    assert len(long_word) < 1100 and long_word.endswith(":1A")


# -- PostgreSQL -----------------------------------------------------------------------------

QUERIES = (
    "سوريا", "وسوريا", "بالسوريين", "السوريين", "السوري*", "سوري*", "دمشق", "بدمشق", "دمش*",
    "دمشق -الأسد", "دمشق -موسكو -إدلب", "الأمم المتحدة", "المياه", "مياه", "للسوريين",
    "مسؤول", "مسئول", "المسوول", "مسؤولية", "سأل", "سال", "ירושלים", "ובירושלים", "ירוש*",
    "הממשלה", "ממשלה", "کتاب", "كتاب", "کتاب‌ها", "زاینده‌رود", "یک", "running", "run",
    "runner", "run*", "runs -ran", "technologies", "technology", "assembly", "specc*", "connect",
    "foo_bar", "foo_b*", "x_y", "_", "-_ foo", "foo -_", "UNICEF اليونيسف", "unicef", "2024",
    "٢٠٢٤", "2025", "Reuters رويترز", "كوردستريت", "x" * 1500, "ب" * 700, "x" * 1200 + "*",
    "-دمشق", "", "***", '"', "'\\", ":*", "&|!()", "<->", "a:*", "دمشق:*", "'دمشق'", "!دمشق",
    "(دمشق|حلب)", "دمشق & !حلب", "\\'", "a <-> b", "'' ''", "*دمشق", "--دمشق", "-*", "ـ",
)  # fmt: skip


@pytest.fixture(scope="module")
def sqlite_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    library = Library.open(tmp_path_factory.mktemp("pg_search") / "library.db")
    library.add(corpus_articles())
    yield library
    library.close()


@pytest.fixture(scope="module")
def postgres(sqlite_library: Library) -> Iterator[Connection[tuple[object, ...]]]:
    """A scratch database holding the SQLite library's articles (their pks) and their words,
    indexed from the very texts the SQLite library gave FTS5."""
    import psycopg

    with scratch_database("pgsearch") as url, psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE articles (pk BIGINT PRIMARY KEY)")
        for statement in SEARCH_DDL:
            conn.execute(statement)
        rows = library_rows(sqlite_library)
        conn.cursor().executemany("INSERT INTO articles (pk) VALUES (%s)", [(r[0],) for r in rows])
        for pk, heading, body in rows:
            index_article(conn, pk, heading, body)
        yield conn


def library_rows(library: Library) -> list[tuple[int, str, str]]:
    """(pk, heading, body index text) of every article, as the SQLite library indexes them."""
    conn = sqlite3.connect(library.path)
    found = conn.execute("SELECT pk, title, source, paragraphs FROM articles ORDER BY pk")
    rows = [
        (int(pk), heading_text(title, source), index_text("\n\n".join(json.loads(paragraphs))))
        for pk, title, source, paragraphs in found
    ]
    conn.close()
    return rows


def pk_to_id(library: Library) -> dict[int, str]:
    conn = sqlite3.connect(library.path)
    mapping = {int(pk): str(id_) for pk, id_ in conn.execute("SELECT pk, id FROM articles")}
    conn.close()
    return mapping


def postgres_ids(conn: Connection[tuple[object, ...]], library: Library, query: str) -> list[str]:
    found = search_sql(parse_query(query))
    if found is None:
        return []
    sql, params = found
    ids = pk_to_id(library)
    return [ids[int(str(row[0]))] for row in conn.execute(sql, params)]


@pytest.mark.postgres
@pytest.mark.parametrize("query", QUERIES)
def test_postgres_finds_the_articles_fts5_finds(
    sqlite_library: Library, postgres: Connection[tuple[object, ...]], query: str
) -> None:
    found = postgres_ids(postgres, sqlite_library, query)
    assert len(found) == len(set(found))
    assert set(found) == set(sqlite_library.search_ids(query))


@pytest.mark.postgres
def test_the_same_set_finds_through_clitics_and_spellings(
    sqlite_library: Library, postgres: Connection[tuple[object, ...]]
) -> None:
    """Not only equal but found: the corpus has these words under other clitics."""
    for query in ("بالسوريين", "وسوريا", "مسئول", "ובירושלים", "کتاب", "running", "foo_bar"):
        assert postgres_ids(postgres, sqlite_library, query), query


CORPUS_WORDS = sorted(
    {word for a in corpus_articles() for word in f"{a.title} {a.body}".split() if len(word) < 40}
)
HOSTILE = "\"'\\:*&|!()<->_-ـ\u064e\u200c "
QUERY_WORD = st.one_of(
    st.sampled_from(CORPUS_WORDS),
    st.builds(lambda w, n: w[:n], st.sampled_from(CORPUS_WORDS), st.integers(1, 6)),
    st.text(alphabet=HOSTILE + string.ascii_lowercase + "دمشقسوريا", max_size=6),
)
QUERY = st.lists(
    st.tuples(st.sampled_from(("", "-")), QUERY_WORD, st.sampled_from(("", "*"))),
    max_size=5,
).map(lambda terms: " ".join(f"{sign}{word}{star}" for sign, word, star in terms))


@pytest.mark.postgres
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUERY)
def test_any_query_finds_the_same_set_and_never_raises(
    sqlite_library: Library,
    postgres: Connection[tuple[object, ...]],
    postgres_library: Library,
    query: str,
) -> None:
    expected = set(sqlite_library.search_ids(query))
    assert set(postgres_ids(postgres, sqlite_library, query)) == expected
    assert set(postgres_library.search_ids(query)) == expected


# -- through the Library on both backends -------------------------------------------------


@pytest.fixture(scope="module")
def postgres_library(pg_server: PgServer, pg_reader: str) -> Iterator[Library]:
    """The corpus in a PostgreSQL library, imported through the Library as on SQLite."""
    for made in libraries(pg_server, pg_reader):
        library = Library.open(made.location("pgsearch"))
        library.add(corpus_articles())
        yield library
        library.close()


@pytest.mark.postgres
@pytest.mark.parametrize("query", QUERIES)
def test_a_postgresql_library_finds_what_a_sqlite_library_finds(
    sqlite_library: Library, postgres_library: Library, query: str
) -> None:
    found = postgres_library.search_ids(query)
    assert len(found) == len(set(found))
    assert set(found) == set(sqlite_library.search_ids(query))


@pytest.mark.postgres
def test_a_view_narrows_both_backends_alike(
    sqlite_library: Library, postgres_library: Library
) -> None:
    starred = [article.content_id for article in corpus_articles()[::3]]
    for library in (sqlite_library, postgres_library):
        library.star(starred)
    try:
        for query in ("سوريا", "دمشق -الأسد", "run*", "المياه"):
            on_postgres = postgres_library.search_ids(query, Starred())
            assert set(on_postgres) == set(sqlite_library.search_ids(query, Starred()))
            assert set(on_postgres) <= set(starred)
    finally:
        for library in (sqlite_library, postgres_library):
            library.star(starred, starred=False)


@pytest.mark.postgres
def test_a_postgresql_library_ranks_within_its_rank_window(
    pg_libraries: PgLibraries, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.store.library.RANK_WINDOW", 2)
    articles = [
        Article(title="زيتون", paragraphs=("خبر أول.",)),
        *(Article(title=f"خبر {n}", paragraphs=(f"زيتون في السوق {n}.",)) for n in (2, 3, 4)),
    ]
    with Library.open(pg_libraries.location("window")) as library:
        for article in articles:  # one at a time: the first is the oldest
            library.add([article])
        ids = [article.content_id for article in articles]
        assert library.search_ids("زيتون") == [ids[3], ids[2], ids[1], ids[0]]


@pytest.fixture()
def empty_index() -> Iterator[Connection[tuple[object, ...]]]:
    import psycopg

    with scratch_database("pgsearch") as url, psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE articles (pk BIGINT PRIMARY KEY)")
        for statement in SEARCH_DDL:
            conn.execute(statement)
        conn.execute("INSERT INTO articles (pk) SELECT generate_series(1, 5)")
        yield conn


def found_pks(conn: Connection[tuple[object, ...]], query: str) -> list[int]:
    found = search_sql(parse_query(query))
    assert found is not None
    return [int(str(row[0])) for row in conn.execute(*found)]


@pytest.mark.postgres
def test_title_words_rank_first_and_ties_go_newest_first(
    empty_index: Connection[tuple[object, ...]],
) -> None:
    index_articles(
        empty_index,
        [
            (1, index_text("أخبار"), index_text("زيتون في السوق")),
            (2, index_text("زيتون"), index_text("أخبار في السوق")),
            (3, index_text("أخبار"), index_text("زيتون في الحقل")),
            (4, index_text("أخبار"), index_text("قمح في الحقل")),
        ],
    )
    assert found_pks(empty_index, "زيتون") == [2, 3, 1]


@pytest.mark.postgres
def test_only_the_most_recent_matches_are_ranked_then_the_older_newest_first(
    empty_index: Connection[tuple[object, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pg_search, "RANK_WINDOW", 2)  # the default window; 3 given below
    index_articles(
        empty_index,
        [
            (1, index_text("زيتون"), ""),
            (2, index_text("زيتون"), ""),
            (3, index_text("أخبار"), index_text("زيتون في السوق")),
            (4, index_text("زيتون"), ""),
            (5, index_text("أخبار"), index_text("زيتون في الحقل")),
        ],
    )
    found = search_sql(parse_query("زيتون"))
    assert found is not None
    rows = [(int(str(pk)), float(str(score))) for pk, score in empty_index.execute(*found)]
    assert [pk for pk, _ in rows] == [4, 5, 3, 2, 1]
    assert [score < 0 for _, score in rows] == [True, True, False, False, False]
    found = search_sql(parse_query("زيتون"), rank_window=3)
    assert found is not None
    rows = [(int(str(pk)), float(str(score))) for pk, score in empty_index.execute(*found)]
    assert [pk for pk, _ in rows] == [4, 5, 3, 2, 1]
    assert [score < 0 for _, score in rows] == [True, True, True, False, False]
    found = search_sql(parse_query("زيتون"), rank_window=0)
    assert found is not None
    rows = [(int(str(pk)), float(str(score))) for pk, score in empty_index.execute(*found)]
    assert rows == [(5, 1.0), (4, 1.0), (3, 1.0), (2, 1.0), (1, 1.0)]


@pytest.mark.postgres
def test_indexing_again_replaces_and_unindexing_or_deleting_drops(
    empty_index: Connection[tuple[object, ...]],
) -> None:
    index_article(empty_index, 1, index_text("قديم"), "")
    index_article(empty_index, 1, index_text("جديد"), "")
    index_article(empty_index, 2, index_text("جديد"), "")
    assert found_pks(empty_index, "قديم") == []
    assert sorted(found_pks(empty_index, "جديد")) == [1, 2]
    unindex_article(empty_index, 1)
    empty_index.execute("DELETE FROM articles WHERE pk = 2")
    assert found_pks(empty_index, "جديد") == []


@pytest.mark.postgres
def test_a_huge_article_is_indexed_without_an_error(
    empty_index: Connection[tuple[object, ...]],
) -> None:
    body = index_text(" ".join(f"كلمة{n} word{n}" for n in range(120_000)) + " " + "ز" * 5000)
    index_article(empty_index, 3, index_text("ضخم"), body)
    assert found_pks(empty_index, "ضخم") == [3]
    assert found_pks(empty_index, "word7") == [3]


def test_nothing_to_look_for_is_none_and_nothing_to_find_is_a_query() -> None:
    assert search_sql(parse_query("")) is None
    assert search_sql(parse_query("-دمشق")) is None
    found = search_sql(parse_query("_"))
    assert found is not None and "false" in found[0]


def test_user_text_never_enters_the_sql() -> None:
    for query in QUERIES:
        found = search_sql(parse_query(query))
        if found is not None and query:
            assert all(word not in found[0] for word in query.split() if len(word) > 1), query


def test_importing_the_module_does_not_import_psycopg() -> None:
    """The SQLite store imports pg_search: its users never pay for psycopg."""
    script = "import sys, reader.store.pg_search; print('psycopg' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
