"""The fine-tuned transformer tagger: its tokenizer, its numpy forward pass, its packing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reader.nlp.paths import TRANSFORMER_PATH
from reader.nlp.spans import bio_spans
from reader.nlp.subwords import METASPACE, UnigramTokenizer
from reader.nlp.transformer import (
    MAX_PIECES,
    MAX_WORD_PIECES,
    TAGS,
    TransformerTagger,
    gelu,
    quantise_rows,
    word_chunks,
)
from reader.training.export_transformer import pack

M = METASPACE
_PIECES = ["<s>", "<pad>", "</s>", "<unk>", M, M + "دمشق", M + "قال", M + "ال", "رئيس",
           "ر", "ئ", "ي", "س", "د", "م", "ش", "ق", M + "ا", "ل", M + "ق", "ا", M + "a", "b",
           M + "ab"]
_SCORES = [0.0, 0.0, 0.0, 0.0, -3.0, -8.0, -7.0, -5.0, -8.5, -9.0, -9.5, -9.0, -9.0, -9.0,
           -9.0, -9.5, -9.0, -6.0, -7.0, -8.0, -6.5, -7.0, -7.0, -8.0]
_NORMALISATION = {"\t": " ", "\u200f": "", "ﻻ": "لا"}


def _tokenizer() -> UnigramTokenizer:
    return UnigramTokenizer(_PIECES, _SCORES, 3, _NORMALISATION)


def test_the_best_scoring_segmentation_wins() -> None:
    tokenizer = _tokenizer()
    # ▁ال + رئيس (-5 - 8.5) beats ▁ا + ل + ر + ئ + ي + س and every other path
    assert tokenizer.encode("الرئيس") == [_PIECES.index(M + "ال"), _PIECES.index("رئيس")]
    assert tokenizer.encode("دمشق") == [_PIECES.index(M + "دمشق")]
    # one piece (-8) beats two (▁a + b, -14)
    assert tokenizer.encode("ab") == [_PIECES.index(M + "ab")]


def test_words_are_split_on_spaces_and_runs_of_spaces_collapse() -> None:
    tokenizer = _tokenizer()
    one = tokenizer.encode("قال  دمشق")
    assert one == [_PIECES.index(M + "قال"), _PIECES.index(M + "دمشق")]
    assert tokenizer.encode("قال\tدمشق") == one  # the normalisation map turns a tab to a space


def test_an_uncovered_character_becomes_unk_and_normalisation_applies() -> None:
    tokenizer = _tokenizer()
    assert tokenizer.encode("قz") == [_PIECES.index(M + "ق"), 3]
    assert tokenizer.normalise("\u200fﻻ") == M + "لا"
    assert tokenizer.encode_word("دمشق") == (_PIECES.index(M + "دمشق"),)


def test_the_word_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reader.nlp.subwords.WORD_CACHE_SIZE", 3)
    tokenizer = _tokenizer()
    for word in ["قال", "دمشق", "ab", "الرئيس", "قال"]:
        assert tokenizer.encode_word(word) == tuple(tokenizer.encode(word))
        assert len(tokenizer._cache) <= 3


def test_word_chunks_cut_between_words_and_cover_every_word() -> None:
    assert word_chunks([3, 4]) == [(0, 2)]
    counts = [MAX_WORD_PIECES] * 9 + [1]
    chunks = word_chunks(counts)
    assert chunks[0] == (0, 3)  # 1 + 3 * 32 + 32 > 127
    assert [w for first, last in chunks for w in range(first, last)] == list(range(10))
    for first, last in chunks:
        assert 2 + sum(min(c, MAX_WORD_PIECES) for c in counts[first:last]) <= MAX_PIECES
    assert word_chunks([]) == [(0, 0)]


def test_gelu_matches_the_erf_form() -> None:
    from math import erf, sqrt

    xs = np.linspace(-5, 5, 41).astype(np.float32)
    expected = [0.5 * x * (1 + erf(x / sqrt(2))) for x in xs.tolist()]
    np.testing.assert_allclose(gelu(xs), expected, atol=1e-6)


def test_row_quantisation_keeps_each_row_within_half_a_step() -> None:
    rng = np.random.default_rng(1)
    matrix = rng.normal(size=(5, 64)).astype(np.float32)
    matrix[2] = 0.0
    q, s = quantise_rows(matrix)
    assert q.dtype == np.int8 and np.abs(q).max() <= 127
    np.testing.assert_allclose(q * s[:, None], matrix, atol=float(s.max()) / 2 + 1e-7)


_HIDDEN, _HEADS, _FFN, _LAYERS = 8, 2, 16, 2


def tiny_weights(seed: int = 5) -> dict[str, Any]:
    """A tagger of the shipped layout, 8 wide, two layers, random weights."""
    rng = np.random.default_rng(seed)

    def w(*shape: int, scale: float = 0.5) -> np.ndarray:
        return (rng.normal(size=shape) * scale).astype(np.float32)

    weights: dict[str, Any] = {
        "encoder.word.weight": w(len(_PIECES), _HIDDEN),
        "encoder.pos.weight": w(MAX_PIECES + 2, _HIDDEN, scale=0.1),
        "encoder.token_type": w(_HIDDEN, scale=0.1),
        "encoder.eln.weight": 1 + w(_HIDDEN, scale=0.1), "encoder.eln.bias": w(_HIDDEN),
        "head.weight": w(len(TAGS), _HIDDEN), "head.bias": w(len(TAGS)),
    }
    for n in range(_LAYERS):
        p = f"encoder.layers.{n}."
        for part, (out, inp) in {"q": (_HIDDEN, _HIDDEN), "k": (_HIDDEN, _HIDDEN),
                                 "v": (_HIDDEN, _HIDDEN), "ao": (_HIDDEN, _HIDDEN),
                                 "fi": (_FFN, _HIDDEN), "fo": (_HIDDEN, _FFN)}.items():
            weights[p + part + ".weight"] = w(out, inp)
            weights[p + part + ".bias"] = w(out, scale=0.1)
        for norm in ("aln", "oln"):
            weights[p + norm + ".weight"] = 1 + w(_HIDDEN, scale=0.1)
            weights[p + norm + ".bias"] = w(_HIDDEN, scale=0.1)
    return weights


def tiny_model(path: Path) -> Path:
    vocabulary = {"pieces": _PIECES, "scores": _SCORES, "bos": 0, "pad": 1, "eos": 2, "unk": 3}
    arrays = pack(tiny_weights(), vocabulary, _NORMALISATION, _HEADS, 1e-12)
    out = path / "transformer.npz"
    np.savez_compressed(out, **arrays)
    return out


# The final hidden state of the first and last token of [<s>, ▁قال, ▁دمشق, </s>], padded to
# six, computed once by reader.training.transformer.Encoder (torch) from the same int8 weights.
_REFERENCE_FIRST = [-0.23413286, 0.79097390, 1.31698644, -1.67184091, 0.38049248, 1.11791766,
                    -0.17679332, -2.00853086]
_REFERENCE_LAST = [0.72992289, 0.54293382, 1.56963205, -2.43293762, 0.20753810, 0.20493218,
                   -0.36819899, -1.15049016]


def test_the_numpy_forward_pass_equals_the_torch_reference(tmp_path: Path) -> None:
    tagger = TransformerTagger(tiny_model(tmp_path))
    ids = np.array([[0, 6, 5, 2, 1, 1], [0, 5, 2, 1, 1, 1]])
    hidden = tagger.hidden(ids, [4, 3])
    np.testing.assert_allclose(hidden[0, 0], _REFERENCE_FIRST, atol=1e-4)
    np.testing.assert_allclose(hidden[0, 3], _REFERENCE_LAST, atol=1e-4)
    # padding changes nothing: the same sentence alone gives the same states
    alone = tagger.hidden(np.array([[0, 6, 5, 2]]), [4])
    np.testing.assert_allclose(alone[0], hidden[0, :4], atol=1e-5)


def test_tagging_reads_each_words_first_piece_and_survives_long_sentences(
        tmp_path: Path) -> None:
    tagger = TransformerTagger(tiny_model(tmp_path))
    ids = np.array([[0, 6, 7, 8, 2]])
    expected = tagger.head(tagger.hidden(ids, [5])).argmax(-1)[0]
    tags = tagger.tag([["قال", "الرئيس"], []])
    assert tags == [[TAGS[int(expected[1])], TAGS[int(expected[2])]], []]
    long = ["الرئيس"] * 200  # 400 pieces: four chunks
    assert len(tagger.tag([long])[0]) == 200


@pytest.mark.parametrize("word", ["قال", "دمشق"])
def test_tag_is_the_same_in_a_batch_and_alone(tmp_path: Path, word: str) -> None:
    tagger = TransformerTagger(tiny_model(tmp_path))
    together = tagger.tag([[word, "الرئيس"], [word], ["دمشق"] * 30])
    assert together[1] == tagger.tag([[word]])[0]
    assert together[0] == tagger.tag([[word, "الرئيس"]])[0]



class _FixedTagger:
    """Stands in for the shipped tagger: tags the words it is told to, O elsewhere."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.seen: list[list[str]] = []

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        self.seen.extend(sentences)
        return [[self.names.get(word, "O") for word in words] for words in sentences]


