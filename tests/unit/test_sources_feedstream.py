"""The streaming feed parser (expat) against feedparser, which it replaced on the import path:
the same articles from every feed written in the tests, from hand-written feeds of every kind,
and from generated feeds; then what only a stream can do (chunks, errors part way, the text
limit, entity bombs)."""

from __future__ import annotations

import ast
import codecs
import importlib.util
import random
import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import pytest

from reader.model.article import FULL_TEXT, LINKS, Article
from reader.sources.errors import SourceError
from reader.sources.feed_dates import feed_date
from reader.sources.feed_xml import FeedScanner
from reader.sources.feeds import FeedStream, ParsedFeed, parse_feed
from reader.sources.html_text import html_to_paragraphs, html_to_text_and_links, text_to_paragraphs
from reader.sources.xml_text import decode_xml, sniff, strip_declaration

feedparser = pytest.importorskip("feedparser")

TESTS = Path(__file__).resolve().parent.parent
BENCH = TESTS.parent / "bench"


# -- the parser it replaced (reader.sources.feeds before the stream), kept as the reference ----


def feedparser_feed(data: bytes, origin: str, folder: str = "") -> ParsedFeed:
    text = strip_declaration(decode_xml(data, origin))
    utf8 = ('<?xml version="1.0" encoding="utf-8"?>\n' + text).encode("utf-8")
    parsed: Any = feedparser.parse(utf8, sanitize_html=False, resolve_relative_uris=False)
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(
        problem, feedparser.exceptions.CharacterEncodingOverride
    ):
        raise SourceError(f"{origin}: not a well-formed RSS/Atom feed")
    if not parsed.get("version"):
        raise SourceError(f"{origin}: not an RSS or Atom feed")
    meta = parsed.get("feed", {})
    title = _old_plain(meta.get("title", "")) or urlsplit(origin).netloc or origin
    feed = ParsedFeed(title=title, site_url=str(meta.get("link", "")))
    for entry in parsed.get("entries", []):
        article = _old_article(entry, title, origin, folder)
        if article is not None:
            feed.articles.append(article)
    return feed


def _old_article(entry: Any, feed_title: str, feed_url: str, folder: str) -> Article | None:
    contents = [c for c in entry.get("content", []) if c.get("value")]
    if contents:
        best = max(contents, key=lambda c: len(c.get("value", "")))
        value, mime, full = best.get("value", ""), best.get("type", ""), True
    else:
        summary = entry.get("summary_detail") or {}
        value, mime, full = entry.get("summary", ""), summary.get("type", "text/html"), False
    paragraphs, links = _old_paragraphs(value, mime)
    title = _old_plain(entry.get("title", ""))
    if not title and paragraphs:
        title = paragraphs[0][:80]
    if not title:
        return None
    tags = [str(t.get("term", "")) for t in entry.get("tags", []) if t.get("term")]
    extra = {"feed": feed_url, FULL_TEXT: "yes" if full else "no"}
    if links:
        extra[LINKS] = "\n".join(links)
    for key in ("id", "author"):
        if entry.get(key):
            extra[key] = str(entry.get(key))
    published = None
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            published = date(value[0], value[1], value[2])
            break
    return Article(
        title=title, paragraphs=paragraphs, source=feed_title, kind="feed",
        category=folder or (tags[0] if tags else ""), published=published,
        url=str(entry.get("link", "")), extra=extra,
    )  # fmt: skip


