"""The TUI's notifications and ``reader DIR`` with hostile and undecodable file names, and a
search of a thousand repeated terms (issue 14, cases 1, 5 and 13)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.app import App

from reader.config import Config
from reader.store.search import MAX_TERMS, parse_query
from reader.ui.app import ReaderApp

from .inputs import NOT_UTF8_NAME, OSC_TITLE, leaks, write_bad_files, write_hostile_folder


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every notification message and title as Textual receives it."""
    messages: list[str] = []
    real_notify = App.notify

    def notify(self: App[object], message: str, *, title: str = "", **options: object) -> None:
        messages.extend((message, title))
        real_notify(self, message, title=title, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(App, "notify", notify)
    return messages


def quoting(needle: str, shown: list[str]) -> int:
    """How many notifications hold ``needle``: a toast is cut into lines that fit it, at a
    space or, for a long name, inside a word, so each is read both ways."""
    return sum(
        needle in message.replace("\n", " ") or needle in message.replace("\n", "")
        for message in shown
    )


async def test_warnings_about_hostile_file_names_are_shown_escaped(
    tmp_path: Path, shown: list[str]
) -> None:
    folder = tmp_path / "in"
    write_hostile_folder(folder)
    write_bad_files(folder)
    app = ReaderApp([folder], config=Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.main_screen.triage.listing) >= 8, "the good articles are all listed"
    assert quoting("\\x1b]0;PWN", shown), shown
    assert all(leaks(message) == [] for message in shown), shown


async def test_a_folder_with_a_name_that_is_not_utf8(tmp_path: Path, shown: list[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / NOT_UTF8_NAME).write_text("A title\n\nA body of text.\n", encoding="utf-8")
    (folder / f"empty{NOT_UTF8_NAME}").write_text(" \n", encoding="utf-8")
    app = ReaderApp([folder], config=Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.main_screen.triage.listing) == 1
        assert app.is_running
    assert quoting("emptyz\\xff.txt", shown), shown


async def test_watch_messages_are_shown_escaped(tmp_path: Path, shown: list[str]) -> None:
    watched = tmp_path / "watched"
    watched.mkdir()
    (watched / f"empty{OSC_TITLE}.txt").write_text(" \n", encoding="utf-8")
    articles = tmp_path / "articles"
    write_hostile_folder(articles)
    app = ReaderApp([articles], config=Config(), watch=[watched])
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert quoting("empty\\x1b]0;PWN", shown), shown
    assert all(leaks(message) == [] for message in shown)


def test_a_thousand_repeated_terms_make_a_small_query() -> None:
    parsed = parse_query(" ".join(["water"] * 1000))
    assert len(parsed.include) == 1
    many = parse_query(" ".join(f"w{n}" for n in range(1000)) + " -x " * 500)
    assert len(many.include) == MAX_TERMS and len(many.exclude) == 1
    assert parse_query("water water*").prefixes, "a prefix given again still counts"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
async def test_reader_dir_with_a_fifo_and_a_device_link(tmp_path: Path, shown: list[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("A title\n\nA body of text.\n", encoding="utf-8")
    os.mkfifo(folder / "f.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    app = ReaderApp([folder, folder / "f.txt"], config=Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.main_screen.triage.listing) == 1 and app.is_running
    # One message for the FIFO found in the folder, one for the FIFO named on the command line.
    assert quoting("named pipe", shown) == 2, shown
    assert quoting("outside the folder", shown), shown
