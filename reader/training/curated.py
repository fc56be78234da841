"""Hand-curated word lists (facts, no third-party data), merged into the shipped data files.

Only ``reader.training.build_data`` imports this module.
"""

from __future__ import annotations

PLACES = """
سوريا سورية دمشق حلب حمص حماة درعا السويداء القنيطرة اللاذقية طرطوس إدلب الرقة الحسكة القامشلي
منبج عفرين جرابلس تدمر البوكمال الميادين دوما داريا المعضمية الغوطة جبلة بانياس القرداحة السلمية
تلكلخ الرستن تلبيسة القصير النبك يبرود الزبداني قطنا جرمانا صيدنايا نوى إزرع الصنمين جاسم طفس
المزيريب شهبا صلخد سراقب أريحا الأتارب كوباني عامودا الطبقة حوران الجولان الفرات نصيب التنف
الزعتري الركبان عمان الأردن لبنان بيروت العراق بغداد الموصل أربيل تركيا أنقرة إسطنبول إيران
طهران روسيا موسكو إسرائيل القدس غزة فلسطين مصر القاهرة السعودية الرياض قطر الدوحة الإمارات
أبوظبي دبي الكويت البحرين اليمن صنعاء واشنطن أمريكا أميركا أوروبا باريس لندن برلين جنيف
نيويورك بروكسل فيينا أستانا سوتشي حميميم
"""

# Cities of the Arab world and its neighbours that Arabic news names most (one word; the
# multi-word ones are in MULTIWORD_PLACES). Geonames' Arabic names are too noisy to trust
# whole (alternate spellings, common words, person names: بشار، رشيد): they stay features.
ARAB_CITIES = """
إربد الزرقاء العقبة السلط المفرق الكرك مادبا الرمثا جرش عجلون الرصيفة
طرابلس صيدا زحلة بعلبك جونيه النبطية عرسال الهرمل جبيل البقاع
البصرة الموصل كركوك النجف كربلاء الفلوجة السليمانية دهوك سامراء تكريت بعقوبة الناصرية
الحلة الكوت الديوانية حلبجة سنجار الأنبار نينوى ديالى
الإسكندرية الجيزة بورسعيد السويس الأقصر أسوان أسيوط المنصورة طنطا الزقازيق الإسماعيلية العريش
دمياط الفيوم المنيا سوهاج الغردقة سيناء
جدة مكة الدمام تبوك أبها بريدة حائل نجران جازان ينبع الأحساء القطيف الظهران
أبوظبي الشارقة عجمان الفجيرة المنامة المحرق صلالة صحار نزوى
عدن تعز الحديدة مأرب المكلا صعدة ذمار حضرموت
بنغازي مصراتة درنة طبرق سبها
صفاقس سوسة القيروان بنزرت قابس المنستير قفصة
وهران قسنطينة عنابة البليدة سطيف باتنة تلمسان بجاية بسكرة
الرباط مراكش فاس طنجة مكناس أغادير وجدة تطوان
بورتسودان كسلا الفاشر نيالا دارفور
نابلس الخليل جنين طولكرم قلقيلية جباليا
نواكشوط نواذيبو مقديشو هرجيسا جيبوتي
حيفا يافا عكا الناصرة إيلات أسدود عسقلان
غازيانتيب أضنة هاتاي أنطاكيا إزمير
أصفهان تبريز شيراز الأهواز
كابول كراتشي لاهور نيودلهي
"""

# Place names that are as often common words: feature-only in the gazetteer (the CRF
# decides from context), whatever source lists them. مالي (financial), ترك (left; CLDR's
# Chuuk), دوما (always), نصيب (share), القصير (short), السلمية (peaceful), الطبقة (class),
# الميادين (fields), صور (pictures), العين (the eye), الخبر (the news), مسقط (رأس: birthplace).
AMBIGUOUS_PLACES = """
مالي ترك دوما نصيب القصير السلمية الطبقة الميادين صور العين الخبر مسقط العيون الباب
الزاوية البيضاء عالية المدينة نوم ماهي سمراء سول جوني واك سيتا بلم ثيل سنتر برثا قم
"""

# Not places at all (CLDR's name for an unknown time-zone city).
NOT_PLACES = ["مدينة غير معروفة"]

