"""Train the neural tagger whose tag guesses feed the CRF (torch, offline only).

``python -m reader.training.neural [--data DIR] [--cache FILE] [--out FILE]`` trains on the
whole ANERcorp training file and writes ``reader/nlp/data/neural.npz``; ``reader.training.train``
calls ``train_network`` and ``cross_predict`` itself. torch is a development tool here
(``pip install torch`` in a build environment); the run time reads the arrays with numpy
(``reader.nlp.neural``), and the tests never need torch.

The network: a character CNN over each token key, a fixed word vector (the e5 vectors of
``reader.training.build_embeddings`` reduced by PCA, for wordfreq's frequent words and the
training words), gazetteer/trigger flags, a projection, three residual dilated convolutions over
the sentence and a softmax over the BIO tags. The CRF is trained on *cross-predicted*
probabilities (each part of its training text tagged by a network that did not see it), so it
learns how far the network is right on unseen text. Several networks trained with different seeds
(``train_ensemble``) ship as one ensemble whose probabilities are averaged.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from reader.nlp.neural import FLAG_COUNT, TAGS, NeuralTagger, TokenReader
from reader.nlp.paths import NEURAL_PATH
from reader.training.build_embeddings import DEFAULT_CACHE, frequent_keys
from reader.training.corpus import Sentence, load_training, token_key
from reader.training.paths import DEFAULT_TRAINING_DIR

DILATIONS = (1, 2, 4)
WORD_DIMS = 48
CHAR_DIM = 24
CHAR_FILTERS = 64
HIDDEN = 96
EPOCHS = 12
RNN_HIDDEN = 0  # units per direction of a bidirectional GRU after the convolutions (0: none)
LEX_DIMS = 32
LEX_MIN_COUNT = 2
WORD_DROPOUT = 0.25
DROPOUT = 0.35
VOCAB_WORDS = 60000
WORD_SCALE = 32  # word vectors ship as int8 in steps of 1/32 standard deviation
SEEDS = (13, 14)  # one network per seed, probabilities averaged
CROSS_SEEDS = (13,)  # the seeds whose cross-predictions train the CRF
_TAG_IDS = {tag: i for i, tag in enumerate(TAGS)}


def word_table(cache: Path, train_keys: set[str], vocab_words: int = VOCAB_WORDS,
               dims: int = WORD_DIMS) -> tuple[list[str], Any]:
    """(words, (len(words) + 1, dims) int8 vectors times ``WORD_SCALE``; row 0 zeros): the
    cached e5 vectors of wordfreq's frequent words and of ``train_keys``, reduced by PCA
    (fitted on them), in units of their standard deviation."""
    import numpy as np

    with np.load(cache, allow_pickle=False) as arrays:
        keys = [str(k) for k in arrays["keys"]]
        vectors = arrays["vectors"].astype(np.float32)
    allowed = set(frequent_keys(vocab_words)) | train_keys
    rows = [i for i, k in enumerate(keys) if k in allowed]
    chosen = vectors[rows]
    centred = chosen - chosen.mean(axis=0)
    _, _, components = np.linalg.svd(centred[::3], full_matrices=False)
    reduced = centred @ components[:dims].T
    reduced /= reduced.std()
    table = np.concatenate([np.zeros((1, dims), dtype=np.float32), reduced])
    return [keys[i] for i in rows], np.round(table * WORD_SCALE).clip(-127, 127).astype(np.int8)


def alphabet_of(sentences: Sequence[Sentence], min_count: int = 5) -> str:
    counts = Counter(c for sentence in sentences for token, _ in sentence
                     for c in token_key(token))
    return "".join(sorted(c for c, n in counts.items() if n >= min_count))


class _Encoded:
    """Sentences as padded key-index tensors, and every distinct key's inputs once."""

    def __init__(self, sentences: Sequence[Sentence], reader: TokenReader) -> None:
        import torch

        index: dict[str, int] = {"": 0}
        reads = [reader.read("")]
        size, longest = len(sentences), max(len(s) for s in sentences)
        self.keys = torch.zeros((size, longest), dtype=torch.long)
        self.tags = torch.zeros((size, longest), dtype=torch.long)
        self.mask = torch.zeros((size, longest))
        for n, sentence in enumerate(sentences):
            for i, (token, tag) in enumerate(sentence):
                key = token_key(token)
                if key not in index:
                    index[key] = len(reads)
                    reads.append(reader.read(key))
                self.keys[n, i] = index[key]
                self.tags[n, i] = _TAG_IDS[tag]
                self.mask[n, i] = 1
        self.chars = torch.tensor([r.chars for r in reads], dtype=torch.long)
        self.words = torch.tensor([r.word for r in reads], dtype=torch.long)
        self.lex = torch.tensor([r.lex for r in reads], dtype=torch.long)
        self.flags = torch.tensor([r.flags for r in reads], dtype=torch.float32)
        self.lengths = [len(s) for s in sentences]

    def batches(self, rng: random.Random, size: int = 32) -> list[list[int]]:
        """Sentence indexes in batches of similar length (little padding), shuffled."""
        order = sorted(range(len(self.lengths)), key=lambda i: (self.lengths[i], rng.random()))
        batches = [order[start:start + size] for start in range(0, len(order), size)]
        rng.shuffle(batches)
        return batches

    def batch(self, index: list[int]) -> tuple[Any, ...]:
        """(chars, words, learnt-word ids, flags of the batch's distinct keys, key positions,
        mask, tags)."""
        import torch

        longest = max(self.lengths[i] for i in index)
        keys = self.keys[index, :longest]
        distinct, positions = torch.unique(keys, return_inverse=True)
        return (self.chars[distinct], self.words[distinct], self.lex[distinct],
                self.flags[distinct], positions,
                self.mask[index, :longest], self.tags[index, :longest])


