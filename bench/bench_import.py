"""Import cost of the installed ``reader`` beside newsboat, on the same generated Arabic feeds.

For each size N: generates N distinct articles (``bench_session``'s generator: varied vocabulary,
never one page repeated) as RSS files of ``bench_session.ITEMS_PER_FILE`` items, then imports
them into a fresh library with ``reader import`` (as the app does by default, and with
``--analyze``, entities at import) and, when newsboat is installed (``apt-get install
newsboat``), with ``newsboat -x reload`` into a fresh cache. Prints the CPU (user + system) of
each importing process, per item, and its ratio to newsboat's, then the peak resident memory
(``ru_maxrss`` of that process alone, from ``wait4``) of importing one feed file of
``--big-mb`` MB.

    python bench/bench_import.py [--items 1000 10000] [--runs 3] [--big-mb 100] [--no-analysis]
                                 [--baseline DIR]

``--baseline DIR`` also measures the reader of another source tree (a worktree of ``main``), run
as ``python -P -m reader`` with DIR on its path (``-P``: not the current folder's reader), in
the same runs, alternating with the others: on a shared machine only figures of one run
compare. Each reader package is byte-compiled first, as ``pip install`` does, so no figure
carries the compiling of its modules (an editable install run with PYTHONDONTWRITEBYTECODE
would otherwise compile every module at every start).

A benchmark, never a test: nothing here asserts a time. Every figure is the median of ``--runs``.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_session  # noqa: E402  (the generator and the newsboat set-up are shared)


@dataclass(frozen=True)
class Run:
    cpu: float  # user + system seconds
    peak_mib: float  # ru_maxrss of the process
    refused: str = ""  # the last line of its messages when it imported nothing


def measured(command: Sequence[str], env: dict[str, str]) -> Run:
    """Run ``command`` to its end; its own CPU time and peak resident memory."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")} | env
    process = subprocess.Popen(list(command), env=full_env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)  # fmt: skip
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode(errors="replace") if process.stderr else ""
    lines = errors.strip().splitlines() or [f"exit status {process.returncode}"]
    refused = lines[-1].strip() if process.returncode not in (0, 1) else ""
    return Run(usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, refused)


def fresh_home(root: Path, name: str) -> bench_session.Home:
    home = bench_session.Home(root / name)
    home.root.mkdir(parents=True)
    return home


@dataclass(frozen=True)
class Reader:
    """One reader to measure: how it is run, and what its environment adds."""

    name: str
    command: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()


def readers(baseline: Path | None) -> list[Reader]:
    """The installed reader, and the one of ``baseline`` (a source tree) when given; each
    package byte-compiled, as an install leaves it."""
    found = [Reader("reader import", tuple(bench_session.reader_command()))]
    if baseline is not None:
        found.append(Reader("baseline reader import", (sys.executable, "-P", "-m", "reader"),
                            (("PYTHONPATH", str(baseline.resolve())),)))  # fmt: skip
    import reader

    for folder in (Path(reader.__file__).parent, *([baseline / "reader"] if baseline else [])):
        compileall.compile_dir(folder, quiet=1)
    return found


def reader_import(root: Path, feeds: list[Path], analyze: bool, tag: str,
                  program: Reader) -> Run:  # fmt: skip
    home = fresh_home(root, f"{program.name.replace(' ', '-')}-{tag}")
    extra = ["--analyze"] if analyze else []
    command = [*program.command, "import", *extra, *map(str, feeds)]
    return measured(command, home.env | dict(program.env))


def newsboat_import(root: Path, feeds: list[Path], tag: str) -> Run:
    home = fresh_home(root, f"newsboat-{tag}")
    (home.root / "urls").write_text("".join(f"{path.as_uri()}\n" for path in feeds))
    (home.root / "newsboat.conf").write_text(bench_session.NEWSBOAT_CONFIG)
    return measured(home.newsboat("-x", "reload"), home.env)


def write_big_feed(path: Path, megabytes: int) -> int:
    """One RSS file of at least ``megabytes`` MB of distinct generated items; how many."""
    target = megabytes * 1024 * 1024
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                  "<title>أخبار</title><link>https://bench.example/</link>\n")  # fmt: skip
        for item in bench_session.generate(10**7):
            body = "".join(f"<p>{escape(p)}</p>" for p in item.paragraphs)
            out.write(f"<item><title>{escape(item.title)}</title>"
                      f"<link>https://bench.example/{item.index}</link>"
                      f"<pubDate>{format_datetime(item.published)}</pubDate>"
                      f"<description>{escape(body)}</description></item>\n")  # fmt: skip
            count += 1
            if out.tell() >= target:
                break
        out.write("</channel></rss>\n")
    return count


