"""Train the shipped CRF: ``python -m reader.training.train [--data DIR] [--aqmar]``.

Reads ANERcorp (CAMeL train split) from ``--data`` (default ``../shared/data/ner`` beside the
repository) and, with ``--aqmar``, AQMAR too (Wikipedia: it lowered the cross-validated news F1,
so it is off by default); writes ``reader/nlp/data/ner.crfsuite`` (+ ``.attrs``; the most
frequent words are folded, see ``reader.training.fold``), ``names.tsv`` and ``common.txt``; then
the opt-in accurate analyser: the neural tagger (``neural.npz``; needs torch and the e5 vectors of
``reader.training.build_embeddings``) and a CRF trained on its cross-predicted guesses too
(``ner_accurate.crfsuite``); ``--no-neural`` skips them. The data itself is never copied.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from reader.lang.tokens import tokenize
from reader.lang.words import strip_clitics
from reader.nlp.features import Featurizer
from reader.nlp.neural import crf_features
from reader.nlp.paths import ACCURATE_MODEL_PATH, DATA_DIR, MODEL_PATH, NEURAL_PATH
from reader.training.build_embeddings import DEFAULT_CACHE
from reader.training.corpus import Sentence, frequent_words, load_training, token_key
from reader.training.fold import DEFAULT_WORDS, fold_file
from reader.training.neural import Seeds, add_seed_options, train_ensemble
from reader.training.paths import DEFAULT_TRAINING_DIR

PARAMS = {"c1": 0.2, "c2": 0.05, "max_iterations": 120,
          "feature.possible_transitions": True}


def build_lexicon(sentences: Sequence[Sentence], min_count: int = 2) -> dict[str, str]:
    """Clitic-stripped words seen mostly inside names → their most frequent type."""
    inside: dict[str, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    for sentence in sentences:
        for surface, tag in sentence:
            key = tokenize(surface)[0].key if surface.strip() else ""
            stem, _ = strip_clitics(key)
            if len(stem) < 2:
                continue
            total[stem] += 1
            if tag != "O":
                inside[stem][tag[2:]] += 1
    lexicon = {}
    for stem, types in inside.items():
        count = sum(types.values())
        if count >= min_count and count >= 0.5 * total[stem]:
            lexicon[stem] = types.most_common(1)[0][0]
    return lexicon


def build_common(sentences: Sequence[Sentence], min_count: int = 3) -> frozenset[str]:
    """Clitic-stripped words seen at least ``min_count`` times and (almost) never in a name."""
    inside: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for sentence in sentences:
        for surface, tag in sentence:
            parts = tokenize(surface)
            if not parts:
                continue
            stem = strip_clitics(parts[0].key)[0]
            total[stem] += 1
            if tag != "O":
                inside[stem] += 1
    return frozenset(w for w, n in total.items() if n >= min_count and inside[w] <= 0.02 * n)


def train_model(sentences: Sequence[Sentence], model: Path, verbose: bool = False,
                neural: Sequence[Any] | None = None,
                clusters: Mapping[str, str] | None = None) -> None:
    """Train a CRF on (already re-tokenised) sentences and write it to ``model``.

    The names-lexicon features of the training sentences are jackknifed: each of
    ``LEXICON_FOLDS`` contiguous parts is featurised with a lexicon built from the other
    parts, so the model learns how far the lexicon is trusted on text it did not come from
    (run-time text), not on the text that built it. The lexicon built from all of
    ``sentences`` is the one used at run time (shipped as ``names.tsv``).
    """
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=verbose)
    number = 0
    for part, featurizer in _jackknife(sentences, LEXICON_FOLDS, clusters):
        for sentence in part:
            features = featurizer.sequence([token_key(token) for token, _ in sentence])
            if neural is not None:
                for own, more in zip(features, crf_features(neural[number]), strict=True):
                    own.extend(more)
            trainer.append(features, [tag for _, tag in sentence])
            number += 1
    trainer.set_params(PARAMS)
    trainer.train(str(model))


LEXICON_FOLDS = 5


def _jackknife(sentences: Sequence[Sentence], k: int,
               clusters: Mapping[str, str] | None = None,
               ) -> list[tuple[Sequence[Sentence], Featurizer]]:
    """k contiguous parts of ``sentences``, each with a featurizer whose names lexicon was
    built from the other parts only."""
    size = len(sentences)
    bounds = [(i * size // k, (i + 1) * size // k) for i in range(k)]
    return [(sentences[start:end],
             Featurizer(build_lexicon([*sentences[:start], *sentences[end:]]),
                        clusters=clusters))
            for start, end in bounds]


def write_lexicon(lexicon: dict[str, str], path: Path) -> None:
    path.write_text("".join(f"{k}\t{v}\n" for k, v in sorted(lexicon.items())), encoding="utf-8")


def _train_accurate(news: Sequence[Sentence], extra: Sequence[Sentence],
                    args: argparse.Namespace) -> None:
    """The networks and the CRF that reads their guesses (the accurate analyser)."""
    cross = train_ensemble([*news, *extra], args.vectors, NEURAL_PATH,
                           Seeds.from_options(args), args.keep_neural,
                           verbose=True)
    train_model([*news, *extra], ACCURATE_MODEL_PATH, neural=cross)
    fold_file(ACCURATE_MODEL_PATH, frequent_words(news, DEFAULT_WORDS))
    print(f"accurate analyser: {NEURAL_PATH} "
          f"({NEURAL_PATH.stat().st_size / 1e6:.2f} MB), {ACCURATE_MODEL_PATH} "
          f"({ACCURATE_MODEL_PATH.stat().st_size / 1e6:.2f} MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_TRAINING_DIR)
    parser.add_argument("--aqmar", action="store_true",
                        help="add AQMAR (Wikipedia) to the training text")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--vectors", type=Path, default=DEFAULT_CACHE,
                        help="the e5 vector cache of reader.training.build_embeddings")
    parser.add_argument("--no-neural", action="store_true",
                        help="skip the accurate analyser (needs no torch)")
    parser.add_argument("--accurate-only", action="store_true",
                        help="retrain the accurate analyser only (the fast model, its lexicon "
                             "and common words stay as shipped)")
    add_seed_options(parser)
    parser.add_argument("--keep-neural", type=Path,
                        help="a folder keeping each seed's network and cross-predictions "
                             "(reused when present)")
    args = parser.parse_args(argv)
    if not (args.data / "anercorp-camel-train.txt").is_file():
        parser.error(f"no ANERcorp training file in {args.data}")
    started = time.perf_counter()
    news, extra = load_training(args.data, args.aqmar)
    if args.accurate_only:
        _train_accurate(news, extra, args)
        return 0
    lexicon = build_lexicon(news + extra)
    write_lexicon(lexicon, DATA_DIR / "names.tsv")
    common = sorted(build_common(news + extra))
    (DATA_DIR / "common.txt").write_text("".join(f"{w}\n" for w in common), encoding="utf-8")
    train_model(news + extra, args.out)
    folded = fold_file(args.out, frequent_words(news, DEFAULT_WORDS))
    if not args.no_neural:
        _train_accurate(news, extra, args)
    size = args.out.stat().st_size / 1e6
    print(f"trained on {len(news) + len(extra)} sentences in {time.perf_counter() - started:.0f} s;"
          f" model {args.out} ({size:.2f} MB, {folded} folded words), lexicon {len(lexicon)} "
          "words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
