"""Arabic normalisation for matching, tokenisation with offsets and clitic handling.

Normalisation only builds *keys*: every token keeps its offsets into the original text,
so displayed text and spans are always the source's own characters.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0591-\u05c7"
_DROP = re.compile(f"[{_MARKS}\u0640\u200c-\u200f\u202a-\u202e\u2066-\u2069]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "ء",
                       "ئ": "ء"})
TOKEN = re.compile(
    rf"(?P<pre>(?<![^\W\d_])[وف]?[لبك]\u0640+)"
    rf"|(?P<word>(?:[^\W\d_]|[{_MARKS}])+(?:['’\-](?:[^\W\d_]|[{_MARKS}])+)*)"
    r"|(?P<num>\d+(?:[.,٫٬]\d+)*)"
    r"|(?P<punct>\S)"
)
ARABIC_LETTER = re.compile("[\u0621-\u064a]")
LATIN_LETTER = re.compile("[A-Za-z]")
SENTENCE_END = frozenset(".!?؟\n")


class Token(NamedTuple):
    """One token: offsets into the text, its surface, its matching key and its kind.

    A named tuple: tokenising a 3,000-character article builds ~550 of them, and tuples are
    several times cheaper to create than frozen dataclasses.
    """

    start: int
    end: int
    text: str
    key: str
    kind: str  # "ar", "lat", "num", "pre" (a detached "لـ"), "punct", "other"


@lru_cache(maxsize=200_000)
def normalize(text: str) -> str:
    """Matching key: drop marks, tatweel and bidi controls; fold alef forms, ى→ي, ة→ه."""
    return _DROP.sub("", text).translate(_FOLD)


def _kind(group: str, text: str) -> str:
    if group == "word":
        if ARABIC_LETTER.search(text):
            return "ar"
        return "lat" if LATIN_LETTER.search(text) else "other"
    return group


_WORDS: dict[str, tuple[str, str]] = {}
_WORDS_MAX = 200_000


def word_info(surface: str) -> tuple[str, str]:
    """(key, kind) of a word surface, cached."""
    info = _WORDS.get(surface)
    if info is None:
        if len(_WORDS) >= _WORDS_MAX:
            _WORDS.clear()
        info = _WORDS[surface] = (normalize(surface), _kind("word", surface))
    return info


# A whitespace-free chunk of text → its tokens as (start, end, surface, key, kind) with
# offsets inside the chunk. No token spans whitespace and the one look-behind of TOKEN
# (before a detached "لـ") sees no letter either at a chunk start or after a space, so
# tokenising chunk by chunk gives the same tokens as tokenising the whole text, and the
# tokens of a chunk seen before ("والسويداء،") cost one dictionary look-up.
Parts = tuple[tuple[int, int, str, str, str], ...]
_CHUNKS: dict[str, Parts] = {}
_CHUNKS_MAX = 200_000


def chunk_parts(chunk: str) -> Parts:
    """The tokens of one whitespace-free chunk (cached)."""
    parts = []
    pos = 0
    for pre, word, num, punct in TOKEN.findall(chunk):
        if word:
            key, kind = word_info(word)
            surface = word
        else:
            surface, kind = (pre, "pre") if pre else (num, "num") if num else (punct, "punct")
            key = normalize(surface)
        start = chunk.find(surface, pos)
        pos = start + len(surface)
        parts.append((start, pos, surface, key, kind))
    if len(_CHUNKS) >= _CHUNKS_MAX:
        _CHUNKS.clear()
    result = _CHUNKS[chunk] = tuple(parts)
    return result


def tokenize(text: str) -> list[Token]:
    """Split text into tokens with offsets (Arabic words, Latin words, numbers, punctuation).

    Works chunk by chunk between whitespace (see ``chunk_parts``); a chunk's offset comes
    from ``str.find``, which is exact because chunks are taken in order.
    """
    tokens: list[Token] = []
    append = tokens.append
    find = text.find
    chunks = _CHUNKS
    new = tuple.__new__
    pos = 0
    for chunk in text.split():
        start = find(chunk, pos)
        pos = start + len(chunk)
        parts = chunks.get(chunk) or chunk_parts(chunk)
        if len(parts) == 1:
            part = parts[0]
            append(new(Token, (start, pos, part[2], part[3], part[4])))
            continue
        for begin, end, surface, key, kind in parts:
            append(new(Token, (start + begin, start + end, surface, key, kind)))
    return tokens


def sentences(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Group tokens into sentences at . ! ? ؟ and line breaks."""
    out: list[list[Token]] = []
    current: list[Token] = []
    previous_end = 0
    find = text.find
    for token in tokens:
        start, end, surface, _, kind = token
        if current and start > previous_end and find("\n", previous_end, start) >= 0:
            out.append(current)
            current = []
        current.append(token)
        previous_end = end
        if kind == "punct" and surface in SENTENCE_END:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


@lru_cache(maxsize=200_000)
def strip_clitics(key: str) -> tuple[str, int]:
    """The stem without proclitics (و ف, then ب ل ك, then ال; لل→ال) and how many key chars went.

    Only strips when at least three letters remain.
    """
    stem, cut = key, 0
    if len(stem) > 3 and stem[0] in "وف":
        stem, cut = stem[1:], cut + 1
    if len(stem) > 4 and stem.startswith("لل"):
        return stem[2:], cut + 2
    if len(stem) > 3 and stem[0] in "بلك" and stem[1:3] == "ال":
        stem, cut = stem[1:], cut + 1
    if len(stem) > 4 and stem.startswith("ال"):
        stem, cut = stem[2:], cut + 2
    return stem, cut


@lru_cache(maxsize=200_000)
def clitic_variants(key: str) -> tuple[tuple[str, int], ...]:
    """Candidate readings of a token key as (variant, key chars removed), the token itself first.

    Used for dictionary lookup: ``والسويداء`` → السويداء; ``بدمشق`` → دمشق; ``للاردن`` → الاردن.
    """
    out = [(key, 0)]
    heads = [(key, 0)]
    if len(key) > 3 and key[0] in "وف":
        heads.append((key[1:], 1))
    for head, cut in list(heads):
        if len(head) > 3 and head[0] in "بلك":
            if head.startswith("لل") and len(head) > 4:
                out.append(("ا" + head[1:], cut + 2))
            heads.append((head[1:], cut + 1))
    for head, cut in heads[1:]:
        out.append((head, cut))
    for head, cut in heads:
        if len(head) > 4 and head.startswith("ال"):
            out.append((head[2:], cut + 2))
    return tuple(out)


def surface_offset(surface: str, key_chars: int) -> int:
    """Offset in ``surface`` after the first ``key_chars`` characters that survive normalisation."""
    seen = 0
    for index, char in enumerate(surface):
        if seen == key_chars:
            return index
        if not _DROP.match(char):
            seen += 1
    return len(surface)


def merge_key(key: str) -> str:
    """Key for grouping mentions: each word's clitics and article stripped (الأمم→امم)."""
    return " ".join(strip_clitics(part)[0] for part in key.split())
