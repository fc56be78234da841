"""Cross-validated NER quality and the keyword comparison against YAKE.

``python -m reader.training.evaluate [--data DIR] [--folds 5] [--aqmar] [--skip-ner]
[--skip-keywords]``

NER: k-fold cross-validation by contiguous blocks of ANERcorp sentences (``--aqmar`` adds AQMAR,
another domain, to the training side only: it lowered the news F1); exact-span micro P/R/F1,
conlleval style, for the CRF alone and for the full pipeline (gazetteer names, clitic handling,
title-led persons, document consistency), without and with the panel's confidence filter.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from reader.nlp.crf import CrfTagger
from reader.nlp.features import Featurizer
from reader.training.corpus import Sentence, load_training
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


def evaluate_ner(data_dir: Path, k: int,
                 with_aqmar: bool = False) -> tuple[Scores, Scores, Scores, Scores]:
    """(CRF alone, full pipeline, pipeline without the title/common-word rules, pipeline with
    the panel's confidence filter) scores over k contiguous folds."""
    from reader.nlp.arabic import PANEL_CONFIDENCE

    news, extra = load_training(data_dir, with_aqmar)
    crf, pipeline, bare, panel = Scores(), Scores(), Scores(), Scores()
    with tempfile.TemporaryDirectory() as tmp:
        for number, (start, end) in enumerate(folds(news, k)):
            started = time.perf_counter()
            train = news[:start] + news[end:] + extra
            lexicon = build_lexicon(train)
            model = Path(tmp) / f"fold{number}.crfsuite"
            train_model(train, model)
            tagger = CrfTagger(model, Featurizer(lexicon), build_common(train))
            test = news[start:end]
            for sentence in test:
                crf.add(gold_spans(sentence), _crf_spans(tagger, sentence))
            for doc_start in range(0, len(test), 10):
                doc = test[doc_start:doc_start + 10]
                for sentence, predicted in zip(doc, _pipeline_spans(tagger, doc), strict=True):
                    pipeline.add(gold_spans(sentence), predicted)
                for sentence, predicted in zip(doc, _pipeline_spans(tagger, doc, False),
                                               strict=True):
                    bare.add(gold_spans(sentence), predicted)
                filtered = _pipeline_spans(tagger, doc, True, PANEL_CONFIDENCE)
                for sentence, predicted in zip(doc, filtered, strict=True):
                    panel.add(gold_spans(sentence), predicted)
            print(f"fold {number + 1}/{k}: sentences {start}-{end}, "
                  f"CRF F1 so far {crf.f1():.4f}, pipeline {pipeline.f1():.4f} "
                  f"(without rules {bare.f1():.4f}) "
                  f"({time.perf_counter() - started:.0f} s)", flush=True)
    return crf, pipeline, bare, panel


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_TRAINING_DIR)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--skip-ner", action="store_true")
    parser.add_argument("--skip-keywords", action="store_true")
    parser.add_argument("--aqmar", action="store_true",
                        help="add AQMAR (Wikipedia) to every fold's training side")
    args = parser.parse_args(argv)
    if not (args.data / "anercorp-camel-train.txt").is_file():
        parser.error(f"no ANERcorp training file in {args.data}")
    if not args.skip_ner:
        crf, pipeline, bare, panel = evaluate_ner(args.data, args.folds, args.aqmar)
        extra = " (+AQMAR train)" if args.aqmar else ""
        print_scores(f"CRF alone, {args.folds}-fold contiguous CV on ANERcorp{extra}", crf)
        print_scores("Full pipeline (CRF + gazetteer names + clitics + title persons + "
                     "common-word place filter + consistency)", pipeline)
        print_scores("Pipeline without the title-person and common-word place rules", bare)
        from reader.nlp.arabic import PANEL_CONFIDENCE

        print_scores(f"Panel: full pipeline without CRF spans of marginal < {PANEL_CONFIDENCE}",
                     panel)
    if not args.skip_keywords:
        from reader.training.keyword_eval import compare_keywords

        compare_keywords(args.data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
