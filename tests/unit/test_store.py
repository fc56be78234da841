"""The library store: schema, duplicates, state, undo, views, search, analysis cache."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import cast

import pytest
from conftest import LibraryAt

from reader.lang.words import index_text, search_fold
from reader.model.article import Article
from reader.store import (
    All,
    Archive,
    Entity,
    Incoming,
    Library,
    LibraryError,
    Sort,
    Source,
    Starred,
    Tag,
    Unread,
    default_path,
)
from reader.store.db import connect
from reader.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate, schema_version
from reader.store.views import View

AR = Article(
    title="اشتباكات في محافظة السويداء",
    paragraphs=(
        "قال مسؤولون إن الاشتباكات اندلعت صباح الاثنين والسويداء تشهد توتراً.",
        "وأكد الرئيس بشار الأسد أن الحكومة ستتدخل للأسد دور كبير.",
    ),
    source="BBC Arabic",
    published=date(2024, 5, 2),
    url="https://example.org/ar/1",
)
EN = Article(
    title="Elections in France",
    paragraphs=("Voters went to the polls on Sunday in the French elections.",),
    source="AP",
    published=date(2024, 5, 3),
    url="https://example.org/en/1",
)
HE = Article(
    title="פגישה בירושלים",
    paragraphs=("רֹאשׁ הַמֶּמְשָׁלָה נפגש בירושלים עם השרים.",),
    source="Haaretz",
    published=date(2024, 5, 1),
)


@pytest.fixture
def lib(library_at: LibraryAt) -> Iterator[Library]:
    """A library of three articles, on each backend."""
    library = Library.open(library_at("lib"), analyzer_version="v2")
    library.add([AR, EN, HE])
    yield library
    library.close()


@pytest.mark.sqlite_only
def test_default_path_is_in_the_xdg_data_dir(isolated_user_dirs: Path) -> None:
    assert default_path() == isolated_user_dirs / ".local/share/reader/library.db"
    with Library.open() as library:
        assert library.path.exists()


# -- schema ----------------------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_migrations_from_empty(tmp_path: Path) -> None:
    conn = connect(tmp_path / "db.sqlite")
    assert migrate(conn) == SCHEMA_VERSION
    assert schema_version(conn) == len(MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert migrate(conn) == 0


STATE_COUNTS = 5  # MIGRATIONS[5] builds the state_counts totals
SOURCE_KINDS = 6  # MIGRATIONS[6] gives subscriptions a kind and a state
WORD_MODEL_INDEX = 7  # MIGRATIONS[7] indexes every article again for the word model
READING_POSITION = 8  # MIGRATIONS[8] keeps where each article was left
TAG_OWNERS = 10  # MIGRATIONS[10] gives tags an owner ('' = a shared desk tag)


def _old_library(path: Path, version: int) -> None:
    conn = connect(path)
    migrate(conn, target=version)
    conn.execute(
        "INSERT INTO articles (id, title, paragraphs, added_at, sort_date) "
        "VALUES ('abc', 'old', '[\"text\"]', '2024-01-01', '2024-01-01')"
    )
    conn.execute("INSERT INTO state (article_pk, starred) VALUES (1, 1)")
    conn.close()


@pytest.mark.sqlite_only
def test_migration_from_previous_version_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_library(path, SCHEMA_VERSION - 1)
    with Library.open(path) as library:
        assert library.schema_version == SCHEMA_VERSION
        stored = library.get("abc")
        assert stored is not None and stored.state.starred
        assert stored.article.paragraphs == ("text",)
        assert library.count(Starred()) == 1


@pytest.mark.sqlite_only
def test_state_order_migration_copies_dates(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    _old_library(path, 3)
    with Library.open(path) as library:
        assert [r.id for r in library.query(All())] == ["abc"]
        sort_date = library._conn.execute("SELECT sort_date FROM state").fetchone()[0]
        assert sort_date == "2024-01-01"


@pytest.mark.sqlite_only
def test_source_kinds_migration_keeps_feeds_and_their_etags(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    conn = connect(path)
    migrate(conn, target=SOURCE_KINDS)
    conn.execute(
        "INSERT INTO subscriptions (url, title, etag, modified, added_at) VALUES "
        "('https://a.example/rss', 'A', '\"v1\"', 'Mon, 06 May 2024 10:00:00 GMT', '2024'), "
        "('https://b.example/rss', 'B', '', '', '2024')"
    )
    conn.close()
    with Library.open(path) as library:
        a, b = library.subscriptions()
    assert (a.kind, b.kind) == ("feed", "feed")
    assert dict(a.state) == {"etag": '"v1"', "modified": "Mon, 06 May 2024 10:00:00 GMT"}
    assert dict(b.state) == {}


@pytest.mark.sqlite_only
def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(LibraryError, match="newer reader"):
        Library.open(path)


@pytest.mark.sqlite_only
def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LibraryError, match="cannot open the library"):
        Library.open(path)


@pytest.mark.sqlite_only
def test_failed_migration_leaves_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.store import schema

    failing = (*MIGRATIONS[STATE_COUNTS], "CREATE TABLE broken (syntax error")
    broken = (*MIGRATIONS[:STATE_COUNTS], failing, *MIGRATIONS[STATE_COUNTS + 1 :])
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    conn = connect(tmp_path / "m.db")
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn)
    assert schema_version(conn) == STATE_COUNTS
    created = conn.execute(
        "SELECT name FROM sqlite_master WHERE name LIKE 'state_counts%'"
    ).fetchall()
    assert created == []  # the failed migration's table and triggers were rolled back with it


# -- adding ----------------------------------------------------------------------------------


def test_duplicates_are_merged_with_both_origins(lib: Library) -> None:
    result = lib.add([AR], origin="/feeds/copy.xml")
    assert result.added == [] and result.duplicates == [AR.content_id]
    assert lib.count(All()) == 3
    stored = lib.get(AR.content_id)
    assert stored is not None
    assert set(stored.origins) == {"https://example.org/ar/1", "/feeds/copy.xml"}
    assert stored.article == AR


def test_escape_sequences_never_reach_the_store(library_at: LibraryAt) -> None:
    library = Library.open(library_at("e"))
    dirty = Article(title="Hi\x1b]0;pwned\x07 there", paragraphs=("a\x1b[31mred\x1b[0m b",))
    [article_id] = library.add([dirty]).added
    stored = library.get(article_id)
    assert stored is not None
    assert stored.article.title == "Hi there"
    assert stored.article.paragraphs == ("ared b",)


# -- state and undo --------------------------------------------------------------------------


def test_state_changes_persist_across_reopen(lib: Library) -> None:
    lib.set_read(AR.content_id)
    lib.star([EN.content_id])
    lib.archive(HE.content_id)
    lib.tag([AR.content_id, EN.content_id], "#Syria")
    lib.set_note(EN.content_id, "check the turnout figures")
    where = lib.location
    lib.close()
    with Library.open(where) as again:
        ar, en, he = (again.get(a.content_id) for a in (AR, EN, HE))
        assert ar is not None and ar.state.read and ar.state.read_at
        assert ar.state.tags == ("Syria",)
        assert en is not None and en.state.starred and en.state.note.startswith("check")
        assert he is not None and he.state.archived
        assert again.tags() == ["Syria"]


def test_toggle_and_undo(lib: Library) -> None:
    assert lib.toggle_read(AR.content_id) is True
    assert lib.toggle_star(AR.content_id) is True
    lib.tag(AR.content_id, "later")
    assert lib.undo_description() == "tag #later"
    assert lib.undo() == "tag #later"
    assert lib.get(AR.content_id).state.tags == ()  # type: ignore[union-attr]
    assert lib.tags() == []
    assert lib.undo() == "toggle starred"
    assert lib.undo() == "toggle read"
    state = lib.get(AR.content_id).state  # type: ignore[union-attr]
    assert not state.read and not state.starred and state.read_at is None
    assert lib.undo() is None


def test_undo_restores_a_removed_tag(lib: Library) -> None:
    lib.tag([AR.content_id, EN.content_id], "syria")
    lib.untag([AR.content_id, EN.content_id], "syria")
    assert lib.tags() == []
    lib.undo()
    assert lib.count(Tag("syria")) == 2


def test_bulk_mark_read_and_undo(lib: Library) -> None:
    assert lib.set_read(lib.ids(Incoming())) == 3
    assert lib.count(Incoming()) == 0
    lib.undo()
    assert lib.count(Incoming()) == 3


def test_a_change_written_through_a_second_connection_is_undone_through_the_first(
        lib: Library) -> None:
    """A worker marks a whole list read on its own connection; ``u`` undoes it on the UI's."""
    with Library.open(lib.location) as worker:
        assert worker.set_read(worker.ids(Incoming())) == 3
        change = worker.pop_change()
        assert change is not None and worker.pop_change() is None, "handed over, not kept"
    lib.star(AR.content_id)
    lib.push_change(change)
    assert lib.undo_description() == "mark read"
    assert lib.undo() == "mark read" and lib.count(Incoming()) == 3
    assert lib.undo() == "star" and lib.count(Starred()) == 0


