"""Keywords: TF-IDF over 1–3-word noun phrases, clitic-stripped, grouped by stem.

Document frequencies come from the articles analysed together plus a shipped cold-start table.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache
from itertools import chain, compress, filterfalse, groupby, repeat
from operator import add, itemgetter, mul, sub
from typing import TypeVar, cast

from reader.lang.tokens import Token, chunk_parts, tokenize
from reader.lang.words import (
    PROCLITICS,
    WORD_CACHE_SIZE,
    clitic_variants,
    normalize,
    strip_clitics,
    surface_offset,
)
from reader.nlp.morphology import has_pronoun, is_verb
from reader.nlp.resources import (
    cold_df,
    gazetteer,
    stopwords_ar,
    stopwords_en,
    stopwords_other,
)
from reader.nlp.types import Keyword

MAX_WORDS = 3
TOP_K = 10
_LEAD = re.compile("^(?:[وف]?[بك]|[وف]|[وف]?ل)(?=ال..)|^[وف](?=لل..)")
_PREPOSITIONS = frozenset("بلك")
_WEB = frozenset({"http", "https", "www", "com", "org", "html"})
_SUFFIXES = ("ات", "ون", "ين", "ان", "ه", "ي")  # the two-letter ones first
_SUFFIX_SET = frozenset(_SUFFIXES)
# Stopwords that make a construct with the word after them: غير مسبوقة is one phrase, never
# غير or مسبوقة alone (``Fragments``).
CONSTRUCT_HEADS = frozenset({"غير", "عدم"})


def _suffix_stem(stem: str) -> str:
    """``stem`` without the first of ``_SUFFIXES`` it ends with, when three letters stay.

    Its last two letters, then its last letter, are looked up: str.endswith parses its
    arguments at every call, and every new word comes here.
    """
    if stem[-2:] in _SUFFIX_SET and len(stem) >= 5:
        return stem[:-2]
    if stem[-1:] in _SUFFIX_SET and len(stem) >= 4:
        return stem[:-1]
    return stem


# A word reading: (stem, key chars of leading clitics, alternative stem without a leading
# conjunction/preposition or "", its key chars of clitics). None for stopwords.
Reading = tuple[str, int, str, int]


def _arabic_reading(surface: str, key: str) -> Reading | None:
    """How an Arabic word groups: stem (clitics, tanween and plural/nisba endings off);
    ``key`` is ``normalize(surface)``, the token's key. Not cached: ``_SURFACES`` keeps it.

    A conjunction or preposition is stripped before ``ال`` always; otherwise the stripped
    reading is only an *alternative* (بخطط → خطط, but بشار stays), taken when the shipped
    frequency table knows it, or when the document itself uses the bare word (see ``_resolve``).
    """
    stop = _stopwords()
    stem, cut = strip_clitics(key)
    if stem in CONSTRUCT_HEADS:  # غير مسبوقة: a phrase's first word, never a keyword alone
        return stem, cut, "", 0
    if key in stop or len(key) < 2:
        return None
    if stem in stop or (key[0] in "وف" and key[1:] in stop):
        return None
    definite = cut >= 2 and key[cut - 2:cut] in ("ال", "لل")
    if not definite and (is_verb(surface, key) or has_pronoun(surface, key)):
        return None  # keyphrases are noun phrases: no verb, no noun glued to a pronoun
    alt, alt_cut = "", 0
    if cut >= 2 and key[cut - 2:cut] == "لل":
        pass  # ل + ال: group with the article-stripped stem, display after "لل"
    elif "ال" in key[:cut]:
        cut = 0  # the display keeps the article (_display_start drops clitics before it)
    else:
        stem, cut = key, 0
        if len(key) >= 4 and key[0] in "وفبلك" and key not in gazetteer().first_words:
            known = cold_df()[1]
            for variant, variant_cut in clitic_variants(key)[1:]:
                if len(variant) < 3 or variant in stop:
                    continue
                whole_known = _suffix_stem(key) in known
                if known.get(_suffix_stem(variant), 0) >= 3 and not whole_known:
                    stem, cut = variant, variant_cut
                elif not whole_known:  # a known word (بلغت, reached) is never re-read
                    alt, alt_cut = _finish(surface, variant), variant_cut
                break
    if stem in stop:
        return None
    stem = _finish(surface, stem)
    if alt == stem:
        alt = ""
    return (stem, cut, alt, alt_cut) if len(stem) >= 2 else None


def _finish(surface: str, stem: str) -> str:
    """Drop the alef of tanween (خططاً → خطط) and plural/nisba endings (مشاريع stays)."""
    if len(stem) > 3 and stem[-1] == "ا" and "\u064b" in surface:
        stem = stem[:-1]
    return _suffix_stem(stem)


_HEBREW_WORD = re.compile("[\u0591-\u05c7\u05d0-\u05ea\u05f0-\u05f4]+")
_HEBREW_POINTS = re.compile("[\u0591-\u05c7]")


@cache
def _stopwords() -> frozenset[str]:
    return stopwords_ar() | stopwords_other()


def _arabic_stem(surface: str) -> str | None:
    word = _arabic_reading(surface, normalize(surface))
    return word[0] if word else None


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _latin_stem(text: str) -> str | None:
    lower = text.lower().removesuffix("'s").removesuffix("’s")
    if lower in stopwords_en() or len(lower) < 3 or lower in _WEB:
        return None
    return lower[:-1] if lower.endswith("s") and len(lower) > 4 else lower


def _hebrew_stem(surface: str) -> str | None:
    """A Hebrew word without its points, unless one letter or a stopword (also after a
    one-letter prefix: וכי). Prefixes (ה، ו، ב، ל…) stay: cutting them cannot be told from a
    word's own first letter without a lexicon."""
    if not _HEBREW_WORD.fullmatch(surface):
        return None
    word = _HEBREW_POINTS.sub("", surface)
    stop = stopwords_other()
    if len(word) < 2 or word in stop or (word[0] in "והשבלכמ" and word[1:] in stop):
        return None
    return word


