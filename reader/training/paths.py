"""Where the training data is looked for when ``--data`` is not given."""

from __future__ import annotations

from pathlib import Path

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
# The NER training data is never shipped nor copied: by default it sits beside the repository.
DEFAULT_TRAINING_DIR = REPOSITORY_ROOT.parent / "shared" / "data" / "ner"
