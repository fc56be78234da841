"""Launch to the titles on screen, beside a bare Textual app (and another checkout), in tmux.

The programs start in the same run, alternately, in a tmux session of each size asked for. For the
reader the clock stops twice: when the list's titles are on screen (the status line's "Incoming ·
N articles" and an unread mark; the figure of issue 16, target at most 1.3× the bare app) and
when the first article's text is too. For the bare app it stops when its one ``Static`` shows.
Prints the median of each, the ratios, the reader's peak memory once its first article is on
screen, and the load average before and after (every timing on a shared machine is noisy).

    python bench/bench_startup.py [--runs 7] [--sizes 80x24 160x50] [--articles 100000]
    python bench/bench_startup.py --library /tmp/me/sqlite-100000.db --baseline /work/wt-main

``--instructions`` counts, with valgrind, the CPU instructions each program executes from its start
until the frame with its titles is written (headless, the same library): exact on a busy machine,
where the times above can swing by half. Needs valgrind (apt-get install valgrind).

``--articles N`` fills a new library with N synthetic articles built from the seeds (the generator
of bench_library.py); ``--library FILE`` copies an existing SQLite library instead (the copy is
opened, never the file given). ``--baseline DIR`` runs the reader of another checkout (``DIR``
holds its ``reader`` package, e.g. a worktree of main) beside this one, on the same articles
(each in a library of its own, filled or copied for it).
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import reader
from reader.services.triage import Triage
from reader.store import Library
from reader.text.layout import visual_field

# The tmux driver is test support, not part of the package: it lives in tests/support.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from support.tmux import TmuxSession, tmux_available  # noqa: E402

TARGET = 1.3  # launch -> titles, reader / bare app (issue 16, item 7)
BARE = "bare Textual app"
BARE_APP = """
from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("bare app ready")


Bare().run()
"""

# Headless, until the frame that shows the list's rows (or the bare app's Static) is written.
# App._display is private, but it is the one place a frame is written; only this count uses it.
FIRST_FRAME_DRIVER = """
import os, sys
from textual.app import App

width, height, program = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
drawn = []
if program == "bare":
    from textual.widgets import Static

    class Drawn(Static):
        def render_line(self, y):
            drawn.append(y)
            return super().render_line(y)
else:
    from reader.ui.widgets.article_list import ArticleList as Drawn

    draw_row = Drawn.render_line
    def drawing_a_row(self, y):
        drawn.append(y)
        return draw_row(self, y)
    Drawn.render_line = drawing_a_row
write_frame = App._display
def writing_a_frame(self, screen, renderable):
    write_frame(self, screen, renderable)
    if drawn:
        os._exit(0)
App._display = writing_a_frame
run = App.run
App.run = lambda self, *args, **kwargs: run(self, headless=True, size=(width, height))
if program == "bare":
    class Bare(App[None]):
        def compose(self):
            yield Drawn("bare app ready")
    Bare().run()
else:
    from reader.cli import main
    main([])
