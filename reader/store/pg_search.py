"""Full-text search on PostgreSQL: the project normalises, PostgreSQL indexes.

The SQLite library hands FTS5 the index text of :mod:`reader.lang.words` (folded words, each
followed by its clitic-stripped forms) and FTS5 cuts it into tokens with ``porter unicode61
remove_diacritics 2``. Here the same cutting happens in Python (:func:`fts5_tokens`), and the
tokens go into a ``tsvector`` as they are, with their positions, weight A for the heading and D
for the body: PostgreSQL's own parser never sees the text, so it never re-splits Arabic, and both
backends match the same set of articles for the same query. A query becomes a ``tsquery`` built
from the same tokens (:func:`search_sql`) and travels as a parameter.

Why tokenise rather than hand PostgreSQL the words: the index text is already split into words,
but FTS5 splits a word further at ``_`` (and a few other word characters, see
:data:`_SEPARATORS`) and stems Latin words with its own variant of the Porter stemmer, which
:func:`porter_stem` reproduces (snowballstemmer's "porter" disagrees with it on about 1 word in
1,600: ``assembly``, ``technology``, ``specced``, two-letter words).

The module imports psycopg only for type checking: the SQLite store imports it for free.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from reader.store.search import ParsedQuery

if TYPE_CHECKING:
    from psycopg import Connection

SEARCH_DDL: tuple[str, ...] = (
    """CREATE TABLE article_words (
        article_pk BIGINT PRIMARY KEY REFERENCES articles (pk) ON DELETE CASCADE,
        words tsvector NOT NULL
    )""",
    "CREATE INDEX article_words_words ON article_words USING gin (words)",
)

# Word characters of Python's ``\w`` that FTS5's unicode61 (SQLite 3.40) treats as separators:
# the connector punctuation (``_`` and its compatibility forms) and a few letters that Unicode
# reclassified after the tables SQLite was built from (New Tai Lue vowel signs, Vedic signs).
# Found by tokenising every code point that search folding leaves as a word character.
_SEPARATORS = (
    "_\u203f\u2040\u2054\ufe33\ufe34\ufe4d-\ufe4f\uff3f"  # connector punctuation
    "\u19b0-\u19c0\u19c8\u19c9\u1cf2\u1cf3"
)
_TOKEN = re.compile(f"[^\\W{_SEPARATORS}]+")

HEADING_WEIGHT = "A"
BODY_WEIGHT = ""  # D, the default weight, which a tsvector literal leaves unwritten
# ts_rank's weights are listed {D, C, B, A}: a heading word counts four times a body word, as
# the title does in the SQLite library's bm25.
RANK_WEIGHTS = "{0.25, 0, 0, 1}"

# tsvector limits: a lexeme is at most 2,047 bytes, a position at most 16,383 (larger ones are
# stored as 16,383), a lexeme keeps at most 256 positions, and the lexemes with their positions
# take less than 1 MiB.
_MAX_LEXEME_BYTES = 1000
_MAX_POSITION = 16_383
_MAX_POSITIONS = 256
_MAX_VECTOR_BYTES = 1_000_000


# -- FTS5's tokens --------------------------------------------------------------------------


def fts5_tokens(index_text: str) -> list[str]:
    """The tokens FTS5 (``porter unicode61 remove_diacritics 2``) makes of the project's index
    text (:func:`reader.lang.words.index_text`, already folded), in order.

    Text that is not index text is cut the same way but not folded as FTS5 would fold it.
    """
    return [porter_stem(token) for token in _TOKEN.findall(index_text)]


_PORTER_MIN_BYTES = 3  # FTS5 passes shorter tokens through unstemmed ...
_PORTER_MAX_BYTES = 64  # ... and longer ones
_VOWELS = frozenset(b"aeiou")
_Y = ord("y")


@lru_cache(maxsize=200_000)
def porter_stem(token: str) -> str:
    """``token`` stemmed as FTS5's porter tokenizer stems it.

    FTS5 works on the UTF-8 bytes, and a byte outside ASCII is a consonant to it; every rule
    looks at ASCII letters at the end of the word, so a word that ends in another script (all of
    Arabic, Hebrew and Persian) is left as it is.
    """
    if not token or not token[-1].isascii():
        return token
    word = token.encode()
    if not _PORTER_MIN_BYTES <= len(word) <= _PORTER_MAX_BYTES:
        return token
    return _porter(word).decode()


def _consonants(word: bytes) -> list[bool]:
    """For each byte: is it a consonant? ``y`` is one at the start or after a vowel."""
    flags: list[bool] = []
    previous = False
    for byte in word:
        previous = not (byte in _VOWELS or (previous and byte == _Y))
        flags.append(previous)
    return flags


def _measure(word: bytes) -> int:
    """Porter's m: how many vowel-consonant sequences ``word`` has."""
    flags = _consonants(word)
    return sum(1 for before, now in zip(flags, flags[1:], strict=False) if now and not before)


