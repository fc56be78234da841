"""Arabic entities: CRF spans, confident gazetteer names, then document consistency."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from functools import cache
from itertools import chain, compress, count
from operator import itemgetter
from typing import NamedTuple, TypeVar, cast

from reader.lang.tokens import Token
from reader.lang.words import (
    PROCLITICS,
    WORD_CACHE_SIZE,
    clitic_variants,
    merge_key,
    normalize,
    strip_clitics,
)
from reader.nlp.crf import CrfTagger, Extra, shared_tagger
from reader.nlp.resources import (
    Gazetteer,
    common_words,
    gazetteer,
    lexicon,
    stopwords_ar,
    triggers,
)
from reader.nlp.spans import CRF_LABELS, GAZ_LABELS, bio_spans, char_start, clitic_cut
from reader.nlp.types import Entity

Mention = tuple[int, int, str]  # token index start, end (exclusive), label
# CRF spans whose tokens have a lower marginal probability for their tag are left out of the
# panel: in the 5-fold CV this trades 2.7 points of recall for 3.3 of precision (P 0.793 ->
# 0.826, R 0.668 -> 0.640, F1 0.725 -> 0.721); exact-span F1 is reported without it.
PANEL_CONFIDENCE = 0.6

GazStart = tuple[str, int, str]  # a clitic reading, a name length in words, label if one word


class _Keys:
    """What the rules read from token keys, learnt once per key: its merge stem, and the
    few keys that start a confident gazetteer name, are a person title or a trigger.

    One dictionary look-up a token gives the merge stem of a plain key (for an unclitic
    word the key string itself) and finds the notable keys (those that may start a name
    or are titles) by their absence; the other facts are small tables. So the passes over
    ~550 tokens an article read little memory. A key in ``merges`` or ``notable`` has its
    other facts learnt.
    """

    def __init__(self) -> None:
        self.merges: dict[str, str] = {}  # a plain key's merge stem
        self.notable: dict[str, str] = {}  # a notable key's merge stem
        self.starts: dict[str, tuple[GazStart, ...]] = {}  # of an Arabic word
        self.titles: set[str] = set()  # of an Arabic word
        self.triggers: set[str] = set()  # the key or its merge stem is a trigger

    def learn(self, key: str) -> None:
        merge = merge_key(key)
        trig = triggers()
        if _quiet(key, merge, trig):  # most words: no trigger, title or name start
            self.merges[key] = merge
            return
        if merge in trig or key in trig:
            self.triggers.add(key)
        starts = _gaz_starts(key)
        if starts:
            self.starts[key] = starts
        if _person_title(key, merge):
            self.titles.add(key)
        if starts or key in self.titles:
            self.notable[key] = merge
        else:
            self.merges[key] = merge

    def __len__(self) -> int:
        return len(self.merges) + len(self.notable)


_NOTABLE: list[tuple[object, object, frozenset[str]]] = []


def _quiet(key: str, merge: str, trig: Mapping[str, str]) -> bool:
    """Neither ``key`` nor its merge stem, clitic-free stem or clitic readings is a trigger
    or the first word of a confident gazetteer name: then ``_Keys.learn`` finds nothing."""
    lengths = _confident()[1]
    known = _NOTABLE[0] if _NOTABLE else None
    if known is None or known[0] is not trig or known[1] is not lengths:
        known = (trig, lengths, frozenset(trig).union(lengths))
        _NOTABLE[:] = [known]
    return known[2].isdisjoint([key, merge, strip_clitics(key)[0],
                                *map(_FIRST, clitic_variants(key))])


_FIRST = itemgetter(0)
_KEYS = [_Keys()]
_KEYS_MAX = WORD_CACHE_SIZE
_KEY = itemgetter(3)  # Token.key
_KIND = itemgetter(4)  # Token.kind


def _keys() -> _Keys:
    """The current ``_Keys``, replaced (not cleared: another thread may be reading it) when
    full."""
    known = _KEYS[0]
    if len(known) >= _KEYS_MAX:
        known = _KEYS[0] = _Keys()
    return known


class _Article(NamedTuple):
    """An article's tokens and what the rules read from them, by token index."""

    tokens: list[Token]
    keys: list[str]
    merges: list[str]  # merge_key of each key
    notable: list[int]  # the tokens whose key is in known.notable
    known: _Keys


