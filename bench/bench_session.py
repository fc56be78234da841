"""The real app, as a user meets it, beside newsboat and a bare Textual app, in tmux.

Generates a library of N distinct Arabic and mixed articles (text drawn from a varied vocabulary,
never one page repeated), writes it as RSS files, imports them with the installed ``reader`` (and
with newsboat when it is installed: ``apt-get install newsboat``), then drives the installed app
in a private tmux server and prints:

- import CPU (user + system seconds of the importing process);
- launch → titles on screen (the newest article's title in the list; for newsboat its feed list,
  which it shows once every item is loaded from its cache; for the bare app its one ``Static``);
- keystroke → results on screen, for a common and for a rare word: the last letter typed until
  the list shows the word's first page (the status line's title names the new search; the list's
  rows are set in the same handler, so they are drawn in that frame);
- keystroke → echo, for the bare app only: a letter typed into a focused ``Input`` until it is
  on screen, measured the same way (one ``tmux send-keys``, the screen captured every 5 ms).
  It is the floor under every keystroke figure: tmux, the polling and one Textual frame, with
  no work of the program's own; a keystroke figure minus it is what the program adds;
- keystroke → exact total shown: the last letter typed until the status line shows the exact
  number of matches (a search's first page is drawn before its matches are counted, with
  "counting…" in their place). For newsboat both are Enter until its search result list shows:
  the list and its count come in one frame;
- article open → body and panel (moving to the next article until its text and its entity panel
  are on screen);
- resident memory (VmRSS from /proc) over a scripted session: after start, after 50 searches,
  after 200 articles opened, after the background analysis finished; for the reader also with
  its child processes (the background analysis worker) counted.

Launches alternate between the programs; every figure is the median of its runs.

    python bench/bench_session.py [--articles 1000 10000] [--runs 5] [--size 80x24]
    python bench/bench_session.py --articles 100000 --allow-huge   # takes long
    python bench/bench_session.py --baseline /path/to/other-venv/bin/python   # a second build

``--baseline`` measures another environment's ``reader`` (e.g. one with ``main`` installed) as
one more program, on the same articles: each build imports the feeds into a library of its own
(its import CPU is printed too; a newer build's library may be one an older build cannot open),
and each build's scripted session starts from its library as imported, so neither finds the
other's background work done.

A benchmark, never a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import itertools
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

# The tmux driver is test support, not part of the package: it lives in tests/support.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from support.tmux import TmuxSession, tmux_available  # noqa: E402

ITEMS_PER_FILE = 2000  # keeps each feed file well under the reader's per-file size limit
COMMON_WORD = "سوريا"  # in about one article in three
RARE_WORD = "زعفران"  # in about one article in a thousand (at least one)
SEARCHES = 50
OPENS = 200
ECHOES = 40  # letters typed into the bare app's Input
BARE_APP = """
import sys

from textual.app import App, ComposeResult
from textual.widgets import Input, Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("bare app ready")
        if "--input" in sys.argv:  # for the echo; launches time the app without it
            yield Input()