def _lead(surface: str, key: str, cut: int) -> int:
    """Characters of ``surface`` to skip for display: clitics before a definite article
    (والسويداء → السويداء) or the attested clitics of the reading (بخطط → خطط). Not cached:
    called once per surface (``_SURFACES`` keeps the readings)."""
    # a _LEAD match starts with a proclitic letter
    match = _LEAD.match(key) if key[:1] in PROCLITICS else None
    if match:
        cut = len(match.group())
    return surface_offset(surface, cut) if cut else 0


# A token as keywords read it: (stem, alternative stem or "", display offset of the stem,
# display offset of the alternative), offsets into the token's surface. Anything that is not a
# content word (punctuation, numbers, stopwords) reads as _BREAK: a None stem ends a phrase.
TokenReading = tuple[str | None, str, int, int]
_BREAK: TokenReading = (None, "", 0, 0)
_T = TypeVar("_T")
Stem = str | None
Phrase = tuple[str, ...]  # the stems of a phrase of 2–3 words
# Surface → its reading as a word. The surface decides the reading of every token but one
# kind: a detached "لـ" ("pre") ends a phrase, while the same letters after a tatweel are an
# "ar" word. Such a surface is cached with its word reading, and callers reset "pre" tokens.
_SURFACES: dict[str, TokenReading] = {}
_CHUNKS: dict[str, tuple[TokenReading, ...]] = {}  # piece between spaces → its tokens' readings
_CACHE_MAX = WORD_CACHE_SIZE
_STEM, _ALT = itemgetter(0), itemgetter(1)
_TOKEN_START = itemgetter(0)
_JOIN = " ".join
_SURFACE, _KIND = itemgetter(2), itemgetter(4)
_IS_PRE = "pre".__eq__
_TWICE = (1).__lt__
# tf ** TF_POWER weighs a term's frequency: between the (1 + log tf) that let rare phrases of
# one article outrank its subject and the raw tf that lets one word fill the list (measured with
# python -m reader.training.keyphrase_eval). -(tf ** TF_POWER) of the term frequencies up to _MAX_TF
# (the same floats as computing them):
TF_POWER = 0.75
_MAX_TF = 64
_NEG_TF = [0.0] + [-(count ** TF_POWER) for count in range(1, _MAX_TF + 1)]


