"""Tokenisation with offsets, and sentences: the words of :mod:`reader.lang.words` found in text.

Each token carries its key (:func:`reader.lang.words.normalize`) and keeps its offsets into the
original text, so displayed text and spans are always the source's own characters.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import pairwise
from operator import itemgetter
from typing import NamedTuple

from reader.lang.words import (
    ARABIC_LETTER,
    KEY_FOLD,
    MARKS,
    WORD_CACHE_SIZE,
    normalize,
    same_if_equal,
)

TOKEN = re.compile(
    rf"(?P<pre>(?<![^\W\d_])[وف]?[لبك]\u0640+)"
    rf"|(?P<word>(?:[^\W\d_]|[{MARKS}])+(?:['’\-\u200c](?:[^\W\d_]|[{MARKS}])+)*)"
    r"|(?P<num>\d+(?:[.,٫٬]\d+)*)"
    r"|(?P<punct>\S)"
)
# A URL or an e-mail address is one token of kind "url": no name, number or keyword inside it.
LINK = re.compile(r"(?:https?://|www\.)\S+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
LINK_TRAIL = ".,;:!?)]}>»\"'’”،؛؟"
# Arabic letters, without tatweel (U+0640: "لـ" is a "pre" token) and marks: TOKEN reads a
# run of them as one "ar" word.
_PLAIN_WORD = re.compile("[\u0621-\u063f\u0641-\u064a]+")
# Such a word, then punctuation that TOKEN reads as one token a mark, each its own key.
_PLAIN_WORD_PUNCTUATION = re.compile("([\u0621-\u063f\u0641-\u064a]+)[.،,:؛؟!»)]+")
LATIN_LETTER = re.compile("[A-Za-z]")
_END_PUNCTUATION = ".!?؟"
SENTENCE_END = frozenset(_END_PUNCTUATION + "\n")
_START = itemgetter(0)  # Token.start


class Token(NamedTuple):
    """One token: offsets into the text, its surface, its matching key and its kind.

    A named tuple: tokenising a 3,000-character article builds ~550 of them, and tuples are
    several times cheaper to create than frozen dataclasses.
    """

    start: int
    end: int
    text: str
    key: str
    kind: str  # "ar", "lat", "num", "pre" (a detached "لـ"), "punct", "url", "other"


def _kind(group: str, text: str) -> str:
    if group == "word":
        if ARABIC_LETTER.search(text):
            return "ar"
        return "lat" if LATIN_LETTER.search(text) else "other"
    return group


_WORDS: dict[str, tuple[str, str]] = {}
_WORDS_MAX = WORD_CACHE_SIZE


def word_info(surface: str) -> tuple[str, str]:
    """(key, kind) of a word surface, cached."""
    info = _WORDS.get(surface)
    if info is None:
        if len(_WORDS) >= _WORDS_MAX:
            _WORDS.clear()
        info = _WORDS[surface] = (normalize(surface), _kind("word", surface))
    return info


# A piece of text → its tokens as (start, end, surface, key, kind) with offsets inside it.
# No token spans whitespace and the one look-behind of TOKEN (before a detached "لـ") sees no
# letter either at a piece start or after a space, so tokenising piece by piece gives the same
# tokens as tokenising the whole text, and the tokens of a piece seen before ("والسويداء،")
# cost one dictionary look-up. Most pieces are one Arabic word: _ONE_WORD maps those to their
# key alone (the surface is the piece), which saves reading a tuple of parts for every token.
Parts = tuple[tuple[int, int, str, str, str], ...]
_CHUNKS: dict[str, Parts] = {}
_ONE_WORD: dict[str, str] = {}
_CHUNKS_MAX = WORD_CACHE_SIZE


def chunk_parts(chunk: str) -> Parts:
    """The tokens of a piece of text, usually a whitespace-free chunk (cached)."""
    key = _ONE_WORD.get(chunk)
    if key is not None:
        return ((0, len(chunk), chunk, key, "ar"),)
    parts = _CHUNKS.get(chunk)
    if parts is None:
        parts = _remember(chunk, _parts(chunk))
    return parts


def _parts(piece: str) -> Parts:
    if _PLAIN_WORD.fullmatch(piece):  # most pieces: one word (tested in C)
        key = same_if_equal(piece.translate(KEY_FOLD), piece)  # nothing to drop
        return ((0, len(piece), piece, key, "ar"),)
    found = _PLAIN_WORD_PUNCTUATION.fullmatch(piece)
    if found:  # next most: a word and the punctuation after it ("دمشق،"), a token a mark
        end = found.end(1)
        word = piece[:end]
        parts = [(0, end, word, same_if_equal(word.translate(KEY_FOLD), word), "ar")]
        parts += [(at, at + 1, mark, mark, "punct") for at, mark in enumerate(piece[end:], end)]
        return tuple(parts)
    return _token_parts(piece)


def _token_parts(piece: str) -> Parts:
    """The tokens of a piece as TOKEN reads them (chunk by chunk when spaces are inside)."""
    chunks = piece.split()
    if len(chunks) != 1 or chunks[0] != piece:  # a line break or other space inside
        out: list[tuple[int, int, str, str, str]] = []
        pos = 0
        for chunk in chunks:
            start = piece.find(chunk, pos)
            pos = start + len(chunk)
            out.extend((start + begin, start + end, surface, key, kind)
                       for begin, end, surface, key, kind in chunk_parts(chunk))
        return tuple(out)
    if "://" in piece or "www." in piece or "@" in piece:
        link = _link(piece)
        if link:
            start, end = link
            url = piece[start:end]
            return (*chunk_parts(piece[:start]), (start, end, url, url, "url"),
                    *_shifted(chunk_parts(piece[end:]), end))
    parts = []
    pos = 0
    for pre, word, num, punct in TOKEN.findall(piece):
        if word:
            key, kind = word_info(word)
            surface = word
        else:
            surface, kind = (pre, "pre") if pre else (num, "num") if num else (punct, "punct")
            key = normalize(surface)
        start = piece.find(surface, pos)
        pos = start + len(surface)
        parts.append((start, pos, surface, key, kind))
    return tuple(parts)


def _link(piece: str) -> tuple[int, int] | None:
    """Where a URL or an e-mail address is in a piece of text, without the punctuation that
    ends a sentence or closes a bracket after it."""
    match = LINK.search(piece)
    if not match:
        return None
    start, end = match.span()
    while end > start and piece[end - 1] in LINK_TRAIL:
        end -= 1
    return (start, end) if end > start else None


def _shifted(parts: Parts, offset: int) -> Parts:
    return tuple((start + offset, end + offset, surface, key, kind)
                 for start, end, surface, key, kind in parts)


def _remember(piece: str, parts: Parts) -> Parts:
    if len(parts) == 1 and parts[0][4] == "ar" and parts[0][2] == piece:
        if len(_ONE_WORD) >= _CHUNKS_MAX:
            _ONE_WORD.clear()
        _ONE_WORD[piece] = parts[0][3]
    else:
        if len(_CHUNKS) >= _CHUNKS_MAX:
            _CHUNKS.clear()
        _CHUNKS[piece] = parts
    return parts


def tokenize(text: str) -> list[Token]:
    """Split text into tokens with offsets (Arabic words, Latin words, numbers, punctuation).

    Works piece by piece between spaces (see ``chunk_parts``), each piece's offset summed
    from the lengths before it.
    """
    tokens: list[Token] = []
    append = tokens.append
    one_word = _ONE_WORD.get
    pieces = _CHUNKS.get
    new = tuple.__new__
    start = 0
    for piece in text.split(" "):
        end = start + len(piece)
        key = one_word(piece)
        if key is not None:
            append(new(Token, (start, end, piece, key, "ar")))
        else:
            parts = pieces(piece)
            if parts is None:
                parts = chunk_parts(piece)
            for begin, stop, surface, key, kind in parts:
                append(new(Token, (start + begin, start + stop, surface, key, kind)))
        start = end + 1
    return tokens


def sentences(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Group tokens into sentences at . ! ? ؟ and line breaks.

    ``tokens`` are ``tokenize(text)``'s (in text order), or some of them. Where to cut is
    found first (after sentence-ending punctuation, before the first token after a line
    break, both found from the characters of the text), then the sentences are slices of
    ``tokens``.
    """
    starts = list(map(_START, tokens))
    cuts = {0, len(tokens)}
    cuts.update(_after_sentence_ends(text, tokens, starts))
    if "\n" in text:
        cuts.update(_after_line_breaks(text, tokens, starts))
    return [tokens[start:end] for start, end in pairwise(sorted(cuts)) if start < end]


def _after_sentence_ends(text: str, tokens: list[Token], starts: list[int]) -> list[int]:
    """Indexes after the punctuation tokens that end a sentence: the tokens starting at a
    . ! ? or ؟ of the text (a few per article, where reading every token took hundreds)."""
    out = []
    for char in _END_PUNCTUATION:  # str.find scans much faster than a regular expression
        at = text.find(char)
        while at >= 0:
            i = bisect_left(starts, at)
            if i < len(tokens) and starts[i] == at and tokens[i].kind == "punct":
                out.append(i + 1)
            at = text.find(char, at + 1)
    return out


def _after_line_breaks(text: str, tokens: list[Token], starts: list[int]) -> list[int]:
    """Indexes of the tokens with a line break between them and the token before."""
    out = []
    line = text.find("\n")
    while line >= 0:
        i = bisect_right(starts, line)
        if 0 < i < len(tokens) and tokens[i - 1].end <= line:
            out.append(i)
            line = text.find("\n", starts[i])  # a break before token i cuts there too
        else:
            line = text.find("\n", line + 1)
    return out
