"""CRF features for Arabic tokens: word, clitic-stripped stem, affixes, gazetteers, triggers.

Token-level features are cached per token key, so tagging costs a few list concatenations
per token; the same code builds training and run-time features. Features are UTF-8 ``bytes``:
python-crfsuite encodes every ``str`` attribute on every call, bytes go through as they are
(the model stores attribute names as UTF-8 either way).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from itertools import compress, count
from operator import add, itemgetter
from typing import NamedTuple, cast

from reader.lang.words import WORD_CACHE_SIZE, clitic_variants, normalize, strip_clitics
from reader.nlp.resources import Gazetteer, gazetteer, stopwords_ar, triggers

_CONTEXT = (-2, -1, 1, 2)
_EXPORTED = {1: ("w=", "s=", "g=", "t=", "n=", "c="), -1: ("w=", "s=", "g=", "t=", "n=", "c="),
             2: ("s=", "g=", "t="), -2: ("s=", "g=", "t=")}


# A token record: own features, then its exported features as seen from each neighbour
# (offsets -2, -1, +1, +2: the token sits *at* that offset from the token being featurised),
# then its readings that start a multi-word gazetteer name (empty for most tokens). Tuples of
# bytes and str, not lists: the garbage collector stops tracking them, so a cache of 100,000
# records costs no collection time (a full collection walked every list of every record).
Record = tuple[tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...],
               tuple[bytes, ...], tuple[str, ...]]
_OFFSET_AT = {str(offset): at for at, offset in enumerate(_CONTEXT)}
_OFFSET_FIRST = frozenset(head[0] for head in _OFFSET_AT)
_NEAR = frozenset(_EXPORTED[1])  # exported to the tokens at -1 and +1
_FAR = frozenset(_EXPORTED[2])  # exported to the tokens at -2 and +2
assert _EXPORTED[1] == _EXPORTED[-1] and _EXPORTED[2] == _EXPORTED[-2]
# A record's context features, as seen from the tokens at offsets -2, -1, +1, +2.
Context = tuple[tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...]]
_PAD: Record = ((), (b"-2:pad",), (b"-1:pad",), (b"1:pad",), (b"2:pad",), ())
_GAZ_LABELS = ("LOC", "ORG", "PER", "NAT")
_BEGIN = {label: f"G=B{label}".encode() for label in _GAZ_LABELS}
_INSIDE = {label: f"G=I{label}".encode() for label in _GAZ_LABELS}
_CACHE_MAX = WORD_CACHE_SIZE
_HEADS = itemgetter(5)  # Record: readings that start a multi-word name
_FIRST = itemgetter(0)
# A folded attribute: all the own features of one frequent word as a single attribute whose
# weights are their sums (reader.training.fold writes them into the model).
FOLDED = "f="



class Featurizer:
    """Builds feature lists for token sequences, given the gazetteer and a names lexicon.

    Every distinct token key is featurised once: its own features, the four context lists its
    neighbours borrow and its gazetteer readings are cached together, so a sentence costs one
    dictionary look-up and one list concatenation per token.
    """

    def __init__(self, lexicon: Mapping[str, str], gaz: Gazetteer | None = None,
                 clusters: Mapping[str, str] | None = None) -> None:
        self.lexicon = lexicon
        self.clusters = clusters or {}
        self.gaz = gaz or gazetteer()
        self.triggers = triggers()
        self.stop = stopwords_ar()
        self._records: dict[str, Record] = {}
        self._keep: frozenset[str] | None = None
        self._kept: _Kept | None = None
        self._second_words: dict[str, Collection[str]] | None = None

    def restrict(self, attributes: frozenset[str]) -> None:
        """Only emit the features a trained model has weights for (the tags do not change:
        crfsuite ignores unknown attributes, but each one still costs a look-up). The
        gazetteer, triggers and lexicon are read now, with the attributes."""
        self._keep = attributes
        self._kept = _kept(attributes, self.gaz, [self.triggers, self.lexicon])
        self._records.clear()

    def _lookups(self, key: str) -> list[str]:
        return self._lookups_of(clitic_variants(key))

    def _lookups_of(self, variants: Iterable[tuple[str, int]]) -> list[str]:
        """The gazetteer, trigger and lexicon features of a key's clitic readings."""
        out = []
        for variant, cut in variants:
            strip = "c" if cut else ""
            for entry in self.gaz.entries.get(variant, ()):
                out.append(f"g={entry.label}{entry.strength}{strip}")
            kind = self.triggers.get(variant)
            if kind:
                out.append(f"t={kind}{strip}")
            name = self.lexicon.get(variant)
            if name:
                out.append(f"n={name}{strip}")
        return sorted(set(out))

    def _own(self, key: str) -> list[str]:
        stem, cut = strip_clitics(key)
        return self._own_of(key, stem, cut, self._lookups(key))

    def _own_of(self, key: str, stem: str, cut: int, lookups: list[str]) -> list[str]:
        """``_own(key)``, given its ``strip_clitics`` and ``_lookups``."""
        feats = ["b", "w=" + key, "s=" + stem, "x1=" + stem[-1:], "x2=" + stem[-2:],
                 "x3=" + stem[-3:], "x4=" + stem[-4:], "a2=" + stem[:2], "a3=" + stem[:3],
                 f"l={min(len(stem), 8)}", "k=" + _shape(key)]
        if cut:
            feats.append("p=" + key[:cut])
        if key in self.stop or stem in self.stop:
            feats.append("sw")
        cluster = self.cluster(key)
        if cluster:
            feats.append(cluster)
        feats.extend(lookups)
        return feats

    def cluster(self, key: str) -> str:
        """The word-cluster feature of ``key``'s first clitic reading that has one, or ""."""
        clusters = self.clusters
        if not clusters:
            return ""
        for variant, _ in clitic_variants(key):
            found = clusters.get(variant)
            if found is not None:
                return "c=" + found
        return ""

    def own_features(self, key: str) -> list[str]:
        """The features of ``key`` itself that the model has weights for, unfolded, in the
        order the tagger adds their weights."""
        keep = self._keep
        return [f for f in self._own(key) if keep is None or f in keep]

    def record(self, key: str) -> Record:
        """The cached record of one token key."""
        cached = self._records.get(key)
        if cached is not None:
            return cached
        kept = self._kept
        rec = self._kept_record(key, kept) if kept is not None else self.plain_record(key)
        if len(self._records) >= _CACHE_MAX:
            self._records.clear()
        self._records[key] = rec
        return rec

    def _kept_record(self, key: str, kept: _Kept) -> Record:
        """``plain_record`` for a restricted featurizer, building only what the model may
        weigh: a folded word's own features are one attribute, and a rare word's context
        features, which the model mostly has no weight for, are looked up unbuilt."""
        # map and filter: loops in C, where comprehensions cost a frame each
        stem, cut = strip_clitics(key)
        variants = clitic_variants(key)
        readings = list(map(_FIRST, variants))
        if kept.listed.isdisjoint(readings):  # most words: no look-up finds anything
            lookups: list[str] = []
            heads: tuple[str, ...] = ()
        else:
            lookups = self._lookups_of(variants)
            heads = tuple(filter(kept.multi_first.__contains__, readings))
        keep = kept.attributes
        word, stem_feature = "w=" + key, "s=" + stem
        folded = FOLDED + key
        if folded in keep:
            own: tuple[bytes, ...] = (folded.encode(),)
        else:
            own = self._kept_own(key, stem, cut, lookups, kept, word, stem_feature)
        cluster = self.cluster(key)
        hits = list(filter(None, map(kept.exports.get, [word, stem_feature, cluster, *lookups])))
        context = hits[0] if hits else _NO_CONTEXT  # most words: the model weighs none
        for more in hits[1:]:
            context = cast("Context", tuple(map(add, context, more)))
        return own, *context, heads

    def _kept_own(self, key: str, stem: str, cut: int, lookups: list[str], kept: _Kept,
                  word: str, stem_feature: str) -> tuple[bytes, ...]:
        """``_own_of``'s features that ``kept`` has weights for, encoded, in the same order;
        ``word`` and ``stem_feature`` are its "w=" and "s=" features. The affixes are looked
        up by value in small tables of the model's attributes: a new word has weights for two
        or three of its dozen features, and building them all cost more."""
        keep, affixes = kept.attributes, kept.affixes
        own = [kept.bias, word.encode() if word in keep else None,
               stem_feature.encode() if stem_feature in keep else None,
               affixes["x1"].get(stem[-1:]), affixes["x2"].get(stem[-2:]),
               affixes["x3"].get(stem[-3:]), affixes["x4"].get(stem[-4:]),
               affixes["a2"].get(stem[:2]), affixes["a3"].get(stem[:3]),
               kept.lengths[min(len(stem), 8)], affixes["k"].get(_shape(key))]
        if cut:
            own.append(affixes["p"].get(key[:cut]))
        if key in self.stop or stem in self.stop:
            own.append(kept.stopword)
        cluster = self.cluster(key)
        if cluster:
            own.append(cluster.encode() if cluster in keep else None)
        own.extend(lookup.encode() if lookup in keep else None for lookup in lookups)
        return tuple(filter(None, own))

    def plain_record(self, key: str) -> Record:
        """The record of one token key, built by the plain rule (uncached)."""
        own = self._own(key)
        context = []
        keep = self._keep
        near = [f for f in own if f[:2] in _NEAR]
        far = [f for f in near if f[:2] in _FAR]
        for offset in _CONTEXT:
            prefix = f"{offset}:"
            exported = near if offset in (-1, 1) else far
            names = [prefix + f for f in exported]
            context.append(tuple(n.encode() for n in names if keep is None or n in keep))
        if keep is not None:
            folded = FOLDED + key
            own = [folded] if folded in keep else [f for f in own if f in keep]
        lengths = self.gaz.lengths
        heads = tuple(variant for variant, _ in clitic_variants(key)
                      if variant in lengths and lengths[variant][0] > 1)
        return (tuple(f.encode() for f in own), context[0], context[1], context[2], context[3],
                heads)

    def records(self, keys: Sequence[str]) -> list[Record]:
        """The records of ``keys`` (looked up in C when all are cached, as usual)."""
        found = list(map(self._records.get, keys))
        if None not in found:
            return cast("list[Record]", found)
        return [rec or self.record(key) for rec, key in zip(found, keys, strict=True)]

    def sequence(self, keys: Sequence[str]) -> list[list[bytes]]:
        """Feature lists for a sentence of token keys."""
        recs = self.records(keys)
        padded = [_PAD, _PAD, *recs, _PAD, _PAD]
        out = [[*c[0], *m2[1], *m1[2], *p1[3], *p2[4]] for m2, m1, c, p1, p2
               in zip(padded, padded[1:], padded[2:], padded[3:], padded[4:], strict=False)]
        if any(map(_HEADS, recs)):
            for i, extra in self.multiword(keys, recs).items():
                out[i].extend(extra)
        return out

    def multiword(self, keys: Sequence[str], recs: Sequence[Record]) -> dict[int, list[bytes]]:
        """B/I features for multi-word gazetteer names (first word clitic-aware); ``recs`` are
        the records of ``keys``."""
        out: dict[int, list[bytes]] = {}
        entries = self.gaz.entries
        lengths = self.gaz.lengths
        second_words = self.second_words()
        size = len(keys)
        for i in compress(count(), map(_HEADS, recs)):
            if i + 1 == size:
                break
            following = keys[i + 1]
            for variant in recs[i][5]:
                # Most readings (في، ان) start no name with the next word: skip their joins.
                if following not in second_words.get(variant, ()):
                    continue
                for n in lengths[variant]:
                    if n < 2 or i + n > size:
                        continue
                    name = " ".join([variant, *keys[i + 1:i + n]])
                    for entry in entries.get(name, ()):
                        out.setdefault(i, []).append(_BEGIN[entry.label])
                        for j in range(i + 1, i + n):
                            out.setdefault(j, []).append(_INSIDE[entry.label])
        return out

    def second_words(self) -> dict[str, Collection[str]]:
        """First word of the multi-word gazetteer names → their second words (token keys
        hold no space, so a name a sentence spells has the next key as its second word)."""
        if self._second_words is None:
            found: dict[str, set[str]] = {}
            for first, second, *_ in [name.split(" ", 2) for name in self.gaz.entries
                                      if " " in name]:
                found.setdefault(first, set()).add(second)
            # a few words as a tuple: most first words have one (a frozenset costs 216 bytes)
            self._second_words = {first: tuple(sorted(words)) if len(words) <= _FEW
                                  else frozenset(words) for first, words in found.items()}
        return self._second_words


