"""reader.services.feeds: subscriptions in the app, refresh of one feed, full text of a page
(trafilatura, through the same checks as feeds), the links of an article, and the library
changed by another process. Local HTTP servers on 127.0.0.1 only."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from support.http import RoutesHandler, serving

from reader.model.article import Article
from reader.nlp.types import Analysis, EntitySummary
from reader.services import feeds
from reader.services.intake import RefreshProgress
from reader.sources.html_text import html_to_text_and_links
from reader.store import All, Library

PAGE_TEXT = (
    "The harbour of Latakia reopened on Monday after three weeks of closure, and the first "
    "ships unloaded grain and fuel for the towns of the coast."
)
SECOND_PARAGRAPH = "Port officials said the cranes damaged in the storm had all been repaired."
PAGE = f"""<!doctype html><html><head><title>Port</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Port reopened</h1><p>{PAGE_TEXT}</p><p>{SECOND_PARAGRAPH}</p></article>
<footer>Copyright the wire, all rights reserved.</footer></body></html>""".encode()
EMPTY_PAGE = b"<html><body><div></div></body></html>"


def rss(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Port reopened</title><link>{base}/story</link>
<description>&lt;p&gt;Short summary, see &lt;a href="https://n.example/more"&gt;more&lt;/a&gt;
&lt;/p&gt;</description></item>
<item><title>Empty page</title><link>{base}/empty</link>
<description>Only a summary.</description></item>
</channel></rss>""".encode()


class _Handler(RoutesHandler):
    routes: ClassVar[dict[str, bytes]] = {}
    hits: ClassVar[list[str]] = []


@pytest.fixture
def server() -> Iterator[str]:
    with serving(_Handler) as base:
        _Handler.routes = {"/rss": rss(base), "/story": PAGE, "/empty": EMPTY_PAGE}
        _Handler.hits = []
        yield base


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = Library.open(tmp_path / "lib.db")
    yield library
    library.close()


def _by_title(lib: Library, title: str) -> str:
    return next(row.id for row in lib.query(All()) if row.title == title)


def test_subscribe_lists_the_feed_with_its_unread_count(lib: Library, server: str) -> None:
    result = feeds.subscribe(lib, f"  {server}/rss ")
    assert result.errors == []
    [feed] = feeds.feeds(lib)
    assert (feed.url, feed.title, feed.unread, feed.full_text) == (f"{server}/rss", "Wire", 2,
                                                                   False)
    lib.set_read([_by_title(lib, "Port reopened")], True)
    assert feeds.feeds(lib)[0].unread == 1


def test_rename_and_unsubscribe(lib: Library, server: str) -> None:
    feeds.subscribe(lib, f"{server}/rss")
    url = f"{server}/rss"
    assert not feeds.rename(lib, url, "   ")
    assert feeds.rename(lib, url, " Coast   wire ")
    assert feeds.feeds(lib)[0].title == "Coast wire"
    assert feeds.feed_titled(lib, "Coast wire") == url and feeds.feed_titled(lib, "Wire") is None
    assert feeds.unsubscribe(lib, url)
    assert feeds.feeds(lib) == []
    assert lib.count(All()) == 2  # the articles stay
    assert not feeds.rename(lib, url, "gone")


def test_full_text_replaces_the_summary_and_keeps_it(lib: Library, server: str) -> None:
    feeds.subscribe(lib, f"{server}/rss")
    article_id = _by_title(lib, "Port reopened")
    before = lib.get(article_id)
    assert before is not None and feeds.needs_full_text(before.article)
    lib.star([article_id])

    outcome = feeds.full_text(lib, article_id, timeout=5)

    assert outcome.stored, outcome.message
    after = lib.get(article_id)
    assert after is not None
    assert PAGE_TEXT in after.article.paragraphs
    assert SECOND_PARAGRAPH in after.article.paragraphs
    assert not any("Copyright" in p or "Home" in p for p in after.article.paragraphs)
    assert after.article.extra["summary"].startswith("Short summary")
    assert after.article.content_id == article_id  # the same row, the same state
    assert after.state.starred and not feeds.needs_full_text(after.article)
    assert [row.id for row in lib.search("cranes")] == [article_id]  # the index follows
    assert lib.search("short") == []  # (the summary's words left the index)
    # the feed's copy of the entry is still the same article on the next refresh
    feeds.refresh_feeds(lib, timeout=5)
    assert lib.count(All()) == 2


def test_full_text_failure_keeps_the_summary(lib: Library, server: str) -> None:
    feeds.subscribe(lib, f"{server}/rss")
    article_id = _by_title(lib, "Empty page")
    outcome = feeds.full_text(lib, article_id, timeout=5)
    assert not outcome.stored
    assert "no article text" in outcome.message and "summary is kept" in outcome.message
    stored = lib.get(article_id)
    assert stored is not None and stored.article.paragraphs == ("Only a summary.",)


def test_full_text_refuses_a_link_that_is_not_http(lib: Library) -> None:
    lib.add([Article("Local", ("Body.",), url="file:///etc/passwd\x1b[2J")])
    [row] = lib.query(All())
    outcome = feeds.full_text(lib, row.id, fetcher=lambda *_: pytest.fail("fetched"))
    assert not outcome.stored
    assert "only http and https" in outcome.message and "\x1b" not in outcome.message


