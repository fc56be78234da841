"""``reader show PATH|ID``: one article laid out for a terminal, by the same engine as the TUI.

ID is an article id as ``reader search`` prints it (the first column): the article is read from
the library.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path
from typing import Any, TextIO

from rich.cells import cell_len

from reader.model.article import Article
from reader.parsing import ArticleLoadError, load_article, load_warning
from reader.text.direction import Direction
from reader.text.fields import field_rows
from reader.text.layout import display_logical, layout_text
from reader.text.output import display_text, write_message

DEFAULT_WIDTH = 80
_ARTICLE_ID = re.compile(r"[0-9a-f]{16}")


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("show", help="print one article laid out for a terminal")
    parser.add_argument("target", metavar="PATH|ID",
                        help="an article file, or an article id as 'reader search' prints it")
    parser.add_argument("--library", metavar="FILE|URL",
                        help="library to look an ID up in: a file or a postgresql:// URL (default: "
                        "READER_LIBRARY, else the config file's, else the XDG data dir)")
    parser.add_argument("--width", type=int, metavar="N",
                        help="terminal width to lay out for (default: this terminal's)")
    order = parser.add_mutually_exclusive_group()
    order.add_argument("--visual", dest="visual", action="store_true", default=None,
                       help="visual order, shaped (default when writing to a terminal)")
    order.add_argument("--logical", dest="visual", action="store_false",
                       help="plain logical text (default when piped)")


def _aligned(row: str, width: int, direction: Direction) -> str:
    return row.rjust(width - cell_len(row) + len(row)) if direction is Direction.RTL else row


def visual_lines(article: Article, width: int) -> list[str]:
    """Title, metadata and paragraphs in visual order, right-to-left lines right-aligned."""
    direction = article.direction
    lines = [line.aligned(width).rstrip()
             for line in layout_text(article.title, width, fallback=direction)]
    lines += [_aligned(row, width, direction)
              for row in field_rows(article.metadata_fields(), width, direction=direction)]
    for paragraph in article.paragraphs:
        lines.append("")
        lines += [line.aligned(width).rstrip()
                  for line in layout_text(paragraph, width, fallback=direction)]
    return lines


def logical_lines(article: Article) -> list[str]:
    """The article as plain logical text, for pipes, files and terminals that do bidi."""
    lines = [display_logical(article.title)]
    meta = article.metadata_fields()
    if meta:
        lines.append(display_logical(" · ".join(meta)))
    for paragraph in article.paragraphs:
        lines += ["", display_logical(paragraph)]
    return lines


def write_article(article: Article, out: TextIO, *, width: int, visual: bool) -> None:
    lines = visual_lines(article, width) if visual else logical_lines(article)
    out.write(display_text("\n".join(lines)) + "\n")


def run(args: argparse.Namespace) -> int:
    width = args.width or shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    if width < 1:
        print("reader show: --width must be at least 1", file=sys.stderr)
        return 2
    visual = sys.stdout.isatty() if args.visual is None else args.visual
    try:
        article = find_article(args.target, args.library)
    except ArticleLoadError as error:
        write_message(f"reader show: {error}", sys.stderr)
        return 1
    except LookupError as error:
        write_message(f"reader show: {error.args[0]}", sys.stderr)
        return 1
    if warning := load_warning(article):
        write_message(f"reader show: warning: {warning}", sys.stderr)
    write_article(article, sys.stdout, width=width, visual=visual)
    return 0


def find_article(target: str, library_path: str | Path | None) -> Article:
    """The file ``target``, or else the library's article of that id.

    Raises ArticleLoadError for a file that cannot be read, LookupError for an unknown id.
    """
    path = Path(target).expanduser()
    if path.exists() or not _ARTICLE_ID.fullmatch(target.strip().lower()):
        return load_article(path)
    return _stored_article(target.strip().lower(), library_path)


def _stored_article(article_id: str, library_path: str | Path | None) -> Article:
    from reader.cli.library import library_location
    from reader.store import Library, LibraryError

    try:
        location = library_location(None if library_path is None else str(library_path))
    except LibraryError as error:
        raise LookupError(str(error)) from error
    where = location.display
    if location.path is not None and not location.path.exists():
        raise LookupError(f"no file {article_id} and no library at {where} to look the id up in")
    try:
        with Library.open(location) as library:
            stored = library.get(article_id)
    except LibraryError as error:
        raise LookupError(str(error)) from error
    if stored is None:
        raise LookupError(f"no file {article_id} and no article with that id in {where}")
    return stored.article