def median_run(runs: list[Run]) -> Run:
    return Run(statistics.median(r.cpu for r in runs), statistics.median(r.peak_mib for r in runs))


def cpu_rows(root: Path, sizes: Sequence[int], runs: int, analysis: bool,
             with_newsboat: bool, programs: Sequence[Reader],
             ) -> list[tuple[str, int, Run, Run | None]]:  # fmt: skip
    rows: list[tuple[str, int, Run, Run | None]] = []
    for size in sizes:
        folder = root / f"feeds-{size}"
        folder.mkdir()
        feeds = bench_session.write_feeds(folder, size)
        modes = [(program.name, program, False) for program in programs]
        if analysis:
            modes += [(f"{program.name} --analyze", program, True) for program in programs]
        results: dict[str, list[Run]] = {name: [] for name, _, _ in modes}
        results["newsboat -x reload"] = []
        for run in range(runs):  # alternating programs, so a busy machine hurts each alike
            for name, program, analyze in modes:
                tag = f"{size}-{'analyze' if analyze else 'plain'}-{run}"
                results[name].append(reader_import(root, feeds, analyze, tag, program))
            if with_newsboat:
                results["newsboat -x reload"].append(newsboat_import(root, feeds, f"{size}-{run}"))
        newsboat = median_run(results["newsboat -x reload"]) if with_newsboat else None
        for name, found in results.items():
            if found:
                rows.append((name, size, median_run(found), newsboat))
    return rows


def big_rows(root: Path, megabytes: int, with_newsboat: bool,
             programs: Sequence[Reader]) -> list[tuple[str, int, Run]]:  # fmt: skip
    path = root / "big.rss"
    items = write_big_feed(path, megabytes)
    rows = [(program.name, items, reader_import(root, [path], False, "big", program))
            for program in programs]  # fmt: skip
    if with_newsboat:
        rows.append(("newsboat -x reload", items, newsboat_import(root, [path], "big")))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--items", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--big-mb", type=int, default=100, help="0: no big-feed memory figure")
    parser.add_argument("--no-analysis", action="store_true", help="skip reader import --analyze")
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="also measure the reader of this source tree (a worktree of main)")
    args = parser.parse_args()
    programs = readers(args.baseline)
    with_newsboat = shutil.which("newsboat") is not None
    if not with_newsboat:
        print("newsboat is not installed (apt-get install newsboat): measuring without it",
              file=sys.stderr)  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        root = Path(folder)
        load_before = os.getloadavg()[0]
        rows = cpu_rows(root, args.items, args.runs, not args.no_analysis, with_newsboat,
                        programs)  # fmt: skip
        print(f"import CPU, median of {args.runs} (user + system of the importing process); "
              f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on "
              f"{os.cpu_count()} CPUs\n")  # fmt: skip
        print("| program | items | CPU s | CPU ms/item | × newsboat | peak RSS MiB |")
        print("|---|---|---|---|---|---|")
        for name, size, run, newsboat in rows:
            if run.refused:
                print(f"| {name} | {size:,} | refused: {run.refused[:80]} | | | |")
                continue
            ratio = f"{run.cpu / newsboat.cpu:.2f}" if newsboat and newsboat.cpu else "-"
            print(f"| {name} | {size:,} | {run.cpu:.2f} | {1000 * run.cpu / size:.3f} | {ratio} "
                  f"| {run.peak_mib:.0f} |")  # fmt: skip
        if args.big_mb:
            print(f"\none feed file of {args.big_mb} MB\n")
            print("| program | items | CPU s | peak RSS MiB |")
            print("|---|---|---|---|")
            for name, items, run in big_rows(root, args.big_mb, with_newsboat, programs):
                shown = f"refused: {run.refused[:80]}" if run.refused else f"{run.peak_mib:.0f}"
                print(f"| {name} | {items:,} | {run.cpu:.2f} | {shown} |")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"\n(peak RSS of this script, generating the feeds: {own} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
