"""Score a packed transformer tagger (numpy form) on the held-out sixth and time it.

``python -m reader.training.transformer_numpy --model FILE [--data DIR]
[--dump-probabilities FILE]`` tags the last sixth of the ANERcorp training file with
``reader.nlp.transformer`` (exact-span scores of the tags the analyser reads, split names
joined) and times one seed-sized article, in CPU-seconds. ``--dump-probabilities`` writes the
softmax of each held-out word as JSON, for ``reader.training.combine --probabilities``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reader.nlp.transformer import TAGS, TransformerTagger, join_split_names


def main(argv: Sequence[str] | None = None) -> int:
    """Score a ``transformer.npz`` on the held-out last sixth and time it on the seed text."""
    import argparse
    import json
    import time

    from reader.lang.tokens import sentences, tokenize
    from reader.nlp.spans import bio_spans
    from reader.training.corpus import load_training
    from reader.training.evaluate import heldout_split
    from reader.training.paths import DEFAULT_TRAINING_DIR
    from reader.training.scoring import Scores, gold_spans, print_scores
    from reader.training.speed import _seed_text

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=DEFAULT_TRAINING_DIR)
    parser.add_argument("--dump-probabilities", type=Path)
    args = parser.parse_args(argv)
    tagger = TransformerTagger(args.model)
    news, _ = load_training(args.data, False)
    _, test = heldout_split(news)
    started = time.process_time()
    held_out = [[word for word, _ in sentence] for sentence in test]
    probabilities = tagger.probabilities(held_out)
    tags = [join_split_names(words, [TAGS[int(i)] for i in rows.argmax(-1)])
            for words, rows in zip(held_out, probabilities, strict=True)]
    spent = time.process_time() - started
    if args.dump_probabilities:
        args.dump_probabilities.write_text(json.dumps(
            [[[round(float(p), 5) for p in row] for row in rows] for rows in probabilities]))
    print(f"held-out sixth: {sum(map(len, test))} tokens in {spent:.1f} CPU-s")
    scores = Scores()
    for sentence, predicted in zip(test, tags, strict=True):
        scores.add(gold_spans(sentence), set(bio_spans(predicted)))
    print_scores("numpy inference, held-out last sixth", scores)
    text = _seed_text()
    words = [[token.text for token in s] for s in sentences(text, tokenize(text))]
    tagger.tag(words)
    started = time.process_time()
    tagger.tag(words)
    print(f"seed-sized article ({len(text)} characters, {sum(map(len, words))} tokens): "
          f"{time.process_time() - started:.2f} CPU-s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
