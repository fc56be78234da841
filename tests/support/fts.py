"""What SQLite's FTS5 itself makes of texts, for tests that compare a tokenizer with it."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence


def tokens_by_fts5(tokenizer: str, texts: Sequence[str]) -> list[list[str]]:
    """The tokens FTS5 with ``tokenizer`` (as in ``tokenize='…'``) cuts each text into, in order."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5 (x, tokenize='{tokenizer}')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab (t, 'instance')")
    db.executemany("INSERT INTO t (rowid, x) VALUES (?, ?)", enumerate(texts))
    found: list[list[tuple[int, str]]] = [[] for _ in texts]
    for term, doc, offset in db.execute("SELECT term, doc, offset FROM v"):
        found[doc].append((offset, term))
    db.close()
    return [[term for _, term in sorted(tokens)] for tokens in found]