def _old_paragraphs(value: str, mime: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if "html" in mime or "<" in value:
        return html_to_text_and_links(value)
    return text_to_paragraphs(value), ()


def _old_plain(value: str) -> str:
    return " ".join(html_to_paragraphs(value)) if "<" in value or "&" in value else value.strip()


def assert_same_as_feedparser(data: bytes, origin: str = "https://feeds.example/x") -> None:
    old = feedparser_feed(data, origin)
    new = parse_feed(data, origin)
    assert (new.title, new.site_url) == (old.title, old.site_url)
    assert new.articles == old.articles
    assert new.articles  # a comparison of two empty lists would prove nothing


# -- every feed the tests write ------------------------------------------------------------------


def feeds_in_tests() -> Iterator[tuple[str, bytes]]:
    """Every string or bytes literal in the tests that is an RSS/Atom feed with entries."""
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
                value = node.value
                data = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value
                if sniff(data) == "feed" and (b"<item" in data or b"<entry" in data):
                    yield f"{path.relative_to(TESTS)}:{node.lineno}", data


TEST_FEEDS = dict(feeds_in_tests())


def test_the_tests_hold_feeds_to_compare() -> None:
    assert len(TEST_FEEDS) >= 5, sorted(TEST_FEEDS)


@pytest.mark.parametrize("where", sorted(TEST_FEEDS))
def test_every_feed_in_the_tests_reads_as_feedparser_read_it(where: str) -> None:
    data = TEST_FEEDS[where]
    try:
        feedparser_feed(data, "https://feeds.example/x")
    except SourceError:
        with pytest.raises(SourceError):  # a feed refused before is refused now
            parse_feed(data, "https://feeds.example/x")
        return
    assert_same_as_feedparser(data)


# -- hand-written feeds of every kind ------------------------------------------------------------

RSS2 = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel><title>أخبار &amp; تقارير</title><link>https://n.example/</link>
<atom:link rel="self" href="https://n.example/feed"/>
<image><title>logo</title><url>https://n.example/logo.png</url></image>
<item><title>الأول</title><link>https://n.example/1</link><guid isPermaLink="false">a-1</guid>
<dc:creator>كاتب</dc:creator><dc:date>2024-05-06T23:30:00-05:00</dc:date>
<category domain="x">سياسة</category><category>اقتصاد</category>
<description>ملخص</description><content:encoded><![CDATA[<p>نص <a href="https://x.example/">رابط</a></p>
<p>ثان</p>]]></content:encoded></item>
<item><guid>https://n.example/2</guid>
<description>بلا عنوان &lt;b&gt;غامق&lt;/b&gt; هنا</description>
<pubDate>Tue, 7 May 2024 01:02:03 +0300</pubDate><author>a@n.example (Reporter)</author></item>
<item><title>Inline <b>markup</b></title><link>https://n.example/3</link>
<description>Text with <i>inline</i> elements<br/>and a break</description>
<source url="https://other.example/rss">Other feed</source></item>
<item><title>Plain</title><description>one

two</description></item>
</channel></rss>
"""

RSS1 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://r.example/"><title>RDF wire</title><link>https://r.example/</link>
<description>d</description></channel>
<item rdf:about="https://r.example/1"><title>Port reopened</title><link>https://r.example/1</link>
<description>The port reopened.</description><dc:date>2024-05-06</dc:date>
<dc:subject>ports</dc:subject><dc:creator>Desk</dc:creator></item>
<item rdf:about="https://r.example/2"><title>Second</title>
<dc:description>Only dc.</dc:description></item>
</rdf:RDF>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">&lt;b&gt;חדשות&lt;/b&gt;</title>
<link rel="self" href="https://h.example/atom"/><link href="https://h.example/"/>
<entry><title>פגישה</title><id>urn:1</id>
<link rel="edit" href="https://h.example/edit/1"/>
<link rel="alternate" type="text/html" href="https://h.example/1"/>
<published>2024-05-01T08:00:00Z</published><updated>2024-05-03T08:00:00Z</updated>
<author><name>כתב</name><email>k@h.example</email></author>
<category term="politics" label="Politics"/>
<summary>short</summary>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>ראש <b>הממשלה</b></p>
<p>שני &amp; &lt;שלישי&gt;</p></div></content></entry>
<entry><title type="text">Text &amp; more</title><id>urn:2</id>
<updated>2024-05-02T08:00:00.123456+02:00</updated>
<author><name>Only name</name></author>
<source><title>Elsewhere</title><link href="https://else.example/"/></source>
<summary type="text">Plain summary

Second paragraph</summary></entry>
<entry><title>No link</title><id>tag:h.example,2024:3</id>
<content type="html">&lt;p&gt;html content&lt;/p&gt;</content></entry>
</feed>
"""

WINDOWS_1256 = (
    '<?xml version="1.0" encoding="windows-1256"?><rss version="2.0"><channel><title>أخبار'
    "</title><item><title>اشتباكات في السويداء</title><description>هادئة</description></item>"
    "</channel></rss>"
).encode("cp1256")

UTF16 = codecs.BOM_UTF16_LE + RSS1.replace('<?xml version="1.0"?>', "").encode("utf-16-le")


@pytest.mark.parametrize(
    "data",
    [RSS2.encode(), RSS1.encode(), ATOM.encode(), WINDOWS_1256, UTF16],
    ids=["rss2", "rss1", "atom", "windows-1256", "utf-16"],
)
def test_feeds_of_every_kind_read_as_feedparser_read_them(data: bytes) -> None:
    assert_same_as_feedparser(data)


def test_what_the_kinds_of_feed_give() -> None:
    rss = parse_feed(RSS2.encode(), "https://n.example/feed")
    first, second, third, plain = rss.articles
    assert rss.title == "أخبار & تقارير" and rss.site_url == "https://n.example/"
    assert first.extra["id"] == "a-1" and first.url == "https://n.example/1"
    assert first.extra["author"] == "كاتب" and first.category == "سياسة"
    assert first.published == date(2024, 5, 7)  # 23:30 at -05:00 is the 7th in UTC
    assert first.paragraphs == ("نص رابط", "ثان") and first.extra[LINKS] == "https://x.example/"
    assert second.url == "https://n.example/2"  # the permalink guid
    assert second.title == "بلا عنوان غامق هنا"
    assert third.paragraphs == ("Text with inline elements\nand a break",)
    assert plain.paragraphs == ("one\n\ntwo",)  # RSS description is HTML: one paragraph
    atom = parse_feed(ATOM.encode(), "https://h.example/atom")
    assert atom.title == "חדשות" and atom.site_url == "https://h.example/"
    meeting, text, no_link = atom.articles
    assert meeting.url == "https://h.example/1" and meeting.published == date(2024, 5, 1)
    assert meeting.extra["author"] == "כתב (k@h.example)" and meeting.category == "politics"
    assert meeting.paragraphs == ("ראש הממשלה", "שני & <שלישי>")
    assert text.title == "Text & more" and text.url == "urn:2"  # its id, as feedparser had it
    assert text.paragraphs == ("Plain summary", "Second paragraph")
    assert no_link.url == "tag:h.example,2024:3"


# -- generated feeds -----------------------------------------------------------------------------


def _bench_session() -> Any:
    spec = importlib.util.spec_from_file_location("bench_session", BENCH / "bench_session.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_session", module)  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_generated_arabic_feeds_read_as_feedparser_read_them(tmp_path: Path) -> None:
    [path] = _bench_session().write_feeds(tmp_path, 300)
    assert_same_as_feedparser(path.read_bytes())


def random_feed(rng: random.Random, atom: bool) -> bytes:
    """A feed with a random mix of the optional elements, in random order."""
    words = ["سوريا", "ירושלים", "port", "&", "<b>", "'q'", "تقرير", "\u202e", "a\u00a0b",
             "CafÃ©", "\x93quoted\x94", "\x9d0;T\x9c", "Café"]  # mojibake, cp1252 in C1

    def text() -> str:
        return escape(" ".join(rng.choices(words, k=rng.randint(0, 6))))

    entries = []
    for index in range(rng.randint(1, 6)):
        parts = [f"<title>{text()}</title>"] if rng.random() < 0.8 else []
        if atom:
            parts += [f"<id>urn:{index}</id>"] if rng.random() < 0.7 else []
            parts += [f'<link href="https://g.example/{index}"/>'] if rng.random() < 0.6 else []
            parts += [f"<updated>2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T12:00:00Z"
                      "</updated>"] if rng.random() < 0.7 else []  # fmt: skip
            parts += [f"<summary>{text()}</summary>"] if rng.random() < 0.6 else []
            kind = rng.choice(["text", "html"])
            parts += [f'<content type="{kind}">{text()}</content>'] if rng.random() < 0.5 else []
            parts += [f'<category term="{text()}"/>'] if rng.random() < 0.4 else []
        else:
            parts += [f"<link>https://g.example/{index}</link>"] if rng.random() < 0.6 else []
            parts += [f"<guid>https://g.example/g{index}</guid>"] if rng.random() < 0.5 else []
            parts += [f"<pubDate>Mon, 0{rng.randint(1, 9)} Jan 2024 10:00:00 GMT</pubDate>"
                      ] if rng.random() < 0.7 else []  # fmt: skip
            parts += [f"<description>{text()}</description>"] if rng.random() < 0.8 else []
            parts += [f"<category>{text()}</category>"] if rng.random() < 0.4 else []
            parts += [f"<author>{text()}</author>"] if rng.random() < 0.3 else []
        rng.shuffle(parts)
        tag = "entry" if atom else "item"
        entries.append(f"<{tag}>{''.join(parts)}</{tag}>")
    if atom:
        return (f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{text()}</title>'
                f"{''.join(entries)}</feed>").encode()  # fmt: skip
    return (f'<rss version="2.0"><channel><title>{text()}</title>{"".join(entries)}'
            "</channel></rss>").encode()  # fmt: skip


@pytest.mark.parametrize("seed", range(40))
def test_random_feeds_read_as_feedparser_read_them(seed: int) -> None:
    data = random_feed(random.Random(seed), atom=seed % 2 == 0)
    old = feedparser_feed(data, "https://g.example/feed")
    new = parse_feed(data, "https://g.example/feed")
    assert (new.title, new.articles) == (old.title, old.articles)


# -- what only a stream does ---------------------------------------------------------------------


def chunked(data: bytes, size: int) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.mark.parametrize("size", [1, 7, 4096])
def test_any_chunking_gives_the_same_articles(size: int) -> None:
    for data in (RSS2.encode(), ATOM.encode(), WINDOWS_1256, UTF16):
        whole = parse_feed(data, "https://n.example/f")
        stream = FeedStream(chunked(data, size), "https://n.example/f")
        assert list(stream) == whole.articles and stream.title == whole.title


def test_entries_come_out_before_the_feed_is_read_to_its_end() -> None:
    items = "".join(f"<item><title>t{i}</title></item>" for i in range(40))  # > 512 bytes
    head = f'<rss version="2.0"><channel><title>T</title>{items}'.encode()

    def chunks() -> Iterator[bytes]:
        yield head
        raise AssertionError("read past the entries")

    stream = iter(FeedStream(chunks(), "f.rss"))
    assert [next(stream).title for _ in range(2)] == ["t0", "t1"]


def test_an_error_part_way_names_the_line_and_counts_the_entries_before_it() -> None:
    data = (b'<rss version="2.0"><channel><title>T</title>\n'
            b"<item><title>one</title></item>\n<item><title>two</title></item>\n"
            b"<item><title>three</item>\n</channel></rss>")  # fmt: skip
    stream = FeedStream(chunked(data, 16), "bad.rss")
    read: list[str] = []
    with pytest.raises(SourceError, match=r"bad\.rss: not a well-formed RSS/Atom feed .* line 4"):
        read.extend(article.title for article in stream)
    assert read == ["one", "two"] and stream.articles_read == 2


def test_an_entry_over_the_text_limit_is_cut_with_one_warning() -> None:
    long = "كلمة " * 2000
    data = (f'<rss version="2.0"><channel><title>T</title><item><title>big</title>'
            f"<description>{long}</description><category>{long}</category></item>"
            "<item><title>small</title><description>fine</description></item>"
            "</channel></rss>").encode()  # fmt: skip
    stream = FeedStream([data], "big.rss", max_entry_chars=1000)
    big, small = list(stream)
    assert len(" ".join(big.paragraphs)) <= 1000
    assert big.paragraphs[0].startswith("كلمة كلمة")
    assert small.paragraphs == ("fine",)
    assert len(stream.warnings) == 1 and "line 1" in stream.warnings[0]
    assert "big.rss" in stream.warnings[0] and "cut" in stream.warnings[0]


def billion_laughs(levels: int = 10) -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)
    )
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss [{entities}]>\n<rss version="2.0">'
            f"<channel><title>T</title><item><title>&lol{levels - 1};</title></item>"
            "</channel></rss>").encode()  # fmt: skip


