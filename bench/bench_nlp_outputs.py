"""Do two versions of reader.nlp give the same outputs? (prints differences, exits 1 on any)

    python bench/bench_nlp_outputs.py --baseline REV [--anercorp 400] [--mixed 300]

Analyses, in one fresh process per tree and in the same order, many distinct articles:
ANERcorp sentences grouped into articles of varied length (when the training data is present),
the Arabic, Hebrew and Persian seeds, and generated mixed Arabic/Latin/Hebrew/Persian text
with numbers and dates; each article with a corpus of its neighbours, then each text alone
through ``extract_entities``. Entities (text, label, count, spans), keywords and topics (text,
score as ``repr``) and raw entities must be equal, exactly. ``--baseline REV`` checks a git
revision of this repository out in a temporary worktree; a speed change must print no
difference (so ``ANALYZER_VERSION`` stays).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from reader.model.article import Article

ROOT = Path(__file__).resolve().parent.parent

_DUMP = """
import json, sys
from reader.model.article import Article
from reader.nlp import analyze, extract_entities
from reader.nlp.topics import analysis_topics
items = [Article(title=title, paragraphs=tuple(paragraphs), source=source)
         for title, paragraphs, source in json.load(sys.stdin)]
out = []
for at, article in enumerate(items):
    corpus = items[max(0, at - 5):at + 5]
    result = analyze(article, corpus)
    out.append({
        "entities": [[e.text, e.label, e.count, [list(s) for s in e.spans]]
                     for e in result.entities],
        "keywords": [[k.text, repr(k.score)] for k in result.keywords],
        "topics": [[t.text, t.kind, repr(t.score)] for t in analysis_topics(result)],
    })
for article in items:
    out.append([[e.start, e.end, e.label, e.text]
                for e in extract_entities(article.title + "\\n" + article.body)])
json.dump(out, sys.stdout, ensure_ascii=False)
"""

_LATIN = ("Reuters", "the United Nations", "Geneva", "President Joe Biden", "BBC News",
          "Amnesty International", "on 12 March 2024", "300 kilometres", "U.S.", "Bashar al-Assad")
_DATES = ("12 آذار 2024", "الخميس", "15 يناير", "عام 1999م", "1445 هـ", "٢٣ تموز", "200 سيارة",
          "القرار 2254", "45%")


def _seed_paragraphs() -> list[str]:
    out: list[str] = []
    for name in ("sample_ar_page.txt", "000_eb7556d38df37801.txt", "sample_he.txt",
                 "sample_fa.md"):
        path = ROOT / "seeds" / name
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if text.startswith("---\n"):
                text = text.split("\n---\n", 1)[-1]
            out.append(text.strip())
    return out


def _mixed(count: int, sentences: list[str]) -> list[tuple[str, str]]:
    """``count`` generated (title, body) pairs: seed and corpus sentences shuffled, with
    Latin names, dates and numbers in between."""
    rng = random.Random(16)
    pieces = sentences + list(_LATIN) + list(_DATES)
    out = []
    for _ in range(count):
        words = []
        for _ in range(rng.randint(3, 25)):
            piece = rng.choice(pieces)
            words.append(piece if len(piece) < 300 else piece[:rng.randint(50, 300)])
            if rng.random() < 0.3:
                words.append(rng.choice(_DATES) + rng.choice((".", "،", "\n", " ")))
        body = " ".join(words)
        out.append((body[:rng.randint(10, 80)], body))
    return out


def articles(anercorp: int, mixed: int) -> list[Article]:
    """The articles compared: ANERcorp groups, seeds and generated mixed text."""
    from bench_nlp import _anercorp_texts

    rng = random.Random(6)
    news: list[str] = []
    for text in _anercorp_texts(anercorp, size=3000) if anercorp else []:
        cut = rng.randint(300, len(text))  # varied lengths, cut anywhere
        news.append(text[:cut])
    seeds = _seed_paragraphs()
    sentences = [s.strip() for text in seeds + news[:50] for s in text.replace("\n", ".").split(".")
                 if s.strip()]
    out = [Article(title=text[:60], paragraphs=(text,), source="رويترز" if i % 3 else "")
           for i, text in enumerate(news)]
    out += [Article(title=text.split("\n", 1)[0][:80], paragraphs=tuple(text.split("\n\n")),
                    source="كوردستريت") for text in seeds]
    out += [Article(title=title, paragraphs=(body,), source=src)
            for (title, body), src in zip(_mixed(mixed, sentences),
                                          ["", "BBC News عربي", "محمد العلي", "متابعات"] * mixed,
                                          strict=False)]
    return out


def dump(tree: Path, items: str) -> list[object]:
    """The outputs of the reader.nlp of ``tree`` for the articles of ``items`` (JSON)."""
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
    done = subprocess.run([sys.executable, "-c", _DUMP], input=items, capture_output=True,
                          text=True, cwd=tree, env=env, check=True)
    result: list[object] = json.loads(done.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", required=True, help="a git revision to compare with")
    parser.add_argument("--anercorp", type=int, default=400,
                        help="ANERcorp articles (fewer when the data has fewer; 0 without it)")
    parser.add_argument("--mixed", type=int, default=300, help="generated mixed articles")
    args = parser.parse_args()
    items = json.dumps([[a.title, a.paragraphs, a.source]
                        for a in articles(args.anercorp, args.mixed)], ensure_ascii=False)
    now = dump(ROOT, items)
    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "baseline"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach",
                        str(tree), args.baseline], check=True)
        try:
            before = dump(tree, items)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(tree)], check=True)
    differences = [at for at, (old, new) in enumerate(zip(before, now, strict=True))
                   if old != new]
    analyses = len(now) // 2
    print(f"{analyses} articles analysed and {analyses} texts' raw entities compared "
          f"with {args.baseline}: {len(differences)} differ")
    for at in differences[:5]:
        print(f"  #{at}: {json.dumps(before[at], ensure_ascii=False)[:300]}\n"
              f"   now {json.dumps(now[at], ensure_ascii=False)[:300]}")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
