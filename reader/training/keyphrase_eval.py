"""Keywords against human keyphrases: our keyword list beside a plain TF-IDF (evaluation only).

    python -m reader.training.keyphrase_eval [--data DIR] [--holdout stride|last] [--show N]

Data: the training part of the Arabic Keyphrase Extraction Corpus (AKEC; Helmy et al., IALP
2016) in ``../shared/data/kw/akec-train`` (never committed, never shipped): documents and, per
document, the keyphrases crowd workers chose. A fifth of the documents is held out as a
development set: by default every fifth document in the corpus's order (the files are sorted by
topic, so every topic is in both parts); ``--holdout last`` takes the last fifth instead (sport
and tourism only). Decisions are tuned on the other four fifths; the held-out figure is printed
apart, as the one that predicts unseen documents.

Methods, each reading every document of the set (the same documents give the document
frequencies; no keyphrase is used):

- ``ours``: the keyword list ``reader analyze`` shows, ``analyze(article, all articles)`` on the
  article ``reader`` loads from the file (first paragraph as title), entities excluded;
- ``topics``: the ``topics`` ranking of ``reader analyze --json`` (entities and keywords in one
  list), the first ten;
- ``tf-idf``: a plain TF-IDF over 1–3-word phrases: words are runs of letters, phrases never
  cross a line and never start or end with a stopword (stopwords-iso), a phrase key is its
  orthographically normalised words, score tf × log(N / df) over the N documents.

Matching. A predicted phrase and a gold phrase are compared as keys, never as raw strings:

- ``exact``: both normalised the same way (diacritics, tatweel and bidi marks dropped; أ إ آ ٱ →
  ا, ى → ي, ة → ه, ؤ ئ → ء; spaces collapsed), then equal;
- ``stem``: additionally every word loses its proclitics and article (و ف, then ب ل ك, then
  ال; لل → ال) while three letters stay, as ``reader.nlp.text.strip_clitics`` reads a word, so
  ``للصراعات الفكرية`` and ``الصراعات الفكرية`` match.

Each gold key counts once: a second prediction with the same key is a miss. P@10 = matches /
10, R@10 = matches / distinct gold keys, F1@10 their harmonic mean per document; every figure is
the mean over the documents (macro average).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.lang.words import normalize, strip_clitics
from reader.model.article import Article
from reader.nlp.topics import analysis_topics
from reader.training.paths import REPOSITORY_ROOT

DEFAULT_KEYPHRASE_DIR = REPOSITORY_ROOT.parent / "shared" / "data" / "kw" / "akec-train"
TOP_K = 10
_LETTERS = re.compile(r"[^\W\d_]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Document:
    """One AKEC document: its name, its file and its gold keyphrases (most often chosen first)."""

    name: str
    path: Path
    gold: tuple[str, ...]


def load_akec(root: Path) -> list[Document]:
    """The documents in the order of ``keyphrases-pure.txt``, those with a file only."""
    documents: list[Document] = []
    for line in (root / "keyphrases-pure.txt").read_text(encoding="utf-8").splitlines():
        name, sep, phrases = line.partition(" : ")
        path = root / "documents" / f"{name.strip()}.txt"
        if sep and path.is_file():
            gold = tuple(p.strip() for p in phrases.split(",") if p.strip())
            documents.append(Document(name.strip(), path, gold))
    return documents


def split(documents: Sequence[Document], holdout: str = "stride",
          ) -> tuple[list[Document], list[Document]]:
    """(tuning part, development part): a fifth held out, every fifth or the last fifth."""
    if holdout == "last":
        cut = len(documents) - len(documents) // 5
        return list(documents[:cut]), list(documents[cut:])
    tune = [d for i, d in enumerate(documents) if i % 5 != 4]
    dev = [d for i, d in enumerate(documents) if i % 5 == 4]
    return tune, dev


# Matching


def exact_key(phrase: str) -> str:
    """A phrase as ``exact`` matching compares it."""
    return _SPACES.sub(" ", normalize(phrase)).strip()


def stem_key(phrase: str) -> str:
    """A phrase as ``stem`` matching compares it: each word without proclitics and article."""
    return " ".join(strip_clitics(word)[0] for word in exact_key(phrase).split())


MATCHERS: dict[str, Callable[[str], str]] = {"exact": exact_key, "stem": stem_key}


@dataclass(frozen=True)
class Scores:
    """Macro-averaged precision, recall and F1 at k."""

    precision: float
    recall: float
    f1: float


def document_scores(predicted: Sequence[str], gold: Sequence[str], key: Callable[[str], str],
                    k: int = TOP_K) -> tuple[float, float, float]:
    """(P@k, R@k, F1@k) of one document's list: each gold key matched at most once."""
    wanted = {key(phrase) for phrase in gold} - {""}
    matched: set[str] = set()
    for phrase in predicted[:k]:
        phrase_key = key(phrase)
        if phrase_key in wanted:
            matched.add(phrase_key)
    precision = len(matched) / k
    recall = len(matched) / len(wanted) if wanted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if matched else 0.0
    return precision, recall, f1


def score(lists: Sequence[Sequence[str]], documents: Sequence[Document],
          key: Callable[[str], str], k: int = TOP_K) -> Scores:
    """Mean P@k, R@k, F1@k over the documents."""
    rows = [document_scores(predicted, document.gold, key, k)
            for predicted, document in zip(lists, documents, strict=True)]
    count = max(len(rows), 1)
    return Scores(*(sum(row[i] for row in rows) / count for i in range(3)))


