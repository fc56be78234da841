"""Cross-validated and held-out NER quality, and the keyword comparison against YAKE.

``python -m reader.training.evaluate [--data DIR] [--folds 5] [--aqmar] [--heldout] [--skip-cv]
[--skip-ner] [--skip-keywords]``

``--heldout`` adds the development split: the model is trained on the first five sixths of the
ANERcorp training file (contiguous, in sentence order) and scored on the last sixth, which is
built the way the public test split is (later stories, other names). Cross-validation mixes
blocks of the same stories into training and evaluation, so it reads higher.

NER: k-fold cross-validation by contiguous blocks of ANERcorp sentences (``--aqmar`` adds AQMAR,
another domain, to the training side only: it lowered the news F1); exact-span micro P/R/F1,
conlleval style, for the CRF alone and for the full pipeline (gazetteer names, clitic handling,
title-led persons, document consistency), without and with the panel's confidence filter.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from reader.nlp.crf import CrfTagger
from reader.nlp.features import Featurizer
from reader.nlp.neural import TAGS, NeuralTagger
from reader.nlp.spans import bio_spans
from reader.training.build_embeddings import DEFAULT_CACHE
from reader.training.corpus import Sentence, load_training, token_key
from reader.training.neural import DEFAULT_SEEDS, Seeds, add_seed_options, predict, train_ensemble
from reader.training.paths import DEFAULT_TRAINING_DIR
from reader.training.scoring import Scores, gold_spans, print_scores
from reader.training.train import build_common, build_lexicon, train_model

Span = tuple[int, int, str]
_TYPES = {"PERSON": "PERS", "LOCATION": "LOC", "ORGANIZATION": "ORG", "MISC": "MISC"}


def folds(sentences: Sequence[Sentence], k: int) -> list[tuple[int, int]]:
    """Contiguous [start, end) sentence blocks."""
    size = len(sentences)
    return [(i * size // k, (i + 1) * size // k) for i in range(k)]


def _crf_spans(tagger: CrfTagger, sentence: Sentence) -> set[Span]:
    from reader.lang.words import normalize
    from reader.nlp.spans import bio_spans

    tags = tagger.tag([normalize(token) for token, _ in sentence])
    return set(bio_spans(tags))


def _pipeline_spans(tagger: CrfTagger, doc: Sequence[Sentence], rules: bool = True,
                    min_confidence: float = 0.0) -> list[set[Span]]:
    """Run the full Arabic pipeline on a document; map its entities back to token spans."""
    from reader.lang.tokens import sentences as split_sentences
    from reader.lang.tokens import tokenize
    from reader.nlp.arabic import arabic_entities

    text_parts, starts, owner = [], [], []
    offset = 0
    for number, sentence in enumerate(doc):
        for index, (token, _) in enumerate(sentence):
            starts.append((offset, offset + len(token)))
            owner.append((number, index))
            text_parts.append(token)
            offset += len(token) + 1
        text_parts[-1] += "\n"
        offset += 1
    text = " ".join(text_parts)
    found: list[set[Span]] = [set() for _ in doc]
    for entity in arabic_entities(text, split_sentences(text, tokenize(text)), tagger,
                                  rules=rules, min_confidence=min_confidence):
        first = next((k for k, (s, e) in enumerate(starts) if s <= entity.start < e), None)
        last = next((k for k, (s, e) in enumerate(starts) if s < entity.end <= e), None)
        if first is None or last is None or owner[first][0] != owner[last][0]:
            continue
        sentence_no = owner[first][0]
        found[sentence_no].add((owner[first][1], owner[last][1] + 1, _TYPES[entity.label]))
    return found


class SplitScores(NamedTuple):
    """Scores of one evaluation: the CRF alone, the full pipeline, the pipeline without the
    title/common-word rules, the pipeline with the panel's confidence filter."""

    crf: Scores
    pipeline: Scores
    bare: Scores
    panel: Scores
    neural: Scores


def _new_scores() -> SplitScores:
    return SplitScores(Scores(), Scores(), Scores(), Scores(), Scores())