def _network(alphabet_size: int, table: Any, lexical_size: int, rnn: int = 0) -> Any:
    import torch
    from torch import nn

    class Net(nn.Module):  # type: ignore[misc,unused-ignore]  # torch untyped when absent
        def __init__(self) -> None:
            super().__init__()
            self.char_emb = nn.Embedding(alphabet_size + 3, CHAR_DIM, padding_idx=0)
            self.char_conv = nn.Linear(3 * CHAR_DIM, CHAR_FILTERS)
            self.word_vecs = nn.Embedding.from_pretrained(  # type: ignore[no-untyped-call, unused-ignore]
                torch.tensor(table, dtype=torch.float32) / WORD_SCALE, freeze=True)
            self.lex_emb = nn.Embedding(lexical_size + 1, LEX_DIMS, padding_idx=0)
            self.proj = nn.Linear(CHAR_FILTERS + table.shape[1] + LEX_DIMS + FLAG_COUNT,
                                  HIDDEN)
            self.convs = nn.ModuleList(nn.Linear(3 * HIDDEN, HIDDEN) for _ in DILATIONS)
            self.rnn = (nn.GRU(HIDDEN, rnn, batch_first=True, bidirectional=True) if rnn
                        else None)
            self.rnn_out = nn.Linear(2 * rnn, HIDDEN) if rnn else None
            self.out = nn.Linear(HIDDEN, len(TAGS))
            self.drop = nn.Dropout(DROPOUT)

        def forward(self, chars: Any, words: Any, lex: Any, flags: Any, positions: Any,
                    mask: Any) -> Any:
            c = self.char_emb(chars)
            windows = torch.cat([c[..., :-2, :], c[..., 1:-1, :], c[..., 2:, :]], dim=-1)
            char_vec = torch.relu(self.char_conv(windows)).max(dim=-2).values
            if self.training:  # a known word is sometimes read as unknown (run-time text)
                lex = lex * (torch.rand(lex.shape) >= WORD_DROPOUT)
            tokens = torch.cat([char_vec, self.word_vecs(words), self.lex_emb(lex), flags],
                               dim=-1)
            x = self.drop(tokens[positions])
            m = mask.unsqueeze(-1)
            h = torch.relu(self.proj(x)) * m
            size = h.shape[1]
            for dilation, conv in zip(DILATIONS, self.convs, strict=True):
                padded = nn.functional.pad(h, (0, 0, dilation, dilation))
                windows = torch.cat([padded[:, :size], h,
                                     padded[:, 2 * dilation:2 * dilation + size]], dim=-1)
                h = h + torch.relu(conv(self.drop(windows))) * m
            if self.rnn is not None and self.rnn_out is not None:
                lengths = mask.sum(dim=1).long().cpu()
                packed = nn.utils.rnn.pack_padded_sequence(self.drop(h), lengths,
                                                           batch_first=True,
                                                           enforce_sorted=False)
                read, _ = self.rnn(packed)
                read, _ = nn.utils.rnn.pad_packed_sequence(read, batch_first=True,
                                                           total_length=size)
                h = h + torch.relu(self.rnn_out(read)) * m
            return self.out(self.drop(h))

    return Net()


