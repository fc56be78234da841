"""Every command over generated hostile inputs: counts of leaked escapes, tracebacks, hangs and
lost records, each with the command that caused it (issue 14's closing figures).

    python bench/hostile_run.py [--files 40] [--seed 14] [--timeout 30] [--code DIR]

``--code DIR`` runs the ``reader`` package found in DIR instead of this repository's (to count
the same figures for an older revision: ``git archive REV reader | tar -x -C DIR``).

Each command runs as its own process (``python -m reader ...``) with its own XDG directories,
stdout and stderr captured as bytes:

* a *leak* is a raw ESC, C0 (but tab and newline), DEL, C1, bidi embedding, override or isolate,
  or an undecodable byte, in stdout or stderr;
* a *traceback* is ``Traceback (most recent call last)`` on stderr;
* a *hang* is a command still running after ``--timeout`` seconds;
* a *lost record* is a readable article file that is not in the library after ``import``, or a
  damaged library file whose bytes changed after a command.

Inputs: article files under randomly built hostile names (OSC title and clipboard writes, 8-bit
CSI/OSC, U+202E, U+2066, newlines, bytes that are not UTF-8) with hostile titles and bodies, JSON
articles with escapes, lone surrogates and unknown fields, files that cannot be read under hostile
names, a FIFO, a ``.txt`` link to /dev/zero, a link loop, a link out of the folder, UTF-8 with a
bad byte, UTF-16 without BOM, a subscription with a hostile URL and title, a Telegram export with
a hostile channel name and texts (imported, then refreshed), an OPML list with hostile titles and
addresses, hostile URLs, a local server's feed with hostile titles and an error with an escape
in its reason phrase, ``show ID`` of each stored article, and a damaged library.
"""

from __future__ import annotations

import argparse
import hashlib
import http.server
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
# The hostile inputs are test support, not part of the package: they live in tests/hostile.
sys.path.insert(0, str(REPO / "tests"))

from hostile.inputs import (  # noqa: E402
    HOSTILE_PIECES,
    OSC_TITLE,
    json_article,
    leaks_in_bytes,
)

from reader.store import All, Library, Subscription  # noqa: E402

TRACEBACK = b"Traceback (most recent call last)"
NAME_PIECES = (*HOSTILE_PIECES, "\x1b[2J", "\x07", "\u2069", "\u200f", "مقال", "a", "b", "1")


@dataclass
class Tally:
    """What went wrong, per command."""

    leaks: Counter[str] = field(default_factory=Counter)
    tracebacks: Counter[str] = field(default_factory=Counter)
    hangs: Counter[str] = field(default_factory=Counter)
    lost: Counter[str] = field(default_factory=Counter)
    commands: int = 0


def hostile_name(rng: random.Random, index: int) -> str:
    pieces = [rng.choice(NAME_PIECES) for _ in range(rng.randint(1, 4))]
    name = f"{index:03d}{''.join(pieces)}".replace("/", "_")
    if rng.random() < 0.2:
        name += os.fsdecode(b"\xff\xfe")
    return name + rng.choice([".txt", ".md", ".html", ".json"])


def article_body(rng: random.Random, index: int, suffix: str) -> str:
    hostile = "".join(rng.choice(HOSTILE_PIECES) for _ in range(3))
    title = f"Article {index} {hostile} headline"
    if suffix == ".json":
        return json_article(f"Article {index}")
    if suffix == ".html":
        return (f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
                f"<p>Body {index} {hostile} &#x1b;]0;T&#x7; &#x202e; text.</p></body></html>")
    if suffix == ".md":
        return f"# {title}\n\nBody {index} {hostile} of the article.\n"
    return f"{title}\n\nBody {index} {hostile} of the article.\n"


