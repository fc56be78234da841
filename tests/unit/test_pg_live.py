"""Live across machines on PostgreSQL (reader.store.pg_live): feed locks, announcements, the
analysis queue. Against a real server: READER_TEST_POSTGRES is its URL (skipped without it,
unless READER_REQUIRE_POSTGRES=1); each test gets a scratch library of its own."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from support.http import QuietHandler, serving
from support.pg_library import library_url
from support.pg_scratch import scratch_database, server_url

from reader.model.article import Article
from reader.services import feeds
from reader.store import All, Library, LibraryError, Subscription, pg_live

pytestmark = pytest.mark.postgres

DEADLINE = 15.0  # seconds: what "within a few seconds" may take on a loaded CI machine


# Articles reduced to what these tests need (the library fills the rest for real).
ADD = ("INSERT INTO articles (id, title, paragraphs, added_at, sort_date) SELECT article_id, "
       "'', '[]', '', '' FROM unnest(%s::text[]) AS article_id ON CONFLICT DO NOTHING")
ANALYSED = ("INSERT INTO analysis (article_pk, version, entities, keywords, analyzed_at) "
            "VALUES (%s, 'v1', '[]', '[]', '')")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A scratch database holding an empty library (every migration applied); its URL."""
    with scratch_database("pglive") as conninfo:
        url = library_url(conninfo)
        Library.open(url).close()
        yield url



def _add(conn: Any, *ids: str) -> None:
    conn.execute(ADD, (list(ids),))


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

_ADD_ARTICLES = f"""
    import sys, psycopg
    with psycopg.connect(sys.argv[1]) as conn:  # one transaction, one INSERT per article
        for article_id in sys.argv[2:]:
            conn.execute({ADD!r}, ([article_id],))
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
        _add(conn, "kept")
        with pytest.raises(RuntimeError), conn.transaction():
            _add(conn, "rolled back")
            raise RuntimeError
        _add(conn, "kept")
        conn.execute("SELECT pg_notify('reader_articles', 'marker')")
        assert _wait_for(lambda: "marker" in inbox.on(pg_live.ARTICLES_CHANNEL))
        assert inbox.on(pg_live.ARTICLES_CHANNEL) == ["1", "marker"]
        assert pg_live.queued_count(conn) == 1


def test_a_triage_change_is_announced_once_at_commit_with_its_owner(pg_url: str) -> None:
    inbox = Inbox()
    with pg_live.Listener(pg_url, inbox) as listener, _connect(pg_url) as conn:
        assert listener.wait_listening(DEADLINE)
        _add(conn, "a")  # its state rows come with it: announced as an article, not as state
        with conn.transaction():  # one triage action, however many statements: one announcement
            conn.execute("UPDATE state SET read = 1")
            conn.execute("INSERT INTO tags (name) VALUES ('urgent')")
            conn.execute("INSERT INTO article_tags (article_pk, tag_id, tagged_at) "
                         "SELECT 1, id, '' FROM tags")
            assert not _wait_for(lambda: bool(inbox.on(pg_live.STATE_CHANNEL)), deadline=0.3)
        conn.execute("SELECT pg_notify('reader_state', 'marker')")
        assert _wait_for(lambda: "marker" in inbox.on(pg_live.STATE_CHANNEL))
        assert inbox.on(pg_live.STATE_CHANNEL) == ["postgres", "marker"]


def test_an_analysed_article_leaves_the_queue(pg_url: str) -> None:
    with _connect(pg_url) as conn:
        _add(conn, "a", "b", "c")
        with conn.transaction():  # an import analysing as it adds
            _add(conn, "d")
            conn.execute(ANALYSED, (4,))
        conn.execute(ANALYSED, (2,))
        with conn.transaction():
            assert pg_live.take_analysis_batch(conn, 10) == [3, 1]


def test_analysing_an_article_a_worker_has_taken_does_not_wait_for_its_batch(
    pg_url: str,
) -> None:
    with _connect(pg_url) as worker, _connect(pg_url) as reader:
        _add(worker, "a")
        with worker.transaction():
            assert pg_live.take_analysis_batch(worker, 1) == [1]
            reader.execute("SET lock_timeout = '2s'")
            reader.execute(ANALYSED, (1,))  # the article on screen


def test_the_listener_reconnects_when_its_connection_is_cut(pg_url: str) -> None:
    inbox = Inbox()
    with pg_live.Listener(pg_url, inbox, backoff=0.05) as listener, _connect(pg_url) as conn:
        assert listener.wait_listening(DEADLINE)
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE query LIKE 'LISTEN%%' AND datname = current_database()")
        assert _wait_for(lambda: pg_live.RECONNECTED in (i.channel for i in inbox.items))
        assert listener.wait_listening(DEADLINE)
        _add(conn, "after")
        assert _wait_for(lambda: inbox.on(pg_live.ARTICLES_CHANNEL) == ["1"])


def test_feed_locks_without_their_server_are_a_library_error_with_no_password() -> None:
    with pytest.raises(LibraryError) as caught, pg_live.FeedLocks(
        "postgresql://desk:s3cret@127.0.0.1:1/news"
    ):
        pass
    assert "cannot use the library postgresql://desk:***@127.0.0.1:1/news" in str(caught.value)
    assert "s3cret" not in str(caught.value)


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
        _add(conn, "one")
        _add(conn, "two")
        assert _wait_for(lambda: inbox.on(pg_live.ARTICLES_CHANNEL) == ["1", "1"])


# -- analysis queue ----------------------------------------------------------------------------

_DRAIN = """
    import sys, time, psycopg
    from reader.store import pg_live
    url, worker = sys.argv[1], sys.argv[2]
    with psycopg.connect(url, autocommit=True) as conn:
        print("ready", flush=True)
        sys.stdin.readline()
        while True:
            with conn.transaction():
                batch = pg_live.take_analysis_batch(conn, 3)
                for pk in batch:
                    time.sleep(0.005)  # the analysis
                    conn.execute("INSERT INTO analysed VALUES (%s, %s)", (pk, worker))
            if not batch:
                break
