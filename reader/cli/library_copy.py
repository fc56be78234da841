"""``reader library copy FROM TO``: copy a whole library to another, across backends (a desk's
PostgreSQL library to a laptop's file, a file to a new desk database), with a progress bar on a
terminal (plain lines otherwise)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from reader.model.wording import counted
from reader.store.errors import LibraryError
from reader.store.location import LibraryLocation
from reader.text.output import write_message

EXIT_OK, EXIT_LIBRARY = 0, 3


def add_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Register ``library copy FROM TO``."""
    parser = subparsers.add_parser("library", help="copy a whole library to another")
    actions = parser.add_subparsers(dest="action", required=True)
    copy = actions.add_parser(
        "copy", help="copy every article, your state and tags, the subscriptions, the cached "
        "analyses and the settings into an empty library",
        description="Copy a whole library into an empty one: a file to a PostgreSQL database "
        "(postgresql://user@host/database) and back, or a file to a file. Your own state is "
        "copied (read, starred, archived, notes, tags, where you left each article); shared "
        "desk tags stay shared.")
    copy.add_argument("source", metavar="FROM", help="the library to copy: a file or a URL")
    copy.add_argument("target", metavar="TO", help="the empty library to fill: a file or a URL")


def _say(message: str) -> None:
    write_message(message, sys.stderr)


def run(args: argparse.Namespace) -> int:
    from reader.nlp import ANALYZER_VERSION
    from reader.store.copy import copy_library
    from reader.store.library import Library

    try:
        source_at, target_at = (LibraryLocation.parse(text) for text in (args.source,
                                                                          args.target))
        with Library.open(source_at, analyzer_version=ANALYZER_VERSION) as source, \
                Library.open(target_at, analyzer_version=ANALYZER_VERSION) as target, \
                _progress(f"copying {source_at.display} to {target_at.display}") as progress:
            copied = copy_library(source, target, progress)
    except LibraryError as error:
        _say(f"reader library copy: {error}")
        return EXIT_LIBRARY
    _say(f"reader library copy: copied {counted(copied.articles, 'article')}, "
         f"{counted(copied.subscriptions, 'subscription')} and "
         f"{counted(copied.settings, 'setting')} to {target_at.display}")
    return EXIT_OK


@contextmanager
def _progress(title: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr when it is a terminal; a plain line per batch when not."""
    _say(f"reader library copy: {title}")
    if not sys.stderr.isatty():
        yield lambda done, total: _say(f"  {done}/{total} articles")
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("articles", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
