"""What the sources bring (a Telegram export, a feed fetched by ``refresh``, an OPML list) goes
through the output gate on every path that prints it: import's summary and failure lines,
refresh's progress, search rows, ``reader show ID``, stats, every export (issue 14, cases 1-4)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from support.http import QuietHandler, serving

from reader.cli import main
from reader.store import All, Library

from .inputs import C1_CSI, C1_OSC, HOSTILE_TEXT, LRI, OSC_CLIPBOARD, OSC_TITLE, RLO, leaks

Run = tuple[int, str, str]
HOSTILE_NAME = f"Wire {OSC_TITLE}{RLO}{C1_CSI}"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert leaks(captured.out) == [], f"stdout leaks: {captured.out[:300]!r}"
    assert leaks(captured.err) == [], f"stderr leaks: {captured.err[:300]!r}"
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def every_printing_command(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    """Search, show each stored article by id, stats and every export: all clean."""
    where = ["--library", str(library)]
    for argv in (["search", "headline"], ["search", "headline", "--json"], ["stats"],
                 ["stats", "--json"], ["export"], ["export", "--format", "md"],
                 ["export", "--format", "opml"]):
        run(capsys, *argv, *where)
    with Library.open(library) as opened:
        ids = opened.ids(All())
    assert ids
    for article_id in ids:
        for order in ("--logical", "--visual"):
            code, out, _err = run(capsys, "show", order, article_id, *where)
            assert code == 0 and out.strip()


# -- a Telegram export -------------------------------------------------------------------------


def telegram_export(path: Path, first: int, last: int) -> Path:
    """A channel export whose name and message texts carry every hostile piece (as JSON
    escapes: the file is ASCII, the escapes exist once it is read)."""
    messages = [
        {"id": n, "type": "message", "date": f"2024-12-0{n}T10:00:00",
         "text": [f"Telegram headline {n} {HOSTILE_TEXT}",
                  {"type": "text_link", "text": f"link{OSC_CLIPBOARD}", "href": f"https://x{LRI}"},
                  f"\nBody of message {n} {C1_OSC} goes on."]}
        for n in range(first, last + 1)
    ]
    root = {"name": HOSTILE_NAME, "type": "public_channel", "id": 1,
            "username": f"wire{OSC_TITLE}", "messages": messages}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(root), encoding="utf-8")
    return path


def test_a_telegram_export_with_a_hostile_channel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "l.db"
    export = telegram_export(tmp_path / f"Chat{OSC_TITLE}" / "result.json", 1, 3)
    code, _out, err = run(capsys, "import", "--library", str(library), str(export))
    assert code == 0, err
    with Library.open(library) as opened:
        assert opened.stats().articles == 3, "no message lost"
        (sub,) = opened.subscriptions()
        assert sub.kind == "telegram"
    every_printing_command(capsys, library)
    telegram_export(export, 1, 5)  # exported again: two new messages
    code, _out, err = run(capsys, "refresh", "--library", str(library))
    assert code == 0 and "2 new articles" in err, err
    assert "\\x1b]0;PWN" in err, "the export's folder is quoted, escaped"
    run(capsys, "refresh", "--json", "--library", str(library))
    with Library.open(library) as opened:
        assert opened.stats().articles == 5


def test_a_broken_telegram_export_is_one_clean_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "l.db"
    export = telegram_export(tmp_path / f"Chat{OSC_TITLE}" / "result.json", 1, 1)
    run(capsys, "import", "--library", str(library), str(export))
    export.write_text(f"{{broken {OSC_TITLE}", encoding="utf-8")
    code, _out, err = run(capsys, "refresh", "--library", str(library))
    assert code == 1 and "\\x1b]0;PWN" in err


# -- a feed on a server ------------------------------------------------------------------------

# XML cannot carry ESC (a feed holding one is refused as not well-formed): C1 controls and bidi
# overrides are what a well-formed feed can bring.
FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed {C1_OSC} {RLO}</title>
<entry><title>Feed headline {C1_CSI}{LRI}</title><id>urn:h1{C1_CSI}</id>
<author><name>Author {C1_OSC}</name></author>
<content>Feed body {C1_OSC} {RLO} text.</content></entry></feed>
"""


