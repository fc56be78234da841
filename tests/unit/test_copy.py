"""``reader library copy``: a whole library from SQLite to PostgreSQL and back, losslessly."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from support.postgres import PgLibraries

from reader.cli import main
from reader.model.article import Article
from reader.nlp.types import Analysis, EntitySummary, Keyword
from reader.store import All, Incoming, Library, LibraryError, Starred, Subscription, Tag
from reader.store.analysis import AnalysisProgress

# Every table a library keeps, as the rows that must survive a copy (surrogate keys of tags
# and subscriptions are the target's own: tags are compared by name, owner kind and links).
TABLES = {
    "meta": "SELECT key, value FROM meta ORDER BY key",
    "articles": "SELECT * FROM articles ORDER BY pk",
    "origins": "SELECT * FROM origins ORDER BY article_pk, origin",
    "state": "SELECT * FROM state ORDER BY article_pk",
    "state_counts": "SELECT * FROM state_counts WHERE n > 0 ORDER BY 1, 2, 3",
    "tags": "SELECT at.article_pk, t.name, t.owner = '', at.tagged_at FROM article_tags at "
            "JOIN tags t ON t.id = at.tag_id ORDER BY 1, 2, 3",
    "subscriptions": "SELECT url, title, site_url, folder, last_fetched, last_error, added_at, "
                     "kind, state FROM subscriptions ORDER BY id",
    "analysis": "SELECT * FROM analysis ORDER BY article_pk",
    "entity_mentions": "SELECT * FROM entity_mentions ORDER BY 1, 2, 3",
    "keyword_mentions": "SELECT * FROM keyword_mentions ORDER BY 1, 2",
}


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {table: conn.execute(sql).fetchall() for table, sql in TABLES.items()}
    finally:
        conn.close()


def _fill(path: Path) -> list[str]:
    """A library with something in every table; the ids of its articles."""
    articles = [
        Article(title="اشتباكات في محافظة السويداء", source="BBC Arabic",
                paragraphs=("قال مسؤولون إن الاشتباكات اندلعت في السويداء.",),
                published=date(2024, 5, 2), url="https://example.org/ar/1"),
        Article(title="פגישה בירושלים", paragraphs=("נפגש בירושלים עם השרים.",),
                source="Haaretz"),
        *(Article(title=f"Report {n}", paragraphs=(f"Aqaba port item {n}.", "Second."),
                  source="Wire", published=date(2024, 6, 1 + n % 28)) for n in range(23)),
    ]
    with Library.open(path, analyzer_version="v1") as library:
        ids = library.add(articles, origin="https://feeds.example/rss").added
        library.add(articles[:1], origin="/home/desk/saved.txt")  # a second origin
        library.star(ids[:4])
        library.set_read(ids[2:9])
        library.archive(ids[5:7])
        library.set_note(ids[0], "تحقق من المصدر")
        library.set_reading_position(ids[1], 3)
        library.tag(ids[:3], "syria")
        library.tag(ids[1:4], "urgent", shared=True)
        library.tag(ids[0], "Urgent")  # a personal tag named like the shared one
        library.cache_analysis(ids[0], Analysis(
            (EntitySummary("السويداء", "LOCATION", 2, ((10, 17), (30, 37))),),
            (Keyword("اشتباكات", 0.75),)))
        library.add_subscription(Subscription(url="https://feeds.example/rss", title="Feed",
                                              folder="news"))
        library.update_subscription("https://feeds.example/rss", state={"etag": '"x1"'},
                                    last_fetched="2024-06-02T10:00:00+00:00")
        library.set_meta("seeded_at", "2024-06-01T00:00:00+00:00")
    return ids


@pytest.mark.postgres
def test_sqlite_to_postgres_and_back_loses_nothing(
    tmp_path: Path, pg_libraries: PgLibraries
) -> None:
    first, last = tmp_path / "first.db", tmp_path / "last.db"
    ids = _fill(first)
    desk = pg_libraries.location("desk")
    assert main(["library", "copy", str(first), desk.url]) == 0
    with Library.open(desk) as on_server:
        assert on_server.count(All()) == len(ids)
        assert on_server.count(Starred()) == 4 and on_server.count(Incoming()) == 18
        assert on_server.count(Tag("urgent", shared=True)) == 3
        assert on_server.count(Tag("urgent")) == 1
        assert on_server.search_ids("السويداء") == [ids[0]]
        assert on_server.reading_position(ids[1]) == 3
    assert main(["library", "copy", desk.url, str(last)]) == 0
    before, after = _dump(first), _dump(last)
    for table in TABLES:
        assert after[table] == before[table], table
    with Library.open(first) as original, Library.open(last) as copied:
        for query in ("السويداء", "aqaba", "ירושלים", "report -port"):
            assert copied.search_ids(query) == original.search_ids(query), query


def test_a_file_copies_to_a_file_with_plain_progress_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    ids = _fill(first)
    assert main(["library", "copy", str(first), str(second)]) == 0
    err = capsys.readouterr().err
    assert f"copied {len(ids)} articles, 1 subscription and 1 setting" in err
    assert f"  {len(ids)}/{len(ids)} articles" in err
    before, after = _dump(first), _dump(second)
    assert all(after[table] == before[table] for table in TABLES)


def test_the_workers_lease_progress_and_asks_stay_with_the_library_they_were_for(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    ids = _fill(first)
    with Library.open(first) as source:
        assert source.claim_analysis("host:1", 600.0)
        source.report_analysis("host:1", AnalysisProgress(3, len(ids)), 600.0)
        source.request_analysis("host:1", ids[2])
        assert source.analysis_progress() is not None
    assert main(["library", "copy", str(first), str(second)]) == 0
    with Library.open(second) as copied:
        assert copied.analysis_progress() is None
        assert copied.claim_analysis("host:2", 60.0), "no copied lease holds the copy's worker"
        assert copied.get_meta("seeded_at") == "2024-06-01T00:00:00+00:00"


def test_a_library_that_holds_articles_is_never_copied_into(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    _fill(first)
    with Library.open(second) as target:
        target.add([Article(title="mine", paragraphs=("keep me",))])
    assert main(["library", "copy", str(first), str(second)]) == 3
    assert "already holds 1 articles" in capsys.readouterr().err
    with Library.open(second) as target:
        assert target.count(All()) == 1
    with Library.open(first) as source, pytest.raises(LibraryError, match="onto itself"):
        from reader.store.copy import copy_library

        copy_library(source, source)