def _article(sentences: list[list[Token]]) -> _Article:
    tokens = list(chain.from_iterable(sentences))
    keys = list(map(_KEY, tokens))
    known = _keys()
    merges = list(map(known.merges.get, keys))
    notable = []
    for i in [i for i, merge in enumerate(merges) if merge is None]:  # notable or new
        key = keys[i]
        if key not in known.notable and key not in known.merges:
            known.learn(key)
        if key in known.notable:
            notable.append(i)
            merges[i] = known.notable[key]
        else:
            merges[i] = known.merges[key]
    return _Article(tokens, keys, cast("list[str]", merges), notable, known)


def _where(flags: Iterable[object]) -> list[int]:
    """The indexes of the true flags (a pass over the tokens in C)."""
    return list(compress(count(), flags))


def _crf_mentions(sentence: list[Token], keys: list[str], base: int,
                  tagger: CrfTagger | None, min_confidence: float = 0.0,
                  extra: Extra | None = None) -> list[Mention]:
    """The CRF's spans of a sentence, as article token indexes (the sentence starts at
    ``base``; ``extra``: its neural features)."""
    if tagger is None or "ar" not in map(_KIND, sentence):
        return []
    out = []
    for start, end, kind in tagger.spans(keys, min_confidence, extra):
        start, end = _trimmed(sentence, start, end)
        if start < end:
            out.append((base + start, base + end, CRF_LABELS[kind]))
    return out


def _trimmed(sentence: list[Token], start: int, end: int) -> tuple[int, int]:
    """A tagger's span of ``sentence`` without the prefix marks and punctuation it starts
    with and the punctuation it ends with (empty when nothing else is left)."""
    while start < end and sentence[start].kind in ("pre", "punct"):
        start += 1
    while end > start and sentence[end - 1].kind == "punct":
        end -= 1
    return start, end


def _gazetteer_mentions(doc: _Article, starts: list[int], end: int) -> list[Mention]:
    """Confident names (curated, countries, CLDR cities), longest first, clitic-aware:
    ``starts`` are the sentence's words that may start one, ``end`` is where it ends."""
    out: list[Mention] = []
    i = 0
    for start in starts:
        if start >= i and doc.tokens[start].kind == "ar":
            hit = _longest_hit(doc.keys, start, end, doc.known.starts[doc.keys[start]])
            if hit:
                out.append(hit)
                i = hit[1]
    return out


def _longest_hit(keys: list[str], i: int, end: int,
                 starts: tuple[GazStart, ...]) -> Mention | None:
    size = end - i
    for variant, n, label in starts:
        if n > size:
            continue
        if n == 1:
            return (i, i + 1, label)
        found = _confident()[0].get(" ".join([variant, *keys[i + 1:i + n]]))
        if found:
            return (i, i + n, found)
    return None


@cache
def _confident() -> tuple[dict[str, str], dict[str, tuple[int, ...]]]:
    """Confident gazetteer names → label, and first word → their lengths, longest first."""
    labels: dict[str, str] = {}
    lengths: dict[str, set[int]] = {}
    for name, entries in gazetteer().entries.items():
        label = next((GAZ_LABELS[e.label] for e in entries
                      if e.strength == "c" and e.label in GAZ_LABELS), None)
        if label:
            labels[name] = label
            lengths.setdefault(name.split(" ", 1)[0], set()).add(name.count(" ") + 1)
    return labels, {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}


def _drops_article(key: str, variant: str, cut: int) -> bool:
    return not variant.startswith("ال") and "ال" in key[:cut]