MULTIWORD_PLACES = [
    "دير الزور", "ريف دمشق", "ريف حلب", "ريف إدلب", "ريف حماة", "ريف حمص", "ريف درعا",
    "خان شيخون", "معرة النعمان", "جسر الشغور", "عين العرب", "رأس العين", "تل أبيض",
    "بصرى الشام", "الغوطة الشرقية", "الساحل السوري", "الجولان المحتل", "البادية السورية",
    "جبل العرب", "شرق الفرات", "قطاع غزة", "الضفة الغربية", "الولايات المتحدة", "تل أبيب",
    "الشرق الأوسط", "غازي عنتاب", "المملكة العربية السعودية", "الأراضي الفلسطينية",
    "المملكة المتحدة", "معبر نصيب", "معبر جابر", "قاعدة حميميم",
    "قاعدة التنف", "مطار دمشق", "سجن صيدنايا", "مخيم الركبان", "مخيم الزعتري", "مخيم اليرموك",
    "قصر الشعب", "ساحة الأمويين", "إسلام أباد", "الدار البيضاء", "شرم الشيخ",
    "رام الله", "بيت لحم", "خان يونس", "دير البلح", "بيت لاهيا", "ود مدني", "رأس الخيمة",
    "بئر السبع", "أم درمان",
]

ORGS = [
    "رويترز", "فرانس برس", "وكالة فرانس برس", "أسوشيتد برس", "الأناضول", "وكالة الأناضول", "سانا",
    "الأمم المتحدة", "مجلس الأمن", "مجلس الأمن الدولي", "الجامعة العربية", "جامعة الدول العربية",
    "حلف الناتو", "الناتو", "حلف شمال الأطلسي", "الاتحاد الأوروبي", "هيئة تحرير الشام",
    "جبهة النصرة", "تنظيم الدولة", "تنظيم الدولة الإسلامية", "داعش", "تنظيم القاعدة", "حزب الله",
    "حماس", "حركة حماس", "الجيش السوري الحر", "الجيش الوطني السوري", "الجيش الوطني",
    "قوات سوريا الديمقراطية", "قسد", "وحدات حماية الشعب", "حزب العمال الكردستاني",
    "الحرس الثوري", "الحرس الثوري الإيراني", "حزب البعث", "الخوذ البيضاء",
    "المرصد السوري لحقوق الإنسان", "المرصد السوري", "الصليب الأحمر", "اللجنة الدولية للصليب الأحمر",
    "منظمة الصحة العالمية", "اليونيسف", "برنامج الأغذية العالمي", "مفوضية اللاجئين",
    "المفوضية السامية لشؤون اللاجئين", "هيومن رايتس ووتش", "منظمة العفو الدولية", "البنك الدولي",
    "صندوق النقد الدولي", "قناة الجزيرة", "قناة العربية", "بي بي سي", "سي إن إن", "البيت الأبيض",
    "البنتاغون", "الكرملين", "الخارجية الأمريكية", "وزارة الخارجية", "وزارة الدفاع",
    "غرفة عمليات الفتح المبين", "إدارة العمليات العسكرية", "حكومة الإنقاذ", "الائتلاف الوطني",
    "الائتلاف الوطني السوري", "هيئة التفاوض", "الفرقة الرابعة", "الجيش السوري", "جيش الإسلام",
    "أحرار الشام", "فيلق الشام", "اللواء الثامن", "غرفة عمليات الجنوب", "مجلس التعاون الخليجي",
]

# Short forms of organisations, listed under their full name (the panel shows the full name).
ORG_ALIASES = {
    "تحرير الشام": "هيئة تحرير الشام",
}

