"""Live across machines on PostgreSQL (reader.store.pg_live): feed locks, announcements, the
analysis queue. Against a real server: READER_TEST_POSTGRES is its URL (skipped without it,
unless READER_REQUIRE_POSTGRES=1); each test gets a scratch database of its own."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from reader.store import pg_live

pytestmark = pytest.mark.postgres

DEADLINE = 15.0  # seconds: what "within a few seconds" may take on a loaded CI machine


def _server_url() -> str:
    url = os.environ.get("READER_TEST_POSTGRES", "")
    if not url:
        if os.environ.get("READER_REQUIRE_POSTGRES") == "1":
            pytest.fail("READER_REQUIRE_POSTGRES=1 but READER_TEST_POSTGRES is not set")
        pytest.skip("no PostgreSQL server: set READER_TEST_POSTGRES to its URL")
    return url


def _with_database(url: str, name: str) -> str:
    import psycopg.conninfo

    return psycopg.conninfo.make_conninfo(url, dbname=name)


# The tables the live DDL builds on, reduced to the columns it uses.
_MINIMAL_SCHEMA = (
    "CREATE TABLE articles (pk BIGSERIAL PRIMARY KEY, id TEXT UNIQUE)",
    "CREATE TABLE analysis (article_pk BIGINT PRIMARY KEY REFERENCES articles, version TEXT)",
    """CREATE TABLE state (owner TEXT DEFAULT current_user, article_pk BIGINT,
        read INTEGER DEFAULT 0)""",
    "CREATE TABLE tags (id BIGSERIAL PRIMARY KEY, owner TEXT DEFAULT current_user, name TEXT)",
    "CREATE TABLE article_tags (article_pk BIGINT, tag_id BIGINT)",
)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A scratch database with a minimal ``articles`` table and the live DDL; its conninfo."""
    psycopg = pytest.importorskip("psycopg")
    server = _server_url()
    name = f"pglive_{secrets.token_hex(6)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    url = _with_database(server, name)
    try:
        with psycopg.connect(url) as conn:
            for statement in (*_MINIMAL_SCHEMA, *pg_live.LIVE_DDL):
                conn.execute(statement)
        yield url
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=True)


def _wait_for(condition: Callable[[], bool], deadline: float = DEADLINE) -> bool:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _python(script: str, *args: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(script), *args]


class Inbox:
    """What a Listener delivered, safe to read from the test's thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[pg_live.Announcement] = []

    def __call__(self, announcement: pg_live.Announcement) -> None:
        with self._lock:
            self._items.append(announcement)

    @property
    def items(self) -> list[pg_live.Announcement]:
        with self._lock:
            return list(self._items)

    def on(self, channel: str) -> list[str]:
        return [item.payload for item in self.items if item.channel == channel]


# -- feed locks --------------------------------------------------------------------------------


def test_feed_lock_key_is_stable_signed_64_bit_and_per_url() -> None:
    key = pg_live.feed_lock_key("https://example.org/feed")
    assert key == pg_live.feed_lock_key("https://example.org/feed")
    assert -(2**63) <= key < 2**63
    assert key != pg_live.feed_lock_key("https://example.org/feed2")


def test_a_feed_locked_by_one_session_is_not_given_to_another(pg_url: str) -> None:
    with _connect(pg_url) as first, _connect(pg_url) as second:
        with pg_live.feed_lock(first, "https://a.example/feed") as mine:
            assert mine
            with pg_live.feed_lock(second, "https://a.example/feed") as theirs:
                assert not theirs
            with pg_live.feed_lock(second, "https://b.example/feed") as other_feed:
                assert other_feed
        with pg_live.feed_lock(second, "https://a.example/feed") as after:
            assert after


def test_a_feed_lock_is_released_when_its_block_fails(pg_url: str) -> None:
    import psycopg

    with _connect(pg_url) as first, _connect(pg_url) as second:
        with pytest.raises(psycopg.errors.DivisionByZero), pg_live.feed_lock(first, "u") as mine:
            assert mine
            with first.transaction():
                first.execute("SELECT 1 / 0")
        with pg_live.feed_lock(second, "u") as theirs:
            assert theirs


def test_a_feed_lock_is_released_on_a_connection_left_in_a_failed_transaction(
    pg_url: str,
) -> None:
    import psycopg

    with psycopg.connect(pg_url) as first, _connect(pg_url) as second:
        with pytest.raises(psycopg.errors.DivisionByZero), pg_live.feed_lock(first, "u"):
            first.execute("SELECT 1 / 0")
        with pg_live.feed_lock(second, "u") as theirs:
            assert theirs


def test_feed_locks_of_two_refreshes_share_out_the_feeds(pg_url: str) -> None:
    with pg_live.FeedLocks(pg_url) as first, pg_live.FeedLocks(pg_url) as second:
        assert first.shared
        assert first.take("https://a.example/feed")
        assert not second.take("https://a.example/feed")
        assert second.take("https://b.example/feed")
        first.release("https://a.example/feed")
        first.release("https://a.example/feed")  # twice: no harm
        assert second.take("https://a.example/feed")
        assert not first.take("https://b.example/feed")
    with pg_live.FeedLocks(pg_url) as third:  # the second's block ended: its locks went with it
        assert third.take("https://a.example/feed")
        assert third.take("https://b.example/feed")


def test_feed_locks_of_an_unshared_library_give_every_feed() -> None:
    with pg_live.FeedLocks(None) as locks:
        assert not locks.shared
        assert locks.take("https://a.example/feed")
        assert locks.take("https://a.example/feed")
        locks.release("https://a.example/feed")


# -- announcements -----------------------------------------------------------------------------

_ADD_ARTICLES = """
    import sys, psycopg
    with psycopg.connect(sys.argv[1]) as conn:  # one transaction, one INSERT per article
        for article_id in sys.argv[2:]:
            conn.execute("INSERT INTO articles (id) VALUES (%s) ON CONFLICT DO NOTHING",
                         (article_id,))
