"""CRF features for Arabic tokens: word, clitic-stripped stem, affixes, gazetteers, triggers.

Token-level features are cached per token key, so tagging costs a few list concatenations
per token; the same code builds training and run-time features.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reader.nlp.resources import Gazetteer, gazetteer, stopwords_ar, triggers
from reader.nlp.text import clitic_variants, normalize, strip_clitics

_CONTEXT = (-2, -1, 1, 2)
_EXPORTED = {1: ("w=", "s=", "g=", "t=", "n="), -1: ("w=", "s=", "g=", "t=", "n="),
             2: ("s=", "g=", "t="), -2: ("s=", "g=", "t=")}


class Featurizer:
    """Builds feature lists for token sequences, given the gazetteer and a names lexicon."""

    def __init__(self, lexicon: Mapping[str, str], gaz: Gazetteer | None = None) -> None:
        self.lexicon = lexicon
        self.gaz = gaz or gazetteer()
        self.triggers = triggers()
        self.stop = stopwords_ar()
        self._own: dict[str, list[str]] = {}
        self._ctx: dict[int, dict[str, list[str]]] = {offset: {} for offset in _CONTEXT}

    def _lookups(self, key: str) -> list[str]:
        out = []
        for variant, cut in clitic_variants(key):
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

    def own(self, key: str) -> list[str]:
        """Features of one token key (cached)."""
        cached = self._own.get(key)
        if cached is not None:
            return cached
        stem, cut = strip_clitics(key)
        feats = ["b", "w=" + key, "s=" + stem, "x2=" + stem[-2:], "x3=" + stem[-3:],
                 "a2=" + stem[:2], "k=" + _shape(key)]
        if cut:
            feats.append("p=" + key[:cut])
        if key in self.stop or stem in self.stop:
            feats.append("sw")
        feats.extend(self._lookups(key))
        self._own[key] = feats
        return feats

    def context(self, key: str, offset: int) -> list[str]:
        """The exported features of a neighbouring token, prefixed by its offset (cached)."""
        table = self._ctx[offset]
        cached = table.get(key)
        if cached is None:
            prefix = f"{offset}:"
            cached = [prefix + f for f in self.own(key) if f.startswith(_EXPORTED[offset])]
            table[key] = cached
        return cached

    def sequence(self, keys: Sequence[str]) -> list[list[str]]:
        """Feature lists for a sentence of token keys."""
        n = len(keys)
        spans = self.multiword(keys)
        out = []
        for i, key in enumerate(keys):
            feats = list(self.own(key))
            for offset in _CONTEXT:
                j = i + offset
                if 0 <= j < n:
                    feats.extend(self.context(keys[j], offset))
                else:
                    feats.append(f"{offset}:pad")
            feats.extend(spans.get(i, ()))
            out.append(feats)
        return out

    def multiword(self, keys: Sequence[str]) -> dict[int, list[str]]:
        """B/I features for multi-word gazetteer names (first word clitic-aware)."""
        out: dict[int, list[str]] = {}
        first_words = self.gaz.first_words
        for i, key in enumerate(keys):
            for variant, _ in clitic_variants(key):
                if variant not in first_words:
                    continue
                for n in range(min(self.gaz.max_words, len(keys) - i), 1, -1):
                    name = " ".join([variant, *keys[i + 1:i + n]])
                    for entry in self.gaz.entries.get(name, ()):
                        out.setdefault(i, []).append(f"G=B{entry.label}")
                        for j in range(i + 1, i + n):
                            out.setdefault(j, []).append(f"G=I{entry.label}")
        return out


def _shape(key: str) -> str:
    if key.isdigit():
        return "d"
    if key.isascii():
        return "l" if key.isalpha() else "p"
    return "a" if len(key) > 1 else "1"


def token_key(surface: str) -> str:
    """The key a training token or a run-time token is featurised by."""
    return normalize(surface)