PERSONS = [
    "بشار الأسد", "حافظ الأسد", "ماهر الأسد", "أسماء الأسد", "أحمد الشرع", "أبو محمد الجولاني",
    "محمد الجولاني", "الجولاني", "محمد غازي الجلالي", "محمد البشير", "غير بيدرسن", "غير بيدرسون",
    "فلاديمير بوتين", "بوتين", "رجب طيب أردوغان", "أردوغان", "هاكان فيدان", "جو بايدن", "بايدن",
    "دونالد ترامب", "ترامب", "أنتوني بلينكن", "بلينكن", "علي خامنئي", "خامنئي", "عباس عراقجي",
    "سيرغي لافروف", "لافروف", "أنطونيو غوتيريش", "غوتيريش", "الملك عبد الله الثاني",
    "أيمن الصفدي", "بنيامين نتنياهو", "نتنياهو", "حسن نصر الله", "نجيب ميقاتي", "مسعود بزشكيان",
    "جيمس جيفري", "عبد الله الثاني", "فيصل المقداد", "مظلوم عبدي", "أحمد العودة",
]

TRIGGERS_PER = [
    "الرئيس", "رئيس", "المبعوث", "مبعوث", "القائد", "قائد", "المقدم", "العقيد", "العميد",
    "اللواء", "الفريق", "العماد", "النقيب", "الرائد", "وزير", "الوزير", "وزيرة", "نائب",
    "النائب", "السفير", "سفير", "الشيخ", "الملك", "الأمير", "الأميرة", "السيد", "السيدة",
    "الدكتور", "الشيخة", "المتحدث", "الناطق", "الأمين", "المستشار", "المدير", "مدير", "الجنرال",
    "البابا", "الإمام", "القاضي", "المحامي", "الصحفي", "الكاتب", "الزعيم", "زعيم", "المرشد",
    "المفتي", "المطران", "الرئيسة", "المستشارة", "الممثل", "المنسق", "المقرر", "الحاكم", "حاكم",
    "المحافظ", "محافظ", "عضو", "النجم", "اللاعب", "المدرب", "الفنان", "الشاعر", "الروائي",
    "العالم", "البروفيسور", "الأستاذ", "الحاج", "رئيسة",
    # Professions and the feminine forms of the titles above (المهندسة ليلى العمري).
    "المهندس", "المهندسة", "الدكتورة", "الطبيب", "الطبيبة", "الباحث", "الباحثة", "الناشط",
    "الناشطة", "المتحدثة", "الناطقة", "السفيرة", "الوزيرة", "النائبة", "المديرة", "مديرة",
    "الصحفية", "الكاتبة", "المحامية", "القاضية", "الفنانة", "الشاعرة", "الروائية", "الأستاذة",
    "المخرج", "المخرجة", "الممثلة", "اللاعبة", "المدربة", "المبعوثة", "المنسقة", "الملكة",
]

TRIGGERS_ORG = [
    "حزب", "حركة", "هيئة", "جبهة", "وزارة", "جامعة", "شركة", "مجلس", "منظمة", "وكالة", "بنك",
    "مصرف", "قوات", "جيش", "تنظيم", "فصيل", "فصائل", "لواء", "كتيبة", "كتائب", "فرقة", "فيلق",
    "ائتلاف", "اتحاد", "رابطة", "جمعية", "مؤسسة", "صندوق", "برنامج", "لجنة", "محكمة", "برلمان",
    "صحيفة", "قناة", "إذاعة", "مركز", "معهد", "مرصد", "مفوضية", "شبكة", "تحالف", "مكتب",
    "إدارة", "سلطة", "حكومة", "نادي", "منتدى"
]

TRIGGERS_LOC = [
    "مدينة", "محافظة", "بلدة", "قرية", "ريف", "معبر", "قاعدة", "مطار", "مخيم", "منطقة", "حي",
    "ناحية", "مدينتي", "عاصمة", "العاصمة", "ميناء", "سجن", "ساحة", "جبل", "نهر", "بحر", "سهل",
    "وادي", "شارع", "جسر", "مرفأ", "إقليم", "ولاية", "دولة", "جزيرة", "بحيرة", "صحراء", "قضاء",
    "مقاطعة"
]

