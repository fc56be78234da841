"""Fold the own features of frequent words into the CRF model: ``python -m reader.training.fold``.

Tagging cost grows with the attributes python-crfsuite converts and looks up per token (about
twelve here, eight of them the token's own: word, stem, affixes, length, shape, lists). For a
frequent word those eight always come together, so the model gets one more attribute,
``f=<word>``, whose weight for each label is the sum of theirs, added in the order the tagger
adds them: the tags and marginals are bit-for-bit the same, with about half the attributes.

The folded words are the most frequent token keys of the training text (``--data``), or, when
the model is already folded and no data is given, the words it folded before: run this again
after the word lists change (``build_data`` does), since a folded weight bakes in the gazetteer,
trigger, names and stopword features of its word.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

from reader.nlp.crf import write_attributes
from reader.nlp.features import FOLDED, Featurizer
from reader.nlp.paths import MODEL_PATH
from reader.nlp.resources import lexicon, reload_lists
from reader.training.crfsuite_format import CrfModel, read_model, write_model
from reader.training.paths import DEFAULT_TRAINING_DIR

DEFAULT_WORDS = 16_000


def unfolded(model: CrfModel) -> CrfModel:
    """``model`` without its folded attributes."""
    keep = [i for i, name in enumerate(model.attributes) if not name.startswith(FOLDED)]
    return CrfModel(model.labels, [model.attributes[i] for i in keep], model.transitions,
                    [model.states[i] for i in keep])


def folded_words(model: CrfModel) -> list[str]:
    """The words ``model`` has folded attributes for."""
    return [name[len(FOLDED):] for name in model.attributes if name.startswith(FOLDED)]


def fold(model: CrfModel, words: Iterable[str], featurizer: Featurizer) -> CrfModel:
    """``model`` (unfolded) plus one folded attribute per word of ``words``.

    ``featurizer`` must emit the features the tagger will emit (run-time word lists); it is
    restricted to ``model``'s attributes here.
    """
    base = unfolded(model)
    index = {name: i for i, name in enumerate(base.attributes)}
    featurizer.restrict(frozenset(base.attributes))
    attributes, states = list(base.attributes), list(base.states)
    for word in dict.fromkeys(words):
        sums: dict[int, float] = {}
        for feature in featurizer.own_features(word):
            for label, weight in base.states[index[feature]]:
                sums[label] = sums.get(label, 0.0) + weight
        if sums:
            attributes.append(FOLDED + word)
            states.append(sorted(sums.items()))
    return CrfModel(base.labels, attributes, base.transitions, states)


def fold_file(model_path: Path, words: list[str] | None = None) -> int:
    """Fold ``words`` (default: the words folded before) into the model file; rewrites its
    attribute list. Returns the number of folded words."""
    reload_lists()
    model = read_model(model_path.read_bytes())
    result = fold(model, folded_words(model) if words is None else words,
                  Featurizer(lexicon()))
    model_path.write_bytes(write_model(result))
    write_attributes(model_path)
    return len(folded_words(result))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None,
                        help=f"training data to pick the words from (e.g. "
                             f"{DEFAULT_TRAINING_DIR}); default: refold the same words")
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS)
    parser.add_argument("--model", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    words = None
    if args.data:
        from reader.training.corpus import frequent_words, load_training

        words = frequent_words(load_training(args.data, with_aqmar=False)[0], args.words)
    count = fold_file(args.model, words)
    size = args.model.stat().st_size / 1e6
    print(f"{args.model}: {count} folded words, {size:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