def _surface_reading(surface: str, key: str, kind: str) -> TokenReading:
    """The reading of a token read as a word (see ``_SURFACES``)."""
    if kind == "ar" or kind == "pre":
        if "\u200c" in surface and _persian_verb(surface):  # می‌کند in a mixed article
            return _BREAK
        arabic = _arabic_reading(surface, key)
        if arabic is None:
            return _BREAK
        stem, cut, alt, alt_cut = arabic
        return stem, alt, _lead(surface, key, cut), _lead(surface, key, alt_cut) if alt else 0
    if kind == "lat":
        latin = _latin_stem(surface)
        return (latin, "", 0, 0) if latin else _BREAK
    hebrew = _hebrew_stem(surface)
    return (hebrew, "", 0, 0) if hebrew else _BREAK


def _persian_verb(surface: str) -> bool:
    from reader.nlp.persian import PERSIAN  # only words with a non-joiner need it

    return PERSIAN.is_verb(surface)


def _cached_reading(surface: str, key: str, kind: str) -> TokenReading:
    reading = _SURFACES.get(surface)
    if reading is None:
        if len(_SURFACES) >= _CACHE_MAX:
            _SURFACES.clear()
        reading = _SURFACES[surface] = _surface_reading(surface, key, kind)
    return reading


def _token_readings(tokens: list[Token]) -> list[TokenReading]:
    """One reading per token."""
    try:
        readings = list(map(_SURFACES.__getitem__, map(_SURFACE, tokens)))
    except KeyError:
        readings = [_cached_reading(surface, key, kind) for _, _, surface, key, kind in tokens]
    if "pre" in map(_KIND, tokens):
        for at in compress(range(len(tokens)), map(_IS_PRE, map(_KIND, tokens))):
            readings[at] = _BREAK
    return readings


def _chunk_readings(chunk: str) -> tuple[TokenReading, ...]:
    """The readings of the tokens of a piece of text between spaces, cached."""
    parts = chunk_parts(chunk)
    if len(parts) == 1:  # most pieces: one word
        _, _, surface, key, kind = parts[0]
        readings: tuple[TokenReading, ...] = (
            (_BREAK if kind == "pre" else _cached_reading(surface, key, kind)),)
    else:
        readings = tuple(_BREAK if kind == "pre" else _cached_reading(surface, key, kind)
                         for _, _, surface, key, kind in parts)
    if len(_CHUNKS) >= _CACHE_MAX:
        _CHUNKS.clear()
    _CHUNKS[chunk] = readings
    return readings


def _text_readings(text: str) -> list[TokenReading]:
    """``_token_readings(tokenize(text))`` without building tokens: piece by piece between
    spaces, as ``tokenize`` reads a text (``chunk_parts`` reads a line break inside a piece)."""
    chunks = text.split(" ")
    try:
        return list(chain.from_iterable(map(_CHUNKS.__getitem__, chunks)))
    except KeyError:
        cached = _CHUNKS.get
        return list(chain.from_iterable([cached(chunk) or _chunk_readings(chunk)
                                         for chunk in chunks]))


def _stems(readings: list[TokenReading]) -> list[Stem]:
    """The grouping stem of each token; None between phrases.

    A word whose leading و/ف/ب/ل/ك may be a clitic is read without it when the document also
    uses the bare word (وقنوات with قنوات elsewhere; بخطط with خططاً).
    """
    stems = list(map(_STEM, readings))
    alt_at = list(compress(range(len(readings)), map(_ALT, readings)))
    if alt_at:
        # An alternative is bare when a token without one has it as stem: any token with it
        # as stem, unless a token with an alternative has it too (then look: _read_bare).
        present = set(stems)
        read_whole = {stems[at] for at in alt_at}
        bare = [at for at in alt_at if readings[at][1] in present and (
            readings[at][1] not in read_whole or _read_bare(readings[at][1], stems, readings))]
        for at in bare:
            stems[at] = readings[at][1]
    return stems


