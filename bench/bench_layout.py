"""Layout timings for a 25,000-character Arabic article: cold layout, resize and scroll.

Run: python bench/bench_layout.py. Targets: each median <= 50 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.text import layout, shaping, wrap  # noqa: E402
from reader.text.direction import Direction  # noqa: E402

ARTICLE_CHARS = 25_000
TARGET_MS = 50.0
RUNS = 7
PARAGRAPH = (
    "أعلنت وزارة الاقتصاد (في بيان رسمي صدر يوم {n} مارس 2024) أن نسبة النمو بلغت 3.5% "
    "خلال الربع الأول، وفق تقرير نشرته Reuters و[BBC News] صباح اليوم. وقال الوزير: "
    "«لا تراجع عن الإصلاحات الهيكلية التي بدأناها قبل عامين»، مضيفًا أن الحكومة ستواصل "
    "دعم الشركات الصغيرة والمتوسطة عبر برنامج تمويل جديد بقيمة {n}0 مليون دولار. "
    "وأشار المحللون إلى أن الأسواق تفاعلت إيجابيًا مع الإعلان، إذ ارتفع مؤشر البورصة "
    "بنسبة 1.2% في التداولات المبكرة (بحسب بيانات Bloomberg)، فيما بقي سعر الصرف مستقرًا."
)


def build_article() -> str:
    """Distinct paragraphs (numbered) so the paragraph cache cannot hide the cold cost."""
    paragraphs: list[str] = []
    total = 0
    number = 1
    while total < ARTICLE_CHARS:
        paragraph = PARAGRAPH.format(n=number)
        paragraphs.append(paragraph)
        total += len(paragraph) + 1
        number += 1
    return "\n".join(paragraphs)[:ARTICLE_CHARS]


def clear_caches() -> None:
    """Forget laid-out lines, prepared paragraphs, shaped words and widths: a cold start."""
    clear_line_cache()
    layout._prepare.cache_clear()
    shaping.clear_cache()
    wrap.text_cells.cache_clear()


def clear_line_cache() -> None:
    """Forget laid-out lines only (a resize keeps the width-independent work)."""
    layout._layout_cached.cache_clear()


def median_ms(action: Callable[[], object], prepare: Callable[[], object]) -> tuple[float, float]:
    """Median wall-clock and median CPU time of `action`, in ms, `prepare` run before each."""
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(RUNS):
        prepare()
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    article = build_article()
    lay = layout.layout_text

    def at(width: int) -> Callable[[], object]:
        return lambda: lay(article, width, fallback=Direction.RTL)

    cold = median_ms(at(80), clear_caches)
    resize = median_ms(at(100), lambda: (clear_line_cache(), at(80)()))
    scroll = median_ms(at(80), at(80))
    lines = len(at(80)())
    print(
        f"article: {len(article)} characters, {article.count(chr(10)) + 1} paragraphs, "
        f"{lines} lines at 80 columns; median of {RUNS} runs; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    failed = False
    results = (("cold layout at 80", cold), ("resize to 100", resize), ("scroll (cached)", scroll))
    for name, (wall, cpu) in results:
        ok = wall <= TARGET_MS
        failed = failed or not ok
        verdict = "ok" if ok else "SLOW"
        print(f"{name:<18} {wall:7.2f} ms wall {cpu:7.2f} ms cpu   target <= 50 ms  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