"""


def test_a_commit_adding_articles_is_announced_once_with_its_count(pg_url: str) -> None:
    inbox = Inbox()
    with pg_live.Listener(pg_url, inbox) as listener:
        assert listener.wait_listening(DEADLINE)
        subprocess.run(_python(_ADD_ARTICLES, pg_url, "a", "b", "c"), check=True)
        assert _wait_for(lambda: inbox.on(pg_live.ARTICLES_CHANNEL) == ["3"])
        # Only new articles count: "c" is already there.
        subprocess.run(_python(_ADD_ARTICLES, pg_url, "c", "d"), check=True)
        assert _wait_for(lambda: inbox.on(pg_live.ARTICLES_CHANNEL) == ["3", "1"])


def test_nothing_is_announced_or_queued_for_a_rollback_or_a_commit_adding_nothing(
    pg_url: str,
) -> None:
    inbox = Inbox()
    with pg_live.Listener(pg_url, inbox) as listener, _connect(pg_url) as conn:
        assert listener.wait_listening(DEADLINE)
        conn.execute("INSERT INTO articles (id) VALUES ('kept')")
        with pytest.raises(RuntimeError), conn.transaction():
            conn.execute("INSERT INTO articles (id) VALUES ('rolled back')")
            raise RuntimeError
        conn.execute("INSERT INTO articles (id) VALUES ('kept') ON CONFLICT DO NOTHING")
        conn.execute("SELECT pg_notify('reader_articles', 'marker')")
        assert _wait_for(lambda: "marker" in inbox.on(pg_live.ARTICLES_CHANNEL))
        assert inbox.on(pg_live.ARTICLES_CHANNEL) == ["1", "marker"]
        assert pg_live.queued_count(conn) == 1


def test_state_changes_are_announced_with_the_owner(pg_url: str) -> None:
    inbox = Inbox()
    with pg_live.Listener(pg_url, inbox) as listener, _connect(pg_url) as conn:
        assert listener.wait_listening(DEADLINE)
        with conn.transaction():
            pg_live.announce_state(conn, "hala")
            assert not _wait_for(lambda: bool(inbox.items), deadline=0.3)  # not before commit
        assert _wait_for(lambda: inbox.on(pg_live.STATE_CHANNEL) == ["hala"])
        conn.execute("INSERT INTO articles (id) VALUES ('a')")
        conn.execute("INSERT INTO state (article_pk) VALUES (1)")  # a new article's: no news
        with conn.transaction():  # one triage action, however many statements: one announcement
            conn.execute("UPDATE state SET read = 1")
            conn.execute("INSERT INTO tags (name) VALUES ('urgent')")
            conn.execute("INSERT INTO article_tags VALUES (1, 1)")
        assert _wait_for(lambda: inbox.on(pg_live.STATE_CHANNEL) == ["hala", "postgres"])
        assert not _wait_for(lambda: len(inbox.on(pg_live.STATE_CHANNEL)) > 2, deadline=0.3)


def test_an_analysed_article_leaves_the_queue(pg_url: str) -> None:
    with _connect(pg_url) as conn:
        conn.execute("INSERT INTO articles (id) VALUES ('a'), ('b'), ('c')")
        with conn.transaction():  # an import analysing as it adds
            conn.execute("INSERT INTO articles (id) VALUES ('d')")
            conn.execute("INSERT INTO analysis VALUES (4, 'v1')")
        conn.execute("INSERT INTO analysis VALUES (2, 'v1')")
        with conn.transaction():
            assert pg_live.take_analysis_batch(conn, 10) == [3, 1]


def test_analysing_an_article_a_worker_has_taken_does_not_wait_for_its_batch(
    pg_url: str,
) -> None:
    with _connect(pg_url) as worker, _connect(pg_url) as reader:
        worker.execute("INSERT INTO articles (id) VALUES ('a')")
        with worker.transaction():
            assert pg_live.take_analysis_batch(worker, 1) == [1]
            reader.execute("SET lock_timeout = '2s'")
            reader.execute("INSERT INTO analysis VALUES (1, 'v1')")  # the article on screen


def test_the_listener_reconnects_when_its_connection_is_cut(pg_url: str) -> None:
    inbox = Inbox()
    with pg_live.Listener(pg_url, inbox, backoff=0.05) as listener, _connect(pg_url) as conn:
        assert listener.wait_listening(DEADLINE)
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE query LIKE 'LISTEN%%' AND datname = current_database()")
        assert _wait_for(lambda: pg_live.RECONNECTED in (i.channel for i in inbox.items))
        assert listener.wait_listening(DEADLINE)
        conn.execute("INSERT INTO articles (id) VALUES ('after')")
        assert _wait_for(lambda: inbox.on(pg_live.ARTICLES_CHANNEL) == ["1"])


def test_a_listener_without_a_server_keeps_trying_and_stops_when_asked() -> None:
    inbox = Inbox()
    listener = pg_live.Listener("postgresql://nobody@127.0.0.1:1/none", inbox, backoff=0.01,
                                max_backoff=0.05).start()
    assert not listener.wait_listening(0.3)
    listener.stop(timeout=DEADLINE)
    assert not listener._thread.is_alive()
    assert inbox.items == []


def test_a_failing_callback_does_not_stop_the_listener(pg_url: str) -> None:
    inbox = Inbox()

    def fragile(announcement: pg_live.Announcement) -> None:
        inbox(announcement)
        raise RuntimeError("the host's callback broke")

    with pg_live.Listener(pg_url, fragile) as listener, _connect(pg_url) as conn:
        assert listener.wait_listening(DEADLINE)
        conn.execute("INSERT INTO articles (id) VALUES ('one')")
        conn.execute("INSERT INTO articles (id) VALUES ('two')")
        assert _wait_for(lambda: inbox.on(pg_live.ARTICLES_CHANNEL) == ["1", "1"])


# -- analysis queue ----------------------------------------------------------------------------

_DRAIN = """
    import sys, time, psycopg
    from reader.store import pg_live
    url, worker = sys.argv[1], sys.argv[2]
    with psycopg.connect(url, autocommit=True) as conn:
        while True:
            with conn.transaction():
                batch = pg_live.take_analysis_batch(conn, 3)
                for pk in batch:
                    time.sleep(0.005)  # the analysis
                    conn.execute("INSERT INTO analysed VALUES (%s, %s)", (pk, worker))
            if not batch:
                break