def test_a_billion_laughs_feed_is_refused() -> None:
    with pytest.raises(SourceError, match="amplification.*line 3"):
        parse_feed(billion_laughs(), "lol.rss")


def test_an_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    data = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
            '<rss version="2.0"><channel><title>T</title><item><title>a &x; b</title>'
            "</item></channel></rss>").encode()  # fmt: skip
    [article] = parse_feed(data, "xxe.rss").articles
    assert "SECRET" not in article.title


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'<rss version="2.0"><channel><title>T</title><item>', "no element found"),
        (b"<html><body>not a feed</body></html>", "not an RSS or Atom feed"),
        (b'<?xml version="1.0" encoding="utf-8"?><rss><channel><title>\xff</title>', "offset"),
    ],
)
def test_bad_feeds_are_refused_with_one_message(data: bytes, reason: str) -> None:
    with pytest.raises(SourceError, match=reason):
        parse_feed(data, "bad.xml")


# -- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("Mon, 06 May 2024 10:00:00 GMT", date(2024, 5, 6)),
        ("Mon, 06 May 2024 23:30:00 -0500", date(2024, 5, 7)),
        ("6 May 2024 10:00 +0300", date(2024, 5, 6)),  # no weekday, no seconds
        ("Mon, 6 May 24 10:00:00 EST", date(2024, 5, 6)),  # two-digit year, a zone name
        ("Monday, 06 May 2024 10:00:00 GMT", date(2024, 5, 6)),  # long weekday name
        ("Tue, 07 September 2024 01:00:00 +0000", date(2024, 9, 7)),  # long month name
        ("Mon,06 May 2024 10:00:00 GMT", date(2024, 5, 6)),  # no space after the comma
        ("2024-05-06T10:00:00Z", date(2024, 5, 6)),
        ("2024-05-06T01:00:00+03:00", date(2024, 5, 5)),
        ("2024-05-06T22:00:00-0300", date(2024, 5, 7)),  # offset without a colon
        ("2024-05-06T10:00:00.123456789Z", date(2024, 5, 6)),  # nanoseconds
        ("2024-05-06 10:00:00", date(2024, 5, 6)),  # a space for the T, no zone
        ("2024-05-06", date(2024, 5, 6)),
        ("20240506T100000Z", date(2024, 5, 6)),  # basic format
        ("  2024-05-06T10:00:00 GMT ", date(2024, 5, 6)),
        ("Updated: 2024-05-06", date(2024, 5, 6)),
        ("not a date", None),
        ("2024-13-45", None),
        ("", None),
    ],
)
def test_feed_dates(written: str, day: date | None) -> None:
    assert feed_date(written) == day


