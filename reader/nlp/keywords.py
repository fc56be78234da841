"""Keywords: TF-IDF over 1–3-word phrases, clitic-stripped, grouped by stem.

Document frequencies come from the articles analysed together plus a shipped cold-start table.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from reader.nlp.resources import cold_df, stopwords_ar, stopwords_en, stopwords_other
from reader.nlp.text import (
    Token,
    clitic_variants,
    normalize,
    strip_clitics,
    surface_offset,
    tokenize,
)
from reader.nlp.types import Keyword

MAX_WORDS = 3
TOP_K = 10
_LEAD = re.compile("^(?:[وف]?[بك]|[وف]|[وف]?ل)(?=ال..)|^[وف](?=لل..)")
_WEB = frozenset({"http", "https", "www", "com", "org", "html"})
_SUFFIXES = ("ات", "ون", "ين", "ان", "ه", "ي")


@dataclass(frozen=True, slots=True)
class Word:
    """A content word: its grouping stem and the surface span without leading clitics."""

    stem: str
    start: int
    end: int


def _suffix_stem(stem: str) -> str:
    for suffix in _SUFFIXES:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
            return stem[: -len(suffix)]
    return stem


@lru_cache(maxsize=100_000)
def _arabic_word(key: str) -> tuple[str, int] | None:
    """(grouping stem, key chars of leading clitics) of an Arabic word, None for stopwords.

    A conjunction or preposition is stripped before ``ال`` always, otherwise only when the rest
    is a word the shipped frequency table knows (بخطط → خطط, but بشار stays).
    """
    stop = stopwords_ar() | stopwords_other()
    if key in stop or len(key) < 2:
        return None
    stem, cut = strip_clitics(key)
    if stem in stop or (key[0] in "وف" and key[1:] in stop):
        return None
    if "ال" not in key[:cut]:
        stem = key
    cut = 0
    if stem == key and len(key) >= 5 and key[0] in "وبلك":
        known = cold_df()[1]
        for variant, variant_cut in clitic_variants(key)[1:]:
            if known.get(_suffix_stem(variant), 0) >= 3 and _suffix_stem(key) not in known:
                stem, cut = variant, variant_cut
                break
    if stem in stop:
        return None
    stem = _suffix_stem(stem)
    return (stem, cut) if len(stem) >= 2 else None


def _arabic_stem(key: str) -> str | None:
    word = _arabic_word(key)
    return word[0] if word else None


@lru_cache(maxsize=100_000)
def _latin_stem(text: str) -> str | None:
    lower = text.lower()
    if lower in stopwords_en() or len(lower) < 3 or lower in _WEB:
        return None
    return lower[:-1] if lower.endswith("s") and len(lower) > 4 else lower


def _display_start(token: Token, cut: int) -> int:
    """Skip clitics: before a definite article (والسويداء → السويداء) or attested (بخطط → خطط)."""
    if token.kind != "ar":
        return token.start
    match = _LEAD.match(token.key)
    if match:
        cut = len(match.group())
    return token.start + surface_offset(token.text, cut) if cut else token.start


def chunks(tokens: Iterable[Token]) -> list[list[Word]]:
    """Runs of content words between punctuation, numbers and stopwords."""
    out: list[list[Word]] = []
    run: list[Word] = []
    for token in tokens:
        word: tuple[str, int] | None = None
        if token.kind == "ar":
            word = _arabic_word(token.key)
        elif token.kind == "lat":
            latin = _latin_stem(token.text)
            word = (latin, 0) if latin else None
        if word is None:
            if run:
                out.append(run)
            run = []
            continue
        run.append(Word(word[0], _display_start(token, word[1]), token.end))
    if run:
        out.append(run)
    return out


def phrases(text: str) -> list[tuple[str, int, int]]:
    """Every 1–3-word candidate as (stem key, start, end) in ``text``."""
    out = []
    for run in chunks(tokenize(text)):
        for i in range(len(run)):
            for n in range(1, MAX_WORDS + 1):
                if i + n > len(run):
                    break
                words = run[i:i + n]
                out.append((" ".join(w.stem for w in words), words[0].start, words[-1].end))
    return out


def term_keys(text: str) -> list[str]:
    """The phrase keys of a text (for document frequencies)."""
    return [key for key, _, _ in phrases(text)]


class DocumentFrequencies:
    """Cold-start table plus the term sets of the articles analysed together."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.cold_docs, self.cold = cold_df()
        self.docs = len(texts)
        self.counts: Counter[str] = Counter()
        for text in texts:
            self.counts.update(set(term_keys(text)))

    def idf(self, key: str, extra_doc: bool) -> float:
        docs = self.cold_docs + self.docs + (1 if extra_doc else 0)
        df = self.cold.get(key, 0) + self.counts.get(key, 0) + (1 if extra_doc else 0)
        return math.log((docs + 1) / (df + 1)) + 1.0


def _surface_forms(text: str, found: list[tuple[str, int, int]]) -> dict[str, str]:
    forms: dict[str, Counter[str]] = {}
    for key, start, end in found:
        forms.setdefault(key, Counter())[text[start:end]] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in forms.items()}


def _score(key: str, tf: int, idf: float) -> float:
    words = key.count(" ") + 1
    return (1 + math.log(tf)) * idf * (1.0 + 0.5 * (words - 1))


def _covered(key: str, blocked: list[set[str]]) -> bool:
    words = set(key.split())
    return any(words <= other or other <= words for other in blocked)


def keywords(text: str, title: str, df: DocumentFrequencies, in_corpus: bool,
             entity_stems: Iterable[set[str]] = (), top_k: int = TOP_K) -> list[Keyword]:
    """The top phrases of ``title`` + ``text`` by TF-IDF, excluding entity names."""
    found = phrases(text)
    tf = Counter(key for key, _, _ in found)
    tf.update(key for key, _, _ in phrases(title))
    forms = _surface_forms(text, found)
    scored = []
    for key, count in tf.items():
        if key not in forms or (" " in key and count < 2):
            continue
        scored.append((_score(key, count, df.idf(key, not in_corpus)), key))
    scored.sort(key=lambda item: (-item[0], item[1]))
    blocked = [set(stems) for stems in entity_stems]
    chosen: list[tuple[float, str]] = []
    for score, key in scored:
        if _covered(key, blocked) or _covered(key, [set(k.split()) for _, k in chosen]):
            continue
        chosen.append((score, key))
        if len(chosen) == top_k:
            break
    best = chosen[0][0] if chosen else 1.0
    return [Keyword(forms[key], round(score / best, 4)) for score, key in chosen]


def entity_stem_sets(names: Iterable[str]) -> list[set[str]]:
    """Stem sets of entity names, in keyword-stem space, for de-duplication."""
    out = []
    for name in names:
        stems = set()
        for token in tokenize(name):
            stem = _arabic_stem(token.key) if token.kind == "ar" else _latin_stem(token.text)
            if stem:
                stems.add(stem)
        if stems:
            out.append(stems)
    return out


__all__ = ["DocumentFrequencies", "keywords", "term_keys", "entity_stem_sets", "normalize"]
