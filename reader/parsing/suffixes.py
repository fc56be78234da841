"""The one list of file suffixes the reader reads, and the one set of rules for what a folder
walk skips: used by ``reader PATH``, ``show``, ``analyze``, folder import and watched folders.

A file named on the command line is always read; these rules only decide which files found
inside a folder are taken.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from reader.parsing.errors import ArticleLoadError
from reader.parsing.files import not_regular_reason, os_reason

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


@dataclass
class FolderWalk:
    """The wanted files under a folder (sorted by path, case-insensitively), and one message for
    each subfolder that could not be read, link that was not followed or file that is not a
    regular file (a FIFO, a device)."""

    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def walk_folder(folder: Path, suffixes: tuple[str, ...] = READABLE_SUFFIXES) -> FolderWalk:
    """The one folder walk: every wanted file under ``folder``, recursively; ArticleLoadError
    when ``folder`` itself cannot be read.

    An unreadable subfolder is a problem, not the end of the walk. Links to folders are not
    followed (no loops); a link to a file is followed only when the file is inside ``folder``:
    importing a folder never reads ``/etc/passwd`` through a link. Nothing is opened here, so a
    FIFO cannot block the walk; it is reported instead of taken.
    """
    try:
        os.listdir(folder)
    except OSError as err:
        raise ArticleLoadError(folder, os_reason(err)) from err
    walk = FolderWalk()
    root = folder.resolve()

    def unreadable(err: OSError) -> None:
        walk.problems.append(f"cannot read {err.filename}: {os_reason(err)}; skipped")

    for place, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(name for name in dirs if not is_hidden(name))
        for name in names:
            if not is_wanted(name, suffixes):
                continue
            path = Path(place, name)
            problem = _file_problem(path, root)
            if problem:
                walk.problems.append(f"cannot read {path}: {problem}; skipped")
            else:
                walk.files.append(path)
    walk.files.sort(key=lambda file: [part.casefold() for part in file.relative_to(folder).parts])
    return walk


def folder_files(folder: Path, suffixes: tuple[str, ...] = READABLE_SUFFIXES) -> list[Path]:
    """The files :func:`walk_folder` takes, without its problems (a watched folder polls)."""
    try:
        return walk_folder(folder, suffixes).files
    except ArticleLoadError:
        return []


def _file_problem(path: Path, root: Path) -> str | None:
    """Why a file found in a folder is not taken: a link that loops, leads nowhere or leaves
    the folder, or something other than a regular file; None when it is taken."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "it is a symbolic link that loops or leads nowhere"
        if not target.is_relative_to(root):
            return "it is a link to a file outside the folder (not followed)"
    try:
        mode = path.stat().st_mode
    except OSError as err:
        return os_reason(err)
    return not_regular_reason(mode)