def _read_bare(word: str, stems: list[Stem], readings: list[TokenReading]) -> bool:
    """Whether a token without an alternative reading has the stem ``word``."""
    return any(not readings[at][1] for at, stem in enumerate(stems) if stem == word)


def _phrase_grams(stems: list[Stem], usable: bytes | None = None,
                  ) -> tuple[Iterator[Phrase], Iterator[Phrase]]:
    """The pairs and triples of consecutive words within phrases, in text order; only those of
    ``usable`` words when given (one 0/1 byte per token; a None stem never is usable)."""
    if usable is None:
        usable = bytes(map(bool, stems))
    pair_ok, triple_ok = _runs(usable)
    # the stems at the positions kept, zipped: tuples only for the phrases kept
    seconds, thirds = stems[1:], stems[2:]
    pairs = zip(compress(stems, pair_ok), compress(seconds, pair_ok), strict=True)
    triples = zip(compress(stems, triple_ok), compress(seconds, triple_ok),
                  compress(thirds, triple_ok), strict=True)
    return cast("Iterator[Phrase]", pairs), cast("Iterator[Phrase]", triples)


def _runs(flags: bytes) -> tuple[bytes, bytes]:
    """Where 2 and 3 consecutive flags are set: ``flags[i] & flags[i + 1] (& flags[i + 2])``
    for every i, all at once on the flags read as one integer (a byte each)."""
    size = len(flags)
    every = int.from_bytes(flags, "little")
    two = every & every >> 8
    three = two & every >> 16
    return two.to_bytes(size, "little"), three.to_bytes(size, "little")


def _phrase_spans(stems: list[Stem]) -> Iterator[tuple[str, int, int]]:
    """Every 1–3-word phrase as (key, first token, last token), in text order."""
    size = len(stems)
    for i, stem in enumerate(stems):
        if stem is None:
            continue
        yield stem, i, i
        second = stems[i + 1] if i + 1 < size else None
        if second is not None:
            pair = stem + " " + second
            yield pair, i, i + 1
            third = stems[i + 2] if i + 2 < size else None
            if third is not None:
                yield pair + " " + third, i, i + 2


def _tokens(text: str, tokens: list[Token] | None) -> list[Token]:
    return tokens if tokens is not None else tokenize(text)


def _outside(readings: list[TokenReading], tokens: list[Token],
             spans: Sequence[tuple[int, int]]) -> list[TokenReading]:
    """``readings`` (not changed: they may be cached) with the tokens that overlap one of
    ``spans`` read as phrase breaks."""
    out = list(readings)
    starts = list(map(_TOKEN_START, tokens))
    for start, end in spans:
        at = max(bisect_right(starts, start) - 1, 0)
        while at < len(tokens) and tokens[at].start < end:
            if tokens[at].end > start:
                out[at] = _BREAK
            at += 1
    return out


def _start(tokens: list[Token], readings: list[TokenReading], stems: list[Stem],
           at: int) -> int:
    """Display start of the word at token ``at``: after the clitics its reading drops."""
    _, alt, offset, alt_offset = readings[at]
    return tokens[at].start + (alt_offset if alt and stems[at] == alt else offset)


def phrases(text: str, tokens: list[Token] | None = None) -> list[tuple[str, int, int]]:
    """Every 1–3-word candidate as (stem key, start, end) in ``text``."""
    tokens = _tokens(text, tokens)
    readings = _token_readings(tokens)
    stems = _stems(readings)
    return [(key, _start(tokens, readings, stems, first), tokens[last].end)
            for key, first, last in _phrase_spans(stems)]


def term_keys(text: str) -> list[str]:
    """The phrase keys of a text: the keys of ``phrases(text)``, without display spans."""
    return [key for key, _, _ in _phrase_spans(_stems(_text_readings(text)))]