Bare().run()
"""
NEWSBOAT_CONFIG = "show-read-feeds yes\nconfirm-exit no\nmax-items 0\nsuppress-first-reload yes\n"

# -- the generated library ---------------------------------------------------------------------

_ROOT_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
_PATTERNS = ("{0}{1}{2}", "{0}ا{1}{2}", "م{0}{1}و{2}", "{0}{1}ي{2}", "ت{0}{1}ي{2}",
             "م{0}{1}{2}ة", "{0}{1}ا{2}", "است{0}{1}ا{2}", "{0}و{1}{2}", "ال{0}{1}{2}",
             "{0}{1}{2}ات", "و{0}{1}{2}")
_ENGLISH = ("government", "minister", "talks", "border", "economy", "report", "council",
            "election", "market", "energy", "water", "security", "agreement", "crisis", "city")
_PEOPLE = ("بشار الأسد", "أحمد الشرع", "رجب طيب أردوغان", "فلاديمير بوتين", "أنطونيو غوتيريش",
           "محمد بن سلمان", "عبد الفتاح السيسي", "إيمانويل ماكرون", "جو بايدن", "نجيب ميقاتي")
_PLACES = ("دمشق", "حلب", "حمص", "درعا", "السويداء", "إدلب", "بيروت", "عمان", "بغداد", "القاهرة",
           "الرياض", "أنقرة", "موسكو", "طهران", "الدوحة", "اللاذقية", "دير الزور", "الرقة")
_SOURCES = ("وكالة الأنباء", "الجزيرة", "بي بي سي عربي", "العربية", "سكاي نيوز", "الشرق الأوسط")


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    """``size`` distinct word forms: the seed page's words, then words built from roots."""
    seed = Path(__file__).resolve().parent.parent / "seeds" / "000_eb7556d38df37801.txt"
    words = list(dict.fromkeys(
        w for w in seed.read_text(encoding="utf-8").split()
        if w.isalpha() and len(w) > 1 and COMMON_WORD not in w and RARE_WORD not in w
    ))
    seen = set(words)
    while len(words) < size:
        root = rng.sample(_ROOT_LETTERS, 3)
        word = rng.choice(_PATTERNS).format(*root)
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


@dataclass(frozen=True)
class Item:
    index: int
    title: str
    paragraphs: tuple[str, ...]
    source: str
    published: datetime


def title_token(index: int) -> str:
    """A Latin word ending each title, so a screen shows which title it holds."""
    return f"ref{index:06d}"


def body_token(index: int) -> str:
    """A Latin word on the first line of each body, so a screen shows which article is open."""
    return f"text{index:06d}"


