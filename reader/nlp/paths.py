"""Where the NLP data lives: the files shipped in the package."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_PATH = DATA_DIR / "ner.crfsuite"
NEURAL_PATH = DATA_DIR / "neural.npz"
