"""Arabic entities: CRF spans, confident gazetteer names, then document consistency."""

from __future__ import annotations

from functools import lru_cache

from reader.nlp.crf import CrfTagger, shared_tagger
from reader.nlp.resources import gazetteer, lexicon, triggers
from reader.nlp.spans import CRF_LABELS, GAZ_LABELS, bio_spans, char_start, clitic_cut
from reader.nlp.text import Token, clitic_variants, merge_key
from reader.nlp.types import Entity

Mention = tuple[int, int, str]  # token index start, end (exclusive), label


def _crf_mentions(sentence: list[Token], tagger: CrfTagger | None) -> list[Mention]:
    if tagger is None or not any(t.kind == "ar" for t in sentence):
        return []
    tags = tagger.tag([t.key for t in sentence])
    out = []
    for start, end, kind in bio_spans(tags):
        while start < end and sentence[start].kind in ("pre", "punct"):
            start += 1
        while end > start and sentence[end - 1].kind == "punct":
            end -= 1
        if start < end:
            out.append((start, end, CRF_LABELS[kind]))
    return out


def _gazetteer_mentions(sentence: list[Token]) -> list[Mention]:
    """Confident names (curated, countries, CLDR cities), longest first, clitic-aware."""
    out: list[Mention] = []
    i = 0
    while i < len(sentence):
        hit = _longest_hit(sentence, i)
        if hit:
            out.append(hit)
            i = hit[1]
        else:
            i += 1
    return out


def _drops_article(key: str, variant: str, cut: int) -> bool:
    return not variant.startswith("ال") and "ال" in key[:cut]


@lru_cache(maxsize=100_000)
def _heads(key: str) -> tuple[str, ...]:
    """Clitic readings of a token that start some gazetteer name (the article kept)."""
    first = gazetteer().first_words
    return tuple(v for v, cut in clitic_variants(key)
                 if v in first and not _drops_article(key, v, cut))


def _longest_hit(sentence: list[Token], i: int) -> Mention | None:
    if sentence[i].kind != "ar":
        return None
    heads = _heads(sentence[i].key)
    if not heads:
        return None
    gaz = gazetteer()
    size = len(sentence) - i
    for variant in heads:
        for n in gaz.lengths[variant]:
            if n > size:
                continue
            name = variant if n == 1 else " ".join(
                [variant, *(t.key for t in sentence[i + 1:i + n])])
            for entry in gaz.entries.get(name, ()):
                if entry.strength == "c" and entry.label in GAZ_LABELS:
                    return (i, i + n, GAZ_LABELS[entry.label])
    return None


def _overlaps(a: Mention, others: list[Mention]) -> bool:
    return any(a[0] < b[1] and b[0] < a[1] for b in others)


@lru_cache(maxsize=100_000)
def _merge_stem(key: str) -> str:
    return merge_key(key)


def _consistency(tokens: list[Token], mentions: list[Mention]) -> list[Mention]:
    """Tag later repeats of a found name (and a person's last name) the same way."""
    names: dict[tuple[str, ...], str] = {}
    for start, end, label in mentions:
        words = tuple(_merge_stem(t.key) for t in tokens[start:end])
        names.setdefault(words, label)
        if label == "PERSON" and end - start > 1 and len(words[-1]) > 2:
            names.setdefault(words[-1:], label)
    by_first: dict[str, list[int]] = {}
    for name in names:
        by_first.setdefault(name[0], []).append(len(name))
    for lengths in by_first.values():
        lengths.sort(reverse=True)
    taken = bytearray(len(tokens))
    for start, end, _ in mentions:
        taken[start:end] = b"\x01" * (end - start)
    stems = [_merge_stem(t.key) if t.kind == "ar" else "" for t in tokens]
    out = list(mentions)
    for i, stem in enumerate(stems):
        sizes = by_first.get(stem) if stem else None
        if not sizes or taken[i]:
            continue
        for n in sizes:
            key = tuple(stems[i:i + n])
            if len(key) == n and key in names and not any(taken[i:i + n]):
                out.append((i, i + n, names[key]))
                taken[i:i + n] = b"\x01" * n
                break
    return out


def arabic_entities(text: str, sentences: list[list[Token]],
                    tagger: CrfTagger | None = None, use_gazetteer: bool = True) -> list[Entity]:
    """Arabic PERSON/LOCATION/ORGANIZATION/MISC entities with clitic-free spans.

    ``tagger`` defaults to the shipped model (evaluation passes one trained per fold).
    """
    tagger = tagger or shared_tagger()
    tokens: list[Token] = []
    mentions: list[Mention] = []
    trig = triggers()
    for sentence in sentences:
        base = len(tokens)
        tokens.extend(sentence)
        found = [(s + base, e + base, lab) for s, e, lab in _gazetteer_mentions(sentence)
                 ] if use_gazetteer else []
        for mention in _crf_mentions(sentence, tagger):
            shifted = (mention[0] + base, mention[1] + base, mention[2])
            if not _overlaps(shifted, found):
                found.append(shifted)
        mentions.extend(found)
    mentions = [m for m in mentions if not _only_triggers(tokens, m, trig)]
    mentions = _consistency(tokens, mentions)
    known = tagger.featurizer.lexicon if tagger else lexicon()
    gaz = gazetteer()
    out = []
    for start, end, label in sorted(mentions):
        first = tokens[start]
        begin = char_start(first, clitic_cut(first.key, known, gaz))
        if begin < tokens[end - 1].end:
            out.append(Entity(begin, tokens[end - 1].end, label, text[begin:tokens[end - 1].end]))
    return out


def _only_triggers(tokens: list[Token], mention: Mention, trig: dict[str, str]) -> bool:
    return all(merge_key(t.key) in trig or t.key in trig for t in tokens[mention[0]:mention[1]])