def test_a_scanner_takes_text_not_bytes() -> None:
    scanner = FeedScanner()
    done = scanner.feed('<rss><channel><title>T</title><item><title>x</title></item>')
    assert [entry.title for entry in done] == ["x"] and scanner.title == "T"


@pytest.mark.parametrize("size", [1, 7, 512, 10_000])
def test_a_bad_byte_is_named_by_its_offset_in_the_file_whatever_the_chunks(size: int) -> None:
    head = '<rss version="2.0"><channel><title>سوريا</title>'.encode()
    data = head + b"x" * (5000 - len(head)) + b"\xff</channel></rss>"
    with pytest.raises(SourceError, match=r"utf-8 \(bad byte at offset 5000\)"):
        list(FeedStream(chunked(data, size), "bad.rss"))


def test_a_feed_naming_itself_after_its_entries_is_known_by_its_address() -> None:
    """No entry waits in memory for a title that may never come: the title is what was read
    when the first entry is handed on (feedparser, reading the whole document first, took the
    late title): the one documented difference."""
    data = (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>e</title></entry>'
            b"<!-- " + b"x" * 2000 + b" --><title>Late</title></feed>")  # fmt: skip
    stream = FeedStream(chunked(data, 16), "https://late.example/atom")
    [article] = list(stream)
    assert stream.title == "late.example" and article.source == "late.example"
    assert feedparser_feed(data, "https://late.example/atom").title == "Late"


