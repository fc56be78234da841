"""Word clusters for the CRF from the e5 vectors of ``reader.training.build_embeddings``.

``python -m reader.training.build_clusters [--data DIR] [--cache FILE] [--clusters 512]``
writes ``reader/nlp/data/clusters.tsv`` (token key, cluster id): k-means over the PCA-reduced
e5 vectors of wordfreq's frequent Arabic words and the training words. Only the ids ship.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from reader.nlp.paths import DATA_DIR
from reader.training.build_embeddings import DEFAULT_CACHE
from reader.training.corpus import load_training, token_key
from reader.training.neural import VOCAB_WORDS, word_table
from reader.training.paths import DEFAULT_TRAINING_DIR

CLUSTERS_PATH = DATA_DIR / "clusters.tsv"
CLUSTERS = 512
_DIMS = 64


def kmeans(vectors: Any, k: int, iterations: int = 12, seed: int = 7) -> Any:
    """Cluster ids of the rows of ``vectors`` (Lloyd's algorithm, k-means++-free: random
    distinct rows as the first centres)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    centres = vectors[rng.choice(len(vectors), k, replace=False)].copy()
    squared = (vectors ** 2).sum(axis=1, keepdims=True)
    labels = np.zeros(len(vectors), dtype=np.int64)
    for _ in range(iterations):
        distances = squared - 2 * vectors @ centres.T + (centres ** 2).sum(axis=1)
        labels = distances.argmin(axis=1)
        for c in range(k):
            members = vectors[labels == c]
            if len(members):
                centres[c] = members.mean(axis=0)
    return labels


def word_clusters(cache: Path, train_keys: set[str], k: int = CLUSTERS,
                  vocab_words: int = VOCAB_WORDS) -> dict[str, str]:
    """Token key → cluster id (as text) for wordfreq's frequent words and ``train_keys``."""
    import numpy as np

    words, table = word_table(cache, train_keys, vocab_words, _DIMS)
    vectors = table[1:].astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-6
    labels = kmeans(vectors, k)
    return {word: str(int(label)) for word, label in zip(words, labels, strict=True)}


def write_clusters(clusters: dict[str, str], path: Path) -> None:
    path.write_text("".join(f"{k}\t{v}\n" for k, v in sorted(clusters.items())),
                    encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_TRAINING_DIR)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--clusters", type=int, default=CLUSTERS)
    parser.add_argument("--out", type=Path, default=CLUSTERS_PATH)
    args = parser.parse_args(argv)
    news, _ = load_training(args.data, False)
    keys = {token_key(token) for sentence in news for token, _ in sentence}
    clusters = word_clusters(args.cache, keys, args.clusters)
    write_clusters(clusters, args.out)
    print(f"{len(clusters)} words in {args.clusters} clusters: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
