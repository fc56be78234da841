"""Headless library commands for scripts and cron: import, refresh, search, export, stats, tag.

Data goes to stdout, messages to stderr; ``--json`` output is JSON (Lines) with non-ASCII text
kept as is; all text is in logical order. Exit codes: 0 success; 1 partly done: some sources or
feeds failed while the others were imported (the summary says what worked, then what failed), or
a search found nothing; 2 usage error (argparse); 3 the library cannot be opened; 4 nothing was
done: every source given to ``import`` failed.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable
from typing import Any

from reader.config import Config, ConfigError, load_config
from reader.model.wording import counted
from reader.services.analyzers import analyzer_of, analyzer_version
from reader.services.intake import BUSY, RefreshProgress, import_paths
from reader.store import Library, LibraryError, damaged_library, library_fault
from reader.store.export import dumps, row_record, write_jsonl, write_markdown
from reader.store.library import Analyzer
from reader.store.location import LibraryLocation
from reader.store.models import ImportResult
from reader.text.output import display_text, visible, write_message

EXIT_OK, EXIT_PARTIAL, EXIT_LIBRARY, EXIT_FAILED = 0, 1, 3, 4
LIBRARY_HELP = ("the library: a file, or postgresql://user@host/database for a desk's shared "
                "library (default: READER_LIBRARY, else 'library' in the config file, else the "
                "XDG data dir)")
IMPORT_EXIT_CODES = (
    "exit status: 0 every source was read; 1 some failed, the others were imported; "
    "3 the library cannot be opened; 4 every source failed"
)


def add_parsers(subparsers: argparse._SubParsersAction[Any], only: str | None = None) -> None:
    """Register ``import``, ``refresh``, ``search``, ``export``, ``tag`` and ``stats`` (only the
    command ``only`` when given: the one ``reader COMMAND`` runs)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--library", metavar="FILE|URL", help=LIBRARY_HELP
    )
    for name, register in _PARSERS.items():
        if only is None or name == only:
            register(subparsers, common)


def _import_parser(subparsers: argparse._SubParsersAction[Any],
                   common: argparse.ArgumentParser) -> None:
    add = subparsers.add_parser(
        "import",
        parents=[common],
        help="add files, folders, feeds (file or URL), OPML lists or Telegram exports",
        epilog=IMPORT_EXIT_CODES,
    )
    add.add_argument("sources", nargs="+", metavar="PATH|URL")
    add.add_argument("--analyze", action="store_true", help="analyse entities while importing")
    add.add_argument("--json", action="store_true", help="print the result as JSON")


def _refresh_parser(subparsers: argparse._SubParsersAction[Any],
                    common: argparse.ArgumentParser) -> None:
    ref = subparsers.add_parser("refresh", parents=[common], help="fetch every subscription")
    ref.add_argument("--timeout", type=float, default=20.0, help="seconds per feed (default 20)")
    ref.add_argument("--json", action="store_true", help="print the result as JSON")
    ref.add_argument("--no-analyze", dest="analyze", action="store_false",
                     help="store the new articles without analysing their entities (the app "
                          "analyses them in the background)")


def _search_parser(subparsers: argparse._SubParsersAction[Any],
                   common: argparse.ArgumentParser) -> None:
    find = subparsers.add_parser("search", parents=[common], help="search the library")
    find.add_argument("query", metavar="QUERY")
    find.add_argument("--json", action="store_true", help="one JSON object per line")
    find.add_argument("--limit", type=_positive, metavar="N",
                      help="at most N results (default: every match)")


def _export_parser(subparsers: argparse._SubParsersAction[Any],
                   common: argparse.ArgumentParser) -> None:
    out = subparsers.add_parser("export", parents=[common], help="export articles or feeds")
    out.add_argument("query", nargs="?", default="", metavar="QUERY", help="only matching ones")
    out.add_argument("--format", choices=("json", "md", "opml"), default="json")
    out.add_argument("--limit", type=_positive, metavar="N",
                     help="at most N articles (default: every one that matches)")


def _tag_parser(subparsers: argparse._SubParsersAction[Any],
                common: argparse.ArgumentParser) -> None:
    tag = subparsers.add_parser("tag", parents=[common], help="tag articles (or untag them)")
    tag.add_argument("name", metavar="NAME")
    tag.add_argument("ids", nargs="+", metavar="ID", help="article ids, as 'reader search' "
                     "prints them")
    tag.add_argument("--shared", action="store_true",
                     help="the desk's shared tag of that name, which every reader sees and sets "
                     "(default: your own tag)")
    tag.add_argument("--remove", action="store_true", help="take the tag off instead")


