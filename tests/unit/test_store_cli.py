"""The headless library commands: stdout data, stderr messages, exit codes, JSON, logical order."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import LibraryAt
from support.http import RoutesHandler, serving

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


@pytest.fixture(autouse=True)
def library_of_the_backend(backend: str, library_at: LibraryAt,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command of a test uses one library: the XDG file on SQLite, a database given by
    READER_LIBRARY on PostgreSQL."""
    if backend == "postgres":
        monkeypatch.setenv("READER_LIBRARY", library_at("cli").url)


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


class _FeedHandler(RoutesHandler):
    routes: ClassVar[dict[str, bytes]] = {}
    hits: ClassVar[list[str]] = []


LATER_ITEM = ("<item><title>Aqaba port reopens</title><link>https://n.example/3</link>"
              "<description>The port of Aqaba reopened on Monday.</description></item>")


@pytest.mark.parametrize(("flags", "analysed"), [((), 1), (("--no-analyze",), 0)])
def test_refresh_analyses_what_it_adds_unless_told_not_to(
    flags: tuple[str, ...], analysed: int, capsys: pytest.CaptureFixture[str]
) -> None:
    _FeedHandler.routes = {"/rss": RSS.encode()}
    with serving(_FeedHandler) as base:
        assert run("import", f"{base}/rss") == 0  # subscribed, and its two articles stored
        _FeedHandler.routes = {"/rss": RSS.replace("</channel>", LATER_ITEM + "</channel>")
                               .encode()}
        assert run("refresh", "--timeout", "5", *flags) == 0
    assert "1 new article" in capsys.readouterr().err
    assert run("stats", "--json") == 0
    assert json.loads(capsys.readouterr().out)["analyzed"] == analysed


def test_refresh_without_subscriptions(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("refresh") == 0
    assert "no subscriptions" in capsys.readouterr().err


def test_unopenable_library_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 200)
    assert run("stats", "--library", str(junk)) == 3
    assert "cannot open the library" in capsys.readouterr().err


def _folder_with_one_unreadable_file(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("First title\nA paragraph about Damascus.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Second title\nAnother paragraph.\n", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    return folder


def test_one_unreadable_file_in_a_folder_is_a_summary_then_the_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("import", str(_folder_with_one_unreadable_file(tmp_path))) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "reader: 2 new articles, 0 already present, 1 source failed"
    assert lines[1] == "reader: 1 source could not be imported:"
    assert lines[2].startswith("  ") and "bad.txt" in lines[2] and "binary" in lines[2]
    assert len(lines) == 3


def test_import_where_every_source_fails_exits_4(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder_with_one_unreadable_file(tmp_path)
    assert run("import", str(folder / "bad.txt"), str(tmp_path / "missing")) == 4
    assert "2 sources could not be imported" in capsys.readouterr().err


def test_import_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run("import", "--help")
    help_text = " ".join(capsys.readouterr().out.split())
    assert "1 some failed, the others were imported" in help_text
    assert "4 every source failed" in help_text


def test_one_new_article_is_singular(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "one.txt"
    path.write_text("A title\nA paragraph.\n", encoding="utf-8")
    assert run("import", str(path)) == 0
    assert capsys.readouterr().err == "reader: 1 new article, 0 already present\n"


def test_stats_shows_the_real_seed_date(capsys: pytest.CaptureFixture[str]) -> None:
    seed = Path(__file__).resolve().parents[2] / "seeds" / "000_eb7556d38df37801.txt"
    assert run("import", str(seed)) == 0
    assert run("search", "السويداء") == 0
    out = capsys.readouterr().out
    assert "\t2024-12-06\tكوردستريت\t" in out
    assert run("stats") == 0
    out = capsys.readouterr().out
    assert "oldest        2024-12-06" in out and "newest        2024-12-06" in out


def _many_matches(library_at: LibraryAt, count: int) -> str:
    """A library of ``count`` matches for سوريا; its --library argument."""
    from reader.model.article import Article
    from reader.store import Library

    where = library_at("many")
    with Library.open(where) as library:
        library.add(
            [Article(title=f"Item {n}", paragraphs=(f"سوريا خبر رقم {n}",), source="Wire")
             for n in range(count)]
        )
    return where.url or str(where.path)


def test_export_and_search_write_every_match_beyond_five_thousand(
    library_at: LibraryAt, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 16: ``export QUERY`` wrote the 5,000 most recent matches and dropped the rest."""
    path = _many_matches(library_at, 5_003)
    assert run("export", "سوريا", "--library", path) == 0
    exported = capsys.readouterr()
    assert len({json.loads(line)["id"] for line in exported.out.splitlines()}) == 5_003
    assert "exported 5003 articles" in exported.err
    assert run("search", "سوريا", "--library", path) == 0
    assert len(capsys.readouterr().out.splitlines()) == 5_003


def test_search_and_export_stop_at_the_limit_asked(
    library_at: LibraryAt, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _many_matches(library_at, 30)
    assert run("search", "سوريا", "--limit", "7", "--library", path) == 0
    assert len(capsys.readouterr().out.splitlines()) == 7
    assert run("export", "--limit", "3", "--library", path) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    with pytest.raises(SystemExit):
        run("search", "سوريا", "--limit", "0", "--library", path)


def test_tag_and_shared_tag_from_the_command_line(
    feed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("import", str(feed)) == 0
    assert run("search", "water", "--json") == 0
    [water] = [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]
    assert run("tag", "follow", water) == 0
    assert run("tag", "--shared", "#urgent", water, "0000000000000000") == 1
    err = capsys.readouterr().err
    assert "no article '0000000000000000'" in err
    assert "reader: shared tag #urgent added to 1 article" in err
    assert run("export", "water") == 0
    [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["tags"] == ["follow"] and record["shared_tags"] == ["urgent"]
    assert run("export", "water", "--format", "md") == 0
    assert "#follow · #urgent (shared)" in capsys.readouterr().out
    assert run("tag", "--shared", "--remove", "urgent", water) == 0
    assert run("export", "water") == 0
    [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["shared_tags"] == []


@pytest.mark.parametrize("command", ["import", "refresh", "search", "export", "tag", "stats"])
def test_a_command_built_alone_reads_and_helps_as_among_all(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``reader COMMAND`` builds only its own parser: the same help, the same reading."""
    def parser(only: str | None) -> argparse.ArgumentParser:
        built = argparse.ArgumentParser(prog="reader")
        cli.add_parsers(built.add_subparsers(dest="command", required=True), only=only)
        return built

    def help_of(built: argparse.ArgumentParser) -> str:
        with pytest.raises(SystemExit):
            built.parse_args([command, "--help"])
        return capsys.readouterr().out

    alone, among_all = parser(command), parser(None)
    assert help_of(alone) == help_of(among_all)
    argv = {"import": ["a.rss"], "search": ["q"], "tag": ["t", "1"]}.get(command, [])
    assert alone.parse_args([command, *argv]) == among_all.parse_args([command, *argv])
    other = "stats" if command != "stats" else "tag"
    with pytest.raises(SystemExit):
        alone.parse_args([other])