def generate(count: int, seed: int = 16) -> Iterator[Item]:
    """``count`` distinct articles, newest first: Zipf-distributed words, names and places, one
    in five with English sentences mixed in; item ``i`` is the ``i``-th in a newest-first list."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
    newest = datetime(2026, 12, 1, tzinfo=UTC)
    rare_every = 1000

    def sentence() -> str:
        picked = rng.choices(words, cum_weights=weights, k=rng.randint(8, 18))
        if rng.random() < 0.3:
            picked.insert(rng.randrange(len(picked)), rng.choice(_PEOPLE))
        if rng.random() < 0.4:
            picked.insert(rng.randrange(len(picked)), "في " + rng.choice(_PLACES))
        if rng.random() < 0.1:
            picked.append(" ".join(rng.sample(_ENGLISH, 3)))
        return " ".join(picked) + "."

    for index in range(count):
        paragraphs = [" ".join(sentence() for _ in range(rng.randint(2, 5)))
                      for _ in range(rng.randint(3, 8))]
        first, _, rest = paragraphs[0].partition(" ")  # near the start: on the first line
        paragraphs[0] = f"{first} {body_token(index)} {rest}"
        if rng.random() < 0.33:
            paragraphs[rng.randrange(len(paragraphs))] += f" وفي {COMMON_WORD} قال مسؤولون."
        if index % rare_every == rare_every // 2 or (count < rare_every and index == count // 2):
            paragraphs[-1] += f" وارتفع سعر {RARE_WORD} اليوم."
        title_words = rng.choices(words, cum_weights=weights, k=rng.randint(4, 8))
        if rng.random() < 0.2:
            title_words.insert(0, rng.choice(_ENGLISH).capitalize())
        yield Item(
            index=index,
            title=" ".join(title_words) + " " + title_token(index),
            paragraphs=tuple(paragraphs),
            source=rng.choice(_SOURCES),
            published=newest - timedelta(minutes=7 * index),
        )


def write_feeds(folder: Path, count: int, seed: int = 16) -> list[Path]:
    """The generated articles (of generator ``seed``) as RSS 2.0 files of ITEMS_PER_FILE items
    each."""
    files: list[Path] = []
    items = list(generate(count, seed))
    for start in range(0, len(items), ITEMS_PER_FILE):
        path = folder / f"feed-{start // ITEMS_PER_FILE:03d}.rss"
        with path.open("w", encoding="utf-8") as out:
            out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                      f"<title>أخبار {start // ITEMS_PER_FILE}</title>"
                      "<link>https://bench.example/</link><description>bench</description>\n")
            for item in items[start : start + ITEMS_PER_FILE]:
                body = "".join(f"<p>{escape(p)}</p>" for p in item.paragraphs)
                out.write(
                    f"<item><title>{escape(item.title)}</title>"
                    f"<link>https://bench.example/{item.index}</link>"
                    f"<guid>https://bench.example/{item.index}</guid>"
                    f"<pubDate>{format_datetime(item.published)}</pubDate>"
                    f"<author>{escape(item.source)}</author>"
                    f"<description>{escape(body)}</description></item>\n"
                )
            out.write("</channel></rss>\n")
        files.append(path)
    return files


# -- driving programs in tmux ------------------------------------------------------------------


def resident_mib(pid: int) -> float:
    """The resident memory of a process now (VmRSS), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child_pids(pid: int) -> list[int]:
    """Every descendant of a process (the reader's background analysis worker)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def running_children(pid: int) -> list[int]:
    """The descendants of a process that have not exited (zombies left out)."""
    running = []
    for child in child_pids(pid):
        try:
            state = Path(f"/proc/{child}/stat").read_text().rpartition(")")[2].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            running.append(child)
    return running


def tree_resident_mib(pid: int) -> float:
    """The resident memory of a process and all its descendants now, in MiB."""
    total = resident_mib(pid)
    for child in child_pids(pid):
        try:
            resident = resident_mib(child)
        except OSError:
            continue  # it has just exited
        if resident == resident:  # a zombie (exited, not yet reaped) has no VmRSS: nan
            total += resident
    return total


def waited(session: TmuxSession, predicate: Callable[[list[str]], bool],
           timeout: float = 120.0) -> float:
    """Seconds until the screen satisfies ``predicate`` (polled every 5 ms)."""
    started = time.perf_counter()
    session.wait_for(predicate, timeout=timeout, interval=0.005)
    return time.perf_counter() - started


def waited_twice(session: TmuxSession, first: Callable[[list[str]], bool],
                 then: Callable[[list[str]], bool], timeout: float = 120.0
                 ) -> tuple[float, float]:
    """Seconds until the screen satisfies ``first``, and until it satisfies ``then`` (each
    capture is checked for both: a frame showing both counts at once for both)."""
    started = time.perf_counter()
    seen: list[float] = []

    def both(screen: list[str]) -> bool:
        if not seen and first(screen):
            seen.append(time.perf_counter() - started)
        return bool(seen) and then(screen)

    session.wait_for(both, timeout=timeout, interval=0.005)
    return seen[0], time.perf_counter() - started


def showing(*texts: str) -> Callable[[list[str]], bool]:
    """The screen holds every one of ``texts``."""
    return lambda screen: all(any(text in row for row in screen) for text in texts)


def lacking(text: str, *wanted: str) -> Callable[[list[str]], bool]:
    """The screen holds every one of ``wanted`` and not ``text``."""
    present = showing(*wanted)
    return lambda screen: present(screen) and not any(text in row for row in screen)


@dataclass
class Home:
    """Where one library lives: the reader's XDG folders, newsboat's files, the feed files."""

    root: Path
    feeds: list[Path] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        return {"XDG_CONFIG_HOME": str(self.root / "config"),
                "XDG_DATA_HOME": str(self.root / "data"),
                "HOME": str(self.root), "TERM": "xterm-256color"}

    @property
    def library_path(self) -> Path:
        return self.root / "data" / "reader" / "library.db"

    def newsboat(self, *extra: str) -> list[str]:
        return ["newsboat", "-u", str(self.root / "urls"), "-c", str(self.root / "cache.db"),
                "-C", str(self.root / "newsboat.conf"), *extra]


def reader_command(python: str = sys.executable) -> list[str]:
    """The installed ``reader`` beside ``python`` (this one by default), else the package run
    as a module."""
    installed = Path(python).parent / "reader"
    return [str(installed)] if installed.exists() else [python, "-m", "reader"]


def import_cpu(command: Sequence[str], env: dict[str, str]) -> float:
    """User + system CPU seconds of a finished child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(list(command), env={**_base_env(), **env}, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _base_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}