def _stats_parser(subparsers: argparse._SubParsersAction[Any],
                  common: argparse.ArgumentParser) -> None:
    stats = subparsers.add_parser("stats", parents=[common], help="counts of the library")
    stats.add_argument("--json", action="store_true", help="print the figures as JSON")


_PARSERS: dict[str, Callable[[argparse._SubParsersAction[Any], argparse.ArgumentParser], None]] = {
    "import": _import_parser,
    "refresh": _refresh_parser,
    "search": _search_parser,
    "export": _export_parser,
    "tag": _tag_parser,
    "stats": _stats_parser,
}


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return number


def configured() -> Config:
    """The config file's settings; a broken file is reported and the defaults used."""
    try:
        return load_config()
    except ConfigError as problem:
        _say(f"reader: {problem}; using the default settings")
        return Config()


def library_location(given: str | None, config: Config | None = None) -> LibraryLocation:
    """The library a command uses: ``--library``, else READER_LIBRARY, else the config
    file's ``library`` (``config``, else the file read now), else the XDG file."""
    return LibraryLocation.resolve(given, (config or configured()).library)


def open_configured(given: str | None, analyzer: str | None = None) -> Library:
    """The library a command uses (see :func:`library_location`), its analyses those of
    ``analyzer`` (default: the config's ``analyzer``). Raises LibraryError."""
    config = configured()
    version = analyzer_version(analyzer or config.analyzer)
    return Library.open(library_location(given, config), analyzer_version=version)


def run(args: argparse.Namespace) -> int:
    """Run the command named by ``args.command``; returns the exit code."""
    command: Callable[[Library, argparse.Namespace], int] = _COMMANDS[args.command]
    try:
        library = open_configured(args.library)
    except LibraryError as error:
        _say(f"reader: {error}")
        return EXIT_LIBRARY
    with library:
        try:
            return command(library, args)
        except sqlite3.Error as error:
            _say(f"reader: {library_fault(error, library.path)}")
        except LibraryError as error:
            _say(f"reader: {error}")
    return EXIT_LIBRARY


def _say(message: str) -> None:
    """A message to stderr; the names and URLs it quotes are shown with their escapes."""
    write_message(message, sys.stderr)


def _print(text: str) -> None:
    """A line of data to stdout, through the display gate (no escape reaches the terminal)."""
    print(display_text(text))


def _analyzer(wanted: bool, library: Library) -> Analyzer | None:
    """The extractor of the library's analyses (the config's ``analyzer``), when wanted."""
    return analyzer_of(library) if wanted else None


def _report(result: ImportResult, as_json: bool) -> int:
    """The summary (what worked) first, then one line per failure and per warning; the exit
    code."""
    if as_json:
        print(
            dumps(
                {
                    "added": result.added,
                    "duplicates": result.duplicates,
                    "subscriptions": result.subscriptions,
                    "errors": result.errors,
                }
            )
        )
    _say(f"reader: {result.summary()}")
    if result.errors:
        _say(f"reader: {counted(len(result.errors), 'source')} could not be imported:")
    for error in result.errors:
        _say(f"  {error}")
    for warning in result.warnings:
        _say(f"reader: warning: {warning}")
    if not result.errors:
        return EXIT_OK
    worked = result.added or result.duplicates or result.subscriptions
    return EXIT_PARTIAL if worked else EXIT_FAILED


def _import(library: Library, args: argparse.Namespace) -> int:
    problems = library.check(quick=True)
    if problems:  # adding to a damaged file would bury what can still be saved
        raise damaged_library(library.location.display, problems[0])
    result = import_paths(library, args.sources, analyze=_analyzer(args.analyze, library))
    if result.subscriptions and not result.added:
        _say("reader: run 'reader refresh' to fetch the new subscriptions")
    return _report(result, args.json)


