"""Library faults are messages (issue 14, case 10): read-only, full, locked and damaged
databases each give one message naming the file and what to do, never a traceback; a damaged
library is never written to; a failed write in the TUI is reported and can be retried."""

from __future__ import annotations

import asyncio
import hashlib
import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.store import Library, db
from reader.store.models import ImportResult

from .inputs import leaks

# Faults of the SQLite file itself (pragmas, a damaged page, repair): SQLite only.
pytestmark = pytest.mark.sqlite_only

EXIT_LIBRARY = 3


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert leaks(captured.out) == [] and leaks(captured.err) == []
    return code, captured.out, captured.err


def write_articles(folder: Path, count: int, words: int = 40) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        body = " ".join(f"word{n}x{i}" for i in range(words))
        (folder / f"a{n:04d}.txt").write_text(f"Title {n}\n\n{body}\n", encoding="utf-8")
    return folder


@pytest.fixture
def library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "library.db"
    code, _out, _err = run(capsys, "import", "--library", str(path),
                           str(write_articles(tmp_path / "first", 3)))
    assert code == 0
    return path


def with_pragma(monkeypatch: pytest.MonkeyPatch, pragma: Callable[[sqlite3.Connection], str]
                ) -> None:
    """Every library connection opened from now on also runs ``pragma(conn)``."""
    real_connect = db.connect

    def connect(path: Path | str) -> sqlite3.Connection:
        conn = real_connect(path)
        conn.execute(pragma(conn))
        return conn

    monkeypatch.setattr(db, "connect", connect)


def count(path: Path) -> int:
    with Library.open(path) as opened:
        return opened.stats().articles