@dataclass(frozen=True)
class Facts:
    """What the library holds, read through the reader's own store (to know the right answer)."""

    total: int
    common: int
    rare: int
    common_partial: int
    rare_partial: int
    opened: tuple[str, ...]  # body tokens of the first OPENS + 1 rows of the list, in order


def library_facts(home: Home) -> Facts:
    import re

    from reader.nlp import ANALYZER_VERSION
    from reader.services.triage import Triage
    from reader.store import Incoming, Library

    token = re.compile(r"text\d{6}")
    with Library.open(home.library_path, analyzer_version=ANALYZER_VERSION) as library:
        listing = Triage(library).listing
        opened = []
        for row in listing[: OPENS + 1]:
            stored = library.get(row.id)
            assert stored is not None
            found = token.search(" ".join(stored.article.paragraphs))
            opened.append(found.group() if found else "")

        def count(word: str) -> int:
            return len(library.search_ids(word, view=Incoming()))

        return Facts(len(listing), count(COMMON_WORD), count(RARE_WORD),
                     count(COMMON_WORD[:-1]), count(RARE_WORD[:-1]), tuple(opened))


def analyzer_version(python: str = sys.executable) -> str:
    """The analyzer version of the ``reader`` beside ``python`` (a baseline may have another:
    its worker's analyses are current for it, not for this tree)."""
    done = subprocess.run([python, "-c", "from reader.nlp import ANALYZER_VERSION as v; print(v)"],
                          capture_output=True, text=True, check=True, cwd="/")  # not ./reader
    return done.stdout.strip()


def unanalysed(home: Home, version: str) -> int:
    """Articles without an analysis of ``version``, read with plain SQL: opening the library
    through this reader's store would migrate an older reader's library under it."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(f"{home.library_path.as_uri()}?mode=ro",
                                            uri=True)) as db:
        row = db.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM "
                         "analysis an WHERE an.article_pk = a.pk AND an.version = ?)",
                         (version,)).fetchone()
    return int(row[0])


def articles_label(count: int) -> str:
    """The status line's count, as the reader prints it."""
    return f"· {count} article{'s' if count != 1 else ''}"


# -- the measurements --------------------------------------------------------------------------


@dataclass
class Figures:
    """Every figure of one program at one library size (lists of samples, medians printed)."""

    launch: dict[str, list[float]] = field(default_factory=dict)  # per terminal size
    common: list[float] = field(default_factory=list)  # keystroke → results on screen
    rare: list[float] = field(default_factory=list)
    common_total: list[float] = field(default_factory=list)  # keystroke → exact total shown
    rare_total: list[float] = field(default_factory=list)
    echo: list[float] = field(default_factory=list)  # keystroke → echo (the bare app's Input)
    body: list[float] = field(default_factory=list)
    panel: list[float] = field(default_factory=list)
    memory: dict[str, float] = field(default_factory=dict)
    memory_tree: dict[str, float] = field(default_factory=dict)  # with child processes
    import_cpu: float | None = None
    notes: list[str] = field(default_factory=list)


def launch_reader(home: Home, facts: Facts, width: int, height: int,
                  command: Sequence[str]) -> float:
    with TmuxSession(command, width=width, height=height, env=home.env) as session:
        return waited(session, showing(f"Incoming {articles_label(facts.total)}", "●"))


def launch_newsboat(home: Home, width: int, height: int) -> float:
    with TmuxSession(home.newsboat(), width=width, height=height, env=home.env) as session:
        return waited(session, showing(f"{len(home.feeds)} total)"))


