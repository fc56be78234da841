"""Which extractor analyses a library: the config's ``analyzer``, and the version its analyses
are stored under. No Textual import; the extractor itself loads only when asked for.

The library keeps one analysis per article, under the version of the extractor that made it:
a library opened for ``accurate`` treats the default extractor's analyses as stale (its
background worker redoes them), and the other way round. A stale analysis is still shown as a
stand-in while the current one is on its way (:meth:`Library.cached_analysis`, any version).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.nlp import ACCURATE_ANALYZER_VERSION, ANALYZER_VERSION

if TYPE_CHECKING:
    from reader.model.article import Article
    from reader.nlp import Analysis
    from reader.store import Library

DEFAULT, ACCURATE = "default", "accurate"
_VERSIONS = {DEFAULT: ANALYZER_VERSION, ACCURATE: ACCURATE_ANALYZER_VERSION}


def analyzer_version(choice: str) -> str:
    """The version the analyses of ``choice`` (one of ``reader.config.ANALYZERS``) carry."""
    return _VERSIONS[choice]


def choice_of(version: str | None) -> str:
    """The extractor whose analyses a library opened for ``version`` treats as current."""
    return ACCURATE if version == ACCURATE_ANALYZER_VERSION else DEFAULT


class Analyzer:
    """The extractor of ``choice``, callable as ``reader.nlp.analyze`` (its models load with the
    first article)."""

    def __init__(self, choice: str) -> None:
        self.choice = choice
        self.version = analyzer_version(choice)

    def __call__(self, article: Article, corpus: Sequence[Article] = ()) -> Analysis:
        from reader.nlp import analyze

        return analyze(article, corpus, accurate=self.choice == ACCURATE)


def analyzer_of(library: Library) -> Analyzer:
    """The extractor whose analyses ``library`` (as opened) treats as current."""
    return Analyzer(choice_of(library.analyzer_version))
