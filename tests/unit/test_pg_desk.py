"""A desk's shared library on PostgreSQL: two real roles (alice, bob) share the articles, and
each one's triage is theirs alone — row-level security keeps even raw SQL out of the other's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.postgres import Desk, PgServer

from reader.model.article import Article
from reader.store import All, Incoming, Library, LibraryError, Starred, Tag

pytestmark = pytest.mark.postgres


def _article(n: int) -> Article:
    return Article(title=f"خبر رقم {n}", paragraphs=(f"والسويداء في الخبر {n}.",), source="Wire")


def test_each_reader_triages_the_shared_articles_alone(desk: Desk) -> None:
    with desk.open(desk.alice) as alice:
        ids = alice.add([_article(n) for n in range(3)]).added
    with desk.open(desk.bob) as bob, desk.open(desk.alice) as alice:
        assert bob.count(Incoming()) == 3, "bob catches up on the articles there before him"
        alice.star(ids[0])
        alice.set_read(ids[1])
        alice.tag(ids[:2], "follow")
        alice.set_note(ids[0], "call the source")
        alice.set_reading_position(ids[0], 1)
        assert alice.count(Incoming()) == 2 and alice.count(Starred()) == 1
        assert bob.count(Incoming()) == 3 and bob.count(Starred()) == 0
        assert bob.tags() == [] and bob.count(Tag("follow")) == 0
        seen = bob.get(ids[0])
        assert seen is not None and not seen.state.starred and seen.state.note == ""
        assert bob.reading_position(ids[0]) is None
        assert [row.id for row in bob.search("السويداء")] != []
        # A new article reaches every registered reader's Incoming.
        [new] = alice.add([_article(9)]).added
        assert bob.count(Incoming()) == 4 and alice.count(Incoming()) == 3
        assert bob.count(All()) == alice.count(All()) == 4
        bob.archive(new)
        assert alice.count(Incoming()) == 3 and bob.count(Incoming()) == 3


def test_raw_sql_as_bob_cannot_see_or_change_alices_state(desk: Desk) -> None:
    import psycopg

    with desk.open(desk.alice) as alice:
        ids = alice.add([_article(n) for n in range(2)]).added
        alice.star(ids)
        alice.tag(ids, "mine")
    desk.open(desk.bob).close()
    with desk.raw(desk.bob) as bob:
        def rows(sql: str) -> int:
            return int(bob.execute(sql.encode(), (desk.alice,)).rowcount)

        assert bob.execute(b"SELECT count(*) FROM state WHERE owner = %s",
                           (desk.alice,)).fetchone()[0] == 0
        assert bob.execute(b"SELECT count(*) FROM state").fetchone()[0] == 2  # his own
        assert bob.execute(b"SELECT count(*) FROM state WHERE starred = 1").fetchone()[0] == 0
        assert rows("UPDATE state SET starred = 0, note = 'x' WHERE owner = %s") == 0
        assert rows("DELETE FROM state WHERE owner = %s") == 0
        assert rows("DELETE FROM state_counts WHERE owner = %s") == 0
        assert rows("SELECT * FROM tags WHERE owner = %s") == 0
        assert rows("DELETE FROM article_tags WHERE owner = %s") == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bob.execute(b"INSERT INTO tags (owner, name) VALUES (%s, 'forged')", (desk.alice,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bob.execute(b"UPDATE state SET owner = %s", (desk.alice,))
        assert rows("DELETE FROM readers WHERE name = %s") == 0, "alice keeps her new articles"
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bob.execute(b"INSERT INTO readers (name, registered_at) VALUES ('carol', 'now')")
        bob.execute(b"SET reader.fanout = 'on'")  # the flag alone lets only the tables' owner in
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bob.execute(b"INSERT INTO state (owner, article_pk) SELECT %s, pk FROM articles",
                        (desk.alice,))
    with desk.open(desk.alice) as alice:
        assert alice.count(Starred()) == 2 and alice.count(Tag("mine")) == 2
        stored = alice.get(ids[0])
        assert stored is not None and stored.state.note == ""
        [new] = alice.add([_article(7)]).added
        assert alice.count(Incoming()) == 3 and new in alice.ids(Incoming())


def test_a_shared_tag_is_seen_and_set_by_every_reader(desk: Desk) -> None:
    with desk.open(desk.alice) as alice:
        ids = alice.add([_article(n) for n in range(3)]).added
        alice.tag(ids[0], "urgent", shared=True)
        alice.tag(ids[1], "urgent")  # her own tag of the same name is another tag
    with desk.open(desk.bob) as bob:
        assert bob.tags(shared=True) == ["urgent"] and bob.tags() == []
        assert bob.count(Tag("urgent", shared=True)) == 1
        assert bob.count(Tag("urgent")) == 0
        views = {count.label: count.count for count in bob.counts(sources=False)}
        assert views["#urgent (shared)"] == 1 and "#urgent" not in views
        stored = bob.get(ids[0])
        assert stored is not None and stored.state.shared_tags == ("urgent",)
        assert stored.state.tags == ()
        bob.tag(ids[2], "URGENT", shared=True)
        bob.untag(ids[0], "urgent", shared=True)
    with desk.open(desk.alice) as alice:
        assert alice.search_ids("السويداء", view=Tag("urgent", shared=True)) == [ids[2]]
        assert alice.count(Tag("urgent")) == 1
        assert alice.tags() == ["urgent"] and alice.tags(shared=True) == ["urgent"]


def test_data_version_follows_the_other_readers_writes_only(desk: Desk) -> None:
    with desk.open(desk.alice) as alice, desk.open(desk.bob) as bob:
        before = bob.data_version()
        alice.add([_article(1)])
        after = bob.data_version()
        assert after != before
        [pk] = bob.ids()
        bob.star(pk)
        assert bob.data_version() == after, "his own writes are not news to him"
        alice.star(pk)
        assert bob.data_version() == after, "alice's triage is none of his"


def _reader(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True,
                          text=True, env=env, timeout=120, check=False)


def test_two_processes_two_readers_share_one_library(desk: Desk, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("مؤتمر صحفي في دمشق\n\nوقال المتحدث إن الوفد وصل إلى دمشق صباح اليوم.\n",
                     encoding="utf-8")
    desk.open(desk.bob).close()  # bob has opened the library before alice imports
    imported = _reader("import", "--library", desk.location(desk.alice).url, str(story))
    assert imported.returncode == 0, imported.stderr
    found = _reader("search", "--library", desk.location(desk.bob).url, "دمشق", "--json")
    assert found.returncode == 0, found.stderr
    [record] = [json.loads(line) for line in found.stdout.splitlines()]
    assert record["title"] == "مؤتمر صحفي في دمشق" and record["read"] is False
    with desk.open(desk.alice) as alice:
        alice.set_read(record["id"])
    stats = _reader("stats", "--json", "--library", desk.location(desk.bob).url)
    assert stats.returncode == 0, stats.stderr
    figures = json.loads(stats.stdout)
    assert figures["articles"] == 1 and figures["incoming"] == 1 and figures["unread"] == 1


def test_a_password_is_never_shown(pg_server: PgServer) -> None:
    url = f"postgresql://nobody_here:s3cret@{pg_server.host}:{pg_server.port}/no_such_database"
    with pytest.raises(LibraryError) as raised:
        Library.open(url)
    message = str(raised.value)
    assert "s3cret" not in message and "nobody_here:***@" in message
    result = _reader("stats", "--library", url)
    assert result.returncode == 3 and "s3cret" not in result.stderr + result.stdout


def test_check_on_a_server_library(desk: Desk) -> None:
    desk.open(desk.alice).close()
    checked = _reader("check", "--library", desk.location(desk.alice).url)
    assert checked.returncode == 0 and "is sound" in checked.stderr, checked.stderr
    repaired = _reader("check", "--repair", "--library", desk.location(desk.alice).url)
    assert repaired.returncode == 3 and "server's administrator" in repaired.stderr


def test_a_superuser_is_refused_once_the_desk_has_readers(desk: Desk) -> None:
    """A superuser passes row-level security unseen: it would list every reader's state rows
    as its own (each article once per reader), so it may not read a desk's library."""
    desk.open(desk.alice).close()
    with pytest.raises(LibraryError, match="bypasses row-level security") as raised:
        Library.open(desk.location(desk.server.superuser))
    assert "connect as your own role" in str(raised.value)
    with desk.raw(desk.alice) as alice:
        names = [row[0] for row in alice.execute(b"SELECT name FROM readers")]
    assert names == [desk.alice], "the refused role was not registered"


