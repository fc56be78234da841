"""Several machines on one PostgreSQL library: who fetches a feed, who analyses an article, and
telling every open reader that something changed.

* **Feed locks.** :func:`feed_lock` (and :class:`FeedLocks`, a refresh's set of them) takes a
  session advisory lock keyed on the feed's URL without waiting: a ``reader refresh`` (from cron
  on any number of hosts) that does not get it skips the feed, because another reader is
  fetching it right now.
* **Announcements.** :data:`LIVE_DDL` makes every commit that adds articles send
  ``NOTIFY reader_articles, '<count>'``, a change of a reader's triage send their name on
  ``reader_state``, and a change of subscriptions or of stored articles send ``reader_library``.
  A :class:`Listener` runs ``LISTEN`` on a connection of its own in a thread and hands each
  announcement to a callback.
* **Analysis queue.** The same insert trigger queues each new article; :func:`take_analysis_batch`
  takes a batch with ``FOR UPDATE SKIP LOCKED`` inside the transaction that stores the results, so
  two processes never analyse the same article and a process that dies mid-batch (its transaction
  rolls back) leaves the batch in the queue.

Store layer: psycopg is imported only where it is used, so SQLite users never load it.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Container, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from reader.store import analysis as analysis_sql
from reader.store.errors import LibraryError
from reader.store.location import mask_url
from reader.store.rows import ARTICLE_COLUMNS, article_from_sql

if TYPE_CHECKING:
    import psycopg

    from reader.model.article import Article
    from reader.store.engine import Connection
    from reader.store.engine_postgres import PostgresEngine
    from reader.store.library import Analyzer, Library

log = logging.getLogger(__name__)

ARTICLES_CHANNEL = "reader_articles"
STATE_CHANNEL = "reader_state"
LIBRARY_CHANNEL = "reader_library"  # the rest of what is shared: subscriptions, changed articles
RECONNECTED = ""  # the channel of the announcement a Listener makes after a reconnection

# Advisory locks share one key space per database: the feed keys are hashed with this prefix so
# they cannot meet the migration lock's key (or any other fixed key) except by a 2**-64 chance.
_FEED_LOCK_NAMESPACE = b"reader.feed-lock\x00"

# The time as reader.store.db.utc_now writes it (ISO 8601, UTC, seconds).
_NOW = """to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')"""

# When a statement adds articles it queues them for analysis and adds their number to a
# transaction-local counter; a deferred trigger per new row announces the counter's final value
# at commit. Every one of those NOTIFYs carries the same payload, and PostgreSQL folds identical
# notifications of one transaction into one: one announcement per commit, with its full count,
# however many INSERT statements the transaction ran (and none when it rolls back).
LIVE_DDL: tuple[str, ...] = (
    """CREATE TABLE analysis_queue (
        article_pk BIGINT PRIMARY KEY REFERENCES articles (pk) ON DELETE CASCADE,
        queued_at TEXT NOT NULL
    )""",
    f"""CREATE FUNCTION reader_articles_added() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        added BIGINT;
    BEGIN
        INSERT INTO analysis_queue (article_pk, queued_at)
            SELECT pk, {_NOW} FROM new_articles
            ON CONFLICT (article_pk) DO NOTHING;
        GET DIAGNOSTICS added = ROW_COUNT;
        IF added > 0 THEN
            PERFORM set_config('reader.articles_added', (coalesce(nullif(
                current_setting('reader.articles_added', true), ''), '0')::BIGINT + added)::TEXT,
                true);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER articles_queue AFTER INSERT ON articles
        REFERENCING NEW TABLE AS new_articles
        FOR EACH STATEMENT EXECUTE FUNCTION reader_articles_added()""",
    """CREATE FUNCTION reader_announce_articles() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('reader_articles',
                          coalesce(current_setting('reader.articles_added', true), ''));
        RETURN NULL;
    END $$""",
    """CREATE CONSTRAINT TRIGGER articles_announce AFTER INSERT ON articles
        DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION reader_announce_articles()""",
    # An article analysed by any path (an import with --analyze, the open article) leaves the
    # queue; if a worker has just taken it, the worker drops it (never wait for its batch).
    """CREATE FUNCTION reader_analysed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM analysis_queue WHERE article_pk = (SELECT article_pk FROM analysis_queue
            WHERE article_pk = NEW.article_pk FOR UPDATE SKIP LOCKED);
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER analysis_dequeue AFTER INSERT OR UPDATE OF version ON analysis
        FOR EACH ROW EXECUTE FUNCTION reader_analysed()""",
    # A reader's triage changed: their other sessions (on any host) show it. New articles'
    # state rows are announced as articles, so inserts into ``state`` are not.
    """CREATE FUNCTION reader_announce_state() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('reader_state', current_user);
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER state_announce AFTER UPDATE OR DELETE ON state
        FOR EACH STATEMENT EXECUTE FUNCTION reader_announce_state()""",
    *(
        f"""CREATE TRIGGER {table}_announce AFTER INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION reader_announce_state()"""
        for table in ("tags", "article_tags")
    ),
    # Subscriptions, and articles changed or deleted (a full text fetched, a clean-up): what
    # SQLite's data_version also counts, so a shared library's readers follow them alike.
    """CREATE FUNCTION reader_announce_library() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('reader_library', '');
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER subscriptions_announce AFTER INSERT OR UPDATE OR DELETE ON subscriptions
        FOR EACH STATEMENT EXECUTE FUNCTION reader_announce_library()""",
    """CREATE TRIGGER articles_changed_announce AFTER UPDATE OR DELETE ON articles
        FOR EACH STATEMENT EXECUTE FUNCTION reader_announce_library()""",
)