def score_split(train: Sequence[Sentence], test: Sequence[Sentence], model: Path,
                scores: SplitScores, vectors: Path | None = None,
                clusters: int = 0, keep: Path | None = None,
                seeds: Seeds = DEFAULT_SEEDS, dump: list[list[Span]] | None = None) -> None:
    """Train on ``train`` (a model file at ``model``), add the scores on ``test`` (documents
    of ten consecutive sentences, for the document-level rules). With ``vectors`` (the e5
    vector cache of ``reader.training.build_embeddings``), a neural tagger is trained too and
    its cross-predicted tag guesses become CRF features; with ``clusters`` > 0, that many
    k-means clusters of the same vectors (words of wordfreq and of ``train`` only) are CRF
    features. ``dump`` receives the full pipeline's spans of each ``test`` sentence."""
    from reader.nlp.arabic import PANEL_CONFIDENCE

    lexicon = build_lexicon(train)
    neural = None
    groups = None
    if clusters and vectors is not None:
        from reader.training.build_clusters import word_clusters

        train_keys = {token_key(token) for sentence in train for token, _ in sentence}
        groups = word_clusters(vectors, train_keys, clusters)
    if vectors is not None and not clusters:
        neural, probabilities = _train_neural(train, vectors, model.with_suffix(".npz"), keep,
                                              seeds)
        for sentence, probs in zip(test, predict(neural, test), strict=True):
            scores.neural.add(gold_spans(sentence), set(bio_spans(
                [TAGS[i] for i in probs.argmax(axis=1)])))
        kept = _kept_crf(keep, seeds)
        if kept is not None and kept.is_file():
            model = kept  # the same cross-predictions: the same CRF
        else:
            train_model(train, model, neural=probabilities)
            if kept is not None:
                kept.write_bytes(model.read_bytes())
    else:
        train_model(train, model, clusters=groups)
    tagger = CrfTagger(model, Featurizer(lexicon, clusters=groups), build_common(train), neural)
    for sentence in test:
        scores.crf.add(gold_spans(sentence), _crf_spans(tagger, sentence))
    for doc_start in range(0, len(test), 10):
        doc = test[doc_start:doc_start + 10]
        runs = ((scores.pipeline, True, 0.0), (scores.bare, False, 0.0),
                (scores.panel, True, PANEL_CONFIDENCE))
        for target, rules, confidence in runs:
            found = _pipeline_spans(tagger, doc, rules, confidence)
            for sentence, predicted in zip(doc, found, strict=True):
                target.add(gold_spans(sentence), predicted)
            if dump is not None and target is scores.pipeline:
                dump.extend(sorted(spans) for spans in found)


def _kept_crf(keep: Path | None, seeds: Seeds) -> Path | None:
    """Where the keep folder holds the CRF trained on the cross-predictions of ``seeds``."""
    if keep is None:
        return None
    crossed = seeds.networks if seeds.crossed is None else seeds.crossed
    return keep / f"crf-crossed-{'-'.join(map(str, crossed))}.crfsuite"


def _train_neural(train: Sequence[Sentence], vectors: Path, path: Path,
                  keep: Path | None = None,
                  seeds: Seeds = DEFAULT_SEEDS) -> tuple[NeuralTagger, list[Any]]:
    """The neural tagger (one network per seed, averaged) trained on ``train`` (at ``path``),
    and the cross-predicted probabilities of ``train`` for the CRF; with ``keep`` (a folder),
    each seed's network and cross-predictions are kept there and reused by the next run."""
    started = time.perf_counter()
    probabilities = train_ensemble(train, vectors, path, seeds, keep)
    print(f"neural tagger (seeds {seeds.networks}, crossed {seeds.crossed or 'all'}, GRU "
          f"{seeds.rnn}, word vectors {seeds.word_dims}) and its "
          f"cross-predictions: {time.perf_counter() - started:.0f} s", flush=True)
    return NeuralTagger(path), probabilities


def evaluate_ner(data_dir: Path, k: int, with_aqmar: bool = False) -> SplitScores:
    """Scores over k contiguous folds of the ANERcorp training file."""
    news, extra = load_training(data_dir, with_aqmar)
    scores = _new_scores()
    with tempfile.TemporaryDirectory() as tmp:
        for number, (start, end) in enumerate(folds(news, k)):
            started = time.perf_counter()
            score_split(news[:start] + news[end:] + extra, news[start:end],
                        Path(tmp) / f"fold{number}.crfsuite", scores)
            print(f"fold {number + 1}/{k}: sentences {start}-{end}, "
                  f"CRF F1 so far {scores.crf.f1():.4f}, pipeline {scores.pipeline.f1():.4f} "
                  f"(without rules {scores.bare.f1():.4f}) "
                  f"({time.perf_counter() - started:.0f} s)", flush=True)
    return scores


