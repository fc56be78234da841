"""Score the fine-tuned transformer's held-out tags alone and merged with the pipeline's spans.

``python -m reader.training.combine --tags /tmp/nertx/heldout12/heldout_tags.json
--pipeline /tmp/nertx/default_spans.json [--data DIR]``
``python -m reader.training.combine --probabilities DIR/heldout_probabilities_epoch5.json
--pipeline F``

``--tags`` (or ``--probabilities``, the softmax per word) comes from
``reader.training.finetune --heldout``, ``--pipeline`` from ``reader.training.evaluate
--heldout --dump-spans FILE`` (the same held-out last sixth). Each merge rule is printed as a
conlleval-like table; none is tuned on the held-out sentences beyond choosing between these
few fixed rules. The transformer alone and the two adding rules are scored again with the
tags ``reader.nlp.transformer`` decodes (split names joined). With ``--probabilities`` the
two adding rules are also scored with only the transformer spans whose every word's tag is
at least as probable as each of ``--thresholds`` (``THRESHOLDS`` by default).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from reader.nlp.spans import bio_spans
from reader.nlp.transformer import TAGS, join_split_names
from reader.training.corpus import load_training
from reader.training.evaluate import heldout_split
from reader.training.finetune import best_tags
from reader.training.paths import DEFAULT_TRAINING_DIR
from reader.training.scoring import Scores, gold_spans, print_scores

Span = tuple[int, int, str]
Rule = Callable[[set[Span], set[Span]], set[Span]]


def overlaps(span: Span, others: Iterable[Span]) -> bool:
    return any(span[0] < other[1] and other[0] < span[1] for other in others)


def added(first: set[Span], second: set[Span], kinds: frozenset[str] | None = None) -> set[Span]:
    """``first`` plus the spans of ``second`` (of ``kinds``, all when None) that overlap none
    of ``first``."""
    return first | {span for span in second
                    if (kinds is None or span[2] in kinds) and not overlaps(span, first)}


PEOPLE_AND_ORGANISATIONS = frozenset({"PERS", "ORG"})
RULES: dict[str, Rule] = {
    "pipeline alone": lambda pipeline, transformer: pipeline,
    "transformer alone": lambda pipeline, transformer: transformer,
    "pipeline + transformer's PERS/ORG where the pipeline found nothing overlapping":
        lambda pipeline, transformer: added(pipeline, transformer, PEOPLE_AND_ORGANISATIONS),
    "pipeline + every transformer span where the pipeline found nothing overlapping":
        lambda pipeline, transformer: added(pipeline, transformer),
    "transformer + every pipeline span where the transformer found nothing overlapping":
        lambda pipeline, transformer: added(transformer, pipeline),
    "spans both found (intersection)":
        lambda pipeline, transformer: pipeline & transformer,
}


def score_rules(gold: Sequence[set[Span]], pipeline: Sequence[set[Span]],
                transformer: Sequence[set[Span]]) -> dict[str, Scores]:
    results = {}
    for name, rule in RULES.items():
        scores = Scores()
        for wanted, ours, theirs in zip(gold, pipeline, transformer, strict=True):
            scores.add(wanted, rule(ours, theirs))
        results[name] = scores
    return results


def confident_spans(probabilities: Any, threshold: float) -> list[Span]:
    """The spans of each word's most probable tag (``bio_spans``) whose every word's tag has
    at least ``threshold`` probability; ``probabilities`` is (words, ``len(TAGS)``). Scored by
    ``--probabilities``; the analyser does not filter (no threshold paid on the held-out
    sixth)."""
    best = np.asarray(probabilities, dtype=np.float32).reshape(-1, len(TAGS))
    chosen = best.argmax(-1)
    sure = best[np.arange(len(chosen)), chosen]
    return [(start, end, kind)
            for start, end, kind in bio_spans([TAGS[int(i)] for i in chosen])
            if float(sure[start:end].min()) >= threshold]


THRESHOLDS = (0.5, 0.6, 0.7, 0.8)
ADDING_RULES = ("pipeline + transformer's PERS/ORG where the pipeline found nothing overlapping",
                "pipeline + every transformer span where the pipeline found nothing overlapping")


def score_thresholds(gold: Sequence[set[Span]], pipeline: Sequence[set[Span]],
                     probabilities: Sequence[Sequence[Sequence[float]]],
                     thresholds: Sequence[float] = THRESHOLDS) -> dict[str, Scores]:
    """The adding rules with the transformer's spans of at least each of ``thresholds``."""
    results = {}
    for threshold in thresholds:
        transformer = [set(confident_spans(sentence, threshold)) if sentence else set()
                       for sentence in probabilities]
        scored = score_rules(gold, pipeline, transformer)
        for name in ADDING_RULES:
            results[f"{name}, tag probability >= {threshold}"] = scored[name]
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_TRAINING_DIR)
    given = parser.add_mutually_exclusive_group(required=True)
    given.add_argument("--tags", type=Path)
    given.add_argument("--probabilities", type=Path)
    parser.add_argument("--thresholds", type=float, nargs="+", default=THRESHOLDS)
    parser.add_argument("--pipeline", type=Path, required=True)
    args = parser.parse_args(argv)
    news, _ = load_training(args.data, False)
    _, test = heldout_split(news)
    probabilities = None
    if args.probabilities:
        probabilities = json.loads(args.probabilities.read_text(encoding="utf-8"))
        tags = best_tags(probabilities)
    else:
        tags = json.loads(args.tags.read_text(encoding="utf-8"))
    pipeline = [{(int(a), int(b), str(k)) for a, b, k in spans}
                for spans in json.loads(args.pipeline.read_text(encoding="utf-8"))]
    transformer = [set(bio_spans(sentence_tags)) for sentence_tags in tags]
    gold = [gold_spans(sentence) for sentence in test]
    results = score_rules(gold, pipeline, transformer)
    joined = [set(bio_spans(join_split_names([word for word, _ in sentence], sentence_tags)))
              for sentence, sentence_tags in zip(test, tags, strict=True)]
    for name, scores in score_rules(gold, pipeline, joined).items():
        if name in ("transformer alone", *ADDING_RULES):
            results[f"{name}, split names joined (join_split_names)"] = scores
    if probabilities is not None:
        results |= score_thresholds(gold, pipeline, probabilities, args.thresholds)
    for name, scores in results.items():
        print_scores(name, scores)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
