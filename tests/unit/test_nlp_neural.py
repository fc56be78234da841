"""The neural tagger's numpy inference: token inputs, batching, CRF features."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reader.nlp import extract_entities
from reader.nlp.crf import shared_tagger
from reader.nlp.neural import (
    FLAG_COUNT,
    MAX_CHARS,
    TAGS,
    NeuralTagger,
    TokenReader,
    bidirectional_gru,
    crf_features,
)
from reader.nlp.paths import ACCURATE_MODEL_PATH, NEURAL_PATH
from reader.training.neural import Seeds, stack_networks, train_ensemble

_ALPHABET = "ءابةتثجحخدذرزسشصضطظعغفقكلمنهوي"
_WORDS = ["دمشق", "قال", "الرئيس", "بشار"]
_LEXICAL = ["قال", "الاسد"]


def _random_model(path: Path, dilations: tuple[int, ...] = (1, 2, 4), seed: int = 3,
                  rnn: int = 0) -> Path:
    """A network of the shipped shape with random weights (no torch needed); ``rnn`` > 0 adds
    a bidirectional GRU of that many units per direction."""
    rng = np.random.default_rng(seed)
    char_dim, filters, word_dims, lex_dims, hidden = 5, 7, 4, 3, 6

    def weights(*shape: int) -> np.ndarray:
        return rng.normal(size=shape).astype(np.float32)

    arrays: dict[str, Any] = {
        "char_emb": weights(len(_ALPHABET) + 3, char_dim),
        "char_conv_w": weights(3 * char_dim, filters), "char_conv_b": weights(filters),
        "word_vecs": np.concatenate([np.zeros((1, word_dims)), weights(len(_WORDS), word_dims)]),
        "lex_emb": np.concatenate([np.zeros((1, lex_dims)), weights(len(_LEXICAL), lex_dims)]),
        "proj_w": weights(filters + word_dims + lex_dims + FLAG_COUNT, hidden),
        "proj_b": weights(hidden),
        "out_w": weights(hidden, len(TAGS)), "out_b": weights(len(TAGS)),
    }
    for layer in range(len(dilations)):
        arrays[f"conv{layer}_w"] = weights(3 * hidden, hidden) * 0.5
        arrays[f"conv{layer}_b"] = weights(hidden)
    if rnn:
        arrays.update(gru_ih_w=weights(2, hidden, 3 * rnn) * 0.2, gru_ih_b=weights(2, 3 * rnn),
                      gru_hh_w=weights(2, rnn, 3 * rnn), gru_hh_b=weights(2, 3 * rnn),
                      rnn_out_w=weights(2 * rnn, hidden), rnn_out_b=weights(hidden))
    path = path / f"net{seed}.npz"
    arrays.update(alphabet=np.array(_ALPHABET), words=np.array(_WORDS),
                  lexical=np.array(_LEXICAL), dilations=np.array(dilations))
    np.savez(path, **arrays)
    return path


_SENTENCES = [
    ["قال", "الرئيس", "السوري", "بشار", "الاسد", "في", "دمشق"],
    ["بدمشق"],
    [],
    ["وصل", "الوفد", "الى", "عمان", "امس", "ثم", "غادر", "الى", "القاهره", "صباحا"],
]


def test_a_batch_of_sentences_reads_each_sentence_as_alone(tmp_path: Path) -> None:
    # The gaps between sentences are re-zeroed after each layer: no sentence sees another.
    tagger = NeuralTagger(_random_model(tmp_path))
    batched = tagger.probabilities(_SENTENCES)
    for sentence, probs in zip(_SENTENCES, batched, strict=True):
        alone = tagger.probabilities([sentence])[0]
        assert probs.shape == (len(sentence), len(TAGS))
        np.testing.assert_allclose(probs, alone, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)


def test_a_recurrent_layer_reads_each_sentence_as_alone(tmp_path: Path) -> None:
    tagger = NeuralTagger(_random_model(tmp_path, rnn=4))
    batched = tagger.probabilities(_SENTENCES)
    for sentence, probs in zip(_SENTENCES, batched, strict=True):
        alone = tagger.probabilities([sentence])[0]
        np.testing.assert_allclose(probs, alone, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1 / (1 + np.exp(-x)))


def _gru_step_by_step(w: dict[str, np.ndarray], x: np.ndarray, direction: int) -> np.ndarray:
    """torch's GRU equations, one token at a time, over one sentence (reversed for direction 1)."""
    units = w["gru_hh_w"].shape[1]
    ih_w, ih_b = w["gru_ih_w"][direction], w["gru_ih_b"][direction]
    hh_w, hh_b = w["gru_hh_w"][direction], w["gru_hh_b"][direction]
    order = range(len(x)) if direction == 0 else range(len(x) - 1, -1, -1)
    state = np.zeros(units, dtype=np.float32)
    out = np.zeros((len(x), units), dtype=np.float32)
    for i in order:
        given, hidden = x[i] @ ih_w + ih_b, state @ hh_w + hh_b
        reset = _sigmoid(given[:units] + hidden[:units])
        update = _sigmoid(given[units:2 * units] + hidden[units:2 * units])
        new = np.tanh(given[2 * units:] + reset * hidden[2 * units:])
        state = (1 - update) * new + update * state
        out[i] = state
    return out


