"""Per-article entity summaries: one label per surface form, variants merged, salience order."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress, pairwise
from operator import and_, attrgetter

from reader.lang.words import WORD_CACHE_SIZE, merge_key, normalize
from reader.nlp.english import SURNAME_ARTICLE
from reader.nlp.resources import gazetteer
from reader.nlp.types import Entity, EntitySummary

_EQUATES = re.compile(
    r"\s*[(،,]?\s*(?:(?:المعروف|المعروفة|الملقب|المكنى|الشهير|المعروف سابقا)\s*(?:باسم|بـ|ب)?\s*"
    r"|(?:also\s+|better\s+|formerly\s+)?known\s+as\s+|aka\s+|a\.k\.a\.?\s+|nicknamed\s+)?"
    r"[(«\"“]?\s*"
)
_MERGEABLE = frozenset({"PERSON", "ORGANIZATION"})
_START = attrgetter("start")
_SPAN = attrgetter("start", "end")
_TEXT = attrgetter("text")
_MENTIONS = attrgetter("mentions")


@dataclass(slots=True)
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
        starts: Iterator[int] = map(_START, self.mentions)
        return min(starts)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def entity_key(text: str) -> tuple[str, ...]:
    """Merge key of a mention: clitic-stripped normalised words (case-folded for Latin, without
    the article of an Arabic name: al-Assad → assad)."""
    return tuple(SURNAME_ARTICLE.sub("", merge_key(normalize(word))).lower()
                 for word in text.split())


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return n < len(longer) and any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def _longest_first(group: Group) -> int:
    return -len(group.key)


def _merge_variants(groups: list[Group]) -> list[Group]:
    """Fold a shorter name into the only longer same-type name holding it (الأسد→بشار الأسد)."""
    out: list[Group] = []
    holding: dict[str, list[Group]] = {}  # word → the kept names of 2+ words holding it
    for group in sorted(groups, key=_longest_first):
        key = group.key
        if len(key) == 1:
            hosts = holding.get(key[0], [])
        else:
            hosts = [o for o in holding.get(key[0], ()) if _contains(o.key, key)]
        if hosts:
            label = group.label
            hosts = [o for o in hosts if o.label in _MERGEABLE and (label == o.label
                                                                     or label == "MISC")]
        if len(hosts) == 1:
            hosts[0].mentions.extend(group.mentions)
            continue
        out.append(group)
        if len(key) > 1:
            for word in dict.fromkeys(key):
                holding.setdefault(word, []).append(group)
    return out


def _equated(groups: list[Group], body: str) -> list[Group]:
    """Merge two person names the text equates: ``X (Y)``, ``X المعروف باسم Y``, ``X, known as
    Y``."""
    # Only person groups merge here, and a group's label only changes when it takes mentions.
    persons = {id(g) for g in groups if g.label == "PERSON"}
    if len(persons) < 2:
        return groups
    owner = {id(m): g for g in groups if id(g) in persons for m in g.mentions}
    mentions = sorted(chain.from_iterable(map(_MENTIONS, groups)), key=_START)
    # Only two mentions of person groups can merge: a mention of another group stays with it.
    of_person = list(map(owner.__contains__, map(id, mentions)))
    for left, right in compress(pairwise(mentions), map(and_, of_person, of_person[1:])):
        a, b = owner[id(left)], owner[id(right)]
        if a is b or id(a) not in persons or id(b) not in persons:
            continue
        gap = body[left.end:right.start]
        if gap.strip() and _EQUATES.fullmatch(gap):
            a.mentions.extend(b.mentions)
            for m in b.mentions:
                owner[id(m)] = a
            b.mentions = []
            if a.label != "PERSON":
                persons.discard(id(a))
    return [g for g in groups if g.mentions]


def _display(group: Group, display_forms: bool = True) -> str:
    texts = [m.text for m in group.mentions]
    shown = _gazetteer_display if display_forms else str
    if texts.count(texts[0]) == len(texts):  # one form: most groups
        return shown(texts[0])
    own = [text for text in texts if entity_key(text) == group.key]
    forms = Counter(own or texts)
    best = max(forms.items(), key=lambda item: (item[1], not item[0].isupper(), len(item[0])))[0]
    return shown(best)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _gazetteer_display(text: str) -> str:
    """The gazetteer's display form of a name (not of a nationality), else the text itself."""
    entries = gazetteer().entries.get(" ".join(normalize(w) for w in text.split()))
    return entries[0].display if entries and entries[0].label != "NAT" else text


def _rank(group: Group, title_keys: set[tuple[str, ...]], lead_end: int,
          size: int) -> tuple[float, int]:
    """Sort key: salience (descending), then first position (``size``: the body's, at least 1)."""
    mentions = group.mentions
    first = group.first
    in_title = bool(title_keys) and not title_keys.isdisjoint(
        map(entity_key, map(_TEXT, mentions)))
    score = float(len(mentions))
    if in_title:
        score += 3.0
    if first < lead_end:
        score += 1.5
    return -(score + 1.0 - first / size), first


def _groups(entities: Sequence[Entity]) -> list[Group]:
    """The mentions grouped by merge key (dates and numbers by label and normalised text)."""
    groups: dict[tuple[str, ...], Group] = {}
    for entity in entities:
        label = entity.label
        key = entity_key(entity.text) if label != "DATE" and label != "NUMBER" else (
            label, normalize(entity.text))
        group = groups.get(key)
        if group is None:
            groups[key] = Group(key, [entity])
        else:
            group.mentions.append(entity)
    return list(groups.values())


def summarize(entities: Sequence[Entity], body: str,
              title_entities: Sequence[Entity] = (),
              display_forms: bool = True) -> tuple[EntitySummary, ...]:
    """Merge mentions into entries, most salient first.

    ``display_forms``: show a name as the (Arabic and English) gazetteer writes it; off for
    Persian and Hebrew, whose own spelling is the right one (اصفهان, not أصفهان)."""
    merged = _equated(_merge_variants(_groups(entities)), body)
    title_keys = {entity_key(e.text) for e in title_entities}
    lead = body.find("\n\n")
    lead_end = lead if lead > 0 else len(body)
    size = max(len(body), 1)
    merged.sort(key=lambda g: _rank(g, title_keys, lead_end, size))  # once per group
    return tuple(
        EntitySummary(_display(g, display_forms), g.label, len(g.mentions), _spans(g.mentions))
        for g in merged
    )


def _spans(mentions: list[Entity]) -> tuple[tuple[int, int], ...]:
    if len(mentions) == 1:
        return ((mentions[0].start, mentions[0].end),)
    return tuple(sorted(map(_SPAN, mentions)))