"""


def test_two_workers_analyse_each_queued_article_exactly_once(pg_url: str) -> None:
    with _connect(pg_url) as conn:
        conn.execute("CREATE TABLE analysed (article_pk BIGINT, worker TEXT)")
        conn.execute("INSERT INTO articles (id) SELECT 'a' || n FROM generate_series(1, 120) n")
        workers = [subprocess.Popen(_python(_DRAIN, pg_url, name)) for name in ("w1", "w2")]
        assert [w.wait(timeout=60) for w in workers] == [0, 0]
        counts = conn.execute(
            "SELECT a.pk, count(d.article_pk) FROM articles a "
            "LEFT JOIN analysed d ON d.article_pk = a.pk GROUP BY a.pk"
        ).fetchall()
        assert len(counts) == 120
        assert {count for _pk, count in counts} == {1}
        assert pg_live.queued_count(conn) == 0
        by_worker = conn.execute("SELECT count(DISTINCT worker) FROM analysed").fetchone()
        assert by_worker == (2,)  # both took part: they drained it side by side


_TAKE_AND_HANG = """
    import sys, time, psycopg
    from reader.store import pg_live
    with psycopg.connect(sys.argv[1], autocommit=True) as conn, conn.transaction():
        print(*pg_live.take_analysis_batch(conn, 4), flush=True)
        time.sleep(600)
"""


def test_a_batch_taken_by_a_worker_that_dies_goes_back_to_the_queue(pg_url: str) -> None:
    import psycopg

    with _connect(pg_url) as conn:
        conn.execute("INSERT INTO articles (id) SELECT 'a' || n FROM generate_series(1, 10) n")
        worker = subprocess.Popen(_python(_TAKE_AND_HANG, pg_url), stdout=subprocess.PIPE,
                                  text=True)
        try:
            assert worker.stdout is not None
            taken = [int(pk) for pk in worker.stdout.readline().split()]
            assert taken == [10, 9, 8, 7]
            with conn.transaction():  # while it holds them, others get the rest
                assert pg_live.take_analysis_batch(conn, 4) == [6, 5, 4, 3]
                raise psycopg.Rollback()  # and give them back
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=DEADLINE)
        assert _wait_for(lambda: pg_live.queued_count(conn) == 10)
        with conn.transaction():
            assert pg_live.take_analysis_batch(conn, 4) == taken


def test_taking_a_batch_outside_a_transaction_is_refused(pg_url: str) -> None:
    with _connect(pg_url) as conn, pytest.raises(ValueError, match="inside the transaction"):
        pg_live.take_analysis_batch(conn, 5)


def test_stale_articles_can_be_queued_again_once(pg_url: str) -> None:
    with _connect(pg_url) as conn:
        conn.execute("INSERT INTO articles (id) VALUES ('a'), ('b')")
        with conn.transaction():
            assert pg_live.take_analysis_batch(conn, 10) == [2, 1]
        pg_live.queue_for_analysis(conn, [1, 1, 99])
        assert pg_live.queued_count(conn) == 1
