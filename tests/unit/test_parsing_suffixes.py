"""One list of readable suffixes and one set of skip rules for every folder walk: ``reader PATH``
(load_paths), ``show``/``analyze``, folder import and watched folders take the same files."""

from __future__ import annotations

from pathlib import Path

from reader.parsing import ARTICLE_SUFFIXES, READABLE_SUFFIXES, folder_files, is_wanted, load_paths
from reader.services.intake import import_paths
from reader.sources.watch import FolderWatcher
from reader.store import All, Library

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title>
<entry><title>From the feed</title><id>urn:1</id><content>Feed text.</content></entry></feed>
"""


def _folder(root: Path) -> Path:
    files = {
        "a.txt": "Article A\n\nText of A.",
        "Sub/b.md": "# Article B\n\nText of B.",
        "sub2/c.HTML": "<h1>Article C</h1><p>Text of C.</p>",
        "feed.atom": ATOM,
        "README.txt": "Notes\n\nnot news",
        "readme.md": "# Notes\n\nnot news",
        "LICENSE": "MIT",
        "license.txt": "MIT",
        "_drafts/d.txt": "Draft\n\nnot yet",
        ".git/e.txt": "Hidden\n\nnot news",
        ".f.txt": "Hidden\n\nnot news",
        "picture.png": "not text",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_rules(tmp_path: Path) -> None:
    assert set(ARTICLE_SUFFIXES) < set(READABLE_SUFFIXES)
    assert is_wanted("x.TXT") and is_wanted("feed.opml")
    for name in ("README.md", "readme.txt", "LICENSE", ".x.txt", "_x.txt", "x.png", "x"):
        assert not is_wanted(name), name
    found = folder_files(_folder(tmp_path))
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.txt", "feed.atom", "Sub/b.md", "sub2/c.HTML"
    ]


def test_reader_path_and_folder_import_take_the_same_files(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "in")
    loaded = load_paths([folder])
    assert loaded.errors == []
    assert sorted(a.title for a in loaded.articles) == ["Article A", "Article B", "Article C"]
    with Library.open(tmp_path / "lib.db") as library:
        result = import_paths(library, [folder])
        assert result.errors == []
        titles = sorted(row.title for row in library.query(All()))
    assert titles == ["Article A", "Article B", "Article C", "From the feed"]


def test_watched_folders_take_the_same_files(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    assert FolderWatcher([folder]).poll() == folder_files(folder)
