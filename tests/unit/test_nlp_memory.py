"""What the analyser keeps in memory: compact word lists, per-word caches within a bound."""

from __future__ import annotations

from itertools import islice, product

from reader.lang import tokens
from reader.lang.words import WORD_CACHE_SIZE, clitic_variants, normalize, strip_clitics
from reader.model.article import Article
from reader.nlp import analyze, arabic, keywords
from reader.nlp.crf import shared_tagger
from reader.nlp.paths import DATA_DIR
from reader.nlp.resources import gazetteer


def test_the_gazetteer_holds_every_line_of_its_file() -> None:
    grouped: dict[str, list[tuple[str, str, str]]] = {}
    for line in (DATA_DIR / "gazetteer.tsv").read_text(encoding="utf-8").splitlines():
        if line:
            key, label, strength, display = line.split("\t")
            grouped.setdefault(key, []).append((label, strength, display))
    lengths: dict[str, set[int]] = {}
    for key in grouped:
        lengths.setdefault(key.split(" ")[0], set()).add(len(key.split(" ")))
    gaz = gazetteer()
    assert {key: [(e.label, e.strength, e.display) for e in entries]
            for key, entries in gaz.entries.items()} == {
        key: sorted(found, key=lambda entry: entry[1]) for key, found in grouped.items()}
    assert gaz.lengths == {first: tuple(sorted(found, reverse=True))
                           for first, found in lengths.items()}
    assert gaz.first_words == frozenset(lengths)
    assert gaz.max_words == max(len(key.split(" ")) for key in grouped)


def _distinct_words(count: int) -> list[str]:
    letters = "بتثجحخدذرزسشصضطظعغقمن"
    return ["".join(word) for word in islice(product(letters, repeat=4), count)]


def test_per_word_caches_stay_within_their_bound() -> None:
    words = _distinct_words(WORD_CACHE_SIZE + 500)
    text = " ".join(f"{word} ." if at % 20 == 19 else word for at, word in enumerate(words))
    analyze(Article(title="", paragraphs=(text,)))
    tagger = shared_tagger()
    sizes = {
        "one-word pieces": len(tokens._ONE_WORD),
        "pieces": len(tokens._CHUNKS),
        "keys": len(arabic._keys()),
        "keyword readings": len(keywords._SURFACES),
        "normalize": normalize.cache_info().currsize,
        "strip_clitics": strip_clitics.cache_info().currsize,
        "clitic_variants": clitic_variants.cache_info().currsize,
    }
    if tagger is not None:
        sizes["features"] = len(tagger.featurizer._records)
    assert all(size <= WORD_CACHE_SIZE for size in sizes.values()), sizes


def test_tune_collector_freezes_what_is_alive_and_raises_the_young_threshold() -> None:
    import gc
    import weakref

    from reader.nlp.analysis import ANALYSIS_GC_THRESHOLD, tune_collector

    class Node:
        pass

    garbage = Node()
    garbage.itself = garbage  # type: ignore[attr-defined]
    gone = weakref.ref(garbage)
    del garbage
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    try:
        tune_collector()
        assert gone() is None, "unreachable cycles are collected, not frozen"
        assert gc.get_freeze_count() > frozen
        assert gc.get_threshold() == (ANALYSIS_GC_THRESHOLD, *before[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
