"""What compiling the default extraction path with mypyc would give (prints figures, asserts
nothing; nothing here changes how reader is installed):

    python bench/bench_nlp_compiled.py [--articles 200] [--rounds 3] [--instructions [--second]]
                                       [--as-worker] [--keep DIR]

Checks this tree's HEAD out in a temporary worktree beside it (so that the training data is
found at ../shared), compiles the pure-Python modules a default analysis runs through
(:data:`MODULES`) there with mypyc into extension modules next to their sources, and prints:
that the compiled copy's outputs equal the pure tree's (bench_nlp_outputs' articles), the
first-pass rate over distinct ANERcorp articles of the pure tree and of the compiled copy in
fresh processes taking turns, with the load average (bench_nlp.cold_rate), and with
``--instructions`` the instructions per article of that pass for both (valgrind; exact on a busy
machine; ``--second``: of a second pass over the same articles too, their words cached, as
bench_nlp_instructions --second). ``--as-worker``: both with the garbage collector tuned as in
the background worker.
Needs mypy (the dev extra), a C compiler and the Python headers; the build takes about a minute.
``--keep DIR`` builds in DIR (beside the tree) and leaves it, for further runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_nlp import cold_rate  # noqa: E402
from bench_nlp_instructions import per_article  # noqa: E402
from bench_nlp_outputs import articles, dump  # noqa: E402

# The default path's modules with Python functions of their own (reader.nlp.analysis.analyze
# and below; the accurate analyser's numpy modules and the data loaders are left as they are:
# compiling every module of reader.nlp and reader.lang gave the same count within 0.5 %).
MODULES = (
    "reader/lang/tokens.py", "reader/lang/words.py",
    "reader/nlp/analysis.py", "reader/nlp/arabic.py", "reader/nlp/crf.py",
    "reader/nlp/entities.py", "reader/nlp/features.py", "reader/nlp/keywords.py",
    "reader/nlp/morphology.py", "reader/nlp/patterns.py", "reader/nlp/spans.py",
    "reader/nlp/summary.py",
)

_SETUP = """
from setuptools import setup
from mypyc.build import mypycify

setup(name="reader-nlp-compiled", version="0", packages=[], py_modules=[],
      ext_modules=mypycify(["--ignore-missing-imports", *{modules!r}], opt_level="3"))
"""


def compile_tree(tree: Path) -> None:
    """Compile :data:`MODULES` of ``tree`` in place (extension modules beside the sources)."""
    # setuptools would read the hatchling project's table and refuse its flat layout: this
    # throw-away checkout builds from a setup script alone
    (tree / "pyproject.toml").unlink(missing_ok=True)
    (tree / "setup_mypyc.py").write_text(_SETUP.format(modules=list(MODULES)), encoding="utf-8")
    done = subprocess.run([sys.executable, "setup_mypyc.py", "build_ext", "--inplace"],
                          cwd=tree, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"mypyc build failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


def compiled_modules(tree: Path) -> list[str]:
    """The modules of ``tree`` that import as extension modules (checks the build is used)."""
    code = ("import importlib, json, sys; print(json.dumps([m for m in sys.argv[1:] if "
            "importlib.import_module(m).__file__.endswith('.so')]))")
    names = [m.removesuffix(".py").replace("/", ".") for m in MODULES]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, "-c", code, *names], capture_output=True, text=True,
                          cwd=tree, env=env, check=True)
    found: list[str] = json.loads(done.stdout)
    return found


def measure(compiled: Path, count: int, rounds: int, instructions: bool,
            as_worker: bool, second: bool = False) -> int:
    built = compiled_modules(compiled)
    print(f"compiled with mypyc: {len(built)} of {len(MODULES)} modules")
    items = json.dumps([[a.title, a.paragraphs, a.source] for a in articles(400, 300)],
                       ensure_ascii=False)
    pure_out, compiled_out = dump(ROOT, items), dump(compiled, items)
    differ = sum(old != new for old, new in zip(pure_out, compiled_out, strict=True))
    print(f"outputs of {len(pure_out) // 2} articles, compiled against pure: {differ} differ")
    rates: dict[str, list[float]] = {"pure": [], "compiled": []}
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    for _ in range(rounds):
        rates["pure"].append(cold_rate(ROOT, count, as_worker))
        rates["compiled"].append(cold_rate(compiled, count, as_worker))
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    for name, values in rates.items():
        print(f"{name}: first pass over {count} distinct ANERcorp articles, median "
              f"{statistics.median(values):.0f}/s per CPU-second (runs: "
              f"{', '.join(f'{v:.0f}' for v in values)}; target >= 200/s)")
    if instructions:
        if shutil.which("valgrind") is None:
            print("valgrind is not installed: apt-get install valgrind")
            return 1
        for again in (False, True) if second else (False,):
            pure = per_article(ROOT, count, cold=True, as_worker=as_worker, second=again)
            fast = per_article(compiled, count, cold=True, as_worker=as_worker, second=again)
            print(f"instructions per article, {'second' if again else 'first'} pass: pure "
                  f"{pure / 1e6:.2f} M, compiled {fast / 1e6:.2f} M "
                  f"({100 * (fast - pure) / pure:+.1f}%)")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--instructions", action="store_true",
                        help="also count instructions per article (valgrind)")
    parser.add_argument("--second", action="store_true",
                        help="with --instructions: a second pass's too (words cached)")
    parser.add_argument("--as-worker", action="store_true",
                        help="the garbage collector tuned as in the background worker")
    parser.add_argument("--keep", type=Path, help="build in this folder and leave it")
    args = parser.parse_args()
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        print("no C compiler: mypyc cannot build")
        return 1
    if args.keep:
        if not args.keep.exists():
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach",
                            str(args.keep), "HEAD"], check=True)
            compile_tree(args.keep)
        return measure(args.keep.resolve(), args.articles, args.rounds, args.instructions,
                       args.as_worker, args.second)
    # beside this tree, so that the compiled copy finds the training data at ../shared too
    with tempfile.TemporaryDirectory(dir=ROOT.parent, prefix=f".{ROOT.name}-",
                                     ignore_cleanup_errors=True) as scratch:
        tree = Path(scratch)
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(tree),
                        "HEAD"], check=True)
        try:
            compile_tree(tree)
            return measure(tree, args.articles, args.rounds, args.instructions,
                           args.as_worker, args.second)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(tree)], check=True)


if __name__ == "__main__":
    raise SystemExit(main())