def _has_vowel(word: bytes) -> bool:
    """FTS5's ``*v*``: a vowel, ``y`` counting as one anywhere but at the start."""
    return any(byte in _VOWELS or (index > 0 and byte == _Y) for index, byte in enumerate(word))


def _ends_cvc(word: bytes) -> bool:
    """Porter's ``*o``: consonant, vowel, consonant at the end, the last not w, x or y."""
    if len(word) < 3 or word[-1] in b"wxy":
        return False
    return _consonants(word)[-3:] == [True, False, True]


def _m_above_0(stem: bytes) -> bool:
    return _measure(stem) > 0


def _m_above_1(stem: bytes) -> bool:
    return _measure(stem) > 1


def _m_above_1_after_s_or_t(stem: bytes) -> bool:
    return stem[-1:] in (b"s", b"t") and _measure(stem) > 1


Rule = tuple[bytes, bytes]

_STEP_2: tuple[Rule, ...] = (
    (b"ational", b"ate"), (b"tional", b"tion"), (b"enci", b"ence"), (b"anci", b"ance"),
    (b"izer", b"ize"), (b"bli", b"ble"), (b"alli", b"al"), (b"entli", b"ent"), (b"eli", b"e"),
    (b"ousli", b"ous"), (b"ization", b"ize"), (b"ation", b"ate"), (b"ator", b"ate"),
    (b"alism", b"al"), (b"iveness", b"ive"), (b"fulness", b"ful"), (b"ousness", b"ous"),
    (b"aliti", b"al"), (b"iviti", b"ive"), (b"biliti", b"ble"), (b"logi", b"log"),
)  # fmt: skip
_STEP_3: tuple[Rule, ...] = (
    (b"icate", b"ic"), (b"ative", b""), (b"alize", b"al"), (b"iciti", b"ic"), (b"ical", b"ic"),
    (b"ful", b""), (b"ness", b""),
)  # fmt: skip
_STEP_4 = (
    b"al", b"ance", b"ence", b"er", b"ic", b"able", b"ible", b"ant", b"ement", b"ment", b"ent",
    b"ion", b"ou", b"ism", b"ate", b"iti", b"ous", b"ive", b"ize",
)  # fmt: skip


def _first_suffix(word: bytes, suffixes: Iterable[bytes]) -> bytes | None:
    """The first of ``suffixes`` that ends ``word`` and is shorter than it (FTS5 never empties
    a word: a suffix must leave at least one byte)."""
    return next((s for s in suffixes if len(word) > len(s) and word.endswith(s)), None)


def _replace(word: bytes, rules: Sequence[Rule], keep: bool = False) -> bytes:
    """Porter's steps 2 and 3: the first matching suffix is replaced when m > 0 before it."""
    suffix = _first_suffix(word, (s for s, _ in rules))
    if suffix is None:
        return word
    stem = word[: -len(suffix)]
    return stem + dict(rules)[suffix] if _m_above_0(stem) else word


def _step_1a(word: bytes) -> bytes:
    if word[-1:] != b"s":
        return word
    if word[-2:-1] == b"e":
        if (len(word) > 4 and word[-4:-2] == b"ss") or (len(word) > 3 and word[-3:-2] == b"i"):
            return word[:-2]
        return word[:-1]
    return word if word[-2:-1] == b"s" else word[:-1]


def _step_1b(word: bytes) -> bytes:
    suffix = _first_suffix(word, (b"eed", b"ed", b"ing"))
    if suffix is None:
        return word
    stem = word[: -len(suffix)]
    if suffix == b"eed":
        return stem + b"ee" if _m_above_0(stem) else word
    if not _has_vowel(stem):
        return word
    grown = _first_suffix(stem, (b"at", b"bl", b"iz"))
    if grown is not None:
        return stem + b"e"
    last = stem[-1]
    if len(stem) > 1 and last == stem[-2] and last not in _VOWELS and last not in b"lsz":
        return stem[:-1]
    if _measure(stem) == 1 and _ends_cvc(stem):
        return stem + b"e"
    return stem


