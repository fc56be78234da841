"""Hebrew and Persian keywords read with their own language's word lists.

The keyword scorer reads every right-to-left word with the Arabic word model (clitics,
stopwords). For Hebrew and Persian articles this lets their own function words and common
verbs (אמר, נפגש, افزود, گفت) into the list. This step reads the scorer's phrases again with
the lists ``rtl_names`` ships for each language:

- a phrase that starts or ends with a stopword or a verb is dropped; a Hebrew phrase ends
  before a future-tense verb (הזוגות הצעירים יקבלו → הזוגות הצעירים; dropped when the verb
  comes first) or before a later word that opens a clause (with ש or כש: ... שבתוכנית);
- a Hebrew first word loses prefix letters that the frequent-word list shows are no part of it
  (וכשבתוכנית → בתוכנית, בתחבורה → תחבורה, והקבלנים → הקבלנים), never the article and only
  down to the first frequent word: that list holds בחירות ("elections") as well as חירות
  ("freedom"), so a word that is frequent as written keeps its letters;
- a Persian word loses its ezafe (توسعه‌ی, توسعهٔ → توسعه; آمریکای → آمریکا when the list
  knows آمریکا and not آمریکای).

Phrases that become the same text are one keyword, at the better one's place.
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.nlp import hebrew, persian
from reader.nlp.rtl_names import Lexicon, lexicon, word_key
from reader.nlp.types import Keyword

# How many more phrases to ask the scorer for, so that the dropped ones leave a full list.
SPARE = 10
# A keyword of one word has at least this many letters.
MIN_LETTERS = 3
# Hebrew prefixes that open a clause: "that", "when" (ש, כש), after an optional "and".
_CLAUSE_PREFIXES = ("ש", "כש", "וש", "וכש")
# Hebrew future: the prefix of the third person and of "you" (י, ת) or "we" (נ), then the
# stem that the infinitive takes after ל or לה (יקבלו/לקבל, יגיע/להגיע, יתקיימו/להתקיים).
_FUTURE_PREFIXES = "יתנ"
_FINAL_FORMS = str.maketrans("כמנפצ", "ךםןףץ")
# Persian ezafe: a non-joiner and ی, or hamza above ه (ۀ is folded to ه by word_key).
_EZAFE = "\u200cی"
_HAMZA_ABOVE = "\u0654"
_EZAFE_AFTER = "او"


def own_language_keywords(found: Iterable[Keyword], lang: str, top_k: int) -> list[Keyword]:
    """``found`` (best first) without the phrases ``lang``'s lists say are not topics and with
    their words as a topic is written, at most ``top_k``."""
    lex = lexicon(lang)
    kept: list[Keyword] = []
    seen: set[str] = set()
    for keyword in found:
        words = keyword.text.split()
        if not words or _function_word(words[0], lang, lex) or _function_word(words[-1], lang, lex):
            continue
        cleaned = _hebrew_phrase(words, lex) if lang == "he" else [
            _without_ezafe(word, lex) for word in words]
        if cleaned is None:
            continue
        if len(cleaned) == 1 and len(word_key(cleaned[0])) < MIN_LETTERS:
            continue  # a fragment: בכ of בכ-85 ("about 85"), a letter cut off a name
        text = " ".join(cleaned)
        if text in seen:
            continue
        seen.add(text)
        kept.append(Keyword(text, keyword.score))
        if len(kept) == top_k:
            break
    return kept


def _function_word(word: str, lang: str, lex: Lexicon) -> bool:
    # (Persian verbs joined by a non-joiner, می‌گوید, never reach here: the scorer breaks its
    # phrases at them.)
    return any(reading[0] in lex.stop for reading in _readings(word_key(word), lang))


def _readings(key: str, lang: str) -> tuple[tuple[str, int, int], ...]:
    """The word and its readings without Hebrew prefix letters (ובאמר → אמר) or Persian
    endings; a Hebrew prefix is only cut off when at least three letters stay, so that a short
    word of its own (בית) is not read as prefix + stopword."""
    if lang == "he":
        return tuple(r for r in hebrew.readings(key) if r[1] == 0 or len(r[0]) >= 3)
    return persian.readings(key)


def _hebrew_phrase(words: list[str], lex: Lexicon) -> list[str] | None:
    """The phrase's words up to a future verb or a later word that opens a clause (the
    scorer's phrases run on into them: הזוגות הצעירים יקבלו), the first word without the
    prefixes that are no part of it; None when no word is left."""
    end = len(words)
    for at, word in enumerate(words):
        key = word_key(word)
        if future_verb(key, lex) or at and _prefix_cut(key, lex, _CLAUSE_PREFIXES):
            end = at
            break
    if not end:
        return None
    first = words[0]
    cut = _prefix_cut(word_key(first), lex)
    if cut and word_key(first) == first:  # (a pointed word keeps its letters)
        first = first[cut:]
    return [first, *words[1:end]]


def _prefix_cut(key: str, lex: Lexicon, only: tuple[str, ...] | None = None) -> int:
    """How many prefix letters to cut off ``key``: the fewest that leave a frequent word of at
    least three letters (with the article, if any, kept on), when ``key`` itself is no
    frequent word (and, given ``only``, the cut letters are one of those)."""
    if key in lex.common:
        return 0
    if key.startswith("וה") and len(key) > MIN_LETTERS + 1 and (only is None or "ו" in only):
        return 1  # "and the": והקבלנים → הקבלנים
    for stem, cut, _ in hebrew.readings(key)[1:]:
        prefix = key[:cut]
        if prefix.endswith("ה"):  # the article stays: והקבלנים → הקבלנים, not קבלנים
            prefix = prefix[:-1]
        if (prefix and len(stem) >= MIN_LETTERS and stem in lex.common
                and (only is None or prefix in only)):
            return len(prefix)
    return 0


def future_verb(key: str, lex: Lexicon) -> bool:
    """Is a Hebrew word a future-tense verb? It starts with י, ת or נ, the rest (less a plural
    ו) is a stem whose infinitive (ל, לה before it; ל…ות for a stem ending in ה: יבנה/לבנות;
    a ו before the last of three letters: יפעל/לפעול) is a frequent word, and nothing says it
    is a noun: no frequent form with the article or a preposition (התרבות) or a noun ending
    (-ים, -ות, -ה, -ת: תשלומים), no name. (A shape test: a few nouns such as תקנה, "will buy"
    as well as "regulation", pass it.)"""
    if (len(key) < 4 or key[0] not in _FUTURE_PREFIXES or key.endswith("ות")
            or key in lex.first or key in lex.last):
        return False
    common = lex.common
    if any(prefix + key in common for prefix in ("ה", "ב", "ל", "מ", "וה", "שה", "בה")):
        return False
    if any(key + ending in common for ending in ("ים", "ות", "ה", "ת")):
        return False
    rest = key[1:]
    stems = [rest]
    if rest.endswith("ו") and len(rest) >= 4:
        stems.append(rest[:-2] + rest[-2].translate(_FINAL_FORMS))  # יתקיימו → תקיים
    for stem in stems:
        if len(stem) < MIN_LETTERS:
            continue
        infinitives = {"ל" + stem, "לה" + stem}
        if len(stem) == MIN_LETTERS:
            infinitives.add(f"ל{stem[:2]}ו{stem[2]}")  # יפעל/לפעול
        if stem.endswith("ה"):
            infinitives.add("ל" + stem[:-1] + "ות")
        if infinitives & common:
            return True
    return False


def _without_ezafe(word: str, lex: Lexicon) -> str:
    """A Persian word without its ezafe: ‌ی or hamza above after ه always goes; a bare ی
    after ا or و only when the frequent-word list knows the word without it and not with it
    (آمریکای → آمریکا, but قوی and معنوی stay)."""
    if word.endswith(_EZAFE) and len(word) > len(_EZAFE) + 1:
        return word[:-len(_EZAFE)]
    if word.endswith(_HAMZA_ABOVE):
        return word[:-1]
    if word.endswith("ۀ"):
        return word[:-1] + "ه"
    key = word_key(word)
    if (len(key) > MIN_LETTERS and key.endswith("ی") and key[-2] in _EZAFE_AFTER
            and key not in lex.common and key[:-1] in lex.common and word.endswith("ی")):
        return word[:-1]
    return word
