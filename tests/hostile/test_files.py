"""Only regular files are read, within a limit; folders with FIFOs, devices, link loops, links
out of the folder and unreadable subfolders; bad bytes and UTF-16 (issue 14, cases 7, 8, 9, 13).

Every command here would hang or read without end on the old code: each runs under a watchdog
(``timeout`` below) so a regression fails instead of stopping the suite.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reader.cli import main
from reader.parsing import ArticleLoadError, load_article, load_paths
from reader.parsing.files import read_regular_file
from reader.parsing.suffixes import walk_folder
from reader.store import Library

from .inputs import leaks

ARABIC = "عنوان تجريبي عن مدينة حمص\nفقرة أولى عن مشروع المياه في درعا والسويداء.\n"
WATCHDOG_SECONDS = 20

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


@contextmanager
def watchdog() -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block blocks for WATCHDOG_SECONDS."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("hung: the command blocked on a FIFO or read without end")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(WATCHDOG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with watchdog():
        code = main(list(argv))
    captured = capsys.readouterr()
    assert leaks(captured.out) == [] and leaks(captured.err) == []
    return code, captured.out, captured.err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A good article beside a FIFO, a device link, a link loop and a link out of the folder."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("A title\n\nA body of text.\n", encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "f.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "up").symlink_to(folder)
    outside = tmp_path / "secret.txt"
    outside.write_text("Secret title\n\nNot for import.\n", encoding="utf-8")
    (folder / "out.txt").symlink_to(outside)
    return folder


@needs_fifo
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)
    with watchdog(), pytest.raises(ArticleLoadError, match="named pipe"):
        read_regular_file(fifo, 1000)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize("via_link", [False, True])
def test_a_device_is_refused_even_through_a_txt_link(tmp_path: Path, via_link: bool) -> None:
    path = Path("/dev/zero")
    if via_link:
        path = tmp_path / "zero.txt"
        path.symlink_to("/dev/zero")
    with watchdog(), pytest.raises(ArticleLoadError, match="device"):
        read_regular_file(path, 1000)


def test_the_limit_holds_while_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 5000)
    assert read_regular_file(path, 5000) == b"x" * 5000
    with pytest.raises(ArticleLoadError, match="over the"):
        read_regular_file(path, 4999)


@needs_fifo
@pytest.mark.parametrize("command", ["show", "analyze", "import"])
def test_each_command_gives_one_message_for_a_fifo_and_goes_on(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text("A title\n\nA body of text.\n", encoding="utf-8")
    argv = [command, str(fifo)] if command == "show" else [command, str(fifo), str(good)]
    if command == "import":
        argv[1:1] = ["--library", str(tmp_path / "l.db")]
    code, out, err = run(capsys, *argv)
    assert err.count("named pipe") == 1
    if command == "analyze":
        assert code == 0 and "A title" in out
    if command == "import":
        with Library.open(tmp_path / "l.db") as library:
            assert library.stats().articles == 1


@pytest.mark.parametrize("command", ["analyze", "import"])
def test_a_folder_of_traps(
    tmp_path: Path, folder: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [command, str(folder)]
    if command == "import":
        argv[1:1] = ["--library", str(tmp_path / "l.db")]
    code, out, err = run(capsys, *argv)
    assert "Traceback" not in err
    assert "loops" in err and err.count("outside the folder") == 2  # zero.txt and out.txt
    assert "Secret title" not in out
    if command == "import":
        with Library.open(tmp_path / "l.db") as library:
            assert library.stats().articles == 1, "only a.txt: the link out is not followed"
    else:
        assert code == 0 and "A title" in out


def test_walk_does_not_follow_links_that_leave_the_folder(folder: Path) -> None:
    walk = walk_folder(folder)
    names = {path.name for path in walk.files}
    assert "out.txt" not in names and "a.txt" in names
    assert any("outside the folder" in problem for problem in walk.problems)


def test_an_unreadable_subfolder_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    top = tmp_path / "top"
    (top / "locked").mkdir(parents=True)
    (top / "a.txt").write_text("A title\n\nA body.\n", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: str = ".") -> object:  # as if chmod 000 (tests may run as root)
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = run(capsys, "analyze", str(top))
    assert code == 0 and "A title" in out
    assert "locked: permission denied" in err
    code, _out, err = run(capsys, "import", "--library", str(tmp_path / "l.db"), str(top))
    assert code == 1 and "locked: permission denied" in err


def test_an_unreadable_folder_fails_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    top = tmp_path / "top"
    top.mkdir()
    (top / "a.txt").write_text("A title\n\nA body.\n", encoding="utf-8")
    real_listdir = os.listdir

    def listdir(path: str = ".") -> list[str]:
        if str(path).endswith("top"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", listdir)
    code, _out, err = run(capsys, "import", "--library", str(tmp_path / "l.db"), str(top))
    assert code != 0 and "permission denied" in err
    code, _out, err = run(capsys, "analyze", str(top))
    assert code != 0 and "permission denied" in err


def test_utf8_with_one_bad_byte_stays_utf8_with_one_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ARABIC.encode("utf-8")
    path = tmp_path / "bad.txt"
    path.write_bytes(data[:10] + b"\xff" + data[10:])
    article = load_article(path)
    assert article.extra["encoding"] == "utf-8"
    assert article.title.startswith("عنوان\ufffd") and article.lang == "ar"
    for argv in (["show", "--logical", str(path)], ["analyze", str(path)],
                 ["import", "--library", str(tmp_path / "l.db"), str(path)]):
        code, _out, err = run(capsys, *argv)
        assert code == 0 and err.count("not valid UTF-8") == 1, (argv, err)


def test_legacy_arabic_is_still_windows_1256(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(ARABIC.encode("windows-1256"))
    assert load_article(path).extra["encoding"] == "cp1256"


def test_utf16_without_bom_is_read_by_show_and_import_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes(ARABIC.encode("utf-16-le"))
    code, out, _err = run(capsys, "show", "--logical", str(path))
    assert code == 0 and "حمص" in out
    code, _out, err = run(capsys, "import", "--library", str(tmp_path / "l.db"), str(path))
    assert code == 0, err
    with Library.open(tmp_path / "l.db") as library:
        assert library.stats().articles == 1


def test_json_with_lone_surrogates_and_unknown_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"title": "T\\ud800 \\u001b]0;X\\u0007", "body": "hello world", '
                    '"weird\\udfff": "\\udfff\\u009b1m"}', encoding="utf-8")
    report = load_paths([path])
    assert report.errors == [] and len(report.articles) == 1
    for argv in (["analyze", str(path)], ["analyze", "--json", str(path)],
                 ["import", "--library", str(tmp_path / "l.db"), str(path)]):
        code, _out, err = run(capsys, *argv)
        assert code == 0, (argv, err)