def launch_bare(script: Path, width: int, height: int) -> float:
    command = [sys.executable, str(script)]
    with TmuxSession(command, width=width, height=height, env={"TERM": "xterm-256color"}) as s:
        return waited(s, showing("bare app ready"))


def search_title(word: str) -> str:
    """The status line's title of a search of Incoming, laid out as the reader draws it."""
    from reader.text.logical import VISUAL

    return VISUAL.field(f"search “{word}” in Incoming", 48).text


def reader_session(home: Home, facts: Facts, figures: Figures, width: int, height: int,
                   background_timeout: float, command: Sequence[str], version: str) -> None:
    """Start, 50 searches, 200 articles opened, background work finished; memory after each."""
    home_status = f"Incoming {articles_label(facts.total)}"
    with TmuxSession(command, width=width, height=height, env=home.env) as session:
        waited(session, showing(home_status, "●"))
        pid = session.pane_pid()

        def record(stage: str) -> None:
            figures.memory[stage] = resident_mib(pid)
            figures.memory_tree[stage] = tree_resident_mib(pid)

        record("start")
        words = [(COMMON_WORD, facts.common, facts.common_partial, figures.common,
                  figures.common_total),
                 (RARE_WORD, facts.rare, facts.rare_partial, figures.rare, figures.rare_total)]
        for number in range(SEARCHES):
            word, count, partial, results, totals = words[number % 2]
            _type_search(session, word[:-1], showing("search “", articles_label(partial)))
            session.send(word[-1])
            shown, counted = waited_twice(session, showing(search_title(word)),
                                          showing(search_title(word), articles_label(count)))
            results.append(shown)
            totals.append(counted)
            session.send("Escape")
            waited(session, showing(home_status))
        record("after 50 searches")
        waited(session, showing(facts.opened[0]))
        for index in range(1, min(OPENS, len(facts.opened) - 1) + 1):
            started = time.perf_counter()
            session.send("Down")
            session.wait_for(showing(facts.opened[index]), timeout=60, interval=0.005)
            figures.body.append(time.perf_counter() - started)
            if width >= 120:  # the entity panel is shown beside the body only on a wide screen
                session.wait_for(lacking("Finding entities", "Keywords"), timeout=60,
                                 interval=0.005)
                figures.panel.append(time.perf_counter() - started)
        record("after 200 opens")
        deadline = time.monotonic() + background_timeout
        left = unanalysed(home, version)
        while left and time.monotonic() < deadline:
            time.sleep(2)
            left = unanalysed(home, version)
        if left:
            figures.notes.append(f"background analysis not finished after "
                                 f"{background_timeout:.0f} s ({left} articles left)")
        else:  # the worker goes once it has been idle a while (the analysis worker's IDLE_EXIT)
            idle_deadline = time.monotonic() + 60
            while running_children(pid) and time.monotonic() < idle_deadline:
                time.sleep(1)
        record("background done" if not left else "background timeout")


def newsboat_session(home: Home, facts: Facts, figures: Figures, width: int,
                     height: int) -> None:
    """newsboat's nearest equivalents: start, 50 searches (/ word Enter), 200 articles opened."""
    with TmuxSession(home.newsboat(), width=width, height=height, env=home.env) as session:
        waited(session, showing(f"{len(home.feeds)} total)"))
        pid = session.pane_pid()
        figures.memory["start"] = resident_mib(pid)
        for number in range(SEARCHES):
            word, samples, totals = [(COMMON_WORD, figures.common, figures.common_total),
                                     (RARE_WORD, figures.rare, figures.rare_total)][number % 2]
            session.send("/")
            session.send(word)
            waited(session, showing("Search for: "))
            started = time.perf_counter()
            session.send("Enter")
            session.wait_for(showing("Search results ("), timeout=120, interval=0.005)
            samples.append(time.perf_counter() - started)
            totals.append(samples[-1])  # its title holds the count: one frame
            session.send("q")
            waited(session, showing("Your feeds"))
        figures.memory["after 50 searches"] = resident_mib(pid)
        session.send("Enter")  # the first feed: the newest items, newest first
        waited(session, showing(title_token(0)))
        for index in range(min(OPENS, ITEMS_PER_FILE, facts.total)):
            started = time.perf_counter()
            session.send("Enter")
            session.wait_for(showing("Title: ", title_token(index)), timeout=60, interval=0.005)
            figures.body.append(time.perf_counter() - started)
            _press_until(session, "q", lacking("Title: "))  # newsboat may drop a key on arrival
            session.send("Down")
        figures.memory["after 200 opens"] = resident_mib(pid)


