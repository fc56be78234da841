"""Telegram channel exports: messages become articles, import by content, refresh by cursor,
hostile and malformed exports."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reader.cli import library as cli
from reader.services.intake import import_paths, refresh
from reader.sources.errors import SourceError
from reader.sources.registry import open_source, recognise
from reader.sources.telegram import (
    TITLE_LIMIT,
    TelegramSource,
    headline,
    looks_like_export,
    message_text,
    read_export,
)
from reader.store import All, Library, Source

ARABIC = "قصف مدفعي على أطراف المدينة\nأفاد مراسلنا بسقوط قذائف على الأحياء الشرقية صباح اليوم."


def message(
    ident: object, text: object, when: str = "2024-12-06T10:15:00", **more: object
) -> dict[str, Any]:
    return {"id": ident, "type": "message", "date": when, "text": text, **more}


def export(*messages: object, username: str = "wire_news", **more: Any) -> dict[str, Any]:
    root: dict[str, Any] = {"name": "الخبر العاجل", "type": "public_channel", "id": 1234567}
    if username:
        root["username"] = username
    return {**root, **more, "messages": list(messages)}


def sample() -> dict[str, Any]:
    return export(
        {"id": 1, "type": "service", "date": "2024-12-06T09:00:00", "action": "create_channel",
         "title": "الخبر العاجل", "text": ""},
        message(2, ARABIC),
        message(
            3,
            ["Ceasefire ", {"type": "bold", "text": "talks resume"}, " in Cairo. ",
             {"type": "text_link", "text": "Full report", "href": "https://x.example"},
             "\nDelegations met on Friday."],
            "2024-12-07T08:00:00",
        ),
        {"id": 4, "type": "service", "date": "2024-12-07T09:00:00", "action": "pin_message",
         "message_id": 3, "text": ""},
        message(5, "", photo="photos/photo_1.jpg"),  # a photo without a caption
    )


def write_export(path: Path, root: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(root, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = Library.open(tmp_path / "lib.db")
    yield library
    library.close()


# -- reading an export -----------------------------------------------------------------------


def test_messages_with_text_become_articles() -> None:
    data = json.dumps(sample(), ensure_ascii=False).encode()
    harvest = read_export(data, "result.json")
    assert harvest.problems == []
    assert harvest.title == "الخبر العاجل"
    assert harvest.state == {"last_id": 5}
    arabic, english = harvest.articles
    assert arabic.title == "قصف مدفعي على أطراف المدينة"
    assert arabic.paragraphs == ("أفاد مراسلنا بسقوط قذائف على الأحياء الشرقية صباح اليوم.",)
    assert arabic.published == date(2024, 12, 6)
    assert arabic.url == "https://t.me/wire_news/2"
    assert arabic.source == "الخبر العاجل"
    assert arabic.lang == "ar"
    assert english.title == "Ceasefire talks resume in Cairo. Full report"
    assert english.paragraphs == ("Delegations met on Friday.",)
    assert english.url == "https://t.me/wire_news/3"
    assert english.extra["message_id"] == "3"


def test_formatted_pieces_are_joined_and_text_entities_are_the_fallback() -> None:
    assert message_text(["a ", {"type": "italic", "text": "b"}, {"type": "x"}, 7, " c"]) == "a b c"
    assert message_text(None) == "" and message_text({"text": "x"}) == ""
    entities = [{"type": "plain", "text": "From the "}, {"type": "hashtag", "text": "#wire"}]
    harvest = read_export(json.dumps(export(message(9, "", text_entities=entities))).encode(), "e")
    assert [a.title for a in harvest.articles] == ["From the #wire"]


def test_a_one_line_message_is_title_and_body() -> None:
    harvest = read_export(json.dumps(export(message(1, "Breaking: port reopened"))).encode(), "e")
    [article] = harvest.articles
    assert article.title == "Breaking: port reopened"
    assert article.paragraphs == ("Breaking: port reopened",)


def test_a_long_first_line_is_cut_at_its_first_sentence_or_a_word() -> None:
    sentence = "Rockets hit the northern district overnight. " + "More details follow. " * 10
    assert headline(sentence) == "Rockets hit the northern district overnight."
    words = "كلمة " * 60
    title = headline(words.strip())
    assert title.endswith("…") and len(title) <= TITLE_LIMIT + 1
    assert not title[:-1].endswith(" ")


def test_no_link_without_a_plausible_username() -> None:
    for username in ("", "a/../../evil", "x" * 40):
        harvest = read_export(
            json.dumps(export(message(1, "Title"), username=username)).encode(), "e"
        )
        assert harvest.articles[0].url == ""


def test_only_messages_after_the_cursor() -> None:
    data = json.dumps(sample(), ensure_ascii=False).encode()
    harvest = TelegramSource(location="result.json").harvest(data, {"last_id": 2})
    assert [a.extra["message_id"] for a in harvest.articles] == ["3"]
    assert harvest.state == {"last_id": 5}
    for bad_cursor in ("2", -1, True, None, [2]):
        again = TelegramSource(location="result.json").harvest(data, {"last_id": bad_cursor})
        assert len(again.articles) == 2  # a damaged cursor reads everything again


def test_recognised_by_content_not_by_name() -> None:
    data = json.dumps(sample(), ensure_ascii=False).encode()
    assert looks_like_export(data) and recognise(data) == "telegram"
    plain = json.dumps({"title": "An article", "body": "text", "type": "public_channel"}).encode()
    articles = json.dumps([{"title": "A", "messages": []}]).encode()
    assert not looks_like_export(plain) and not looks_like_export(articles)
    assert recognise(b'<?xml version="1.0"?><rss version="2.0"></rss>') == "feed"


def test_open_source_by_kind() -> None:
    source = open_source("telegram", "/exports/result.json", name="Wire")
    assert isinstance(source, TelegramSource) and source.kind == "telegram"
    with pytest.raises(SourceError, match="does not know"):
        open_source("gopher", "gopher://old.example")


# -- hostile and malformed exports -------------------------------------------------------------


def test_hostile_text_is_sanitized_before_storage(lib: Library, tmp_path: Path) -> None:
    root = export(
        message(1, "Title \x1b]0;PWNED\x07here\u202e\nBody \x1b[2J text\x9b31m \ud800 end"),
        name="Chan\x1b]52;c;UFdO\x07nel",
    )
    path = tmp_path / "result.json"
    path.write_text(json.dumps(root), encoding="utf-8")  # \ud800 stays escaped in the JSON
    result = import_paths(lib, [path])
    assert result.errors == [] and len(result.added) == 1
    stored = lib.get(result.added[0])
    assert stored is not None
    article = stored.article
    everything = " ".join((article.title, article.source, *article.paragraphs))
    for bad in ("\x1b", "\x07", "\x9b", "\u202e", "\ud800"):
        assert bad not in everything
    assert article.title.startswith("Title ") and "PWNED" not in article.title
    assert article.source.startswith("Chan") and "UFdO" not in article.source


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"name": "x", "type": "public_channel", "messages": [{"id": 1, ', "well-formed"),
        (b'{"name": "x", "type": "public_channel", "messages": "none"}', "no list of messages"),
        (b'{"name": "x", "type": "public_channel", "messages": [\xff\xfe]}', "not UTF-8"),
        (b'{"name": "x", "type": "public_channel", "messages": ' + b"[" * 100_000, "too deeply"),
    ],
    ids=["truncated", "no-list", "not-utf8", "deep-and-truncated"],
)
def test_a_malformed_export_is_one_error_naming_the_file(
    lib: Library, tmp_path: Path, content: bytes, reason: str
) -> None:
    bad = tmp_path / "broken" / "result.json"
    bad.parent.mkdir()
    bad.write_bytes(content)
    good = write_export(tmp_path / "good" / "result.json", sample())
    result = import_paths(lib, [bad, good])
    assert len(result.errors) == 1, result.errors
    assert str(bad) in result.errors[0] and reason in result.errors[0]
    assert "\n" not in result.errors[0]
    assert len(result.added) == 2  # the good export after the bad one still came in


def test_deep_nesting_is_refused_without_a_crash() -> None:
    deep = b'{"name": "x", "type": "public_channel", "messages": [' + b"[" * 200_000
    deep += b"]" * 200_001 + b"}"
    with pytest.raises(SourceError, match="result.json"):
        read_export(deep, "result.json")


def test_a_malformed_message_is_one_problem_and_the_others_come_in() -> None:
    root = export(message(1, "First"), "not an object", {"type": "message", "text": "no id"},
                  message(True, "a boolean id"), message(4, "Fourth"))
    harvest = read_export(json.dumps(root).encode(), "result.json")
    assert [a.title for a in harvest.articles] == ["First", "Fourth"]
    assert len(harvest.problems) == 3
    assert all(p.startswith("result.json: message ") for p in harvest.problems)
    assert harvest.state == {"last_id": 4}


def test_a_bad_date_is_no_date() -> None:
    harvest = read_export(json.dumps(export(message(1, "T", when="yesterday"))).encode(), "e")
    assert harvest.articles[0].published is None


# -- import and refresh ------------------------------------------------------------------------


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="reader")
    cli.add_parsers(parser.add_subparsers(dest="command", required=True))
    return cli.run(parser.parse_args(list(argv)))


def test_reader_import_result_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_export(tmp_path / "ChatExport_2024-12-07" / "result.json", sample())
    library = tmp_path / "lib.db"
    assert run("import", "--library", str(library), str(path)) == 0
    assert "2 new articles, 0 already present, 1 subscription" in capsys.readouterr().err
    with Library.open(library) as lib:
        assert lib.count(Source("الخبر العاجل")) == 2
        [sub] = lib.subscriptions()
        assert (sub.url, sub.kind, dict(sub.state)) == (str(path), "telegram", {"last_id": 5})
        assert sub.title == "الخبر العاجل"
    assert run("export", "--library", str(library), "--format", "opml") == 0
    assert str(path) not in capsys.readouterr().out  # OPML lists feeds only


def test_a_folder_with_an_export_and_plain_json_articles(lib: Library, tmp_path: Path) -> None:
    write_export(tmp_path / "in" / "wire" / "result.json", sample())
    article = {"title": "A JSON article", "body": "Its only paragraph."}
    (tmp_path / "in" / "article.json").write_text(json.dumps(article), encoding="utf-8")
    result = import_paths(lib, [tmp_path / "in"])
    assert result.errors == []
    titles = sorted(row.title for row in lib.query(All()))
    assert titles == sorted(["A JSON article", "قصف مدفعي على أطراف المدينة",
                             "Ceasefire talks resume in Cairo. Full report"])


def test_refresh_reads_the_file_again_and_takes_only_newer_messages(
    lib: Library, tmp_path: Path
) -> None:
    path = write_export(tmp_path / "result.json", sample())
    import_paths(lib, [path])
    assert lib.count(All()) == 2
    unchanged = refresh(lib)
    assert (unchanged.feeds, unchanged.failed, unchanged.result.added) == (1, 0, [])
    later = sample()
    later["messages"].append(message(6, "Second wave of talks\nDelegations return on Monday."))
    # an old message edited in the new export is not taken again: it is behind the cursor
    later["messages"][1] = message(2, ARABIC + "\nتحديث")
    write_export(path, later)
    outcome = refresh(lib)
    assert outcome.failed == 0 and len(outcome.result.added) == 1
    assert lib.get(outcome.result.added[0]).article.title == "Second wave of talks"  # type: ignore[union-attr]
    assert dict(lib.subscriptions()[0].state) == {"last_id": 6}


def test_refresh_of_a_vanished_or_broken_export_is_reported(lib: Library, tmp_path: Path) -> None:
    path = write_export(tmp_path / "result.json", sample())
    import_paths(lib, [path])
    path.write_text("{broken", encoding="utf-8")
    outcome = refresh(lib)
    assert outcome.failed == 1 and str(path) in outcome.result.errors[0]
    path.unlink()
    outcome = refresh(lib)
    assert outcome.failed == 1 and "cannot be read" in outcome.result.errors[0]
    assert lib.subscriptions()[0].last_error