"""

Screen = list[str]


def showing(*texts: str) -> Callable[[Screen], bool]:
    """The screen holds every one of ``texts``."""
    return lambda screen: all(any(text in row for row in screen) for text in texts)


@dataclass
class Program:
    """One program to launch: its command, its environment, and what marks each figure."""

    command: list[str]
    env: dict[str, str]
    marks: dict[str, Callable[[Screen], bool]]  # figure -> the screen that stops its clock
    times: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # size -> figure
    memory: list[float] = field(default_factory=list)


def compile_package(folder: Path) -> None:
    """Byte-compile a reader package, as ``pip install .`` does.

    An editable install run with PYTHONDONTWRITEBYTECODE would otherwise compile every module
    from source on each start, a cost no installed reader pays (Textual's modules, installed by
    pip, are compiled already).
    """
    compileall.compile_dir(folder, quiet=1)


def library_path(home: Path) -> Path:
    return home / "data" / "reader" / "library.db"


def first_screen_texts(home: Path) -> tuple[str, str]:
    """The status line of the list the library opens on, and a word of its first article as
    the terminal shows it."""
    with Library.open(library_path(home)) as library:
        listing = Triage(library).listing
        stored = library.get(listing[0].id)
        count = len(listing)
        titles = " ".join(row.title for row in listing[:100])
    assert stored is not None
    words = " ".join(stored.article.paragraphs).split()
    # A word of the body that no title on screen holds: the article, not the list, shows it.
    word = next((w for w in words if len(w) > 3 and w not in titles), words[0])
    status = f"Incoming · {count} article{'s' if count != 1 else ''}"
    return status, visual_field(word, 200).text


def peak_mib(pid: int) -> float:
    """The peak resident memory of a process so far (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def launch(program: Program, width: int, height: int) -> tuple[dict[str, float], float]:
    """Seconds until each of the program's marks is on screen (in order), and its peak memory
    at the last one (MiB)."""
    session = TmuxSession(program.command, width=width, height=height, env=program.env)
    started = time.perf_counter()
    elapsed: dict[str, float] = {}
    with session:
        for figure, shown in program.marks.items():
            session.wait_for(shown, timeout=120, interval=0.005)
            elapsed[figure] = time.perf_counter() - started
        return elapsed, peak_mib(session.pane_pid())


def first_frame_instructions(env: dict[str, str], program: str, width: int, height: int) -> int:
    """CPU instructions from the start of ``program`` ("bare" or "reader") until the frame with
    its titles is written, counted by valgrind."""
    done = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, "-P", "-c", FIRST_FRAME_DRIVER, str(width), str(height), program],
        capture_output=True, text=True, env={**os.environ, **env}, cwd=tempfile.gettempdir(),
        check=False,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def report_instructions(envs: dict[str, dict[str, str]], sizes: list[tuple[int, int]]) -> None:
    print("instructions to the frame with the titles (valgrind, headless; exact):")
    for width, height in sizes:
        counts = {name: first_frame_instructions(env, "bare" if name == BARE else "reader",
                                                 width, height)
                  for name, env in envs.items()}
        bare = counts[BARE]
        print(f"  {width}x{height}:")
        for name, count in counts.items():
            ratio = "" if name == BARE else f"   /bare {count / bare:.2f}"
            print(f"    {name:<18} {count / 1e6:7.1f} M{ratio}")


def fill_library(home: Path, count: int, package_root: Path) -> None:
    """A library of ``count`` synthetic articles where the reader of ``package_root`` will find
    it, written by that reader's own store (a newer store's schema may be one an older reader
    cannot open)."""
    script = (f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parent)!r}); "
              "from pathlib import Path; from bench_startup import write_synthetic; "
              f"write_synthetic(Path({str(library_path(home))!r}), {count})")
    subprocess.run([sys.executable, "-P", "-c", script], check=True,
                   env={**os.environ, "PYTHONPATH": str(package_root)})


def write_synthetic(path: Path, count: int) -> None:
    """``count`` synthetic articles built from the seeds, added to the library at ``path``."""
    from bench_library import seed_articles, synthetic

    articles = list(synthetic(seed_articles(), count))
    with Library.open(path) as library:
        for start in range(0, len(articles), 2000):
            library.add(articles[start : start + 2000])


def reader_env(home: Path, package_root: Path) -> dict[str, str]:
    # -P keeps the working directory off sys.path, so PYTHONPATH decides whose reader runs.
    return {"XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
            "TERM": "xterm-256color", "PYTHONPATH": str(package_root)}


