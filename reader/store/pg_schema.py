"""The library's schema on PostgreSQL: its own migration list, the version in ``schema_version``.

The tables and columns are SQLite's (:mod:`reader.store.schema`) so the shared SQL runs
unchanged: BIGINT identity keys, dates as ISO text, INTEGER 0/1 flags. What is shared by the
desk (articles, origins, subscriptions, analyses, meta, the search table) has no owner; what is
personal (``state``, ``state_counts``, ``tags``, ``article_tags``) has an ``owner`` column
defaulting to ``current_user`` and row-level security (forced, also for the tables' owner):
each role sees and changes only its own rows, so the shared SQL needs no owner filter. A tag
(and its links) owned by ``''`` is a shared desk tag: every reader sees and sets it.

Every reader who opened the library is in ``readers``; a new article gets a state row for each
of them from a ``SECURITY DEFINER`` trigger (the only writer of other readers' rows: the
policies let the tables' owner insert for others only inside it, where ``reader.fanout`` is
on). A reader opening the library for the first time catches up on every article at once.

Each migration runs in one transaction under an advisory lock, so two hosts starting at once
do not both migrate. Never edit a released migration: append one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reader.store.errors import LibraryError

if TYPE_CHECKING:
    import psycopg

Step = str | Callable[["psycopg.Connection[Any]"], None]
Migration = tuple[Step, ...]

# The two trigger functions turn reader.fanout on while they run (a function's own SET clause
# would be neater, but only a superuser may give one for a custom setting) and back after.
_FANOUT_ON = ("was := coalesce(current_setting('reader.fanout', true), ''); "
              "PERFORM set_config('reader.fanout', 'on', true);")
_FANOUT_BACK = "PERFORM set_config('reader.fanout', was, true);"

# pg_advisory_xact_lock keys (any constant unlikely to clash with another application's).
MIGRATION_LOCK = 0x52454144_0001  # "READ" 1
READERS_LOCK = 0x52454144_0002  # taken shared by every article insert, exclusively to register

# The bodies of the state_counts triggers (see _V1_CORE): {rows} is a transition table, or the
# rows of an update whose flags changed, seen before (o) or after (n).
_ADD_COUNTS = """INSERT INTO state_counts AS c (owner, archived, read, starred, n)
            SELECT owner, archived, read, starred, count(*) FROM {rows} AS r
            GROUP BY owner, archived, read, starred
            ON CONFLICT (owner, archived, read, starred) DO UPDATE SET n = c.n + excluded.n;"""
_SUBTRACT_COUNTS = """UPDATE state_counts AS c SET n = c.n - d.k FROM (
            SELECT owner, archived, read, starred, count(*) AS k FROM {rows} AS r
            GROUP BY owner, archived, read, starred) AS d
            WHERE c.owner = d.owner AND c.archived = d.archived AND c.read = d.read
            AND c.starred = d.starred;"""
_CHANGED = """(SELECT {side}.* FROM old_rows o JOIN new_rows n
            ON n.owner = o.owner AND n.article_pk = o.article_pk
            WHERE (o.archived, o.read, o.starred) IS DISTINCT FROM
            (n.archived, n.read, n.starred))"""


# The connecting role as text in the columns' collation. Bare ``current_user`` is a ``name``
# (collation "C"): compared with an ``owner`` column it cannot use the (owner, …) indexes, and
# the policies below are part of every query, so each first page of Incoming became a scan and
# sort of every state row (0.4 s at 1,000,000 articles; 0.3 ms through the index).
_ME = '(current_user::text COLLATE "default")'


def _policies() -> tuple[str, ...]:
    """Row-level security on the personal tables (see the module's docstring)."""
    own = f"owner = {_ME}"
    own_or_shared = f"owner = {_ME} OR owner = ''"
    steps = []
    for table, visible in (("state", own), ("state_counts", own), ("tags", own_or_shared),
                           ("article_tags", own_or_shared)):
        steps += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
            f"CREATE POLICY reader_own ON {table} USING ({visible}) WITH CHECK ({visible})",
        ]
    # Every reader sees who reads the library, but registers (or leaves) only as itself: no one
    # can stop another's new articles from reaching them. (Not forced: the trigger function,
    # run as the tables' owner, reads them all.)
    steps += [
        "ALTER TABLE readers ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY reader_list ON readers FOR SELECT USING (true)",
        "CREATE POLICY reader_self ON readers FOR INSERT WITH CHECK (name = current_user)",
        "CREATE POLICY reader_self_update ON readers FOR UPDATE USING (name = current_user)",
        "CREATE POLICY reader_self_delete ON readers FOR DELETE USING (name = current_user)",
    ]
    # The tables' owner may touch others' rows only inside the SECURITY DEFINER trigger
    # functions, which alone run with reader.fanout on: on state only to insert a new article's
    # rows (a policy that could also read them would be OR-ed into every reader's query and
    # keep the planner off the (owner, …) indexes: a seq scan and sort of every row for the
    # first page of Incoming).
    steps.append("""DO $$ DECLARE fanout TEXT := format(
            '(current_setting(''reader.fanout'', true) = ''on'' AND current_user = %L)',
            current_user);
        BEGIN
            EXECUTE format('CREATE POLICY reader_fanout ON state FOR INSERT WITH CHECK (%s)',
                           fanout);
            EXECUTE format('CREATE POLICY reader_fanout ON state_counts USING (%s) '
                           'WITH CHECK (%s)', fanout, fanout);
        END $$""")
    return tuple(steps)