def train_network(sentences: Sequence[Sentence], cache: Path, out: Path,
                  epochs: int = EPOCHS, seed: int = 13, verbose: bool = False,
                  rnn: int = RNN_HIDDEN, word_dims: int = WORD_DIMS) -> None:
    """Train the network on ``sentences`` and write its arrays to ``out`` (.npz): ``rnn``
    units per direction of its GRU (0: none), word vectors of ``word_dims`` dimensions."""
    import numpy as np
    import torch

    torch.set_num_threads(1)  # the machine's other core is busy: two threads spin and wait
    torch.manual_seed(seed)
    rng = random.Random(seed)
    train_keys = {token_key(token) for sentence in sentences for token, _ in sentence}
    words, table = word_table(cache, train_keys, dims=word_dims)
    alphabet = alphabet_of(sentences)
    counts = Counter(token_key(token) for sentence in sentences for token, _ in sentence)
    lexical = sorted(k for k, n in counts.items() if n >= LEX_MIN_COUNT)
    reader = TokenReader(alphabet, words, lexical)
    data = _Encoded(sentences, reader)
    net = _network(len(alphabet), table, len(lexical), rnn)
    optimiser = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=2e-3)
    steps = len(data.batches(rng))
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=3e-3,
                                                   total_steps=epochs * steps)
    loss_of = torch.nn.CrossEntropyLoss(reduction="none")
    for epoch in range(epochs):
        net.train()
        total = 0.0
        started = time.perf_counter()
        for index in data.batches(rng):
            chars, word_ids, lex, flags, positions, mask, tags = data.batch(index)
            logits = net(chars, word_ids, lex, flags, positions, mask)
            loss = (loss_of(logits.transpose(1, 2), tags) * mask).sum() / mask.sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item()
        if verbose:
            print(f"  epoch {epoch + 1}/{epochs}: loss {total / steps:.4f} "
                  f"({time.perf_counter() - started:.0f} s)", flush=True)
    net.eval()
    arrays = {
        "char_emb": net.char_emb.weight.detach().numpy(),
        "char_conv_w": net.char_conv.weight.detach().numpy().T,
        "char_conv_b": net.char_conv.bias.detach().numpy(),
        "word_vecs": table,
        "lex_emb": net.lex_emb.weight.detach().numpy(),
        "proj_w": net.proj.weight.detach().numpy().T,
        "proj_b": net.proj.bias.detach().numpy(),
        "out_w": net.out.weight.detach().numpy().T,
        "out_b": net.out.bias.detach().numpy(),
    }
    for layer, conv in enumerate(net.convs):
        arrays[f"conv{layer}_w"] = conv.weight.detach().numpy().T
        arrays[f"conv{layer}_b"] = conv.bias.detach().numpy()
    if net.rnn is not None:
        arrays.update(_gru_arrays(net.rnn))
        arrays["rnn_out_w"] = net.rnn_out.weight.detach().numpy().T
        arrays["rnn_out_b"] = net.rnn_out.bias.detach().numpy()
    arrays = {name: (a if name == "word_vecs" else a.astype(np.float16))
              for name, a in arrays.items()}
    np.savez_compressed(out, alphabet=np.array(alphabet), words=np.array(words),
                        word_scale=np.array(1 / WORD_SCALE, dtype=np.float32),
                        lexical=np.array(lexical),
                        dilations=np.array(DILATIONS), **arrays)