def _gaz_starts(key: str) -> tuple[GazStart, ...]:
    """The confident names a word may start, in the order they are tried: clitic readings
    (the article kept), each with its name lengths, longest first."""
    labels, lengths = _confident()
    found = [(v, cut) for v, cut in clitic_variants(key) if v in lengths]
    if not found:  # most words
        return ()
    return tuple((v, n, labels.get(v, "") if n == 1 else "")
                 for v, cut in found if not _drops_article(key, v, cut)
                 for n in lengths[v])


def _with_gazetteer(crf: list[Mention], names: list[Mention]) -> list[Mention]:
    """Add confident gazetteer names to the CRF's mentions. The CRF wins a conflict unless
    the name strictly covers every CRF span it overlaps and either gives it another type
    (the curated ORG ``هيئة تحرير الشام`` over a CRF LOC ``الشام``) or only adds words after
    it (``أحمد الشرع`` over ``أحمد``). A same-type CRF span after leading words of a name
    stays (``غزة`` in ``قطاع غزة``, ``حماس`` in ``حركة حماس``, ``نصيب`` in ``معبر نصيب``:
    ANERcorp leaves such descriptors out). In the 5-fold cross-validation, letting every
    gazetteer name win cost a point of F1 (0.725 -> 0.715), mostly on those descriptors and
    on place names that are also common words (ترك، مالي)."""
    out = list(crf)
    for name in names:
        if name in out:  # the CRF found it too (the usual case)
            continue
        hit = [m for m in out if m[0] < name[1] and name[0] < m[1]]
        if all(name[0] <= m[0] and m[1] <= name[1] and m[1] - m[0] < name[1] - name[0]
               and (m[2] != name[2] or m[0] == name[0]) for m in hit):
            if hit:
                out = [m for m in out if m not in hit]
            out.append(name)
    return out


def _overlaps(a: Mention, others: list[Mention]) -> bool:
    return any(a[0] < b[1] and b[0] < a[1] for b in others)


def _consistency(doc: _Article, mentions: list[Mention]) -> list[Mention]:
    """Tag later repeats of a found name (and a person's last name) the same way."""
    merges = doc.merges
    names: dict[tuple[str, ...], str] = {}
    for start, end, label in mentions:
        stems = tuple(merges[start:end])
        names.setdefault(stems, label)
        if label == "PERSON" and end - start > 1 and len(stems[-1]) > 2:
            names.setdefault(stems[-1:], label)
    by_first: dict[str, list[int]] = {}
    for name in names:
        by_first.setdefault(name[0], []).append(len(name))
    for lengths in by_first.values():
        lengths.sort(reverse=True)
    taken = bytearray(len(merges))
    for start, end, _ in mentions:
        taken[start:end] = b"\x01" * (end - start)
    tokens = doc.tokens
    out = list(mentions)
    for i in _where(map(by_first.__contains__, merges)):
        if taken[i] or tokens[i].kind != "ar" or not merges[i]:
            continue
        for n in by_first[merges[i]]:
            # Repeats are Arabic words: another token matches no stem.
            key = tuple(merge if token.kind == "ar" else ""
                        for token, merge in zip(tokens[i:i + n], merges[i:i + n], strict=True))
            if len(key) == n and key in names and taken.find(1, i, i + n) < 0:
                out.append((i, i + n, names[key]))
                taken[i:i + n] = b"\x01" * n
                break
    return out


_TITLE_REACH = 4  # words of a title's complement: وزير [الموارد المائية] سامر الخطيب
_NAME_WORDS = 3


