"""reader.nlp keywords: clean phrases, stem grouping, no entity duplicates; seeds."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from support.news import KEYWORD_TEXT as TEXT
from support.news import RARE, SYRIA

from reader.lang.tokens import tokenize
from reader.lang.words import normalize, strip_clitics
from reader.model.article import Article
from reader.nlp import ANALYZER_VERSION, analyze
from reader.nlp import keywords as kw
from reader.nlp.keywords import DocumentFrequencies, keywords
from reader.nlp.resources import stopwords_ar

PUNCT = re.compile(r"[^\w\s\u064b-\u065f\u0640]")


def test_keywords_clean_and_grouped() -> None:
    found = keywords(TEXT, "", DocumentFrequencies([]), False)
    assert found
    stop = stopwords_ar()
    stems = []
    for keyword in found:
        assert not PUNCT.search(keyword.text), keyword
        words = [normalize(w) for w in keyword.text.split()]
        assert words[0] not in stop and words[-1] not in stop, keyword
        assert 0 < keyword.score <= 1
        stems.append(" ".join(strip_clitics(w)[0] for w in words))
    assert len(stems) == len(set(stems))
    texts = [k.text for k in found]
    assert any("شبكات الري" in t for t in texts)
    assert sum("مضخ" in t for t in texts) <= 1  # المضخات / المضخة grouped


def test_keywords_do_not_duplicate_entities() -> None:
    article = Article(title="", paragraphs=SYRIA)
    result = analyze(article)
    names = {normalize(e.text) for e in result.entities}
    for keyword in result.keywords:
        assert normalize(keyword.text) not in names
        assert "الأسد" not in keyword.text and "دمشق" not in keyword.text


def test_corpus_document_frequencies_change_scores() -> None:
    a = Article(title="", paragraphs=(TEXT,))
    b = Article(title="", paragraphs=("شبكات الري في الشمال تحتاج إلى صيانة وشبكات الري قديمة.",))
    alone = analyze(a)
    together = analyze(a, [a, b])
    assert [k.text for k in alone.keywords] != [k.text for k in together.keywords] or (
        [k.score for k in alone.keywords] != [k.score for k in together.keywords])
    assert ANALYZER_VERSION


@pytest.mark.parametrize("name", ["sample_ar_page.txt"])
def test_arabic_seed(name: str) -> None:
    from reader.parsing import load_paths

    seed = __import__("pathlib").Path(__file__).resolve().parents[2] / "seeds" / name
    if not seed.is_file():
        pytest.skip("seed not present")
    articles = load_paths([seed]).articles
    result = analyze(articles[0], articles)
    found = {(e.text, e.label) for e in result.entities}
    for expected in [("دمشق", "LOCATION"), ("درعا", "LOCATION"), ("السويداء", "LOCATION"),
                     ("الأردن", "LOCATION"), ("رويترز", "ORGANIZATION"),
                     ("القرار 2254", "NUMBER")]:
        assert expected in found
    # with or without the descriptor (ANERcorp leaves it out: غزة, not قطاع غزة)
    assert ("معبر نصيب", "LOCATION") in found or ("نصيب", "LOCATION") in found
    assert result.keywords
    for keyword in result.keywords:
        assert not PUNCT.search(keyword.text)


def test_all_seeds_analyse_without_garbage() -> None:
    from reader.parsing import load_paths

    seeds = __import__("pathlib").Path(__file__).resolve().parents[2] / "seeds"
    if not seeds.is_dir():
        pytest.skip("seeds not present")
    articles = load_paths([seeds]).articles
    for article in articles:
        result = analyze(article, articles)
        for entry in result.entities:
            for start, end in entry.spans:
                assert 0 <= start < end <= len(article.body)
        if article.lang in ("he", "fa"):  # names from the Hebrew and Persian rules only
            names = {(e.label, e.text) for e in result.entities
                     if e.label not in ("DATE", "NUMBER")}
            assert names == SEED_NAMES[article.lang], names


SEED_NAMES = {
    "he": {("ORGANIZATION", "עיריית חיפה"), ("ORGANIZATION", "טכניון"), ("LOCATION", "כרמל"),
           ("PERSON", "נועה ברגר"), ("ORGANIZATION", "משרד התחבורה")},
    "fa": {("LOCATION", "اصفهان"), ("LOCATION", "زاینده‌رود"),
           ("ORGANIZATION", "شرکت آب منطقه‌ای"), ("ORGANIZATION", "شورای شهر")},
}


# The speed paths of keywords, each against the plain rule it stands for.

def _plain_stems(readings: list[kw.TokenReading]) -> list[str | None]:
    """Read a word without its leading clitic when the text has the bare word unclitic'd."""
    bare = {stem for stem, alt, _, _ in readings if not alt}
    return [alt if alt and alt in bare else stem for stem, alt, _, _ in readings]


