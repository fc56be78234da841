"""Fast paths of the CRF features, each pinned to the plain rule it replaces."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.nlp.crf import shared_tagger
from reader.nlp.features import Featurizer
from reader.nlp.paths import MODEL_PATH
from reader.nlp.resources import lexicon

needs_model = pytest.mark.skipif(not MODEL_PATH.is_file(), reason="no shipped CRF model")


@cache
def _words() -> list[str]:
    """Words of every kind a record reads: gazetteer names and their words, names of the
    lexicon, triggers, stopwords, with and without clitics."""
    featurizer = Featurizer(lexicon())
    names = sorted(featurizer.gaz.entries)[::50]
    words = sorted({word for name in names for word in name.split(" ")})
    words += sorted(featurizer.lexicon)[::40] + sorted(featurizer.triggers)[::5]
    words += sorted(featurizer.stop)[::5]
    return [*words, *("و" + w for w in words[::3]), *("ال" + w for w in words[::4]),
            *("بال" + w for w in words[::7]), *("لل" + w for w in words[::9]),
            "سوريا", "2011", "CO2", "،", "والسويداء", "للاردن", "بدمشق", "قال"]


_KEY = st.one_of(st.sampled_from(_words()),
                 st.text(alphabet="اأالبتثجحخدسشعغفقكلمنهويىةءو1A:-=", min_size=1, max_size=9))


@needs_model
@settings(max_examples=400, deadline=None)
@given(_KEY)
def test_model_records_match_the_plain_rule(key: str) -> None:
    tagger = shared_tagger()
    assert tagger is not None
    featurizer = tagger.featurizer
    assert featurizer.record(key) == featurizer.plain_record(key)


def _candidates(featurizer: Featurizer, keys: list[str]) -> list[str]:
    """Every attribute the unrestricted featurizer builds for ``keys``, their folded
    attributes, and context attributes no model could have (``-2:w=``)."""
    found: set[str] = set()
    for key in keys:
        for features in featurizer.plain_record(key)[:5]:
            found.update(feature.decode() for feature in features)
        found.update(["f=" + key, f"-2:w={key}", f"2:w={key}"])
    return sorted(found)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_restricted_records_match_the_plain_rule(data: st.DataObject) -> None:
    featurizer = Featurizer(lexicon())
    keys = data.draw(st.lists(_KEY, min_size=1, max_size=8))
    candidates = _candidates(featurizer, keys)
    featurizer.restrict(frozenset(data.draw(st.lists(st.sampled_from(candidates)))))
    for key in keys:
        assert featurizer.record(key) == featurizer.plain_record(key)
