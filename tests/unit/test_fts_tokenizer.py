"""The library's full-text index tokenizer: ``porter ascii`` cuts index text as ``porter
unicode61 remove_diacritics 2`` did, so a new library (the cheaper tokenizer) and an older one
(the tokenizer it was made with) find the same articles for every query."""

from __future__ import annotations

import re
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from support.fts import tokens_by_fts5

from reader.lang.words import index_text, query_words, search_fold
from reader.model.article import Article
from reader.store import Library
from reader.store.schema import FTS_TOKENIZER, MIGRATIONS, migrate

WORD = re.compile(r"\w")
OLD_TOKENIZER = "porter unicode61 remove_diacritics 2"  # the tokenizer of schema 1 to 11


def test_every_code_point_is_cut_alike_by_both_tokenizers() -> None:
    """Index text is folded word characters between spaces: each word character search folding
    can leave, inside a word and alone, gives the same tokens whichever tokenizer cuts it."""
    every = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)
    word_characters = sorted(set(WORD.findall(search_fold(every))))
    assert len(word_characters) > 100_000  # the letters and digits of every script
    texts = [
        " ".join(f"a{char}b {char}{char}" for char in word_characters[start : start + 500])
        for start in range(0, len(word_characters), 500)
    ]
    new, old = tokens_by_fts5(FTS_TOKENIZER, texts), tokens_by_fts5(OLD_TOKENIZER, texts)
    differ = [text for text, a, b in zip(texts, new, old, strict=True) if a != b]
    assert differ == []


def test_the_letters_unicode61_splits_at_separate_words() -> None:
    """New Tai Lue vowel signs were spacing marks, which unicode61 splits words at: the index
    text splits there too (before, the ascii tokenizer would have kept one token)."""
    assert index_text("x\u19b0y") == "x y"
    assert tokens_by_fts5(FTS_TOKENIZER, [index_text("x\u19b0y")]) == [["x", "y"]]


NEWS = (
    "والحكومة السورية تعلن عن خطة جديدة للطاقة في دمشق وحلب",
    "מסע הבחירות בירושלים: הממשלה הודיעה על תוכנית חדשה",
    "دولت ایران برنامه‌ای تازه برای انرژی اعلام کرد",
    "Running connections: the Minister's naïve café CONNECTED Straße ﬁnance ＡＢＣ_def x²",
)


def _add(library: Library) -> None:
    library.add(
        Article(title=f"عنوان {n}", paragraphs=(text,), source="مصدر") for n, text in
        enumerate(NEWS)
    )


def _found(library: Library) -> dict[str, list[str]]:
    words = sorted({form for text in NEWS for forms in query_words(text) for form in forms})
    return {word: sorted(library.search_ids(word)) for word in words}


def _fts_sql(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()
    return str(row[0])


@contextmanager
def _at_schema_11(path: Path) -> Iterator[Library]:
    """A library made and used by the reader of schema 11 (the unicode61 index)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("reader.store.engine_sqlite.migrate",
                      lambda conn: migrate(conn, target=len(MIGRATIONS) - 1))
        with Library.open(path) as library:
            yield library


def test_a_new_library_uses_the_ascii_tokenizer(tmp_path: Path) -> None:
    Library.open(tmp_path / "new.db").close()
    assert FTS_TOKENIZER in _fts_sql(tmp_path / "new.db")


def test_an_old_library_finds_what_a_new_one_finds(tmp_path: Path) -> None:
    """Schema 11 (unicode61) and the current schema (ascii) find the same articles for every
    word and stem of some Arabic, Hebrew, Persian and Latin news."""
    with Library.open(tmp_path / "new.db") as new:
        _add(new)
        found = _found(new)
    assert found and all(found.values())
    with _at_schema_11(tmp_path / "old.db") as old:
        _add(old)
        assert _found(old) == found
    assert OLD_TOKENIZER in _fts_sql(tmp_path / "old.db")


def test_a_small_library_is_indexed_again_with_the_ascii_tokenizer(tmp_path: Path) -> None:
    path = tmp_path / "small.db"
    with _at_schema_11(path) as library:
        _add(library)
        before = _found(library)
    assert OLD_TOKENIZER in _fts_sql(path)
    with Library.open(path) as library:
        assert _found(library) == before
    assert FTS_TOKENIZER in _fts_sql(path)


def test_a_large_library_keeps_its_index(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "large.db"
    with _at_schema_11(path) as library:
        _add(library)
        before = _found(library)
    monkeypatch.setattr("reader.store.schema._RETOKENIZE_AT_MOST", len(NEWS) - 1)
    with Library.open(path) as library:
        assert _found(library) == before
    assert OLD_TOKENIZER in _fts_sql(path)
