"""Reading articles from files: plain text (including scraped news pages), Markdown, HTML, JSON.

Public API::

    load_article(path) -> Article          # one file; raises ArticleLoadError only
    load_articles(path) -> list[Article]   # one file; a JSON list gives several
    load_paths(paths) -> LoadReport        # files and folders; never raises for a bad file
    load_warning(article) -> str           # "file: N byte sequences not valid UTF-8 ..." or ""
    parse_date(text) -> date | None        # Arabic, Hebrew, Persian, English, ISO dates
    walk_folder(folder, suffixes) -> FolderWalk    # the one folder walk: files and problems
    folder_files(folder, suffixes) -> list[Path]   # the files it takes (one rule set)

Every Article has ``path`` set and ``extra["format"]`` (page, text, markdown, html, json) and
``extra["encoding"]``; ``extra["date_text"]`` keeps the date as written (a page also keeps its
byline as written in ``extra["source_line"]``), a JSON list item has
``extra["index"]``, and unknown front-matter or JSON keys are kept in ``extra`` too.

No module here imports Textual.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.parsing.dates import parse_date
    from reader.parsing.errors import ArticleLoadError
    from reader.parsing.loader import (
        LoadReport,
        load_article,
        load_articles,
        load_paths,
        load_warning,
    )
    from reader.parsing.suffixes import (
        ARTICLE_SUFFIXES,
        FEED_SUFFIXES,
        READABLE_SUFFIXES,
        FolderWalk,
        folder_files,
        is_wanted,
        walk_folder,
    )

# Each name is imported with its module on first use: a feed import reads files with
# reader.parsing.files and never needs the article parsers (a third of its start-up).
_MODULE_OF = {
    "parse_date": "dates",
    "ArticleLoadError": "errors",
    **dict.fromkeys(
        ("LoadReport", "load_article", "load_articles", "load_paths", "load_warning"), "loader"
    ),
    **dict.fromkeys(
        ("ARTICLE_SUFFIXES", "FEED_SUFFIXES", "READABLE_SUFFIXES", "FolderWalk",
         "folder_files", "is_wanted", "walk_folder"),
        "suffixes",
    ),
}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "ARTICLE_SUFFIXES",
    "FEED_SUFFIXES",
    "READABLE_SUFFIXES",
    "FolderWalk",
    "folder_files",
    "is_wanted",
    "walk_folder",
    "ArticleLoadError",
    "LoadReport",
    "load_article",
    "load_articles",
    "load_paths",
    "load_warning",
    "parse_date",
]
