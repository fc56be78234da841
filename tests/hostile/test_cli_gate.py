"""Every CLI command and message path, fed hostile file names and hostile text: no raw escape,
C1 control, bidi override or isolate reaches stdout or stderr (issue 14, cases 1, 2, 5, 8)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.store import Library, Subscription

from .inputs import (
    HOSTILE_NAMES,
    NOT_UTF8_NAME,
    OSC_TITLE,
    leaks,
    write_bad_files,
    write_hostile_folder,
)

Run = tuple[int, str, str]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_clean(result: Run) -> None:
    _code, out, err = result
    assert leaks(out) == [], f"stdout leaks {leaks(out)}: {out[:300]!r}"
    assert leaks(err) == [], f"stderr leaks {leaks(err)}: {err[:300]!r}"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / f"in{OSC_TITLE}"
    write_hostile_folder(folder)
    return folder


@pytest.fixture
def library(tmp_path: Path, hostile: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / f"lib{OSC_TITLE}.db"
    assert_clean(run(capsys, "import", "--library", str(path), str(hostile)))
    with Library.open(path) as opened:
        opened.add_subscription(Subscription(
            url=f"http://127.0.0.1:9/{OSC_TITLE}feed", title=f"Feed {OSC_TITLE}\u202e\x9b1m"))
    return path


def test_import_of_hostile_names_stores_every_article(
    tmp_path: Path, hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "library.db"
    result = run(capsys, "import", "--library", str(path), str(hostile))
    assert_clean(result)
    assert result[0] == 0, result[2]
    with Library.open(path) as opened:
        assert opened.stats().articles == len(HOSTILE_NAMES) + 1, "no record lost"


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_each_message_quotes_a_hostile_name_visibly(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / f"empty{name}"
    plain = tmp_path / "empty-plain.txt"
    for path in (bad, plain):
        path.write_text("  \n", encoding="utf-8")
    for command in (["import", "--library", str(tmp_path / "l.db")],
                    ["show"], ["analyze"], ["analyze", "--json"]):
        code, out, err = run(capsys, *command, str(bad))
        assert_clean((code, out, err))
        assert code != 0 and "empty" in err, command
        _code, _out, plain_err = run(capsys, *command, str(plain))
        assert len(err.strip().splitlines()) == len(plain_err.strip().splitlines()), (
            f"a name forged a message line: {err!r}"
        )


def test_escapes_in_names_are_shown_not_executed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (bad,) = write_bad_files(tmp_path / "bad")[:1]
    _code, _out, err = run(capsys, "show", str(bad))
    assert "\\x1b]0;PWN\\x1b\\" in err


def test_a_name_that_is_not_utf8_is_read_and_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / NOT_UTF8_NAME
    path.write_text("A title\n\nA body of text.\n", encoding="utf-8")
    result = run(capsys, "show", "--logical", str(path))
    assert result[0] == 0 and "A body of text." in result[1]
    code, out, _err = run(capsys, "analyze", str(path))
    assert code == 0 and "z\\xff.txt" in out
    assert_clean(run(capsys, "import", "--library", str(tmp_path / "l.db"), str(path)))
    with Library.open(tmp_path / "l.db") as opened:
        assert opened.stats().articles == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "--logical"],
        ["show", "--visual", "--width", "60"],
        ["analyze"],
        ["analyze", "--json"],
    ],
)
def test_file_commands(
    hostile: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    for path in sorted(hostile.iterdir()):
        if argv[0] == "show" and path.suffix == ".json":
            continue  # one article each: shown below through analyze
        result = run(capsys, *argv, str(path))
        assert result[0] == 0, (path, result[2])
        assert_clean(result)
    result = run(capsys, *argv, str(hostile)) if argv[0] == "analyze" else (0, "", "")
    assert_clean(result)


def test_analyze_json_survives_a_lone_surrogate_and_keeps_the_text(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "analyze", "--json", str(hostile))
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == len(HOSTILE_NAMES) + 1
    paths = {record["path"] for record in records}
    assert any("\x1b]0;PWN" in path for path in paths), "JSON keeps the original name"


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "article"],
        ["search", "article", "--json"],
        ["search", "nothing-like-this"],
        ["search", f"article {OSC_TITLE}\u202e"],
        ["export"],
        ["export", "--format", "md"],
        ["export", "--format", "opml"],
        ["export", "article", "--format", "json"],
        ["stats"],
        ["stats", "--json"],
        ["refresh", "--timeout", "2"],
        ["refresh", "--json", "--timeout", "2"],
    ],
)
def test_library_commands(
    library: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys, *argv, "--library", str(library))
    assert_clean(result)
    assert "Traceback" not in result[2]


def test_export_json_keeps_the_original_text_for_a_json_reader(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "export", "--library", str(library))
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    origins = [origin for record in records for origin in record["origins"]]
    assert any("\x1b]0;PWN" in origin for origin in origins)


def test_tui_messages_before_the_app_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / f"gone{OSC_TITLE}\u202e")
    result = run(capsys, missing)
    assert result[0] == 2
    assert_clean(result)
    assert "\\x1b]0;PWN" in result[2]


NAME_PIECES = st.sampled_from(
    ["\x1b]0;T\x07", "\x1b[2J", "\x1b", "\x9b", "\x9d", "\x9c", "\u202e", "\u2066", "\u200f",
     "\n", "\r", "\t", "a", "م", os.fsdecode(b"\xff")]
)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.lists(NAME_PIECES, min_size=1, max_size=6).map("".join),
       text=st.text(max_size=30) | st.lists(NAME_PIECES, max_size=8).map("".join))
def test_generated_names_and_json_text(
    name: str, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Any name and any JSON text, through show (a message) and analyze --json (data)."""
    with tempfile.TemporaryDirectory() as temp:
        empty = Path(temp, f"{name}.txt")
        empty.write_text(" \n", encoding="utf-8")
        article = Path(temp, f"{name}.json")
        article.write_text(json.dumps({"title": f"T {text}", "body": f"Body {text} end."}),
                           encoding="utf-8")
        result = run(capsys, "show", str(empty))
        assert result[0] == 1
        assert_clean(result)
        assert len(result[2].strip().splitlines()) == 1, "one message, one line"
        result = run(capsys, "analyze", "--json", str(article))
        assert_clean(result)
        assert json.loads(result[1])["path"] == str(article)
