"""Exact-span micro precision/recall/F1 (conlleval style), overall and per type."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from reader.nlp.spans import bio_spans
from reader.training.corpus import Sentence

Span = tuple[int, int, str]


@dataclass
class Scores:
    """True positives, predicted and gold counts per type."""

    tp: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)

    def add(self, gold: set[Span], predicted: set[Span]) -> None:
        for span in gold:
            self.gold[span[2]] += 1
        for span in predicted:
            self.predicted[span[2]] += 1
            if span in gold:
                self.tp[span[2]] += 1

    def prf(self, kind: str | None = None) -> tuple[float, float, float]:
        tp = self.tp[kind] if kind else sum(self.tp.values())
        pred = self.predicted[kind] if kind else sum(self.predicted.values())
        gold = self.gold[kind] if kind else sum(self.gold.values())
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def f1(self) -> float:
        return self.prf()[2]


def gold_spans(sentence: Sentence) -> set[Span]:
    """Gold (start, end, type) token spans of a tagged sentence."""
    return set(bio_spans([tag for _, tag in sentence]))


def print_scores(title: str, scores: Scores) -> None:
    """A conlleval-like table."""
    print(f"\n{title}")
    p, r, f = scores.prf()
    print(f"  {'overall':<8} P {p:.4f}  R {r:.4f}  F1 {f:.4f}  "
          f"(gold {sum(scores.gold.values())}, predicted {sum(scores.predicted.values())})")
    for kind in sorted(scores.gold):
        p, r, f = scores.prf(kind)
        print(f"  {kind:<8} P {p:.4f}  R {r:.4f}  F1 {f:.4f}  (gold {scores.gold[kind]})")
