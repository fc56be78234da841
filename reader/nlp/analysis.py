"""``analyze``: entities and keywords of one article, keywords scored against a corpus."""

from __future__ import annotations

import gc
import threading
from collections.abc import Sequence
from operator import attrgetter

from reader.lang.tokens import tokenize
from reader.lang.words import normalize, strip_clitics
from reader.model.article import Article
from reader.nlp.entities import extract_entities, language
from reader.nlp.keywords import TOP_K, DocumentFrequencies, entity_stem_sets, keywords
from reader.nlp.resources import common_words, gazetteer, lexicon, stopwords_ar, stopwords_en
from reader.nlp.rtl_keywords import SPARE, own_language_keywords
from reader.nlp.summary import entity_key, summarize
from reader.nlp.types import Analysis, EntitySummary

_CACHE: dict[tuple[str, ...], DocumentFrequencies] = {}
_LOCK = threading.Lock()
_CONTENT_ID = attrgetter("content_id")


def corpus_frequencies(corpus: Sequence[Article]) -> DocumentFrequencies:
    """Document frequencies of a corpus (the last few corpora are cached)."""
    ids = tuple(map(_CONTENT_ID, corpus))
    with _LOCK:
        cached = _CACHE.get(ids)
    if cached is not None:
        return cached
    table = DocumentFrequencies([a.body for a in corpus], [a.title for a in corpus])
    with _LOCK:
        if len(_CACHE) > 8:
            _CACHE.clear()
        _CACHE[ids] = table
    return table


def clear_cache() -> None:
    """Forget the cached corpus document frequencies."""
    with _LOCK:
        _CACHE.clear()


# The gen-0 threshold of a process whose work is analysing articles (Python's default: 700).
# An analysis makes many short-lived containers: at 10,000 most are freed by their reference
# counts before the cyclic collector looks at them, and it runs far less often.
ANALYSIS_GC_THRESHOLD = 10_000


def tune_collector() -> None:
    """Tune the cyclic garbage collector of a process that analyses article after article (the
    background worker), once its first analysis has loaded the model and lists: everything
    alive then is frozen (the collector never scans the model's and lists' tables again) and
    the gen-0 threshold raised to :data:`ANALYSIS_GC_THRESHOLD`. No output changes: the
    collector only frees unreachable cycles. About 3 % fewer instructions on a first pass over
    new articles (bench_nlp_instructions.py --cold --as-worker)."""
    gc.collect()  # once (some 20 ms): no garbage of the first analysis is frozen with them
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(ANALYSIS_GC_THRESHOLD, middle, oldest)


_SOURCE_WORDS = 4  # a publisher's name: كوردستريت, BBC News عربي, وكالة الأنباء السورية
_SOURCE_CHARACTERS = 40


def source_organisation(source: str,
                        entities: Sequence[EntitySummary]) -> tuple[EntitySummary, ...]:
    """The article's source (the publisher of a ``source || kind`` byline, a page's site name)
    as an organisation: it names no body text, so it has no spans. Nothing when it reads as a
    person or a place, is made of common words only (متابعات، خاص), is too long for a name, or
    the body already lists it."""
    source = " ".join(source.split())
    words = source.split()
    if not words or len(words) > _SOURCE_WORDS or len(source) > _SOURCE_CHARACTERS:
        return ()
    key = entity_key(source)
    if any(entity_key(e.text) == key for e in entities):
        return ()
    found = [e for e in extract_entities(source) if e.label in _NAME_LABELS]
    if (any(e.label != "ORGANIZATION" for e in found) or not all(map(_name_like, words))
            or _given_name(words[0])):
        return ()
    return (EntitySummary(source, "ORGANIZATION", 1, ()),)


_NAME_LABELS = frozenset({"PERSON", "LOCATION", "ORGANIZATION"})


def _given_name(word: str) -> bool:
    """A word the names lexicon or the gazetteer knows as a person's (محمد العلي is a writer's
    byline, not a publisher)."""
    key = normalize(word)
    return lexicon().get(key) == "PERS" or any(
        entry.label == "PER" for entry in gazetteer().entries.get(key, ()))


def _name_like(word: str) -> bool:
    """A word that may be part of a publisher's name: letters, and no stopword or word the
    training text shows (almost) never inside a name."""
    key = normalize(word)
    if not any(map(str.isalpha, key)):
        return False
    stem = strip_clitics(key)[0]
    lower = key.lower()
    return not ({key, stem} & stopwords_ar() or stem in common_words()
                or lower in stopwords_en())


def analyze(article: Article, corpus: Sequence[Article] = (),
            accurate: bool = False) -> Analysis:
    """Entities (spans into ``article.body``, most salient first) and keywords;
    ``accurate``: see ``extract_entities``."""
    body = article.body
    tokens = tokenize(body)
    lang = language(body[:2000])
    own_spelling = lang in ("fa", "he")
    entities = summarize(extract_entities(body, tokens, accurate, lang), body,
                         extract_entities(article.title, accurate=accurate),
                         display_forms=not own_spelling)
    entities += source_organisation(article.source, entities)
    df = corpus_frequencies(corpus)
    in_corpus = article.content_id in map(_CONTENT_ID, corpus)
    # Every mention's words (Abu Mohammed al-Golani, merged into Ahmed al-Sharaa, too) and
    # dates' (Sunday is no keyword); a number's noun may be one (200 سيارة: سيارات).
    spans = [span for e in entities if e.label != "NUMBER" for span in e.spans]
    names = list({body[start:end] for start, end in spans})
    found = keywords(body, article.title, df, in_corpus, entity_stem_sets(names), tokens=tokens,
                     entity_spans=spans, top_k=TOP_K + SPARE if own_spelling else TOP_K)
    if own_spelling:
        found = own_language_keywords(found, lang, TOP_K)
    return Analysis(entities, tuple(found))