class DocumentFrequencies:
    """Cold-start table plus the term sets of the articles analysed together."""

    def __init__(self, texts: Sequence[str], titles: Sequence[str] | None = None,
                 cold: tuple[int, dict[str, int]] | None = None) -> None:
        """Frequencies over ``texts``, or over ``f"{title}\\n{text}"`` with ``titles``: then
        ``keywords`` of one of the texts reuses the readings made here (``readings``).
        ``cold`` is the cold-start table, (documents, term → df): the shipped one by default
        (``keyword_eval`` passes an empty one)."""
        self.cold_docs, self.cold = cold if cold is not None else cold_df()
        self.docs = len(texts)
        self._readings: dict[str, list[TokenReading]] = {}
        # documents per word and per phrase key (strings, not tuples: tuples kept by the
        # thousand would make the garbage collector walk them)
        words: Counter[Stem] = Counter()
        self.phrases: Counter[str] = Counter()
        count_words, count_phrases = words.update, self.phrases.update
        for at, text in enumerate(texts):
            readings = _text_readings(text)
            if titles is not None:
                self._readings[text] = readings
                # the title's tokens, then the text's, as read from f"{title}\n{text}"
                readings = _text_readings(titles[at]) + readings
            stems = _stems(readings)
            count_words(set(stems))
            count_phrases(set(map(_JOIN, chain(*_phrase_grams(stems)))))
        words.pop(None, None)
        self.words = cast("Counter[str]", words)
        self._word_idfs: dict[str, float] | None = None

    def readings(self, text: str) -> list[TokenReading] | None:
        """The token readings of one of the texts given with titles, else None."""
        return self._readings.get(text)

    def _count(self, key: str) -> int:
        return self.phrases.get(key, 0) if " " in key else self.words.get(key, 0)

    def idf(self, key: str, extra_doc: bool) -> float:
        extra = 1 if extra_doc else 0
        docs = self.cold_docs + self.docs + extra
        df = self.cold.get(key, 0) + self._count(key) + extra
        return math.log((docs + 1) / (df + 1)) + 1.0

    def idfs(self, keys: Iterable[str], extra_doc: bool) -> list[float]:
        """``idf`` of many keys at once."""
        extra = 1 if extra_doc else 0
        log_docs = math.log(self.cold_docs + self.docs + extra + 1)
        cold, count, log = self.cold.get, self._count, math.log
        return [log_docs - log(cold(key, 0) + count(key) + extra + 1) + 1.0 for key in keys]

    def word_idfs(self, words: list[str], extra_doc: bool) -> list[float]:
        """``idfs`` of one-word keys."""
        if extra_doc:
            return self.idfs(words, extra_doc)
        # The words of an article of the corpus are nearly all in it: one table for them all.
        table = self._word_idfs
        if table is None:
            table = self._word_idfs = dict(zip(self.words, self._word_table_idfs(), strict=True))
        idfs = list(map(table.get, words))
        if None in idfs:  # read from the text alone, a clitic word can differ from its document
            missing = list(filterfalse(table.__contains__, words))
            table.update(zip(missing, self.idfs(missing, False), strict=True))
            idfs = list(map(table.get, words))
        return cast("list[float]", idfs)

    def phrase_idfs(self, phrases: list[str], extra_doc: bool) -> Iterator[float]:
        """``idfs`` of keys of 2–3 words, computed with the same float operations in C loops."""
        extra = 1 if extra_doc else 0
        cold = map(self.cold.get, phrases, repeat(0))
        own = map(self.phrases.get, phrases, repeat(0))
        return _idfs_of(self.cold_docs + self.docs + extra,
                        map(add, map(add, cold, own), repeat(extra + 1)))

    def _word_table_idfs(self) -> Iterator[float]:
        """``idfs(self.words, False)``, computed with the same float operations in C loops
        (the corpus has some 15,000 words)."""
        cold = map(self.cold.get, self.words, repeat(0))
        return _idfs_of(self.cold_docs + self.docs, map(add, cold, map((1).__add__,
                                                                          self.words.values())))


