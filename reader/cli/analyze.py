"""``reader analyze PATH... [--json]``: entities and keywords of articles, no Textual import.

``reader analyze --missing [--library FILE|URL]``: analyse every article of the library that has
no current analysis, once (the reader's background work, done now: after an import, from cron).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from reader.model.article import Article
from reader.nlp import Analysis, analyze
from reader.nlp.topics import analysis_topics
from reader.services.analyzers import ACCURATE
from reader.text.output import display_text, json_dumps, visible, write_message

_LABEL_NAMES = {
    "PERSON": "People", "LOCATION": "Places", "ORGANIZATION": "Organisations",
    "MISC": "Other names", "DATE": "Dates", "NUMBER": "Numbers",
}


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``analyze PATH... [--json]``."""
    parser = subparsers.add_parser(
        "analyze", help="list the entities and keywords of articles",
        description="List the entities and keywords of articles (keywords are scored against "
        "all the articles given).")
    parser.add_argument("paths", nargs="*", metavar="PATH", type=Path,
                        help="article files or folders")
    parser.add_argument("--missing", action="store_true",
                        help="analyse the library's articles that have no analysis yet (the "
                        "background work of the reader, done now), instead of files")
    parser.add_argument("--library", metavar="FILE|URL",
                        help="with --missing: the library (default: READER_LIBRARY, else "
                        "'library' in the config file, else the XDG data dir)")
    parser.add_argument("--json", action="store_true",
                        help="JSON Lines, one object per article, offsets into 'body'")
    parser.add_argument("--accurate", action="store_true",
                        help="Arabic names from the slower, more accurate tagger (a neural "
                        "tagger stacked under the CRF, and a fine-tuned transformer's names "
                        "added: about 1 s an article); with --missing: the library's analyses "
                        "are the accurate ones whatever the config file's 'analyzer' says")


def to_json(article: Article, result: Analysis) -> dict[str, Any]:
    """The JSON object of one analysed article."""
    return {
        "path": str(article.path) if article.path else "",
        "title": article.title,
        "lang": article.lang,
        "direction": str(article.direction),
        "body": article.body,
        "entities": [
            {"text": e.text, "label": e.label, "count": e.count,
             "spans": [list(span) for span in e.spans]}
            for e in result.entities
        ],
        "keywords": [{"text": k.text, "score": k.score} for k in result.keywords],
        "topics": [
            {"text": t.text, "kind": t.kind, "score": t.score} for t in analysis_topics(result)
        ],
    }


def to_text(article: Article, result: Analysis) -> str:
    """A readable summary of one analysed article (logical order)."""
    path = visible(str(article.path)) if article.path else ""
    lines = [f"== {display_text(article.title) or path or '(untitled)'}"]
    if path:
        lines.append(f"   {path}")
    for label, name in _LABEL_NAMES.items():
        items = [f"{e.text} ×{e.count}" if e.count > 1 else e.text
                 for e in result.entities if e.label == label]
        if items:
            lines.append(f"{name}: " + "، ".join(items) if article.lang == "ar"
                         else f"{name}: " + ", ".join(items))
    if result.keywords:
        lines.append("Keywords: " + " | ".join(k.text for k in result.keywords))
    return display_text("\n".join(lines))


def run(args: argparse.Namespace) -> int:
    """Analyse every article found; errors to stderr; 1 when nothing could be analysed."""
    if args.missing:
        return analyse_library(args.library, ACCURATE if args.accurate else None)
    if not args.paths:
        print("reader analyze: give article files or folders, or --missing", file=sys.stderr)
        return 2
    from reader.parsing import load_paths

    report = load_paths(args.paths)
    for error in report.errors:
        write_message(error, sys.stderr)
    for warning in report.warnings:
        write_message(f"reader analyze: warning: {warning}", sys.stderr)
    articles = list(report.articles)
    if not articles:
        print("reader analyze: no article could be read", file=sys.stderr)
        return 1
    for index, article in enumerate(articles):
        result = analyze(article, articles, accurate=args.accurate)
        if args.json:
            print(json_dumps(to_json(article, result)))
        else:
            print(("\n" if index else "") + to_text(article, result))
    return 0


def analyse_library(given: str | None, analyzer: str | None = None) -> int:
    """Analyse the library's unanalysed articles in the foreground with ``analyzer`` (default:
    the config's); 0 also when another process was doing it (it goes on), 3 when the library
    cannot be opened."""
    from reader.cli.library import EXIT_LIBRARY, open_configured
    from reader.services.analysis_worker import AnalysisWorker
    from reader.services.analyzers import analyzer_of
    from reader.store import LibraryError

    try:
        library = open_configured(given, analyzer)
    except LibraryError as error:
        write_message(f"reader: {error}", sys.stderr)
        return EXIT_LIBRARY
    with library:
        before = library.count_analysed()
        worker = AnalysisWorker(library, analyzer_of(library), busy_share=1.0, idle_exit=0.0)
        if not worker.run() and not before.finished and library.analysis_progress():
            print("reader analyze: another process is analysing the library", file=sys.stderr)
            return 0
        after = library.count_analysed()
    print(f"analysed {worker.analysed} articles; {after.analysed} of {after.total} have an "
          "analysis")
    return 0
