"""Speed and weight of reader.nlp (prints figures and targets, asserts nothing).

    /work/venv/bin/python bench/bench_nlp.py [--articles 200] [--repeat 3] [--anercorp]
                                             [--lang ar|he|fa] [--memory]
                                             [--cold-against REV [--rounds 5]
                                              [--as-worker]]

The default articles are the seed page repeated (so every word is seen before: per-word caches
are warm); ``--lang he`` and ``--lang fa`` repeat the Hebrew or Persian seed instead.
``--anercorp`` also measures distinct ~3,000-character news articles made of consecutive
ANERcorp sentences, when the training data is present (never shipped). ``--memory`` prints
resident and traced memory after import, after the first analysis and after ``--articles``
distinct ANERcorp articles, each in a fresh process. ``--cold-against REV`` only prints the
first-pass rate of distinct ANERcorp articles (a fresh process meeting new words, as a reader
just started) for this tree and for a git revision checked out in a temporary worktree, in
fresh processes taking turns, with the load average: on a shared machine only figures of the
same run compare; ``--as-worker`` tunes the garbage collector after the warm-up as the
background worker does after its first article (``reader.nlp.analysis.tune_collector``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "sample_ar_page.txt"
SEEDS = {"ar": SEED, "he": ROOT / "seeds" / "sample_he.txt", "fa": ROOT / "seeds" / "sample_fa.md"}
FALLBACK = (
    "دمشق (رويترز) - قالت مصادر في المعارضة السورية إن فصائلها سيطرت على مدينة حمص ودرعا "
    "والسويداء، فيما أعلن الأردن إغلاق معبر نصيب. ودعت الأمم المتحدة إلى تطبيق القرار 2254. "
)


def _seed_text(size: int = 3000, lang: str = "ar") -> str:
    """About ``size`` characters of news text in ``lang``, from the seed article when present
    (without a Markdown front matter)."""
    seed = SEEDS[lang]
    base = seed.read_text(encoding="utf-8") if seed.is_file() else FALLBACK
    if base.startswith("---\n"):
        base = base.split("\n---\n", 1)[-1].strip()
    text = base
    while len(text) < size:
        text += "\n\n" + base
    return text[:size]


def import_time() -> float:
    """CPU milliseconds to import reader.nlp in a fresh interpreter (best of 3)."""
    code = ("import time; t = time.process_time(); import reader.nlp; "
            "print((time.process_time() - t) * 1000)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True, cwd=ROOT).stdout) for _ in range(3)]
    return min(runs)


def _anercorp_texts(count: int, size: int = 3000) -> list[str]:
    """``count`` distinct news texts of about ``size`` characters from ANERcorp, or []."""
    from reader.training.corpus import anercorp
    from reader.training.keyword_eval import detokenise
    from reader.training.paths import DEFAULT_TRAINING_DIR

    if not (DEFAULT_TRAINING_DIR / "anercorp-camel-train.txt").is_file():
        return []
    texts: list[str] = []
    current: list[str] = []
    for sentence in anercorp(DEFAULT_TRAINING_DIR):
        current.append(detokenise([sentence]))
        if sum(len(part) + 1 for part in current) >= size:
            texts.append(" ".join(current))
            current = []
            if len(texts) == count:
                break
    return texts


def throughput(count: int, texts: list[str] | None = None, repeat: int = 3,
               lang: str = "ar") -> tuple[float, list[float], list[float]]:
    """(first-call ms, articles/s for entities+keywords per pass, articles/s entities only per
    pass).

    Rates use this process's CPU time (one core). Each pass rebuilds the corpus document
    frequencies; the first pass meets words the per-word caches have not seen yet (for the
    seed articles the warm-up already saw them all). A busy shared machine still slows some
    passes (shared caches): compare the best pass between versions.
    """
    from reader.model.article import Article
    from reader.nlp import analyze, extract_entities
    from reader.nlp.analysis import clear_cache

    text = _seed_text(lang=lang)
    if texts:
        articles = [Article(title=t[:60], paragraphs=(t,)) for t in texts[:count]]
        count = len(articles)
    else:
        articles = [Article(title=f"مقال {i}", paragraphs=(f"{i} {text}",))
                    for i in range(count)]
    started = time.perf_counter()
    analyze(Article(title="warm-up", paragraphs=(text,)))
    first = (time.perf_counter() - started) * 1000
    both: list[float] = []
    entities: list[float] = []
    for _ in range(repeat):
        clear_cache()
        started = time.process_time()
        for article in articles:
            analyze(article, articles)
        both.append(count / (time.process_time() - started))
        started = time.process_time()
        for article in articles:
            extract_entities(article.body + " ")
        entities.append(count / (time.process_time() - started))
    return first, both, entities


def _rates(values: list[float]) -> str:
    return f"first pass {values[0]:.0f}/s, best of {len(values)} {max(values):.0f}/s"


def weight() -> float:
    """Megabytes of shipped model and word lists."""
    data = ROOT / "reader" / "nlp" / "data"
    return sum(p.stat().st_size for p in data.iterdir() if p.is_file()) / 1e6


# In a fresh interpreter: resident memory (and, with tracing, the bytes tracemalloc counts)
# after importing reader.nlp, after the first analysis (model and lists loaded) and after a
# first pass over distinct articles (the per-word caches filled).
_MEMORY = """
import json, sys, time, tracemalloc
sys.path.insert(0, {bench!r})
def resident():
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS"))
if {trace}:
    tracemalloc.start()
