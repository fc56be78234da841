"""What ``reader import`` of a feed file loads: nothing of the TUI, the extractor or the modules
only other sources need (each is start-up CPU of every import, see bench/bench_import.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

NOT_FOR_A_FEED_FILE = (
    "textual", "rich", "reader.ui", "reader.nlp.",  # the TUI and the extractor's modules
    "email", "platform", "urllib.request", "http.client", "ssl", "concurrent.futures",
    "tomllib", "xml.etree", "reader.parsing.page", "reader.store.pg_live", "psycopg",
    "html.parser",  # simple markup (most feeds') is read without it
)  # fmt: skip

FEED = (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>أخبار</title>'
    "<item><title>عنوان</title><description>&lt;p&gt;نص الخبر&lt;/p&gt;</description>"
    "<pubDate>Tue, 01 Dec 2026 10:00:00 +0000</pubDate></item></channel></rss>"
)


def test_a_feed_import_loads_only_what_it_uses(tmp_path: Path) -> None:
    feed = tmp_path / "feed.rss"
    feed.write_text(FEED, encoding="utf-8")
    script = (
        "import json, sys\n"
        "from reader.cli import main\n"
        f"code = main(['import', '--library', {str(tmp_path / 'library.db')!r}, {str(feed)!r}])\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin",
                                             "XDG_CONFIG_HOME": str(tmp_path / "config")})
    code, modules = json.loads(result.stdout.strip().splitlines()[-1])
    assert code == 0
    loaded = [m for m in modules if m.startswith(NOT_FOR_A_FEED_FILE)]
    assert loaded == []


def test_version_and_help_load_no_tui(tmp_path: Path) -> None:
    for option in ("--version", "--help"):
        script = (
            "import json, sys\n"
            "from reader.cli import main\n"
            "try:\n"
            f"    main([{option!r}])\n"
            "except SystemExit:\n"
            "    pass\n"
            "print(json.dumps(sorted(sys.modules)))\n"
        )
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                check=True, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
        modules = json.loads(result.stdout.strip().splitlines()[-1])
        assert [m for m in modules if m.startswith(("textual", "rich", "reader.ui"))] == []
