"""Exact-span precision, recall and F1 of Hebrew and Persian names on the project's own set.

    python -m reader.training.evaluate_he_fa [--show]

The sets (``tests/data/ner_{he,fa}.txt``, which the rules were tuned on,
``tests/data/ner_{he,fa}_unseen.txt``, written afterwards and never tuned on, and
``tests/data/ner_{he,fa}_news.txt``, news paragraphs in the style of public news NER sets,
written before the name lists were built and never tuned on) are paragraphs written and
annotated for this project: a check that the rules work, not a public news NER test set (the
project ships none). Names go through ``extract_entities``, as the panel's do.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from reader.nlp.entities import extract_entities

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
# ner_LANG.txt shaped the rules; ner_LANG_unseen.txt and ner_LANG_news.txt never did.
SETS = {f"{lang} {part}": DATA / f"ner_{lang}{suffix}.txt" for lang in ("he", "fa")
        for part, suffix in (("tuning", ""), ("unseen", "_unseen"), ("news", "_news"))}
TYPES = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION"}
_MARK = re.compile(r"\[(PER|LOC|ORG) ([^\[\]]+)\]")
Span = tuple[int, int, str]


def parse(line: str) -> tuple[str, set[Span]]:
    """Plain text of an annotated line and its gold spans (start, end, label)."""
    text: list[str] = []
    gold: set[Span] = set()
    at = 0
    size = 0
    for match in _MARK.finditer(line):
        before = line[at:match.start()]
        text.append(before)
        size += len(before)
        name = match.group(2)
        gold.add((size, size + len(name), TYPES[match.group(1)]))
        text.append(name)
        size += len(name)
        at = match.end()
    text.append(line[at:])
    return "".join(text), gold


def paragraphs(path: Path) -> list[tuple[str, set[Span]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [parse(line) for line in lines if line.strip() and not line.startswith("#")]


def predicted(text: str) -> set[Span]:
    labels = set(TYPES.values())
    return {(e.start, e.end, e.label) for e in extract_entities(text) if e.label in labels}


def score(items: list[tuple[str, set[Span]]], show: bool = False) -> dict[str, Counter[str]]:
    """Counts of true positives, predictions and gold names per label and over all."""
    counts: dict[str, Counter[str]] = {label: Counter() for label in (*TYPES.values(), "ALL")}
    for text, gold in items:
        found = predicted(text)
        for label in (*TYPES.values(), "ALL"):
            want = {s for s in gold if label in ("ALL", s[2])}
            got = {s for s in found if label in ("ALL", s[2])}
            counts[label].update(tp=len(want & got), pred=len(got), gold=len(want))
        if show:
            for start, end, label in sorted(found - gold):
                print(f"  extra   {label:12} {text[start:end]}")
            for start, end, label in sorted(gold - found):
                print(f"  missed  {label:12} {text[start:end]}")
    return counts


def prf(count: Counter[str]) -> tuple[float, float, float]:
    p = count["tp"] / count["pred"] if count["pred"] else 0.0
    r = count["tp"] / count["gold"] if count["gold"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", action="store_true", help="list every error")
    args = parser.parse_args(argv)
    for lang, path in SETS.items():
        items = paragraphs(path)
        counts = score(items, args.show)
        print(f"{lang}: {len(items)} paragraphs, {counts['ALL']['gold']} names ({path.name})")
        for label, count in counts.items():
            p, r, f = prf(count)
            print(f"  {label:12} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (gold {count['gold']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
