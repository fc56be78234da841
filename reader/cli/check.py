"""``reader check [--repair]``: SQLite's integrity check of the library; a repair backs the
damaged file up first, then saves what can be read into a new library."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import Any

from reader.store.errors import LibraryError
from reader.store.location import LibraryLocation
from reader.text.output import write_message

EXIT_OK, EXIT_DAMAGED = 0, 3
SHOWN_PROBLEMS = 10


def add_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Register ``check [--library FILE] [--repair]``."""
    parser = subparsers.add_parser(
        "check", help="check the library file (and repair it)",
        description="Check the library with SQLite's integrity check. --repair copies the "
        "damaged file aside first, then replaces it with a library holding every article, "
        "state, tag and subscription that can still be read.")
    parser.add_argument("--library", metavar="FILE|URL",
                        help="the library (default: READER_LIBRARY, else 'library' in the "
                        "config file, else the XDG data dir)")
    parser.add_argument("--repair", action="store_true",
                        help="back the damaged file up, then save what can be saved")


def _say(message: str) -> None:
    write_message(message, sys.stderr)


def run(args: argparse.Namespace) -> int:
    from reader.cli.library import library_location
    from reader.store.repair import check_file, repair

    try:
        location = library_location(args.library)
    except LibraryError as error:
        _say(f"reader check: {error}")
        return EXIT_DAMAGED
    if location.is_postgres:
        return _check_server(location, args.repair)
    path = location.path or Path()
    if not path.is_file():
        _say(f"reader check: there is no library at {path}")
        return EXIT_DAMAGED
    problems = check_file(path)
    if not problems:
        _say(f"reader check: the library {path} is sound")
        return EXIT_OK
    _say(f"reader check: the library {path} is damaged:")
    _list(problems)
    if not args.repair:
        _say("reader check: run 'reader check --repair' to back it up and save what can be saved")
        return EXIT_DAMAGED
    try:
        salvage = repair(path)
    except (OSError, sqlite3.Error, LibraryError) as error:
        _say(f"reader check: the repair failed ({error}); the library was not replaced")
        return EXIT_DAMAGED
    _say(f"reader check: the damaged file is kept as {salvage.backup}")
    if not salvage.replaced:
        _say("reader check: nothing could be read from it; the library was left as it was")
        return EXIT_DAMAGED
    _say(f"reader check: saved {salvage.articles} articles ({salvage.lost} could not be read) "
         f"and {salvage.subscriptions} subscriptions into a new {path}")
    return EXIT_OK if not check_file(path) else EXIT_DAMAGED


def _check_server(location: LibraryLocation, repair: bool) -> int:
    """A PostgreSQL library: the server keeps its own pages sound; the check is of the
    schema and of this reader's state rows (a repair is the server administrator's)."""
    from reader.store.library import Library

    if repair:
        _say("reader check: --repair is for a library file; a PostgreSQL library is repaired "
             "by its server's administrator (from the server's backups)")
        return EXIT_DAMAGED
    try:
        with Library.open(location) as library:
            problems = library.check()
    except LibraryError as error:
        _say(f"reader check: {error}")
        return EXIT_DAMAGED
    if not problems:
        _say(f"reader check: the library {location.display} is sound")
        return EXIT_OK
    _say(f"reader check: the library {location.display} has problems:")
    _list(problems)
    return EXIT_DAMAGED


def _list(problems: list[str]) -> None:
    """The first SHOWN_PROBLEMS problems, one a line, and how many more there are."""
    for problem in problems[:SHOWN_PROBLEMS]:
        _say(f"  {problem}")
    if len(problems) > SHOWN_PROBLEMS:
        _say(f"  … and {len(problems) - SHOWN_PROBLEMS} more")