NEWS_VERBS = [
    "قال", "قالت", "يقول", "تقول", "أضاف", "أضافت", "يضيف", "تضيف", "أكد", "أكدت", "يؤكد",
    "تؤكد", "أشار", "أشارت", "يشير", "تشير", "أعلن", "أعلنت", "يعلن", "تعلن", "أوضح", "أوضحت",
    "يوضح", "توضح", "ذكر", "ذكرت", "يذكر", "تذكر", "صرح", "صرحت", "يصرح", "تابع", "تابعت",
    "لفت", "لفتت", "نقل", "نقلت", "ينقل", "تنقل", "أفاد", "أفادت", "يفيد", "تفيد", "كشف",
    "كشفت", "يكشف", "تكشف", "اعتبر", "اعتبرت", "يعتبر", "تعتبر", "رأى", "رأت", "يرى", "ترى",
    "شدد", "شددت", "يشدد", "تشدد", "دعا", "دعت", "يدعو", "تدعو", "طالب", "طالبت", "يطالب",
    "تطالب", "أفادت", "أعرب", "أعربت", "يعرب", "تعرب", "نفى", "نفت", "ينفي", "تنفي", "أوردت",
    "أورد", "بين", "بينت", "أبلغ", "أبلغت", "أفاد", "جاء", "جاءت", "يأتي", "تأتي", "تم", "يتم",
    "تمت", "وقال", "وقالت", "وأضاف", "وأضافت", "وأكد", "وأكدت", "وأشار", "وأشارت", "وأعلن",
    "وأعلنت", "وذكر", "وذكرت", "وتابع", "وتابعت", "وأوضح", "وأوضحت", "بحسب", "حسب", "وفق",
    "وفقا", "نحو", "خلال", "عقب", "إثر", "أمس", "اليوم", "غدا", "الليلة", "صباح", "مساء", "يوم",
    "الماضي", "المقبل", "الجاري", "الحالي", "الأخير", "الأخيرة", "أيضا", "حاليا", "جديد",
    "جديدة", "عدة", "عدد", "بعض", "أكثر", "أقل", "إطار", "شأن", "صعيد", "مؤكدا", "مشيرا",
    "مضيفا", "موضحا", "معتبرا", "لافتا", "قائلا", "ضمن", "أمام", "وراء", "حول", "عبر", "تجاه",
    "لدى", "بشأن"
]

EN_TITLES = [
    "President", "Prime", "Minister", "Mr", "Mrs", "Ms", "Dr", "Sir", "King", "Queen", "Prince",
    "Princess", "Sheikh", "General", "Gen", "Colonel", "Col", "Lieutenant", "Captain",
    "Senator", "Sen", "Governor", "Gov", "Ambassador", "Envoy", "Secretary", "Chancellor",
    "Pope", "Judge", "Professor", "Prof", "Minister", "Commander", "Spokesman", "Spokeswoman",
    "Rep", "Representative", "Mayor"
]

# Lower-case role words that lead a person's name (HTS leader Ahmed al-Sharaa, UN envoy ...).
EN_ROLES = [
    "leader", "envoy", "president", "minister", "spokesman", "spokeswoman", "spokesperson",
    "chief", "commander", "ambassador", "secretary", "general", "official", "head", "director",
    "governor", "mayor", "senator", "lawmaker", "analyst", "researcher", "professor",
    "correspondent", "reporter", "journalist", "activist", "founder", "chairman", "premier",
    "king", "prince", "emir", "sheikh", "cleric", "negotiator", "adviser", "advisor", "colonel",
    "lieutenant", "captain", "judge", "prosecutor", "coordinator", "representative", "deputy",
]

EN_ORG_WORDS = [
    "Ministry", "Party", "Council", "Agency", "Organization", "Organisation", "Nations",
    "Union", "Bank", "Fund", "Committee", "Front", "Army", "Forces", "Front", "Movement",
    "Corporation", "Company", "Inc", "Ltd", "University", "Institute", "Commission", "Court",
    "Parliament", "Congress", "Senate", "Reuters", "Press", "Times", "Post", "News", "Network",
    "Group", "Association", "Federation", "Alliance", "Observatory", "Office", "Department",
    "Authority", "Government", "Administration", "Brigade", "Tahrir"
]

