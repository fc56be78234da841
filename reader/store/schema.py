"""The library's SQL schema as an ordered list of migrations, tracked by ``PRAGMA user_version``.

``MIGRATIONS[n]`` takes a database at version ``n`` to ``n + 1``. Each one runs inside its own
``BEGIN IMMEDIATE`` transaction together with the ``user_version`` bump, so a crash mid-migration
leaves the database at the previous version, untouched. Never edit a released migration: append one.
A step is an SQL statement, or a function of the connection for work SQL cannot do alone.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from reader.lang.words import index_text
from reader.store.errors import LibraryError

Step = str | Callable[[sqlite3.Connection], None]
Migration = tuple[Step, ...]

# A migration starting with this step runs with foreign keys off (SQLite's way to rebuild a
# table others refer to); the keys are checked before it commits.
FOREIGN_KEYS_OFF = "PRAGMA foreign_keys = OFF"

_V1_CORE: Migration = (
    """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE articles (
        pk INTEGER PRIMARY KEY,
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
        article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        origin TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (article_pk, origin)
    ) WITHOUT ROWID""",
    """CREATE TABLE state (
        article_pk INTEGER PRIMARY KEY REFERENCES articles (pk) ON DELETE CASCADE,
        read INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0,
        archived INTEGER NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '',
        read_at TEXT,
        starred_at TEXT,
        archived_at TEXT,
        updated_at TEXT
    )""",
    "CREATE INDEX state_incoming ON state (archived, read)",
    "CREATE INDEX state_starred ON state (starred) WHERE starred = 1",
    "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE)",
    """CREATE TABLE article_tags (
        article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
        tagged_at TEXT NOT NULL,
        PRIMARY KEY (article_pk, tag_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX article_tags_tag ON article_tags (tag_id, article_pk)",
    """CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, body, content='', tokenize='porter unicode61 remove_diacritics 2'
    )""",
)

_V2_SUBSCRIPTIONS: Migration = (
    """CREATE TABLE subscriptions (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        site_url TEXT NOT NULL DEFAULT '',
        folder TEXT NOT NULL DEFAULT '',
        etag TEXT NOT NULL DEFAULT '',
        modified TEXT NOT NULL DEFAULT '',
        last_fetched TEXT,
        last_error TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL
    )""",
)

_V3_ANALYSIS: Migration = (
    """CREATE TABLE analysis (
        article_pk INTEGER PRIMARY KEY REFERENCES articles (pk) ON DELETE CASCADE,
        version TEXT NOT NULL,
        entities TEXT NOT NULL,
        keywords TEXT NOT NULL,
        analyzed_at TEXT NOT NULL
    )""",
    """CREATE TABLE entity_mentions (
        article_pk INTEGER NOT NULL REFERENCES analysis (article_pk) ON DELETE CASCADE,
        text TEXT NOT NULL,
        label TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (article_pk, label, text)
    ) WITHOUT ROWID""",
    "CREATE INDEX entity_mentions_entity ON entity_mentions (label, text, article_pk)",
    """CREATE TABLE keyword_mentions (
        article_pk INTEGER NOT NULL REFERENCES analysis (article_pk) ON DELETE CASCADE,
        text TEXT NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (article_pk, text)
    ) WITHOUT ROWID""",
)

# The list is ordered by date: copying each article's sort date into ``state`` lets the dense
# views (Incoming, Unread, All) read their first page straight off one index, newest first,
# instead of sorting every unread row.
_V4_STATE_ORDER: Migration = (
    "ALTER TABLE state ADD COLUMN sort_date TEXT NOT NULL DEFAULT ''",
    "UPDATE state SET sort_date = (SELECT sort_date FROM articles WHERE pk = state.article_pk)",
    "DROP INDEX state_incoming",
    "CREATE INDEX state_incoming ON state (archived, read, sort_date, article_pk)",
    "CREATE INDEX state_unread ON state (read, sort_date, article_pk)",
    "CREATE INDEX state_order ON state (sort_date, article_pk)",
)

# FTS5 merges index segments as it goes; merging 8 at a time instead of 4 makes large imports
# markedly faster (measured ~1.5x at 20,000 articles) for a small cost at query time.
_V5_FTS_MERGE: Migration = (
    "INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 8)",
)

# Counting Incoming walked every unread entry of an index (13 ms at 100,000 articles, on the way
# to the first screen): the fixed views are counted from totals that triggers keep instead.
_V6_STATE_COUNTS: Migration = (
    """CREATE TABLE state_counts (
        archived INTEGER NOT NULL,
        read INTEGER NOT NULL,
        starred INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (archived, read, starred)
    ) WITHOUT ROWID""",
    "INSERT INTO state_counts SELECT archived, read, starred, count(*) FROM state GROUP BY 1, 2, 3",
    """CREATE TRIGGER state_counts_insert AFTER INSERT ON state BEGIN
        INSERT INTO state_counts VALUES (new.archived, new.read, new.starred, 1)
            ON CONFLICT DO UPDATE SET n = n + 1;
    END""",
    """CREATE TRIGGER state_counts_delete AFTER DELETE ON state BEGIN
        UPDATE state_counts SET n = n - 1
            WHERE archived = old.archived AND read = old.read AND starred = old.starred;
    END""",
    """CREATE TRIGGER state_counts_update AFTER UPDATE OF archived, read, starred ON state
    WHEN old.archived IS NOT new.archived OR old.read IS NOT new.read
        OR old.starred IS NOT new.starred BEGIN
        UPDATE state_counts SET n = n - 1
            WHERE archived = old.archived AND read = old.read AND starred = old.starred;
        INSERT INTO state_counts VALUES (new.archived, new.read, new.starred, 1)
            ON CONFLICT DO UPDATE SET n = n + 1;
    END""",
)

# Subscriptions are of several kinds (feeds, Telegram exports): each row names its kind and keeps
# what its source needs for the next fetch as JSON, the feeds' ETag and Last-Modified included.
_V7_SOURCE_KINDS: Migration = (
    "ALTER TABLE subscriptions ADD COLUMN kind TEXT NOT NULL DEFAULT 'feed'",
    "ALTER TABLE subscriptions ADD COLUMN state TEXT NOT NULL DEFAULT '{}'",
    """UPDATE subscriptions SET state = json_object('etag', etag, 'modified', modified)
        WHERE etag != '' OR modified != ''""",
    "ALTER TABLE subscriptions DROP COLUMN etag",
    "ALTER TABLE subscriptions DROP COLUMN modified",
)


def reindex(conn: sqlite3.Connection) -> None:
    """Rebuild the full-text index from the stored articles with the current index text.

    The index is contentless (it stores only what :func:`reader.lang.words.index_text` gave),
    so a change of the word rules needs every article indexed again.
    """
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
    rows = conn.execute("SELECT pk, title, source, paragraphs FROM articles ORDER BY pk")
    conn.executemany(
        "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
        (
            (pk, heading_text(title, source),
             index_text("\n\n".join(json.loads(paragraphs))))
            for pk, title, source, paragraphs in rows
        ),
    )


def heading_text(title: str, source: str) -> str:
    """What the index's title column holds: the title's words and the source's, so a search
    for a source's name (كوردستريت) finds its articles."""
    return index_text(f"{title}\n{source}" if source else title)


# The index text now also holds each word's key spelling of a hamza seat (مسؤول and مسئول are one
# word for extraction, reader.lang.words): articles indexed before need it too.
_V8_WORD_MODEL_INDEX: Migration = (reindex,)

# Where the reader left each article: the paragraph at the top of the body (NULL: its top).
_V9_READING_POSITION: Migration = ("ALTER TABLE state ADD COLUMN reading_paragraph INTEGER",)

# The source's name is indexed with the title: articles indexed before need it too.
_V10_SOURCE_INDEXED: Migration = (reindex,)

# Tags have an owner, as on PostgreSQL: a reader's own ('local' in a file, which has one reader)
# or '' for a shared desk tag, each name unique per owner; a link carries its tag's owner. The
# table is rebuilt (SQLite cannot change a UNIQUE constraint), with foreign keys off so dropping
# the old table does not cascade to the links (see :func:`migrate`).
_V11_TAG_OWNERS: Migration = (
    FOREIGN_KEYS_OFF,
    """CREATE TABLE tags_v11 (
        id INTEGER PRIMARY KEY,
        owner TEXT NOT NULL DEFAULT 'local',
        name TEXT NOT NULL COLLATE NOCASE,
        UNIQUE (owner, name)
    )""",
    "INSERT INTO tags_v11 (id, owner, name) SELECT id, 'local', name FROM tags",
    "DROP TABLE tags",
    "ALTER TABLE tags_v11 RENAME TO tags",
    "ALTER TABLE article_tags ADD COLUMN owner TEXT NOT NULL DEFAULT 'local'",
)

# The index text is folded words between spaces (reader.lang.words), so FTS5's ``ascii``
# tokenizer (every character outside ASCII a word character) cuts it into the same tokens as
# ``unicode61 remove_diacritics 2`` (tests/unit/test_fts_tokenizer.py checks every code point),
# at half the cost: tokenizing was a fifth of an import's CPU. A library of up to
# _RETOKENIZE_AT_MOST articles is indexed again with it (a new one has none, a first start's
# samples a few); a larger one keeps its index, whose tokens are the same.
FTS_TOKENIZER = "porter ascii"
_RETOKENIZE_AT_MOST = 1000


def _ascii_tokenizer(conn: sqlite3.Connection) -> None:
    """Recreate ``articles_fts`` with :data:`FTS_TOKENIZER` when the library is small."""
    row = conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM articles LIMIT ?)", (_RETOKENIZE_AT_MOST + 1,)
    ).fetchone()
    if int(row[0]) > _RETOKENIZE_AT_MOST:
        return
    conn.execute("DROP TABLE articles_fts")
    conn.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5 ("
        f"title, body, content='', tokenize='{FTS_TOKENIZER}')"
    )
    conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 8)")
    reindex(conn)


