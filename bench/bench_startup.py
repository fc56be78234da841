"""Time from launch to the first article on screen, beside a bare Textual app, in tmux.

Both programs start in the same run, alternately, in an 80x24 tmux session; the clock stops when
the screen shows the first article's text (for the bare app: its one ``Static``). Prints the
median of each, their ratio (target: at most 1.5), and the reader's resident memory once the
first article is on screen (target with --articles 100000: at most 200 MB).

    python bench/bench_startup.py [--runs 7] [--width 80 --height 24] [--articles 100000]

With ``--articles N`` the library is first filled with N synthetic articles built from the seeds
(the generator of bench_library.py).
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import sys
import tempfile
import time
from pathlib import Path

import reader
from reader.services.triage import Triage
from reader.store import Library
from reader.text.layout import visual_field

# The tmux driver is test support, not part of the package: it lives in tests/support.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from support.tmux import TmuxSession, screen_contains, tmux_available  # noqa: E402

BARE_APP = """
from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("bare app ready")


Bare().run()
"""


def compile_package() -> None:
    """Byte-compile the reader package, as ``pip install .`` does.

    An editable install run with PYTHONDONTWRITEBYTECODE would otherwise compile every module
    from source on each start, a cost no installed reader pays (Textual's modules, installed by
    pip, are compiled already).
    """
    compileall.compile_dir(Path(reader.__file__).parent, quiet=1)


def first_article_marker(home: Path) -> str:
    """The first word of the first article the library opens on, as the terminal shows it."""
    library = Library.open(home / "data" / "reader" / "library.db")
    try:
        first_id = Triage(library).listing[0].id
        stored = library.get(first_id)
    finally:
        library.close()
    assert stored is not None
    word = next(p for p in stored.article.paragraphs if p.strip()).split()[0]
    return visual_field(word, 200).text


def resident_mib(pid: int) -> float:
    """The peak resident memory of a process so far (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def time_to_screen(
    command: list[str], marker: str, home: Path, width: int, height: int
) -> tuple[float, float]:
    """Seconds until ``marker`` is on screen, and the program's peak memory then (MiB)."""
    env = {
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "TERM": "xterm-256color",
    }
    session = TmuxSession(command, width=width, height=height, env=env)
    started = time.perf_counter()
    with session:
        session.wait_for(screen_contains(marker), timeout=120, interval=0.005)
        elapsed = time.perf_counter() - started
        return elapsed, resident_mib(session.pane_pid())


def fill_library(home: Path, count: int) -> None:
    """A library of ``count`` synthetic articles where the reader will find it."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_library import seed_articles, synthetic

    articles = list(synthetic(seed_articles(), count))
    with Library.open(home / "data" / "reader" / "library.db") as library:
        for start in range(0, len(articles), 2000):
            library.add(articles[start : start + 2000])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--width", type=int, default=80)
    parser.add_argument("--height", type=int, default=24)
    parser.add_argument("--articles", type=int, default=0,
                        help="fill the library with this many synthetic articles first")
    args = parser.parse_args()
    if not tmux_available():
        print("tmux is not installed", file=sys.stderr)
        return 1
    compile_package()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        bare_script = home / "bare_app.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        if args.articles:
            print(f"filling a library with {args.articles} synthetic articles…", flush=True)
            fill_library(home, args.articles)
        # The first start seeds the library; every timed start opens it, as a user's would.
        time_to_screen([sys.executable, "-m", "reader"], " article", home, args.width,
                       args.height)
        marker = first_article_marker(home)
        programs = {
            "reader": ([sys.executable, "-m", "reader"], marker),
            "bare Textual app": ([sys.executable, str(bare_script)], "bare app ready"),
        }
        times: dict[str, list[float]] = {name: [] for name in programs}
        memory: dict[str, list[float]] = {name: [] for name in programs}
        for command, wanted in programs.values():  # warm the file cache once
            time_to_screen(command, wanted, home, args.width, args.height)
        for _ in range(args.runs):
            for name, (command, wanted) in programs.items():
                elapsed, mib = time_to_screen(command, wanted, home, args.width, args.height)
                times[name].append(elapsed)
                memory[name].append(mib)
    medians = {name: statistics.median(values) for name, values in times.items()}
    size = f", library of {args.articles} articles" if args.articles else ""
    print(
        f"launch to first article on screen, {args.width}x{args.height}{size}, "
        f"median of {args.runs} runs each, alternating:"
    )
    for name, values in times.items():
        spread = f"min {min(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
        print(
            f"  {name:<18} {medians[name] * 1000:7.0f} ms   ({spread}; "
            f"peak memory {max(memory[name]):.0f} MiB)"
        )
    ratio = medians["reader"] / medians["bare Textual app"]
    print(
        f"  ratio              {ratio:7.2f}     (target <= 1.50: "
        f"{'met' if ratio <= 1.5 else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
