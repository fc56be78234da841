"""A small neural tagger (numpy inference) whose per-token tag guesses feed the CRF.

The network (trained offline by ``reader.training.neural`` with torch, shipped as the arrays
of ``neural.npz``) reads each token key through a character CNN, a fixed word vector (e5
vectors reduced by PCA, for the words of a shipped vocabulary, looked up by every clitic
reading), and gazetteer, trigger and stopword flags; then dilated convolutions over the
sentence. Its tag probabilities become CRF features (``NeuralTagger.features``), so the CRF
weighs them against everything else instead of trusting them.

Inference is vectorised: token inputs are computed once per distinct key (cached), then a
whole batch of sentences runs as one matrix per layer, sentences separated by zero rows that
are re-zeroed after every layer (exactly a per-sentence zero-padded convolution).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.lang.words import clitic_variants
from reader.nlp.resources import Gazetteer, gazetteer, stopwords_ar, triggers

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Array = npt.NDArray[np.float32]

TAGS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
MAX_CHARS = 18  # a key's characters read by the CNN (with a begin and an end mark)
GAP = 8  # zero rows between sentences of a batch: more than the widest dilation
_GAZ_FLAGS = ("LOCc", "LOCa", "LOCg", "NATg", "ORGc", "ORGg", "PERc", "PERg")
_TRIGGER_FLAGS = ("EORG", "EPER", "EROLE", "LOC", "ORG", "PER")
# flags: gazetteer label+strength, trigger kinds (each for the whole word and for a reading
# with clitics cut), stopword, proclitic cut, digit, has a word vector
FLAG_COUNT = 2 * (len(_GAZ_FLAGS) + len(_TRIGGER_FLAGS)) + 4
_CACHE_MAX = 200_000
_METADATA = ("alphabet", "words", "lexical", "dilations", "members")


class TokenInput(NamedTuple):
    """What the network reads of one token key."""

    chars: list[int]  # MAX_CHARS + 2 character ids (0 pads)
    word: int  # row of the word-vector table (0: none)
    lex: int  # row of the learnt embedding of a training word (0: none)
    flags: list[float]  # FLAG_COUNT values


class TokenReader:
    """Turns token keys into ``TokenInput``s (the same code feeds training and inference)."""

    def __init__(self, alphabet: str, words: Sequence[str], lexical: Sequence[str] = (),
                 gaz: Gazetteer | None = None) -> None:
        self.char_ids = {c: i + 3 for i, c in enumerate(alphabet)}  # 1 begin, 2 end/unknown
        self.word_ids = {w: i + 1 for i, w in enumerate(words)}
        self.lex_ids = {w: i + 1 for i, w in enumerate(lexical)}
        self.gaz = gaz or gazetteer()
        self.triggers = triggers()
        self.stop = stopwords_ar()

    def read(self, key: str) -> TokenInput:
        chars = [1, *(self.char_ids.get(c, 2) for c in key[:MAX_CHARS]), 2]
        chars += [0] * (MAX_CHARS + 2 - len(chars))
        variants = clitic_variants(key)
        word = next((self.word_ids[v] for v, _ in variants if v in self.word_ids), 0)
        whole: set[str] = set()
        cut: set[str] = set()
        for variant, clitics in variants:
            found = cut if clitics else whole
            found.update(e.label + e.strength for e in self.gaz.entries.get(variant, ()))
            kind = self.triggers.get(variant)
            if kind:
                found.add("t" + kind)
        flags = [float(f in whole) for f in _GAZ_FLAGS]
        flags += [float("t" + f in whole) for f in _TRIGGER_FLAGS]
        flags += [float(f in cut) for f in _GAZ_FLAGS]
        flags += [float("t" + f in cut) for f in _TRIGGER_FLAGS]
        flags += [float(key in self.stop), float(len(variants) > 1),
                  float(any(c.isdigit() for c in key)), float(word > 0)]
        return TokenInput(chars, word, self.lex_ids.get(key, 0), flags)


class NeuralTagger:
    """The shipped network, in numpy: one network, or an ensemble of networks trained with
    different seeds (arrays stacked on a first axis, ``members`` of them) sharing the
    vocabularies and word vectors, whose tag probabilities are averaged."""

    def __init__(self, path: Path) -> None:
        import numpy as np

        with np.load(path, allow_pickle=False) as arrays:
            weights = {name: arrays[name].astype(np.float32) for name in arrays.files
                       if name not in _METADATA}
            alphabet = str(arrays["alphabet"])
            words = [str(w) for w in arrays["words"]]
            lexical = [str(w) for w in arrays["lexical"]]
            self.dilations = [int(d) for d in arrays["dilations"]]
            members = int(arrays["members"]) if "members" in arrays.files else 0
        self.word_vecs = weights.pop("word_vecs")
        if "word_scale" in weights:  # int8 vectors
            self.word_vecs *= weights.pop("word_scale")
        self.members = ([{name: a[m] for name, a in weights.items()} for m in range(members)]
                        if members else [weights])
        self.reader = TokenReader(alphabet, words, lexical)
        self._tokens: dict[str, Array] = {}
        self._lock = threading.Lock()

    def token_vector(self, key: str) -> Array:
        """The networks' input rows of one key, (members, inputs): char CNN ⊕ word vector ⊕
        learnt word embedding ⊕ flags (cached)."""
        found = self._tokens.get(key)
        if found is not None:
            return found
        import numpy as np

        read = self.reader.read(key)
        shared = np.concatenate([self.word_vecs[read.word],
                                 np.asarray(read.flags, dtype=np.float32)])
        rows = []
        for w in self.members:
            chars = w["char_emb"][read.chars]  # (L, E)
            windows = np.concatenate([chars[:-2], chars[1:-1], chars[2:]], axis=1)
            char_vec = np.maximum(windows @ w["char_conv_w"] + w["char_conv_b"], 0).max(axis=0)
            rows.append(np.concatenate([char_vec, shared[:-FLAG_COUNT], w["lex_emb"][read.lex],
                                        shared[-FLAG_COUNT:]]))
        row = np.stack(rows)
        with self._lock:
            if len(self._tokens) >= _CACHE_MAX:
                self._tokens.clear()
            self._tokens[key] = row
        return row

    def probabilities(self, sentences: Sequence[Sequence[str]]) -> list[Array]:
        """(tokens, len(TAGS)) tag probabilities for each sentence of token keys (the mean of
        the members' probabilities)."""
        import numpy as np

        if not any(sentences):
            return [np.zeros((0, len(TAGS)), dtype=np.float32) for _ in sentences]
        rows: list[Array] = []
        where: list[tuple[int, int]] = []
        gap = np.zeros((GAP, len(self.members), self.members[0]["proj_w"].shape[0]),
                       dtype=np.float32)
        position = GAP
        rows.append(gap)
        for keys in sentences:
            rows.extend(self.token_vector(k)[None] for k in keys)
            where.append((position, position + len(keys)))
            position += len(keys) + GAP
            rows.append(gap)
        x = np.concatenate(rows)
        mask = np.zeros((len(x), 1), dtype=np.float32)
        for start, end in where:
            mask[start:end] = 1
        probs = self._network(self.members[0], x[:, 0], mask, where)
        for m in range(1, len(self.members)):
            probs += self._network(self.members[m], x[:, m], mask, where)
        probs /= len(self.members)
        return [probs[start:end] for start, end in where]

    def _network(self, w: dict[str, Array], x: Array, mask: Array,
                 where: Sequence[tuple[int, int]]) -> Array:
        """One member's tag probabilities of the batch's rows ``x`` (sentences at ``where``)."""
        import numpy as np

        h = np.maximum(x @ w["proj_w"] + w["proj_b"], 0) * mask
        size = len(h)
        for layer, dilation in enumerate(self.dilations):
            padded = np.pad(h, ((dilation, dilation), (0, 0)))
            windows = np.concatenate([padded[:size], h, padded[2 * dilation:2 * dilation + size]],
                                     axis=1)
            h = h + np.maximum(windows @ w[f"conv{layer}_w"] + w[f"conv{layer}_b"], 0) * mask
        if "gru_ih_w" in w:
            read = bidirectional_gru(w, h, where)
            h = h + np.maximum(read @ w["rnn_out_w"] + w["rnn_out_b"], 0) * mask
        logits = h @ w["out_w"] + w["out_b"]
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        result: Array = odds / odds.sum(axis=1, keepdims=True)
        return result


def bidirectional_gru(w: dict[str, Array], x: Array,
                      where: Sequence[tuple[int, int]]) -> Array:
    """A bidirectional GRU (torch's equations; weights ``gru_*`` stacked forward, backward)
    over each sentence ``x[start:end]`` of ``where``: (len(x), 2 * units), both directions'
    states side by side, zeros outside the sentences. All sentences and both directions step
    together (one matrix product per step)."""
    import numpy as np

    units = w["gru_hh_w"].shape[1]
    lengths = np.array([end - start for start, end in where])
    steps = int(lengths.max()) if len(where) else 0
    offsets = np.arange(steps)
    valid = offsets[None, :] < lengths[:, None]  # (sentences, steps)
    starts = np.array([start for start, _ in where])[:, None]
    forward = np.where(valid, starts + offsets, 0)
    backward = np.where(valid, starts + lengths[:, None] - 1 - offsets, 0)
    rows = np.stack([forward, backward])  # (2, sentences, steps)
    inputs = x[rows] @ w["gru_ih_w"][:, None] + w["gru_ih_b"][:, None, None]
    state = np.zeros((2, len(where), units), dtype=np.float32)
    states = np.zeros((2, len(where), steps, units), dtype=np.float32)
    for t in range(steps):
        given = inputs[:, :, t]
        hidden = state @ w["gru_hh_w"] + w["gru_hh_b"][:, None]
        gates = 1 / (1 + np.exp(-(given[..., :2 * units] + hidden[..., :2 * units])))
        reset, update = gates[..., :units], gates[..., units:]
        new = np.tanh(given[..., 2 * units:] + reset * hidden[..., 2 * units:])
        state = (1 - update) * new + update * state
        states[:, :, t] = state
    out = np.zeros((len(x), 2 * units), dtype=np.float32)
    out[forward[valid], :units] = states[0][valid]
    out[backward[valid], units:] = states[1][valid]
    return out


_TAG_FEATURES = [f"nn={tag}".encode() for tag in TAGS]
_BEFORE = [f"-1:nn={tag}".encode() for tag in TAGS]
_AFTER = [f"1:nn={tag}".encode() for tag in TAGS]
_SURE = [[f"nnq={tag}:{level}".encode() for level in range(4)] for tag in TAGS]
_LEVELS = (0.5, 0.8, 0.95)


def crf_features(probs: Array) -> list[list[bytes]]:
    """The CRF features of a sentence's tag probabilities: each token's likeliest tag, how
    sure the network is of it (four levels), and its neighbours' likeliest tags."""
    import numpy as np

    best = probs.argmax(axis=1).tolist()
    levels = np.searchsorted(_LEVELS, probs.max(axis=1)).tolist()
    size = len(best)
    out = []
    for i, (tag, level) in enumerate(zip(best, levels, strict=True)):
        feats = [_TAG_FEATURES[tag], _SURE[tag][level]]
        if i > 0:
            feats.append(_BEFORE[best[i - 1]])
        if i + 1 < size:
            feats.append(_AFTER[best[i + 1]])
        out.append(feats)
    return out