def test_unknown_id(lib: Library) -> None:
    assert lib.get("nope") is None
    assert lib.set_read("nope") == 0
    with pytest.raises(KeyError):
        lib.toggle_read("nope")


def test_exception_inside_a_write_leaves_the_library_unchanged(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.store import library as library_module

    calls = {"n": 0}
    real = index_text

    def failing(text: str) -> str:
        calls["n"] += 1
        if calls["n"] > 3:
            raise RuntimeError("disk on fire")
        return real(text)

    monkeypatch.setattr(library_module, "index_text", failing)
    new = [Article(title=f"new {i}", paragraphs=(f"body {i}",)) for i in range(5)]
    with pytest.raises(RuntimeError):
        lib.add(new)
    assert lib.count(All()) == 3
    assert lib.search("new") == []
    lib.set_read(AR.content_id)  # the connection is usable afterwards
    assert lib.get(AR.content_id).state.read  # type: ignore[union-attr]


def test_two_connections_write_concurrently(library_at: LibraryAt) -> None:
    path = library_at("shared")
    Library.open(path).close()
    errors: list[BaseException] = []

    def writer(prefix: str) -> None:
        try:
            with Library.open(path) as library:
                for i in range(40):
                    art = Article(title=f"{prefix} {i}", paragraphs=(f"{prefix} text {i}",))
                    library.add([art])
                    library.set_read(art.content_id)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(p,)) for p in ("alpha", "beta")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Library.open(path) as library:
        assert library.count(All()) == 80
        assert library.count(Incoming()) == 0