# Methods


def load_articles(documents: Sequence[Document]) -> list[Article]:
    """Each document as ``reader`` loads a text file (first paragraph as the title)."""
    from reader.parsing import load_paths

    articles: list[Article] = []
    for document in documents:
        report = load_paths([document.path])
        if len(report.articles) != 1:
            raise SystemExit(f"{document.path}: not read as one article")
        articles.append(report.articles[0])
    return articles


def ours(articles: Sequence[Article]) -> tuple[list[list[str]], list[list[str]]]:
    """(keyword lists, topic lists) of ``reader analyze`` over all the articles."""
    from reader.nlp import analyze

    keyword_lists: list[list[str]] = []
    topic_lists: list[list[str]] = []
    for article in articles:
        result = analyze(article, articles)
        keyword_lists.append([k.text for k in result.keywords])
        topic_lists.append([t.text for t in analysis_topics(result)][:TOP_K])
    return keyword_lists, topic_lists


def _plain_stopwords() -> frozenset[str]:
    import stopwordsiso

    return frozenset(exact_key(word) for word in stopwordsiso.stopwords("ar"))


def _line_grams(line: str, stop: frozenset[str]) -> list[tuple[str, str]]:
    """(key, surface) of every 1–3-word phrase of a line, none with a stopword at an edge."""
    words = _LETTERS.findall(line)
    keys = [exact_key(word) for word in words]
    grams: list[tuple[str, str]] = []
    for first in range(len(words)):
        if keys[first] in stop:
            continue
        for last in range(first, min(first + 3, len(words))):
            if keys[last] not in stop:
                grams.append((" ".join(keys[first:last + 1]), " ".join(words[first:last + 1])))
    return grams


def plain_tf_idf(texts: Sequence[str], k: int = TOP_K) -> list[list[str]]:
    """The top ``k`` phrases of each text by tf × log(N / df), ties by first occurrence; each
    shown in its most frequent surface form."""
    stop = _plain_stopwords()
    grams = [[gram for line in text.splitlines() for gram in _line_grams(line, stop)]
             for text in texts]
    df: Counter[str] = Counter()
    for document in grams:
        df.update({key for key, _ in document})
    lists: list[list[str]] = []
    for document in grams:
        tf = Counter(key for key, _ in document)
        forms: dict[str, Counter[str]] = {}
        for key, surface in document:
            forms.setdefault(key, Counter())[surface] += 1
        ranked = sorted(tf, key=lambda key: -tf[key] * math.log(len(texts) / df[key]))
        lists.append([forms[key].most_common(1)[0][0] for key in ranked[:k]])
    return lists


# The report


def _row(name: str, lists: Sequence[Sequence[str]], documents: Sequence[Document]) -> str:
    cells = [f"  {name:<10}"]
    for matcher in MATCHERS.values():
        found = score(lists, documents, matcher)
        cells.append(f"{found.precision:>7.3f}{found.recall:>7.3f}{found.f1:>7.3f}")
    return "  ".join(cells)


def report(documents: Sequence[Document], holdout: str = "stride", show: int = 0) -> None:
    """Print P@10, R@10 and F1@10 of each method on the tuning and the development part."""
    started = time.perf_counter()
    articles = load_articles(documents)
    keyword_lists, topic_lists = ours(articles)
    ours_seconds = time.perf_counter() - started
    baseline = plain_tf_idf([f"{a.title}\n{a.body}" for a in articles])
    methods = {"ours": keyword_lists, "topics": topic_lists, "tf-idf": baseline}
    tune, dev = split(documents, holdout)
    parts = {f"tuning part ({len(tune)} documents)": tune,
             f"development part ({len(dev)} documents, held out: {holdout})": dev,
             f"all {len(documents)} documents": list(documents)}
    index = {document.name: at for at, document in enumerate(documents)}
    print(f"AKEC training part, top {TOP_K}; ours took {ours_seconds:.1f} s "
          f"(entities and keywords, {len(documents)} articles)")
    for title, part in parts.items():
        print(f"\n{title}")
        print(f"  {'':<10}  {'exact P  R  F1':>21}  {'stem P  R  F1':>21}")
        for name, lists in methods.items():
            print(_row(name, [lists[index[d.name]] for d in part], part))
    for document in list(dev)[:show]:
        at = index[document.name]
        print(f"\n{document.name}  gold: {' | '.join(document.gold[:15])} ...")
        for name, lists in methods.items():
            gold = {stem_key(phrase) for phrase in document.gold}
            marked = [f"{p}{' ✓' if stem_key(p) in gold else ''}" for p in lists[at]]
            print(f"  {name:<7} {' | '.join(marked)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_KEYPHRASE_DIR,
                        help="the akec-train folder (documents/, keyphrases-pure.txt)")
    parser.add_argument("--holdout", choices=("stride", "last"), default="stride",
                        help="development part: every fifth document (default) or the last fifth")
    parser.add_argument("--show", type=int, default=0, metavar="N",
                        help="also print the lists of the first N development documents")
    args = parser.parse_args(argv)
    if not (args.data / "keyphrases-pure.txt").is_file():
        print(f"no keyphrase data in {args.data}", file=sys.stderr)
        return 1
    report(load_akec(args.data), args.holdout, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