def test_counters_are_kept_once_per_statement_not_once_per_row(desk: Desk) -> None:
    """A per-row counter trigger rewrites one counter row once per row of a statement, and a
    new reader catching up on a large library then took time growing with its size squared."""
    with desk.raw(desk.alice) as raw:
        Library.open(desk.location(desk.alice)).close()
        per_row = raw.execute(
            b"SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgtype & 1 = 1 "
            b"AND tgrelid IN ('state'::regclass, 'articles'::regclass) "
            b"AND tgname IN ('state_counts_insert', 'state_counts_delete', "
            b"'state_counts_update', 'articles_state')"
        ).fetchall()
    assert per_row == []
    with desk.open(desk.alice) as alice:
        ids = alice.add([_article(n) for n in range(40)]).added
        alice.set_read(ids[:25])
        alice.star(ids[20:30])
        alice.archive(ids[:5])
        alice.set_note(ids[0], "notes change no counter")
    with desk.open(desk.bob) as bob, desk.open(desk.alice) as alice:
        assert bob.count(Incoming()) == 40 and bob.unread_count(All()) == 40
        assert alice.count(Incoming()) == 15 and alice.count(Starred()) == 10
        assert alice.unread_count(All()) == 15 and alice.count(All()) == 40
        with desk.raw(desk.alice) as raw:
            kept = raw.execute(b"SELECT coalesce(sum(n), 0) FROM state_counts").fetchone()[0]
        assert kept == 40


def test_a_readers_first_page_reads_its_own_rows_off_the_index(desk: Desk) -> None:
    """The row-level security policies are part of every query: compared as a bare
    ``current_user`` (a ``name``, collation "C") or OR-ed with the fan-out policy, they kept
    the planner off the (owner, …) indexes, and the first page of Incoming sorted every row."""
    from reader.store.rows import ROW_COLUMNS
    from reader.store.views import ORDER_BY, Sort, view_filter

    with desk.open(desk.alice) as alice:
        alice.add([_article(n) for n in range(5)])
    where, _params = view_filter(Incoming(), None)
    query = (f"SELECT {ROW_COLUMNS} FROM state s JOIN articles a ON a.pk = s.article_pk "
             f"WHERE {where} ORDER BY {ORDER_BY[Sort.NEWEST]} LIMIT 30")
    with desk.raw(desk.alice) as raw:
        raw.execute(b"SET enable_seqscan = off")
        plan = "\n".join(str(row[0]) for row in raw.execute(f"EXPLAIN {query}".encode()))
    state_scan = next(line for line in plan.splitlines() if " on state s" in line)
    assert "Index" in state_scan and "state_article" not in state_scan, plan
    assert "Sort" not in plan, plan