_V12_ASCII_TOKENIZER: Migration = (_ascii_tokenizer,)

MIGRATIONS: tuple[Migration, ...] = (
    _V1_CORE,
    _V2_SUBSCRIPTIONS,
    _V3_ANALYSIS,
    _V4_STATE_ORDER,
    _V5_FTS_MERGE,
    _V6_STATE_COUNTS,
    _V7_SOURCE_KINDS,
    _V8_WORD_MODEL_INDEX,
    _V9_READING_POSITION,
    _V10_SOURCE_INDEXED,
    _V11_TAG_OWNERS,
    _V12_ASCII_TOKENIZER,
)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """The database's ``PRAGMA user_version``."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Apply the pending migrations up to ``target``, each in its own transaction.

    Returns the number applied. Raises :class:`LibraryError` for a database written by a newer app.
    ``conn`` must be in autocommit mode (``isolation_level=None``).
    """
    if schema_version(conn) == target:
        return 0  # nothing to do: no write lock (a read-only or damaged file opens untouched)
    applied = 0
    while True:
        current = schema_version(conn)
        steps = MIGRATIONS[current] if current < min(target, SCHEMA_VERSION) else ()
        keys_off = bool(steps) and steps[0] == FOREIGN_KEYS_OFF
        if keys_off:  # a no-op inside a transaction: set before it begins
            conn.execute(FOREIGN_KEYS_OFF)
        try:
            if not _migrate_one(conn, target, keys_off):
                return applied
        finally:
            if keys_off:
                conn.execute("PRAGMA foreign_keys = ON")
        applied += 1


def _migrate_one(conn: sqlite3.Connection, target: int, keys_off: bool) -> bool:
    """Apply the next migration in one transaction; False when there is none to apply."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = schema_version(conn)
        if current > SCHEMA_VERSION:
            raise LibraryError(
                f"the library was written by a newer reader (schema {current}, this app "
                f"knows {SCHEMA_VERSION}); upgrade reader to open it"
            )
        if current >= target:
            conn.execute("COMMIT")
            return False
        steps = MIGRATIONS[current]
        if (steps[0] == FOREIGN_KEYS_OFF) != keys_off:  # another process migrated meanwhile
            conn.execute("COMMIT")
            return True
        for step in steps:
            if step == FOREIGN_KEYS_OFF:
                continue
            if isinstance(step, str):
                conn.execute(step)
            else:
                step(conn)
        if keys_off and conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise LibraryError("a migration left links to missing rows; nothing was changed")
        conn.execute(f"PRAGMA user_version = {current + 1}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return True