ENCODED_FEED = (
    '<rss version="2.0"><channel><title>أخبار</title><item><title>سوريا اليوم</title>'
    "<description>&lt;p&gt;نص الخبر في دمشق&lt;/p&gt;</description></item>"
    "<item><title>Café \u2014 ثانٍ</title><description>ثانٍ</description></item></channel></rss>"
)


@pytest.mark.parametrize(
    "data",
    [
        ENCODED_FEED.encode(),
        codecs.BOM_UTF8 + ENCODED_FEED.encode(),
        ('<?xml version="1.0" encoding="utf8"?>' + ENCODED_FEED).encode(),
        ('<?xml version="1.0" encoding="UTF-8"?>' + ENCODED_FEED).encode(),
        ('<?xml version="1.0" encoding="x-unknown"?>' + ENCODED_FEED).encode(),
        ('<?xml version="1.0" encoding="windows-1256"?>'
         + ENCODED_FEED.replace("Café \u2014", "Cafe -")).encode("cp1256"),
        ('<?xml version="1.0" encoding="utf-16"?>' + ENCODED_FEED).encode("utf-16"),
    ],
)
@pytest.mark.parametrize("size", [1, 2, 3, 512, 100_000])
def test_utf8_bytes_go_to_expat_as_they_are_with_the_articles_text_gives(data: bytes,
                                                                        size: int) -> None:
    """UTF-8 reaches expat as bytes, other encodings as decoded text: the same articles."""
    text = decode_xml(data, "enc.rss")
    expected = []
    scanner = FeedScanner()
    for entry in scanner.feed(text) + scanner.feed("", final=True):
        expected.append(entry.title)
    assert expected and expected[0] == "سوريا اليوم"
    titles = [article.title for article in FeedStream(chunked(data, size), "enc.rss")]
    assert titles == expected