class _Server(QuietHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes]]] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        status, reason, body = self.routes.get(self.path, (404, "Not Found", b""))
        self.reply(status, body, reason=reason, headers={"Content-Type": "application/atom+xml"})


@pytest.fixture
def server() -> Iterator[str]:
    feed = FEED.encode()
    _Server.routes = {
        "/feed": (200, "OK", feed),
        "/gone": (500, f"Internal {OSC_TITLE}\x07 error", b"oops"),
    }
    with serving(_Server) as base:
        yield base


def test_refresh_of_a_feed_with_hostile_titles_and_a_hostile_reason(
    tmp_path: Path, server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "l.db"
    opml = tmp_path / "list.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        f'<outline text="Feed {C1_OSC} {RLO}" xmlUrl="{server}/feed"/>'
        f'<outline text="Gone {C1_CSI}" xmlUrl="{server}/gone"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    code, _out, err = run(capsys, "import", "--library", str(library), str(opml))
    assert code == 0, err
    code, _out, err = run(capsys, "refresh", "--library", str(library), "--timeout", "5")
    assert code == 1, "one feed failed"
    assert "1 new article" in err and "HTTP 500" in err, err
    run(capsys, "refresh", "--json", "--library", str(library), "--timeout", "5")
    with Library.open(library) as opened:
        assert opened.stats().articles == 1
    every_printing_command(capsys, library)


# -- an OPML list ------------------------------------------------------------------------------


def test_an_opml_list_with_hostile_titles_and_addresses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "l.db"
    opml = tmp_path / f"list{OSC_TITLE}.opml"
    outlines = [
        f'<outline text="Good {C1_OSC} {RLO}" title="T {C1_CSI}" '
        f'xmlUrl="https://example.org/feed" htmlUrl="https://example.org/{C1_CSI}"/>',
        f'<outline text="Script" xmlUrl="javascript:alert({C1_OSC}{RLO})"/>',
        f'<outline text="Local" xmlUrl="file:///etc/passwd{C1_CSI}"/>',
        f'<outline text="Folder {C1_OSC}"><outline text="Nested {RLO}" '
        'xmlUrl="https://example.org/nested"/></outline>',
    ]
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>' + "".join(outlines) + "</body></opml>",
        encoding="utf-8",
    )
    code, _out, err = run(capsys, "import", "--library", str(library), str(opml))
    assert code == 1, "two addresses refused, the others subscribed"
    assert err.count("not subscribed") == 2 and "\\x1b]0;PWN" in err, err
    run(capsys, "import", "--json", "--library", str(library), str(opml))
    code, out, _err = run(capsys, "export", "--format", "opml", "--library", str(library))
    assert code == 0 and out.count("<outline") >= 2
    run(capsys, "stats", "--library", str(library))
    with Library.open(library) as opened:
        assert len(opened.subscriptions()) == 2


# -- reader show ID ----------------------------------------------------------------------------


def test_show_id_messages_quote_the_library_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / f"lib{OSC_TITLE}{RLO}.db"
    unknown = "0123456789abcdef"
    code, _out, err = run(capsys, "show", unknown, "--library", str(library))
    assert code == 1 and "no library at" in err and "\\x1b]0;PWN" in err, err
    Library.open(library).close()
    code, _out, err = run(capsys, "show", unknown, "--library", str(library))
    assert code == 1 and "no article with that id" in err and "\\u202e" in err, err


# -- entity bombs in a feed file -----------------------------------------------------------------


def test_a_billion_laughs_feed_file_is_one_clean_failure(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    bomb = tmp_path / f"laughs{OSC_TITLE}.rss"
    bomb.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [{entities}]>\n<rss version="2.0"><channel>'
        f"<title>T</title><item><title>&a9;</title></item></channel></rss>",
        encoding="utf-8",
    )
    library = tmp_path / "l.db"
    code, _out, err = run(capsys, "import", "--library", str(library), str(bomb))
    assert code == 4 and "amplification" in err and "line 3" in err  # 4: nothing imported
    with Library.open(library) as opened:
        assert opened.count(All()) == 0
