"""Importing files, folders, feeds and OPML; refresh over a local HTTP server; bad input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import LibraryAt
from support.http import QuietHandler, serving

from reader.model.article import Article
from reader.services.intake import (
    RefreshProgress,
    ensure_seeded,
    import_paths,
    refresh,
)
from reader.sources.files import MAX_SOURCE_BYTES
from reader.sources.opml import write_opml
from reader.store import All, Library, Source

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>أخبار الجنوب</title><link>https://news.example/</link>
<item><title>اشتباكات في السويداء</title><link>https://news.example/1</link>
<pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate>
<description>ملخص قصير</description>
<content:encoded><![CDATA[<p>اندلعت اشتباكات <b>والسويداء</b> هادئة.</p><p>الفقرة الثانية.</p>
<script>alert(1)</script>]]></content:encoded></item>
<item><title>Second item</title><link>https://news.example/2</link>
<description>&lt;p&gt;Only a summary here.&lt;/p&gt;</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>חדשות</title>
<entry><title>פגישה בירושלים</title><id>urn:1</id><link href="https://he.example/1"/>
<updated>2024-05-01T08:00:00Z</updated>
<content type="html">&lt;p&gt;ראש הממשלה נפגש בירושלים.&lt;/p&gt;</content></entry>
</feed>
"""


def opml(*urls: str) -> str:
    outlines = "".join(f'<outline text="feed {i}" xmlUrl="{u}"/>' for i, u in enumerate(urls))
    return (
        '<?xml version="1.0"?><opml version="2.0"><head><title>subs</title></head><body>'
        f'<outline text="Middle East">{outlines}</outline></body></opml>'
    )