@pytest.mark.parametrize("size", [1, 7, 4096])
def test_a_character_cut_at_the_end_of_a_utf8_feed_is_told_as_decoding_tells_it(size: int) -> None:
    data = '<rss version="2.0"><channel><title>س</title>'.encode() + "س".encode()[:1]
    with pytest.raises(SourceError) as decoding:
        decode_xml(data, "cut.rss")
    with pytest.raises(SourceError) as reading:
        list(FeedStream(chunked(data, size), "cut.rss"))
    assert str(reading.value) == str(decoding.value)
    assert "cannot be decoded as utf-8 (bad byte at offset" in str(reading.value)


def test_a_scanner_takes_utf8_bytes_whatever_the_declaration() -> None:
    scanner = FeedScanner()
    data = '<?xml version="1.0" encoding="windows-1256"?><rss><channel><title>ت</title>'
    done = scanner.feed(data.encode() + "<item><title>س</title></item>".encode())
    assert [entry.title for entry in done] == ["س"] and scanner.title == "ت"


@pytest.mark.parametrize("bad_at", [70_001, 65_536, 200_000])
def test_a_bad_byte_past_the_first_slice_of_a_big_chunk_is_named_by_its_offset(
    bad_at: int,
) -> None:
    """UTF-8 is checked a slice at a time (characters cut between slices): the same offset."""
    head = b'<rss version="2.0"><channel><title>'  # 35 bytes: the letters start at odd
    body = "س".encode() * 150_000  # offsets, so every slice (2**14 bytes) ends inside one
    data = bytearray(head + body + b"</title></channel></rss>")
    data[bad_at] = 0xFF
    with pytest.raises(SourceError) as decoding:
        decode_xml(bytes(data), "big.rss")
    for size in (1 << 20, 100_000):
        with pytest.raises(SourceError) as reading:
            list(FeedStream(chunked(bytes(data), size), "big.rss"))
        assert str(reading.value) == str(decoding.value)
    # the bad byte, or the letter it breaks when it took a letter's second byte
    assert re.search(rf"\(bad byte at offset ({bad_at}|{bad_at - 1})\)", str(decoding.value))
