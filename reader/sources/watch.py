"""Watched folders: files dropped into them while the reader runs are imported."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

FEED_SUFFIXES = (".xml", ".rss", ".atom", ".opml")


class FolderWatcher:
    """Remembers what it has seen; each poll returns the files that are new or changed."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self.folders = [folder.expanduser() for folder in folders]
        self._seen: dict[Path, tuple[int, int]] = {}

    def poll(self) -> list[Path]:
        """New or modified article and feed files (the first poll returns every one)."""
        from reader.parsing import SUFFIXES  # the parsers load with the first import

        found: list[Path] = []
        for folder in self.folders:
            if not folder.is_dir():
                continue
            for path in sorted(folder.rglob("*")):
                if path.suffix.lower() not in (*SUFFIXES, *FEED_SUFFIXES):
                    continue
                try:
                    stat = path.stat()
                except OSError:
                    continue
                signature = (stat.st_mtime_ns, stat.st_size)
                if path.is_file() and self._seen.get(path) != signature:
                    self._seen[path] = signature
                    found.append(path)
        return found
