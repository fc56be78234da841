"""A fine-tuned multilingual-e5-small name tagger, run in numpy (the accurate analyser's).

The model (``reader.training.finetune`` then ``reader.training.export_transformer``) is a
BERT-style encoder — word + position + token-type embeddings, LayerNorm, post-LayerNorm
self-attention and GELU feed-forward layers — with a linear BIO head on the first subword of
each word. Its matrices ship as int8 with one fp32 scale per output row, its vocabulary pruned
to the pieces Arabic text needs; the matrices are widened to fp32 once, on first use.

Words are cut into pieces by ``UnigramTokenizer``; a sentence longer than ``MAX_PIECES``
pieces (with ``<s>`` and ``</s>``) is cut between words, the way the tagger was trained.
Imported only by the accurate analyser (numpy at import); no torch at run time.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from reader.nlp.subwords import UnigramTokenizer

Floats = NDArray[np.float32]

MAX_PIECES = 128
MAX_WORD_PIECES = MAX_PIECES // 4
TAGS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
_BATCH = 16


def word_chunks(piece_counts: Sequence[int]) -> list[tuple[int, int]]:
    """[first, last) word ranges whose pieces (each word cut to ``MAX_WORD_PIECES``) fit in
    ``MAX_PIECES`` with ``<s>`` and ``</s>``; every word is in exactly one range."""
    out = []
    first, used = 0, 1
    for index, count in enumerate(piece_counts):
        count = min(count, MAX_WORD_PIECES)
        if used + count > MAX_PIECES - 1:
            out.append((first, index))
            first, used = index, 1
        used += count
    out.append((first, len(piece_counts)))
    return out


def _erf(x: Floats) -> Floats:
    """erf to 1.5e-7 (Abramowitz & Stegun 7.1.26): numpy has none."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741
                                                      + t * (-1.453152027 + t * 1.061405429))))
    out: Floats = (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)
    return out


def gelu(x: Floats) -> Floats:
    out: Floats = (0.5 * x * (1.0 + _erf(x * np.float32(1 / math.sqrt(2))))).astype(np.float32)
    return out


def layer_norm(x: Floats, weight: Floats, bias: Floats, eps: float) -> Floats:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(-1, keepdims=True)
    out: Floats = (centred / np.sqrt(variance + eps) * weight + bias).astype(np.float32)
    return out


class _Linear(NamedTuple):
    weight: Floats  # (in, out), widened from int8 rows times their scales
    bias: Floats

    def __call__(self, x: Floats) -> Floats:
        out: Floats = x @ self.weight + self.bias
        return out


class _Layer(NamedTuple):
    q: _Linear
    k: _Linear
    v: _Linear
    ao: _Linear
    aln: tuple[Floats, Floats]
    fi: _Linear
    fo: _Linear
    oln: tuple[Floats, Floats]


def quantise_rows(matrix: Floats) -> tuple[Any, Floats]:
    """(int8 rows, fp32 scale per row) of a (rows, columns) matrix."""
    scales = np.abs(matrix).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    return (np.round(matrix / scales[:, None]).clip(-127, 127).astype(np.int8),
            scales.astype(np.float32))