"""


def _started_together(commands: Iterable[list[str]]) -> list[subprocess.Popen[str]]:
    """Processes that each print "ready" and wait for a line on stdin: started, then let go
    at once (so a slow interpreter start never lets one drain everything alone)."""
    workers = [subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                text=True) for command in commands]
    for worker in workers:
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready"
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    return workers


def test_two_workers_analyse_each_queued_article_exactly_once(pg_url: str) -> None:
    with _connect(pg_url) as conn:
        conn.execute("CREATE TABLE analysed (article_pk BIGINT, worker TEXT)")
        _add(conn, *(f"a{n}" for n in range(1, 121)))
        workers = _started_together(_python(_DRAIN, pg_url, name) for name in ("w1", "w2"))
        for worker in workers:
            worker.communicate(timeout=60)
        assert [worker.returncode for worker in workers] == [0, 0]
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
        _add(conn, *(f"a{n}" for n in range(1, 11)))
        worker = subprocess.Popen(_python(_TAKE_AND_HANG, pg_url), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        try:
            assert worker.stdout is not None
            taken = [int(pk) for pk in worker.stdout.readline().split()]
            with conn.transaction():  # while it holds them, others get the rest
                others = pg_live.take_analysis_batch(conn, 4)
                raise psycopg.Rollback()  # and give them back
        finally:
            worker.send_signal(signal.SIGKILL)
            _out, errors = worker.communicate(timeout=DEADLINE)
        assert (taken, others) == ([10, 9, 8, 7], [6, 5, 4, 3]), errors
        assert _wait_for(lambda: pg_live.queued_count(conn) == 10)
        with conn.transaction():
            assert pg_live.take_analysis_batch(conn, 4) == taken


def test_taking_a_batch_outside_a_transaction_is_refused(pg_url: str) -> None:
    with _connect(pg_url) as conn, pytest.raises(ValueError, match="inside the transaction"):
        pg_live.take_analysis_batch(conn, 5)


# -- wired in: refresh, import, background analysis on a PostgreSQL library --------------------


def _reader(*args: str) -> list[str]:
    """A ``reader`` command; its library comes from READER_LIBRARY (:func:`_environment`)."""
    return [sys.executable, "-m", "reader", *args]


def _environment(url: str) -> dict[str, str]:
    return {**os.environ, "READER_LIBRARY": url}


class _SlowFeed(QuietHandler):
    """A feed that answers only once the test lets it: its first reader is mid-fetch (holding
    the feed's lock) for as long as the test needs."""

    hits: list[str] = []
    answer = threading.Event()

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.hits.append(self.path)
        self.answer.wait(DEADLINE)
        self.reply(200, b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
                   b"<item><title>Port reopened</title><link>https://n.example/1</link>"
                   b"<description>The harbour reopened.</description></item></channel></rss>",
                   headers={"Content-Type": "application/rss+xml"})


def test_two_refreshes_at_once_fetch_a_feed_once(pg_url: str) -> None:
    _SlowFeed.hits = []
    _SlowFeed.answer = threading.Event()
    with serving(_SlowFeed) as base, Library.open(pg_url) as library:
        feed = f"{base}/rss"
        library.add_subscription(Subscription(feed, "Wire", kind="feed"))
        first = subprocess.Popen(_reader("refresh"), env=_environment(pg_url),
                                 stderr=subprocess.PIPE, text=True)
        try:
            assert _wait_for(lambda: len(_SlowFeed.hits) == 1)  # the first is fetching it
            second = subprocess.run(_reader("refresh"), env=_environment(pg_url),
                                    capture_output=True, text=True, timeout=60)
        finally:
            _SlowFeed.answer.set()
            _out, first_err = first.communicate(timeout=60)
        assert (first.returncode, second.returncode) == (0, 0), (first_err, second.stderr)
        assert _SlowFeed.hits == ["/rss"]
        assert f"{feed}): fetched by another reader right now" in second.stderr
        assert "0 new articles, 1 fetched by another reader right now" in second.stderr
        assert "1 new article" in first_err
        assert library.count(All()) == 1


def test_a_listener_hears_articles_imported_by_another_process(
    pg_url: str, tmp_path: Path
) -> None:
    story = tmp_path / "story.md"
    story.write_text("# Port reopened\n\nThe harbour of Latakia reopened on Monday.\n",
                     encoding="utf-8")
    inbox = Inbox()
    with pg_live.Listener(pg_url, inbox) as listener:
        assert listener.wait_listening(DEADLINE)
        subprocess.run(_reader("import", str(story)), env=_environment(pg_url),
                       check=True, capture_output=True)
        assert _wait_for(lambda: inbox.on(pg_live.ARTICLES_CHANNEL) == ["1"])


def _stories(n: int) -> list[Article]:
    return [Article(f"Story {i}", (f"Paragraph of story {i}.",), source="Wire")
            for i in range(n)]


_ANALYSE_ALL = """
    import json, sys, time
    from types import SimpleNamespace
    from reader.store import Library
    seen = []
    def analyze(article):
        seen.append(article.content_id)
        time.sleep(0.01)
        return SimpleNamespace(entities=(), keywords=())
    with Library.open(sys.argv[1], analyzer_version="test") as library:
        print("ready", flush=True)
        sys.stdin.readline()
        library.analyze_missing(analyze, batch=4)
    print(json.dumps(seen))
"""


def test_two_processes_analyse_each_new_article_exactly_once(pg_url: str) -> None:
    with Library.open(pg_url, analyzer_version="test") as library:
        added = library.add(_stories(60)).added
        workers = _started_together(_python(_ANALYSE_ALL, pg_url) for _ in range(2))
        done = [json.loads(worker.communicate(timeout=120)[0]) for worker in workers]
        assert [worker.returncode for worker in workers] == [0, 0]
        assert sorted(done[0] + done[1]) == sorted(added)  # each article once, none left
        assert done[0] and done[1]  # side by side, both took some
        assert library.unanalyzed_ids() == []


_HANG_IN_ANALYSIS = """
    import sys, time
    from reader.store import Library
    def analyze(article):
        print(article.content_id, flush=True)
        time.sleep(600)
    with Library.open(sys.argv[1], analyzer_version="test") as library:
        library.analyze_missing(analyze, batch=4)
"""


def test_articles_a_killed_analyser_had_taken_are_analysed_by_the_next(pg_url: str) -> None:
    with Library.open(pg_url, analyzer_version="test") as library:
        added = library.add(_stories(6)).added
        worker = subprocess.Popen(_python(_HANG_IN_ANALYSIS, pg_url), stdout=subprocess.PIPE,
                                  text=True)
        try:
            assert worker.stdout is not None
            assert worker.stdout.readline().strip() in added  # mid-batch
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=DEADLINE)
        with _connect(pg_url) as conn:
            assert _wait_for(lambda: pg_live.queued_count(conn) == 6)
        seen: list[str] = []

        def analyze(article: Article) -> Any:
            seen.append(article.content_id)
            return SimpleNamespace(entities=(), keywords=())

        assert library.analyze_missing(analyze) == 6
        assert sorted(seen) == sorted(added)
        assert library.analyze_missing(analyze) == 0