# -- views -----------------------------------------------------------------------------------


def test_views_counts_and_sorting(lib: Library) -> None:
    lib.set_read(EN.content_id)
    lib.star(EN.content_id)
    lib.archive(HE.content_id)
    lib.tag(HE.content_id, "hebrew")
    assert [r.id for r in lib.query(Incoming())] == [AR.content_id]
    assert [r.id for r in lib.query(Starred())] == [EN.content_id]
    assert [r.id for r in lib.query(Archive())] == [HE.content_id]
    assert [r.title for r in lib.query(All(), Sort.NEWEST)] == [EN.title, AR.title, HE.title]
    assert [r.title for r in lib.query(All(), Sort.OLDEST, limit=1, offset=1)] == [AR.title]
    assert lib.count(Source("AP")) == 1
    assert lib.count(Tag("HEBREW")) == 1
    counts = {c.label: (c.count, c.unread) for c in lib.counts()}
    assert counts["Incoming"] == (1, 1)
    assert counts["All"] == (3, 2)
    assert counts["#hebrew"] == (1, 1)
    assert counts["AP"] == (1, 0)
    assert lib.rows([HE.content_id, "missing", AR.content_id])[0].direction == "rtl"


def test_stats(lib: Library) -> None:
    stats = lib.stats()
    assert (stats.articles, stats.incoming, stats.sources) == (3, 3, 3)
    assert stats.languages == {"ar": 1, "en": 1, "he": 1}


# -- search ----------------------------------------------------------------------------------


