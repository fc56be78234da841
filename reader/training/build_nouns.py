"""Rebuild ``verb_shaped_nouns.txt``: words of a verb's shape used as nouns (evaluation data).

    python -m reader.training.build_nouns [--data DIR]

Reads the ANERcorp and AQMAR text (``../shared/data/ner``, never shipped) and keeps every word
seen after the article (with or without و ف ب ك ل before it) whose bare form has the shape
``reader.nlp.morphology.verb_shaped`` reads as a verb: a verb never takes the article, so these
are nouns (التاريخ، النفط، التلفزيون). The list is CC BY-SA 4.0, as ``df.tsv``.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

from reader.lang.words import normalize
from reader.nlp.morphology import NOUN_LIST, verb_core, verb_shaped
from reader.nlp.paths import DATA_DIR
from reader.training.corpus import anercorp, aqmar
from reader.training.paths import DEFAULT_TRAINING_DIR

_ARTICLE_LEADS = ("وبال", "وكال", "ولل", "فبال", "فال", "وال", "بال", "كال", "لل", "ال")


def definite_bare(key: str) -> str | None:
    """The word after the article of a normalised token (والتاريخ → تاريخ), else None."""
    for lead in _ARTICLE_LEADS:
        if key.startswith(lead) and len(key) - len(lead) >= 3:
            return key[len(lead):]
    return None


def verb_shaped_nouns(tokens: Iterable[str]) -> list[str]:
    """The sorted ``verb_core`` forms of the definite words of ``tokens`` shaped like verbs."""
    found: set[str] = set()
    for token in tokens:
        bare = definite_bare(normalize(token))
        if bare is not None and bare.isalpha() and verb_shaped(verb_core(bare)):
            found.add(verb_core(bare))
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_TRAINING_DIR)
    args = parser.parse_args(argv)
    if not (args.data / "anercorp-camel-train.txt").is_file():
        print(f"no training data in {args.data}")
        return 1
    sentences = anercorp(args.data) + aqmar(args.data)
    nouns = verb_shaped_nouns(token for sentence in sentences for token, _ in sentence)
    (DATA_DIR / NOUN_LIST).write_text("".join(f"{word}\n" for word in nouns), encoding="utf-8")
    print(f"{len(nouns)} verb-shaped nouns written to {DATA_DIR / NOUN_LIST}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
