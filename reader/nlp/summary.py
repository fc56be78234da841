"""Per-article entity summaries: one label per surface form, variants merged, salience order."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from reader.nlp.resources import gazetteer
from reader.nlp.text import merge_key, normalize
from reader.nlp.types import Entity, EntitySummary

_EQUATES = re.compile(
    r"\s*[(،,]?\s*(?:(?:المعروف|المعروفة|الملقب|المكنى|الشهير|المعروف سابقا)\s*(?:باسم|بـ|ب)?\s*)?"
    r"[(«\"“]?\s*"
)
_MERGEABLE = frozenset({"PERSON", "ORGANIZATION"})


@dataclass
class Group:
    """The mentions sharing one merge key."""

    key: tuple[str, ...]
    mentions: list[Entity] = field(default_factory=list)
    _label: str = ""
    _counted: int = -1

    @property
    def label(self) -> str:
        """The majority label (recomputed only when mentions were added)."""
        if self._counted != len(self.mentions):
            labels = [m.label for m in self.mentions]
            self._label = labels[0] if len(set(labels)) == 1 else (
                Counter(labels).most_common(1)[0][0])
            self._counted = len(labels)
        return self._label

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)


@lru_cache(maxsize=50_000)
def entity_key(text: str) -> tuple[str, ...]:
    """Merge key of a mention: clitic-stripped normalised words (case-folded for Latin)."""
    return tuple(merge_key(normalize(word)).lower() for word in text.split())


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return n < len(longer) and any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def _merge_variants(groups: list[Group]) -> list[Group]:
    """Fold a shorter name into the only longer same-type name holding it (الأسد→بشار الأسد)."""
    kept = sorted(groups, key=lambda g: -len(g.key))
    out: list[Group] = []
    for group in kept:
        if len(group.key) == 1:
            word = group.key[0]
            hosts = [o for o in out if len(o.key) > 1 and word in o.key]
        else:
            hosts = [o for o in out if _contains(o.key, group.key)]
        label = group.label
        hosts = [o for o in hosts if o.label in _MERGEABLE and (label == o.label
                                                                 or label == "MISC")]
        if len(hosts) == 1:
            hosts[0].mentions.extend(group.mentions)
        else:
            out.append(group)
    return out


def _equated(groups: list[Group], body: str) -> list[Group]:
    """Merge two person names the text equates: ``X (Y)`` or ``X المعروف باسم Y``."""
    owner = {id(m): g for g in groups for m in g.mentions}
    mentions = sorted((m for g in groups for m in g.mentions), key=lambda m: m.start)
    for left, right in zip(mentions, mentions[1:], strict=False):
        a, b = owner[id(left)], owner[id(right)]
        gap = body[left.end:right.start]
        if (a is not b and a.label == b.label == "PERSON" and gap.strip()
                and _EQUATES.fullmatch(gap)):
            a.mentions.extend(b.mentions)
            for m in b.mentions:
                owner[id(m)] = a
            b.mentions = []
    return [g for g in groups if g.mentions]


def _display(group: Group) -> str:
    own = [m.text for m in group.mentions if entity_key(m.text) == group.key]
    forms = Counter(own or [m.text for m in group.mentions])
    best = max(forms.items(), key=lambda item: (item[1], len(item[0])))[0]
    entries = gazetteer().entries.get(" ".join(normalize(w) for w in best.split()))
    return entries[0].display if entries and entries[0].label != "NAT" else best


def _rank(group: Group, title_keys: set[tuple[str, ...]], lead_end: int,
          size: int) -> tuple[float, int]:
    """Sort key: salience (descending), then first position."""
    first = group.first
    score = float(len(group.mentions))
    if title_keys and not title_keys.isdisjoint(entity_key(m.text) for m in group.mentions):
        score += 3.0
    if first < lead_end:
        score += 1.5
    return -(score + 1.0 - first / max(size, 1)), first


def summarize(entities: Sequence[Entity], body: str,
              title_entities: Sequence[Entity] = ()) -> tuple[EntitySummary, ...]:
    """Merge mentions into entries, most salient first."""
    groups: dict[tuple[str, ...], Group] = {}
    for entity in entities:
        key = entity_key(entity.text) if entity.label not in ("DATE", "NUMBER") else (
            entity.label, normalize(entity.text))
        groups.setdefault(key, Group(key)).mentions.append(entity)
    merged = _equated(_merge_variants(list(groups.values())), body)
    title_keys = {entity_key(e.text) for e in title_entities}
    lead = body.find("\n\n")
    lead_end = lead if lead > 0 else len(body)
    merged.sort(key=lambda g: _rank(g, title_keys, lead_end, len(body)))  # once per group
    return tuple(
        EntitySummary(_display(g), g.label, len(g.mentions),
                      tuple(sorted((m.start, m.end) for m in g.mentions)))
        for g in merged
    )