def _type_search(session: TmuxSession, text: str,
                 shown: Callable[[list[str]], bool]) -> None:
    """Open the reader's search box and type ``text`` until its search is shown (keys typed
    while the box is still taking focus go to the list)."""
    for _ in range(10):
        # One "/" at a time: a second one sent while a loaded machine is still drawing the
        # box would be typed into it, and the box would never show its hint again.
        session.send("/")
        try:
            session.wait_for(showing("search: words"), timeout=10, interval=0.005)
        except TimeoutError:
            session.send("Escape")
            time.sleep(0.5)
            continue
        time.sleep(0.2)
        session.send(text)
        try:
            session.wait_for(shown, timeout=5, interval=0.005)
            return
        except TimeoutError:
            session.send("Escape")
            time.sleep(0.5)
    raise TimeoutError(f"the search for {text!r} never showed")


def _press_until(session: TmuxSession, key: str, predicate: Callable[[list[str]], bool]
                 ) -> None:
    for _ in range(20):
        session.send(key)
        try:
            session.wait_for(predicate, timeout=1.0, interval=0.005)
            return
        except TimeoutError:
            continue
    raise TimeoutError(f"{key!r} never took effect")


def bare_echo(script: Path, width: int, height: int) -> list[float]:
    """Seconds from each letter sent to the bare app's focused Input until the screen shows
    it, letter after letter (the floor under the reader's keystroke figures)."""
    command = [sys.executable, str(script), "--input"]
    samples = []
    with TmuxSession(command, width=width, height=height, env={"TERM": "xterm-256color"}) as s:
        waited(s, showing("bare app ready"))
        time.sleep(0.5)
        typed = ""
        for number in range(ECHOES):
            typed += "abcdefghijklmnopqrstuvwxyz"[number % 26]
            started = time.perf_counter()
            s.send(typed[-1])
            s.wait_for(showing(typed[-12:]), timeout=10, interval=0.005)
            samples.append(time.perf_counter() - started)
            time.sleep(0.05)
    return samples


def bare_memory(script: Path, width: int, height: int) -> float:
    command = [sys.executable, str(script)]
    with TmuxSession(command, width=width, height=height, env={"TERM": "xterm-256color"}) as s:
        waited(s, showing("bare app ready"))
        time.sleep(0.5)
        return resident_mib(s.pane_pid())


# -- one library size, and the table -----------------------------------------------------------


def prepare(root: Path, count: int, readers: dict[str, list[str]],
            with_newsboat: bool) -> tuple[dict[str, Home], dict[str, float]]:
    """Generate a library of ``count`` articles and import it with each program, each reader
    into a home of its own (a newer reader's library may be one an older reader cannot open);
    import CPU per program. newsboat's files live in the first reader's home."""
    (root / "feeds").mkdir(parents=True)
    feeds = write_feeds(root / "feeds", count)
    homes = {name: Home(root / f"home{number}", feeds)
             for number, name in enumerate(readers)}
    cpu = {name: import_cpu([*command, "import", *map(str, feeds)], homes[name].env)
           for name, command in readers.items()}
    if with_newsboat:
        home = next(iter(homes.values()))
        (home.root / "urls").write_text("".join(f"{p.as_uri()}\n" for p in feeds))
        (home.root / "newsboat.conf").write_text(NEWSBOAT_CONFIG)
        cpu["newsboat"] = import_cpu(home.newsboat("-x", "reload"), home.env)
    return homes, cpu