def simple_loader(path: Path) -> list[Article]:
    """Stands in for reader.parsing: title on the first line, then paragraphs."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return [Article(title=lines[0], paragraphs=tuple(x for x in lines[1:] if x), path=path)]


@pytest.fixture
def lib(library_at: LibraryAt) -> Iterator[Library]:
    library = Library.open(library_at("lib"))
    yield library
    library.close()


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# -- good input ------------------------------------------------------------------------------


def test_import_rss_file_with_full_text(lib: Library, tmp_path: Path) -> None:
    result = import_paths(lib, [write(tmp_path / "news.rss", RSS)])
    assert result.errors == [] and len(result.added) == 2
    [row] = lib.search("سويداء")
    stored = lib.get(row.id)
    assert stored is not None
    assert stored.article.paragraphs == ("اندلعت اشتباكات والسويداء هادئة.", "الفقرة الثانية.")
    assert stored.article.source == "أخبار الجنوب"
    assert stored.article.extra["full_text"] == "yes"
    assert str(stored.article.published) == "2024-05-06"
    second = lib.get(lib.search("summary")[0].id)
    assert second is not None and second.article.paragraphs == ("Only a summary here.",)
    again = import_paths(lib, [tmp_path / "news.rss"])
    assert again.added == [] and len(again.duplicates) == 2


def test_import_atom_file(lib: Library, tmp_path: Path) -> None:
    result = import_paths(lib, [write(tmp_path / "feed.atom", ATOM)])
    assert result.errors == [] and len(result.added) == 1
    assert lib.count(Source("חדשות")) == 1
    assert lib.search("ירושלים")[0].title == "פגישה בירושלים"


def test_import_opml_stores_subscriptions_without_fetching(lib: Library, tmp_path: Path) -> None:
    source = write(tmp_path / "subs.opml", opml("https://a.example/rss", "https://b.example/atom"))
    result = import_paths(lib, [source])
    assert result.errors == [] and result.added == []
    assert result.subscriptions == ["https://a.example/rss", "https://b.example/atom"]
    subs = lib.subscriptions()
    assert {s.folder for s in subs} == {"Middle East"}
    assert all(s.last_fetched is None for s in subs)
    assert "https://a.example/rss" in write_opml(subs)


def test_import_folder(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    write(folder / "one.txt", "First title\nfirst body")
    write(folder / "sub" / "two.md", "Second title\nsecond body")
    write(folder / "feed.xml", ATOM)
    write(folder / "README.md", "not an article")
    write(folder / ".hidden.txt", "Hidden\nbody")
    write(folder / "picture.png", b"\x89PNG\x00\x00")
    result = import_paths(lib, [folder], loader=simple_loader)
    assert result.errors == []
    assert sorted(r.title for r in lib.query(All())) == [
        "First title",
        "Second title",
        "פגישה בירושלים",
    ]
    stored = lib.get(lib.search("first")[0].id)
    assert stored is not None and stored.origins == (str((folder / "one.txt").resolve()),)


def test_import_folder_with_the_real_parser(lib: Library, tmp_path: Path) -> None:
    pytest.importorskip("reader.parsing")
    write(tmp_path / "in" / "a.txt", "A headline\n\nA first paragraph of text.\n")
    result = import_paths(lib, [tmp_path / "in"])
    assert result.errors == [] and len(result.added) == 1


def test_ensure_seeded_runs_once(lib: Library) -> None:
    first = ensure_seeded(lib)
    assert first is not None and first.errors == []
    assert len(first.added) >= 1
    ids = lib.ids(All())
    lib.set_read(ids)
    assert ensure_seeded(lib) is None
    assert len(lib.ids(All())) == len(ids)


# -- bad input -------------------------------------------------------------------------------


def _assert_one_error_and_nothing_lost(lib: Library, result_errors: list[str], name: str) -> None:
    assert len(result_errors) == 1, result_errors
    assert name in result_errors[0]
    assert "\n" not in result_errors[0]
    assert lib.count(All()) >= 1
    assert lib.search("ירושלים")


@pytest.fixture
def seeded(lib: Library, tmp_path: Path) -> Library:
    import_paths(lib, [write(tmp_path / "keep.atom", ATOM)])
    lib.star(lib.ids(All()))
    return lib


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.rss", RSS[:400], "not a well-formed"),
        ("binary.txt", b"\x00\x01\x02\xff" * 100, "binary"),
        (
            "bogus.xml",
            RSS.replace("UTF-8", "x-klingon")
            .encode("utf-8")
            .replace("السويداء".encode(), "السويداء".encode("cp1256")),
            "unknown encoding",
        ),
        ("escapes.txt", "\x1b[2J\x1b[31m\x1b]0;title\x07" * 500 + "text", "escape"),
        ("empty.txt", "", "empty"),
        ("page.xml", "<html><body>hello</body></html>", "not an RSS"),
    ],
)
def test_bad_input_is_skipped_with_one_message(
    seeded: Library, tmp_path: Path, name: str, content: str | bytes, reason: str
) -> None:
    bad = write(tmp_path / "bad" / name, content)
    good = write(tmp_path / "good.txt", "Good title\ngood body")
    result = import_paths(seeded, [bad, good], loader=simple_loader)
    _assert_one_error_and_nothing_lost(seeded, result.errors, name)
    assert reason in result.errors[0]
    assert len(result.added) == 1  # the good source after the bad one still came in
    assert seeded.count(All()) == 2
    assert seeded.query(All(), limit=5)[-1].starred


def test_a_20_mb_file_is_refused(seeded: Library, tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(20 * 2**20)
    assert big.stat().st_size > MAX_SOURCE_BYTES
    result = import_paths(seeded, [big, tmp_path / "missing.rss"])
    assert len(result.errors) == 2
    assert "huge.txt" in result.errors[0] and "limit" in result.errors[0]
    assert "missing.rss" in result.errors[1] and "no such file" in result.errors[1]
    assert seeded.count(All()) == 1


def test_parser_errors_are_reported_per_file(seeded: Library, tmp_path: Path) -> None:
    pytest.importorskip("reader.parsing")
    bad = write(tmp_path / "weird.json", "{not json")
    result = import_paths(seeded, [bad])
    _assert_one_error_and_nothing_lost(seeded, result.errors, "weird.json")


# -- network (local server only) -------------------------------------------------------------


class _Handler(QuietHandler):
    routes: dict[str, tuple[int, bytes]] = {}
    hits: list[tuple[str, str]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.hits.append((self.path, self.headers.get("If-None-Match", "")))
        status, body = self.routes.get(self.path, (404, b"not found"))
        if self.headers.get("If-None-Match") == '"v1"' and self.path == "/rss":
            status, body = 304, b""
        fresh = {"ETag": '"v1"', "Content-Type": "application/rss+xml"}
        self.reply(status, body, headers=fresh if status == 200 else None)


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.routes = {
        "/rss": (200, RSS.encode()),
        "/atom": (200, ATOM.encode()),
        "/broken": (200, RSS[:300].encode()),
        "/gone": (500, b"oops"),
    }
    _Handler.hits = []
    with serving(_Handler) as base:
        yield base


def test_import_url_subscribes(lib: Library, server: str) -> None:
    result = import_paths(lib, [f"{server}/rss", f"{server}/nothing"], timeout=5)
    assert len(result.added) == 2
    assert result.subscriptions == [f"{server}/rss"]
    assert len(result.errors) == 1 and "HTTP 404" in result.errors[0]
    sub = lib.subscription(f"{server}/rss")
    assert sub is not None and sub.state["etag"] == '"v1"' and sub.title == "أخبار الجنوب"


def test_refresh_reports_failures_and_goes_on(lib: Library, server: str, tmp_path: Path) -> None:
    dead = "http://127.0.0.1:9/unreachable"
    urls = [f"{server}/rss", f"{server}/broken", dead, f"{server}/gone", f"{server}/atom"]
    import_paths(lib, [write(tmp_path / "s.opml", opml(*urls))])
    seen: list[RefreshProgress] = []
    outcome = refresh(lib, seen.append, timeout=5)
    assert (outcome.feeds, outcome.failed) == (5, 3)
    assert len(outcome.result.added) == 3
    assert [p.done for p in seen] == [1, 2, 3, 4, 5]
    errors = {p.url: p.error for p in seen}
    assert "well-formed" in errors[f"{server}/broken"]
    assert "cannot connect" in errors[dead]
    assert "HTTP 500" in errors[f"{server}/gone"]
    assert lib.subscription(dead).last_error  # type: ignore[union-attr]
    again_seen: list[RefreshProgress] = []
    again = refresh(lib, again_seen.append, timeout=5)
    assert again.not_modified == 1  # the ETag was sent back for /rss
    assert ("/rss", '"v1"') in _Handler.hits
    titles = {p.url: p.title for p in again_seen}  # the feed's own title, for the messages
    assert titles[f"{server}/rss"] == lib.subscription(f"{server}/rss").title != ""  # type: ignore[union-attr]


def test_unreachable_url_is_one_message(seeded: Library, tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "Good title\ngood body")
    result = import_paths(
        seeded, ["http://127.0.0.1:9/feed.xml", good], loader=simple_loader, timeout=3
    )
    _assert_one_error_and_nothing_lost(seeded, result.errors, "http://127.0.0.1:9/feed.xml")
    assert "cannot connect" in result.errors[0]
    assert len(result.added) == 1
    assert seeded.subscriptions() == []


def test_a_few_escape_sequences_are_removed_not_refused(lib: Library, tmp_path: Path) -> None:
    title = "A\x1b]0;PWNED\x07B \x1b[2J C"
    source = write(tmp_path / "hostile.txt", f"{title}\nbody text")
    result = import_paths(lib, [source], loader=simple_loader)
    assert result.errors == [] and len(result.added) == 1
    stored = lib.get(result.added[0])
    assert stored is not None and stored.article.title == "AB  C"


def test_refresh_dispatches_on_kind_and_an_unknown_kind_is_one_failure(
    lib: Library, tmp_path: Path
) -> None:
    from reader.store import Subscription

    feed = write(tmp_path / "feed.atom", ATOM)
    lib.add_subscription(Subscription("gopher://old.example/news", kind="gopher"))
    lib.add_subscription(Subscription(str(feed), kind="feed"))  # a feed must be a URL
    seen: list[RefreshProgress] = []
    outcome = refresh(lib, seen.append, timeout=3)
    assert (outcome.feeds, outcome.failed) == (2, 2)
    errors = {p.url: p.error for p in seen}
    assert "does not know ('gopher')" in errors["gopher://old.example/news"]
    assert "only http and https" in errors[str(feed)]


def test_devices_and_fifos_are_refused_without_reading(lib: Library, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    good = write(tmp_path / "good.txt", "Good title\ngood body")
    result = import_paths(lib, [fifo, zero, good], loader=simple_loader)
    assert len(result.errors) == 2
    assert all("not a regular file" in error for error in result.errors)
    assert len(result.added) == 1


# -- feeds read as a stream ------------------------------------------------------------------


def big_feed(path: Path, items: int, body_chars: int) -> Path:
    """An RSS file of ``items`` distinct items of about ``body_chars`` characters each."""
    words = "اشتباكات في السويداء والمدينة هادئة اليوم "
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                  "<title>أخبار</title>\n")  # fmt: skip
        for index in range(items):
            body = (words * (body_chars // len(words) + 1))[:body_chars]
            out.write(f"<item><title>خبر {index}</title><link>https://n.example/{index}</link>"
                      f"<description>{index} {body}</description></item>\n")  # fmt: skip
        out.write("</channel></rss>\n")
    return path


def test_a_feed_file_over_the_file_size_limit_is_imported(lib: Library, tmp_path: Path) -> None:
    feed = big_feed(tmp_path / "big.rss", items=24, body_chars=300_000)
    assert feed.stat().st_size > MAX_SOURCE_BYTES
    result = import_paths(lib, [feed])
    assert result.errors == [] and result.warnings == []
    assert len(result.added) == 24
    stored = lib.get(lib.search("خبر 23")[0].id)
    assert stored is not None and len(" ".join(stored.article.paragraphs)) > 290_000


def test_an_entry_over_the_text_limit_is_cut_with_one_warning(
    lib: Library, tmp_path: Path
) -> None:
    from reader.sources.feed_xml import MAX_ENTRY_CHARS

    feed = big_feed(tmp_path / "huge-entry.rss", items=2, body_chars=MAX_ENTRY_CHARS + 50_000)
    result = import_paths(lib, [feed])
    assert result.errors == [] and len(result.added) == 2
    assert len(result.warnings) == 2  # one per entry over the limit
    assert all("huge-entry.rss" in w and "cut" in w for w in result.warnings)
    for row in lib.query(All(), limit=5):
        stored = lib.get(row.id)
        assert stored is not None
        assert len(" ".join(stored.article.paragraphs)) <= MAX_ENTRY_CHARS


def test_a_feed_broken_part_way_keeps_what_came_before_and_says_so(
    lib: Library, tmp_path: Path
) -> None:
    good = big_feed(tmp_path / "whole.rss", items=700, body_chars=40).read_text(encoding="utf-8")
    broken = write(tmp_path / "broken.rss", good.replace("</channel></rss>", "<item><title>x"))
    result = import_paths(lib, [broken])
    [error] = result.errors
    assert "broken.rss" in error and "at line 704" in error  # the end: <item> never closed
    assert "imported the 700 articles before it" in error
    assert len(result.added) == 700  # more than one batch, all stored
    again = import_paths(lib, [big_feed(tmp_path / "whole.rss", items=700, body_chars=40)])
    assert again.added == [] and len(again.duplicates) == 700