# What the migration that brings the live DDL queues: every article never analysed.
QUEUE_UNANALYSED = (
    f"INSERT INTO analysis_queue (article_pk, queued_at) SELECT a.pk, {_NOW} FROM articles a"
    " WHERE NOT EXISTS (SELECT 1 FROM analysis an WHERE an.article_pk = a.pk)"
    " ON CONFLICT (article_pk) DO NOTHING"
)


@contextmanager
def server_faults(url: str) -> Iterator[None]:
    """The server's faults as :class:`LibraryError`, naming the library (its password masked)."""
    import psycopg

    try:
        yield
    except psycopg.Error as error:
        detail = " ".join(mask_url(str(error)).split()) if "://" in str(error) else " ".join(
            str(error).split())
        raise LibraryError(f"cannot use the library {mask_url(url)}: {detail}") from error


# -- feed locks --------------------------------------------------------------------------------


def feed_lock_key(url: str) -> int:
    """The advisory lock key of a feed: a signed 64-bit integer from the SHA-256 of its URL."""
    digest = hashlib.sha256(_FEED_LOCK_NAMESPACE + url.encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def feed_lock(conn: psycopg.Connection[Any], url: str) -> Iterator[bool]:
    """Try to lock the feed at ``url`` for this session, without waiting: yields True when this
    process holds it (and releases it on exit, even on error), False when another does.

    A session lock outlives transactions, so the fetch can run outside one; ``conn`` must stay
    with the caller for the whole block (not go back to a pool in between)."""
    key = feed_lock_key(url)
    held = bool(_rows(conn, "SELECT pg_try_advisory_lock(%s)", (key,))[0][0])
    try:
        yield held
    finally:
        if held:
            _unlock(conn, key)


def _unlock(conn: psycopg.Connection[Any], key: int) -> None:
    import psycopg
    from psycopg.pq import TransactionStatus

    if conn.closed:
        return  # the server released the session's locks with it
    try:
        if conn.info.transaction_status == TransactionStatus.INERROR:
            conn.rollback()
        conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
        if not conn.autocommit:
            conn.commit()
    except psycopg.OperationalError:
        log.warning("the connection went away while unlocking a feed; its lock went with it")


class FeedLocks:
    """The feed locks of one refresh, on a connection of their own (``conninfo``; None for a
    library no other machine shares, where every feed is this process's to fetch).

    :meth:`take` never waits; a lock taken is held until :meth:`release` (once its feed is
    fetched *and* stored, which may be another thread) or until the block ends."""

    def __init__(self, conninfo: str | None) -> None:
        self._conninfo = conninfo
        self._conn: psycopg.Connection[Any] | None = None
        self._held: set[str] = set()
        self._guard = threading.Lock()

    @property
    def shared(self) -> bool:
        """Whether other processes may be fetching the same feeds (a PostgreSQL library)."""
        return self._conninfo is not None

    def __enter__(self) -> FeedLocks:
        if self._conninfo is not None:
            import psycopg

            with server_faults(self._conninfo):
                self._conn = psycopg.connect(self._conninfo, autocommit=True)
        return self

    def __exit__(self, *_exc: object) -> None:
        with self._guard:
            conn, self._conn = self._conn, None
            self._held.clear()
        if conn is not None:
            conn.close()  # the server releases every lock still held with the session

    def take(self, url: str) -> bool:
        """Lock the feed at ``url`` for this process; False when another holds it."""
        if not self.shared:
            return True
        with self._guard:
            if self._conn is None:
                raise RuntimeError("take feed locks inside the FeedLocks block")
            with server_faults(self._conninfo or ""):
                row = _rows(self._conn, "SELECT pg_try_advisory_lock(%s)", (feed_lock_key(url),))
            if row[0][0]:
                self._held.add(url)
            return bool(row[0][0])

    def release(self, url: str) -> None:
        """Let other processes fetch the feed at ``url`` again (no-op when not held here)."""
        with self._guard:
            if self._conn is not None and url in self._held:
                self._held.discard(url)
                _unlock(self._conn, feed_lock_key(url))


# -- announcements -----------------------------------------------------------------------------


Callback = Callable[["Announcement"], None]


@dataclass(frozen=True)
class Announcement:
    """One notification: its channel and payload, and whether one of the listening library's
    own connections sent it (``own``: what it announces is shown there already). The channel
    :data:`RECONNECTED` means the listener was cut off for a while and may have missed some:
    reload everything."""

    channel: str
    payload: str
    own: bool = False


class Sessions:
    """The server processes (backend pids) of one library's connections: its own and its
    pool's, each added as it connects. A notification carries its sender's pid, so a library's
    listener can tell its own writes from other readers'."""

    def __init__(self) -> None:
        self._pids: set[int] = set()

    def add(self, conn: psycopg.Connection[Any]) -> None:
        self._pids.add(conn.info.backend_pid)

    def __contains__(self, pid: object) -> bool:
        return pid in self._pids


def shared_conninfo(library: Library) -> str | None:
    """How to reach the server of a library that other machines share (their feed locks and
    announcements): None for a library in a file of this machine."""
    location = library.location
    return location.conninfo() if location.is_postgres else None


def library_listener(library: Library, callback: Callback) -> Listener | None:
    """A (not yet started) :class:`Listener` for the changes of a shared library, marking the
    library's own writes; None for a library that announces nothing."""
    conninfo = shared_conninfo(library)
    if conninfo is None:
        return None
    return Listener(conninfo, callback, own=cast("PostgresEngine", library.engine).sessions)




class Listener:
    """``LISTEN`` on a connection of its own (never a pooled one) in a daemon thread.

    Each notification becomes a call of ``callback`` in that thread, marked ``own`` when its
    sender's server process is in ``own`` (a library's :class:`Sessions`). When the server goes away
    the listener reconnects with a growing pause (``backoff``, doubled up to ``max_backoff``)
    and, once listening again, calls ``callback`` with a :data:`RECONNECTED` announcement. A
    failing callback is logged and the listening goes on: nothing here can crash the host.
    """

    def __init__(
        self,
        conninfo: str,
        callback: Callback,
        channels: Sequence[str] = (ARTICLES_CHANNEL, STATE_CHANNEL, LIBRARY_CHANNEL),
        *,
        own: Container[int] = (),
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        wake_every: float = 0.25,
    ) -> None:
        self._conninfo = conninfo
        self._callback = callback
        self._channels = tuple(channels)
        self._own = own
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._wake_every = wake_every
        self._stopping = threading.Event()
        self._listening = threading.Event()
        self.user = ""  # the role it connected as, once connected: the owner of "my" state
        self._thread = threading.Thread(target=self._run, name="reader-listener", daemon=True)

    def start(self) -> Listener:
        self._thread.start()
        return self

    def stop(self, timeout: float | None = 5.0) -> None:
        """Stop listening and wait (up to ``timeout`` seconds) for the thread to end."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def wait_listening(self, timeout: float) -> bool:
        """True once the listener is connected and listening (within ``timeout`` seconds)."""
        return self._listening.wait(timeout)

    def __enter__(self) -> Listener:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        pause = self._backoff
        connected_before = False
        while not self._stopping.is_set():
            try:
                with self._connect() as conn:
                    self._listening.set()
                    pause = self._backoff
                    if connected_before:
                        self._deliver(Announcement(RECONNECTED, ""))
                    connected_before = True
                    self._receive(conn)
            except Exception as error:  # a lost server, a refused connection: retry later
                log.warning("listening for library changes failed (%s); retrying in %.1fs",
                            error, pause)
            self._listening.clear()
            if self._stopping.wait(pause):
                break
            pause = min(pause * 2, self._max_backoff)

    def _connect(self) -> psycopg.Connection[Any]:
        import psycopg
        from psycopg import sql

        conn = psycopg.connect(self._conninfo, autocommit=True)
        self.user = conn.info.user
        try:
            for channel in self._channels:
                conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        except BaseException:
            conn.close()
            raise
        return conn

    def _receive(self, conn: psycopg.Connection[Any]) -> None:
        while not self._stopping.is_set():
            for notice in conn.notifies(timeout=self._wake_every):
                self._deliver(Announcement(notice.channel, notice.payload,
                                           notice.pid in self._own))
                if self._stopping.is_set():
                    return

    def _deliver(self, announcement: Announcement) -> None:
        try:
            self._callback(announcement)
        except Exception:
            log.exception("a library-change callback failed")


# -- analysis queue ----------------------------------------------------------------------------


def take_analysis_batch(conn: psycopg.Connection[Any], n: int) -> list[int]:
    """Take up to ``n`` articles (their ``pk``, newest first) off the analysis queue.

    Must run inside the transaction that stores their analyses: rows another transaction has
    taken are skipped, not waited for, and a rollback (or a process that dies) puts the batch
    back in the queue."""
    _require_transaction(conn)
    rows = _rows(
        conn,
        "DELETE FROM analysis_queue WHERE article_pk IN ("
        " SELECT article_pk FROM analysis_queue ORDER BY article_pk DESC LIMIT %s"
        " FOR UPDATE SKIP LOCKED"
        ") RETURNING article_pk",
        (n,),
    )
    return sorted((int(row[0]) for row in rows), reverse=True)


def analyze_queued(
    library: Library, analyze: Analyzer, limit: int | None = None, batch: int = 50
) -> int:
    """Analyse the articles waiting in the queue (at most ``limit``): each batch is taken,
    analysed and stored in one transaction, on a pooled connection of its own so the library's
    stays free for the screen. When the queue is empty, articles with no current analysis (of
    an older analyzer, or whose body was replaced) are queued first. Returns how many were
    taken; raises what ``analyze`` raises, its batch going back to the queue."""
    if not library.location.is_postgres:
        raise TypeError("the analysis queue is a PostgreSQL library's")
    engine = cast("PostgresEngine", library.engine)
    version = library.analyzer_version
    taken = 0
    refilled = False
    while limit is None or taken < limit:
        size = batch if limit is None else min(batch, limit - taken)
        with server_faults(library.location.url), engine.worker_connection() as conn, \
                conn.raw.transaction():
            pks = take_analysis_batch(conn.raw, size)
            if not pks and not refilled:
                refilled = True
                _queue_stale(conn.raw, version)
                pks = take_analysis_batch(conn.raw, size)
            if not pks:
                break
            for pk, article in _still_unanalysed(conn.raw, pks, version):
                analysis_sql.store(cast("Connection", conn), pk, analyze(article), version or "")
        taken += len(pks)
    return taken


def _queue_stale(conn: psycopg.Connection[Any], version: str | None) -> None:
    if version is None:
        conn.execute(QUEUE_UNANALYSED.encode())
        return
    conn.execute(f"INSERT INTO analysis_queue (article_pk, queued_at) SELECT a.pk, {_NOW}"
                 " FROM articles a WHERE NOT EXISTS (SELECT 1 FROM analysis an"
                 " WHERE an.article_pk = a.pk AND an.version = %s)"
                 " ON CONFLICT (article_pk) DO NOTHING".encode(), (version,))


def _still_unanalysed(
    conn: psycopg.Connection[Any], pks: Sequence[int], version: str | None
) -> list[tuple[int, Article]]:
    """The articles of ``pks`` (with their pk) that still have no current analysis: one analysed
    since it was queued (an import analysing as it adds, the article read on screen) is not
    done twice. Read through the batch's connection: the library's lock is never needed."""
    current, params = ("", ()) if version is None else (" AND an.version = %s", (version,))
    rows = _rows(
        conn,
        f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.pk = ANY(%s) AND NOT EXISTS"
        f" (SELECT 1 FROM analysis an WHERE an.article_pk = a.pk{current}) ORDER BY a.pk DESC",
        (list(pks), *params),
    )
    return [(int(row[0]), article_from_sql(row)) for row in rows]


def queued_count(conn: psycopg.Connection[Any]) -> int:
    """How many articles wait for analysis."""
    return int(_rows(conn, "SELECT count(*) FROM analysis_queue")[0][0])


def _require_transaction(conn: psycopg.Connection[Any]) -> None:
    from psycopg.pq import TransactionStatus

    if conn.autocommit and conn.info.transaction_status == TransactionStatus.IDLE:
        raise ValueError("take the analysis batch inside the transaction that stores it")


def _rows(
    conn: psycopg.Connection[Any], query: str, params: Sequence[object] = ()
) -> list[tuple[Any, ...]]:
    """The rows of a query as tuples, whatever row factory the connection was given."""
    from psycopg.rows import tuple_row

    with conn.cursor(row_factory=tuple_row) as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()