def _gru_arrays(gru: Any) -> dict[str, Any]:
    """A torch bidirectional GRU's weights as ``reader.nlp.neural`` reads them: input and
    recurrent matrices (transposed, gates r, z, n) and biases, forward then backward stacked."""
    import numpy as np

    def both(name: str) -> Any:
        return np.stack([getattr(gru, name + suffix).detach().numpy()
                         for suffix in ("_l0", "_l0_reverse")])

    return {"gru_ih_w": both("weight_ih").transpose(0, 2, 1), "gru_ih_b": both("bias_ih"),
            "gru_hh_w": both("weight_hh").transpose(0, 2, 1), "gru_hh_b": both("bias_hh")}


def predict(tagger: NeuralTagger, sentences: Sequence[Sentence]) -> list[Any]:
    """The network's tag probabilities of each sentence (batches of 64 sentences)."""
    out: list[Any] = []
    for start in range(0, len(sentences), 64):
        batch = [[token_key(token) for token, _ in s] for s in sentences[start:start + 64]]
        out.extend(tagger.probabilities(batch))
    return out


def stack_networks(paths: Sequence[Path], out: Path) -> None:
    """Write the networks of ``paths`` (trained on the same sentences with different seeds:
    same vocabularies and word vectors) to ``out`` as one ensemble, their weights stacked on a
    first axis; ``NeuralTagger`` averages their probabilities."""
    import numpy as np

    shared = ("alphabet", "words", "lexical", "dilations", "word_vecs", "word_scale")
    loaded = []
    for path in paths:
        with np.load(path, allow_pickle=False) as arrays:
            loaded.append({name: arrays[name] for name in arrays.files})
    first = loaded[0]
    for other in loaded[1:]:
        if other.keys() != first.keys() or any(
                not np.array_equal(first[name], other[name]) for name in shared if name in first):
            raise ValueError("the networks of an ensemble share their vocabularies and vectors")
    arrays = {name: (a if name in shared else np.stack([n[name] for n in loaded]))
              for name, a in first.items()}
    np.savez_compressed(out, members=np.array(len(loaded)), **arrays)


def cross_predict(sentences: Sequence[Sentence], cache: Path, k: int = 3,
                  verbose: bool = False, seed: int = 13, rnn: int = RNN_HIDDEN,
                  word_dims: int = WORD_DIMS) -> list[Any]:
    """Each of ``k`` contiguous parts of ``sentences`` tagged by a network trained on the
    other parts (the probabilities the CRF is trained on)."""
    size = len(sentences)
    out: list[Any] = []
    with tempfile.TemporaryDirectory() as tmp:
        for part in range(k):
            start, end = part * size // k, (part + 1) * size // k
            path = Path(tmp) / f"part{part}.npz"
            started = time.perf_counter()
            train_network([*sentences[:start], *sentences[end:]], cache, path, seed=seed,
                          rnn=rnn, word_dims=word_dims)
            out.extend(predict(NeuralTagger(path), sentences[start:end]))
            if verbose:
                print(f"cross-prediction part {part + 1}/{k}, seed {seed} "
                      f"({time.perf_counter() - started:.0f} s)", flush=True)
    return out