def test_a_read_only_library(
    tmp_path: Path, library: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with_pragma(monkeypatch, lambda conn: "PRAGMA query_only = ON")  # as chmod 444 does
    code, out, _err = run(capsys, "stats", "--library", str(library))
    assert code == 0 and "articles      3" in out, "reading still works"
    code, _out, err = run(capsys, "import", "--library", str(library),
                          str(write_articles(tmp_path / "more", 1)))
    assert code == EXIT_LIBRARY
    assert f"the library {library}: it is read-only" in err and "chmod" in err


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root writes to a chmod 444 file anyway")
def test_a_read_only_library_file_for_real(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library.chmod(0o444)
    code, _out, err = run(capsys, "import", "--library", str(library),
                          str(write_articles(tmp_path / "more", 1)))
    assert code == EXIT_LIBRARY and "read-only" in err


def test_a_full_disk_loses_nothing_committed(
    tmp_path: Path, library: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def no_more_pages(conn: sqlite3.Connection) -> str:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        return f"PRAGMA max_page_count = {pages}"

    with_pragma(monkeypatch, no_more_pages)
    code, _out, err = run(capsys, "import", "--library", str(library),
                          str(write_articles(tmp_path / "big", 40, words=400)))
    assert code == EXIT_LIBRARY
    assert f"the library {library}: the disk holding it is full" in err
    monkeypatch.undo()
    assert count(library) == 3


def test_a_locked_library(
    tmp_path: Path, library: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 50)
    other = sqlite3.connect(library, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        code, _out, err = run(capsys, "import", "--library", str(library),
                              str(write_articles(tmp_path / "more", 1)))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == EXIT_LIBRARY
    assert f"the library {library}: it is locked" in err and "try again" in err


def damage(path: Path, pages: int = 0) -> str:
    """Overwrite pages in the middle of the file (default: its middle third), or with
    ``pages``, that many leaf pages in the middle of the articles table (where they lie in the
    file depends on the machine, so a fixed offset could hit the state of the article a test
    reads back); the digest of the damaged file."""
    if pages:
        with closing(sqlite3.connect(path)) as conn:
            size = conn.execute("PRAGMA page_size").fetchone()[0]
            leaves = [row[0] for row in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = 'articles' AND pagetype = 'leaf'"
                " ORDER BY pageno")]
        middle = len(leaves) // 2
        with path.open("r+b") as handle:
            for page in leaves[middle : middle + pages]:
                handle.seek((page - 1) * size)
                handle.write(b"\xde\xad\xbe\xef" * (size // 4))
        return hashlib.sha256(path.read_bytes()).hexdigest()
    size = path.stat().st_size
    length = size // 3
    with path.open("r+b") as handle:
        handle.seek((size - length) // 2 // 4096 * 4096)
        handle.write(b"\xde\xad\xbe\xef" * (length // 4))
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    path = tmp_path / "damaged.db"
    code, _out, _err = run(capsys, "import", "--library", str(path),
                           str(write_articles(tmp_path / "many", 200, words=60)))
    assert code == 0
    return path, damage(path)


@pytest.mark.parametrize(
    "argv",
    [["stats"], ["search", "word7x3"], ["export"], ["import", "NEW"]],
)
def test_a_damaged_library_is_a_message_and_is_never_written(
    tmp_path: Path, damaged: tuple[Path, str], argv: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, digest = damaged
    if argv == ["import", "NEW"]:
        argv = ["import", str(write_articles(tmp_path / "new", 2))]
    code, _out, err = run(capsys, *argv, "--library", str(path))
    assert code == EXIT_LIBRARY, err
    assert f"the library {path}: it is damaged" in err and "reader check --repair" in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, "the damaged file changed"


async def test_a_failed_star_in_the_tui_is_reported_and_can_be_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.config import Config
    from reader.services.intake import import_paths
    from reader.ui.app import ReaderApp

    opened = Library.open(tmp_path / "library.db")
    result: ImportResult = import_paths(opened, [str(write_articles(tmp_path / "tui", 2))])
    assert len(result.added) == 2
    app = ReaderApp([], library=opened, config=Config())
    real_star = Library.star
    failures = [sqlite3.OperationalError("database or disk is full")]

    def star(self: Library, ids: str | list[str], starred: bool = True) -> int:
        if failures:
            raise failures.pop()
        return real_star(self, ids, starred)

    monkeypatch.setattr(Library, "star", star)
    messages: list[str] = []
    real_notify = ReaderApp.notify

    def notify(self: ReaderApp, message: str, **options: object) -> None:
        messages.append(message)
        real_notify(self, message, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(ReaderApp, "notify", notify)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        first = app.main_screen.triage.listing[0].id
        await pilot.press("s")
        await pilot.pause()
        assert app.is_running
        assert any("is full" in message for message in messages), messages
        await pilot.press("s")  # the disk has room again: the same key works
        await pilot.pause()
    app.library.close()
    with Library.open(tmp_path / "library.db") as reopened:
        assert reopened.get(first).state.starred  # type: ignore[union-attr]


def test_check_a_sound_library(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "check", "--library", str(library))
    assert code == 0 and "is sound" in err


def test_check_then_repair_a_damaged_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "damaged.db"
    code, _out, _err = run(capsys, "import", "--library", str(path),
                           str(write_articles(tmp_path / "many", 200, words=60)))
    with Library.open(path) as opened:  # state and a tag to carry over
        first = opened.query(limit=500)[-1].id
        opened.star(first)
        opened.tag(first, "keep")
    digest = damage(path, pages=3)
    code, _out, err = run(capsys, "check", "--library", str(path))
    assert code == EXIT_LIBRARY and "is damaged" in err and "--repair" in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, "checking wrote to it"
    code, _out, err = run(capsys, "check", "--repair", "--library", str(path))
    assert code == 0, err
    backups = list(tmp_path.glob("damaged.db.damaged-*Z"))  # its -wal and -shm beside it
    assert len(backups) == 1 and hashlib.sha256(backups[0].read_bytes()).hexdigest() == digest
    with Library.open(path) as repaired:
        saved = repaired.stats().articles
        assert 0 < saved < 200, "what could be read is saved, the damaged pages are not"
        found = repaired.get(first)
        assert found is not None, "the first article was before the damaged pages"
        assert found.state.starred and "keep" in found.state.tags
    code, out, _err = run(capsys, "search", "word0x3", "--library", str(path))
    assert code == 0 and "Title 0" in out, "the search index is rebuilt"


async def test_a_damaged_library_ends_the_tui_with_a_message(tmp_path: Path) -> None:
    """Pages damaged under the first screen's list: a message and exit code 3, no traceback."""
    from reader.config import Config
    from reader.services.intake import import_paths
    from reader.store.library_settings import SEEDED_KEY
    from reader.ui.app import ReaderApp

    path = tmp_path / "library.db"
    with Library.open(path) as opened:
        import_paths(opened, [str(write_articles(tmp_path / "many", 400, words=60))])
        opened.set_meta(SEEDED_KEY, "2026-01-01")  # a library in use: seeded long ago
    digest = damage(path)
    app = ReaderApp([], library=Library.open(path), config=Config())
    messages: list[str] = []

    def exit_and_keep_the_message(*args: Any, **options: Any) -> None:
        messages.append(str(options.get("message")))
        ReaderApp.exit(app, *args, **options)

    app.exit = exit_and_keep_the_message  # type: ignore[method-assign]
    await asyncio.wait_for(app.run_async(headless=True, size=(120, 30)), timeout=30)
    app.library.close()
    assert app.return_code == 3
    assert any(f"cannot use the library {path}: it is damaged" in m for m in messages), messages
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, "the damaged file changed"


def test_repair_keeps_each_subscriptions_kind_state_and_last_fetch(tmp_path: Path) -> None:
    from reader.store import Subscription
    from reader.store.repair import repair

    path = tmp_path / "library.db"
    with Library.open(path) as opened:
        opened.add_subscription(Subscription("https://example.org/feed", "Feed", kind="feed"))
        opened.update_subscription("https://example.org/feed", state={"etag": '"v1"'},
                                   last_fetched="2026-01-02T03:04:05Z", last_error="HTTP 500")
        opened.add_subscription(Subscription("/exports/result.json", "Wire", kind="telegram"))
        opened.update_subscription("/exports/result.json", state={"last_id": 6})
        before = opened.subscriptions()
    salvage = repair(path)
    assert salvage.replaced and salvage.subscriptions == 2
    with Library.open(path) as repaired:
        assert repaired.subscriptions() == before


def test_repair_reads_subscriptions_from_before_they_had_kinds(tmp_path: Path) -> None:
    from reader.store.repair import repair

    path = tmp_path / "library.db"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE subscriptions (url TEXT PRIMARY KEY, title TEXT, site_url TEXT, "
                "folder TEXT, etag TEXT)")
    old.execute("INSERT INTO subscriptions VALUES ('https://example.org/feed', 'Feed', NULL, "
                "'News', 'x')")
    old.commit()
    old.close()
    assert repair(path).subscriptions == 1
    with Library.open(path) as repaired:
        (sub,) = repaired.subscriptions()
    assert (sub.url, sub.title, sub.folder, sub.kind) == (
        "https://example.org/feed", "Feed", "News", "feed")