@pytest.mark.parametrize("text", [TEXT, RARE, *SYRIA])
def test_readings_and_stems_follow_the_plain_rules(text: str) -> None:
    tokens = tokenize(text)
    plain = [kw._BREAK if token.kind == "pre" else kw._surface_reading(token.text, token.key,
                                                                        token.kind)
             for token in tokens]
    assert kw._token_readings(tokens) == kw._text_readings(text) == plain
    assert kw._stems(plain) == _plain_stems(plain)


@pytest.mark.parametrize("title", ["", "شبكات الري في الجنوب", "المياه المياه"])
@pytest.mark.parametrize("text", [TEXT, RARE, " ".join(SYRIA)])
def test_ranking_is_the_plain_tf_idf_order(text: str, title: str) -> None:
    df = DocumentFrequencies([TEXT, RARE, *SYRIA])
    found = kw.phrases(text)
    tf = Counter(key for key, _, _ in found)
    in_text = set(tf)
    tf.update(key for key, _, _ in kw.phrases(title))
    keys = [key for key, count in tf.items() if (count >= 2 or " " not in key) and key in in_text]
    plain = sorted((-(tf[key] ** 0.75) * idf * (1.0 + 0.5 * key.count(" ")), key)
                   for key, idf in zip(keys, df.idfs(keys, True), strict=True))
    stems = kw._stems(kw._text_readings(text))
    assert list(kw._scored(stems, title, df, True)) == plain


def test_frequencies_with_titles_reuse_the_readings() -> None:
    bodies = [TEXT, RARE, *SYRIA]
    titles = ["الري", "", *("سوريا" for _ in SYRIA)]
    plain = DocumentFrequencies([f"{t}\n{b}" for t, b in zip(titles, bodies, strict=True)])
    titled = DocumentFrequencies(bodies, titles)
    assert (titled.words, titled.phrases) == (plain.words, plain.phrases)
    assert titled.readings(TEXT) == kw._text_readings(TEXT)
    assert plain.readings(TEXT) is None
    for body, title in zip(bodies, titles, strict=True):
        expected = keywords(body, title, plain, True)
        assert keywords(body, title, titled, True, tokens=tokenize(body)) == expected


def test_word_idf_table_matches_idfs_with_and_without_the_cold_table() -> None:
    words = ["شبكات", "المياه", "لا-يوجد"]
    df = DocumentFrequencies([TEXT, RARE])
    assert df.word_idfs(words, False) == df.idfs(words, False)
    df = DocumentFrequencies([TEXT, RARE], cold=(0, {}))
    assert df.word_idfs(words, False) == df.idfs(words, False)


def test_hebrew_articles_get_clean_keywords() -> None:
    text = ("עיריית חיפה הודיעה כי קו אוטובוס חשמלי חדש יפעל בין הנמל לטכניון. "
            "הקו החשמלי יחליף את קו הדיזל, ועיריית חיפה תוסיף אוטובוסים בשנה הבאה. "
            "לדברי העירייה, וכי הקו יפעל כל היום.")
    article = Article(title="קו אוטובוס חשמלי בחיפה", paragraphs=(text,))
    result = analyze(article)
    found = [k.text for k in result.keywords]
    # עיריית חיפה is a name now, and names are no keywords.
    assert "קו אוטובוס חשמלי" in found and "חיפה" not in found
    assert ("ORGANIZATION", "עיריית חיפה") in {(e.label, e.text) for e in result.entities}
    hebrew_stop = {"כי", "וכי", "את", "כל", "בין"}
    for phrase in found:
        assert re.fullmatch("[\u05d0-\u05ea]+( [\u05d0-\u05ea]+)*", phrase), phrase
        assert not hebrew_stop & set(phrase.split()), phrase


def test_english_keywords_are_no_names_dates_verbs_or_titles() -> None:
    from support.news import ENGLISH_NEWS

    result = analyze(Article(title="Rebels take Damascus", paragraphs=(ENGLISH_NEWS,)))
    words = {word.lower() for k in result.keywords for word in k.text.split()}
    assert "rebels" in words
    # parts of names (also of Abu Mohammed al-Golani, merged into Ahmed al-Sharaa), possessives
    assert not words & {"abu", "mohammed", "al-golani", "assad's", "israel's", "assad"}
    assert not words & {"sunday", "monday"}  # dates
    assert not words & {"addressed", "called", "confirmed", "said", "fled"}  # report verbs
    assert not words & {"leader", "envoy", "minister", "president"}  # titles and roles


def test_no_keyword_word_inside_an_entity_mention() -> None:
    article = Article(title="فصائل المعارضة تسيطر على دمشق", paragraphs=SYRIA)
    result = analyze(article)
    body = article.body
    mentions = [body[s:e] for entity in result.entities if entity.label != "NUMBER"
                for s, e in entity.spans]
    words = {word for k in result.keywords for word in k.text.split()}
    assert not {"وحماة", "وحمص", "والسويداء"} & words  # حماة, حمص: places, clitic and all
    assert not any(word in mention for word in words for mention in mentions)
