"""Search as you type in the real app, beside a baseline build of the reader, in tmux.

Copies a library (by default one of 100,000 articles made by ``bench/bench_backends.py``), a
copy for each build (a newer build's store may migrate it to a schema an older one cannot
open), then launches the installed ``reader`` of this tree and the one of a baseline (another
virtual environment's Python, e.g. one with ``main`` installed) in turn, alternating which goes
first, and in each opens the search box, types a word but its last letter, waits for that search to
show, then times the last keystroke until the list shows the word's first page (the status
line's title names the new search, set in the same handler as the rows) and until the status
line shows the exact total of its matches (with the page where the index alone counts them,
else counted after the page is drawn). A common word (in about one article in three) and a rare
one. The load average is printed beside the figures:
on a shared machine only figures of the same run compare.

    python bench/bench_search.py --library /path/to/sqlite-100000.db \\
        --baseline /path/to/main-venv/bin/python [--runs 3] [--searches 3] [--size 80x24] \\
        [--read-every 10]

A benchmark, never a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_session import (  # noqa: E402
    COMMON_WORD,
    RARE_WORD,
    Home,
    articles_label,
    reader_command,
    search_title,
    showing,
    terminal_size,
    waited,
    waited_twice,
)
from support.tmux import TmuxSession, tmux_available  # noqa: E402

from reader.store import All, Incoming, Library  # noqa: E402


@dataclass(frozen=True)
class Word:
    text: str
    total: int  # matches in Incoming: what the status line must show
    partial: int  # matches of the word but its last letter


@dataclass
class Program:
    name: str
    command: list[str]
    python: str  # the Python its ``reader`` is installed beside
    samples: dict[str, list[float]] = field(default_factory=dict)  # keystroke → results
    totals: dict[str, list[float]] = field(default_factory=dict)  # keystroke → exact total


def read_some(path: Path, every: int) -> None:
    """Mark every ``every``-th article read, as a user's library has them: Incoming then no
    longer holds every article, and a search of it is counted by reading its matches' state."""
    with Library.open(path) as library:
        library.set_read(library.ids(All())[::every])


def prepare(program: Program, home: Home, library: Path, read_every: int) -> None:
    """A copy of ``library`` of the program's own (a newer reader's store would migrate the copy
    to a schema an older one cannot open), its articles marked read by the program's store."""
    home.library_path.parent.mkdir(parents=True)
    shutil.copyfile(library, home.library_path)
    if read_every:
        script = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
                  "from pathlib import Path; from bench_search import read_some; "
                  f"read_some(Path({str(home.library_path)!r}), {read_every})")
        subprocess.run([program.python, "-c", script], check=True)


def words_of(path: Path) -> tuple[int, list[Word]]:
    """The Incoming total and the words with their exact counts, from this tree's store."""
    with Library.open(path) as library:
        total = library.count(Incoming())
        words = [Word(text, library.search_count(text, Incoming()),
                      library.search_count(text[:-1], Incoming()))
                 for text in (COMMON_WORD, RARE_WORD)]
    return total, words


def session(program: Program, home: Home, total: int, words: list[Word], searches: int,
            size: tuple[int, int]) -> None:
    """One launch: ``searches`` searches of each word, each timed from its last keystroke."""
    home_status = f"Incoming {articles_label(total)}"
    with TmuxSession(program.command, width=size[0], height=size[1], env=home.env) as tmux:
        waited(tmux, showing(home_status), timeout=300)
        for _ in range(searches):
            for word in words:
                typed_but_last(tmux, word)
                tmux.send(word.text[-1])
                shown, counted = waited_twice(
                    tmux, showing(search_title(word.text)),
                    showing(search_title(word.text), articles_label(word.total)))
                program.samples.setdefault(word.text, []).append(shown)
                program.totals.setdefault(word.text, []).append(counted)
                tmux.send("Escape")
                waited(tmux, showing(home_status))


def typed_but_last(tmux: TmuxSession, word: Word) -> None:
    """Open the search box and type the word but its last letter, until that search shows."""
    for _ in range(10):
        tmux.send("/")
        try:
            tmux.wait_for(showing("search: words"), timeout=2, interval=0.005)
        except TimeoutError:
            continue
        time.sleep(0.2)  # the box takes the focus after it is drawn
        tmux.send(word.text[:-1])
        try:
            tmux.wait_for(showing("search “", articles_label(word.partial)), timeout=10,
                          interval=0.005)
        except TimeoutError:
            tmux.send("Escape")
            time.sleep(0.5)
            continue
        time.sleep(0.3)  # what a user's pause between two keys leaves the app
        return
    raise TimeoutError(f"the search for {word.text[:-1]!r} never showed")


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f} ms" if samples else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True,
                        help="a SQLite library to copy (never opened in place)")
    parser.add_argument("--baseline", type=Path,
                        help="the Python of another environment whose `reader` to measure beside")
    parser.add_argument("--runs", type=int, default=3, help="launches of each program")
    parser.add_argument("--searches", type=int, default=3, help="of each word per launch")
    parser.add_argument("--size", type=terminal_size, default=(80, 24))
    parser.add_argument("--read-every", type=int, default=0, metavar="N",
                        help="mark every N-th article read first (default: none read)")
    args = parser.parse_args()
    if not tmux_available():
        print("tmux is not installed", file=sys.stderr)
        return 1
    programs = [Program("this tree", reader_command(), sys.executable)]
    if args.baseline is not None:
        programs.append(Program(f"baseline ({args.baseline})",
                                reader_command(str(args.baseline)), str(args.baseline)))
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        homes = [Home(Path(folder) / f"home{number}") for number in range(len(programs))]
        for program, home in zip(programs, homes, strict=True):
            print(f"copying {args.library} for {program.name}…", file=sys.stderr, flush=True)
            prepare(program, home, args.library, args.read_every)
        total, words = words_of(homes[0].library_path)
        print(f"{total} articles in Incoming; " + ", ".join(
            f"{w.text}: {w.total} matches" for w in words), flush=True)
        loads = [os.getloadavg()[0]]
        for run in range(args.runs):
            order = list(zip(programs, homes, strict=True))
            for program, home in order if run % 2 == 0 else order[::-1]:
                print(f"run {run + 1}: {program.name}…", file=sys.stderr, flush=True)
                session(program, home, total, words, args.searches, args.size)
                loads.append(os.getloadavg()[0])
    print(f"keystroke → results on screen / exact total shown, {args.size[0]}x{args.size[1]}, "
          f"median of {args.runs * args.searches} per word; load average "
          f"{min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores")
    for program in programs:
        figures = ", ".join(f"{word.text} ({word.total}) {median_ms(program.samples[word.text])}"
                            f" / {median_ms(program.totals[word.text])}" for word in words)
        print(f"  {program.name:<50} {figures}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
