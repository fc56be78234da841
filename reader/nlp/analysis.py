"""``analyze``: entities and keywords of one article, keywords scored against a corpus."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from operator import attrgetter

from reader.lang.tokens import tokenize
from reader.model.article import Article
from reader.nlp.entities import extract_entities, language
from reader.nlp.keywords import DocumentFrequencies, entity_stem_sets, keywords
from reader.nlp.summary import summarize
from reader.nlp.types import Analysis

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


def analyze(article: Article, corpus: Sequence[Article] = ()) -> Analysis:
    """Entities (spans into ``article.body``, most salient first) and keywords."""
    body = article.body
    tokens = tokenize(body)
    own_spelling = language(body[:2000]) in ("fa", "he")
    entities = summarize(extract_entities(body, tokens), body, extract_entities(article.title),
                         display_forms=not own_spelling)
    df = corpus_frequencies(corpus)
    in_corpus = article.content_id in map(_CONTENT_ID, corpus)
    # Every mention's words (Abu Mohammed al-Golani, merged into Ahmed al-Sharaa, too) and
    # dates' (Sunday is no keyword); a number's noun may be one (200 سيارة: سيارات).
    spans = [span for e in entities if e.label != "NUMBER" for span in e.spans]
    names = list({body[start:end] for start, end in spans})
    found = keywords(body, article.title, df, in_corpus, entity_stem_sets(names), tokens=tokens,
                     entity_spans=spans)
    return Analysis(entities, tuple(found))