def test_the_accurate_analyser_adds_the_transformers_names_the_pipeline_missed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.nlp import arabic, extract_entities

    text = "قال مصدر إن الرئيس التقى زيلوفاني في دمشق."
    monkeypatch.setattr("reader.nlp.transformer.shared_transformer", lambda: None)
    without = {(e.text, e.label) for e in extract_entities(text, accurate=True)}
    fixed = _FixedTagger({"زيلوفاني": "B-PERS", "دمشق": "B-MISC"})
    monkeypatch.setattr("reader.nlp.transformer.shared_transformer", lambda: fixed)
    default = {(e.text, e.label) for e in extract_entities(text)}
    assert fixed.seen == []  # the default analyser never runs it
    accurate = {(e.text, e.label) for e in extract_entities(text, accurate=True)}
    assert fixed.seen == [text.removesuffix(".").split() + ["."]]
    assert not any(name == "زيلوفاني" for name, _ in without)
    assert ("دمشق", "LOCATION") in without and ("دمشق", "LOCATION") in default
    # the pipeline's spans stay; the transformer's come where nothing overlaps them
    assert accurate == without | {("زيلوفاني", "PERSON")}
    assert {"PERS", "ORG"} <= arabic.TRANSFORMER_KINDS


def test_a_name_split_in_two_is_joined_and_names_joined_by_wa_stay_apart() -> None:
    from reader.nlp.transformer import join_split_names

    words = ["حوض", "اليرموك", "فان", "باستن", "مصر", "وسوريا", "قال", "دمشق", "اليرموك"]
    tags = ["B-LOC", "B-LOC", "B-PERS", "B-PERS", "B-LOC", "B-LOC", "O", "B-LOC", "B-PERS"]
    assert join_split_names(words, tags) == [
        "B-LOC", "I-LOC", "B-PERS", "I-PERS", "B-LOC", "B-LOC", "O", "B-LOC", "B-PERS"]
    assert join_split_names(["دمشق", "بيروت", "عمان"], ["B-LOC"] * 3) == [
        "B-LOC", "I-LOC", "I-LOC"]
    assert join_split_names([], []) == []