class TransformerTagger:
    """The tagger of a ``transformer.npz``; ``tag`` gives BIO tags per word."""

    def __init__(self, path: Path) -> None:
        with np.load(path, allow_pickle=False) as arrays:
            data = {name: arrays[name] for name in arrays.files}
        self.heads = int(data["config"][0])
        self.eps = float(data["eps"][0])
        self.bos, self.eos, self.pad, unk = (int(i) for i in data["specials"])
        self.tokenizer = UnigramTokenizer(
            [str(p) for p in data["pieces"]], data["scores"].tolist(), unk,
            dict(zip((str(c) for c in data["norm_from"]), (str(c) for c in data["norm_to"]),
                     strict=True)))
        self.word = data["word.q"]
        self.word_scale = data["word.s"]
        self.position = data["pos"].astype(np.float32) + data["type"].astype(np.float32)
        self.embedding_norm = (data["eln.w"], data["eln.b"])
        layers = int(data["config"][1])
        self.layers = [self._layer(data, f"l{n}.") for n in range(layers)]
        self.head = _Linear(np.ascontiguousarray(data["head.w"].T), data["head.b"])

    @staticmethod
    def _linear(data: dict[str, Any], name: str) -> _Linear:
        widened = data[name + ".q"].astype(np.float32) * data[name + ".s"][:, None]
        return _Linear(np.ascontiguousarray(widened.T), data[name + ".b"])

    def _layer(self, data: dict[str, Any], prefix: str) -> _Layer:
        def linear(part: str) -> _Linear:
            return self._linear(data, prefix + part)
        return _Layer(linear("q"), linear("k"), linear("v"), linear("ao"),
                      (data[prefix + "aln.w"], data[prefix + "aln.b"]), linear("fi"),
                      linear("fo"), (data[prefix + "oln.w"], data[prefix + "oln.b"]))

    def hidden(self, ids: Any, lengths: Sequence[int]) -> Floats:
        """(batch, length, hidden) final hidden states of padded piece ids."""
        batch, length = ids.shape
        x = self.word[ids].astype(np.float32) * self.word_scale[ids][..., None]
        x = layer_norm(x + self.position[:length], *self.embedding_norm, self.eps)
        mask = np.zeros((batch, 1, 1, length), dtype=np.float32)
        for row, size in enumerate(lengths):
            mask[row, ..., size:] = -1e9
        for layer in self.layers:
            x = self._layer_forward(layer, x, mask)
        return x

    def _layer_forward(self, layer: _Layer, x: Floats, mask: Floats) -> Floats:
        batch, length, hidden = x.shape
        size = hidden // self.heads

        def split(t: Floats) -> Floats:
            return t.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)

        q, k, v = split(layer.q(x)), split(layer.k(x)), split(layer.v(x))
        scores = q @ k.transpose(0, 1, 3, 2) / np.float32(math.sqrt(size)) + mask
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
        x = layer_norm(x + layer.ao(context), *layer.aln, self.eps)
        return layer_norm(x + layer.fo(gelu(layer.fi(x))), *layer.oln, self.eps)

    def probabilities(self, sentences: Sequence[Sequence[str]]) -> list[Floats]:
        """A (words, ``len(TAGS)``) softmax of each sentence, read at each word's first piece."""
        inputs: list[tuple[int, int, list[int], list[int]]] = []  # sentence, first word, ids, heads
        for number, words in enumerate(sentences):
            pieces = [self.tokenizer.encode_word(w)[:MAX_WORD_PIECES] for w in words]
            for first, last in word_chunks([len(p) for p in pieces]):
                ids, heads = [self.bos], []
                for word_pieces in pieces[first:last]:
                    heads.append(len(ids))
                    ids.extend(word_pieces)
                inputs.append((number, first, ids + [self.eos], heads))
        out = [np.zeros((len(words), len(TAGS)), dtype=np.float32) for words in sentences]
        inputs.sort(key=lambda item: len(item[2]))
        for start in range(0, len(inputs), _BATCH):
            group = inputs[start:start + _BATCH]
            lengths = [len(item[2]) for item in group]
            padded = np.full((len(group), max(lengths)), self.pad, dtype=np.int64)
            for row, item in enumerate(group):
                padded[row, :lengths[row]] = item[2]
            logits = self.head(self.hidden(padded, lengths))
            odds = np.exp(logits - logits.max(-1, keepdims=True))
            softmax = odds / odds.sum(-1, keepdims=True)
            for row, (number, first, _, heads) in enumerate(group):
                out[number][first:first + len(heads)] = softmax[row, heads]
        return out

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags (``TAGS``) for the words of each sentence: each word's most probable,
        split names joined (``join_split_names``)."""
        return [join_split_names(words, [TAGS[int(i)] for i in rows.argmax(-1)])
                for words, rows in zip(sentences, self.probabilities(sentences), strict=True)]


def join_split_names(words: Sequence[str], tags: Sequence[str]) -> list[str]:
    """``tags`` with a B- right after a name of the same kind turned to I- unless its word
    begins with و: the tagger reads each word's first piece alone and splits one name in two
    (حوض اليرموك, فان باستن as B-LOC B-LOC, B-PERS B-PERS), while two names side by side are
    mostly joined by و (مصر وسوريا). On the held-out sixth: F1 0.6968 to 0.7013 alone, the
    accurate merge 0.7510 to 0.7553 (``reader.training.combine``)."""
    out = list(tags)
    for i in range(1, len(out)):
        tag = out[i]
        if tag.startswith("B-") and out[i - 1][2:] == tag[2:] and not words[i].startswith("و"):
            out[i] = "I-" + tag[2:]
    return out


_SHARED: dict[Path, TransformerTagger | None] = {}
_SHARED_LOCK = threading.Lock()


def shared_transformer(path: Path | None = None) -> TransformerTagger | None:
    """The shipped tagger (``TRANSFORMER_PATH``), loaded once; None when it is not shipped."""
    from reader.nlp.paths import TRANSFORMER_PATH

    path = path or TRANSFORMER_PATH
    with _SHARED_LOCK:
        if path not in _SHARED:
            _SHARED[path] = TransformerTagger(path) if path.is_file() else None
        return _SHARED[path]