def _full_text_feed_with_a_new_entry(lib: Library, server: str) -> None:
    """The feed subscribed with full text on, then listing an entry not stored yet."""
    url = f"{server}/rss"
    feeds.subscribe(lib, url)
    assert feeds.set_full_text(lib, url, True)
    _Handler.routes["/rss"] = _Handler.routes["/rss"].replace(b"Port reopened", b"Port open")


def _recorded(seen: list[tuple[str, ...]]) -> Callable[[Article], Analysis]:
    """An analyzer noting the paragraphs it is given; each article's title is its one place."""
    def analyze(article: Article) -> Analysis:
        seen.append(article.paragraphs)
        return Analysis((EntitySummary(article.title, "LOC", 1, ((0, 1),)),), ())
    return analyze


def test_full_text_per_subscription_on_refresh(lib: Library, server: str) -> None:
    _full_text_feed_with_a_new_entry(lib, server)
    steps: list[RefreshProgress] = []
    outcome = feeds.refresh_feeds(lib, progress=steps.append, timeout=5)
    assert [s.added for s in steps] == [1]
    assert "/story" in _Handler.hits
    stored = lib.get(_by_title(lib, "Port open"))
    assert stored is not None and PAGE_TEXT in stored.article.paragraphs
    assert feeds.feeds(lib)[0].full_text  # the setting survives the refresh's new state
    assert outcome.failed == 0


def test_refresh_analyses_the_new_articles_and_a_full_text_in_place_of_its_summary(
    lib: Library, server: str
) -> None:
    _full_text_feed_with_a_new_entry(lib, server)
    seen: list[tuple[str, ...]] = []
    feeds.refresh_feeds(lib, timeout=5, analyze=_recorded(seen))

    stored = lib.get(_by_title(lib, "Port open"))
    assert stored is not None
    cached = lib.cached_analysis(stored.article.content_id)
    assert cached is not None and [e.text for e in cached.entities] == ["Port open"]
    assert seen[-1] == stored.article.paragraphs and PAGE_TEXT in seen[-1]  # the page's text


def test_refresh_never_analyses_a_feeds_summary_of_an_article_holding_its_full_text(
    lib: Library, server: str
) -> None:
    _full_text_feed_with_a_new_entry(lib, server)
    feeds.refresh_feeds(lib, timeout=5)  # the page's text stored, not analysed
    seen: list[tuple[str, ...]] = []
    feeds.refresh_feeds(lib, timeout=5, analyze=_recorded(seen))  # the feed still lists its summary
    assert not any("Short summary" in " ".join(paragraphs) for paragraphs in seen)


def test_refresh_only_the_given_feed(lib: Library, server: str, tmp_path: Path) -> None:
    feeds.subscribe(lib, f"{server}/rss")
    lib.add_subscription(lib.subscriptions()[0]._replace(url=f"{server}/other", title="Other"))
    steps: list[RefreshProgress] = []
    feeds.refresh_feeds(lib, only=[f"{server}/rss"], progress=steps.append, timeout=5)
    assert [s.url for s in steps] == [f"{server}/rss"]


def test_subscription_of_an_article(lib: Library, server: str) -> None:
    feeds.subscribe(lib, f"{server}/rss")
    stored = lib.get(_by_title(lib, "Port reopened"))
    assert stored is not None
    sub = feeds.subscription_of(lib, stored.article)
    assert sub is not None and sub.url == f"{server}/rss"
    assert feeds.subscription_of(lib, Article("x", ("y",), source="Nobody")) is None


def test_links_of_an_article() -> None:
    _, found = html_to_text_and_links('<p>See <a href="https://a.example/1">this</a> and '
                                      '<a href="javascript:alert(1)">that</a>.</p>')
    article = Article(
        "Title",
        ("Read https://b.example/report. And (https://c.example/x)، again https://b.example/report",),
        url="https://n.example/story",
        extra={"links": "\n".join(found)},
    )
    assert feeds.links(article) == [
        "https://n.example/story",
        "https://a.example/1",
        "javascript:alert(1)",
        "https://b.example/report",
        "https://c.example/x",
    ]


def test_feed_links_are_stored_with_the_article(lib: Library, server: str) -> None:
    feeds.subscribe(lib, f"{server}/rss")
    stored = lib.get(_by_title(lib, "Port reopened"))
    assert stored is not None
    assert feeds.links(stored.article) == [f"{server}/story", "https://n.example/more"]


def test_changes_by_another_process_are_noticed(lib: Library, tmp_path: Path) -> None:
    changes = feeds.LibraryChanges(lib)
    assert not changes.changed()
    lib.add([Article("Own write", ("Not another process.",))])
    assert not changes.changed()
    other = sqlite3.connect(tmp_path / "lib.db")
    with other:
        other.execute("UPDATE state SET read = 1")
    other.close()
    assert changes.changed()
    assert not changes.changed()
    assert lib.unread_count(All()) == 0


def test_trafilatura_loads_only_when_a_page_is_fetched() -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "import reader.services.feeds, reader.sources.fulltext, reader.ui.screens.main\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('trafilatura', 'lxml')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
