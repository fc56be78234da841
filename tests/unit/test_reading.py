"""The reading service without Textual: the mode, loading, the analysis cache, the menus, search
off the UI thread (cancelled, superseded, isolated from later changes) and the triage keys."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import LibraryAt
from support.triage import next_unread

from reader.model.article import Article
from reader.services import reading
from reader.services.reading import (
    IN_MEMORY,
    Imported,
    KeywordFilter,
    Mode,
    Outcome,
    ReadingService,
    open_library,
)
from reader.services.triage import PAGE, Given
from reader.store import Library, default_path
from reader.store import search as search_module
from reader.store.library_settings import SEEDED_KEY
from reader.store.location import LibraryLocation
from reader.store.models import CachedAnalysis, CachedEntity, CachedKeyword
from reader.store.views import All, Archive, Dated, Entity, Incoming, Narrowed, Source

VERSION = "test-analyzer"


def article(number: int, text: str = "") -> Article:
    return Article(
        title=f"Article {number}",
        paragraphs=(text or f"Body of article {number} about Damascus.",),
        source="Wire" if number % 2 else "Desk",
        published=date(2024, 12, 1 + number % 28),
    )


def fake_analysis(article: Article, corpus: Sequence[Article] = ()) -> CachedAnalysis:
    """Stands in for reader.nlp.analyze: the same entity and keyword in every article."""
    return CachedAnalysis(VERSION, (CachedEntity("Damascus", "LOC", 1, ((0, 8),)),),
                          (CachedKeyword("water", 1.0),))


class Cancelled:
    is_cancelled = True


@pytest.fixture
def library(backend: str, library_at: LibraryAt) -> Iterator[Library]:
    where = IN_MEMORY if backend == "sqlite" else library_at("reading")
    with Library.open(where, analyzer_version=VERSION) as opened:
        opened.add([article(n) for n in range(5)])
        yield opened


def undo(service: ReadingService, current: str | None, cursor: int) -> Outcome:
    """``u`` in one step, as the screen runs it across a worker: begin, write, finish."""
    asked = service.begin_undo()
    if asked is None:
        return Outcome("Nothing to undo.")
    return service.finish_undo(service.write_undo(asked), cursor, current)


def mark_all_read(service: ReadingService, cursor: int) -> Outcome:
    """``A`` in one step, as the screen runs it across a worker: begin, write, finish."""
    request = service.begin_mark_all_read()
    assert request is not None, "no other write to the list under way"
    return service.finish_mark_all_read(service.write_all_read(request), cursor)


def ids_of(rows: Sequence[object]) -> list[str]:
    return [row.id for row in rows]  # type: ignore[attr-defined]


# -- the mode, decided once -----------------------------------------------------------------------


def test_paths_given_mean_their_own_library_in_memory(tmp_path: Path) -> None:
    assert Mode.for_paths([tmp_path]) is Mode.GIVEN
    assert Mode.for_paths([]) is Mode.LIBRARY
    with open_library([tmp_path]) as given:
        assert given.path == Path(IN_MEMORY)
    with open_library([]) as users:
        assert users.path == default_path()


def test_the_library_session_opens_the_location_given_and_given_files_stay_in_memory(
    tmp_path: Path,
) -> None:
    elsewhere = LibraryLocation.parse(tmp_path / "elsewhere.db")
    with open_library([], elsewhere) as library:
        assert library.location == elsewhere
    assert (tmp_path / "elsewhere.db").is_file()
    with open_library([tmp_path], elsewhere) as given:
        assert given.location.path == Path(IN_MEMORY)


def test_the_mode_sets_where_the_list_starts_and_where_escape_returns(
    library: Library, tmp_path: Path
) -> None:
    given = ReadingService(library, [tmp_path])
    assert given.given_files and isinstance(given.home, Given)
    assert given.view_choices()[0] == ("Given on the command line", given.given)
    users = ReadingService(library)
    assert not users.given_files and isinstance(users.home, Incoming)
    assert all(label != "Given on the command line" for label, _ in users.view_choices())


# -- filling the library ---------------------------------------------------------------------------


def test_given_files_are_imported_in_order_with_one_error_per_bad_file(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second\n\nThe second body.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First\n\nThe first body.", encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01binary\x00" * 40)
    paths = [tmp_path / "b.txt", tmp_path / "a.txt", tmp_path / "broken.txt"]
    with open_library(paths) as library:
        service = ReadingService(library, paths)
        assert not service.loads_in_background()
        loaded = service.fill_library()
        assert len(loaded.ids) == 2 and len(loaded.errors) == 1
        assert "broken.txt" in loaded.errors[0]
        assert service.show_loaded(loaded.ids)
        assert [row.title for row in service.triage.listing] == ["Second", "First"]
        assert not service.show_loaded(()), "nothing could be read: the screen says so"


def test_many_files_given_load_in_the_background(tmp_path: Path) -> None:
    for number in range(reading.SYNC_LOAD_FILES + 1):
        (tmp_path / f"{number}.txt").write_text(f"T{number}\n\nBody.", encoding="utf-8")
    with open_library([tmp_path]) as library:
        assert ReadingService(library, [tmp_path]).loads_in_background()


def test_a_seeded_library_starts_without_the_importer(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.set_meta(SEEDED_KEY, "2024-12-01")
    assert library.seeded()

    def no_importer() -> None:
        raise AssertionError("the importer was loaded")

    monkeypatch.setattr(reading, "_intake", no_importer)
    service = ReadingService(library)
    assert service.fill_library() == reading.Loaded((), ())
    assert service.show_loaded(())
    assert isinstance(service.triage.source, Incoming) and len(service.triage.listing) == 5


def test_watched_folders_import_what_is_new_once(library: Library, tmp_path: Path) -> None:
    service = ReadingService(library, watch=[tmp_path])
    assert service.import_watched() is None, "not watching yet"
    assert service.start_watching()
    (tmp_path / "new.txt").write_text("Dropped\n\nA dropped body.", encoding="utf-8")
    assert service.import_watched() == Imported(1, ())
    assert service.import_watched() is None
    assert not ReadingService(library).start_watching(), "no folders, no watching"


# -- analysis ----------------------------------------------------------------------------------


def test_analysis_is_cached_in_the_library_and_the_session(library: Library) -> None:
    calls: list[str] = []

    def counting(article: Article, corpus: Sequence[Article] = ()) -> CachedAnalysis:
        calls.append(article.title)
        assert [a.title for a in corpus] == [a.title for a in sample_articles]
        return fake_analysis(article)

    service = ReadingService(library, analyze=counting)
    first = service.triage.listing[0].id
    stored = library.get(first)
    assert stored is not None
    assert service.analysis_for(first) is None and service.known_analysis(first) is None
    sample = service.sample_ids()
    sample_articles = service.corpus_sample(sample)
    assert len(sample) == 5
    analysis = service.analyse(stored.article, sample)
    assert calls == [stored.article.title]
    assert service.known_analysis(first) is None, "the screen remembers it when it arrives"
    service.remember_analysis(first, analysis)
    assert service.known_analysis(first) is analysis
    again = ReadingService(library, analyze=counting)  # a new session: from the library
    cached = again.analysis_for(first)
    assert cached is not None and [e.text for e in cached.entities] == ["Damascus"]
    assert again.known_analysis(first) is cached
    assert calls == [stored.article.title], "never analysed twice"


def test_background_analysis_covers_the_library_and_stops_when_cancelled(
    library: Library,
) -> None:
    service = ReadingService(library, analyze=fake_analysis)
    service.analyse_library(Cancelled())
    assert len(library.unanalyzed_ids()) == 5
    service.analyse_library()
    assert library.unanalyzed_ids() == []


# -- menus -------------------------------------------------------------------------------------


def test_filter_choices_offer_entities_keywords_dates_then_sources(library: Library) -> None:
    service = ReadingService(library, analyze=fake_analysis)
    service.analyse_library()
    today = date(2025, 3, 10)
    choices = service.filter_choices(today)
    labels = [label for label, _ in choices]
    headings = [label for label, value in choices if value is None]
    assert headings == ["Entities in this list", "Keywords in this list", "Dates",
                        "Sources and tags"]
    values = [value for _, value in choices]
    assert Narrowed(Entity("Damascus", "LOC"), Incoming()) in values, "within the list shown"
    assert KeywordFilter("water") in values
    assert Narrowed(Dated(date(2025, 3, 4), today), Incoming()) in values
    assert "  the last 7 days" in labels
    sources = {value.view.name for value in values
               if isinstance(value, Narrowed) and isinstance(value.view, Source)}
    assert sources == {"Wire", "Desk"}


def test_a_filter_in_archive_narrows_archive_not_the_library(library: Library) -> None:
    service = ReadingService(library, analyze=fake_analysis)
    service.analyse_library()
    archived = service.triage.listing[0].id
    library.archive([archived])
    service.triage.show(Archive())
    entity = next(value for _, value in service.filter_choices(date(2025, 3, 10))
                  if isinstance(value, Narrowed) and isinstance(value.view, Entity))
    service.apply_filter(entity, archived)
    assert ids_of(service.triage.listing) == [archived], "only the archived article"
    assert service.triage.title.startswith("Archive › ")


def test_the_list_summary_counts_the_list_shown(library: Library) -> None:
    service = ReadingService(library, analyze=fake_analysis)
    service.analyse_library()
    summary = service.summary()
    assert [(e.text, e.articles) for e in summary.entities] == [("Damascus", 5)]
    assert [(k.text, k.articles) for k in summary.keywords] == [("water", 5)]
    assert summary.title == "Incoming"


def test_the_list_summary_caps_each_kind_so_numbers_never_crowd_out_people(
        library: Library) -> None:
    def numbers_and_a_person(article: Article, corpus: Sequence[Article] = ()) -> CachedAnalysis:
        numbers = tuple(CachedEntity(str(n), "NUMBER", 1, ((0, 1),)) for n in range(40))
        return CachedAnalysis(VERSION, (*numbers, CachedEntity("Elder", "PERSON", 1, ((0, 5),))),
                              ())

    service = ReadingService(library, analyze=numbers_and_a_person)
    service.analyse_library()
    labels = [entity.label for entity in service.summary().entities]
    assert "PERSON" in labels, "the one person is there despite 40 numbers"
    assert labels.count("NUMBER") == dict(reading.SUMMARY_CAPS)["NUMBER"]


def test_the_list_summary_follows_the_view_and_says_when_analysis_runs(
        library: Library) -> None:
    seen: list[str] = []

    def watching(article: Article, corpus: Sequence[Article] = ()) -> CachedAnalysis:
        seen.append(service.summary().title)
        return fake_analysis(article, corpus)

    service = ReadingService(library, analyze=watching)
    service.analyse_library()
    assert seen and all(title.endswith("analysis still running…") for title in seen)
    assert service.summary().title == "Incoming"
    service.show_view(Archive())
    assert service.summary().title == "Archive" and service.summary().entities == []


def test_the_reading_position_is_kept_per_article_and_written_only_when_it_moved(
        library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    service = ReadingService(library)
    first, second = ids_of(service.triage.listing[:2])
    assert service.reading_position(first) is None, "a new article opens at its top"
    service.keep_position(first, 3)
    assert library.reading_position(first) == 3 and library.reading_position(second) is None
    writes: list[str] = []
    monkeypatch.setattr(library, "set_reading_position",
                        lambda article_id, paragraph: writes.append(article_id))
    service.keep_position(first, 3)
    service.keep_position(None, 1)
    assert writes == [], "an unmoved position costs no write"
    assert library.undo() is None, "a reading position is no triage change to undo"


# -- search off the UI thread --------------------------------------------------------------------


def test_a_search_is_shown_when_it_comes_back(library: Library) -> None:
    library.add([article(9, "Aqaba desalination")])
    service = ReadingService(library)
    result = service.run_search(service.search_request("  Aqaba "))
    assert result is not None and service.show_found(result)
    assert service.triage.query == "Aqaba" and len(service.triage.listing) == 1


def test_a_cancelled_search_finds_nothing_and_changes_nothing(library: Library) -> None:
    service = ReadingService(library)
    before = service.triage.listing
    assert service.run_search(service.search_request("Damascus"), Cancelled()) is None
    assert service.triage.listing is before and service.triage.query == ""


def test_an_older_search_never_replaces_a_newer_one(library: Library) -> None:
    library.add([article(9, "Aqaba desalination")])
    service = ReadingService(library)
    older = service.search_request("Damascus")
    newer = service.search_request("Aqaba")
    newer_result = service.run_search(newer)
    older_result = service.run_search(older)
    assert newer_result is not None and older_result is not None
    assert service.show_found(newer_result)
    assert not service.show_found(older_result)
    assert service.triage.query == "Aqaba"


def test_clearing_drops_a_search_on_its_way(library: Library) -> None:
    service = ReadingService(library)
    on_its_way = service.search_request("Damascus")
    service.clear_search()
    result = service.run_search(on_its_way)
    assert result is not None and not service.show_found(result)
    assert service.triage.query == "" and len(service.triage.listing) == 5


def test_a_search_works_on_the_list_as_it_was_asked(library: Library) -> None:
    """The worker reads the request, not the triage the UI thread goes on changing."""
    service = ReadingService(library)
    request = service.search_request("Damascus")
    service.triage.show(Source("Wire"))  # the user changes view while the search runs
    result = service.run_search(request)
    assert result is not None and result.request.source == Incoming()
    assert len(result.listing) == 5, "searched in Incoming, as asked"
    listing = service.triage.listing
    assert not service.show_found(result), "the list moved on: dropped"
    assert service.triage.listing is listing and service.triage.source == Source("Wire")


def test_a_search_in_a_thread_meets_a_ui_that_keeps_changing(library: Library) -> None:
    library.add([article(n, "Aqaba desalination") for n in range(10, 60)])
    service = ReadingService(library)
    request = service.search_request("Aqaba")
    results = []
    worker = threading.Thread(target=lambda: results.append(service.run_search(request)))
    worker.start()
    for view in (Incoming(), Archive(), All()) * 20:  # the UI thread goes on meanwhile
        service.triage.show(view)
    worker.join()
    [result] = results
    assert result is not None
    assert ids_of(result.listing) == library.search_newest("Aqaba", view=Incoming())
    assert not service.show_found(result), "a newer view was shown since"


def test_the_corpus_sample_is_a_snapshot_of_ids(library: Library) -> None:
    service = ReadingService(library)
    sample = service.sample_ids()
    service.triage.show(Source("Wire"))  # fewer articles listed now
    assert len(service.corpus_sample(sample)) == 5, "the articles of the snapshot"
    assert len(service.sample_ids()) < 5


def test_a_large_views_ids_come_from_a_worker_and_attach_only_to_the_list_shown(
    library: Library,
) -> None:
    library.add([article(n) for n in range(5, 5 + 2 * PAGE)])
    service = ReadingService(library)
    service.triage.show(All())
    listing = service.triage.listing
    assert not listing.complete
    ids = service.listing_ids(listing)
    assert ids is not None and len(ids) == len(listing)
    assert not service.attach_ids(listing, ids), "the same length: nothing to redraw"
    assert listing.complete and not service.attach_ids(listing, ids), "attached once"
    found = service.run_search(service.search_request("Damascus"))
    assert found is not None and not found.listing.complete, "a long search: count, first page"
    assert service.listing_ids(found.listing) == library.search_newest("Damascus", All())
    few = service.run_search(service.search_request("article 7"))
    assert few is not None and len(few.listing) == 1
    assert service.listing_ids(few.listing) is None, "one page: made from its ids"
    older = service.triage.listing
    service.triage.reload()
    assert not service.attach_ids(older, ids) and not service.triage.listing.complete


# -- triage keys --------------------------------------------------------------------------------


def test_triage_keys_change_rows_in_place_and_one_article_moves_on(library: Library) -> None:
    service = ReadingService(library)
    first, second = ids_of(service.triage.listing[:2])
    star = service.toggle_star(first, 0)
    assert star is not None and star.ids == (first,) and star.cursor is None
    assert star.message == "1 starred (u undoes)" and star.advance, "s advances, as README says"
    assert service.mark(first, 0) is not None and service.mark(second, 1) is not None
    read = service.toggle_read(None, 1)
    assert read is not None and set(read.ids) == {first, second} and read.cursor is None
    assert read.message == "2 marked read (u undoes)" and not read.advance
    assert not service.triage.marked, "an action empties the marks"
    assert service.toggle_read(None, 0) is None, "no article, no marks: nothing to do"
    one = service.toggle_read(ids_of(service.triage.listing)[2], 2)
    assert one is not None and one.advance, "m advances (newsboat)"


def test_read_articles_keep_their_place_in_incoming_until_the_view_is_shown_again(
        library: Library) -> None:
    """m j m a must not skip an unread article: nothing leaves the list under the cursor."""
    service = ReadingService(library)
    before = ids_of(service.triage.listing)
    service.toggle_read(before[0], 0)
    service.toggle_read(before[2], 2)
    service.archive(before[3], 3)
    assert ids_of(service.triage.listing) == before, "rows stay where they were"
    assert service.triage.listing[0].read and service.triage.listing[3].archived
    assert next_unread(service.triage, 0) == 1, "the unread article after the first is next"
    service.reload(3)
    assert ids_of(service.triage.listing) == before, "a refresh of the list keeps them too"
    service.triage.show(Incoming())
    assert ids_of(service.triage.listing) == [before[1], before[4]], "they leave on a new view"


def test_a_refresh_adds_new_articles_and_keeps_the_cursor_on_its_article(
        library: Library) -> None:
    service = ReadingService(library)
    before = ids_of(service.triage.listing)
    service.toggle_read(before[1], 1)
    library.add([article(40)])
    cursor = service.reload(1)
    after = ids_of(service.triage.listing)
    assert len(after) == 6 and set(before) < set(after)
    assert after[cursor] == before[1], "the cursor stays on the article it was on"


def test_archive_keeps_the_row_and_undo_brings_it_back_where_it_was(library: Library) -> None:
    service = ReadingService(library)
    before = ids_of(service.triage.listing)
    one = service.archive(before[1], 1)
    assert one is not None and one.advance and one.cursor is None
    assert one.message == "1 archived (u undoes)"
    undone = undo(service, before[2], 2)
    assert undone.message == "Undone: archive" and undone.cursor == 2
    assert ids_of(service.triage.listing) == before
    assert not service.triage.listing[1].archived
    service.triage.show(Incoming())
    assert ids_of(service.triage.listing) == before, "back in Incoming for good"


def test_mark_all_read_covers_the_list_shown_and_undoes_in_one_step(library: Library) -> None:
    service = ReadingService(library)
    service.triage.search("article 1")
    found = ids_of(service.triage.listing)
    assert 0 < len(found) < 5
    done = mark_all_read(service, 0)
    assert done.message == f"{len(found)} marked read (u undoes)"
    assert library.count(Incoming()) == 5 - len(found), "only the search's articles"
    assert mark_all_read(service, 0).message == "Nothing unread here."
    undo(service, None, 0)
    assert library.count(Incoming()) == 5


def test_mark_all_read_in_archive_marks_the_archived_unread_ones_only(library: Library) -> None:
    every = library.ids(All())
    library.archive(every[:3])
    library.set_read(every[:1], True)
    service = ReadingService(library)
    service.triage.show(Archive())
    done = mark_all_read(service, 0)
    assert done.message == "2 marked read (u undoes)" and done.cursor == 0, "rows drawn again"
    assert {row.id for row in library.rows(every) if row.read} == set(every[:3])
    assert library.count(Incoming()) == 2, "the articles outside Archive stay unread"


def test_mark_all_read_written_aside_lands_after_the_list_moved_on_and_u_undoes_it(
        tmp_path: Path) -> None:
    with Library.open(tmp_path / "library.db", analyzer_version=VERSION) as library:
        library.add([article(n) for n in range(5)])
        service = ReadingService(library)
        request = service.begin_mark_all_read()
        assert request is not None and service.writing == "marking read"
        assert service.begin_mark_all_read() is None, "one write to the list at a time"
        heard: list[int] = []
        done = service.write_all_read(request, heard.append)
        assert heard == [5] and done.change is not None, "its undo, from its own connection"
        service.triage.show(Archive())  # the user moved on while it was written
        outcome = service.finish_mark_all_read(done, 0)
        assert outcome.message == "5 marked read (u undoes)" and service.writing is None
        assert library.count(Incoming()) == 0
        assert undo(service, None, 0).message == "Undone: mark read"
        assert library.count(Incoming()) == 5


def test_a_reload_is_taken_only_by_the_list_it_was_asked_for(library: Library) -> None:
    service = ReadingService(library)
    request = service.list_request()
    library.add([article(40)])
    reloaded = service.fetch_reload(request)
    service.triage.show(Archive())
    assert service.take_reload(reloaded, 0, None) is None, "another view since"
    assert not service.outdated(reloaded), "nothing to ask again"
    service.triage.show(Incoming())
    reloaded = service.fetch_reload(service.list_request())
    service.triage.listing.load_ids()  # its ids came meanwhile: the rows kept are others
    assert service.take_reload(reloaded, 0, None) is None and service.outdated(reloaded)
    reloaded = service.fetch_reload(service.list_request())
    second = ids_of(service.triage.listing)[1]
    assert service.take_reload(reloaded, 1, second) == 1 and len(service.triage.listing) == 6


def test_escape_after_a_pivot_or_filter_returns_to_the_view_article_and_scroll(
        library: Library) -> None:
    service = ReadingService(library, analyze=fake_analysis)
    service.analyse_library()
    service.triage.show(Archive())
    library.archive(library.ids(All())[:2])
    service.triage.show(Archive())
    second = ids_of(service.triage.listing)[1]
    service.pivot("Damascus", "LOC", second, 12.0)
    service.apply_filter(Source("Wire"), None, 3.0)
    assert service.go_back() == (0, 3.0), "first back to the pivot"
    assert service.triage.source == Entity("Damascus", "LOC")
    assert service.go_back() == (1, 12.0), "then to the article and scroll of Archive"
    assert service.triage.source == Archive()
    assert service.go_back() == (0, 0.0) and service.triage.source == Incoming()
    assert service.go_back() is None, "home: nowhere further"


def test_undo_says_when_there_is_nothing_to_undo(library: Library) -> None:
    service = ReadingService(library)
    assert undo(service, None, 0).message == "Nothing to undo."
    service.archive(service.triage.listing[0].id, 0)
    undone = undo(service, None, 0)
    assert undone.message.startswith("Undone:") and undone.cursor == 0
    assert len(service.triage.listing) == 5


def test_a_keystroke_counts_every_match_and_cuts_no_snippet(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: a search as you type listed 500 matches with a snippet each, which the list
    never shows, and its status line said 500 whatever the total."""
    library.add([article(n, f"Damascus report number {n}") for n in range(10, 10 + 2 * PAGE)])
    # Read before: Incoming no longer holds every article, so it is counted by a worker.
    library.set_read(library.add([article(9999, "Petra")]).added)
    snippets: list[str] = []
    real = search_module.snippet

    def counted_snippet(title: str, *rest: Any) -> tuple[str, tuple[tuple[int, int], ...]]:
        snippets.append(title)
        return real(title, *rest)

    monkeypatch.setattr(search_module, "snippet", counted_snippet)
    service = ReadingService(library)
    result = service.run_search(service.search_request("Damascus"))
    assert result is not None and service.show_found(result)
    listing = service.triage.listing
    assert listing.total is None and len(listing) == PAGE, "the first page comes alone"
    count = service.count_search(listing)  # the count worker's step
    assert count is not None and service.attach_count(listing, count)
    assert len(service.triage.listing) == listing.total == 5 + 2 * PAGE
    assert service.triage.listing[len(service.triage.listing) - 1].id
    assert snippets == []
