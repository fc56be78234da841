"""Topics: what an article is about, its names and its keyword phrases in one ranking.

A tag suggestion, an export or a list row's subtitle wants one short list, not two panels. The
keyword panel leaves names out (the entity panel shows them), but readers and annotators name
people, places and organisations first when asked what an article is about, so topics hold
both. Dates and numbers are facts, not topics: they stay out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reader.nlp.types import Analysis, EntitySummary, Keyword, Topic

TOPIC_LABELS = frozenset({"PERSON", "LOCATION", "ORGANIZATION", "MISC"})
TOP_TOPICS = 15


def topics(entities: Sequence[EntitySummary], keywords: Sequence[Keyword],
           limit: int = TOP_TOPICS) -> tuple[Topic, ...]:
    """Names and keywords by one score in (0, 1], best first, at most ``limit``.

    A name scores the square root of its mentions over the most mentioned name's (the entity
    order already puts a name of the title first: it keeps the top score); a keyword keeps its
    own score, relative to the best keyword. Ties go to the name, then to the earlier in its
    own list. (The square root, rather than the plain share, puts a name mentioned half as
    often as the first beside a keyword scoring 0.7: P@10 against human keyphrases 0.438
    instead of 0.432 on the AKEC tuning part, ``python -m reader.training.keyphrase_eval``.)
    """
    names = [e for e in entities if e.label in TOPIC_LABELS]
    ranked: list[tuple[float, int, int, Topic]] = []
    if names:
        most = max(e.count for e in names)
        for at, entity in enumerate(names):
            share = 1.0 if at == 0 else math.sqrt(entity.count / most)
            ranked.append((-share, 0, at, Topic(entity.text, entity.label, round(share, 4))))
    for at, keyword in enumerate(keywords):
        ranked.append((-keyword.score, 1, at, Topic(keyword.text, "KEYWORD", keyword.score)))
    ranked.sort(key=lambda item: item[:3])
    return tuple(item[3] for item in ranked[:limit])


def analysis_topics(analysis: Analysis) -> tuple[Topic, ...]:
    """The topics of an analysis, fresh or read back from the library (computed, never stored)."""
    return topics(analysis.entities, analysis.keywords)
