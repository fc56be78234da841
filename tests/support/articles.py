"""Articles the UI and snapshot tests open, written into a folder of the test's own.

The tests never read the bundled ``seeds/`` folder: its content changes, and a test's picture must
change only when the app's behaviour does.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

# ----- the Pilot tests' folder (tests/ui) ---------------------------------------------------------

ARABIC_TITLE = "مؤتمر في دمشق يبحث إعادة تأهيل شبكات الري (تقرير) 2024"
ARABIC_PARAGRAPH = (
    "افتتح في العاصمة السورية دمشق صباح الجمعة مؤتمر إقليمي يناقش خططاً لإعادة تأهيل شبكات "
    "الري وقنوات المياه في محافظات الجنوب، بمشاركة ممثلين عن الأمم المتحدة (UN) ومنظمة الصحة "
    "العالمية، وقال الوزير إن نحو 40 في المئة من القنوات تحتاج إلى صيانة عاجلة."
)
ENGLISH_TITLE = "Aqaba desalination plant enters its second phase"
HEBREW_TITLE = "עיריית חיפה מפעילה קו אוטובוס חדש"


def write_articles(folder: Path) -> Path:
    """An Arabic article long enough to scroll, an English and a Hebrew one (plain text)."""
    folder.mkdir(parents=True, exist_ok=True)
    arabic = "\n\n".join([ARABIC_TITLE] + [f"{ARABIC_PARAGRAPH} ({n})" for n in range(12)])
    (folder / "a_arabic.txt").write_text(arabic, encoding="utf-8")
    english = f"{ENGLISH_TITLE}\n\n" + "\n\n".join(
        f"Paragraph {n}: the plant in Aqaba, Jordan, will supply 300 million cubic metres."
        for n in range(6))
    (folder / "b_english.txt").write_text(english, encoding="utf-8")
    hebrew = f"{HEBREW_TITLE}\n\nהקו החדש יחבר את מרכז העיר עם הנמל (בשעות היום) החל מ-2025."
    (folder / "c_hebrew.txt").write_text(hebrew, encoding="utf-8")
    return folder


# ----- the snapshot tests' folder (tests/snapshots) -----------------------------------------------

# Mixed right-to-left text as a feed delivers it: brackets (round, square, guillemets), Western
# digits with separators, a percentage, and Latin words and acronyms inside Arabic sentences.
RTL_TITLE = "اليونيسف (UNICEF) تعلن ترميم 12 مدرسة في حلب بكلفة 4.5 مليون دولار"
RTL_PARAGRAPHS = (
    "أعلنت منظمة الأمم المتحدة للطفولة (UNICEF) يوم الثلاثاء خطة لترميم 12 مدرسة في مدينة حلب، "
    "على أن تبدأ الأعمال في آذار [مارس] 2025 وتنتهي قبل بداية العام الدراسي المقبل.",
    "وقال المتحدث باسم المنظمة جيمس إلدر (James Elder) إن نحو 3,000 طالب سيعودون إلى صفوفهم "
    "«قبل نهاية العام»، مشيراً إلى أن 40% من المباني تضررت خلال السنوات الماضية.",
    "ويأتي المشروع ضمن برنامج أوسع يموّله الاتحاد الأوروبي (EU) واليابان، ويشمل تدريب 150 "
    "معلماً على التعليم عن بُعد عبر منصة Moodle، وتوزيع 2,500 حاسوب محمول على الطلاب.",
    "وأضاف إلدر أن فرق المنظمة زارت المدارس في أحياء الشعار والمشهد وبستان القصر، وأن تقريراً "
    "مفصلاً (من 48 صفحة) سيُنشر على الموقع unicef.org خلال أسبوعين.",
    "من جهتها، قالت مديرة التربية في حلب إن المديرية أحصت 1,200 مدرسة بحاجة إلى إصلاح، وإن "
    "الأولوية للمدارس التي تستقبل أكثر من 500 طالب [بحسب إحصاء عام 2023].",
    "ويعيش في المدينة نحو مليوني نسمة، بحسب تقديرات برنامج الأغذية العالمي (WFP)، ويعتمد "
    "كثير منهم على المساعدات منذ زلزال شباط/فبراير 2023.",
)
RTL_SOURCE = "وكالة الأنباء"
RTL_DATE = "2024-11-05"
SECOND_TITLE = "الأردن: محطة تحلية المياه في العقبة تدخل مرحلتها الثانية (2026)"
SECOND_PARAGRAPH = (
    "قالت وزارة المياه الأردنية إن محطة العقبة ستنتج 300 مليون متر مكعب سنوياً، "
    "وإن شركة Suez الفرنسية فازت بعقد التشغيل."
)
LATIN_TITLE = "Aqaba desalination plant enters its second phase"
LATIN_PARAGRAPH = "The plant in Aqaba, Jordan, will supply 300 million cubic metres a year."
FIXED_MTIME = 1_700_000_000  # 2023-11-14: no file date depends on when the test runs


def write_rtl_articles(folder: Path) -> Path:
    """Three dated JSON articles; the Arabic one with brackets, numbers and Latin words is first."""
    folder.mkdir(parents=True, exist_ok=True)
    articles = [
        ("1-aleppo.json", RTL_TITLE, list(RTL_PARAGRAPHS), RTL_SOURCE, RTL_DATE),
        ("2-aqaba.json", SECOND_TITLE, [SECOND_PARAGRAPH], RTL_SOURCE, "2024-11-04"),
        ("3-aqaba-en.json", LATIN_TITLE, [LATIN_PARAGRAPH], "Wire", "2024-11-03"),
    ]
    for name, title, paragraphs, source, published in articles:
        path = folder / name
        record = {"title": title, "body": paragraphs, "source": source, "date": published}
        path.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        os.utime(path, (FIXED_MTIME, FIXED_MTIME))
    return folder