def test_the_batched_gru_follows_the_step_by_step_equations(tmp_path: Path) -> None:
    with np.load(_random_model(tmp_path, rnn=4)) as arrays:
        w = {name: arrays[name].astype(np.float32) for name in arrays.files
             if name.startswith("gru_")}
    rng = np.random.default_rng(5)
    x = rng.normal(size=(20, 6)).astype(np.float32)
    where = [(2, 7), (9, 10), (12, 19)]
    got = bidirectional_gru(w, x, where)
    expected = np.zeros((20, 8), dtype=np.float32)
    for start, end in where:
        expected[start:end, :4] = _gru_step_by_step(w, x[start:end], 0)
        expected[start:end, 4:] = _gru_step_by_step(w, x[start:end], 1)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_the_recurrent_layer_reads_beyond_the_convolutions(tmp_path: Path) -> None:
    # One convolution sees a word's neighbours only; the GRU carries the first word further.
    sentence = ["قال", "الرئيس", "السوري", "بشار", "الاسد", "في", "دمشق"]
    changed = ["غادر", *sentence[1:]]
    for rnn, differs in ((0, False), (4, True)):
        tagger = NeuralTagger(_random_model(tmp_path, dilations=(1,), rnn=rnn))
        first, second = tagger.probabilities([sentence, changed])
        assert (not np.allclose(first[2:], second[2:])) == differs


def test_the_convolution_reads_the_neighbours(tmp_path: Path) -> None:
    tagger = NeuralTagger(_random_model(tmp_path))
    first = tagger.probabilities([["قال", "بشار", "الاسد"]])[0]
    second = tagger.probabilities([["غادر", "بشار", "الاسد"]])[0]
    assert not np.allclose(first[1], second[1])


def _shared_vocabulary_models(folder: Path, seeds: tuple[int, ...],
                              keep: Path | None = None) -> list[Path]:
    """Random networks of one vocabulary and its word vectors, weights of their own (as
    networks trained with different seeds); in ``keep`` as ``neural-s{seed}.npz``."""
    members = [_random_model(folder, seed=seed) for seed in seeds]
    with np.load(members[0]) as arrays:
        vectors = arrays["word_vecs"]
    for number, (seed, path) in enumerate(zip(seeds, members, strict=True)):
        with np.load(path) as arrays:
            changed = {name: arrays[name] for name in arrays.files}
        if keep is not None:
            path = members[number] = keep / f"neural-s{seed}.npz"
        np.savez(path, **{**changed, "word_vecs": vectors})
    return members


def test_an_ensemble_averages_its_networks_probabilities(tmp_path: Path) -> None:
    members = _shared_vocabulary_models(tmp_path, (3, 4, 5))
    stack_networks(members, tmp_path / "ensemble.npz")
    ensemble = NeuralTagger(tmp_path / "ensemble.npz")
    assert len(ensemble.members) == 3
    alone = [NeuralTagger(path).probabilities(_SENTENCES) for path in members]
    for number, probs in enumerate(ensemble.probabilities(_SENTENCES)):
        mean = np.mean([each[number] for each in alone], axis=0)
        np.testing.assert_allclose(probs, mean, rtol=1e-5, atol=1e-6)
    assert not np.allclose(alone[0][0], alone[1][0])  # the members differ


def test_kept_networks_and_cross_predictions_are_reused(tmp_path: Path) -> None:
    # Every seed's network is kept and only seed 3's cross-predictions train the CRF: nothing
    # is trained again (no torch needed), the ensemble holds both networks.
    keep = tmp_path / "keep"
    keep.mkdir()
    _shared_vocabulary_models(tmp_path, (3, 4), keep)
    sentences = [[("قال", "O"), ("بشار", "B-PERS")], [("دمشق", "B-LOC")]]
    guesses = [np.full((2, len(TAGS)), 0.5), np.full((1, len(TAGS)), 0.25)]
    np.savez(keep / "cross-s3.npz", s0=guesses[0], s1=guesses[1])
    out = tmp_path / "ensemble.npz"
    cross = train_ensemble(sentences, tmp_path / "no-vectors.npz", out, Seeds((3, 4), (3,)), keep)
    for got, expected in zip(cross, guesses, strict=True):
        np.testing.assert_allclose(got, expected)
    assert len(NeuralTagger(out).members) == 2
    assert Seeds.parse("13,14,15", "13") == Seeds((13, 14, 15), (13,))
    assert Seeds.parse("13,14", "all") == Seeds((13, 14), None)


