"""The shipped CRF tagger (python-crfsuite), loaded lazily on first use."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reader.nlp.features import Featurizer
from reader.nlp.paths import MODEL_PATH
from reader.nlp.resources import lexicon

_LOCK = threading.Lock()


class CrfTagger:
    """A python-crfsuite tagger with its featurizer."""

    def __init__(self, model: Path, featurizer: Featurizer) -> None:
        import pycrfsuite

        self.featurizer = featurizer
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


_TAGGER: list[CrfTagger | None] = []


def shared_tagger() -> CrfTagger | None:
    """The package's tagger, or None when no model is shipped."""
    with _LOCK:
        if not _TAGGER:
            _TAGGER.append(CrfTagger(MODEL_PATH, Featurizer(lexicon()))
                           if MODEL_PATH.is_file() else None)
        return _TAGGER[0]