def test_the_numpy_tagger_joins_split_names(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    tagger = TransformerTagger(tiny_model(tmp_path))

    def every_word_begins_a_place(sentences: list[list[str]]) -> list[np.ndarray]:
        rows = np.zeros((len(sentences[0]), len(TAGS)), dtype=np.float32)
        rows[:, TAGS.index("B-LOC")] = 1
        return [rows]

    monkeypatch.setattr(tagger, "probabilities", every_word_begins_a_place)
    assert tagger.tag([["حوض", "اليرموك", "ودمشق"]]) == [["B-LOC", "I-LOC", "B-LOC"]]


def test_confident_spans_keep_the_spans_whose_every_tag_is_sure_enough() -> None:
    from reader.training.combine import confident_spans

    def row(tag: str, sure: float) -> list[float]:
        out = [(1 - sure) / (len(TAGS) - 1)] * len(TAGS)
        out[TAGS.index(tag)] = sure
        return out

    probabilities = [row("B-PERS", 0.9), row("I-PERS", 0.55), row("O", 0.9),
                     row("B-LOC", 0.7), row("B-LOC", 0.95)]
    assert confident_spans(probabilities, 0.0) == [(0, 2, "PERS"), (3, 4, "LOC"), (4, 5, "LOC")]
    assert confident_spans(probabilities, 0.6) == [(3, 4, "LOC"), (4, 5, "LOC")]
    assert confident_spans(probabilities, 0.8) == [(4, 5, "LOC")]
    assert confident_spans(np.zeros((0, len(TAGS))), 0.6) == []


def test_without_a_shipped_transformer_the_accurate_analyser_is_unchanged(
        tmp_path: Path) -> None:
    from reader.nlp.transformer import shared_transformer

    assert shared_transformer(tmp_path / "absent.npz") is None


_SHIPPED = pytest.mark.skipif(not TRANSFORMER_PATH.is_file(), reason="no shipped transformer")


@_SHIPPED
def test_the_shipped_transformer_tags_the_names_of_a_news_sentence() -> None:
    from reader.nlp.transformer import shared_transformer

    tagger = shared_transformer()
    assert tagger is not None
    words = ["وقال", "الرئيس", "الفرنسي", "إيمانويل", "ماكرون", "في", "باريس", "إن", "وزارة",
             "الخارجية", "تتابع"]
    spans = {(" ".join(words[s:e]), kind) for s, e, kind in bio_spans(tagger.tag([words])[0])}
    assert ("إيمانويل ماكرون", "PERS") in spans
    assert ("باريس", "LOC") in spans


@_SHIPPED
def test_the_accurate_analyser_lists_the_yarmouk_basin_as_one_place_on_the_real_seed() -> None:
    """حوض اليرموك (the Yarmouk basin): the transformer tags both words B-LOC, and the
    accurate panel listed حوض, "basin", and اليرموك as two places; it is one."""
    from reader.nlp import extract_entities

    seed = Path(__file__).resolve().parents[2] / "seeds" / "000_eb7556d38df37801.txt"
    names = {(e.text, e.label) for e in extract_entities(seed.read_text(encoding="utf-8"),
                                                         accurate=True)}
    assert ("حوض", "LOCATION") not in names
    assert ("حوض اليرموك", "LOCATION") in names
    assert {("درعا", "LOCATION"), ("دمشق", "LOCATION")} <= names


@_SHIPPED
def test_the_accurate_analyser_finds_a_person_the_default_one_misses() -> None:
    from reader.nlp import extract_entities

    text = "التقى وزير الخارجية نظيره زيلوفاني كوستاريدس في العاصمة دمشق أمس."
    accurate = {(e.text, e.label) for e in extract_entities(text, accurate=True)}
    assert ("دمشق", "LOCATION") in accurate
    assert any(label == "PERSON" and "كوستاريدس" in name for name, label in accurate)


def test_fine_tuning_weights_the_rare_tags_and_reads_the_most_probable_tag() -> None:
    from reader.training.finetune import best_tags, tag_weights

    weights = dict(zip(TAGS, tag_weights(2.0), strict=True))
    assert weights["B-ORG"] == weights["I-MISC"] == 2.0
    assert weights["O"] == weights["B-PERS"] == weights["I-LOC"] == 1.0
    assert tag_weights(1.0) == [1.0] * len(TAGS)
    certain = [[1.0 if tag == wanted else 0.0 for tag in TAGS] for wanted in ("B-LOC", "O")]
    assert best_tags([certain, []]) == [["B-LOC", "O"], []]
