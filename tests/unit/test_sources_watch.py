"""Watched folders report new and changed files once."""

from __future__ import annotations

import os
from pathlib import Path

from reader.sources.watch import FolderWatcher


def test_new_and_changed_files_are_reported_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A\n\nbody", encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00")
    watcher = FolderWatcher([tmp_path, tmp_path / "missing"])
    assert [p.name for p in watcher.poll()] == ["a.txt"]
    assert watcher.poll() == []
    (tmp_path / "b.md").write_text("# B\n\nbody", encoding="utf-8")
    changed = tmp_path / "a.txt"
    changed.write_text("A\n\nbody, longer now", encoding="utf-8")
    os.utime(changed, ns=(1, 10**18))
    assert sorted(p.name for p in watcher.poll()) == ["a.txt", "b.md"]
