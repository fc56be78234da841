"""The shipped CRF tagger (python-crfsuite), loaded lazily on first use."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reader.nlp.features import Featurizer
from reader.nlp.paths import MODEL_PATH
from reader.nlp.resources import common_words, lexicon
from reader.nlp.text import strip_clitics

_LOCK = threading.Lock()
DEFAULT_WINDOW = 0


class CrfTagger:
    """A python-crfsuite tagger with its featurizer.

    ``window`` > 0 tags only the stretches around candidate words (see ``windows``): features
    are still built over the whole sentence, so a tagged token sees the same features; only
    the label transitions across a stretch's ends are lost. 0 tags whole sentences.
    """

    def __init__(self, model: Path, featurizer: Featurizer,
                 common: frozenset[str] = frozenset(), window: int = DEFAULT_WINDOW) -> None:
        import pycrfsuite

        self.featurizer = featurizer
        self.common = common
        self.window = window
        self._tagger: Any = pycrfsuite.Tagger()
        self._tagger.open(str(model))
        featurizer.restrict(model_attributes(model, self._tagger))
        self._lock = threading.Lock()
        self._candidate: dict[str, bool] = {}

    def tag(self, keys: Sequence[str]) -> list[str]:
        """BIO tags (PERS/LOC/ORG/MISC) for a sentence of token keys."""
        if not keys:
            return []
        features = self.featurizer.sequence(keys)
        if self.window <= 0:
            with self._lock:
                tags: list[str] = self._tagger.tag(features)
            return tags
        out = ["O"] * len(keys)
        stretches = self.windows(keys, self.window)
        with self._lock:
            for low, high in stretches:
                out[low:high] = self._tagger.tag(features[low:high])
        return out

    def is_candidate(self, key: str) -> bool:
        """Could this token be (part of) a name? Not for stopwords and common words, unless a
        gazetteer, trigger or names-lexicon reading says otherwise."""
        cached = self._candidate.get(key)
        if cached is not None:
            return cached
        own = self.featurizer.own(key)
        stop = self.featurizer.stop
        stem = strip_clitics(key)[0]
        plain = (len(key) < 2 or key in stop or stem in stop or stem in self.common
                 or not any(c.isalpha() for c in key))
        found = not plain or any(f[0] in "gtn" and f[1] == "=" for f in own)
        if len(self._candidate) > 200_000:
            self._candidate.clear()
        self._candidate[key] = found
        return found

    def windows(self, keys: Sequence[str], width: int = 2) -> list[tuple[int, int]]:
        """Stretches worth tagging: candidate words ± ``width`` tokens, merged."""
        out: list[tuple[int, int]] = []
        candidate = self._candidate
        size = len(keys)
        for i, key in enumerate(keys):
            found = candidate.get(key)
            if found is None:
                found = self.is_candidate(key)
            if not found:
                continue
            start, end = max(0, i - width), min(size, i + width + 1)
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], end)
            else:
                out.append((start, end))
        return out


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


_TAGGER: list[CrfTagger | None] = []


def shared_tagger() -> CrfTagger | None:
    """The package's tagger, or None when no model is shipped."""
    with _LOCK:
        if not _TAGGER:
            _TAGGER.append(CrfTagger(MODEL_PATH, Featurizer(lexicon()), common_words())
                           if MODEL_PATH.is_file() else None)
        return _TAGGER[0]
