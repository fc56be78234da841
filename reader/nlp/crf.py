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


class CrfTagger:
    """A python-crfsuite tagger with its featurizer."""

    def __init__(self, model: Path, featurizer: Featurizer,
                 common: frozenset[str] = frozenset()) -> None:
        import pycrfsuite

        self.featurizer = featurizer
        self.common = common
        self._tagger: Any = pycrfsuite.Tagger()
        self._tagger.open(str(model))
        self._lock = threading.Lock()

    def tag(self, keys: Sequence[str]) -> list[str]:
        """BIO tags (PERS/LOC/ORG/MISC) for a sentence of token keys."""
        if not keys:
            return []
        features = self.featurizer.sequence(keys)
        with self._lock:
            tags: list[str] = self._tagger.tag(features)
        return tags


    def windows(self, keys: Sequence[str], kinds: Sequence[str]) -> list[tuple[int, int]]:
        """Stretches worth tagging: candidate words (not common, not stopwords) ± 2 tokens."""
        stop = self.featurizer.stop
        out: list[tuple[int, int]] = []
        for i, (key, kind) in enumerate(zip(keys, kinds, strict=True)):
            if kind != "ar" or len(key) < 2 or key in stop:
                continue
            stem = strip_clitics(key)[0]
            if stem in self.common or stem in stop:
                continue
            start, end = max(0, i - 2), min(len(keys), i + 3)
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], end)
            else:
                out.append((start, end))
        return out


_TAGGER: list[CrfTagger | None] = []


def shared_tagger() -> CrfTagger | None:
    """The package's tagger, or None when no model is shipped."""
    with _LOCK:
        if not _TAGGER:
            _TAGGER.append(CrfTagger(MODEL_PATH, Featurizer(lexicon()), common_words())
                           if MODEL_PATH.is_file() else None)
        return _TAGGER[0]