def test_stale_and_dropped_analyses_are_queued_again(pg_url: str) -> None:
    def analyze(article: Article) -> Any:
        return SimpleNamespace(entities=(), keywords=())

    with Library.open(pg_url, analyzer_version="v1") as old:
        old.add(_stories(3), analyze=analyze)  # analysed as they came: nothing queued
        assert old.analyze_missing(analyze) == 0
    with Library.open(pg_url, analyzer_version="v2") as library:
        assert library.analyze_missing(analyze) == 3  # an older analyzer's: stale
        assert library.replace_body(_stories(1)[0].content_id, ("A longer body.",))
        assert library.analyze_missing(analyze) == 1
        assert library.unanalyzed_ids() == []


# -- the app's side: LibraryChanges ------------------------------------------------------------


@pytest.fixture
def two_readers(pg_url: str) -> Iterator[tuple[str, str]]:
    """The library's URL for two readers of the desk, each an ordinary role of their own."""
    import psycopg

    names = [f"pglive_{secrets.token_hex(4)}" for _ in range(2)]
    with psycopg.connect(server_url(), autocommit=True) as admin:
        for name in names:
            admin.execute(f"CREATE ROLE {name} LOGIN".encode())
    try:
        mine, theirs = (pg_url.replace("://postgres@", f"://{name}@", 1) for name in names)
        yield mine, theirs
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            for name in names:
                conn.execute(f"DROP OWNED BY {name}".encode())
                conn.execute(f"DROP ROLE {name}".encode())