import reader.nlp
from bench_nlp import _anercorp_texts, _seed_text
from reader.model.article import Article
texts = _anercorp_texts({count})
articles = [Article(title=t[:60], paragraphs=(t,)) for t in texts]
def now():
    return tracemalloc.get_traced_memory()[0] / 2**20 if {trace} else resident()
figures = [now()]
started = time.process_time()
reader.nlp.analyze(Article(title="warm-up", paragraphs=(_seed_text(),)))
first = (time.process_time() - started) * 1000
figures.append(now())
for article in articles:
    reader.nlp.analyze(article, articles[:10])
figures.append(now())
print(json.dumps([first, len(articles), *figures]))
"""


def memory(count: int, trace: bool) -> tuple[float, int, float, float, float]:
    """(first analysis CPU ms, distinct articles analysed, then MiB after import, after the
    first analysis and after the distinct articles): resident, or traced by tracemalloc."""
    import json

    code = _MEMORY.format(bench=str(ROOT / "bench"), trace=trace, count=count)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    first, articles, *figures = json.loads(done.stdout)
    return first, articles, figures[0], figures[1], figures[2]


def _memory_report(count: int) -> None:
    first, articles, *rss = memory(count, trace=False)
    _, _, *traced = memory(count, trace=True)
    print(f"first analysis in a fresh process: {first:.0f} ms CPU")
    for kind, (imported, loaded, filled) in (("resident (RSS)", rss), ("traced", traced)):
        print(f"memory, {kind}: {imported:.1f} MiB after import, {loaded:.1f} after the first "
              f"analysis (+{loaded - imported:.1f}), {filled:.1f} after {articles} distinct "
              f"articles (+{filled - loaded:.1f})")


# The distinct articles made, the model and lists loaded on the seed page, and with
# ``as_worker`` the garbage collector tuned as the background worker does (for a cold pass:
# also bench_nlp_instructions.py's).
COLD_WARM_UP = """
articles = [Article(title=t[:60], paragraphs=(t,)) for t in texts]
analyze(Article(title="warm-up", paragraphs=(_seed_text(),)))
if {as_worker}:
    try:
        from reader.nlp.analysis import tune_collector
    except ImportError:  # a revision from before it
        pass
    else:
        tune_collector()
"""

# In a fresh interpreter with the tree to measure first on the path: the first pass over
# distinct ANERcorp articles (entities and keywords, each with the others as its corpus), after
# a warm-up on the seed page (model and lists loaded), as ``throughput`` measures it; with
# ``as_worker``, the garbage collector tuned after the warm-up as the background worker does.
_COLD = """
import json, sys, time
sys.path.insert(0, {bench!r})
from bench_nlp import _anercorp_texts, _seed_text
from reader.model.article import Article
from reader.nlp import analyze
texts = _anercorp_texts({count})
{warm_up}started = time.process_time()
for article in articles:
    analyze(article, articles)
