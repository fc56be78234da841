"""Regular-expression extractors: dates (both Arabic month sets, Hijri, English) and numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from reader.lang.tokens import Token
from reader.lang.words import normalize
from reader.nlp.types import Entity

_D = "[0-9٠-٩۰-۹]"
_NUM = rf"{_D}+(?:[.,٫٬]{_D}+)*"
_LEFT = r"(?<![^\W_\u0640])"  # not glued to a preceding letter or digit (tatweel: بـ34)
_RIGHT = r"(?![^\W_])"
_YEAR = "[12١٢۱۲][09٠٩۰۹][0-9٠-٩۰-۹]{2}"
# A Latin name just before a number: the number is the thing's (SunTrack 3, Windows 11).
_AFTER_NAME = re.compile(r"(?<![A-Za-z])[A-Za-z]*[A-Z][A-Za-z]*\s+\Z")

MONTHS_AR = [
    "يناير", "فبراير", "مارس", "أبريل", "إبريل", "ابريل", "مايو", "يونيو", "يونيه", "يوليو",
    "يوليه", "أغسطس", "آب", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر", "شباط", "آذار",
    "نيسان", "أيار", "حزيران", "تموز", "أيلول"
]
MONTHS_AR_MULTI = ["كانون الثاني", "كانون الأول", "تشرين الأول", "تشرين الثاني"]
MONTHS_HIJRI = [
    "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "ربيع الثاني", "جمادى الأولى", "جمادى الأول",
    "جمادى الآخرة", "جمادى الثانية", "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذي القعدة",
    "ذو الحجة", "ذي الحجة",
]
WEEKDAYS_AR = ["الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]
MONTHS_EN = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec"
]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _fuzzy(word: str) -> str:
    """A pattern tolerant to alef, ya and ta marbuta spelling variants."""
    table = {"ا": "[اأإآ]", "أ": "[اأإآ]", "إ": "[اأإآ]", "آ": "[اأإآ]", "ى": "[يى]", "ي": "[يى]",
             "ة": "[ةه]", " ": r"\s+"}
    return "".join(table.get(char, re.escape(char)) for char in word)


def _alternation(words: list[str]) -> str:
    return "|".join(_fuzzy(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def date_regex() -> re.Pattern[str]:
    """Arabic and English date expressions."""
    months = _alternation(MONTHS_AR + MONTHS_AR_MULTI + MONTHS_HIJRI)
    weekday = _alternation(WEEKDAYS_AR)
    clitic = "(?:[وف]?[بل]|[وف])?"
    day_month = (rf"(?:(?:{weekday})\s*،?\s*)?{_D}{{1,2}}\s+(?:من\s+)?(?:شهر\s+)?(?:{months})"
                 rf"(?:\s*/\s*(?:{months}))?(?:\s+(?:عام\s+|سنة\s+)?{_D}{{4}})?(?:\s*[هم]ـ?)?")
    month_year = rf"(?:شهر\s+)?(?:{months})(?:\s*/\s*(?:{months}))?\s+(?:عام\s+)?{_D}{{4}}"
    in_month = rf"شهر\s+(?:{months})"
    year = rf"(?:عام|العام|سنة|السنة)\s+{_D}{{4}}"
    weekday_only = rf"(?:يوم\s+)?(?:{weekday})"
    months_en = "|".join(MONTHS_EN)
    english = (rf"(?:(?:{'|'.join(WEEKDAYS_EN)}),?\s+)?(?:{_D}{{1,2}}\s+(?:{months_en})\.?"
               rf"(?:,?\s+{_D}{{4}})?|(?:{months_en})\.?\s+{_D}{{1,2}}(?:,?\s+{_D}{{4}})?"
               rf"|(?:{months_en})\s+{_D}{{4}})|(?:{'|'.join(WEEKDAYS_EN)})")
    numeric = rf"{_D}{{1,2}}[/.\-]{_D}{{1,2}}[/.\-]{_D}{{2,4}}"
    years = rf"{_YEAR}\s*[–—\-]\s*{_YEAR}"  # a period: 2020–2024
    arabic = f"{day_month}|{month_year}|{in_month}|{year}|{numeric}|{years}|{weekday_only}"
    return re.compile(rf"{_LEFT}{clitic}(?P<d>(?:{arabic}))(?![^\W_])|\b(?P<e>{english})\b")


_SCALE = ("(?:ألف|آلاف|الف|الاف|مليون|ملايين|مليار|مليارات|بليون|thousand|million|billion"
          "|אלף|אלפי|מיליון|מיליארד|هزار|میلیون|میلیارد)")
_PERCENT = (r"(?:\s*%|\s*٪|\s+بالمئة|\s+بالمائة|\s+في\s+المئة|\s+في\s+المائة|\s+percent"
            r"|\s+אחוז(?:ים)?|\s+درصد)")
# Arabic and Persian words, Hebrew words (with gershayim: ש"ח, ק"מ), English words.
_UNIT = ("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc][\u0621-\u064a\u064b-\u065f"
         "\u067e\u0686\u0698\u06a9\u06af\u06cc]+"
         "|[\u05d0-\u05ea]+(?:[\"״][\u05d0-\u05ea])?"
         "|(?:(?:cubic|square)\\s+)?[A-Za-z]+")
_NOT_UNIT = frozenset(
    [
        "في", "من", "إلى", "الى", "على", "عن", "مع", "أن", "إن", "التي", "الذي", "الذين",
        "وقال", "وقالت", "حتى", "بين", "منذ", "قبل", "بعد", "عام", "العام", "سنة"
    ]
)


@cache
def number_regex() -> re.Pattern[str]:
    """Resolution numbers (القرار 2254), percentages, and quantities with a unit or noun."""
    resolution = rf"(?:القرار|قرار)(?:\s+(?:الأممي|الدولي|رقم))?\s+{_NUM}|[Rr]esolution\s+{_NUM}"
    quantity = (rf"(?P<currency>[$€£]\s?)?{_NUM}(?P<scale>\s+{_SCALE})?"
                rf"(?:(?P<percent>{_PERCENT})|\s+(?P<unit>{_UNIT}))?")
    return re.compile(rf"{_LEFT}(?:[وف]?[بل]|[وف])?(?P<n>(?P<resolution>{resolution})|{quantity})")


_UNITS = frozenset(
    [
        "مقاتل", "مقاتلا", "مقاتلين", "شخص", "شخصا", "أشخاص", "قتيل", "قتيلا", "قتلى", "جريح",
        "جريحا", "جرحى", "جندي", "جنديا", "جنود", "مدني", "مدنيا", "مدنيين", "طفل", "طفلا",
        "أطفال", "لاجئ", "لاجئا", "لاجئين", "نازح", "نازحا", "نازحين", "عنصر", "عنصرا", "عناصر",
        "دولار", "دولارا", "يورو", "ليرة", "دينار", "ريال", "جنيه", "كيلومتر", "كيلومترا",
        "كلم", "كم", "متر", "مترا", "طن", "طنا", "برميل", "منزل", "منزلا", "عائلة", "أسرة",
        "قرية", "صاروخ", "صاروخا", "صواريخ", "غارة", "غارات", "شاحنة", "شاحنات", "سيارة",
        "سيارات", "طائرة", "مسيرة", "معتقل", "معتقلا", "سجين", "سجينا", "ساعة", "ساعات",
        "دقيقة", "دقائق", "يوما", "أيام", "أسبوع", "أسابيع", "شهرا", "أشهر", "سنوات", "عاما",
        "أعوام",
        # Hebrew: money, distances, counted people and time
        'ש"ח', "ש״ח", "שקל", "שקלים", "דולר", "יורו", 'ק"מ', "ק״מ", "קילומטר", "קילומטרים",
        "מטר", "מטרים", "טון", "איש", "אנשים", "הרוגים", "פצועים", "ילדים", "חיילים",
        "תושבים", "שנים", "שנה", "חודשים", "ימים", "שעות", "דקות",
        # Persian
        "تومان", "ریال", "دلار", "یورو", "کیلومتر", "متر", "تن", "نفر", "کشته", "زخمی",
        "کودک", "سال", "ماه", "روز", "ساعت", "دقیقه",
    ]
)


_UNITS_EN = frozenset(
    [
        "people", "persons", "civilians", "soldiers", "troops", "fighters", "militants",
        "refugees", "children", "women", "men", "families", "homes", "houses", "prisoners",
        "detainees", "dead", "killed", "wounded", "injured", "casualties", "vehicles", "trucks",
        "tanks", "missiles", "rockets", "drones", "aircraft", "jets", "airstrikes", "strikes",
        "km", "kilometres", "kilometers", "miles", "metres", "meters", "hectares", "tonnes",
        "tons", "barrels", "litres", "liters", "dollars", "euros", "pounds", "dinars", "lira",
        "riyals", "days", "weeks", "months", "years", "hours", "minutes", "schools", "hospitals",
    ]
)


def _is_unit(word: str) -> bool:
    """A counted noun: a known unit or a feminine/plural noun ending (سيارة، مدرسة، شاحنات),
    or an English one (people, kilometres, cubic metres)."""
    if word.isascii():
        return word.split()[-1].lower() in _UNITS_EN
    if word in _NOT_UNIT or word[0] in "يتن" and not word.endswith(("ة", "ات")):
        return word in _UNITS
    return word in _UNITS or word.endswith(("ة", "ات"))


_CLITICS = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")  # also glued to a number


def _with_clitics(words: list[str]) -> frozenset[str]:
    """Token keys that may start a match: the words, bare or after a clitic, and the
    clitics alone (before a number: و180)."""
    return frozenset([c + normalize(w) for w in words for c in _CLITICS] + list(_CLITICS[1:]))


@cache
def _date_heads() -> frozenset[str]:
    """Normalised first words a date expression can start with (after a clitic)."""
    words = MONTHS_AR + MONTHS_HIJRI + WEEKDAYS_AR + MONTHS_EN + WEEKDAYS_EN
    words += [w.split()[0] for w in MONTHS_AR_MULTI + MONTHS_HIJRI]
    words += ["شهر", "عام", "العام", "سنة", "السنة", "يوم"]
    return _with_clitics(words)


@cache
def _number_heads() -> frozenset[str]:
    return _with_clitics(["القرار", "قرار", "Resolution", "resolution", "$", "€", "£"])


@cache
def _all_heads() -> frozenset[str]:
    return _date_heads() | _number_heads()


def start_tokens(tokens: Sequence[Token]) -> list[Token]:
    """The tokens a date or a number may start at (numbers and head words): ``find_dates``
    and ``find_numbers`` given these instead of all tokens find the same, reading each token
    once for both."""
    return _may_start(tokens, _all_heads())


def _may_start(tokens: Sequence[Token], heads: frozenset[str]) -> list[Token]:
    """The tokens a match may start at: numbers and (clitic +) a head word."""
    return [t for t in tokens if t.kind == "num" or t.key in heads]


def _matches(pattern: re.Pattern[str], text: str,
             tokens: Sequence[Token] | None, heads: frozenset[str]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, trying only token starts that can begin a match.

    Every match of the date and number patterns starts at a token that is a number or a head
    word with at most two clitic letters, so this gives the same matches, much faster.
    """
    if tokens is None:
        yield from pattern.finditer(text)
        return
    end = 0
    for start in [t.start for t in _may_start(tokens, heads)]:
        if start < end:
            continue
        match = pattern.match(text, start)
        if match:
            end = match.end()
            yield match


