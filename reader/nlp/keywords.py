"""Keywords: TF-IDF over 1–3-word phrases, clitic-stripped, grouped by stem.

Document frequencies come from the articles analysed together plus a shipped cold-start table.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import NamedTuple

from reader.nlp.resources import (
    cold_df,
    gazetteer,
    stopwords_ar,
    stopwords_en,
    stopwords_other,
)
from reader.nlp.text import (
    Token,
    chunk_parts,
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


class Word(NamedTuple):
    """A content word: its grouping stem and the surface span without leading clitics."""

    stem: str
    start: int
    end: int


def _suffix_stem(stem: str) -> str:
    for suffix in _SUFFIXES:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
            return stem[: -len(suffix)]
    return stem


# A word reading: (stem, key chars of leading clitics, alternative stem without a leading
# conjunction/preposition or "", its key chars of clitics). None for stopwords.
Reading = tuple[str, int, str, int]


@lru_cache(maxsize=100_000)
def _arabic_reading(surface: str) -> Reading | None:
    """How an Arabic word groups: stem (clitics, tanween and plural/nisba endings off).

    A conjunction or preposition is stripped before ``ال`` always; otherwise the stripped
    reading is only an *alternative* (بخطط → خطط, but بشار stays), taken when the shipped
    frequency table knows it, or when the document itself uses the bare word (see ``_resolve``).
    """
    key = normalize(surface)
    stop = _stopwords()
    if key in stop or len(key) < 2:
        return None
    stem, cut = strip_clitics(key)
    if stem in stop or (key[0] in "وف" and key[1:] in stop):
        return None
    alt, alt_cut = "", 0
    if key[:cut].endswith("لل"):
        pass  # ل + ال: group with the article-stripped stem, display after "لل"
    elif "ال" in key[:cut]:
        cut = 0  # the display keeps the article (_display_start drops clitics before it)
    else:
        stem, cut = key, 0
        if len(key) >= 4 and key[0] in "وفبلك" and key not in gazetteer().first_words:
            known = cold_df()[1]
            for variant, variant_cut in clitic_variants(key)[1:]:
                if len(variant) < 3 or variant in stop:
                    continue
                whole_known = _suffix_stem(key) in known
                if known.get(_suffix_stem(variant), 0) >= 3 and not whole_known:
                    stem, cut = variant, variant_cut
                elif not whole_known:  # a known word (بلغت, reached) is never re-read
                    alt, alt_cut = _finish(surface, variant), variant_cut
                break
    if stem in stop:
        return None
    stem = _finish(surface, stem)
    if alt == stem:
        alt = ""
    return (stem, cut, alt, alt_cut) if len(stem) >= 2 else None


def _finish(surface: str, stem: str) -> str:
    """Drop the alef of tanween (خططاً → خطط) and plural/nisba endings (مشاريع stays)."""
    if len(stem) > 3 and stem.endswith("ا") and "\u064b" in surface:
        stem = stem[:-1]
    return _suffix_stem(stem)


@cache
def _stopwords() -> frozenset[str]:
    return stopwords_ar() | stopwords_other()


def _arabic_stem(surface: str) -> str | None:
    word = _arabic_reading(surface)
    return word[0] if word else None


@lru_cache(maxsize=100_000)
def _latin_stem(text: str) -> str | None:
    lower = text.lower()
    if lower in stopwords_en() or len(lower) < 3 or lower in _WEB:
        return None
    return lower[:-1] if lower.endswith("s") and len(lower) > 4 else lower


@lru_cache(maxsize=100_000)
def _lead(surface: str, key: str, cut: int) -> int:
    """Characters of ``surface`` to skip for display: clitics before a definite article
    (والسويداء → السويداء) or the attested clitics of the reading (بخطط → خطط)."""
    match = _LEAD.match(key)
    if match:
        cut = len(match.group())
    return surface_offset(surface, cut) if cut else 0


_PLACED: dict[str, tuple[str, int, str, int] | None] = {}
_MISSING = ("", -1, "", -1)


def _placed(token: Token) -> tuple[str, int, str, int] | None:
    """(stem, display offset, alternative stem, its display offset) of a word, cached."""
    surface = token.text
    if surface in _PLACED:
        return _PLACED[surface]
    placed: tuple[str, int, str, int] | None = None
    if token.kind == "ar":
        reading = _arabic_reading(surface)
        if reading is not None:
            stem, cut, alt, alt_cut = reading
            placed = (stem, _lead(surface, token.key, cut), alt,
                      _lead(surface, token.key, alt_cut) if alt else 0)
    elif token.kind == "lat":
        latin = _latin_stem(surface)
        placed = (latin, 0, "", 0) if latin else None
    if len(_PLACED) > 200_000:
        _PLACED.clear()
    _PLACED[surface] = placed
    return placed


def chunks(tokens: Iterable[Token]) -> list[list[Word]]:
    """Runs of content words between punctuation, numbers and stopwords.

    A word whose leading و/ف/ب/ل/ك may be a clitic is read without it when the document also
    uses the bare word (وقنوات with قنوات elsewhere; بخطط with خططاً).
    """
    placed_words = _PLACED
    readings: list[tuple[Token, tuple[str, int, str, int]] | None] = []
    bare: set[str] = set()
    for token in tokens:
        if token.kind != "ar" and token.kind != "lat":
            readings.append(None)
            continue
        placed = placed_words.get(token.text, _MISSING)
        if placed is _MISSING:
            placed = _placed(token)
        if placed is None:
            readings.append(None)
            continue
        if not placed[2]:
            bare.add(placed[0])
        readings.append((token, placed))
    out: list[list[Word]] = []
    run: list[Word] = []
    new = tuple.__new__
    for item in readings:
        if item is None:
            if run:
                out.append(run)
                run = []
            continue
        token, (stem, offset, alt, alt_offset) = item
        if alt and alt in bare:
            stem, offset = alt, alt_offset
        run.append(new(Word, (stem, token.start + offset, token.end)))
    if run:
        out.append(run)
    return out


def _phrases(runs: list[list[Word]]) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    append = out.append
    for run in runs:
        size = len(run)
        for i, (stem, start, end) in enumerate(run):
            append((stem, start, end))
            if i + 1 < size:
                second = run[i + 1]
                pair = stem + " " + second[0]
                append((pair, start, second[2]))
                if i + 2 < size:
                    third = run[i + 2]
                    append((pair + " " + third[0], start, third[2]))
    return out


def phrases(text: str, tokens: list[Token] | None = None) -> list[tuple[str, int, int]]:
    """Every 1–3-word candidate as (stem key, start, end) in ``text``."""
    return _phrases(chunks(tokens if tokens is not None else tokenize(text)))


Term = tuple[str, str] | None  # (stem, alternative stem or ""); None ends a phrase run
_TERMS: dict[str, tuple[Term, ...]] = {}


def _chunk_terms(chunk: str) -> tuple[Term, ...]:
    """The term readings of the tokens of a whitespace-free chunk, cached."""
    terms: list[Term] = []
    for _, _, surface, _, kind in chunk_parts(chunk):
        term: Term = None
        if kind == "ar":
            reading = _arabic_reading(surface)
            term = (reading[0], reading[2]) if reading else None
        elif kind == "lat":
            latin = _latin_stem(surface)
            term = (latin, "") if latin else None
        terms.append(term)
    if len(_TERMS) > 200_000:
        _TERMS.clear()
    result = _TERMS[chunk] = tuple(terms)
    return result


def term_keys(text: str) -> list[str]:
    """The phrase keys of a text (for document frequencies): the keys of ``phrases(text)``,
    without building tokens or display spans."""
    readings: list[Term] = []
    extend = readings.extend
    cache = _TERMS
    for chunk in text.split():
        extend(cache.get(chunk) or _chunk_terms(chunk))
    # alternatives are Arabic: a Latin stem never matches one
    bare = {reading[0] for reading in readings if reading is not None and not reading[1]}
    out: list[str] = []
    run: list[str] = []
    for item in [*readings, None]:
        if item is None:
            for i in range(len(run)):
                out.append(run[i])
                if i + 1 < len(run):
                    pair = run[i] + " " + run[i + 1]
                    out.append(pair)
                    if i + 2 < len(run):
                        out.append(pair + " " + run[i + 2])
            run = []
        else:
            run.append(item[1] if item[1] and item[1] in bare else item[0])
    return out


class DocumentFrequencies:
    """Cold-start table plus the term sets of the articles analysed together."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.cold_docs, self.cold = cold_df()
        self.docs = len(texts)
        self.counts: Counter[str] = Counter()
        for text in texts:
            self.counts.update(set(term_keys(text)))

    def idf(self, key: str, extra_doc: bool) -> float:
        extra = 1 if extra_doc else 0
        docs = self.cold_docs + self.docs + extra
        df = self.cold.get(key, 0) + self.counts.get(key, 0) + extra
        return math.log((docs + 1) / (df + 1)) + 1.0

    def idfs(self, keys: Iterable[str], extra_doc: bool) -> list[float]:
        """``idf`` of many keys at once."""
        extra = 1 if extra_doc else 0
        log_docs = math.log(self.cold_docs + self.docs + extra + 1)
        cold, counts, log = self.cold.get, self.counts.get, math.log
        return [log_docs - log(cold(key, 0) + counts(key, 0) + extra + 1) + 1.0 for key in keys]


