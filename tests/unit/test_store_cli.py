"""The headless library commands: stdout data, stderr messages, exit codes, JSON, logical order."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from reader.cli import library as cli

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>أخبار</title>
<item><title>اشتباكات في السويداء</title><link>https://n.example/1</link>
<description>اندلعت اشتباكات والسويداء هادئة (45%) اليوم.</description></item>
<item><title>Water plan</title><link>https://n.example/2</link>
<description>The water plan was approved.</description></item>
</channel></rss>
"""


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="reader")
    cli.add_parsers(parser.add_subparsers(dest="command", required=True))
    return cli.run(parser.parse_args(list(argv)))


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    path = tmp_path / "feed.rss"
    path.write_text(RSS, encoding="utf-8")
    return path


def test_import_then_search(feed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("import", str(feed)) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "2 new articles" in captured.err
    assert run("search", "سويداء", "--json") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["title"] == "اشتباكات في السويداء"  # logical order, not escaped
    assert "السويداء" in lines[0]
    assert record["direction"] == "rtl"


def test_search_without_hits_exits_1(feed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("import", str(feed))
    capsys.readouterr()
    assert run("search", "nonexistentword") == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "nothing matches" in captured.err


def test_partial_import_failure_exits_1(
    feed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("import", str(feed), str(tmp_path / "missing"), "--json") == 1
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert len(result["added"]) == 2 and len(result["errors"]) == 1
    assert "missing" in captured.err


def test_export_formats(feed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("import", str(feed))
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<opml version="2.0"><body><outline text="x" xmlUrl="https://x.example/rss"/></body></opml>'
    )
    run("import", str(opml))
    capsys.readouterr()
    assert run("export") == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 2
    assert run("export", "--format", "md", "water") == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Water plan") and "السويداء" not in markdown
    assert run("export", "--format", "md", "سويداء") == 0
    assert "اندلعت اشتباكات والسويداء هادئة (45%) اليوم." in capsys.readouterr().out
    assert run("export", "--format", "opml") == 0
    assert 'xmlUrl="https://x.example/rss"' in capsys.readouterr().out


def test_stats(feed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("import", str(feed))
    capsys.readouterr()
    assert run("stats", "--json") == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["articles"] == 2 and stats["incoming"] == 2
    assert run("stats") == 0
    assert "articles      2" in capsys.readouterr().out


def test_refresh_without_subscriptions(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("refresh") == 0
    assert "no subscriptions" in capsys.readouterr().err


def test_unopenable_library_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 200)
    assert run("stats", "--library", str(junk)) == 3
    assert "cannot open the library" in capsys.readouterr().err
