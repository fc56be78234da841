"""Names in Hebrew and Persian text without a trained model: word lists and trigger rules.

Neither language has a shippable tagger here, so names come from what ships offline: place
names (CLDR, GeoNames), curated organisations, people, first names and surnames, and trigger
words: a person title (``ד"ר``, ``آقای``) before a name, an organisation head (``משרד``,
``دانشگاه``) before its complement, a place head (``שכונת``, ``استان``) before a place. Neither
script has capitals, so a word counts as name-like when no list calls it common: the language's
most frequent words (wordfreq) and stopwords are no names unless a name list holds them.

The language modules (``hebrew.py``, ``persian.py``) say how a word is read: which prefix
letters or suffixes may be cut (``readings``), and how text splits into words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from reader.lang.words import WORD_CACHE_SIZE
from reader.nlp.paths import DATA_DIR
from reader.nlp.types import Entity

LEXICON_KINDS = frozenset({"LOC", "ORG", "PER", "FIRST", "LAST", "TITLE", "ROLE", "ORGHEAD",
                           "LOCHEAD", "STOP", "NOTLOC", "LIGHT", "NAMED", "KIND"})
_LABELS = {"LOC": "LOCATION", "ORG": "ORGANIZATION", "PER": "PERSON"}
# Marks (Hebrew points, Arabic harakat), tatweel, zero-width joiners and bidi controls.
_DROP = re.compile("[\u0591-\u05bd\u05bf-\u05c7\u064b-\u065f\u0670\u0640\u200c\u200d"
                   "\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_FOLD = str.maketrans({
    "׳": "'", "’": "'", "״": '"', "”": '"', "“": '"',
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا",
    "آ": "ا", "ٱ": "ا", "ؤ": "و",
})
_MAX_NAME_WORDS = 3  # words of a name after a title
_MAX_ROLE_WORDS = 4  # words between a title and the name (وزیر امور خارجه ایران …)
_PAUSE = frozenset({",", "،", ":"})  # may stand between a title and its name


@lru_cache(maxsize=WORD_CACHE_SIZE)
def word_key(word: str) -> str:
    """Matching key of a Hebrew or Persian word: marks and joiners dropped, letter variants
    folded (Arabic ي ك → Persian ی ک, ة → ه, alef forms → ا, gershayim → ")."""
    return _DROP.sub("", word).translate(_FOLD)


class Word(NamedTuple):
    """A token: offsets, key and kind ("w" word, "n" number, "p" punctuation or break)."""

    start: int
    end: int
    surface: str
    key: str
    kind: str


# A reading of a word key: (key without affixes, key chars cut in front, key chars cut at
# the end); the word itself is always the first reading.
Reading = tuple[str, int, int]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The word lists of one language, keys as ``word_key`` gives them."""

    names: dict[tuple[str, ...], str]  # LOC, ORG, PER names
    name_lengths: dict[str, tuple[int, ...]]  # first word → name lengths, longest first
    first: frozenset[str]
    last: frozenset[str]
    # Surnames that are also frequent words (כהן "priest", لوی): a surname after a first name only.
    common_last: frozenset[str]
    titles: dict[tuple[str, ...], bool]  # title words → the name follows at once (آقای, ד"ר)
    roles: frozenset[str]
    # head words → (most complement words, a descriptor: חברת אלביט is the company אלביט)
    org_heads: dict[tuple[str, ...], tuple[int, bool]]
    loc_heads: dict[str, bool]  # head → part of the name (میدان آزادی) or not (استان گیلان)
    stop: frozenset[str]
    common: frozenset[str]
    light: frozenset[str]  # light verbs: the noun before one is no part of a name (درس داد)
    definite: frozenset[str]  # places that take the article (הגליל, הנגב)
    starters: frozenset[str]  # first words of every name, title and head, and first names
    head_lengths: dict[str, tuple[int, ...]]  # first word → title and head lengths, longest first
    named: frozenset[tuple[str, ...]]  # "by the name of" (בשם, به نام)
    kinds: dict[str, str]  # a noun before it → the label of the name (חברה → ORG, فردی → PER)

    def is_common(self, key: str) -> bool:
        return key in self.common or key in self.stop

    def name_like(self, key: str) -> bool:
        """Could be a word of a person's name: a known first or last name, or no common word."""
        if key in self.stop:
            return False
        return key in self.first or key in self.last or key not in self.common


def _lines(name: str) -> list[str]:
    path = DATA_DIR / name
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def _keys(text: str) -> tuple[str, ...]:
    return tuple(word_key(part) for part in text.split())


@cache
def lexicon(lang: str) -> Lexicon:
    """The lists of ``lang`` ("he" or "fa"): curated ``lexicon_LANG.tsv`` plus the generated
    ``places_LANG.tsv``, ``common_LANG.txt``, ``stop_LANG.txt``, ``first_LANG.txt`` and
    ``last_LANG.txt``."""
    names: dict[tuple[str, ...], str] = {}
    for line in _lines(f"places_{lang}.tsv"):
        names[_keys(line)] = "LOC"
    sets: dict[str, set[str]] = {kind: set() for kind in LEXICON_KINDS}
    titles: dict[tuple[str, ...], bool] = {}
    org_heads: dict[tuple[str, ...], tuple[int, bool]] = {}
    loc_heads: dict[str, bool] = {}
    definite: set[str] = set()
    named: set[tuple[str, ...]] = set()
    kinds: dict[str, str] = {}
    for line in _lines(f"lexicon_{lang}.tsv"):
        kind, entry, *rest = line.split("\t")
        keys = _keys(entry)
        if kind in _LABELS:
            names[keys] = kind  # curated names win over generated places
            if "DEF" in rest:
                definite.add(" ".join(keys))
        elif kind == "TITLE":
            titles[keys] = "NAME" in rest
        elif kind == "ORGHEAD":
            org_heads[keys] = (int(rest[0]) if rest else 2, "DESC" in rest)
        elif kind == "LOCHEAD":
            loc_heads[" ".join(keys)] = "NAME" in rest
        elif kind == "NOTLOC":
            names.pop(keys, None)
        elif kind == "NAMED":
            named.add(keys)
        elif kind == "KIND":
            kinds[" ".join(keys)] = rest[0]
        else:
            sets[kind].add(" ".join(keys))
    lengths: dict[str, set[int]] = {}
    for keys in names:
        lengths.setdefault(keys[0], set()).add(len(keys))
    for keys in (*titles, *org_heads):
        lengths.setdefault(keys[0], set())
    stop = frozenset(_keys(" ".join(_lines(f"stop_{lang}.txt")))) | sets["STOP"]
    common = frozenset(_lines(f"common_{lang}.txt"))
    sets["FIRST"].update(_lines(f"first_{lang}.txt"))
    surnames = set(_lines(f"last_{lang}.txt")) - sets["FIRST"]
    sets["LAST"].update(surnames - common)
    return Lexicon(
        names, {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
        frozenset(sets["FIRST"]), frozenset(sets["LAST"]),
        frozenset(surnames & common - sets["LAST"] - stop), titles, frozenset(sets["ROLE"]),
        org_heads, loc_heads, stop - sets["FIRST"] - sets["LAST"] - sets["ROLE"],
        common, frozenset(sets["LIGHT"]), frozenset(definite),
        frozenset(lengths) | sets["FIRST"] | {key.split(" ")[0] for key in loc_heads}
        | {keys[0] for keys in named},
        _first_word_lengths([*titles, *org_heads]), frozenset(named), kinds)


def _first_word_lengths(entries: list[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for keys in entries:
        lengths.setdefault(keys[0], set()).add(len(keys))
    return {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}


@dataclass(frozen=True, slots=True)
class Language:
    """How one language splits text into words and reads a word's affixes."""

    code: str
    tokens: re.Pattern[str]  # named groups w (word), n (number), p (punctuation, line break)
    readings: Callable[[str], tuple[Reading, ...]]
    # Is a word a verb form that ends a name (Persian می‌…)? Given the word's surface.
    is_verb: Callable[[str], bool]
    # May a word after the first go on an organisation's complement? Given key and lexicon.
    extends_org: Callable[[str, Lexicon], bool]
    # May an unlisted place after a place head start with this word? (Not with a Hebrew
    # definite adjective: העיר התחתית is "the lower city".)
    starts_place: Callable[[str], bool]
    # Is a word part of the role between a title and a name (שר החוץ, وزیر امور خارجه)?
    role_word: Callable[[str, Lexicon], bool]
    # Is an organisation's complement definite (חברת החשמל keeps its head, חברת אלביט not)?
    definite: Callable[[str], bool]
    # Does a word look like a surname by its ending (-زاده, -پور; -וביץ, -שטיין)?
    surname_shape: Callable[[str], bool] = lambda key: False
    joiner: str = ""  # "and" inside a name, as a word of its own (حزب اعتدال و توسعه)
    article: str = ""  # a prefix that a city name never takes (המודיעין is no Modiin)
    light_prefixes: tuple[str, ...] = ()  # prefixes a common word may lose before a title


def words(text: str, language: Language) -> list[Word]:
    """The words, numbers and punctuation of ``text`` (a line break is punctuation)."""
    out = []
    for match in language.tokens.finditer(text):
        kind = match.lastgroup or "p"
        surface = match.group()
        out.append(Word(match.start(), match.end(), surface,
                        word_key(surface) if kind == "w" else surface, kind))
    return out


class _Span(NamedTuple):
    first: int  # word index
    last: int  # word index, inclusive
    label: str
    cut_front: int  # key chars cut from the first word
    cut_back: int  # key chars cut from the last word


class _Finder:
    """The rules over the words of one text."""

    def __init__(self, items: list[Word], language: Language) -> None:
        self.items = items
        self.lex = lexicon(language.code)
        self.read = language.readings
        self.language = language
        self.starts = _starter_test(language)

    def _word(self, i: int) -> bool:
        """Is item ``i`` a word that may be part of a name (no verb form)?"""
        if not 0 <= i < len(self.items):
            return False
        item = self.items[i]
        return item.kind == "w" and not self.language.is_verb(item.surface)

    def _key(self, i: int) -> str:
        """Item ``i``'s key; "" past either end (a title may be the text's last word)."""
        return self.items[i].key if 0 <= i < len(self.items) else ""

    def match(self, i: int, table: dict[tuple[str, ...], int] | dict[tuple[str, ...], str],
              lengths: tuple[int, ...]) -> tuple[int, Reading, Reading] | None:
        """The longest entry of ``table`` at word ``i``: (words, first reading, last reading).

        Only the first word may lose prefix letters and only the last one suffixes."""
        for size in lengths:
            end = i + size - 1
            if not all(self._word(j) for j in range(i, end + 1)):
                continue
            middle = tuple(self._key(j) for j in range(i + 1, end))
            for front in self.read(self._key(i)):
                if size > 1 and front[2]:
                    continue
                if size == 1:
                    if (front[0],) in table:
                        return 1, front, front
                    continue
                for back in self.read(self._key(end)):
                    if back[1]:
                        continue
                    if (front[0], *middle, back[0]) in table:
                        return size, front, back
        return None

    def name_at(self, i: int) -> _Span | None:
        """A listed place, organisation or person starting at word ``i``."""
        if not self._word(i):
            return None
        lengths: set[int] = set()
        for variant, _, _ in self.read(self._key(i)):
            lengths.update(self.lex.name_lengths.get(variant, ()))
        if not lengths:
            return None
        found = self.match(i, self.lex.names, tuple(sorted(lengths, reverse=True)))
        if found is None:
            return None
        size, front, back = found
        keys = (front[0],) if size == 1 else (
            front[0], *(self._key(j) for j in range(i + 1, i + size - 1)), back[0])
        label = self.lex.names[keys]
        article = self.language.article
        if (article and label == "LOC" and self._key(i)[:front[1]].endswith(article)
                and " ".join(keys) not in self.lex.definite):
            return None  # ראש המודיעין: "the intelligence", not the city Modiin
        return _Span(i, i + size - 1, label, front[1], back[2])

    def _head(self, i: int, table: Mapping[tuple[str, ...], object], title: bool = False
              ) -> tuple[int, int, tuple[str, ...]] | None:
        """(words, key chars cut in front, table key) of a title or organisation head at
        word ``i``. A common word is read as a title without prefix letters only when they
        are the article or "and" (מדובר, "it is about", is no דובר, spokesman)."""
        if not self._word(i):
            return None
        key = self._key(i)
        head_lengths = self.lex.head_lengths
        for variant, cut, back in self.read(key):
            sizes = head_lengths.get(variant)
            if sizes is None or back or (title and cut and key in self.lex.common
                                         and key[:cut] not in self.language.light_prefixes):
                continue
            for size in sizes:
                if size == 1:
                    keys: tuple[str, ...] = (variant,)
                elif all(self._word(j) for j in range(i + 1, i + size)):
                    keys = (variant, *(self._key(j) for j in range(i + 1, i + size)))
                else:
                    continue
                if keys in table:
                    return size, cut, keys
        return None

    def organisation(self, i: int) -> _Span | None:
        """An organisation head and its complement: a listed name (a listed organisation
        alone after a descriptor such as חברת, خبرگزاری), else up to the head's number of
        words that are no stopwords."""
        head = self._head(i, self.lex.org_heads)
        if head is None:
            return None
        size, cut, keys = head
        most, descriptor = self.lex.org_heads[keys]
        j = i + size
        if not self._word(j):
            return None
        name = self.name_at(j)
        if name is not None:
            if name.label == "ORG":
                return name if descriptor else _Span(i, name.last, "ORG", cut, name.cut_back)
            return _Span(i, name.last, "ORG", cut, name.cut_back)
        last = self._complement_end(j, most)
        if last is None:
            return None
        first = self._key(j)
        if descriptor and not self.language.definite(first) and self.lex.name_like(first):
            return _Span(j, last, "ORG", 0, 0)  # חברת אלביט: the company is אלביט
        return _Span(i, last, "ORG", cut, 0)

    def _complement_end(self, j: int, most: int) -> int | None:
        """The last word of an organisation's complement starting at word ``j``."""
        last = None
        joiner = self.language.joiner
        k = j
        joined = 0
        while k < j + most + joined:
            if not self._word(k) or self._key(k) in self.lex.stop and self._key(k) != joiner:
                break
            key = self._key(k)
            if k > j and key == joiner:
                if self._word(k + 1) and self._key(k + 1) not in self.lex.stop and (
                        self._continues(k + 1)):
                    k += 1
                    joined += 1
                    continue
                break
            if k > j and not (self._continues(k) and self.language.extends_org(key, self.lex)):
                break
            listed = self.name_at(k) if k > j else None
            if listed is not None and listed.cut_front:
                break  # חברת הזנק מחיפה: a place with a preposition is no part of it
            if self._named_at(k + 1):
                break  # پلیس فردی به نام: the noun before "by the name of" says what follows
            last = k
            k += 1
        if last is not None and self._light_verb_follows(last):
            last -= 1  # درس داد, تجمع کردند: the noun of a compound verb
        return last if last is not None and last >= j else None

    def _light_verb_follows(self, k: int) -> bool:
        return self._word(k + 1) and self._key(k + 1) in self.lex.light

    def _continues(self, k: int) -> bool:
        """May word ``k`` go on a name? Not a title or another head."""
        return (self._head(k, self.lex.titles, title=True) is None
                and self._head(k, self.lex.org_heads) is None)

    def person_after_title(self, i: int) -> tuple[list[_Span], int] | None:
        """A title, its role words (organisations and places among them are kept too), an
        optional comma, then the name: (spans, next word index)."""
        head = self._head(i, self.lex.titles, title=True)
        if head is None:
            return None
        spans: list[_Span] = []
        j = i + head[0]
        if self.lex.titles[head[2]]:  # آقای, ד"ר: no role, the name comes next
            direct = self._person_words(j, direct=True)
            return None if direct is None else ([direct], direct.last + 1)
        for _ in range(_MAX_ROLE_WORDS):
            if not self._word(j):
                break
            org = self.organisation(j)
            if org is not None:
                spans.append(org)
                j = org.last + 1
                continue
            place = self.name_at(j)
            if place is not None and place.label == "LOC":
                spans.append(place)
                j = place.last + 1
                continue
            key = self._key(j)
            if key in self.lex.stop:
                return (spans, j) if spans else None
            if not self.language.role_word(key, self.lex):
                break
            j += 1
        paused = j < len(self.items) and self.items[j].surface in _PAUSE
        if paused:
            j += 1
        if self._head(j, self.lex.titles, title=True) is not None:  # נגיד הבנק, פרופ' אמיר ירון
            nested = self.person_after_title(j)
            if nested is not None:
                return spans + nested[0], nested[1]
        name = self._apposition(j) if paused else self._person_words(j)
        if name is None and paused and self.lex.name_like(self._key(j)):
            name = self._person_words(j)
        if name is None:
            return (spans, j) if spans else None
        spans.append(name)
        return spans, name.last + 1

    def _apposition(self, j: int) -> _Span | None:
        """After "title role," the words up to the next comma are the name when they are
        one to three words, none a stopword or a title (نماینده مشهد، X Y، …)."""
        k = j
        while self._word(k) and k < j + _MAX_NAME_WORDS:
            if self._key(k) in self.lex.stop or not self._continues(k):
                return None
            k += 1
        if k == j or k >= len(self.items) or self.items[k].surface not in _PAUSE:
            return None
        return _Span(j, k - 1, "PER", 0, 0)

    def _person_words(self, j: int, direct: bool = False) -> _Span | None:
        """The name after a title: a listed person as listed (with a surname after a listed
        one-word name), else one to three words. The first is any word that is no stopword
        or role word (השחקנית גל גדות); the second one too if the first is a name or a known
        first name; then name-like words only. ``direct``: right after a title that takes no
        role (خانم نگین رحمانی), any two words that are no stopwords."""
        listed = self.name_at(j)
        if listed is not None and listed.label != "PER":
            return None
        if listed is not None and (listed.last > j or not self._surname(j + 1, strict=True)):
            return listed
        if not self._name_word(j, direct):
            return None
        last = j
        # A first word that is a common word (גל, "wave") is a name only with a second one.
        plain = not self.lex.name_like(self._key(j))
        for k in range(j + 1, j + _MAX_NAME_WORDS):
            if not self._word(k) or not self._continues(k):
                break
            key = self._key(k)
            if key in self.lex.last or (self.lex.name_like(key) and self.name_at(k) is None):
                last = k
            elif k == j + 1 and self._name_word(k, direct) and self.name_at(k) is None:
                last = k  # ח"כ מיכל שיר: a surname that is also a word
            else:
                break
        if plain and last == j:
            return None
        return _Span(j, last, "PER", 0, 0)

    def _name_word(self, k: int, direct: bool = False) -> bool:
        """May word ``k`` be a word of a name right after a title?"""
        if not self._word(k):
            return False
        key = self._key(k)
        return key not in self.lex.stop and (
            direct or self.lex.name_like(key) or not self.language.role_word(key, self.lex))

    def person_by_first_name(self, i: int) -> _Span | None:
        """A known first name and a surname: a listed one or a word no list calls common (an
        ambiguous first name, itself a common word, needs an uncommon surname)."""
        for variant, cut, back in self.read(self._key(i)):
            if back or variant not in self.lex.first:
                continue
            j = i + 1
            if not self._surname(j, strict=variant in self.lex.common):
                return None
            last = j
            if self._key(j) in self.lex.first and self._surname(j + 1, strict=False):
                last = j + 1  # a compound first name: محمد جواد ظریف
            return _Span(i, last, "PER", cut, 0)
        return None

    def _surname(self, j: int, strict: bool) -> bool:
        if not self._word(j):
            return False
        key = self._key(j)
        if key in self.lex.last or key in self.lex.common_last:
            return True
        if key in self.lex.stop:
            return False
        if key in self.lex.common:
            return self.language.surname_shape(key) and self._key(j) not in self.lex.roles
        return not strict or key not in self.lex.first

    def place_after_head(self, i: int) -> _Span | None:
        """A place head (שכונת, استان) then one or two words, the last one uncommon; after a
        head that belongs to the name (میدان, כיכר) one word that is no stopword will do, and
        the head is part of the place (میدان آزادی)."""
        for variant, cut, back in self.read(self._key(i)):
            if back or variant not in self.lex.loc_heads:
                continue
            j = i + 1
            if (not self._word(j) or self.name_at(j) is not None
                    or not self.language.starts_place(self._key(j))
                    or not self._continues(j)):
                return None
            key = self._key(j)
            if self.lex.loc_heads[variant]:
                if key in self.lex.stop or self._light_verb_follows(j):
                    return None
                return _Span(i, j, "LOC", cut, 0)
            if self.lex.name_like(key):
                second = self._word(j + 1) and self.lex.name_like(self._key(j + 1))
                return _Span(j, j + 1 if second and self._continues(j + 1) else j, "LOC", 0, 0)
            if (key not in self.lex.stop and self._word(j + 1)
                    and self.lex.name_like(self._key(j + 1))
                    and self._key(j + 1) not in self.lex.first):
                return _Span(j, j + 1, "LOC", 0, 0)
            return None
        return None

    def _named_at(self, i: int) -> int:
        """How many words "by the name of" (בשם, به نام) takes at word ``i``, or 0."""
        for size in (1, 2):
            if all(self._word(j) for j in range(i, i + size)) and tuple(
                    self._key(j) for j in range(i, i + size)) in self.lex.named:
                return size
        return 0

    def named_after_kind(self, i: int) -> _Span | None:
        """A noun that says what a thing is (up to three words back), "by the name of", then
        a word that is no stopword (two for a person): חברת הזנק מחיפה בשם X is an
        organisation, فردی به نام X Y a person."""
        size = self._named_at(i)
        if not size:
            return None
        label = None
        for back in range(i - 1, max(i - 4, -1), -1):
            if not self._word(back):
                break
            label = self.lex.kinds.get(self._key(back))
            if label is not None:
                break
        if label is None:
            return None
        j = i + size
        listed = self.name_at(j)
        if listed is not None:
            return listed
        last = None
        for k in range(j, j + (2 if label == "PER" else 1)):  # first name and surname
            if not self._word(k) or self._key(k) in self.lex.stop or not self._continues(k):
                break
            last = k
        return None if last is None else _Span(j, last, label, 0, 0)

    def scan(self) -> list[_Span]:
        """Every name, left to right, each word in at most one."""
        out: list[_Span] = []
        i = 0
        starts = self.starts
        items = self.items
        while i < len(items):
            if items[i].kind != "w" or not starts(items[i].key) or not self._word(i):
                i += 1  # most words start no name, title or head in any reading
                continue
            listed = self.name_at(i)
            if listed is not None and listed.last > i:
                out.append(listed)
                i = listed.last + 1
                continue
            org = self.organisation(i)
            if org is not None:
                out.append(org)
                i = org.last + 1
                continue
            titled = self.person_after_title(i)
            if titled is not None:
                out.extend(titled[0])
                i = titled[1]
                continue
            found = (listed or self.person_by_first_name(i) or self.place_after_head(i)
                     or self.named_after_kind(i))
            if found is not None:
                out.append(found)
                i = found.last + 1
                continue
            i += 1
        return out

    def again(self, spans: list[_Span]) -> list[_Span]:
        """Document consistency: a name found once is found wherever it recurs, and a
        person's surname alone is that person."""
        known: dict[tuple[str, ...], str] = {}
        for span in spans:
            keys = self.span_keys(span)
            known.setdefault(keys, span.label)
            if span.label == "PER" and len(keys) > 1 and self.lex.name_like(keys[-1]):
                known.setdefault(keys[-1:], "PER")
        taken = {j for span in spans for j in range(span.first, span.last + 1)}
        lengths: dict[str, set[int]] = {}
        for keys in known:
            lengths.setdefault(keys[0], set()).add(len(keys))
        extra: list[_Span] = []
        i = 0
        while i < len(self.items):
            if i in taken or not self._word(i):
                i += 1
                continue
            sizes: set[int] = set()
            for variant, _, _ in self.read(self._key(i)):
                sizes.update(lengths.get(variant, ()))
            found = self.match(i, known, tuple(sorted(sizes, reverse=True))) if sizes else None
            if found is None or any(j in taken for j in range(i, i + found[0])):
                i += 1
                continue
            size, front, back = found
            keys = (front[0],) if size == 1 else (
                front[0], *(self._key(j) for j in range(i + 1, i + size - 1)), back[0])
            extra.append(_Span(i, i + size - 1, known[keys], front[1], back[2]))
            i += size
        return spans + extra

    def span_keys(self, span: _Span) -> tuple[str, ...]:
        keys = [self._key(j) for j in range(span.first, span.last + 1)]
        keys[-1] = keys[-1][:len(keys[-1]) - span.cut_back]
        keys[0] = keys[0][span.cut_front:]
        return tuple(keys)

    def entity(self, text: str, span: _Span) -> Entity:
        first, last = self.items[span.first], self.items[span.last]
        start = first.start + _surface_offset(first.surface, span.cut_front)
        end = last.start + _surface_offset(last.surface, len(last.key) - span.cut_back)
        return Entity(start, end, _LABELS[span.label], text[start:end])


_VARIANTS: dict[str, dict[str, frozenset[str]]] = {}


def _variant_sets(language: Language) -> Callable[[str], frozenset[str]]:
    """Every reading of a word key as a set (cached per language)."""
    seen = _VARIANTS.setdefault(language.code, {})
    read = language.readings

    def variants(key: str) -> frozenset[str]:
        found = seen.get(key)
        if found is None:
            if len(seen) >= _STARTERS_MAX:
                seen.clear()
            found = seen[key] = frozenset(variant for variant, _, _ in read(key))
        return found

    return variants


_STARTERS: dict[str, dict[str, bool]] = {}
_STARTERS_MAX = WORD_CACHE_SIZE


def _starter_test(language: Language) -> Callable[[str], bool]:
    """Does any reading of a word key start a listed name, a title, a head or a first name?
    (Cached per language: the answer for a key never changes.)"""
    seen = _STARTERS.setdefault(language.code, {})
    starters = lexicon(language.code).starters
    read = language.readings

    def starts(key: str) -> bool:
        answer = seen.get(key)
        if answer is None:
            if len(seen) >= _STARTERS_MAX:
                seen.clear()
            answer = seen[key] = any(variant in starters for variant, _, _ in read(key))
        return answer

    return starts


def _surface_offset(surface: str, key_chars: int) -> int:
    """Offset in ``surface`` after its first ``key_chars`` characters that stay in the key."""
    if key_chars <= 0:
        return 0
    seen = 0
    for index, char in enumerate(surface):
        if not _DROP.match(char):
            seen += 1
            if seen == key_chars:
                return index + 1
    return len(surface)


def find_names(text: str, language: Language) -> list[Entity]:
    """People, places and organisations of a Hebrew or Persian ``text``, by offset."""
    finder = _Finder(words(text, language), language)
    spans = finder.again(finder.scan())
    return sorted((finder.entity(text, span) for span in spans), key=lambda e: e.start)


def reload_lists() -> None:
    """Read the lists again on next use (after ``build_he_fa`` rewrote them)."""
    lexicon.cache_clear()
    _STARTERS.clear()
    _VARIANTS.clear()