HELDOUT_PARTS = 6


def heldout_split(sentences: Sequence[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """(first five sixths, last sixth) of the sentences, contiguous, in their order."""
    cut = len(sentences) - len(sentences) // HELDOUT_PARTS
    return list(sentences[:cut]), list(sentences[cut:])


def evaluate_heldout(data_dir: Path, with_aqmar: bool = False,
                     vectors: Path | None = None, clusters: int = 0,
                     keep: Path | None = None, seeds: Seeds = DEFAULT_SEEDS,
                     dump: Path | None = None) -> SplitScores:
    """Scores on the last sixth of the ANERcorp training file, trained on the rest; ``dump``
    (a JSON file) receives the full pipeline's spans of each held-out sentence."""
    news, extra = load_training(data_dir, with_aqmar)
    train, test = heldout_split(news)
    scores = _new_scores()
    started = time.perf_counter()
    spans: list[list[Span]] = []
    with tempfile.TemporaryDirectory() as tmp:
        score_split(train + extra, test, Path(tmp) / "heldout.crfsuite", scores, vectors,
                    clusters, keep, seeds, spans)
    if dump is not None:
        dump.write_text(json.dumps(spans, ensure_ascii=False), encoding="utf-8")
    print(f"held-out: trained on sentences 0-{len(train)}, scored on "
          f"{len(train)}-{len(news)} ({time.perf_counter() - started:.0f} s)", flush=True)
    return scores


def print_split(title: str, scores: SplitScores) -> None:
    """The four score tables of one evaluation."""
    from reader.nlp.arabic import PANEL_CONFIDENCE

    if scores.neural.gold:
        print_scores(f"Neural tagger alone, {title}", scores.neural)
    print_scores(f"CRF alone, {title}", scores.crf)
    print_scores(f"Full pipeline (CRF + gazetteer names + clitics + title persons + "
                 f"common-word place filter + consistency), {title}", scores.pipeline)
    print_scores(f"Pipeline without the title-person and common-word place rules, {title}",
                 scores.bare)
    print_scores(f"Panel: full pipeline without CRF spans of marginal < {PANEL_CONFIDENCE}, "
                 f"{title}", scores.panel)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_TRAINING_DIR)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--skip-ner", action="store_true")
    parser.add_argument("--skip-keywords", action="store_true")
    parser.add_argument("--heldout", action="store_true",
                        help="also train on the first five sixths and score the last sixth")
    parser.add_argument("--skip-cv", action="store_true", help="no cross-validation")
    parser.add_argument("--aqmar", action="store_true",
                        help="add AQMAR (Wikipedia) to every fold's training side")
    parser.add_argument("--neural", action="store_true",
                        help="stack a neural tagger (needs torch and the e5 vector cache)")
    parser.add_argument("--keep-neural", type=Path,
                        help="a folder keeping the held-out networks and their "
                             "cross-predictions, per seed, and the CRF trained on them "
                             "(reused when present)")
    parser.add_argument("--dump-spans", type=Path,
                        help="write the full pipeline's held-out spans here (JSON), for "
                             "reader.training.combine")
    add_seed_options(parser)
    parser.add_argument("--clusters", type=int, default=0,
                        help="k-means word clusters of the e5 vectors as CRF features")
    parser.add_argument("--vectors", type=Path, default=DEFAULT_CACHE,
                        help="the e5 vector cache of reader.training.build_embeddings")
    args = parser.parse_args(argv)
    if not (args.data / "anercorp-camel-train.txt").is_file():
        parser.error(f"no ANERcorp training file in {args.data}")
    extra = " (+AQMAR train)" if args.aqmar else ""
    results = []
    if not args.skip_ner and not args.skip_cv:
        results.append((f"{args.folds}-fold contiguous CV on ANERcorp{extra}",
                        evaluate_ner(args.data, args.folds, args.aqmar)))
    if not args.skip_ner and args.heldout:
        results.append((f"held-out last sixth of ANERcorp, trained on the rest{extra}",
                        evaluate_heldout(args.data, args.aqmar,
                                         args.vectors if args.neural or args.clusters else None,
                                         args.clusters, args.keep_neural,
                                         Seeds.from_options(args), args.dump_spans)))
    for title, scores in results:
        print_split(title, scores)
    if not args.skip_keywords:
        from reader.training.keyword_eval import compare_keywords

        compare_keywords(args.data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
