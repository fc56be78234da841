"""Where the NLP data lives: shipped files in the package, training data outside it."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_PATH = DATA_DIR / "ner.crfsuite"
DEFAULT_TRAINING_DIR = Path("/work/shared/data/ner")
