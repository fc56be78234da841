"""Keyword comparison against YAKE on ANERcorp-derived documents (evaluation only).

Documents are blocks of 25 consecutive ANERcorp sentences, detokenised (punctuation attached to
the previous word, as in running text). For the top 10 phrases of each method we count:

- punct: phrases containing punctuation (، . : " etc.);
- stop edge: phrases starting or ending with a stopword (stopwords-iso list);
- redundant: phrases whose stem key repeats an earlier phrase of the same list;
- salient: phrases equal (after normalisation and clitic stripping) to a gold entity mentioned at
  least twice in the document: the gold annotation is independent of both methods and frequent
  names are what a reader expects among a news text's key terms.
Our document frequencies come from the other documents of the set (no shipped table: it was built
from the same text).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from reader.lang.words import merge_key, normalize, strip_clitics
from reader.nlp.keywords import DocumentFrequencies, keywords
from reader.nlp.resources import stopwords_ar
from reader.training.corpus import Sentence, anercorp
from reader.training.scoring import gold_spans

_PUNCT = re.compile(r"[^\w\s]")
_ATTACH = frozenset("،؛؟.,:;!?)»”")


def detokenise(sentences: Sequence[Sentence]) -> str:
    """Running text: punctuation attached to the previous word."""
    out: list[str] = []
    for sentence in sentences:
        for token, _ in sentence:
            if out and token in _ATTACH:
                out[-1] += token
            else:
                out.append(token)
    return " ".join(out)


def _frequent_entities(sentences: Sequence[Sentence]) -> set[str]:
    counts: Counter[str] = Counter()
    for sentence in sentences:
        for start, end, _ in gold_spans(sentence):
            counts[merge_key(" ".join(normalize(t) for t, _ in sentence[start:end]))] += 1
    return {name for name, n in counts.items() if n >= 2}


def _stem_key(phrase: str) -> str:
    return " ".join(strip_clitics(normalize(w.strip("،.:؛\"'()")))[0] for w in phrase.split())


def _measure(lists: list[list[str]], golds: list[set[str]]) -> dict[str, float]:
    stop = stopwords_ar()
    total = punct = edge = redundant = salient = 0
    for phrases, gold in zip(lists, golds, strict=True):
        seen: set[str] = set()
        for phrase in phrases:
            total += 1
            words = [normalize(w) for w in phrase.split()]
            punct += bool(_PUNCT.search(phrase))
            edge += bool(words) and (words[0] in stop or words[-1] in stop)
            key = _stem_key(phrase)
            redundant += key in seen
            seen.add(key)
            salient += merge_key(" ".join(words)) in gold or key in gold
    n = max(total, 1)
    return {"phrases": total, "punct": punct / n, "stop edge": edge / n,
            "redundant": redundant / n, "salient": salient / n}


def _run(method: Callable[[int, str], list[str]],
         texts: list[str]) -> tuple[list[list[str]], float]:
    started = time.perf_counter()
    lists = [method(i, text) for i, text in enumerate(texts)]
    return lists, (time.perf_counter() - started) * 1000 / max(len(texts), 1)


def compare_keywords(data_dir: Path, block: int = 25) -> None:
    """Print the comparison table."""
    import yake

    sentences = anercorp(data_dir)
    docs = [sentences[i:i + block] for i in range(0, len(sentences), block)]
    texts = [detokenise(doc) for doc in docs]
    golds = [_frequent_entities(doc) for doc in docs]
    df = DocumentFrequencies(texts, cold=(0, {}))
    extractor = yake.KeywordExtractor(lan="ar", n=3, top=10)

    def ours(_: int, text: str) -> list[str]:
        return [k.text for k in keywords(text, "", df, True)]

    def theirs(_: int, text: str) -> list[str]:
        return [phrase for phrase, _ in extractor.extract_keywords(text)]

    print(f"\nKeywords, top 10 on {len(texts)} ANERcorp documents of {block} sentences")
    print(f"  {'method':<14}{'punct':>8}{'stop edge':>11}{'redundant':>11}{'salient':>9}"
          f"{'ms/doc':>8}")
    for name, method in (("TF-IDF (ours)", ours), ("YAKE 0.7 ar", theirs)):
        lists, ms = _run(method, texts)
        m = _measure(lists, golds)
        print(f"  {name:<14}{m['punct']:>8.1%}{m['stop edge']:>11.1%}{m['redundant']:>11.1%}"
              f"{m['salient']:>9.1%}{ms:>8.1f}")
    print("  (lower is better for punct, stop edge, redundant; higher for salient)")