def test_an_ensemble_needs_networks_of_the_same_vocabularies(tmp_path: Path) -> None:
    first = _random_model(tmp_path, seed=3)
    other = tmp_path / "other.npz"
    with np.load(first) as arrays:
        changed = {name: arrays[name] for name in arrays.files}
    changed["lexical"] = np.array(["قال"])
    np.savez(other, **changed)
    with pytest.raises(ValueError):
        stack_networks([first, other], tmp_path / "ensemble.npz")


def test_token_inputs_read_clitics_lists_and_vocabularies() -> None:
    reader = TokenReader(_ALPHABET, _WORDS, _LEXICAL)
    plain, glued = reader.read("دمشق"), reader.read("بدمشق")
    assert len(plain.chars) == MAX_CHARS + 2 and plain.chars[0] == 1
    assert plain.word == glued.word == _WORDS.index("دمشق") + 1  # found by its clitic reading
    assert plain.lex == 0 and reader.read("قال").lex == 1  # the learnt words: key as it is
    assert len(plain.flags) == FLAG_COUNT
    assert plain.flags != glued.flags  # a gazetteer place, whole or after a cut clitic
    assert reader.read("x" * 40).chars[-1] != 0  # a long key is cut, its end mark kept


def test_crf_features_name_the_likeliest_tag_its_certainty_and_neighbours() -> None:
    probs = np.full((3, len(TAGS)), 0.01, dtype=np.float32)
    probs[0, TAGS.index("O")] = 0.92
    probs[1, TAGS.index("B-PERS")] = 0.97
    probs[2, TAGS.index("I-PERS")] = 0.6
    features = crf_features(probs)
    assert features[1] == [b"nn=B-PERS", b"nnq=B-PERS:3", b"-1:nn=O", b"1:nn=I-PERS"]
    assert features[0] == [b"nn=O", b"nnq=O:2", b"1:nn=B-PERS"]
    assert features[2] == [b"nn=I-PERS", b"nnq=I-PERS:1", b"-1:nn=B-PERS"]


needs_accurate = pytest.mark.skipif(
    not (NEURAL_PATH.is_file() and ACCURATE_MODEL_PATH.is_file()),
    reason="no shipped accurate analyser")


@needs_accurate
def test_the_shipped_tagger_batches_the_article_as_it_tags_each_sentence() -> None:
    tagger = shared_tagger(accurate=True)
    assert tagger is not None and tagger.neural is not None
    extras = tagger.neural_features(_SENTENCES)
    assert extras is not None
    for sentence, extra in zip(_SENTENCES, extras, strict=True):
        if sentence:
            assert tagger.spans(sentence, extra=extra) == tagger.spans(sentence)


def test_the_default_tagger_reads_no_neural_guesses() -> None:
    tagger = shared_tagger()
    assert tagger is None or tagger.neural is None


@needs_accurate
def test_the_accurate_analyser_finds_the_names_of_a_news_sentence() -> None:
    text = "قال الرئيس الفرنسي جاك شيراك في باريس امس ان فرنسا تدعم الامم المتحدة."
    found = {(e.text, e.label) for e in extract_entities(text, accurate=True)}
    assert ("جاك شيراك", "PERSON") in found
    assert ("باريس", "LOCATION") in found


def test_accurate_only_retrains_the_accurate_analyser_and_leaves_the_fast_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Kept networks and cross-predictions: no torch needed. The fast model, its lexicon and
    # common words are not written; the networks and the accurate CRF are.
    from reader.training import train

    data, keep, shipped = tmp_path / "data", tmp_path / "keep", tmp_path / "shipped"
    for folder in (data, keep, shipped):
        folder.mkdir()
    text = "قال O\nالرئيس O\nبشار B-PERS\nالاسد I-PERS\n\nزار O\nدمشق B-LOC\n\n"
    (data / "anercorp-camel-train.txt").write_text(text, encoding="utf-8")
    _shared_vocabulary_models(tmp_path, (3,), keep)
    np.savez(keep / "cross-s3.npz", s0=np.full((4, len(TAGS)), 1 / len(TAGS)),
             s1=np.full((2, len(TAGS)), 1 / len(TAGS)))
    for name, value in (("DATA_DIR", shipped), ("MODEL_PATH", shipped / "ner.crfsuite"),
                        ("NEURAL_PATH", shipped / "neural.npz"),
                        ("ACCURATE_MODEL_PATH", shipped / "ner_accurate.crfsuite")):
        monkeypatch.setattr(train, name, value)
    assert train.main(["--accurate-only", "--data", str(data), "--keep-neural", str(keep),
                       "--seeds", "3", "--cross-seeds", "3"]) == 0
    written = {path.name for path in shipped.iterdir()}
    assert {"neural.npz", "ner_accurate.crfsuite"} <= written
    assert not written & {"ner.crfsuite", "names.tsv", "common.txt"}
