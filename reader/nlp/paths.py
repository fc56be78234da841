"""Where the NLP data lives: the files shipped in the package."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_PATH = DATA_DIR / "ner.crfsuite"
# The opt-in accurate analyser: a neural tagger and the CRF trained on its guesses.
NEURAL_PATH = DATA_DIR / "neural.npz"
ACCURATE_MODEL_PATH = DATA_DIR / "ner_accurate.crfsuite"
# Its fine-tuned multilingual-e5-small name tagger (numpy inference, reader.nlp.transformer).
TRANSFORMER_PATH = DATA_DIR / "transformer.npz"