def _idfs_of(docs: int, documents_plus_one: Iterable[int]) -> Iterator[float]:
    """``log(docs + 1) - log(df + 1) + 1.0`` of each df, given as ``df + 1`` (C loops)."""
    log_docs = math.log(docs + 1)
    return map(add, map(sub, repeat(log_docs), map(math.log, documents_plus_one)), repeat(1.0))


def _display(text: str, spans: list[tuple[int, int]]) -> str:
    """The most frequent surface form; ties go to a form without tanween, then the first seen
    (forms after a detached "لل" — رئيس from للرئيس — only when nothing else is as frequent)."""
    forms = [text[start:end] for start, end in spans]
    if forms.count(forms[0]) == len(forms):  # one form: most phrases
        return forms[0]
    counts = Counter(forms)
    bare_after_ll = {form for form, (start, _) in zip(forms, spans, strict=True)
                     if text[max(0, start - 2):start] == "لل"}
    # min keeps the first of equal items, and a Counter iterates in first-seen order
    return min(counts.items(), key=lambda item: (-item[1], "\u064b" in item[0],
                                                 item[0] in bare_after_ll))[0]


def _add_known(counts: Counter[_T], items: Iterable[_T]) -> None:
    """Count the items already in ``counts`` once more."""
    for item in items:
        if item in counts:
            counts[item] += 1


def _candidates(stems: list[Stem], title: str,
                ) -> tuple[Counter[str], dict[Phrase, int], dict[Phrase, int]]:
    """Term frequencies, title included, of the body's words and of its pairs and triples
    seen at least twice (a phrase met once is never a keyword)."""
    words: Counter[str] = Counter(filter(None, stems))
    title_stems = _stems(_text_readings(title)) if title else []
    _add_known(words, filter(None, title_stems))
    # a phrase seen twice (in the body, or in the body and the title) has words seen twice
    usable = bytes(map(_repeated(words).__contains__, stems))
    body_pairs, body_triples = _phrase_grams(stems, usable)
    pairs, triples = Counter(body_pairs), Counter(body_triples)
    if title_stems and pairs:
        title_pairs, title_triples = _phrase_grams(title_stems)
        _add_known(pairs, title_pairs)
        _add_known(triples, title_triples)
    return words, _repeated(pairs), _repeated(triples)


def _repeated(counts: Counter[_T]) -> dict[_T, int]:
    """The items counted at least twice, with their counts."""
    repeated = list(compress(counts, map(_TWICE, counts.values())))
    return dict(zip(repeated, map(counts.__getitem__, repeated), strict=True))


def _scored(stems: list[Stem], title: str, df: DocumentFrequencies,
            extra_doc: bool) -> Iterator[tuple[float, str]]:
    """(-score, key) of the candidate phrases, best first, ties by key."""
    words, pairs, triples = _candidates(stems, title)
    keys = list(words)
    scores = list(map(mul, _neg_tfs(list(words.values())), df.word_idfs(keys, extra_doc)))
    for phrases, weight in ((pairs, 1.5), (triples, 2.0)):  # 1.0 + 0.5 per word after the first
        phrase_keys = list(map(_JOIN, phrases))
        tf_idfs = map(mul, _neg_tfs(list(phrases.values())), df.phrase_idfs(phrase_keys, extra_doc))
        scores += map(mul, tf_idfs, repeat(weight))
        keys += phrase_keys
    return _best_first(scores, keys)


def _neg_tfs(counts: list[int]) -> list[float]:
    """-(count ** TF_POWER) of each term frequency."""
    if not counts or max(counts) <= _MAX_TF:
        return list(map(_NEG_TF.__getitem__, counts))
    return [-(count ** TF_POWER) for count in counts]


def _best_first(scores: list[float], keys: list[str]) -> Iterator[tuple[float, str]]:
    """``iter(sorted(zip(scores, keys)))``, computed as far as it is read: sorted by score
    alone (floats compare fast), then each run of equal scores (many words share one) by key."""
    score_at, key_at = scores.__getitem__, keys.__getitem__
    for _, tied in groupby(sorted(range(len(scores)), key=score_at), key=score_at):
        for at in sorted(tied, key=key_at):
            yield scores[at], keys[at]


