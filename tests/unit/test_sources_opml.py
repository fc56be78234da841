"""OPML lists: feeds and their folders, read as a stream, depth bounded (issue 14 item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.services.intake import import_paths
from reader.sources.errors import SourceError
from reader.sources.opml import MAX_DEPTH, ListedFeed, parse_opml, write_opml
from reader.store import Library


def nested(depth: int, inner: str = '<outline text="f" xmlUrl="https://deep.example/rss"/>') -> str:
    opening = "".join(f'<outline text="level {i}">' for i in range(depth))
    return f'<opml version="2.0"><body>{opening}{inner}{"</outline>" * depth}</body></opml>'


def test_feeds_and_folders() -> None:
    data = (
        '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        '<outline text="top" xmlUrl="https://a.example/rss" htmlUrl="https://a.example/"/>'
        '<outline text="الشرق الأوسط"><outline title="B" text="b" xmlUrl="https://b.example/">'
        '<outline text="inside a feed" xmlUrl="https://not.example/"/></outline>'
        '<outline text="empty"><outline text="C" xmlUrl=" https://c.example/ "/></outline>'
        "</outline><note><outline text=\"not in an outline\" xmlUrl=\"https://x.example/\"/></note>"
        '</body><body><outline xmlUrl="https://second-body.example/"/></body></opml>'
    ).encode()
    assert parse_opml(data, "subs.opml") == [
        ListedFeed("https://a.example/rss", "top", "https://a.example/", ""),
        ListedFeed("https://b.example/", "B", "", "الشرق الأوسط"),
        ListedFeed("https://c.example/", "C", "", "empty"),
    ]


def test_written_opml_reads_back() -> None:
    feeds = [ListedFeed("https://a.example/rss", "A", "https://a.example/", "News"),
             ListedFeed("https://b.example/rss", "B", "", "")]
    assert sorted(parse_opml(write_opml(feeds).encode(), "out.opml")) == sorted(feeds)


def test_depth_up_to_the_bound_is_read() -> None:
    # MAX_DEPTH - 1 folders around the feed: MAX_DEPTH outlines in all
    [feed] = parse_opml(nested(MAX_DEPTH - 1).encode(), "deep.opml")
    assert feed.folder == f"level {MAX_DEPTH - 2}"


@pytest.mark.parametrize("depth", [MAX_DEPTH, 1000, 100_000])
def test_deeper_nesting_is_one_error_not_a_crash(depth: int) -> None:
    with pytest.raises(SourceError, match=f"deep.opml: outlines nested more than {MAX_DEPTH}"):
        parse_opml(nested(depth).encode(), "deep.opml")


@pytest.mark.parametrize(
    ("text", "reason"),
    [("<opml><body><outline", "not a well-formed"), ("<html/>", "not an OPML"), ("", "no element")],
)
def test_malformed_opml(text: str, reason: str) -> None:
    with pytest.raises(SourceError, match=reason):
        parse_opml(text.encode(), "bad.opml")


def test_a_1000_deep_opml_does_not_stop_the_next_file(tmp_path: Path) -> None:
    deep = tmp_path / "deep.opml"
    deep.write_text(nested(1000), encoding="utf-8")
    after = tmp_path / "after.txt"
    after.write_text("After\n\nThe next file.", encoding="utf-8")
    with Library.open(tmp_path / "lib.db") as library:
        result = import_paths(library, [deep, after])
        assert library.subscriptions() == []
    assert len(result.errors) == 1 and str(deep) in result.errors[0]
    assert len(result.added) == 1