def _step_1c(word: bytes) -> bytes:
    if word[-1:] == b"y" and _has_vowel(word[:-1]):
        return word[:-1] + b"i"
    return word


def _step_4(word: bytes) -> bytes:
    suffix = _first_suffix(word, _STEP_4)
    if suffix is None:
        return word
    stem = word[: -len(suffix)]
    fits = _m_above_1_after_s_or_t(stem) if suffix == b"ion" else _m_above_1(stem)
    return stem if fits else word


def _step_5(word: bytes) -> bytes:
    if word[-1:] == b"e":
        stem = word[:-1]
        measure = _measure(stem)
        if measure > 1 or (measure == 1 and not _ends_cvc(stem)):
            word = stem
    if len(word) > 1 and word.endswith(b"ll") and _m_above_1(word[:-1]):
        word = word[:-1]
    return word


def _porter(word: bytes) -> bytes:
    word = _step_1c(_step_1b(_step_1a(word)))
    word = _step_4(_replace(_replace(word, _STEP_2), _STEP_3))
    return _step_5(word)


# -- the tsvector ---------------------------------------------------------------------------


def lexeme(token: str) -> str:
    """A token as the tsvector stores it: itself, or for a token too long for a lexeme its
    head and a digest of the whole (so it still matches itself, and its head's prefixes)."""
    if len(token) * 4 <= _MAX_LEXEME_BYTES:  # at most four bytes a character
        return token
    raw = token.encode()
    if len(raw) <= _MAX_LEXEME_BYTES:
        return token
    head = raw[:_MAX_LEXEME_BYTES].decode(errors="ignore")
    return f"{head}…{hashlib.blake2b(raw, digest_size=8).hexdigest()}"