def _chosen(scored: Iterable[tuple[float, str]], blocked: list[set[str]],
            top_k: int, fragments: Fragments | None = None) -> list[tuple[float, str]]:
    """The best phrases, none holding or held by an entity name, each a whole noun phrase
    (``fragments``, when given) and none redundant with a better one (``_redundant``)."""
    if not all(blocked):
        return []  # an empty name holds every phrase
    chosen: list[tuple[float, str]] = []
    # word → the names that have it: only those can hold or be held by a phrase with that word
    holders: dict[str, list[set[str]]] = {}
    for names in blocked:
        for word in names:
            holders.setdefault(word, []).append(names)
    picked: dict[str, list[tuple[set[str], str]]] = {}  # word → chosen phrases that have it
    for negative, key in scored:
        words = set(key.split(" ")) if " " in key else {key}
        if (_covered(words, holders) if " " in key else key in holders):
            continue
        if fragments is not None and not fragments.whole(key):
            continue
        if _redundant(key, words, picked, fragments):
            continue
        chosen.append((-negative, key))
        for word in words:
            picked.setdefault(word, []).append((words, key))
        if len(chosen) == top_k:
            break
    return chosen


# A phrase holding or held by a better one is kept only when the shorter of the two occurs
# on its own at least as often as inside the longer, i.e. twice as often in all (المياه beside
# المياه الجوفية: annotators name both when the word is a subject of its own too). Measured
# with python -m reader.training.keyphrase_eval (P@10 on the tuning part: 0.334 with no such
# phrase kept, 0.366 with this rule, 0.372 keeping every one).
ALONE_RATIO = 2


def _redundant(key: str, words: set[str], picked: dict[str, list[tuple[set[str], str]]],
               fragments: Fragments | None) -> bool:
    """Whether ``key`` repeats a chosen phrase: the same words, or one holding the other
    where the shorter does not occur on its own often enough (``ALONE_RATIO``)."""
    for word in words:
        for other_words, other in picked.get(word, ()):
            if not (words <= other_words or other_words <= words):
                continue
            if words == other_words or fragments is None:
                return True
            shorter, longer = (key, other) if len(words) < len(other_words) else (other, key)
            if fragments.count(shorter) < ALONE_RATIO * fragments.count(longer):
                return True
    return False


def _covered(words: set[str], holders: dict[str, list[set[str]]]) -> bool:
    return any(words <= other or other <= words
               for word in words for other in holders.get(word, ()))


def keywords(text: str, title: str, df: DocumentFrequencies, in_corpus: bool,
             entity_stems: Iterable[set[str]] = (), top_k: int = TOP_K,
             tokens: list[Token] | None = None,
             entity_spans: Sequence[tuple[int, int]] = ()) -> list[Keyword]:
    """The top phrases of ``title`` + ``text`` by TF-IDF, excluding entity names: phrases of
    their stems, and words of ``text`` inside their mentions (``entity_spans``: وحماة, whose
    stem is not حماة's).

    ``tokens`` may pass ``tokenize(text)`` when the caller already has it.
    """
    readings = df.readings(text)
    if readings is None:
        tokens = _tokens(text, tokens)
        readings = _token_readings(tokens)
    if entity_spans:
        tokens = _tokens(text, tokens)
        readings = _outside(readings, tokens, entity_spans)
    stems = _stems(readings)
    scored = _scored(stems, title, df, not in_corpus)
    tokens = _tokens(text, tokens)
    fragments = Fragments(tokens, stems)
    chosen = _chosen(scored, [set(names) for names in entity_stems], top_k, fragments)
    if not chosen:
        return []
    best = chosen[0][0]
    return [Keyword(_display(text, _key_spans(key, fragments, readings)), round(score / best, 4))
            for score, key in chosen]