# English names of places and organisations that news about the region names most; CLDR has the
# countries, GeoNames' English city names are feature-only and miss many (Hama, Raqqa).
EN_PLACES = [
    "Damascus", "Aleppo", "Homs", "Hama", "Idlib", "Latakia", "Tartus", "Daraa", "Deraa",
    "Sweida", "Suwayda", "Quneitra", "Raqqa", "Hasakah", "Qamishli", "Manbij", "Afrin",
    "Kobani", "Palmyra", "Douma", "Deir ez-Zor", "Deir el-Zor", "Deir al-Zor", "Golan Heights",
    "Golan", "Euphrates", "Ghouta", "Jerusalem", "Gaza", "Gaza Strip", "West Bank", "Tel Aviv",
    "Haifa", "Ramallah", "Hebron", "Jenin", "Nablus", "Rafah", "Khan Younis", "Beirut", "Tripoli",
    "Sidon", "Tyre", "Bekaa", "Amman", "Irbid", "Zarqa", "Aqaba", "Baghdad", "Mosul", "Erbil",
    "Kirkuk", "Basra", "Najaf", "Karbala", "Fallujah", "Ramadi", "Sulaymaniyah", "Tehran",
    "Isfahan", "Mashhad", "Turkey", "Ankara", "Istanbul", "Gaziantep", "Riyadh", "Jeddah", "Mecca",
    "Medina", "Doha", "Dubai", "Abu Dhabi", "Sharjah", "Muscat", "Manama", "Kuwait City",
    "Sanaa", "Aden", "Hodeidah", "Marib", "Cairo", "Alexandria", "Sinai", "Khartoum",
    "Omdurman", "Darfur", "Benghazi", "Misrata", "Tunis", "Algiers", "Rabat", "Casablanca",
    "Nouakchott", "Mogadishu", "Kabul", "Islamabad", "Moscow", "Washington", "London", "Paris",
    "Berlin", "Brussels", "Geneva", "Vienna", "Astana", "Sochi", "Hmeimim", "Middle East",
    "Red Sea", "Persian Gulf", "Strait of Hormuz", "Mediterranean", "Levant",
]

EN_ORGS = [
    "United Nations", "UN", "Security Council", "UN Security Council", "UNHCR", "UNICEF",
    "UNRWA", "World Health Organization", "WHO", "World Food Programme", "WFP", "World Bank",
    "International Monetary Fund", "IMF", "International Committee of the Red Cross", "ICRC",
    "Red Cross", "Red Crescent", "Amnesty International", "Human Rights Watch",
    "Syrian Observatory for Human Rights", "White Helmets", "European Union", "EU", "NATO",
    "Arab League", "Gulf Cooperation Council", "Kremlin", "White House", "Pentagon",
    "State Department", "Reuters", "AFP", "Agence France-Presse", "Associated Press", "AP",
    "BBC", "CNN", "Al Jazeera", "Al Arabiya", "SANA", "Anadolu", "Hayat Tahrir al-Sham",
    "HTS", "Islamic State", "ISIS", "ISIL", "al-Qaeda", "Al-Qaeda", "Nusra Front", "Hamas",
    "Hezbollah", "Houthis", "Syrian Democratic Forces", "SDF", "YPG", "PKK",
    "Free Syrian Army", "Syrian National Army", "Revolutionary Guards",
    "Islamic Revolutionary Guard Corps", "IRGC", "Baath Party", "OPEC",
]

# English verbs of news reports (each in its forms) and title words: no keyword on their own.
EN_NEWS_VERBS = """
say says saying told tell tells telling call calls called calling announce announces announced
announcing report reports reported reporting state states stated confirm confirms confirmed
confirming deny denies denied denying claim claims claimed warn warns warned warning urge urges
urged urging add adds adding note notes noted noting accuse accuses accused accusing address
addresses addressed addressing describe describes described express expresses expressed
insist insists insisted explain explains explained mention mentions mentioned cite cites cited
quote quoted speak speaks spoke speaking ask asks asked asking agree agrees agreed reach reaches
reached seize seizes seized seizing flee flees fled fleeing enter enters entered entering end
ends ended ending take takes took taken taking give gives gave given giving make makes made
making come comes came coming go goes went gone going hold holds held holding begin begins
began begun leave leaves left leaving meet meets met meeting remain remains remained become
becomes became include includes included including celebrate celebrates celebrated celebrating
expect expects expected continue continues continued show shows showed shown want wants wanted
believe believes believed think thinks thought appear appears appeared seem seems seemed
according despite amid whose however recently reportedly
"""