elapsed = time.process_time() - started
print(json.dumps(len(articles) / elapsed if articles else 0.0))
"""


def cold_rate(tree: Path, count: int, as_worker: bool = False) -> float:
    """Articles per CPU-second of ``tree``'s first pass over ``count`` distinct ANERcorp
    articles, in a fresh process (0 without the data); ``as_worker``: see ``_COLD``."""
    import json
    import os

    code = _COLD.format(bench=str(tree / "bench"), count=count,
                        warm_up=COLD_WARM_UP.format(as_worker=as_worker))
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=tree, env=env)
    rate: float = json.loads(done.stdout)
    return rate


def _cold_against(revision: str, count: int, rounds: int, as_worker: bool = False) -> int:
    """Print this tree's and ``revision``'s cold rates, taking turns, with the load average."""
    import os
    import statistics
    import tempfile

    # beside this tree, so that the baseline finds the training data at ../shared too
    with tempfile.TemporaryDirectory(dir=ROOT.parent, prefix=f".{ROOT.name}-",
                                     ignore_cleanup_errors=True) as scratch:
        base = Path(scratch)
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(base),
                        revision], check=True)
        try:
            rates: dict[str, list[float]] = {"this tree": [], revision: []}
            print(f"load average before: {os.getloadavg()[0]:.1f}")
            for _ in range(rounds):
                rates["this tree"].append(cold_rate(ROOT, count, as_worker))
                rates[revision].append(cold_rate(base, count, as_worker))
            print(f"load average after: {os.getloadavg()[0]:.1f}")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)],
                           check=True)
    if not rates["this tree"][0]:
        print("ANERcorp not available: no distinct articles to measure")
        return 1
    for name, values in rates.items():
        print(f"{name}: first pass over {count} distinct ANERcorp articles, median "
              f"{statistics.median(values):.0f}/s per CPU-second (runs: "
              f"{', '.join(f'{v:.0f}' for v in values)}; target >= 200/s)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (best reported)")
    parser.add_argument("--anercorp", action="store_true",
                        help="also measure distinct ANERcorp news articles (needs the data)")
    parser.add_argument("--lang", choices=sorted(SEEDS), default="ar",
                        help="the seed article to repeat (Arabic, Hebrew or Persian)")
    parser.add_argument("--memory", action="store_true",
                        help="only the memory figures, in fresh processes (distinct articles "
                             "need the ANERcorp data)")
    parser.add_argument("--cold-against", metavar="REV",
                        help="only the first pass over distinct ANERcorp articles, this tree "
                             "and a git revision taking turns in fresh processes")
    parser.add_argument("--rounds", type=int, default=5, help="turns of --cold-against")
    parser.add_argument("--as-worker", action="store_true",
                        help="with --cold-against: the garbage collector tuned after the "
                             "warm-up, as the background worker does (where a tree has it)")
    args = parser.parse_args()
    if args.cold_against:
        return _cold_against(args.cold_against, args.articles, args.rounds, args.as_worker)
    if args.memory:
        _memory_report(args.articles)
        return 0
    print(f"import reader.nlp: {import_time():.0f} ms (target <= 300 ms)")
    first, both, entities = throughput(args.articles, repeat=args.repeat, lang=args.lang)
    print(f"first analyze (loads model and lists): {first:.0f} ms")
    print(f"entities+keywords, ~3,000-char {args.lang} articles (seed repeated): "
          f"{_rates(both)} per CPU-second (target >= 200/s, one core)")
    print(f"entities only: {_rates(entities)}")
    print(f"model + gazetteers + lists on disk: {weight():.2f} MB (target <= 50 MB)")
    if args.anercorp:
        texts = _anercorp_texts(args.articles)
        if not texts:
            print("ANERcorp not available: distinct-article figures skipped")
            return 0
        _, both, entities = throughput(args.articles, texts, args.repeat)
        print(f"distinct ANERcorp articles ({len(texts)}, ~3,000 chars): entities+keywords "
              f"{_rates(both)}; entities only {_rates(entities)}")
        print("  (first pass: this process meets most words for the first time, as a reader "
              "just started does; best: the per-word caches are warm, as in a running reader)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