def _key_spans(key: str, fragments: Fragments, readings: list[TokenReading],
               ) -> list[tuple[int, int]]:
    """Where a phrase occurs in the text: display spans in text order."""
    tokens, stems, last = fragments.tokens, fragments.stems, key.count(" ")
    return [(_start(tokens, readings, stems, at), tokens[at + last].end)
            for at in fragments.occurrences(key)]


class Fragments:
    """Where the phrases of a text occur, to tell a noun phrase from a fragment of a longer
    one. An occurrence is a fragment when

    - a word after the first carries a preposition (المركز الثالث بقيادة: بقيادة starts
      another phrase), or
    - it ends on an indefinite word whose construct goes on with a definite one (إشراف of
      إشراف المدرب), or
    - it follows غير or عدم (مسبوقة of غير مسبوقة), or ends on one of them.

    A phrase is whole when one of its occurrences is not a fragment.
    """

    def __init__(self, tokens: list[Token], stems: list[Stem]) -> None:
        self.tokens = tokens
        self.stems = stems
        self._starts: dict[Stem, list[int]] = {}  # word → where it occurs
        for at, stem in enumerate(stems):
            if stem is not None:
                self._starts.setdefault(stem, []).append(at)

    def starts(self, word: str) -> list[int]:
        """Where ``word`` occurs."""
        return self._starts.get(word, [])

    def occurrences(self, key: str) -> list[int]:
        """The first tokens of the occurrences of a phrase key."""
        if " " not in key:
            return self.starts(key)
        words: list[Stem] = list(key.split(" "))
        size, stems = len(words), self.stems
        return [at for at in self.starts(key.partition(" ")[0]) if stems[at:at + size] == words]

    def count(self, key: str) -> int:
        return len(self.occurrences(key))

    def whole(self, key: str) -> bool:
        if key.rpartition(" ")[2] in CONSTRUCT_HEADS:
            return False  # غير alone, or a phrase ending on it
        last = key.count(" ")
        return any(not self._fragment(at, at + last) for at in self.occurrences(key))

    def _fragment(self, first: int, last: int) -> bool:
        tokens, stems = self.tokens, self.stems
        if first > 0 and tokens[first - 1].key in CONSTRUCT_HEADS:
            return True
        for at in range(first + 1, last + 1):
            if _preposition(tokens[at].key, stems[at]):
                return True
        after = last + 1
        return (after < len(tokens) and stems[after] is not None
                and not _definite(tokens[last].key) and _definite(tokens[after].key)
                and tokens[after].key[:1] == "ا")


def _definite(key: str) -> bool:
    """Whether a word key carries the article (after و ف ب ك ل: والكتاب، للكتاب)."""
    stem, cut = strip_clitics(key)
    return cut >= 2 and key[cut - 2:cut] in ("ال", "لل")


def _preposition(key: str, stem: Stem) -> bool:
    """Whether a word carries a preposition: one its reading cut off (بالكتاب، للاستثمار), or
    one before a known word of four letters or more (بقيادة: قيادة); not لجنة, whose ل is its
    own."""
    if key[:1] in "وف" and len(key) > 3:
        key = key[1:]
    if key[:1] not in _PREPOSITIONS or stem is None:
        return False
    return not stem.startswith(key[0]) or (
        len(key) >= 5 and cold_df()[1].get(_suffix_stem(key[1:]), 0) >= 3)


def entity_stem_sets(names: Iterable[str]) -> list[set[str]]:
    """Stem sets of entity names, in keyword-stem space, for de-duplication."""
    return [set(stems) for stems in map(_name_stems, names) if stems]


@lru_cache(maxsize=20_000)
def _name_stems(name: str) -> frozenset[str]:
    stems: set[str] = set()
    for token in tokenize(name):
        if token.kind == "ar":  # its stem and alternative, as the body's words read
            stem, alt, _, _ = _cached_reading(token.text, token.key, token.kind)
            stems.update(s for s in (stem, alt) if s)
        elif token.kind == "lat":
            latin = _latin_stem(token.text)
            if latin:
                stems.add(latin)
    return frozenset(stems)


__all__ = ["DocumentFrequencies", "keywords", "term_keys", "entity_stem_sets", "normalize"]
