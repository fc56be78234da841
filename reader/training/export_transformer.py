"""Pack a fine-tuned tagger (``reader.training.finetune --out DIR``) for numpy inference.

``python -m reader.training.export_transformer [--model DIR] [--out FILE]`` reads
``DIR/encoder.pt`` and ``DIR/pieces.json`` and writes ``FILE`` (``transformer.npz``): every
matrix as int8 rows with one fp32 scale each, vectors as fp32, the pruned vocabulary and the
tokenizer's normalisation map (``reader.nlp.transformer`` reads it). ``pack``
itself needs only numpy (the tests build small models with it).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from reader.nlp.transformer import MAX_PIECES, quantise_rows

_MATRICES = ("q", "k", "v", "ao", "fi", "fo")


def pack(weights: Mapping[str, Any], vocabulary: Mapping[str, Any],
         normalisation: Mapping[str, str], heads: int, eps: float) -> dict[str, Any]:
    """The arrays of ``transformer.npz`` from a tagger's fp32 ``weights`` (the names of
    the state dict of ``reader.training.finetune.tagger_of``'s module, as numpy arrays)."""
    layers = 1 + max(int(name.split(".")[2]) for name in weights
                     if name.startswith("encoder.layers."))
    word_q, word_s = quantise_rows(weights["encoder.word.weight"])
    arrays: dict[str, Any] = {
        "config": np.array([heads, layers], dtype=np.int32),
        "eps": np.array([eps], dtype=np.float64),
        "specials": np.array([vocabulary[k] for k in ("bos", "eos", "pad", "unk")],
                             dtype=np.int32),
        "pieces": np.array(vocabulary["pieces"]),
        "scores": np.array(vocabulary["scores"], dtype=np.float32),
        "norm_from": np.array(list(normalisation)),
        "norm_to": np.array(list(normalisation.values())),
        "word.q": word_q, "word.s": word_s,
        "pos": weights["encoder.pos.weight"][:MAX_PIECES].astype(np.float32),
        "type": weights["encoder.token_type"].astype(np.float32),
        "eln.w": weights["encoder.eln.weight"], "eln.b": weights["encoder.eln.bias"],
        "head.w": weights["head.weight"].astype(np.float32),
        "head.b": weights["head.bias"].astype(np.float32),
    }
    for n in range(layers):
        prefix = f"encoder.layers.{n}."
        for part in _MATRICES:
            q, s = quantise_rows(weights[prefix + part + ".weight"])
            arrays[f"l{n}.{part}.q"], arrays[f"l{n}.{part}.s"] = q, s
            arrays[f"l{n}.{part}.b"] = weights[prefix + part + ".bias"].astype(np.float32)
        for norm in ("aln", "oln"):
            arrays[f"l{n}.{norm}.w"] = weights[prefix + norm + ".weight"].astype(np.float32)
            arrays[f"l{n}.{norm}.b"] = weights[prefix + norm + ".bias"].astype(np.float32)
    return arrays


def _state(path: Path) -> dict[str, Any]:
    import torch

    state = torch.load(path, map_location="cpu")
    return {name: value.numpy().astype(np.float32) for name, value in state.items()}


def export(model_dir: Path, out: Path, normalisation: Mapping[str, str] | None = None,
           heads: int = 12, eps: float = 1e-12) -> int:
    """Write ``out``; returns its size in bytes."""
    if normalisation is None:
        from reader.training.e5_weights import read_model

        e5 = read_model()
        normalisation, heads, eps = (e5.vocabulary.normalisation, e5.config.heads,
                                     e5.config.eps)
    vocabulary = json.loads((model_dir / "pieces.json").read_text(encoding="utf-8"))
    arrays = pack(_state(model_dir / "encoder.pt"), vocabulary, normalisation, heads, eps)
    np.savez_compressed(out, **arrays)
    return out.stat().st_size


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=Path("/tmp/nertx/full"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/nertx/transformer.npz"))
    args = parser.parse_args(argv)
    size = export(args.model, args.out)
    print(f"{args.out}: {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