class _Kept(NamedTuple):
    """A model's attributes, arranged for ``Featurizer._kept_record``."""

    attributes: frozenset[str]
    # a feature a token exports → its attribute at offsets -2, -1, +1, +2 (UTF-8), each as
    # a tuple of one, or () where it is not exported or the model has no weight for it
    exports: dict[str, Context]
    multi_first: frozenset[str]  # first words of multi-word gazetteer names
    # the words any look-up of a record may find: gazetteer names and their first words,
    # triggers, lexicon words (a reading of none of them adds no feature)
    listed: frozenset[str]
    # affix family ("x1"…"x4", "a2", "a3", "k", "p": the name before "=") → value → its
    # attribute, UTF-8, when the model weighs it
    affixes: dict[str, dict[str, bytes]]
    lengths: tuple[bytes | None, ...]  # "l=0"…"l=8", UTF-8, when weighed
    bias: bytes | None  # b"b" when the model weighs it
    stopword: bytes | None  # b"sw" when the model weighs it


def _kept(attributes: frozenset[str], gaz: Gazetteer, lists: list[Mapping[str, str]]) -> _Kept:
    exports: dict[str, list[tuple[bytes, ...]]] = {}
    # a context attribute is "{offset}:{feature}" (no own feature starts with an offset)
    for attribute in [a for a in attributes if a[:1] in _OFFSET_FIRST]:
        head, colon, feature = attribute.partition(":")
        at = _OFFSET_AT.get(head) if colon else None
        if at is not None and feature[:2] in _EXPORTED[_CONTEXT[at]]:
            exports.setdefault(feature, [(), (), (), ()])[at] = (attribute.encode(),)
    multi_first = frozenset(v for v, lengths in gaz.lengths.items() if lengths[0] > 1)
    affixes: dict[str, dict[str, bytes]] = {family: {} for family in _AFFIXES}
    for attribute in attributes:
        if attribute[:1] in _AFFIX_FIRST:
            family, equals, value = attribute.partition("=")
            if equals and family in affixes:
                affixes[family][value] = attribute.encode()
    context = {feature: (a, b, c, d) for feature, (a, b, c, d) in exports.items()}
    return _Kept(attributes, context, multi_first, multi_first.union(gaz.entries, *lists),
                 affixes, tuple(f"l={size}".encode() if f"l={size}" in attributes else None
                                for size in range(9)),
                 b"b" if "b" in attributes else None, b"sw" if "sw" in attributes else None)


_AFFIXES = ("x1", "x2", "x3", "x4", "a2", "a3", "k", "p")
_AFFIX_FIRST = frozenset(family[0] for family in _AFFIXES)


_NO_CONTEXT: Context = ((), (), (), ())
_FEW = 4


def _shape(key: str) -> str:
    if key.isdigit():
        return "d"
    if key.isascii():
        return "l" if key.isalpha() else "p"
    return "a" if len(key) > 1 else "1"


def token_key(surface: str) -> str:
    """The key a training token or a run-time token is featurised by."""
    return normalize(surface)