def terminal_size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height)


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def report(programs: dict[str, Program], sizes: list[tuple[int, int]], runs: int,
           library: str) -> None:
    print(f"launch to the titles on screen (and to the first article), {library}, median of "
          f"{runs} runs each, programs alternating:")
    bare = programs[BARE]
    for width, height in sizes:
        size = f"{width}x{height}"
        print(f"  {size}:")
        bare_titles = statistics.median(bare.times[size]["titles"])
        for name, program in programs.items():
            cells = []
            for figure, values in program.times[size].items():
                median = statistics.median(values)
                cells.append(f"{figure} {median * 1000:5.0f} ms (min {min(values) * 1000:.0f})")
            ratio = statistics.median(program.times[size]["titles"]) / bare_titles
            verdict = "" if program is bare else (
                f"   titles/bare {ratio:.2f} ({'met' if ratio <= TARGET else 'NOT met'}: "
                f"<= {TARGET})")
            print(f"    {name:<18} {';  '.join(cells)}{verdict}")
    for name, program in programs.items():
        if program is not bare:
            print(f"  peak memory, {name}: {max(program.memory):.0f} MiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sizes", type=terminal_size, nargs="+", default=[(80, 24)],
                        help="terminal sizes, WIDTHxHEIGHT (160x50 shows the side panel)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--articles", type=int, default=0,
                        help="fill the library with this many synthetic articles first")
    source.add_argument("--library", type=Path,
                        help="a SQLite library to copy and open (the file given is not changed)")
    parser.add_argument("--baseline", type=Path,
                        help="a checkout whose reader package runs beside this one (e.g. main)")
    parser.add_argument("--instructions", action="store_true",
                        help="also count CPU instructions to the first frame (valgrind)")
    args = parser.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 1
    if not tmux_available():
        print("tmux is not installed", file=sys.stderr)
        return 1
    own_root = Path(reader.__file__).resolve().parent.parent
    roots = {"reader": own_root}
    if args.baseline:
        roots = {f"reader ({args.baseline.name})": args.baseline.resolve(), **roots}
    for root in roots.values():
        compile_package(root / "reader")
    print(f"load average before: {load()}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        bare_script = Path(folder) / "bare_app.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        # Each reader a library of its own: a newer one's store may migrate a library to a
        # schema an older one cannot open.
        homes = {name: Path(folder) / f"home{number}" for number, name in enumerate(roots)}
        warm = [sys.executable, "-P", "-m", "reader"]
        for name, root in roots.items():
            home = homes[name]
            library_path(home).parent.mkdir(parents=True)
            if args.library:
                shutil.copyfile(args.library, library_path(home))
            elif args.articles:
                print(f"filling a library with {args.articles} synthetic articles…", flush=True)
                fill_library(home, args.articles, root)
            # The first start seeds (or migrates) the library; every timed start opens it, as
            # a user's would.
            launch(Program(warm, reader_env(home, root), {"titles": showing("Incoming ·")}),
                   80, 24)
        status, word = first_screen_texts(homes["reader"])
        programs = {BARE: Program(
            [sys.executable, str(bare_script)], {"TERM": "xterm-256color"},
            {"titles": showing("bare app ready")})}
        for name, root in roots.items():
            programs[name] = Program(warm, reader_env(homes[name], root),
                                     {"titles": showing(status, "●"), "article": showing(word)})
        for width, height in args.sizes:
            size = f"{width}x{height}"
            for program in programs.values():  # warm the file cache once
                launch(program, width, height)
            for _ in range(args.runs):
                for program in programs.values():
                    elapsed, mib = launch(program, width, height)
                    for figure, seconds in elapsed.items():
                        program.times.setdefault(size, {}).setdefault(figure, []).append(seconds)
                    program.memory.append(mib)
        if args.instructions:  # the same library, before the folder holding it goes
            report_instructions({BARE: {"TERM": "xterm-256color"},
                                 **{name: reader_env(homes[name], root)
                                    for name, root in roots.items()}},
                                args.sizes)
    described = (f"library {args.library.name}" if args.library
                 else f"{args.articles} synthetic articles" if args.articles
                 else "the seeded library")
    report(programs, args.sizes, args.runs, described)
    print(f"load average after: {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
