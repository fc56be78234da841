"""Lazy loaders for the shipped data files (gazetteers, triggers, stopwords, df table)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from typing import NamedTuple, TypeVar

from reader.nlp.paths import DATA_DIR


class GazEntry(NamedTuple):
    """A gazetteer hit: LOC, ORG, PER or NAT; strength "c" (confident), "a" (a place name that
    is as often a common word: a name only in context) or "g" (feature only). A named tuple:
    made twice as fast as a frozen dataclass (31,000 of them at the first analysis), and of
    strings only, so the garbage collector stops walking them."""

    label: str
    strength: str
    display: str


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Normalised names (space-joined keys) and the longest name in words."""

    entries: dict[str, tuple[GazEntry, ...]]
    max_words: int
    first_words: frozenset[str]
    lengths: dict[str, tuple[int, ...]]  # first word → name lengths in words, longest first


def _lines(name: str) -> list[str]:
    path = DATA_DIR / name
    if not path.is_file():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line]


@cache
def gazetteer() -> Gazetteer:
    """The merged gazetteer from ``gazetteer.tsv``.

    Built compactly (a third of its memory went to copies of one string): the labels are one
    object each, a display form spelt as its key is the key, a first word of a name is the
    one-word name's own key, and equal tuples of name lengths are one tuple.
    """
    grouped: dict[str, list[GazEntry]] = {}
    labels: dict[str, str] = {}
    for line in _lines("gazetteer.tsv"):
        key, label, strength, display = line.split("\t")
        entry = GazEntry(labels.setdefault(label, label), strength,
                         key if display == key else display)
        grouped.setdefault(key, []).append(entry)
    for entries in grouped.values():
        if len(entries) > 1:
            entries.sort(key=_STRENGTH)
    max_words = max((key.count(" ") + 1 for key in grouped), default=1)
    lengths: dict[str, set[int]] = {}
    for key in grouped:
        first = key.split(" ", 1)[0] if " " in key else key
        lengths.setdefault(first, set()).add(key.count(" ") + 1)
    firsts = {first: first for first in lengths}
    firsts.update((key, key) for key in grouped if key in firsts)  # the one-word names' keys
    shared: dict[tuple[int, ...], tuple[int, ...]] = {}
    by_first = {firsts[first]: _one(shared, tuple(sorted(found, reverse=True)))
                for first, found in lengths.items()}
    return Gazetteer({k: tuple(v) for k, v in grouped.items()}, max_words, frozenset(by_first),
                     by_first)


_T = TypeVar("_T")
_STRENGTH = attrgetter("strength")


def _one(shared: dict[_T, _T], value: _T) -> _T:
    """``value``, or the equal value met before."""
    return shared.setdefault(value, value)


@cache
def clusters() -> dict[str, str]:
    """Token key → word-cluster id (``clusters.tsv``; empty when none ships)."""
    return dict(line.split("\t") for line in _lines("clusters.tsv"))


@cache
def triggers() -> dict[str, str]:
    """Trigger word (normalised) → PER, ORG, LOC (Arabic) or EPER, EROLE, EORG (English:
    President, leader, Ministry)."""
    return dict(line.split("\t") for line in _lines("triggers.tsv"))


@cache
def stopwords_ar() -> frozenset[str]:
    """Normalised Arabic stopwords and news verbs."""
    return frozenset(_lines("stopwords_ar.txt"))


@cache
def stopwords_en() -> frozenset[str]:
    """Lower-case English stopwords."""
    return frozenset(_lines("stopwords_en.txt"))


@cache
def cold_df() -> tuple[int, dict[str, int]]:
    """The shipped cold-start document frequencies: (documents, term → df)."""
    docs, table = 0, {}
    for line in _lines("df.tsv"):
        term, value = line.split("\t")
        if term == "#docs":
            docs = int(value)
        else:
            table[term] = int(value)
    return docs, table


@cache
def lexicon() -> dict[str, str]:
    """Words seen inside entities in the training data (normalised) → most frequent type."""
    return dict(line.split("\t") for line in _lines("names.tsv"))


@cache
def common_words() -> frozenset[str]:
    """Clitic-stripped words that are (almost) never part of a name in the training data."""
    return frozenset(_lines("common.txt"))


@cache
def stopwords_other() -> frozenset[str]:
    """Normalised Persian and Urdu stopwords (keywords of Persian text stay clean)."""
    return frozenset(_lines("stopwords_other.txt"))


def reload_lists() -> None:
    """Read the data files again on next use (after ``build_data`` or ``train`` rewrote them
    in this process)."""
    for loader in (gazetteer, triggers, stopwords_ar, stopwords_en, stopwords_other, cold_df,
                   lexicon, common_words, clusters):
        loader.cache_clear()
