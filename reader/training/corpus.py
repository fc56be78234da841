"""Reading the CoNLL-style NER training files (ANERcorp CAMeL split, AQMAR), re-tokenised the
way the run-time tokenizer reads text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from reader.lang.tokens import tokenize

Sentence = list[tuple[str, str]]

_TYPES = {"PERS": "PERS", "PER": "PERS", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}


def map_tag(tag: str) -> str:
    """Map ANERcorp and AQMAR tags to BIO over PERS/LOC/ORG/MISC (MIS0–3 → MISC, junk → O)."""
    tag = tag.strip().rstrip("`")
    if "-" not in tag:
        return "O"
    prefix, _, kind = tag.partition("-")
    kind = kind.strip("-")
    if prefix not in ("B", "I"):
        return "O"
    if kind.startswith("MIS"):
        return f"{prefix}-MISC"
    mapped = _TYPES.get(kind)
    return f"{prefix}-{mapped}" if mapped else "O"


def read_conll(path: Path) -> list[Sentence]:
    """Sentences of (token, tag) from a ``token TAG`` file with blank lines between sentences."""
    sentences: list[Sentence] = []
    current: Sentence = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2:
            if current:
                sentences.append(current)
                current = []
            continue
        current.append((parts[0], map_tag(parts[-1])))
    if current:
        sentences.append(current)
    return [repair_bio(sentence) for sentence in sentences]


def repair_bio(sentence: Sentence) -> Sentence:
    """Turn an I- tag that follows O or another type into B-."""
    out: Sentence = []
    previous = "O"
    for token, tag in sentence:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append((token, tag))
        previous = tag
    return out


def anercorp(data_dir: Path) -> list[Sentence]:
    """The ANERcorp training part (CAMeL split)."""
    return read_conll(data_dir / "anercorp-camel-train.txt")


def aqmar(data_dir: Path) -> list[Sentence]:
    """All AQMAR articles, tags mapped to the ANERcorp types."""
    out: list[Sentence] = []
    for path in sorted((data_dir / "aqmar").glob("*.txt")):
        out.extend(read_conll(path))
    return out


def retokenize(sentence: Sentence) -> Sentence:
    """Split training tokens the way the run-time tokenizer does, spreading their tags."""
    out: Sentence = []
    for surface, tag in sentence:
        parts = tokenize(surface) or []
        words = [p for p in parts if p.kind not in ("punct", "pre")]
        first = True
        for part in parts:
            if part.kind in ("punct", "pre") or tag == "O":
                out.append((part.text, "O"))
            else:
                out.append((part.text, tag if first else "I-" + tag[2:]))
                first = False
        del words
    return repair_bio(out)


def load_training(data_dir: Path, with_aqmar: bool) -> tuple[list[Sentence], list[Sentence]]:
    """(ANERcorp, AQMAR) sentences, re-tokenised."""
    news = [retokenize(s) for s in anercorp(data_dir)]
    extra = [retokenize(s) for s in aqmar(data_dir)] if with_aqmar else []
    return news, extra


def frequent_words(sentences: Sequence[Sentence], count: int) -> list[str]:
    """The ``count`` most frequent token keys of (re-tokenised) ``sentences``."""
    counts = Counter(token_key(token) for sentence in sentences for token, _ in sentence)
    return [word for word, _ in counts.most_common(count)]


def token_key(token: str) -> str:
    """The run-time key of a training token (its first token's)."""
    parts = tokenize(token)
    return parts[0].key if parts else token