def measure(count: int, args: argparse.Namespace, bare_script: Path) -> dict[str, Figures]:
    with_newsboat = shutil.which("newsboat") is not None
    with tempfile.TemporaryDirectory(prefix="bench-session-") as folder:
        print(f"\n{count} articles: generating and importing…", file=sys.stderr, flush=True)
        readers = {"reader": reader_command()}
        versions = {"reader": analyzer_version()}
        if args.baseline is not None:
            readers["reader (baseline)"] = reader_command(str(args.baseline))
            versions["reader (baseline)"] = analyzer_version(str(args.baseline))
        homes, cpu = prepare(Path(folder), count, readers, with_newsboat)
        home = homes["reader"]
        facts = library_facts(home)
        if facts.common == facts.common_partial or facts.rare == facts.rare_partial:
            print("warning: a search's last letter does not change its count", file=sys.stderr)
        imported = {name: snapshot(homes[name], Path(folder) / f"imported-{number}.db")
                    for number, name in enumerate(readers)}  # each session starts from it
        figures = {name: Figures(import_cpu=cpu[name]) for name in readers}
        figures["bare Textual app"] = Figures()
        if with_newsboat:
            figures["newsboat"] = Figures(import_cpu=cpu["newsboat"])
        launchers: dict[str, Callable[[int, int], float]] = {
            name: functools.partial(launch_reader, homes[name], facts, command=command)
            for name, command in readers.items()
        }
        launchers["bare Textual app"] = lambda w, h: launch_bare(bare_script, w, h)
        if with_newsboat:
            launchers["newsboat"] = lambda w, h: launch_newsboat(home, w, h)
        print(f"{count} articles: launches…", file=sys.stderr, flush=True)
        for width, height in args.sizes:
            size = f"{width}x{height}"
            for launch in launchers.values():  # warm the file cache once
                launch(width, height)
            for _ in range(args.runs):
                for name, launch in launchers.items():  # alternating
                    figures[name].launch.setdefault(size, []).append(launch(width, height))
        width, height = args.sizes[-1]
        print(f"{count} articles: the scripted sessions at {width}x{height}…", file=sys.stderr,
              flush=True)
        if with_newsboat:
            scripted(lambda: newsboat_session(home, facts, figures["newsboat"], width, height),
                     figures["newsboat"])
        for name, command in readers.items():
            restore_library(homes[name], imported[name])
            scripted(functools.partial(reader_session, homes[name], facts, figures[name], width,
                                       height, args.background_timeout, command, versions[name]),
                     figures[name])
        figures["bare Textual app"].memory["start"] = bare_memory(bare_script, width, height)
        figures["bare Textual app"].echo = bare_echo(bare_script, width, height)
    return figures


def snapshot(home: Home, path: Path) -> Path:
    """A consistent copy of the library (its write-ahead log included) at ``path``."""
    import sqlite3

    with sqlite3.connect(home.library_path) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    return path


def restore_library(home: Home, imported: Path) -> None:
    """The library as it was imported (no background analysis of an earlier session in it)."""
    for journal in ("-wal", "-shm"):
        home.library_path.with_name(home.library_path.name + journal).unlink(missing_ok=True)
    shutil.copyfile(imported, home.library_path)


def scripted(session: Callable[[], None], figures: Figures) -> None:
    """Run one scripted session; a step that never shows its result is noted (with the figures
    gathered so far kept) instead of losing the whole run's table."""
    started = time.monotonic()
    try:
        session()
    except TimeoutError as error:
        figures.notes.append(f"session stopped after {time.monotonic() - started:.0f} s: {error}")