class _Lists:
    """The word lists a tagger's rules read (its common words and names lexicon) and
    per-key caches of the rare checks that depend on them."""

    def __init__(self, common: frozenset[str], names: Mapping[str, str]) -> None:
        self.common = common
        self.names = names
        self.gaz = gazetteer()
        self._cuts: dict[str, int] = {}
        self._name_words: dict[str, tuple[bool, bool]] = {}
        self._common_places: dict[str, bool] = {}

    def cut(self, key: str) -> int:
        """``clitic_cut`` of an entity's first word."""
        cut = self._cuts.get(key)
        if cut is None:
            cut = _remember(self._cuts, key, clitic_cut(key, self.names, self.gaz))
        return cut

    def name_word(self, key: str, later: bool) -> bool:
        """Could an Arabic word be a word of a person's name, first or later in the name:
        not common, no glued conjunction or preposition (a later word may carry the article:
        الخطيب), no trigger, place or group."""
        flags = self._name_words.get(key)
        if flags is None:
            flags = _remember(self._name_words, key,
                              (self._name_word(key, False), self._name_word(key, True)))
        return flags[later]

    def _name_word(self, key: str, later: bool) -> bool:
        common, names = self.common, self.names
        if len(key) < 3 or _plain(key, common) or key in triggers():
            return False
        if names.get(key) == "PERS":
            return True
        if key[0] in PROCLITICS or (key.startswith("ال") and not later):
            return False
        if key.startswith("ال") and (key[2:] in common or names.get(key[2:], "PERS") != "PERS"):
            return False
        return not _place_or_group(key, self.gaz)

    def joined_word(self, key: str) -> bool:
        """Could an Arabic word follow بن، آل or فان in a name: ``name_word`` without the
        glued-clitic test (بومل، لاين start with letters that are also prepositions) and
        without the article."""
        return (len(key) >= 3 and not key.startswith("ال") and not _plain(key, self.common)
                and key not in triggers() and not _place_or_group(key, self.gaz))

    def common_place(self, key: str) -> bool:
        """A one-word place that is no gazetteer name and reads as a common word (``الري``,
        irrigation: a two-letter stem or a word of the common list)."""
        found = self._common_places.get(key)
        if found is None:
            stem = _bare(key)
            found = _remember(self._common_places, key, (
                not any(v in self.gaz.entries for v, _ in clitic_variants(key))
                and (len(stem) <= 2 or stem in self.common)))
        return found


_T = TypeVar("_T")


def _remember(table: dict[str, _T], key: str, value: _T) -> _T:
    if len(table) >= _KEYS_MAX:
        table.clear()
    table[key] = value
    return value


_LISTS: list[_Lists] = []


def _lists(common: frozenset[str], names: Mapping[str, str]) -> _Lists:
    """The ``_Lists`` of these word lists: the last one made when they are the same objects
    (the evaluation uses another tagger, with its own lists, for each fold)."""
    last = _LISTS[-1] if _LISTS else None
    if last is None or last.common is not common or last.names is not names:
        last = _Lists(common, names)
        _LISTS[:] = [last]
    return last


def _plain(key: str, common: frozenset[str]) -> bool:
    """An Arabic word that cannot be part of a name here: stopword, common word, one letter."""
    if len(key) < 2:
        return True
    stop = stopwords_ar()
    stem = strip_clitics(key)[0]
    return key in stop or stem in stop or stem in common


def _titled_persons(doc: _Article, lists: _Lists) -> list[Mention]:
    """PERSON spans after a title: a person trigger, its definite complement (``الموارد
    المائية``), then a name of two or three unknown words, the first without the article or
    a glued clitic (سامر الخطيب); one word only when the names lexicon knows it as a person."""
    out: list[Mention] = []
    tokens = doc.tokens
    size = len(tokens)
    names = lists.names
    name_word = lists.name_word
    titles = doc.known.titles
    for i in [i for i in doc.notable if doc.keys[i] in titles]:
        if tokens[i].kind != "ar":
            continue
        j = i + 1
        while (j < size and j - i <= _TITLE_REACH and tokens[j].kind == "ar"
               and tokens[j].key.startswith("ال") and not name_word(tokens[j].key, True)):
            j += 1
        first = j
        if first >= size or not tokens[first].key or tokens[first].key.startswith("ال") or (
                tokens[first].key[0] in PROCLITICS and names.get(tokens[first].key) != "PERS"):
            continue
        while (j < size and j - first < _NAME_WORDS and tokens[j].kind == "ar"
               and name_word(tokens[j].key, j > first)):
            j += 1
        if j - first >= 2 or (j - first == 1 and names.get(tokens[first].key) == "PERS"):
            out.append((first, j, "PERSON"))
    return out