def test_normalisation() -> None:
    assert search_fold("أَحْمَد") == "احمد"
    assert search_fold("إسلام آمن ٱلله") == "اسلام امن الله"
    assert search_fold("مدرسة على") == "مدرسه علي"
    assert search_fold("عــربي") == "عربي"
    assert search_fold("שָׁלוֹם") == "שלום"
    assert search_fold("Café ٢٠٢٤") == "cafe 2024"
    assert "سويداء" in index_text("والسويداء").split()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("سويداء", AR),  # the text says والسويداء and السويداء
        ("السويداء", AR),
        ("والسويداء", AR),
        ("الأسد", AR),  # written الأسد and للأسد
        ("اسد", AR),
        ("الاشتباكات", AR),  # harakat-free spelling, alef forms
        ("ירושלים", HE),  # written בירושלים
        ("ממשלה", HE),  # niqqud in the text, none in the query
        ("election", EN),
        ("French elections", EN),
        ("fren*", EN),
    ],
)
def test_search_finds(lib: Library, query: str, expected: Article) -> None:
    found = lib.search(query)
    assert [r.id for r in found] == [expected.content_id]
    assert found[0].snippet
    start, end = found[0].snippet_spans[0]
    assert found[0].snippet[start:end]


def test_search_ranking_negation_and_garbage(lib: Library) -> None:
    extra = Article(title="Sunday football", paragraphs=("Football results on Sunday.",))
    lib.add([extra])
    assert [r.title for r in lib.search("sunday")][0] == "Sunday football"  # title weighs more
    assert [r.title for r in lib.search("sunday -football")] == [EN.title]
    assert lib.search("") == []
    assert lib.search('AND OR NOT "( *') == []
    assert lib.search("sunday", view=Starred()) == []


def test_search_snippet_is_logical_order(lib: Library) -> None:
    [row] = lib.search("سويداء")
    start, end = row.snippet_spans[0]
    assert row.snippet[start:end] == "والسويداء"
    assert row.snippet in AR.paragraphs[0] or row.snippet.strip("…") in AR.paragraphs[0]


def test_search_finds_words_with_a_one_letter_proclitic(library_at: LibraryAt) -> None:
    """Issue 12: بدمشق ودمشق لدمشق فدمشق وحمص are found by a search for دمشق or حمص."""
    glued = ["بدمشق", "ودمشق", "لدمشق", "فدمشق", "وحمص"]
    articles = [Article(title=f"خبر {n}", paragraphs=(f"وصل الوفد {word} صباح اليوم.",))
                for n, word in enumerate(glued)]
    with Library.open(library_at("p")) as library:
        library.add(articles)
        found = {row.id for row in library.search("دمشق")}
        assert found == {a.content_id for a in articles[:4]}
        [homs] = library.search("حمص")
        assert homs.id == articles[4].content_id
        start, end = homs.snippet_spans[0]
        assert homs.snippet[start:end] == "وحمص"


HAMZA_WAW = Article(title="تصريح", paragraphs=("قال مسؤول في الوزارة إن الوفد وصل.",))
HAMZA_YEH = Article(title="تصريح آخر", paragraphs=("وقال مسئول آخر إن الاجتماع تأجل.",))


def test_search_spells_a_hamza_seat_as_extraction_does(library_at: LibraryAt) -> None:
    """مسؤول and مسئول are one word for extraction (one key): each finds the other, and a
    search typed without the hamza still finds the word."""
    with Library.open(library_at("h")) as library:
        library.add([HAMZA_WAW, HAMZA_YEH])
        both = {HAMZA_WAW.content_id, HAMZA_YEH.content_id}
        assert {row.id for row in library.search("مسؤول")} == both
        assert {row.id for row in library.search("المسئول")} == both
        assert [row.id for row in library.search("مسوول")] == [HAMZA_WAW.content_id]
        for row in library.search("مسئول"):
            start, end = row.snippet_spans[0]
            assert row.snippet[start:end] in ("مسؤول", "مسئول")