def _listening_count(url: str) -> int:
    with _connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN%%' "
                           "AND datname = current_database()").fetchone()
        return int(row[0]) if row else 0


def _listening(url: str) -> bool:
    return _listening_count(url) > 0


_MARK_ALL_READ = """
    import sys
    from reader.store import All, Library
    with Library.open(sys.argv[1]) as library:
        library.set_read(library.ids(All()), True)
"""


def test_the_app_hears_other_processes_and_its_own_triage_but_not_itself(
    pg_url: str, two_readers: tuple[str, str]
) -> None:
    mine, theirs = two_readers
    heard: list[int] = []
    with Library.open(mine) as library, Library.open(theirs) as colleague:
        colleague.close()  # a reader of the desk now: their triage has rows of its own
        changes = feeds.LibraryChanges(library)
        assert changes.listen(lambda: heard.append(1))
        try:
            assert _wait_for(lambda: _listening(pg_url))
            library.add(_stories(1))  # its own write: shown already
            subprocess.run(_python(_ADD_ARTICLES, pg_url, "elsewhere"), check=True)
            assert _wait_for(lambda: len(heard) >= 1)
            assert heard == [1]  # the own write, announced first, was not passed on
            subprocess.run(_python(_MARK_ALL_READ, theirs), check=True)
            subprocess.run(_python(_MARK_ALL_READ, mine), check=True)  # mine, elsewhere
            assert _wait_for(lambda: len(heard) >= 2)
            assert heard == [1, 1]
        finally:
            changes.close()
        assert not _listening(pg_url)


_ONE_COMMIT_EACH = f"""
    import sys, psycopg
    with psycopg.connect(sys.argv[1], autocommit=True) as conn:
        for n in range(int(sys.argv[2])):
            conn.execute({ADD!r}, ([f"burst {{n}}"],))
"""


def test_a_burst_of_changes_is_passed_on_as_a_few_calls_the_last_after_the_last_change(
    pg_url: str,
) -> None:
    calls: list[float] = []
    inbox = Inbox()
    received: list[float] = []  # when each announcement arrived

    def witnessed(announcement: pg_live.Announcement) -> None:
        received.append(time.monotonic())
        inbox(announcement)

    with Library.open(pg_url) as library, pg_live.Listener(pg_url, witnessed) as witness:
        changes = feeds.LibraryChanges(library, quiet=0.5)
        assert changes.listen(lambda: calls.append(time.monotonic()))
        try:
            assert witness.wait_listening(DEADLINE)
            assert _wait_for(lambda: _listening_count(pg_url) == 2)
            started = time.monotonic()
            subprocess.run(_python(_ONE_COMMIT_EACH, pg_url, "40"), check=True)
            assert _wait_for(lambda: len(inbox.on(pg_live.ARTICLES_CHANNEL)) == 40)
            assert _wait_for(lambda: bool(calls) and calls[-1] >= received[-1])
            spread = received[-1] - started
        finally:
            changes.close()
    assert 1 <= len(calls) <= 2 + spread / 0.5


_SUBSCRIBE = """
    import sys
    from reader.store import Library, Subscription
    with Library.open(sys.argv[1]) as library:
        library.add_subscription(Subscription("https://n.example/rss", "Wire"))
"""


def test_subscriptions_changed_elsewhere_are_passed_on(pg_url: str) -> None:
    heard: list[int] = []
    with Library.open(pg_url) as library:
        changes = feeds.LibraryChanges(library)
        assert changes.listen(lambda: heard.append(1))
        try:
            assert _wait_for(lambda: _listening(pg_url))
            subprocess.run(_python(_SUBSCRIBE, pg_url), check=True)
            assert _wait_for(lambda: heard == [1])
        finally:
            changes.close()


def test_a_file_library_announces_nothing(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib.db") as library:
        assert not feeds.LibraryChanges(library).listen(lambda: None)