def _person_title(key: str, merge: str) -> bool:
    """A person trigger (الرئيس، وزير، المبعوث…), clitics allowed (وقال وزير، ووزير);
    ``merge`` is ``merge_key(key)``."""
    trig = triggers()
    stem = strip_clitics(key)[0]
    if stem in _AMBIGUOUS_TITLES or merge in _AMBIGUOUS_TITLES:
        return False
    return "PER" in (trig.get(key), trig.get(stem), trig.get(merge))


# Person triggers that are as often common words: العالم (world), الفريق (team), اللواء
# (brigade), النجم (star), عضو (member), الممثل (representative), المقدم (presenter).
_AMBIGUOUS_TITLES = frozenset({"عالم", "العالم", "فريق", "الفريق", "لواء", "اللواء", "نجم",
                               "النجم", "عضو", "ممثل", "الممثل", "مقدم", "المقدم"})


def _bare(key: str) -> str:
    """The word without clitics and without its article, however short (الري → ري)."""
    stem = strip_clitics(key)[0]
    return stem[2:] if stem.startswith("ال") and len(stem) > 2 else stem


def _place_or_group(key: str, gaz: Gazetteer) -> bool:
    return any(entry.label != "PER" for variant, _ in clitic_variants(key)
               for entry in gaz.entries.get(variant, ()))


def _add_titled(mentions: list[Mention], titled: list[Mention]) -> list[Mention]:
    """Add title-led persons where nothing was found; a one-word person found at the same
    start is extended (سعود → سعود الفيصل)."""
    out = list(mentions)
    for span in titled:
        inside = [m for m in out if span[0] <= m[0] and m[1] <= span[1]]
        rest = [m for m in out if not (span[0] <= m[0] and m[1] <= span[1])]
        if not _overlaps(span, rest) and (not inside or (
                len(inside) == 1 and inside[0][2] == "PERSON" and inside[0][0] == span[0]
                and inside[0][1] - inside[0][0] == 1)):
            out = [*rest, span]
    return out


def _common_places(tokens: list[Token], mentions: list[Mention],
                   lists: _Lists) -> list[Mention]:
    """Drop one-word places that are no gazetteer name and read as a common word."""
    return [m for m in mentions
            if not (m[2] == "LOCATION" and m[1] - m[0] == 1
                    and lists.common_place(tokens[m[0]].key))]


def _definite_plural(tokens: list[Token], mention: Mention, gaz: Gazetteer) -> bool:
    """A one-word mention that is a definite feminine plural no gazetteer knows (الميليشيات,
    the militias; السرعات): a common noun, not a name. Names of that form are few and listed
    (الإمارات، الفرات)."""
    start, end, _ = mention
    if end - start != 1 or tokens[start].kind != "ar":
        return False
    readings = [variant for variant, _ in clitic_variants(tokens[start].key)]
    return (any(v.startswith("ال") and v.endswith("ات") and len(v) >= 6 for v in readings)
            and not any(v in gaz.entries or v in gaz.first_words for v in readings))


# Words that join the parts of an Arabic name: son/daughter of, family of (محمد بن راشد آل مكتوم).
_NASAB = frozenset(map(normalize, ("بن", "ابن", "بنت", "آل")))
# Particles inside European names (فان باستن، فون دير لاين، دي ميستورا، دا سيلفا).
_PARTICLES = frozenset(map(normalize, ("فان", "فون", "دي", "دا", "ديل", "ديلا")))
_JOINS = _NASAB | _PARTICLES


