"""The ``reader`` command line: help, bad paths, and ``reader show``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from reader.cli import TuiOptions, build_tui_parser, main, tui_options

ARTICLE = (
    "عنوان تجريبي (مع أقواس) 2024\n\n"
    "الفقرة الأولى تذكر Textual و45% في دمشق (سوريا) وتستمر طويلاً حتى تلتف على عدة أسطر."
)


def run_reader(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True,
                          text=True, check=False, timeout=60)


def test_help_lists_the_commands() -> None:
    result = run_reader("--help")
    assert result.returncode == 0
    for command in ("show", "analyze", "import", "search"):
        assert command in result.stdout


def test_no_options_are_the_parser_defaults_without_the_parser() -> None:
    assert tui_options([]) == TuiOptions(**vars(build_tui_parser().parse_args([])))
    assert tui_options(["--theme", "reader-light", "a.txt"]) == TuiOptions(
        paths=["a.txt"], theme="reader-light", bidi=None, library=None, watch=[])


def test_the_tui_starts_without_argparse() -> None:
    """Reading no option builds no parser: argparse and gettext are not imported."""
    script = ("import sys, reader.cli, reader.cli.tui as tui\n"
              "tui.run_tui = lambda options: print(sorted(sys.modules))\n"
              "reader.cli.main([])\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, timeout=60)
    assert "'argparse'" not in result.stdout
    assert "'gettext'" not in result.stdout


def test_a_missing_path_gets_one_clear_message(tmp_path: Path) -> None:
    result = run_reader(str(tmp_path / "nope.txt"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"reader: no such file or folder: {tmp_path / 'nope.txt'}"


def test_show_visual_respects_the_width(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run_reader("show", str(path), "--width", "30", "--visual")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert all(cell_len(line) <= 30 for line in lines)
    assert lines[0].endswith("ﻥﺍﻮﻨﻋ"), "RTL title right-aligned, first word at the right"
    assert "(ﺱﺍﻮﻗﺃ ﻊﻣ)" in lines[0], "brackets mirrored"
    body = [line for line in lines[1:] if line.strip()]
    assert len(body) >= 3 and all(cell_len(line) == 30 for line in body[:-1])


def test_show_logical_gives_the_original_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run_reader("show", str(path), "--logical")
    assert result.stdout.split("\n\n")[0].strip() == ARTICLE.split("\n\n")[0]
    assert ARTICLE.split("\n\n")[1] in result.stdout


def test_show_piped_defaults_to_logical(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert run_reader("show", str(path)).stdout.startswith("عنوان تجريبي")


def test_show_unreadable_file_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_bytes(b"\x00\x01binary\x00" * 20)
    result = run_reader("show", str(path))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "b.txt" in result.stderr


def test_main_returns_an_exit_code_for_subcommands(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["show", str(path), "--logical"]) == 0


def test_help_says_what_the_defaults_really_are() -> None:
    help_text = " ".join(run_reader("--help").stdout.split())
    assert "default: the bundled seeds" not in help_text
    assert "default: your library" in help_text
    assert "the app (default)" not in help_text
    assert "default: 'bidi' in the config file, else auto" in help_text


def test_show_accepts_the_ids_search_prints(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    library = tmp_path / "library.db"
    assert main(["import", "--library", str(library), str(path)]) == 0
    assert main(["search", "--library", str(library), "دمشق"]) == 0
    article_id = capsys.readouterr().out.split("\t")[0]
    assert main(["show", "--library", str(library), article_id, "--logical"]) == 0
    assert capsys.readouterr().out.startswith("عنوان تجريبي (مع أقواس) 2024\n")


def test_show_an_unknown_id_is_one_message(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    library = tmp_path / "library.db"
    assert main(["stats", "--library", str(library)]) == 0
    capsys.readouterr()
    assert main(["show", "--library", str(library), "0123456789abcdef"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "0123456789abcdef" in err



@pytest.mark.parametrize(("given", "expected"), [(None, "1"), ("4", "4")])
def test_openblas_runs_one_thread_unless_the_user_says(
        given: str | None, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`analyze --accurate` took 4.4 s for the seed with OpenBLAS's threads spinning on small
    matrices, 2.6 s with one."""
    if given is None:
        monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    else:
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", given)
    with pytest.raises(SystemExit):
        main(["show", "--help"])
    assert os.environ["OPENBLAS_NUM_THREADS"] == expected