class Seeds(NamedTuple):
    """The seeds of an ensemble's networks, those whose cross-predictions train the CRF
    (None: all of them), and the networks' shape: GRU units per direction (0: none) and
    word-vector dimensions."""

    networks: tuple[int, ...] = SEEDS
    crossed: tuple[int, ...] | None = CROSS_SEEDS
    rnn: int = RNN_HIDDEN
    word_dims: int = WORD_DIMS

    @classmethod
    def parse(cls, networks: str, crossed: str = "all", rnn: int = RNN_HIDDEN,
              word_dims: int = WORD_DIMS) -> Seeds:
        """From comma-separated lists (command-line options; ``all``: every network's)."""
        def ints(text: str) -> tuple[int, ...]:
            return tuple(int(part) for part in text.split(","))
        return cls(ints(networks), None if crossed == "all" else ints(crossed), rnn, word_dims)

    @classmethod
    def from_options(cls, args: argparse.Namespace) -> Seeds:
        """From the options of ``add_seed_options``."""
        return cls.parse(args.seeds, args.cross_seeds, args.rnn, args.word_dims)


DEFAULT_SEEDS = Seeds()


def add_seed_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seeds", default=",".join(map(str, SEEDS)),
                        help="the networks' seeds, comma-separated: one network each, averaged")
    parser.add_argument("--cross-seeds", default=",".join(map(str, CROSS_SEEDS)),
                        help="the seeds whose cross-predictions train the CRF, or 'all' "
                             "(three more networks each)")
    parser.add_argument("--rnn", type=int, default=RNN_HIDDEN,
                        help="GRU units per direction after the convolutions (0: none)")
    parser.add_argument("--word-dims", type=int, default=WORD_DIMS,
                        help="dimensions the e5 word vectors are reduced to")


def train_ensemble(sentences: Sequence[Sentence], cache: Path, out: Path,
                   seeds: Seeds = DEFAULT_SEEDS, keep: Path | None = None,
                   verbose: bool = False) -> list[Any]:
    """Train one network per seed on ``sentences`` and write them to ``out`` as an ensemble;
    return the cross-predicted probabilities of ``sentences``: the mean of those of each of
    ``seeds.crossed`` (None: every seed; fewer saves three networks per seed left out). With
    ``keep`` (a folder), each seed's network and cross-predictions are kept there and reused
    by the next run with the same sentences and network shape (to add a seed, or to try CRF
    features, without retraining the others)."""
    import numpy as np

    networks = seeds.networks
    crossed = networks if seeds.crossed is None else seeds.crossed
    paths: list[Path] = []
    total: list[Any] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep if keep is not None else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for seed in dict.fromkeys([*networks, *crossed]):
            network, cross = folder / f"neural-s{seed}.npz", folder / f"cross-s{seed}.npz"
            started = time.perf_counter()
            if seed in networks and not network.is_file():
                train_network(sentences, cache, network, seed=seed, rnn=seeds.rnn,
                              word_dims=seeds.word_dims)
            if seed in crossed and not cross.is_file():
                guesses = cross_predict(sentences, cache, seed=seed, verbose=verbose,
                                        rnn=seeds.rnn, word_dims=seeds.word_dims)
                np.savez(cross, **{f"s{i}": p for i, p in enumerate(guesses)})
            if verbose:
                print(f"seed {seed}: network and cross-predictions "
                      f"({time.perf_counter() - started:.0f} s)", flush=True)
            if seed in crossed:
                with np.load(cross, allow_pickle=False) as arrays:
                    probabilities = [arrays[f"s{i}"] for i in range(len(sentences))]
                total = probabilities if not total else [
                    a + b for a, b in zip(total, probabilities, strict=True)]
            if seed in networks:
                paths.append(network)
        stack_networks(paths, out)
    return [p / len(crossed) for p in total]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_TRAINING_DIR)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--out", type=Path, default=NEURAL_PATH)
    args = parser.parse_args(argv)
    news, _ = load_training(args.data, False)
    train_network(news, args.cache, args.out, verbose=True)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
