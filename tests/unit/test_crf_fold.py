"""Reading and writing CRFsuite model files, and folding frequent words' own features into
one attribute each: the tags and marginals must stay bit-for-bit the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.news import SYRIA

from reader.lang.tokens import sentences, tokenize
from reader.nlp.crf import CrfTagger, shared_tagger
from reader.nlp.features import FOLDED, Featurizer
from reader.nlp.paths import MODEL_PATH
from reader.nlp.resources import lexicon
from reader.training.crfsuite_format import hashlittle, read_model, write_model
from reader.training.fold import fold, fold_file, folded_words, unfolded

needs_model = pytest.mark.skipif(not MODEL_PATH.is_file(), reason="no shipped CRF model")

TRAINING = [
    ("قال الرئيس بشار الأسد في دمشق", ["O", "O", "B-PERS", "I-PERS", "O", "B-LOC"]),
    ("وصل المبعوث غير بيدرسن إلى حلب", ["O", "O", "B-PERS", "I-PERS", "O", "B-LOC"]),
    ("أعلنت وكالة رويترز أن الأمم المتحدة", ["O", "O", "B-ORG", "O", "B-ORG", "I-ORG"]),
    ("زار وزير الخارجية مدينة حمص أمس", ["O", "O", "O", "O", "B-LOC", "O"]),
]
UNSEEN = ["قال", "المبعوث", "الأسد", "في", "حمص", "وحلب", "أمس", "رويترز", "بيروت"]


def _keys(text: str) -> list[str]:
    return [token.key for token in tokenize(text)]


@pytest.fixture(scope="module")
def small_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import pycrfsuite

    featurizer = Featurizer({})
    trainer = pycrfsuite.Trainer(verbose=False)
    for text, tags in TRAINING:
        trainer.append(featurizer.sequence(_keys(text)), tags)
    trainer.set_params({"c1": 0.01, "c2": 0.01, "max_iterations": 50,
                        "feature.possible_transitions": True})
    path = tmp_path_factory.mktemp("crf") / "small.crfsuite"
    trainer.train(str(path))
    return path


def _tags_and_marginals(tagger: CrfTagger, keys: list[str]) -> tuple[list[str], list[float]]:
    tags: list[str] = tagger._tagger.tag(tagger.featurizer.sequence(keys))
    return tags, [tagger._tagger.marginal(tag, i) for i, tag in enumerate(tags)]


def test_hashlittle_matches_lookup3() -> None:
    assert hashlittle(b"") == 0xDEADBEEF
    assert hashlittle(b"", 0xDEADBEEF) == 0xBD5B7DDE
    assert hashlittle(b"Four score and seven years ago") == 0x17770551
    assert hashlittle(b"Four score and seven years ago", 1) == 0xCD628161


def test_a_written_model_reads_back_and_tags_the_same(small_model: Path,
                                                      tmp_path: Path) -> None:
    import pycrfsuite

    model = read_model(small_model.read_bytes())
    copy = tmp_path / "copy.crfsuite"
    copy.write_bytes(write_model(model))
    assert read_model(copy.read_bytes()) == model
    original, rewritten = pycrfsuite.Tagger(), pycrfsuite.Tagger()
    original.open(str(small_model))
    rewritten.open(str(copy))
    assert rewritten.info().state_features == original.info().state_features
    assert rewritten.info().transitions == original.info().transitions
    featurizer = Featurizer({})
    for text, _ in TRAINING:
        features = featurizer.sequence(_keys(text))
        assert rewritten.tag(features) == original.tag(features)


def test_reading_a_file_that_is_no_model_fails_clearly() -> None:
    with pytest.raises(ValueError, match="not a CRFsuite"):
        read_model(b"\0" * 64)


def test_folding_keeps_tags_and_marginals_bit_for_bit(small_model: Path,
                                                      tmp_path: Path) -> None:
    words = {key for text, _ in TRAINING for key in _keys(text)}
    folded_path = tmp_path / "folded.crfsuite"
    folded_path.write_bytes(write_model(fold(read_model(small_model.read_bytes()), words,
                                             Featurizer({}))))
    plain, folded = (CrfTagger(small_model, Featurizer({})),
                     CrfTagger(folded_path, Featurizer({})))
    sentences_ = [_keys(text) for text, _ in TRAINING] + [UNSEEN]
    for keys in sentences_:
        assert _tags_and_marginals(folded, keys) == _tags_and_marginals(plain, keys)
    keys = _keys(TRAINING[0][0])
    assert (sum(map(len, folded.featurizer.sequence(keys)))
            < sum(map(len, plain.featurizer.sequence(keys))))


def test_folding_again_replaces_the_folded_attributes(small_model: Path) -> None:
    model = read_model(small_model.read_bytes())
    once = fold(model, ["دمشق", "حلب"], Featurizer({}))
    twice = fold(once, ["حلب"], Featurizer({}))
    assert folded_words(once) == ["دمشق", "حلب"]
    assert folded_words(twice) == ["حلب"]
    assert unfolded(twice) == model


def test_fold_file_refolds_the_same_words(small_model: Path, tmp_path: Path) -> None:
    path = tmp_path / "m.crfsuite"
    path.write_bytes(small_model.read_bytes())
    assert fold_file(path, ["دمشق", "الأسد"]) == 2
    assert fold_file(path) == 2
    assert folded_words(read_model(path.read_bytes())) == ["دمشق", "الأسد"]
    assert (tmp_path / "m.crfsuite.attrs").read_text(encoding="utf-8").count("\nf=") == 2


@needs_model
def test_shipped_folded_weights_match_the_current_features() -> None:
    """Each folded weight is the running sum of its word's own feature weights under the
    current code and word lists: a change to either needs ``python -m reader.training.fold``."""
    model = read_model(MODEL_PATH.read_bytes())
    words = folded_words(model)
    assert len(words) > 1000
    index = {name: i for i, name in enumerate(model.attributes)}
    featurizer = Featurizer(lexicon())
    featurizer.restrict(frozenset(unfolded(model).attributes))
    stale = []
    for word in words:
        sums: dict[int, float] = {}
        for feature in featurizer.own_features(word):
            for label, weight in model.states[index[feature]]:
                sums[label] = sums.get(label, 0.0) + weight
        if sorted(sums.items()) != model.states[index[FOLDED + word]]:
            stale.append(word)
    assert not stale, f"stale folded words (run python -m reader.training.fold): {stale[:5]}"


@needs_model
def test_shipped_tagger_uses_folded_words_and_tags_as_unfolded() -> None:
    tagger = shared_tagger()
    assert tagger is not None
    model = read_model(MODEL_PATH.read_bytes())
    unfolded_featurizer = Featurizer(lexicon())
    unfolded_featurizer.restrict(frozenset(unfolded(model).attributes))
    assert tagger.featurizer.record("في")[0] == (f"{FOLDED}في".encode(),)
    for text in SYRIA:
        for sentence in sentences(text, tokenize(text)):
            keys = [t.key for t in sentence]
            folded = tagger.featurizer.sequence(keys)
            plain_features = unfolded_featurizer.sequence(keys)
            assert sum(map(len, folded)) < sum(map(len, plain_features))
            with tagger._lock:
                tags = tagger._tagger.tag(folded)
                marginals = [tagger._tagger.marginal(t, i) for i, t in enumerate(tags)]
                assert tagger._tagger.tag(plain_features) == tags
                assert [tagger._tagger.marginal(t, i)
                        for i, t in enumerate(tags)] == marginals
