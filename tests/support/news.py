"""News texts that several test modules read (entities, keywords, speed paths, training)."""

from __future__ import annotations

# A Reuters-style Arabic report: places, organisations, persons, dates and numbers.
SYRIA = (
    "دمشق (رويترز) - سيطرت فصائل المعارضة السورية بقيادة هيئة تحرير الشام على العاصمة دمشق "
    "فجر الأحد 8 كانون الأول 2024، بعد هجوم خاطف انطلق من إدلب وانتزعت خلاله مدن حلب وحماة "
    "وحمص، فيما فر الرئيس بشار الأسد إلى موسكو.",
    "وقال قائد الهيئة أحمد الشرع، المعروف باسم أبو محمد الجولاني، في كلمة ألقاها في دمشق إن "
    "\"سوريا تطوي صفحة مظلمة\". وفي الجنوب، سيطر مقاتلون محليون على درعا والسويداء، وأعلن الأردن "
    "إغلاق معبر نصيب الحدودي أمام حركة الشاحنات بعد عبور نحو 200 سيارة.",
    "ودعا المبعوث الأممي غير بيدرسن إلى انتقال سياسي وفق القرار 2254، وقالت الأمم المتحدة إن "
    "أكثر من مليون شخص نزحوا منذ 27 تشرين الثاني. وأكد مصدر لـ\"رويترز\" أن الأسد وصل إلى "
    "موسكو مع عائلته.",
)

# The same story in English.
ENGLISH_NEWS = (
    "DAMASCUS, Dec 8 (Reuters) - Syrian rebels seized Damascus on Sunday and President Bashar "
    "al-Assad fled to Moscow. Hayat Tahrir al-Sham leader Ahmed al-Sharaa, known as Abu Mohammed "
    "al-Golani, addressed crowds at the Umayyad Mosque. The U.N. envoy Geir Pedersen called for "
    "talks in Geneva, while Israel's Prime Minister Benjamin Netanyahu spoke of the Golan Heights. "
    "Turkey's Foreign Minister Hakan Fidan said Ankara was in contact with the rebels. The World "
    "Food Programme said people fled Homs and Hama. Assad's whereabouts were confirmed by the "
    "Kremlin on Monday."
)

# A minister and an envoy named after their titles.
MINISTER = (
    "افتتح في العاصمة السورية دمشق مؤتمر يناقش خططاً لإعادة تأهيل شبكات الري وقنوات المياه. "
    "وقال وزير الموارد المائية سامر الخطيب إن نحو 40 في المئة من قنوات الري تحتاج إلى صيانة. "
    "وأوضح المبعوث الأممي الخاص للشؤون الإنسانية مارتن هولم أن مشاريع الري تحتاج إلى تمويل، "
    "ودعت المنظمة إلى ربط مشاريع الري بخطط الصرف الصحي."
)

# Keyword grouping: one phrase in several forms (definite, plural, with clitics).
KEYWORD_TEXT = (
    "أعلنت الحكومة خطة لإعادة تأهيل شبكات الري في الجنوب، وقال وزير الزراعة إن شبكات الري "
    "المتضررة تحتاج إلى تمويل. وأضاف أن تأهيل شبكات الري يبدأ بالمضخات والمضخات الشمسية، وأن "
    "المضخة الشمسية الأولى ستعمل في الصيف. وأكد أن الشبكات الجديدة ستخدم المزارعين، وأن "
    "المزارعون ينتظرون التمويل منذ سنوات."
)

# Rare clitic and tanween forms, then a frequent word: the keyword speed paths' edge cases.
RARE = ("ووديع وديعاً وديعة. ووديع وديعاً. قال لـ\"رويترز\" ولـ وبـوديع بـ34 لـلـ بـوبـ "
        + "المياه " * 70)