def _nasab_chains(doc: _Article, mentions: list[Mention], lists: _Lists) -> list[Mention]:
    """Join a person and what follows a nasab word into one person: ``محمد بن راشد`` + ``آل``
    + ``مكتوم`` (a person mention, or one name word nothing else claims); a person ending on a
    nasab word takes the next name word."""
    tokens, keys = doc.tokens, doc.keys
    starts = {m[0] for m in mentions}
    merged: list[Mention] = []
    for mention in sorted(mentions):
        last = merged[-1] if merged else None
        if (mention[2] == "PERSON" and mention[0] > 0 and keys[mention[0] - 1] in _PARTICLES
                and (not last or last[1] < mention[0] - 1)):
            mention = (mention[0] - 1, mention[1], "PERSON")  # فان [نيستلروي]
        if (last and last[2] == mention[2] == "PERSON" and mention[0] == last[1] + 1
                and keys[last[1]] in _JOINS):
            merged[-1] = (last[0], mention[1], "PERSON")
        else:
            merged.append(mention)
    result: list[Mention] = []
    for start, end, label in merged:
        if (label == "PERSON" and keys[end - 1] in _JOINS and end < len(tokens)
                and end not in starts and tokens[end].kind == "ar"
                and lists.joined_word(keys[end])):
            end += 1  # the CRF stopped after the nasab word: فيصل بن سطام آل [حثلين]
        while (label == "PERSON" and end + 1 < len(tokens) and keys[end] in _JOINS
               and end not in starts and end + 1 not in starts and tokens[end + 1].kind == "ar"
               and lists.joined_word(keys[end + 1])):
            end += 2
        result.append((start, end, label))
    return result


# Place triggers that name a settlement: the word after one is a place even when its name is
# also a common word, an ambiguous ("a") gazetteer place (مدينة الطبقة، بلدة القصير).
_SETTLEMENTS = frozenset(map(normalize, ("مدينة", "مدينتي", "بلدة", "قرية", "محافظة", "منطقة",
                                         "ناحية", "مخيم", "ريف", "عاصمة", "قضاء")))


def _settlement_places(doc: _Article, gaz: Gazetteer) -> list[Mention]:
    """Ambiguous one-word gazetteer places right after a settlement trigger."""
    out: list[Mention] = []
    tokens, keys = doc.tokens, doc.keys
    for i in _where(map(_SETTLEMENTS.__contains__, doc.merges)):
        j = i + 1
        if (j < len(tokens) and tokens[i].kind == "ar" and tokens[j].kind == "ar"
                and any(entry.label == "LOC" and entry.strength == "a"
                        for entry in gaz.entries.get(keys[j], ()))):
            out.append((j, j + 1, "LOCATION"))
    return out


# The kinds of the fine-tuned transformer's spans that the accurate analyser adds where the
# pipeline found nothing overlapping: all four (on the held-out sixth, with split names joined,
# F1 0.7553 against 0.7506 with PERS and ORG only and 0.7413 without; reader.training.combine).
TRANSFORMER_KINDS = frozenset({"PERS", "LOC", "ORG", "MISC"})


def _transformer_mentions(sentences: list[list[Token]]) -> list[Mention]:
    """The transformer tagger's spans of the Arabic sentences (none when it is not shipped),
    punctuation trimmed as from the CRF's."""
    from reader.nlp.transformer import shared_transformer

    tagger = shared_transformer()
    if tagger is None:
        return []
    bases, chosen, base = [], [], 0
    for sentence in sentences:
        if "ar" in map(_KIND, sentence):
            bases.append(base)
            chosen.append(sentence)
        base += len(sentence)
    out = []
    for base, sentence, tags in zip(bases, chosen, tagger.tag(
            [[token.text for token in sentence] for sentence in chosen]), strict=True):
        for first, last, kind in bio_spans(tags):
            start, end = _trimmed(sentence, first, last)
            if start < end and kind in TRANSFORMER_KINDS:
                out.append((base + start, base + end, CRF_LABELS[kind]))
    return out