def _display(text: str, spans: list[tuple[int, int]]) -> str:
    """The most frequent surface form; ties go to a form without tanween, then the first seen
    (forms after a detached "لل" — رئيس from للرئيس — only when nothing else is as frequent)."""
    forms = Counter(text[start:end] for start, end in spans)
    order = {form: i for i, form in reversed(list(enumerate(text[s:e] for s, e in spans)))}
    bare_after_ll = {text[s:e] for s, e in spans if text[max(0, s - 2):s] == "لل"}
    return min(forms.items(), key=lambda item: (-item[1], "\u064b" in item[0],
                                                item[0] in bare_after_ll, order[item[0]]))[0]


def _covered(key: str, blocked: list[set[str]]) -> bool:
    words = set(key.split())
    return any(words <= other or other <= words for other in blocked)


def keywords(text: str, title: str, df: DocumentFrequencies, in_corpus: bool,
             entity_stems: Iterable[set[str]] = (), top_k: int = TOP_K,
             tokens: list[Token] | None = None) -> list[Keyword]:
    """The top phrases of ``title`` + ``text`` by TF-IDF, excluding entity names.

    ``tokens`` may pass ``tokenize(text)`` when the caller already has it.
    """
    found = phrases(text, tokens)
    tf = Counter([key for key, _, _ in found])
    in_text = set(tf)
    if title:
        tf.update(key for key, _, _ in phrases(title))
    keys = [key for key, count in tf.items()
            if (count >= 2 or " " not in key) and key in in_text]
    log = math.log
    # (-score, key): a plain tuple sort gives the highest score first, ties by key.
    scored = sorted([(-(1 + log(tf[key])) * idf * (1.0 + 0.5 * key.count(" ")), key)
                     for key, idf in zip(keys, df.idfs(keys, not in_corpus), strict=True)])
    blocked = [set(stems) for stems in entity_stems]
    chosen: list[tuple[float, str]] = []
    chosen_sets: list[set[str]] = []
    for negative, key in scored:
        if _covered(key, blocked) or _covered(key, chosen_sets):
            continue
        chosen.append((-negative, key))
        chosen_sets.append(set(key.split()))
        if len(chosen) == top_k:
            break
    spans: dict[str, list[tuple[int, int]]] = {key: [] for _, key in chosen}
    for key, start, end in found:
        where = spans.get(key)
        if where is not None:
            where.append((start, end))
    best = chosen[0][0] if chosen else 1.0
    return [Keyword(_display(text, spans[key]), round(score / best, 4)) for score, key in chosen]


def entity_stem_sets(names: Iterable[str]) -> list[set[str]]:
    """Stem sets of entity names, in keyword-stem space, for de-duplication."""
    return [set(stems) for stems in map(_name_stems, names) if stems]


@lru_cache(maxsize=20_000)
def _name_stems(name: str) -> frozenset[str]:
    stems: set[str] = set()
    for token in tokenize(name):
        if token.kind == "ar":
            reading = _arabic_reading(token.text)
            if reading:
                stems.update(s for s in (reading[0], reading[2]) if s)
        elif token.kind == "lat":
            latin = _latin_stem(token.text)
            if latin:
                stems.add(latin)
    return frozenset(stems)


__all__ = ["DocumentFrequencies", "keywords", "term_keys", "entity_stem_sets", "normalize"]
