"""Word-cluster features (the evaluation's ``--clusters``; no cluster file ships)."""

from __future__ import annotations

from reader.nlp.features import Featurizer

_CLUSTERS = {"دمشق": "7", "قال": "3"}


def test_a_word_and_its_clitic_readings_get_the_cluster() -> None:
    featurizer = Featurizer({}, clusters=_CLUSTERS)
    assert featurizer.cluster("دمشق") == "c=7"
    assert featurizer.cluster("بدمشق") == "c=7"
    assert featurizer.cluster("حلب") == ""
    assert Featurizer({}).cluster("دمشق") == ""


def test_the_cluster_is_an_own_and_a_neighbour_feature() -> None:
    featurizer = Featurizer({}, clusters=_CLUSTERS)
    features = featurizer.sequence(["قال", "في", "دمشق"])
    assert b"c=3" in features[0] and b"-1:c=3" in features[1]
    assert b"c=7" in features[2] and b"1:c=7" in features[1]
    assert not any(f.startswith((b"2:c=", b"-2:c=")) for f in features[0])


def test_restricted_records_keep_the_cluster_features() -> None:
    featurizer = Featurizer({}, clusters=_CLUSTERS)
    keep = frozenset(["c=7", "-1:c=7", "1:c=7", "w=دمشق"])
    featurizer.restrict(keep)
    assert featurizer.record("دمشق") == featurizer.plain_record("دمشق")
    assert b"c=7" in featurizer.record("دمشق")[0]
