"""Watched folders: files dropped into them while the reader runs are imported."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class FolderWatcher:
    """Remembers what it has seen; each poll returns the files that are new or changed."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self.folders = [folder.expanduser() for folder in folders]
        self._seen: dict[Path, tuple[int, int]] = {}

    def poll(self) -> list[Path]:
        """New or modified article and feed files (the first poll returns every one); the same
        files a folder import takes (:func:`reader.parsing.folder_files`)."""
        from reader.parsing.suffixes import folder_files  # the parsers load with the first poll

        found: list[Path] = []
        for folder in self.folders:
            if not folder.is_dir():
                continue
            for path in folder_files(folder):
                try:
                    stat = path.stat()
                except OSError:
                    continue
                signature = (stat.st_mtime_ns, stat.st_size)
                if self._seen.get(path) != signature:
                    self._seen[path] = signature
                    found.append(path)
        return found
