"""The one exception the parsing package raises."""

from __future__ import annotations

from pathlib import Path


class ArticleLoadError(Exception):
    """A file could not be read as an article.

    ``str(err)`` is one sentence naming the file and what was wrong, for example
    ``cannot read notes.bin: it is a binary file, not text``.
    """

    path: Path
    reason: str

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot read {path}: {reason}")