def write_inputs(root: Path, files: int, seed: int) -> tuple[Path, int, Path]:
    """The hostile folder, how many readable articles it holds, and a folder of traps."""
    rng = random.Random(seed)
    folder = root / f"in{OSC_TITLE}"
    folder.mkdir(parents=True)
    for index in range(files):
        name = hostile_name(rng, index)
        (folder / name).write_text(article_body(rng, index, Path(name).suffix), encoding="utf-8")
    readable = files
    for index in range(5):  # files that cannot be read, so that messages quote their names
        (folder / f"empty{hostile_name(rng, index)}").write_text("  \n", encoding="utf-8")
    arabic = "عنوان تجريبي عن مدينة حمص\n\nفقرة أولى عن مشروع المياه في درعا والسويداء.\n"
    data = arabic.encode()
    (folder / "bad-byte.txt").write_bytes(data[:10] + b"\xff" + data[10:])
    (folder / "utf16.txt").write_bytes(arabic.replace("حمص", "حماة").encode("utf-16-le"))
    readable += 2
    traps = root / "traps"
    traps.mkdir()
    (traps / "good.txt").write_text("A good title\n\nA good body.\n", encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(traps / f"fifo{OSC_TITLE}.txt")
    (traps / "zero.txt").symlink_to("/dev/zero")
    (traps / "loop.txt").symlink_to(traps / "loop.txt")
    (traps / "up").symlink_to(traps)
    (root / "secret.txt").write_text("Secret\n\nNot to be imported.\n", encoding="utf-8")
    (traps / "out.txt").symlink_to(root / "secret.txt")
    return folder, readable, traps


CODE = [REPO]  # where the reader package that runs lives (--code)


def run(argv: list[str], home: Path, timeout: float, tally: Tally, label: str) -> bytes:
    """Run ``reader ARGV``; count leaks, tracebacks and hangs under ``label``; its stdout."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
    env.update(XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"), PYTHONPATH=str(CODE[0]), LC_ALL="C.UTF-8")
    tally.commands += 1
    try:
        # cwd: ``python -m`` puts the working directory first on sys.path
        done = subprocess.run([sys.executable, "-m", "reader", *argv], env=env, cwd=home,
                              capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as expired:
        tally.hangs[label] += 1
        out = expired.stdout or b""
        err = expired.stderr or b""
    else:
        out, err = done.stdout, done.stderr
    tally.leaks[label] += len(leaks_in_bytes(out)) + len(leaks_in_bytes(err))
    tally.tracebacks[label] += err.count(TRACEBACK)
    return out


def library_commands(library: Path, home: Path, timeout: float, tally: Tally) -> None:
    common = ["--library", str(library)]
    for argv in (
        ["search", "article"], ["search", "article", "--json"],
        ["search", f"article {OSC_TITLE}\u202e"], ["search", " ".join(["word"] * 1000)],
        ["export"], ["export", "--format", "md"], ["export", "--format", "opml"],
        ["export", "article"], ["stats"], ["stats", "--json"],
        ["refresh", "--timeout", "3"], ["refresh", "--json", "--timeout", "3"],
    ):
        run([*argv, *common], home, timeout, tally, label(argv))


def telegram_export(path: Path, messages: int) -> Path:
    """A channel export whose name and message texts carry every hostile piece."""
    root = {
        "name": f"Wire {OSC_TITLE}\u202e\x9b1m", "type": "public_channel", "id": 1,
        "username": f"wire{OSC_TITLE}",
        "messages": [
            {"id": n, "type": "message", "date": f"2024-12-{n:02d}T10:00:00",
             "text": [f"Message {n} {''.join(HOSTILE_PIECES)} headline",
                      {"type": "text_link", "text": f"link{OSC_TITLE}", "href": "https://x"},
                      f"\nBody {n} \x9d0;T\x9c text."]}
            for n in range(1, messages + 1)
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(root), encoding="utf-8")
    return path


OPML = (
    '<?xml version="1.0"?><opml version="2.0"><body>'
    '<outline text="Feed \x9d0;T\x9c \u202e" title="T \x9b31m" xmlUrl="http://127.0.0.1:9/feed"/>'
    '<outline text="Script" xmlUrl="javascript:alert(\x9d0;T\x9c)"/>'
    '<outline text="Local \u2066" xmlUrl="file:///etc/passwd"/>'
    '<outline text="Broken" xmlUrl="http://[::1"/>'
    "</body></opml>"
)


FEED = (
    '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
    "<title>Feed \x9d0;T\x9c \u202e</title><entry><title>Feed headline \x9b31m\u2066</title>"
    "<id>urn:h\x9b1</id><author><name>A \x9d0;T\x9c</name></author>"
    "<content>Feed body \u202e text.</content></entry></feed>"
)


class _Feeds(http.server.BaseHTTPRequestHandler):
    """A feed with hostile titles, and an error whose reason phrase holds an escape."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path == "/feed":
            body = FEED.encode()
            self.send_response(200)
        else:
            body = b"oops"
            self.send_response(500, f"Internal {OSC_TITLE}\x07 error")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - its name
        pass


def feed_commands(root: Path, home: Path, timeout: float, tally: Tally) -> None:
    """Import and refresh, from a local server, a feed with hostile titles and a failing one."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Feeds)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    library = root / "feeds.db"
    common = ["--library", str(library)]
    try:
        run(["import", *common, f"{base}/feed", f"{base}/gone"], home, timeout, tally,
            "import URL")
        run(["refresh", *common, "--timeout", "3"], home, timeout, tally, "refresh (server)")
        for argv in (["export", "--format", "opml"], ["search", "headline"], ["export"]):
            run([*argv, *common], home, timeout, tally, f"{label(argv)} (feeds)")
        with Library.open(library) as opened:
            tally.lost["import URL"] += max(0, 1 - opened.stats().articles)
    finally:
        server.shutdown()
        server.server_close()


def sources_commands(root: Path, home: Path, timeout: float, tally: Tally) -> None:
    """A Telegram export (import, then refresh after a new export), an OPML list and hostile
    URLs, each with hostile names and texts; then ``show ID`` of every stored article."""
    library = root / f"sources{OSC_TITLE}.db"
    common = ["--library", str(library)]
    export = telegram_export(root / f"Chat{OSC_TITLE}" / "result.json", 3)
    run(["import", *common, str(export)], home, timeout, tally, "import (Telegram export)")
    telegram_export(export, 6)
    run(["refresh", *common, "--timeout", "3"], home, timeout, tally, "refresh (Telegram)")
    opml = root / f"list{OSC_TITLE}.opml"
    opml.write_text(OPML, encoding="utf-8")
    run(["import", *common, str(opml)], home, timeout, tally, "import (OPML)")
    run(["import", *common, "http://[::1", f"javascript:{OSC_TITLE}", str(export)], home,
        timeout, tally, "import (hostile URLs)")
    with Library.open(library) as opened:
        tally.lost["import (Telegram export)"] += max(0, 6 - opened.stats().articles)
        ids = opened.ids(All())
    for argv in (["export", "--format", "opml"], ["stats"], ["search", "headline"]):
        run([*argv, *common], home, timeout, tally, f"{label(argv)} (sources)")
    for article_id in ids:
        run(["show", "--logical", article_id, *common], home, timeout, tally, "show ID")


def damaged_commands(root: Path, folder: Path, home: Path, timeout: float,
                     tally: Tally) -> None:
    library = root / "damaged.db"
    run(["import", "--library", str(library), str(folder)], home, timeout, tally, "import DIR")
    size = library.stat().st_size
    with library.open("r+b") as handle:
        handle.seek(size // 3)
        handle.write(b"\xde\xad\xbe\xef" * (size // 12))
    digest = hashlib.sha256(library.read_bytes()).hexdigest()
    for argv in (["stats"], ["search", "article"], ["export"], ["import", str(folder)]):
        label = f"{argv[0]} (damaged library)"
        run([*argv, "--library", str(library)], home, timeout, tally, label)
        if hashlib.sha256(library.read_bytes()).hexdigest() != digest:
            tally.lost[label] += 1
            digest = hashlib.sha256(library.read_bytes()).hexdigest()


def label(argv: list[str]) -> str:
    """The command as reported: its words, without the long generated ones."""
    words = [word for word in argv if len(word) <= 16]
    return " ".join(words) + (" …" if len(words) < len(argv) else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=40, help="hostile article files")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per command")
    parser.add_argument("--code", type=Path, default=REPO, help="folder holding the reader "
                        "package to run (default: this repository)")
    args = parser.parse_args()
    CODE[0] = args.code
    tally = Tally()
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        home = root / "home"
        home.mkdir()
        folder, readable, traps = write_inputs(root, args.files, args.seed)
        library = root / f"lib{OSC_TITLE}.db"
        run(["import", "--library", str(library), str(folder)], home, args.timeout, tally,
            "import DIR")
        with Library.open(library) as opened:
            tally.lost["import DIR"] += max(0, readable - opened.stats().articles)
            opened.add_subscription(Subscription(
                url=f"http://127.0.0.1:9/{OSC_TITLE}feed\u202e",
                title=f"Feed {OSC_TITLE}\x9b1m\u2066"))
        for path in sorted(folder.iterdir()):
            one = root / f"one-{hashlib.sha256(os.fsencode(path.name)).hexdigest()[:8]}.db"
            run(["import", "--library", str(one), str(path)], home, args.timeout, tally,
                "import FILE")
            if not path.name.startswith("empty"):
                with Library.open(one) as opened:
                    tally.lost["import FILE"] += 1 - min(1, opened.stats().articles)
            for argv in (["show", "--logical"], ["show", "--visual", "--width", "60"],
                         ["analyze"], ["analyze", "--json"]):
                run([*argv, str(path)], home, args.timeout, tally, f"{label(argv)} FILE")
        for argv in (["analyze"], ["analyze", "--json"]):
            out = run([*argv, str(folder)], home, args.timeout, tally, f"{label(argv)} DIR")
            if argv[-1] == "--json":
                tally.lost["analyze --json DIR"] += max(0, readable - len(out.splitlines()))
                for line in out.splitlines():
                    json.loads(line)  # every line is JSON
        for path in [traps, *sorted(traps.iterdir())]:
            for argv in (["show", "--logical"], ["analyze"],
                         ["import", "--library", str(root / "traps.db")]):
                run([*argv, str(path)], home, args.timeout, tally, f"{argv[0]} (trap)")
        library_commands(library, home, args.timeout, tally)
        sources_commands(root, home, args.timeout, tally)
        feed_commands(root, home, args.timeout, tally)
        damaged_commands(root, folder, home, args.timeout, tally)
        run([str(root / f"missing{OSC_TITLE}\u202e")], home, args.timeout, tally,
            "PATH (the TUI, before it starts)")
    report(tally)
    return 0 if not (+tally.leaks or +tally.tracebacks or +tally.hangs or +tally.lost) else 1


def report(tally: Tally) -> None:
    print(f"{tally.commands} commands run")
    for title, counts in (("leaked escapes", tally.leaks), ("tracebacks", tally.tracebacks),
                          ("hangs", tally.hangs), ("lost records", tally.lost)):
        total = sum(counts.values())
        print(f"{title:<15} {total}")
        for label, n in sorted(counts.items()):
            if n:
                print(f"    {n:>5}  reader {label}")


if __name__ == "__main__":
    raise SystemExit(main())
