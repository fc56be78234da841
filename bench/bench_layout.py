"""Layout timings for a 25,000-character Arabic article: cold layout, resize and scroll.

Run: python bench/bench_layout.py. Targets (docs/bidi.md 2): each median <= 50 ms. The figures are
reported, not asserted: the script prints "met" or "NOT met" per target and exits 0 (a loaded
machine must not fail a build); CPU time is printed beside wall time for that reason.

The article is built from several distinct paragraphs (news, economy, sport, culture, health,
science, ...) with varied vocabulary, numbers, dates, Latin names and brackets; each paragraph
is varied by sentence order and by clitics (و، ف، ب، ل، ال) on some words, deterministically, so
the shaped-word cache sees a realistic share of new words rather than one paragraph repeated.
"""

from __future__ import annotations

import os
import random
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
SEED = 20_240_301

# Sentences by topic; each paragraph of the article draws from one topic.
TOPICS: tuple[tuple[str, ...], ...] = (
    (
        "أعلنت وزارة الاقتصاد في بيان رسمي صدر يوم {d} مارس 2024 أن نسبة النمو بلغت {p}% خلال "
        "الربع الأول، وفق تقرير نشرته Reuters و[BBC News] صباح اليوم.",
        "وقال الوزير: «لا تراجع عن الإصلاحات الهيكلية التي بدأناها قبل عامين».",
        "وستواصل الحكومة دعم الشركات الصغيرة والمتوسطة عبر برنامج تمويل جديد بقيمة {n} مليون "
        "دولار (نحو {m} مليار جنيه).",
        "وأشار المحللون إلى أن الأسواق تفاعلت إيجابيًا مع الإعلان، إذ ارتفع مؤشر البورصة بنسبة "
        "{p}% في التداولات المبكرة بحسب بيانات Bloomberg.",
        "فيما بقي سعر الصرف مستقرًا عند {m}.{d} مقابل الدولار الأمريكي، وتراجعت عوائد السندات "
        "الحكومية قصيرة الأجل.",
    ),
    (
        "تعرّضت مدينة طرابلس الساحلية لأمطار غزيرة استمرت {d} ساعات متواصلة، ما أدى إلى غرق "
        "عشرات الشوارع وانقطاع التيار الكهربائي عن أحياء واسعة.",
        "وأفاد الدفاع المدني بأن فرقه أجلت {n} أسرة من المناطق المنخفضة القريبة من مجرى الوادي.",
        "ودعت هيئة الأرصاد الجوية السكان إلى تجنّب التنقل غير الضروري حتى صباح الأحد، محذرة من "
        "رياح شديدة تتجاوز سرعتها {n} كيلومترًا في الساعة.",
        "من جهتها، أرسلت منظمة الهلال الأحمر قوافل إغاثة تحمل أغطية وخيامًا ومياه شرب نظيفة.",
        "ونقلت وكالة AFP عن شهود عيان أن منسوب المياه ارتفع أكثر من مترين [وفق تقديرات أولية].",
    ),
    (
        "فاز نادي الوداد البيضاوي على ضيفه الرجاء بنتيجة {d}-1 في قمة الدوري المغربي التي أقيمت "
        "مساء السبت على ملعب محمد الخامس.",
        "وسجّل المهاجم الشاب هدفين رائعين في الشوط الثاني، قبل أن يقلّص الضيوف الفارق من ركلة "
        "جزاء مثيرة للجدل.",
        "وبهذا الانتصار يرتفع رصيد الفريق إلى {n} نقطة في صدارة الترتيب، متقدمًا بفارق ثلاث "
        "نقاط على أقرب ملاحقيه.",
        "وأكد المدرب في المؤتمر الصحفي أن اللاعبين أظهروا روحًا قتالية عالية رغم الإرهاق.",
        "ويستعد الفريق لمواجهة الأهلي المصري في دوري أبطال إفريقيا (CAF Champions League) "
        "بعد أسبوعين.",
    ),
    (
        "افتُتح في بيروت معرض الكتاب العربي بدورته الـ{d}، بمشاركة أكثر من {n} دار نشر من "
        "لبنان وسوريا والعراق والأردن وتونس.",
        "ويتضمن البرنامج ندوات فكرية وأمسيات شعرية وتواقيع لروائيين شباب وكتّاب مخضرمين.",
        "وقالت مديرة المعرض إن الإقبال فاق التوقعات، لا سيما على كتب الأطفال والروايات المترجمة.",
        "وتحتفي الدورة الحالية بالشاعر محمود درويش، إذ تُعرض مخطوطات نادرة وصور فوتوغرافية "
        "لم تُنشر من قبل.",
        "ويستمر المعرض حتى {d} كانون الأول، ويفتح أبوابه يوميًا من العاشرة صباحًا حتى التاسعة "
        "مساءً.",
    ),
    (
        "حذّرت منظمة الصحة العالمية (WHO) من ارتفاع حالات الإصابة بالحصبة في عدة دول، داعية "
        "إلى تسريع حملات التطعيم.",
        "وأوضح التقرير أن نسبة تغطية اللقاحات انخفضت إلى {p}% بعد الجائحة، وهي أدنى نسبة منذ "
        "عقد كامل.",
        "وأشار الأطباء في مستشفيات عمّان والقاهرة إلى ازدياد ملحوظ في أعداد المراجعين من "
        "الأطفال دون سن الخامسة.",
        "وتعمل وزارات الصحة بالتعاون مع UNICEF على توزيع {n} ألف جرعة إضافية على المراكز "
        "الصحية الريفية.",
        "ونصحت الجهات المختصة الأهالي بمراجعة سجلات أبنائهم والتأكد من استكمال الجرعات "
        "المقررة.",
    ),
    (
        "نجح فريق من الباحثين في جامعة الملك عبدالله للعلوم والتقنية (KAUST) في تطوير غشاء "
        "جديد لتحلية مياه البحر.",
        "ويستهلك الغشاء طاقة أقل بنسبة {p}% من التقنيات التقليدية، بحسب الدراسة المنشورة في "
        "مجلة Nature Water.",
        "وقال رئيس الفريق إن التجارب الميدانية ستبدأ مطلع العام المقبل في محطة صغيرة على "
        "ساحل البحر الأحمر.",
        "ويأمل الباحثون أن تسهم التقنية في خفض تكلفة المتر المكعب إلى أقل من {m} سنتات.",
        "واستغرق المشروع {d} سنوات من العمل المتواصل بتمويل مشترك من القطاعين العام والخاص.",
    ),
    (
        "استأنفت الخطوط الجوية رحلاتها المباشرة بين الدار البيضاء ومونتريال بعد توقف دام "
        "{d} أشهر، بمعدل {n} رحلات أسبوعيًا.",
        "وتوقعت شركات السياحة أن يشهد الصيف المقبل انتعاشًا كبيرًا في أعداد الزوار القادمين "
        "من كندا وأوروبا.",
        "وأطلقت وزارة السياحة حملة ترويجية بعنوان «اكتشف المغرب» تستهدف الأسواق الناطقة "
        "بالإنجليزية والفرنسية.",
        "وارتفعت نسبة إشغال الفنادق في مراكش وفاس وأكادير إلى {p}% خلال عطلة نهاية الأسبوع.",
        "ويرى خبراء أن تحسين البنية التحتية للمطارات شرط أساسي لاستدامة هذا النمو.",
    ),
    (
        "صادق البرلمان بأغلبية {n} صوتًا على مشروع قانون الانتخابات الجديد بعد نقاشات "
        "مطوّلة استمرت ثلاث جلسات.",
        "وينصّ القانون على تخصيص {p}% من المقاعد للنساء والشباب دون سن الخامسة والثلاثين.",
        "واعترضت كتلة المعارضة على بعض البنود المتعلقة بتقسيم الدوائر، معتبرة أنها تخدم "
        "الأحزاب الكبيرة.",
        "ومن المقرر أن تُجرى الانتخابات التشريعية المقبلة في {d} تشرين الأول/أكتوبر 2025.",
        "ورحّبت بعثة الاتحاد الأوروبي (EU) بالخطوة، داعية إلى ضمان الشفافية ونزاهة الاقتراع.",
    ),
)
CLITICS = ("و", "ف", "ب", "ل", "ال", "وال", "بال")


