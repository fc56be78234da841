"""Speed of the default and the accurate entity analysers on the seed article.

``python -m reader.training.speed [--articles 100] [--repeat 3]`` prints articles per CPU-second
for ``analyze`` (entities and keywords) and for ``extract_entities`` alone, with and without
``accurate=True``, on ~3,000-character seed-sized articles (the seed page repeated, caches
warm), as ``bench/bench_nlp.py`` measures the default path.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

_SEED = Path(__file__).resolve().parents[2] / "seeds" / "sample_ar_page.txt"


def _seed_text(size: int = 3000) -> str:
    base = _SEED.read_text(encoding="utf-8")
    text = base
    while len(text) < size:
        text += "\n\n" + base
    return text[:size]


def rates(count: int, repeat: int, accurate: bool) -> tuple[float, float]:
    """(best analyses/s, best entity extractions/s) per CPU-second."""
    from reader.model.article import Article
    from reader.nlp import analyze, extract_entities
    from reader.nlp.analysis import clear_cache

    text = _seed_text()
    articles = [Article(title=f"مقال {i}", paragraphs=(f"{i} {text}",)) for i in range(count)]
    analyze(Article(title="warm-up", paragraphs=(text,)), accurate=accurate)
    both, entities = [], []
    for _ in range(repeat):
        clear_cache()
        started = time.process_time()
        for article in articles:
            analyze(article, articles, accurate=accurate)
        both.append(count / (time.process_time() - started))
        started = time.process_time()
        for article in articles:
            extract_entities(article.body + " ", accurate=accurate)
        entities.append(count / (time.process_time() - started))
    return max(both), max(entities)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    for accurate in (False, True):
        both, entities = rates(args.articles, args.repeat, accurate)
        name = "accurate" if accurate else "default"
        print(f"{name}: entities+keywords {both:.0f}/s, entities only {entities:.0f}/s "
              f"per CPU-second (best of {args.repeat})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