def _refresh(library: Library, args: argparse.Namespace) -> int:
    if not library.subscriptions():
        _say("reader: no subscriptions; add feeds with 'reader import URL|FILE.opml'")
        return EXIT_OK

    def progress(step: RefreshProgress) -> None:
        status = step.error or (BUSY if step.busy else "not modified" if step.not_modified
                                else counted(step.added, "new article"))
        name = f"{step.title} ({step.url})" if step.title else step.url
        _say(f"[{step.done}/{step.total}] {name}: {status}")

    from reader.services.feeds import refresh_feeds  # full texts are fetched as the app does

    outcome = refresh_feeds(library, progress=progress, timeout=args.timeout,
                            analyze=_analyzer(args.analyze, library))
    if args.json:
        print(
            dumps(
                {
                    "feeds": outcome.feeds,
                    "not_modified": outcome.not_modified,
                    "failed": outcome.failed,
                    "busy": outcome.busy,
                    "added": outcome.result.added,
                    "errors": outcome.result.errors,
                }
            )
        )
    busy = f", {outcome.busy} {BUSY}" if outcome.busy else ""
    _say(f"reader: {counted(outcome.feeds, 'feed')}, {outcome.failed} failed, "
         f"{counted(len(outcome.result.added), 'new article')}{busy}")
    return EXIT_PARTIAL if outcome.failed else EXIT_OK


def _search(library: Library, args: argparse.Namespace) -> int:
    found = 0
    for row in library.search_rows(args.query, limit=args.limit):  # streamed, never capped
        found += 1
        if args.json:
            print(dumps(row_record(row)))
        else:
            published = row.published.isoformat() if row.published else "-"
            source, title = (" ".join(text.split()) for text in (row.source, row.title))
            _print(f"{row.id}\t{published}\t{source}\t{title}")
    if not found:
        _say(f"reader: nothing matches {args.query!r}")
    return EXIT_OK if found else EXIT_PARTIAL


def _export(library: Library, args: argparse.Namespace) -> int:
    if args.format == "opml":
        from reader.sources.opml import write_opml  # the XML writer: only this export needs it

        feeds = [sub for sub in library.subscriptions() if sub.kind == "feed"]
        _print(write_opml(feeds))
        return EXIT_OK
    ids = library.search_ids(args.query) if args.query else None  # every match, in order
    if args.limit is not None:
        ids = (ids if ids is not None else library.ids())[: args.limit]
    articles = library.iter_articles(ids)
    writer = write_jsonl if args.format == "json" else write_markdown
    count = writer(articles, sys.stdout)
    _say(f"reader: exported {counted(count, 'article')}")
    return EXIT_OK


def _tag(library: Library, args: argparse.Namespace) -> int:
    missing = sorted(set(args.ids) - {row.id for row in library.rows(args.ids)})
    for article_id in missing:
        _say(f"reader: no article {article_id!r} in the library")
    try:
        if args.remove:
            changed = library.untag(args.ids, args.name, shared=args.shared)
        else:
            changed = library.tag(args.ids, args.name, shared=args.shared)
    except ValueError as error:  # an empty name
        _say(f"reader: {error}")
        return EXIT_FAILED
    kind = "shared tag" if args.shared else "tag"
    verb = "removed from" if args.remove else "added to"
    _say(f"reader: {kind} #{args.name.strip().lstrip('#')} {verb} "
         f"{counted(changed, 'article')}")
    return EXIT_PARTIAL if missing else EXIT_OK


def _stats(library: Library, args: argparse.Namespace) -> int:
    stats = library.stats()
    if args.json:
        print(dumps(stats._asdict()))
        return EXIT_OK
    _print(f"library       {visible(str(stats.path))} (schema {stats.schema_version})")
    print(f"articles      {stats.articles}")
    print(f"incoming      {stats.incoming}")
    print(f"unread        {stats.unread}")
    print(f"starred       {stats.starred}")
    print(f"archived      {stats.archived}")
    print(f"tags          {stats.tags}")
    print(f"sources       {stats.sources}")
    print(f"subscriptions {stats.subscriptions}")
    print(f"analysed      {stats.analyzed}")
    languages = ", ".join(f"{lang} {n}" for lang, n in stats.languages.items())
    _print(f"languages     {languages or '-'}")
    _print(f"oldest        {_day(stats.oldest)}")
    _print(f"newest        {_day(stats.newest)}")
    return EXIT_OK


def _day(stamp: str | None) -> str:
    """The day of a stored date or time stamp (dated articles sort by their publication day)."""
    return stamp[:10] if stamp else "-"


_COMMANDS: dict[str, Callable[[Library, argparse.Namespace], int]] = {
    "import": _import,
    "refresh": _refresh,
    "search": _search,
    "export": _export,
    "stats": _stats,
    "tag": _tag,
}
