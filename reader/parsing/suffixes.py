"""The one list of file suffixes the reader reads, and the one set of rules for what a folder
walk skips: used by ``reader PATH``, ``show``, ``analyze``, folder import and watched folders.

A file named on the command line is always read; these rules only decide which files found
inside a folder are taken.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json")
"""Files that :mod:`reader.parsing` turns into articles."""

FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf", ".opml")
"""Files that hold a feed or a list of feeds (read by :mod:`reader.sources`)."""

READABLE_SUFFIXES = ARTICLE_SUFFIXES + FEED_SUFFIXES

# A folder of articles often carries its own notes: they are not news.
SKIPPED_NAMES = frozenset({"readme", "readme.md", "readme.txt", "license", "license.txt"})
# Hidden files and folders, and ones that tools mark as private or generated
# ("_drafts", "__MACOSX").
HIDDEN_PREFIXES = (".", "_")

OnError = Callable[[OSError], None]


def is_hidden(name: str) -> bool:
    """True for a file or folder name that a folder walk leaves out."""
    return name.startswith(HIDDEN_PREFIXES)


def is_wanted(name: str, suffixes: tuple[str, ...] = READABLE_SUFFIXES) -> bool:
    """True for a file name that a folder walk takes: a known suffix, not hidden, not a note."""
    return (
        not is_hidden(name)
        and Path(name).suffix.lower() in suffixes
        and name.lower() not in SKIPPED_NAMES
    )


def folder_files(
    folder: Path, suffixes: tuple[str, ...] = READABLE_SUFFIXES, on_error: OnError | None = None
) -> list[Path]:
    """The wanted files under ``folder``, recursively, sorted by path (case-insensitively).

    A folder that cannot be listed is passed to ``on_error`` (which may raise to stop the walk)
    and skipped. Symbolic links to folders are not followed, so a link loop cannot hang a walk.
    """
    found: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=on_error):
        dirs[:] = [name for name in dirs if not is_hidden(name)]
        found += [
            Path(root, name)
            for name in names
            if is_wanted(name, suffixes) and Path(root, name).is_file()  # no FIFO, no device
        ]
    return sorted(
        found, key=lambda file: [part.casefold() for part in file.relative_to(folder).parts]
    )
