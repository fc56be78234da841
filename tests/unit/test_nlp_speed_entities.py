"""Fast paths of entity extraction, each pinned to the plain rule it replaces."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.news import MINISTER, SYRIA

from reader.lang.tokens import sentences, tokenize
from reader.lang.words import clitic_variants, merge_key, strip_clitics
from reader.nlp.arabic import _confident, _drops_article, _gaz_starts, _Keys, _person_title
from reader.nlp.crf import shared_tagger
from reader.nlp.features import _BEGIN, _INSIDE, Featurizer, Record
from reader.nlp.paths import MODEL_PATH
from reader.nlp.patterns import find_numbers
from reader.nlp.resources import lexicon, triggers
from reader.nlp.spans import bio_spans
from reader.nlp.types import Entity

needs_model = pytest.mark.skipif(not MODEL_PATH.is_file(), reason="no shipped CRF model")


@cache
def _featurizer() -> Featurizer:
    return Featurizer(lexicon())


def _multiword_reference(featurizer: Featurizer, keys: Sequence[str],
                         recs: Sequence[Record]) -> dict[int, list[bytes]]:
    """The plain rule: join every name length a reading may start and look it up."""
    out: dict[int, list[bytes]] = {}
    entries, lengths = featurizer.gaz.entries, featurizer.gaz.lengths
    for i, rec in enumerate(recs):
        for variant in rec[5]:
            for n in lengths[variant]:
                if n < 2 or i + n > len(keys):
                    continue
                for entry in entries.get(" ".join([variant, *keys[i + 1:i + n]]), ()):
                    out.setdefault(i, []).append(_BEGIN[entry.label])
                    for j in range(i + 1, i + n):
                        out.setdefault(j, []).append(_INSIDE[entry.label])
    return out


@cache
def _name_words() -> list[str]:
    """Words of multi-word gazetteer names (with clitics glued to some first words), and
    words of no name."""
    names = sorted(name for name in _featurizer().gaz.entries if " " in name)[::40]
    words = sorted({word for name in names for word in name.split(" ")})
    return [*words, *("و" + w for w in words[::3]), *("ال" + w for w in words[::5]),
            "في", "ان", "قال", "الجنوب", "السوري"]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_multiword_matches_the_plain_rule(data: st.DataObject) -> None:
    featurizer = _featurizer()
    keys = data.draw(st.lists(st.sampled_from(_name_words()), max_size=12))
    names = sorted(name for name in featurizer.gaz.entries if " " in name)
    name = data.draw(st.sampled_from(names)).split(" ")
    at = data.draw(st.integers(0, len(keys)))
    keys[at:at] = name  # at least one name in the sentence
    recs = [featurizer.record(key) for key in keys]
    assert featurizer.multiword(keys, recs) == _multiword_reference(featurizer, keys, recs)


@needs_model
@pytest.mark.parametrize("min_confidence", [0.0, 0.6])
def test_spans_match_the_plain_reading_of_tags_and_marginals(min_confidence: float) -> None:
    tagger = shared_tagger()
    assert tagger is not None
    plain = tagger._tagger
    for text in (*SYRIA, MINISTER, "قال إنه سيعود غدا.", "مرحبا"):
        for sentence in sentences(text, tokenize(text)):
            keys = [token.key for token in sentence]
            tags = plain.tag(tagger.featurizer.sequence(keys))
            expected = [(start, end, kind) for start, end, kind in bio_spans(tags)
                        if min(plain.marginal(tags[t], t) for t in range(start, end))
                        >= min_confidence]
            assert tagger.spans(keys, min_confidence) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="12 .٣%قرار مليون سيارة في", max_size=50), st.data())
def test_numbers_skip_the_taken_spans_like_the_plain_rule(text: str, data: st.DataObject) -> None:
    spans = data.draw(st.lists(st.tuples(st.integers(0, 55), st.integers(1, 10)), max_size=4))
    taken = [Entity(start, start + size, "DATE", "") for start, size in spans]
    every = find_numbers(text, [])
    expected = [e for e in every
                if not any(t.start < e.end and e.start < t.end for t in taken)]
    assert find_numbers(text, taken) == expected


_CLITIC_TEXT = st.text(alphabet="والبفكلسدمشقي ", max_size=14)


@cache
def _confident_starts() -> list[str]:
    """First words of confident names, some with clitics glued (the article dropped or not)."""
    firsts = sorted(_confident()[1])[::25]
    return [*firsts, *("و" + w for w in firsts[::2]), *("ب" + w for w in firsts[::3]),
            *("لل" + w[2:] for w in firsts if w.startswith("ال")),
            *("وال" + w for w in firsts[::4])]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.sampled_from(_confident_starts()), st.sampled_from(_name_words()),
                 _CLITIC_TEXT))
def test_gazetteer_starts_match_the_plain_rule(key: str) -> None:
    labels, lengths = _confident()
    expected = tuple((v, n, labels.get(v, "") if n == 1 else "")
                     for v, cut in clitic_variants(key)
                     if v in lengths and not _drops_article(key, v, cut)
                     for n in lengths[v])
    assert _gaz_starts(key) == expected


@settings(max_examples=300, deadline=None)
@given(st.one_of(_CLITIC_TEXT, st.text(alphabet="الوزير \t\n\u00a0", max_size=14)))
def test_merge_key_matches_the_plain_rule(key: str) -> None:
    assert merge_key(key) == " ".join(strip_clitics(part)[0] for part in key.split())


def _learnt_by_the_full_rule(key: str) -> tuple[bool, tuple[object, ...], bool]:
    """What ``_Keys.learn`` records of a key without its fast path: trigger, name starts,
    title."""
    merge = merge_key(key)
    trig = triggers()
    return (merge in trig or key in trig, _gaz_starts(key), _person_title(key, merge))


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.sampled_from(_confident_starts()), st.sampled_from(_name_words()),
                 st.sampled_from(sorted(triggers())),
                 st.sampled_from(["و" + word for word in sorted(triggers())[::3]]),
                 _CLITIC_TEXT))
def test_learnt_keys_match_the_full_rule(key: str) -> None:
    known = _Keys()
    known.learn(key)
    trigger, starts, title = _learnt_by_the_full_rule(key)
    assert (key in known.triggers, known.starts.get(key, ()), key in known.titles) == (
        trigger, starts, title)
    assert (key in known.notable) == bool(starts or title)
    assert (known.notable.get(key) or known.merges[key]) == merge_key(key)