def _quoted(text: str) -> str:
    """``text`` as one quoted lexeme of a tsvector or tsquery literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def words_vector(heading: str, body: str) -> str:
    """The tsvector literal of an article: the FTS5 tokens of its heading (weight A) and body
    (weight D) with their positions; the body starts one position after the heading's end, so
    no phrase spans the two, as no FTS5 phrase spans two columns."""
    positions: dict[str, list[int]] = {}
    heading_tokens = fts5_tokens(heading)
    for position, token in enumerate(heading_tokens, 1):
        positions.setdefault(token, []).append(position)
    for position, token in enumerate(fts5_tokens(body), len(heading_tokens) + 2):
        positions.setdefault(token, []).append(position)
    return _vector_literal(positions, len(heading_tokens))


def _vector_literal(positions: dict[str, list[int]], heading_end: int) -> str:
    """The entries in order of first appearance, up to the size a tsvector holds."""
    entries: list[str] = []
    size = 0
    for token, places in positions.items():
        word, cost = _literal_word(token)
        kept = places[:_MAX_POSITIONS]
        size += cost + 2 * len(kept)
        if size > _MAX_VECTOR_BYTES:
            break
        entries.append(word + _positions(kept, heading_end))
    return " ".join(entries)


@lru_cache(maxsize=200_000)
def _literal_word(token: str) -> tuple[str, int]:
    """A token's lexeme quoted for a tsvector literal, up to its positions' colon, and the
    bytes it takes in the vector (news repeats its words: cached)."""
    word = lexeme(token)
    return f"{_quoted(word)}:", len(word.encode()) + 8


def _positions(places: list[int], heading_end: int) -> str:
    """``1A,2A,9``: heading positions weighted A, body ones left at D; past the largest
    position a tsvector stores, one position stands for the rest."""
    if len(places) == 1 and heading_end < places[0] <= _MAX_POSITION:  # most words
        return str(places[0])
    if places[-1] <= heading_end:
        return "A,".join(map(str, places)) + "A"
    if places[0] > heading_end and places[-1] <= _MAX_POSITION:
        return ",".join(map(str, places))
    written = dict.fromkeys(
        f"{min(place, _MAX_POSITION)}{HEADING_WEIGHT if place <= heading_end else BODY_WEIGHT}"
        for place in places
    )
    return ",".join(written)


def index_article(conn: Connection[object], pk: int, heading: str, body: str) -> None:
    """Index (or index again) one article: ``heading`` is ``heading_text(title, source)`` and
    ``body`` is ``index_text(body)``, the very texts the SQLite library gives FTS5."""
    index_articles(conn, ((pk, heading, body),))


def index_articles(conn: Connection[object], articles: Iterable[tuple[int, str, str]]) -> None:
    """:func:`index_article` for many ``(pk, heading, body)`` at once, in one batch."""
    rows = [(pk, words_vector(heading, body)) for pk, heading, body in articles]
    with conn.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO article_words (article_pk, words) VALUES (%s, %s::tsvector) "
            "ON CONFLICT (article_pk) DO UPDATE SET words = excluded.words",
            rows,
        )


def unindex_article(conn: Connection[object], pk: int) -> None:
    """Drop one article from the index."""
    conn.execute("DELETE FROM article_words WHERE article_pk = %s", (pk,))


# -- the query ------------------------------------------------------------------------------

_NOTHING = "SELECT NULL::bigint AS article_pk, NULL::float8 AS score WHERE false"


def search_sql(
    parsed: ParsedQuery, rank_window: int | None = None
) -> tuple[str, tuple[object, ...]] | None:
    """A SELECT of ``article_pk, score`` for every article that matches ``parsed``, best first
    (``ORDER BY score, article_pk DESC``: lower is better, ties newest first), or None when the
    query has nothing to look for.

    As in the SQLite library, only the ``rank_window`` (default :data:`RANK_WINDOW`) most recent
    matches are ranked (ts_rank reads each match's whole vector: a word found in tens of
    thousands of articles would take seconds); the older ones follow, newest first, with the
    score 1. The query travels as a ``tsquery`` parameter. A word FTS5 makes no token of
    (``_``) is a phrase that matches nothing there, and here too.
    """
    query = tsquery(parsed)
    if query is None:
        return None
    if query == "":
        return _NOTHING, ()
    window = RANK_WINDOW if rank_window is None else max(0, rank_window)
    return _RANKED, (query, window, query)


RANK_WINDOW = 5000  # as the SQLite library's
_RANKED = f"""WITH hits AS MATERIALIZED (
    SELECT article_pk FROM article_words WHERE words @@ %s::tsquery
), recent AS MATERIALIZED (
    SELECT article_pk FROM hits ORDER BY article_pk DESC LIMIT %s
)
SELECT w.article_pk, -ts_rank('{RANK_WEIGHTS}', w.words, %s::tsquery, 1)::float8 AS score
    FROM recent JOIN article_words w USING (article_pk)
UNION ALL
SELECT article_pk, 1.0::float8 AS score FROM hits
    WHERE article_pk < (SELECT coalesce(min(article_pk), 9223372036854775807) FROM recent)
ORDER BY score, article_pk DESC"""


def tsquery(parsed: ParsedQuery) -> str | None:
    """The tsquery text of ``parsed``: None when it has no included term, "" when it can match
    nothing (an included term none of whose forms makes a token)."""
    if not parsed.include:
        return None
    included = [_term(forms, parsed.prefixes) for forms in parsed.include]
    if any(term is None for term in included):
        return ""
    query = " & ".join(term for term in included if term is not None)
    excluded = [term for forms in parsed.exclude if (term := _term(forms, parsed.prefixes))]
    if excluded:
        query = f"({query}) & !({' | '.join(excluded)})"
    return query


def _term(forms: tuple[str, ...], prefixes: frozenset[str]) -> str | None:
    """The alternatives of one term, or None when none of them makes a token."""
    phrases = [
        phrase for form in forms if (phrase := _phrase(form, form in prefixes)) is not None
    ]
    return "(" + " | ".join(phrases) + ")" if phrases else None


def _phrase(form: str, is_prefix: bool) -> str | None:
    """One form as FTS5 reads a quoted string: its tokens one after the other, the last one a
    prefix when the form is; None when it makes no token."""
    tokens = fts5_tokens(form)
    if not tokens:
        return None
    words = [_quoted(lexeme(token)) for token in tokens]
    if is_prefix:  # a long prefix looks for the head its words are stored under
        words[-1] = _quoted(lexeme(tokens[-1]).partition("…")[0]) + ":*"
    return "(" + " <-> ".join(words) + ")" if len(words) > 1 else words[0]