def _add_missing(mentions: list[Mention], found: list[Mention]) -> list[Mention]:
    """``found`` mentions that overlap none of ``mentions``, added to them."""
    return mentions + [m for m in found if not _overlaps(m, mentions)]


def _only_triggers(doc: _Article, mention: Mention) -> bool:
    """A mention made of trigger words only (``الرئيس``) is no name."""
    start, end, _ = mention
    trig = doc.known.triggers
    return doc.keys[start] in trig and all(map(trig.__contains__, doc.keys[start + 1:end]))


def _neural_features(doc: _Article, sentences: list[list[Token]],
                     tagger: CrfTagger | None) -> list[Extra] | None:
    """The tagger's neural features of the article's Arabic sentences, in one batch (empty
    for the other sentences), or None without a neural tagger."""
    if tagger is None or tagger.neural is None:
        return None
    batch: list[list[str]] = []
    base = 0
    for sentence in sentences:
        end = base + len(sentence)
        batch.append(doc.keys[base:end] if "ar" in map(_KIND, sentence) else [])
        base = end
    return tagger.neural_features(batch)


def arabic_entities(text: str, sentences: list[list[Token]],
                    tagger: CrfTagger | None = None, use_gazetteer: bool = True,
                    rules: bool = True,
                    min_confidence: float = PANEL_CONFIDENCE,
                    accurate: bool = False) -> list[Entity]:
    """Arabic PERSON/LOCATION/ORGANIZATION/MISC entities with clitic-free spans.

    ``tagger`` defaults to the shipped model (evaluation passes one trained per fold);
    ``rules=False`` leaves out the title-led persons and the common-word place filter;
    ``min_confidence`` drops CRF spans whose tokens' marginal probability is lower (the
    panel's default; the evaluation scores exact spans with 0, no filter); ``accurate``
    takes the shipped tagger that reads the neural tagger's guesses too.
    """
    tagger = tagger or shared_tagger(accurate)
    doc = _article(sentences)
    tokens = doc.tokens
    may_start = doc.known.starts if use_gazetteer else {}
    gaz_starts = [i for i in doc.notable if doc.keys[i] in may_start]
    mentions: list[Mention] = []
    extras = _neural_features(doc, sentences, tagger)
    base = next_gaz = 0
    for number, sentence in enumerate(sentences):
        end = base + len(sentence)
        found = _crf_mentions(sentence, doc.keys[base:end], base, tagger, min_confidence,
                              extras[number] if extras else None)
        if next_gaz < len(gaz_starts) and gaz_starts[next_gaz] < end:
            after = bisect_left(gaz_starts, end, next_gaz)
            found = _with_gazetteer(found, _gazetteer_mentions(
                doc, gaz_starts[next_gaz:after], end))
            next_gaz = after
        mentions += found
        base = end
    mentions = [m for m in mentions if not _only_triggers(doc, m)]
    lists = _lists(tagger.common if tagger else common_words(),
                   tagger.featurizer.lexicon if tagger else lexicon())
    if rules:
        mentions = _common_places(tokens, mentions, lists)
        mentions = [m for m in mentions if not _definite_plural(tokens, m, lists.gaz)]
        mentions = _add_titled(mentions, _titled_persons(doc, lists))
        mentions = _add_missing(mentions, _settlement_places(doc, lists.gaz))
        mentions = _nasab_chains(doc, mentions, lists)
    mentions = _consistency(doc, mentions)
    if accurate:
        mentions = _add_missing(mentions, _transformer_mentions(sentences))
    out = []
    cut = lists.cut
    for start, end, label in sorted(mentions):
        first = tokens[start]
        begin = char_start(first, cut(first.key))
        stop = tokens[end - 1].end
        if begin < stop:
            out.append(Entity(begin, stop, label, text[begin:stop]))
    return out