# Who may connect to the database is the desk's membership: every table is theirs to use.
_GRANT_ALL = """DO $$ BEGIN
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO PUBLIC',
                   current_schema());
    EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO PUBLIC',
                   current_schema());
END $$"""


_V1_CORE: Migration = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE articles (
        pk BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        paragraphs TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL DEFAULT '',
        published TEXT,
        path TEXT,
        url TEXT NOT NULL DEFAULT '',
        extra TEXT NOT NULL DEFAULT '{}',
        lang TEXT NOT NULL DEFAULT '',
        direction TEXT NOT NULL DEFAULT 'ltr',
        added_at TEXT NOT NULL,
        sort_date TEXT NOT NULL
    )""",
    "CREATE INDEX articles_sort_date ON articles (sort_date, pk)",
    "CREATE INDEX articles_source ON articles (source, sort_date)",
    "CREATE INDEX articles_url ON articles (url) WHERE url != ''",
    """CREATE TABLE origins (
        article_pk BIGINT NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        origin TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (article_pk, origin)
    )""",
    """CREATE TABLE subscriptions (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        site_url TEXT NOT NULL DEFAULT '',
        folder TEXT NOT NULL DEFAULT '',
        last_fetched TEXT,
        last_error TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'feed',
        state TEXT NOT NULL DEFAULT '{}'
    )""",
    """CREATE TABLE analysis (
        article_pk BIGINT PRIMARY KEY REFERENCES articles (pk) ON DELETE CASCADE,
        version TEXT NOT NULL,
        entities TEXT NOT NULL,
        keywords TEXT NOT NULL,
        analyzed_at TEXT NOT NULL
    )""",
    """CREATE TABLE entity_mentions (
        article_pk BIGINT NOT NULL REFERENCES analysis (article_pk) ON DELETE CASCADE,
        text TEXT NOT NULL,
        label TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (article_pk, label, text)
    )""",
    "CREATE INDEX entity_mentions_entity ON entity_mentions (label, text, article_pk)",
    "CREATE INDEX entity_mentions_text ON entity_mentions (text, article_pk)",
    """CREATE TABLE keyword_mentions (
        article_pk BIGINT NOT NULL REFERENCES analysis (article_pk) ON DELETE CASCADE,
        text TEXT NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (article_pk, text)
    )""",
    # -- personal -------------------------------------------------------------------------------
    """CREATE TABLE readers (
        name TEXT PRIMARY KEY,
        registered_at TEXT NOT NULL
    )""",
    """CREATE TABLE state (
        owner TEXT NOT NULL DEFAULT current_user,
        article_pk BIGINT NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        read INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0,
        archived INTEGER NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '',
        read_at TEXT,
        starred_at TEXT,
        archived_at TEXT,
        updated_at TEXT,
        sort_date TEXT NOT NULL DEFAULT '',
        reading_paragraph INTEGER,
        PRIMARY KEY (owner, article_pk)
    )""",
    "CREATE INDEX state_article ON state (article_pk)",
    "CREATE INDEX state_incoming ON state (owner, archived, read, sort_date, article_pk)",
    "CREATE INDEX state_unread ON state (owner, read, sort_date, article_pk)",
    "CREATE INDEX state_order ON state (owner, sort_date, article_pk)",
    "CREATE INDEX state_starred ON state (owner, starred) WHERE starred = 1",
    """CREATE TABLE state_counts (
        owner TEXT NOT NULL DEFAULT current_user,
        archived INTEGER NOT NULL,
        read INTEGER NOT NULL,
        starred INTEGER NOT NULL,
        n BIGINT NOT NULL,
        PRIMARY KEY (owner, archived, read, starred)
    )""",
    """CREATE TABLE tags (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        owner TEXT NOT NULL DEFAULT current_user,
        name TEXT NOT NULL
    )""",
    "CREATE UNIQUE INDEX tags_name ON tags (owner, lower(name))",
    """CREATE TABLE article_tags (
        owner TEXT NOT NULL DEFAULT current_user,
        article_pk BIGINT NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        tag_id BIGINT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
        tagged_at TEXT NOT NULL,
        PRIMARY KEY (article_pk, tag_id)
    )""",
    "CREATE INDEX article_tags_tag ON article_tags (tag_id, article_pk)",
    # What changed since a connection last looked (Library.data_version): one counter per
    # backend process and owner ('' for the shared tables), bumped once per statement.
    """CREATE TABLE changes (
        pid INTEGER NOT NULL,
        owner TEXT NOT NULL,
        n BIGINT NOT NULL,
        PRIMARY KEY (pid, owner)
    )""",
    # -- triggers -------------------------------------------------------------------------------
    # Statement-level triggers over transition tables: a statement touching many rows (an
    # import's batch, a new reader catching up on a million articles, "mark all read") updates
    # each counter once; a trigger per row would rewrite the same counter row once per row, and
    # every update of it walks the versions the earlier ones left: time grows with the square.
    *(
        f"""DO $do$ BEGIN EXECUTE format($f$
    CREATE FUNCTION reader_state_counts_{op}() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = %I, pg_temp AS $$
    DECLARE was TEXT;
    BEGIN
        {_FANOUT_ON}
        {body}
        {_FANOUT_BACK}
        RETURN NULL;
    END $$ $f$, current_schema()); END $do$"""
        for op, body in (
            ("insert", _ADD_COUNTS.format(rows="new_rows")),
            ("delete", _SUBTRACT_COUNTS.format(rows="old_rows")),
            ("update", _SUBTRACT_COUNTS.format(rows=_CHANGED.format(side="o")) + "\n        "
             + _ADD_COUNTS.format(rows=_CHANGED.format(side="n"))),
        )
    ),
    """CREATE TRIGGER state_counts_insert AFTER INSERT ON state REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION reader_state_counts_insert()""",
    """CREATE TRIGGER state_counts_delete AFTER DELETE ON state REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION reader_state_counts_delete()""",
    """CREATE TRIGGER state_counts_update AFTER UPDATE ON state
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION reader_state_counts_update()""",
    f"""DO $do$ BEGIN EXECUTE format($f$
    CREATE FUNCTION reader_article_state() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = %I, pg_temp AS $$
    DECLARE was TEXT;
    BEGIN
        {_FANOUT_ON}
        PERFORM pg_advisory_xact_lock_shared({READERS_LOCK});
        INSERT INTO state (owner, article_pk, sort_date)
            SELECT r.name, a.pk, a.sort_date FROM new_articles a CROSS JOIN readers r
            ON CONFLICT DO NOTHING;
        {_FANOUT_BACK}
        RETURN NULL;
    END $$ $f$, current_schema()); END $do$""",
    """CREATE TRIGGER articles_state AFTER INSERT ON articles
        REFERENCING NEW TABLE AS new_articles
        FOR EACH STATEMENT EXECUTE FUNCTION reader_article_state()""",
    """CREATE FUNCTION reader_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO changes AS c (pid, owner, n) VALUES (pg_backend_pid(),
            CASE WHEN TG_ARGV[0] = 'personal' THEN current_user ELSE '' END, 1)
            ON CONFLICT (pid, owner) DO UPDATE SET n = c.n + 1;
        RETURN NULL;
    END $$""",
    *(
        f"""CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION reader_changed('{owner}')"""
        for table, owner in (("articles", ""), ("subscriptions", ""), ("analysis", ""),
                             ("state", "personal"), ("article_tags", "personal"))
    ),
    *_policies(),
    _GRANT_ALL,
)


def _search_table(conn: psycopg.Connection[Any]) -> None:
    """The search table and its index, as :mod:`reader.store.pg_search` defines them."""
    from reader.store.pg_search import SEARCH_DDL

    for statement in SEARCH_DDL:
        conn.execute(statement.encode())
    conn.execute(_GRANT_ALL.encode())


_V2_SEARCH: Migration = (_search_table,)


def _live(conn: psycopg.Connection[Any]) -> None:
    """Announcements and the analysis queue (:mod:`reader.store.pg_live`); every article with
    no analysis yet is queued."""
    from reader.store.pg_live import LIVE_DDL, QUEUE_UNANALYSED

    for statement in LIVE_DDL:
        conn.execute(statement.encode())
    conn.execute(QUEUE_UNANALYSED.encode())
    conn.execute(_GRANT_ALL.encode())


_V3_LIVE: Migration = (_live,)

MIGRATIONS: tuple[Migration, ...] = (_V1_CORE, _V2_SEARCH, _V3_LIVE)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: psycopg.Connection[Any]) -> int:
    """The version recorded in ``schema_version`` (0 for an empty database)."""
    exists = conn.execute(b"SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return 0
    row = conn.execute(b"SELECT version FROM schema_version").fetchone()
    return 0 if row is None else int(row[0])


def migrate(conn: psycopg.Connection[Any], target: int = SCHEMA_VERSION) -> int:
    """Apply the pending migrations up to ``target``, each in its own transaction under an
    advisory lock; returns how many were applied. ``conn`` is in autocommit mode."""
    if schema_version(conn) == target:
        return 0
    applied = 0
    while True:
        with conn.transaction():
            conn.execute(b"SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            current = schema_version(conn)
            if current > SCHEMA_VERSION:
                raise LibraryError(
                    f"the library was written by a newer reader (schema {current}, this app "
                    f"knows {SCHEMA_VERSION}); upgrade reader to open it"
                )
            if current >= target:
                return applied
            for step in MIGRATIONS[current]:
                if isinstance(step, str):
                    conn.execute(step.encode())
                else:
                    step(conn)
            if current == 0:
                conn.execute(b"CREATE TABLE schema_version (version INTEGER NOT NULL)")
                conn.execute(b"GRANT SELECT ON schema_version TO PUBLIC")
                conn.execute(b"INSERT INTO schema_version VALUES (0)")
            conn.execute(b"UPDATE schema_version SET version = %s", (current + 1,))
        applied += 1


def bypasses_row_security(conn: psycopg.Connection[Any]) -> bool:
    """Whether the connecting role passes every row-level security policy unseen."""
    row = conn.execute(b"SELECT rolsuper OR rolbypassrls FROM pg_roles "
                       b"WHERE rolname = current_user").fetchone()
    return bool(row and row[0])


def other_readers(conn: psycopg.Connection[Any]) -> int:
    """How many readers besides the connecting role have opened the library."""
    row = conn.execute(b"SELECT count(*) FROM readers WHERE name <> current_user").fetchone()
    return int(row[0]) if row else 0


def register_reader(conn: psycopg.Connection[Any], now: str) -> bool:
    """Make the connecting role a reader of the library: from now on every new article gets a
    state row for it, and every article already there gets one now. False when it was one."""
    known = conn.execute(b"SELECT 1 FROM readers WHERE name = current_user").fetchone()
    if known:
        return False
    with conn.transaction():
        # Waits for imports in flight (they hold the lock shared): none can miss this reader.
        conn.execute(b"SELECT pg_advisory_xact_lock(%s)", (READERS_LOCK,))
        conn.execute(b"INSERT INTO readers (name, registered_at) VALUES (current_user, %s) "
                     b"ON CONFLICT DO NOTHING", (now,))
        conn.execute(
            b"INSERT INTO state (article_pk, sort_date) SELECT a.pk, a.sort_date FROM articles a "
            b"WHERE NOT EXISTS (SELECT 1 FROM state s WHERE s.article_pk = a.pk) "
            b"ON CONFLICT DO NOTHING"
        )
    return True

