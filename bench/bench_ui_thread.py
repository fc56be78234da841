"""How long the UI thread is held by each key, in the real app, beside a baseline tree.

Copies a library (by default one of 100,000 articles made by ``bench/bench_backends.py``; a
fresh copy for every run, since ``A`` writes), runs the app headless (Textual's Pilot) over it,
and presses keys one after another. A 5 ms heartbeat timer runs on the UI thread: the longest
gap between two beats while a key's work runs (workers included) is the time the screen was
frozen, the figure the user feels; "done" is the time until every worker the key started has
finished. ``watch`` stands for another process's change to the library (what the screen does
on it); the background analysis process is not started. Each run is a child process, this tree
and the baseline tree (another checkout of the reader, e.g. a worktree of ``main``, put first
on ``PYTHONPATH``) in turn, alternating which goes first. The load average is printed: on a
shared machine only figures of the same run compare.

    python bench/bench_ui_thread.py --library /path/to/sqlite-100000.db \\
        --baseline /path/to/main-worktree [--runs 1] [--keys j watch O O v escape A n u]

A benchmark, never a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_LIBRARY = Path("/work/pgbench-cache/sqlite-100000.db")
DEFAULT_KEYS = ["j", "watch", "O", "O", "O", "O", "v", "escape", "f", "escape", "1", "m",
                "A", "n", "u"]
HEARTBEAT = 0.005  # seconds between beats of the UI thread's timer
SETTLE = 0.3  # seconds left between keys (not counted)


async def _press_keys(library_path: Path, keys: list[str]) -> list[dict[str, object]]:
    from reader.config import Config
    from reader.store import Library
    from reader.ui.app import ReaderApp
    from reader.ui.screens.feed_actions import ChangedElsewhere
    from reader.ui.screens.main import MainScreen

    MainScreen._start_background = lambda self: None  # type: ignore[method-assign]
    library = Library.open(library_path)
    app = ReaderApp([], library=library, config=Config())
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    def busy() -> bool:
        return any(not worker.is_finished for worker in app.workers if worker.group != "watch")

    figures: list[dict[str, object]] = []
    async with app.run_test(size=(120, 30)) as pilot:
        while busy():
            await pilot.pause(0.05)
        await pilot.pause(1.0)  # the list's ids, fetched a moment after the first frame
        while busy():
            await pilot.pause(0.05)
        app.set_interval(HEARTBEAT, beat)
        for key in keys:
            await pilot.pause(SETTLE)
            gaps.clear()
            started = last[0] = time.perf_counter()
            if key == "watch":
                app.main_screen.post_message(ChangedElsewhere())
            else:
                await pilot.press(*key.split("+"))
            await pilot.pause(0.05)
            while busy():
                await asyncio.sleep(0.005)
            done = time.perf_counter() - started
            await pilot.pause(SETTLE)  # what the key's workers posted is handled
            figures.append({"key": key, "held_ms": max(gaps, default=0.0) * 1000,
                            "done_ms": done * 1000})
    library.close()
    return figures


def _child(library: Path, keys: list[str]) -> None:
    print(json.dumps(asyncio.run(_press_keys(library, keys))))


def _run(tree: Path | None, library: Path, keys: list[str],
         scratch: Path) -> list[dict[str, float]]:
    copy = scratch / "library.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copy(library, copy)
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tree), env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, __file__, "--child", str(copy), "--keys", *keys],
                          env=env, check=True, capture_output=True, text=True)
    result: list[dict[str, float]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, default=DEFAULT_LIBRARY)
    parser.add_argument("--baseline", type=Path, help="a source tree of the reader to compare")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--keys", nargs="+", default=DEFAULT_KEYS,
                        help="keys pressed in turn ('a+b' together); 'watch': a change elsewhere")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        _child(args.child, args.keys)
        return 0
    trees: list[tuple[str, Path | None]] = [("this tree", None)]
    if args.baseline is not None:
        trees.append(("baseline", args.baseline.resolve()))
    held: dict[str, list[list[float]]] = {name: [] for name, _ in trees}
    done: dict[str, list[list[float]]] = {name: [] for name, _ in trees}
    with tempfile.TemporaryDirectory(prefix="bench-ui-thread-") as scratch:
        for run in range(args.runs):
            order = trees if run % 2 == 0 else trees[::-1]
            for name, tree in order:
                figures = _run(tree, args.library, args.keys, Path(scratch))
                held[name].append([float(f["held_ms"]) for f in figures])
                done[name].append([float(f["done_ms"]) for f in figures])
                print(f"run {run + 1} {name}: load {os.getloadavg()[0]:.2f}", file=sys.stderr)
    print(f"UI thread held, longest (median of {args.runs} run(s)), and time until the key's "
          f"work is done; load average now {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    header = "".join(f" | {name:>22}" for name, _ in trees)
    print(f"{'key':10}{header}")
    for index, key in enumerate(args.keys):
        cells = ""
        for name, _ in trees:
            longest = statistics.median(run[index] for run in held[name])
            until = statistics.median(run[index] for run in done[name])
            cells += f" | {longest:7.0f} ms / {until:7.0f} ms"
        print(f"{key:10}{cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
