"""Load articles from files and folders, choosing the parser by the file's suffix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reader.model.article import Article
from reader.parsing.common import WARNING_KEY, Draft, finish
from reader.parsing.decode import decode_bytes, read_article_bytes
from reader.parsing.errors import ArticleLoadError
from reader.parsing.html_page import declared_charset, parse_html
from reader.parsing.json_article import parse_json
from reader.parsing.markdown import parse_markdown
from reader.parsing.page import is_page, parse_page, parse_plain
from reader.parsing.suffixes import ARTICLE_SUFFIXES, walk_folder


@dataclass
class LoadReport:
    """What :func:`load_paths` loaded, one message per file or folder that failed, and one
    warning per article loaded with a caveat (bad bytes replaced)."""

    articles: list[Article] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def load_article(path: Path) -> Article:
    """Load one article; a JSON list must hold exactly one. Raises only ArticleLoadError."""
    articles = load_articles(path)
    if len(articles) != 1:
        raise ArticleLoadError(
            path, f"it holds {len(articles)} articles, so open it as a list of articles"
        )
    return articles[0]


def load_articles(path: Path) -> list[Article]:
    """Load every article in one file (several only for a JSON list). Raises ArticleLoadError."""
    path = Path(path)
    try:
        return _load(path)
    except ArticleLoadError:
        raise
    except Exception as err:  # a parser bug must not escape as anything else
        raise ArticleLoadError(path, f"it could not be parsed ({type(err).__name__})") from err


def _load(path: Path) -> list[Article]:
    if path.is_dir():
        raise ArticleLoadError(path, "it is a folder, not a file")
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        kind = f"{suffix} files are" if suffix else "files without a suffix are"
        raise ArticleLoadError(path, f"{kind} not supported (use .txt, .md, .html or .json)")
    data = read_article_bytes(path)
    hint = declared_charset(data[:4096]) if suffix in (".html", ".htm") else None
    decoded = decode_bytes(data, path, hint)
    drafts, fmt = _parse(decoded.text, suffix, path)
    return [finish(draft, path, fmt, decoded.encoding, decoded.warning) for draft in drafts]


def _parse(text: str, suffix: str, path: Path) -> tuple[list[Draft], str]:
    if suffix == ".json":
        return parse_json(text, path), "json"
    if suffix in (".md", ".markdown"):
        return [parse_markdown(text)], "markdown"
    if suffix in (".html", ".htm"):
        return [parse_html(text)], "html"
    if is_page(text):
        return [parse_page(text)], "page"
    return [parse_plain(text)], "text"


def load_paths(paths: Iterable[Path]) -> LoadReport:
    """Load files and folders (recursively); bad files become messages in ``errors``."""
    report = LoadReport()
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        try:
            files = _expand(path, report.errors)
        except ArticleLoadError as err:
            report.errors.append(str(err))
            continue
        for file in files:
            key = _identity(file)
            if key in seen:
                continue
            seen.add(key)
            try:
                loaded = load_articles(file)
            except ArticleLoadError as err:
                report.errors.append(str(err))
                continue
            report.articles.extend(loaded)
            report.warnings += [warning for article in loaded if (warning := load_warning(article))]
    return report


def load_warning(article: Article) -> str:
    """The warning about how the article's file was read (``file: what``), or ""."""
    warning = article.extra.get(WARNING_KEY, "")
    return f"{article.path}: {warning}" if warning else ""


def _identity(file: Path) -> Path:
    """The file's real path, for skipping one seen twice; itself when it cannot be resolved
    (a link loop: reading it then fails with a message)."""
    try:
        return file.resolve()
    except (OSError, RuntimeError):
        return file


def _expand(path: Path, problems: list[str]) -> list[Path]:
    """A file as itself; a folder as its supported files, recursively, sorted by name (what
    could not be read in it is added to ``problems``)."""
    if not path.exists() and not path.is_symlink():
        raise ArticleLoadError(path, "there is no such file or folder")
    if not path.is_dir():
        return [path]
    walk = walk_folder(path, ARTICLE_SUFFIXES)
    problems.extend(walk.problems)
    found = walk.files
    if not found:
        raise ArticleLoadError(path, "the folder has no .txt, .md, .html or .json files")
    return found