def _vary(sentence: str, rng: random.Random) -> str:
    """Fill the numbers and put a clitic on about one word in six (new word forms)."""
    sentence = sentence.format(
        d=rng.randint(2, 29), n=rng.randint(10, 950), m=rng.randint(2, 9), p=rng.randint(1, 40)
    )
    words = sentence.split(" ")
    for index, word in enumerate(words):
        if len(word) > 3 and "\u0621" <= word[0] <= "\u064a" and rng.random() < 0.17:
            words[index] = rng.choice(CLITICS) + word
    return " ".join(words)


def build_article() -> str:
    """About 25,000 characters of varied paragraphs (topic, sentence order, clitics, numbers)."""
    rng = random.Random(SEED)
    paragraphs: list[str] = []
    total = 0
    while total < ARTICLE_CHARS:
        topic = TOPICS[len(paragraphs) % len(TOPICS)]
        sentences = rng.sample(topic, k=rng.randint(3, len(topic)))
        paragraph = " ".join(_vary(sentence, rng) for sentence in sentences)
        paragraphs.append(paragraph)
        total += len(paragraph) + 1
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

    def at(width: int) -> Callable[[], list[layout.VisualLine]]:
        return lambda: lay(article, width, fallback=Direction.RTL)

    def laid_out_at_80() -> None:
        clear_line_cache()
        at(80)()

    cold = median_ms(at(80), clear_caches)
    resize = median_ms(at(100), laid_out_at_80)
    scroll = median_ms(at(80), at(80))
    lines = len(at(80)())
    words = article.split()
    print(
        f"article: {len(article)} characters, {article.count(chr(10)) + 1} paragraphs, "
        f"{len(words)} words ({len(set(words))} distinct), {lines} lines at 80 columns; "
        f"median of {RUNS} runs; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    results = (("cold layout at 80", cold), ("resize to 100", resize), ("scroll (cached)", scroll))
    for name, (wall, cpu) in results:
        verdict = "met" if cpu <= TARGET_MS else "NOT met"  # wall includes waiting for a CPU
        print(
            f"{name:<18} {wall:7.2f} ms wall {cpu:7.2f} ms cpu   "
            f"target <= {TARGET_MS:.0f} ms  {verdict}"
        )
    if any(cpu > TARGET_MS for _, (_, cpu) in results):
        print("(verdicts use CPU time: wall time on a shared machine includes waiting)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