def find_dates(text: str, tokens: Sequence[Token] | None = None) -> list[Entity]:
    """DATE entities, clitics (و ب ل) excluded from the spans.

    ``tokens`` may pass ``tokenize(text)``, or its ``start_tokens``, to only try the places
    a date can start.
    """
    out = []
    for match in _matches(date_regex(), text, tokens, _date_heads()):
        group = "d" if match.group("d") else "e"
        start, end = match.span(group)
        out.append(Entity(start, end, "DATE", text[start:end]))
    return out


def find_numbers(text: str, taken: list[Entity],
                 tokens: Sequence[Token] | None = None) -> list[Entity]:
    """NUMBER entities not overlapping ``taken`` (dates, none empty): resolution numbers,
    quantities (with a unit, a scale, a percent sign or a currency) and bare counts (قتل 12)
    but for single digits and the numbers of Latin-named things (SunTrack 3, Windows 11);
    ``tokens`` as for ``find_dates``."""
    busy = covered_offsets(taken)
    out = []
    for match in _matches(number_regex(), text, tokens, _number_heads()):
        start, end = match.span("n")
        unit = match.group("unit")
        if unit and not _is_unit(unit):
            end = start + len(text[start:match.start("unit")].rstrip())
            unit = None
        if not (unit or match.group("resolution") or match.group("scale")
                or match.group("percent") or match.group("currency")) and (
                end - start == 1 or _AFTER_NAME.search(text, max(0, start - 40), start)):
            continue
        if busy.find(1, start, end) >= 0:
            continue
        out.append(Entity(start, end, "NUMBER", text[start:end]))
    return out


def covered_offsets(entities: list[Entity]) -> bytearray:
    """A 1 at each text offset inside one of ``entities``: one search in C then tells
    whether a span overlaps any of them."""
    busy = bytearray(max((e.end for e in entities), default=0))
    for e in entities:
        busy[e.start:e.end] = b"\x01" * (e.end - e.start)
    return busy