@pytest.mark.sqlite_only
def test_the_word_model_migration_reindexes_existing_articles(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    conn = connect(path)
    migrate(conn, target=WORD_MODEL_INDEX)
    conn.execute(
        "INSERT INTO articles (id, title, paragraphs, added_at, sort_date) "
        "VALUES ('abc', 'تصريح', '[\"قال مسؤول\"]', '2024-01-01', '2024-01-01')"
    )
    conn.execute("INSERT INTO state (article_pk) VALUES (1)")
    # What the index held before: the search spelling alone.
    conn.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (1, 'تصريح', 'قال مسوول')")
    conn.close()
    with Library.open(path) as library:
        assert library.schema_version == SCHEMA_VERSION
        assert [row.id for row in library.search("مسئول")] == ["abc"]
        assert [row.id for row in library.search("تصريح")] == ["abc"]
        assert library.search("مسوول")[0].id == "abc"


# -- analysis cache --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ent:
    text: str
    label: str
    count: int
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class _Kw:
    text: str
    score: float


@dataclass(frozen=True)
class _Analysis:
    entities: tuple[_Ent, ...]
    keywords: tuple[_Kw, ...]


def test_entity_pivot_and_top_lists(lib: Library) -> None:
    assad = _Ent("بشار الأسد", "PERSON", 2, ((10, 19), (40, 45)))
    suwayda = _Ent("السويداء", "LOCATION", 1, ((5, 13),))
    lib.cache_analysis(AR.content_id, _Analysis((assad, suwayda), (_Kw("اشتباكات", 0.9),)))
    lib.cache_analysis(EN.content_id, _Analysis((assad,), (_Kw("elections", 0.5),)))
    lib.cache_analysis(HE.content_id, _Analysis((assad,), ()), version="v1")  # stale
    assert lib.count(Entity("بشار الأسد", "PERSON")) == 2
    assert lib.count(Entity("بشار الأسد")) == 2
    assert lib.count(Entity("بشار الأسد", "LOCATION")) == 0
    assert Entity("بشار الأسد", "PERSON").label == "بشار الأسد (person)"
    assert [r.id for r in lib.query(Entity("السويداء", "LOCATION"))] == [AR.content_id]
    top = lib.top_entities(All(), 5)
    assert (top[0].text, top[0].articles, top[0].mentions) == ("بشار الأسد", 2, 4)
    assert [k.text for k in lib.top_keywords(All(), 5)] == ["اشتباكات", "elections"]
    cached = lib.cached_analysis(AR.content_id)
    assert cached is not None and cached.entities[0].spans == ((10, 19), (40, 45))
    assert lib.cached_analysis(HE.content_id) is None
    assert lib.unanalyzed_ids() == [HE.content_id]


def test_add_with_analyzer_caches_new_articles_only(library_at: LibraryAt) -> None:
    library = Library.open(library_at("a"), analyzer_version="v9")
    seen: list[str] = []

    def analyze(article: Article) -> _Analysis:
        seen.append(article.title)
        return _Analysis((_Ent(article.source, "ORGANIZATION", 1, ()),), ())

    library.add([AR, EN], analyze=analyze)
    library.add([AR], analyze=analyze)
    assert seen == [AR.title, EN.title]
    assert library.count(Entity("AP", "ORGANIZATION")) == 1


def test_analyze_missing_fills_the_cache(lib: Library) -> None:
    def analyze(article: Article) -> _Analysis:
        return _Analysis((_Ent(article.source, "ORGANIZATION", 1, ()),), (_Kw("k", 1.0),))

    assert lib.analyze_missing(analyze) == 3
    assert lib.unanalyzed_ids() == []
    assert lib.count(Entity("Haaretz")) == 1
    assert lib.analyze_missing(analyze) == 0


def test_views_compare_by_kind_and_parameters() -> None:
    assert Incoming() == Incoming() and hash(Incoming()) == hash(Incoming())
    assert Incoming() != All() and Starred() != Archive()
    assert Tag("x") == Tag("x")
    assert Tag("x") != Source("x")  # type: ignore[comparison-overlap]
    assert {Incoming(): 1}[Incoming()] == 1
    with pytest.raises(AttributeError):
        Incoming().label = "changed"  # type: ignore[misc]


def _numbered(i: int) -> Article:
    return Article(title=f"Article {i}", paragraphs=(f"Body of article {i}.",))


def _scanned_count(library: Library, where: str) -> int:
    return int(library._conn.execute(f"SELECT count(*) FROM state s WHERE {where}").fetchone()[0])


FIXED_FILTERS: dict[View, str] = {
    Incoming(): "s.archived = 0 AND s.read = 0",
    Unread(): "s.read = 0",
    Starred(): "s.starred = 1",
    Archive(): "s.archived = 1",
    All(): "1 = 1",
}


def _assert_counts_match_a_scan(library: Library) -> None:
    for view, where in FIXED_FILTERS.items():
        assert library.count(view) == _scanned_count(library, where), view
        assert library.unread_count(view) == _scanned_count(library, f"({where}) AND s.read = 0")


def test_fixed_view_counts_follow_every_state_change(library_at: LibraryAt) -> None:
    with Library.open(library_at("c")) as library:
        ids = library.add([_numbered(i) for i in range(12)]).added
        _assert_counts_match_a_scan(library)
        library.set_read(ids[:5], True)
        library.star(ids[3:7], True)
        library.archive(ids[6:9], True)
        _assert_counts_match_a_scan(library)
        library.set_read(ids[:2], False)
        library.undo()
        _assert_counts_match_a_scan(library)
        library.add([_numbered(i) for i in range(10, 15)])  # three new, two duplicates
        _assert_counts_match_a_scan(library)
        assert library.count(All()) == 15
        library._conn.execute("DELETE FROM articles WHERE id = ?", (ids[4],))  # cascades
        _assert_counts_match_a_scan(library)
        assert library.count(All()) == 14


@pytest.mark.sqlite_only
def test_counts_of_a_library_from_before_the_totals_are_built_by_the_migration(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    with Library.open(path) as library:
        ids = library.add([_numbered(i) for i in range(8)]).added
        cast(sqlite3.Connection, library._conn).executescript(
            "DROP TRIGGER state_counts_insert; DROP TRIGGER state_counts_delete;"
            "DROP TRIGGER state_counts_update; DROP TABLE state_counts;"
            # and the source kinds, which came after the totals
            "ALTER TABLE subscriptions DROP COLUMN kind;"
            "ALTER TABLE subscriptions DROP COLUMN state;"
            "ALTER TABLE subscriptions ADD COLUMN etag TEXT NOT NULL DEFAULT '';"
            "ALTER TABLE subscriptions ADD COLUMN modified TEXT NOT NULL DEFAULT '';"
            # and the reading position and the links' owners, which came after them all
            "ALTER TABLE state DROP COLUMN reading_paragraph;"
            "ALTER TABLE article_tags DROP COLUMN owner;"
            f"PRAGMA user_version = {STATE_COUNTS};"
        )
        library.set_read(ids[:3], True)  # changed while no totals were kept
    with Library.open(path) as library:
        assert library.schema_version == SCHEMA_VERSION
        _assert_counts_match_a_scan(library)
        assert library.count(Incoming()) == 5


def test_a_search_of_a_view_holding_every_article_is_counted_by_the_index_alone(
    library_at: LibraryAt, backend: str,
) -> None:
    """What the list shows with a search's first page: its exact total when the index counts it
    alone (SQLite's, when the view holds every article), else None (a worker counts it after;
    PostgreSQL's index rechecks each match's row, so always after)."""
    indexed = backend == "sqlite"

    def at_hand(count: int) -> int | None:
        return count if indexed else None

    with Library.open(library_at("lib")) as library:
        added = library.add([Article(title=f"Report {n}", source="Desk" if n % 3 else "Wire",
                                     paragraphs=(f"Aqaba port news item {n}.",))
                             for n in range(9)]).added
        library.add([Article(title="Elsewhere", paragraphs=("Amman port.",), source="Wire")])
        for view in (None, All(), Incoming(), Unread()):
            assert library.search_count_at_hand("aqaba", view) == at_hand(9)
            assert library.search_count("aqaba", view) == 9
            assert library.search_first("aqaba", view, 4) == (added[::-1][:4], 9)
        assert library.search_count_at_hand("aqaba", Source("Desk")) is None, "not a state view"
        assert library.search_count_at_hand("aqaba", Starred()) is None
        assert library.search_count_at_hand("nowhere", Incoming()) == at_hand(0)
        library.set_read(added[:2], True)
        assert library.search_count_at_hand("aqaba", Incoming()) is None, "no longer every one"
        assert library.search_count("aqaba", Incoming()) == 7
        assert library.search_first("aqaba", Incoming(), 4) == (
            [i for i in added[::-1] if i not in added[:2]][:4], 7)
        assert library.search_count("aqaba", All()) == 9
        assert library.search_count_at_hand("aqaba", All()) == at_hand(9)
        library.set_read(added[:2], False)
        assert library.search_count_at_hand("aqaba", Incoming()) == at_hand(9)
        assert library.search_count("aqaba", Incoming()) == 9


def test_search_counts_and_lists_every_match_beyond_the_rank_window(
    library_at: LibraryAt, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: only the RANK_WINDOW most recent matches were ranked and the rest were lost."""
    monkeypatch.setattr("reader.store.library.RANK_WINDOW", 4)
    articles = [
        Article(title=f"Report {n}", paragraphs=(f"Aqaba port news item {n}.",), source="Wire")
        for n in range(10)
    ]
    with Library.open(library_at("lib")) as library:
        library.add(articles)
        library.add([Article(title="Aqaba", paragraphs=("Aqaba.",), source="Desk")])
        found = library.search_ids("aqaba")
        assert len(found) == 11 and len(set(found)) == 11
        assert found[0] == library.search("aqaba", limit=1)[0].id
        assert [row.id for row in library.search_rows("aqaba")] == found
        assert len(library.search("aqaba", limit=None)) == 11
        assert library.search_ids("aqaba", view=Source("Desk")) == [found[0]]


def test_a_search_lists_newest_added_first_a_page_at_a_time_with_an_exact_count(
    library_at: LibraryAt,
) -> None:
    """The list's search (issue 16): no match is scored, so a page of the newest matches costs
    the same for a word in every third article as for a rare one; the count is exact."""
    with Library.open(library_at("lib")) as library:
        added = [library.add([Article(title=f"Report {n}", source="Desk" if n % 3 else "Wire",
                                      paragraphs=(f"Aqaba port news item {n}.",))]).added[0]
                 for n in range(10)]
        library.add([Article(title="Elsewhere", paragraphs=("Amman port.",), source="Wire")])
        newest_first = added[::-1]
        assert library.search_newest("aqaba") == newest_first
        assert set(newest_first) == set(library.search_ids("aqaba")), "the same set, unranked"
        assert library.search_newest("aqaba", limit=4) == newest_first[:4]
        assert library.search_newest("aqaba", limit=4, offset=8) == newest_first[8:]
        assert library.search_count("aqaba") == 10 and library.search_count("port") == 11
        assert library.search_first("aqaba", limit=4) == (newest_first[:4], 10)
        assert library.search_first("aqaba", limit=40) == (newest_first, 10)
        assert library.search_first("nowhere", limit=4) == ([], 0)
        desk = [i for n, i in enumerate(added) if n % 3][::-1]
        assert library.search_newest("aqaba", Source("Desk")) == desk
        assert library.search_count("aqaba", Source("Desk")) == len(desk)
        assert library.search_count("port -aqaba") == 1
        assert library.search_newest("port -aqaba") == library.search_ids("Elsewhere")
        library.set_read(desk[:2], True)
        assert library.search_count("aqaba", Incoming()) == 8
        assert library.search_count("") == library.search_count("-aqaba") == 0
        assert library.search_newest("") == library.search_newest("-aqaba") == []


def test_a_page_of_a_rare_word_older_than_the_newest_articles_is_found_all_the_same(
    library_at: LibraryAt, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL looks for a page among the newest articles first and takes a page it does
    not fill there from the word's index (docs/search.md); both give the newest matches."""
    monkeypatch.setattr("reader.store.engine_postgres.NEWEST_WINDOW", 4)
    with Library.open(library_at("lib")) as library:
        added = [library.add([Article(title=f"Report {n}", source="Desk", paragraphs=(
            f"Port news item {n}{' with saffron' if n in (1, 3, 4) else ''}.",))]).added[0]
                 for n in range(12)]
        saffron = [added[4], added[3], added[1]]  # newest first, all older than the window
        assert library.search_newest("saffron", limit=2) == saffron[:2]
        assert library.search_newest("saffron", limit=2, offset=1) == saffron[1:]
        assert library.search_newest("saffron", limit=8) == saffron
        assert library.search_newest("port", limit=3) == added[::-1][:3]  # the window's own
        assert library.search_newest("port", limit=3, offset=2) == added[::-1][2:5]
        library.set_read([added[4]], True)
        assert library.search_newest("saffron", Incoming(), limit=1) == [added[3]]
        assert library.search_first("saffron", Incoming(), limit=1) == ([added[3]], 2)


@pytest.mark.sqlite_only
def test_the_reading_position_migration_keeps_state_and_starts_every_article_at_its_top(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v8.db"
    _old_library(path, READING_POSITION)
    with Library.open(path) as library:
        assert library.schema_version == SCHEMA_VERSION
        assert library.reading_position("abc") is None
        library.set_reading_position("abc", 2)
        assert library.reading_position("abc") == 2
        stored = library.get("abc")
        assert stored is not None and stored.state.starred


SOURCE_INDEXED = 9  # MIGRATIONS[9] indexes each article's source with its title


def test_a_search_for_a_source_name_finds_its_articles(library_at: LibraryAt) -> None:
    """Issue 12: the seed's source كوردستريت found nothing."""
    with Library.open(library_at("lib")) as library:
        library.add([Article(title="انهيارات متسارعة", paragraphs=("نص الخبر.",),
                             source="كوردستريت"),
                     Article(title="خبر آخر", paragraphs=("نص آخر.",), source="رويترز")])
        assert [row.title for row in library.search("كوردستريت")] == ["انهيارات متسارعة"]


@pytest.mark.sqlite_only
def test_the_source_index_migration_indexes_the_sources_of_old_articles(tmp_path: Path) -> None:
    path = tmp_path / "v9.db"
    conn = connect(path)
    migrate(conn, target=SOURCE_INDEXED)
    conn.execute(
        "INSERT INTO articles (id, title, source, paragraphs, added_at, sort_date) "
        "VALUES ('abc', 'old', 'كوردستريت', '[\"text\"]', '2024-01-01', '2024-01-01')"
    )
    conn.execute("INSERT INTO state (article_pk) VALUES (1)")
    conn.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (1, 'old', 'text')")
    conn.commit()
    conn.close()
    with Library.open(path) as library:
        assert library.schema_version == SCHEMA_VERSION
        assert [row.id for row in library.search("كوردستريت")] == ["abc"]
        assert [row.id for row in library.search("text")] == ["abc"]


@pytest.mark.sqlite_only
def test_the_tag_owner_migration_keeps_every_tag_and_link_as_the_readers_own(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v10.db"
    conn = connect(path)
    migrate(conn, target=TAG_OWNERS)
    conn.executescript(
        "INSERT INTO articles (id, title, paragraphs, added_at, sort_date) VALUES "
        "('abc', 'one', '[\"text\"]', '2024-01-01', '2024-01-01'), "
        "('def', 'two', '[\"text\"]', '2024-01-02', '2024-01-02');"
        "INSERT INTO state (article_pk, starred) VALUES (1, 1), (2, 0);"
        "INSERT INTO tags (id, name) VALUES (7, 'Syria'), (9, 'water');"
        "INSERT INTO article_tags (article_pk, tag_id, tagged_at) VALUES "
        "(1, 7, '2024-01-03'), (2, 7, '2024-01-03'), (2, 9, '2024-01-04');"
    )
    conn.close()
    with Library.open(path) as library:
        assert library.schema_version == SCHEMA_VERSION
        assert library.tags() == ["Syria", "water"] and library.tags(shared=True) == []
        assert library.count(Tag("syria")) == 2 and library.count(Tag("water")) == 1
        assert library.count(Starred()) == 1
        library.tag("abc", "syria", shared=True)  # a shared tag of the same name is another
        stored = library.get("abc")
        assert stored is not None
        assert stored.state.tags == ("Syria",) and stored.state.shared_tags == ("syria",)
        assert library.untag("def", "water") == 1 and library.tags() == ["Syria"]
        assert cast(sqlite3.Connection, library._conn).execute(
            "PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_large_batch_keeps_its_order_and_finds_its_duplicates(library_at: LibraryAt) -> None:
    """Articles go in a few hundred per statement: the keys still follow the batch's order, and
    an article given twice (in the batch, or stored before) is a duplicate with both origins."""
    with Library.open(library_at("big")) as library:
        library.add([_numbered(3)], origin="first")
        batch = [_numbered(i) for i in range(450)] + [_numbered(7), _numbered(449)]
        result = library.add(batch, origin="second")
        assert result.added == [a.content_id for a in batch[:450] if a != _numbered(3)]
        assert result.duplicates == [_numbered(i).content_id for i in (3, 7, 449)]
        assert library.ids(All(), Sort.ADDED)[:3] == [_numbered(i).content_id
                                                        for i in (449, 448, 447)]
        stored = library.get(_numbered(3).content_id)
        assert stored is not None and stored.origins == ("first", "second")
        assert len(library.search_ids("article")) == 450