def ms(samples: Sequence[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f} ms" if samples else "-"


def mib(value: float | None) -> str:
    return f"{value:.0f} MiB" if value is not None else "-"


def table(results: dict[int, dict[str, Figures]], sizes: Sequence[tuple[int, int]]) -> str:
    """One row per figure, one column per library size, the programs side by side."""
    programs = list(next(iter(results.values())))
    counts = list(results)
    rows: list[tuple[str, Callable[[Figures], str]]] = []
    for width, height in sizes:
        size = f"{width}x{height}"
        rows.append((f"launch → titles, {size}",
                     lambda f, size=size: ms(f.launch.get(size, []))))  # type: ignore[misc]
    rows += [
        ("keystroke → results on screen, common word", lambda f: ms(f.common)),
        ("keystroke → exact total shown, common word", lambda f: ms(f.common_total)),
        ("keystroke → results on screen, rare word", lambda f: ms(f.rare)),
        ("keystroke → exact total shown, rare word", lambda f: ms(f.rare_total)),
        ("keystroke → echo, bare Textual app (the floor)", lambda f: ms(f.echo)),
        ("article open → body", lambda f: ms(f.body)),
        ("article open → body and panel", lambda f: ms(f.panel)),
        ("memory after start", lambda f: mib(f.memory.get("start"))),
        ("memory after 50 searches", lambda f: mib(f.memory.get("after 50 searches"))),
        ("memory after 200 opens", lambda f: mib(f.memory.get("after 200 opens"))),
        ("memory, background work done",
         lambda f: mib(f.memory.get("background done", f.memory.get("background timeout")))),
        ("memory after 50 searches, with child processes",
         lambda f: mib(f.memory_tree.get("after 50 searches"))),
        ("memory after 200 opens, with child processes",
         lambda f: mib(f.memory_tree.get("after 200 opens"))),
        ("memory, background work done, with child processes",
         lambda f: mib(f.memory_tree.get("background done",
                                         f.memory_tree.get("background timeout")))),
        ("import CPU", lambda f: f"{f.import_cpu:.2f} s" if f.import_cpu is not None else "-"),
    ]
    header = "| | " + " | ".join(f"{n:,}" for n in counts) + " |"
    lines = [f"programs per cell: {' / '.join(programs)}", header,
             "|---|" + "---|" * len(counts)]
    for label, cell in rows:
        values = [" / ".join(cell(results[n][p]) for p in programs) for n in counts]
        lines.append(f"| {label} | " + " | ".join(values) + " |")
    for n in counts:
        for program, figures in results[n].items():
            lines.extend(f"note ({n:,}, {program}): {note}" for note in figures.notes)
    return "\n".join(lines)


def terminal_size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5, help="launches of each program per size")
    parser.add_argument("--sizes", type=terminal_size, nargs="+",
                        default=[(80, 24), (160, 50)],
                        help="terminal sizes for launches; the session runs at the last one")
    parser.add_argument("--background-timeout", type=float, default=900.0,
                        help="seconds to wait for the background analysis to finish")
    parser.add_argument("--baseline", type=Path,
                        help="the Python of another environment whose `reader` to measure beside")
    parser.add_argument("--allow-huge", action="store_true",
                        help="allow more than 10,000 articles (100,000 takes an hour or more)")
    args = parser.parse_args()
    if not tmux_available():
        print("tmux is not installed", file=sys.stderr)
        return 1
    if max(args.articles) > 10_000 and not args.allow_huge:
        parser.error("more than 10,000 articles takes long: add --allow-huge")
    if shutil.which("newsboat") is None:
        print("newsboat is not installed (apt-get install newsboat): measuring without it",
              file=sys.stderr)
    import compileall

    import reader

    compileall.compile_dir(Path(reader.__file__).parent, quiet=1)  # as `pip install .` does
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        bare_script = Path(folder) / "bare_app.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        results = {count: measure(count, args, bare_script) for count in args.articles}
    print(f"medians; launches alternate between programs, {args.runs} runs each per size; "
          f"load average (1 min) {load_before[0]:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end")
    print(table(results, args.sizes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
