"""The shipped CRF tagger (python-crfsuite), loaded lazily on first use."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reader.nlp.features import Featurizer
from reader.nlp.neural import NeuralTagger, crf_features
from reader.nlp.paths import ACCURATE_MODEL_PATH, MODEL_PATH, NEURAL_PATH
from reader.nlp.resources import common_words, lexicon
from reader.nlp.spans import Span, bio_spans

_LOCK = threading.Lock()
Extra = list[list[bytes]]  # features a sentence's tokens get from the neural tagger


class CrfTagger:
    """A python-crfsuite tagger with its featurizer."""

    def __init__(self, model: Path, featurizer: Featurizer,
                 common: frozenset[str] = frozenset(),
                 neural: NeuralTagger | None = None) -> None:
        import pycrfsuite

        self.featurizer = featurizer
        self.neural = neural
        self.common = common
        self._tagger: Any = pycrfsuite.Tagger()
        self._tagger.open(str(model))
        featurizer.restrict(model_attributes(model, self._tagger))
        self._lock = threading.Lock()

    def tag(self, keys: Sequence[str]) -> list[str]:
        """BIO tags (PERS/LOC/ORG/MISC) for a sentence of token keys."""
        if not keys:
            return []
        features = self.features(keys)
        with self._lock:
            tags: list[str] = self._tagger.tag(features)
        return tags

    def neural_features(self, sentences: Sequence[Sequence[str]]) -> list[Extra] | None:
        """The neural tagger's features of each sentence (one batch: much cheaper than one
        sentence at a time), or None without a neural tagger."""
        if self.neural is None:
            return None
        return [crf_features(probs) for probs in self.neural.probabilities(sentences)]

    def features(self, keys: Sequence[str], extra: Extra | None = None) -> list[list[bytes]]:
        """The CRF features of a sentence: the featurizer's, and the neural tagger's
        (``extra``, from ``neural_features``, or computed for this sentence alone)."""
        features = self.featurizer.sequence(keys)
        if extra is None and self.neural is not None:
            extra = crf_features(self.neural.probabilities([keys])[0])
        if extra is not None:
            for own, more in zip(features, extra, strict=True):
                own.extend(more)
        return features

    def spans(self, keys: Sequence[str], min_confidence: float = 0.0,
              extra: Extra | None = None) -> list[Span]:
        """(start, end, type) spans of a sentence; with ``min_confidence`` > 0, only spans
        whose every token has at least that marginal probability for its tag. ``extra``: the
        sentence's neural features, when computed for the whole article."""
        if not keys:
            return []
        features = self.features(keys, extra)
        with self._lock:
            tags: list[str] = self._tagger.tag(features)
            found = bio_spans(tags)
            if min_confidence > 0 and found:
                marginal = self._tagger.marginal
                found = [(start, end, kind) for start, end, kind in found
                         if min(map(marginal, tags[start:end], range(start, end)))
                         >= min_confidence]
        return found


def attributes_path(model: Path) -> Path:
    """The list of attributes a model has weights for, written beside it by training."""
    return model.with_name(model.name + ".attrs")


def model_attributes(model: Path, tagger: Any) -> frozenset[str]:
    """Attributes with weights in ``model`` (from the side file, else from the model dump)."""
    path = attributes_path(model)
    if path.is_file():
        lines = path.read_text(encoding="utf-8").splitlines()
        if lines and lines[0] == "#sha1 " + _digest(model):
            return frozenset(lines[1:])
    return frozenset(attr for attr, _ in tagger.info().state_features)


def _digest(model: Path) -> str:
    import hashlib

    return hashlib.sha1(model.read_bytes(), usedforsecurity=False).hexdigest()


def write_attributes(model: Path) -> int:
    """Write the side file of ``model``'s weighted attributes; their count."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    names = sorted({attr for attr, _ in tagger.info().state_features})
    header = "#sha1 " + _digest(model)
    attributes_path(model).write_text("".join(f"{n}\n" for n in [header, *names]),
                                      encoding="utf-8")
    return len(names)


_TAGGERS: dict[bool, CrfTagger | None] = {}


def shared_tagger(accurate: bool = False) -> CrfTagger | None:
    """The package's tagger, or None when no model is shipped. ``accurate``: the CRF that
    reads the neural tagger's guesses too (slower; the fast tagger when it is not shipped)."""
    if accurate and not (NEURAL_PATH.is_file() and ACCURATE_MODEL_PATH.is_file()):
        accurate = False
    with _LOCK:
        if accurate not in _TAGGERS:
            if accurate:
                tagger: CrfTagger | None = CrfTagger(ACCURATE_MODEL_PATH, Featurizer(lexicon()),
                                                     common_words(), NeuralTagger(NEURAL_PATH))
            elif MODEL_PATH.is_file():
                tagger = CrfTagger(MODEL_PATH, Featurizer(lexicon()), common_words())
            else:
                tagger = None
            _TAGGERS[accurate] = tagger
        return _TAGGERS[accurate]
