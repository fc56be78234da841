"""CPU instructions per ``analyze()`` of a seed-sized article, counted by valgrind (prints
figures, asserts nothing). Unlike CPU time, the count does not move with the load of a shared
machine, so two versions compare exactly:

    python bench/bench_nlp_instructions.py [--baseline REV] [--articles 100]
                                           [--cold [--as-worker] [--second]]

``--baseline REV`` also counts a git revision of this repository (checked out in a temporary
worktree) in the same run. ``--cold`` counts a first pass over distinct ANERcorp articles
instead (per-word caches meet new words, as for new articles in a fresh process; needs the
training data); ``--as-worker`` tunes the garbage collector after the warm-up, as the
background worker does after its first article (a revision without the tuning runs as it is);
``--second`` counts a second pass over them instead (their words already in the per-word
caches if they fit: the articles' own work, without the first sight of new words).
Needs valgrind (apt-get install valgrind); about a minute per tree.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_nlp import COLD_WARM_UP  # noqa: E402  (the cold pass's warm-up is shared)

ROOT = Path(__file__).resolve().parent.parent

# Warm up (model, lists, per-word caches), then analyse the seed articles ``passes`` times.
_RUN = """
import sys
sys.path.insert(0, {bench!r})
from bench_nlp import _seed_text
from reader.model.article import Article
from reader.nlp import analyze
from reader.nlp.analysis import clear_cache
text = _seed_text()
articles = [Article(title=f"مقال {{i}}", paragraphs=(f"{{i}} {{text}}",)) for i in range({n})]
analyze(Article(title="warm-up", paragraphs=(text,)))
for article in articles[:5]:
    analyze(article, articles)
for _ in range({passes}):
    clear_cache()
    for article in articles:
        analyze(article, articles)
"""

# Warm up on the seed page, then one first pass (``passes`` 1) over distinct ANERcorp articles.
_COLD = """
import sys
sys.path.insert(0, {bench!r})
from bench_nlp import _anercorp_texts, _seed_text
from reader.model.article import Article
from reader.nlp import analyze
from reader.nlp.analysis import clear_cache
texts = _anercorp_texts({n})
if len(texts) < {n}:
    raise SystemExit("ANERcorp not available")
{warm_up}for _ in range({passes}):
    clear_cache()  # each pass builds the corpus's document frequencies, as the first does
    for article in articles:
        analyze(article, articles)
"""


def _instructions(tree: Path, articles: int, passes: int, cold: bool,
                  as_worker: bool = False) -> int:
    code = (_COLD if cold else _RUN).format(
        bench=str(tree / "bench"), n=articles, passes=passes,
        warm_up=COLD_WARM_UP.format(as_worker=as_worker))
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, "-c", code],
        capture_output=True, text=True, cwd=tree, env=env, check=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if not found:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def per_article(tree: Path, articles: int, cold: bool = False, as_worker: bool = False,
                second: bool = False) -> float:
    """Instructions of one pass over ``articles`` articles, less the warm-up, per article;
    ``as_worker``: the garbage collector tuned after the warm-up as in the background worker
    (with --cold; a tree without ``tune_collector`` runs as it is); ``second``: the second
    pass, less the first."""
    passes = 2 if second else 1
    return (_instructions(tree, articles, passes, cold, as_worker)
            - _instructions(tree, articles, passes - 1, cold, as_worker)) / articles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", help="a git revision to count beside this tree")
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--cold", action="store_true",
                        help="a first pass over distinct ANERcorp articles (needs the data)")
    parser.add_argument("--as-worker", action="store_true",
                        help="with --cold: tune the garbage collector after the warm-up as the "
                             "background worker does (reader.nlp.analysis.tune_collector)")
    parser.add_argument("--second", action="store_true",
                        help="with --cold: the second pass over the same articles (their words "
                             "cached: the articles' own work; with --articles 100 all their "
                             "words fit in the per-word caches)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: apt-get install valgrind")
        return 1
    now = per_article(ROOT, args.articles, args.cold, args.as_worker, args.second)
    if args.baseline:
        # beside this tree, so that the baseline finds the training data at ../shared too
        with tempfile.TemporaryDirectory(dir=ROOT.parent, prefix=f".{ROOT.name}-",
                                         ignore_cleanup_errors=True) as scratch:
            tree = Path(scratch)
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach",
                            str(tree), args.baseline], check=True)
            try:
                before = per_article(tree, args.articles, args.cold, args.as_worker,
                                     args.second)
            finally:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                                str(tree)], check=True)
        print(f"{args.baseline}: {before / 1e6:.2f} M instructions per article")
    kind = (f"distinct ANERcorp articles, {'second' if args.second else 'first'} pass"
            if args.cold else "seed page articles")
    print(f"this tree: {now / 1e6:.2f} M instructions per article ({kind}, "
          f"entities and keywords)")
    if args.baseline:
        print(f"change: {100 * (now - before) / before:+.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
