"""reader.nlp keywords: clean phrases, stem grouping, no entity duplicates; seeds."""

from __future__ import annotations

import re

import pytest

from reader.model.article import Article
from reader.nlp import ANALYZER_VERSION, analyze
from reader.nlp.keywords import DocumentFrequencies, keywords
from reader.nlp.resources import stopwords_ar
from reader.nlp.text import normalize, strip_clitics

from .test_nlp_entities import SYRIA

PUNCT = re.compile(r"[^\w\s\u064b-\u065f\u0640]")
TEXT = (
    "أعلنت الحكومة خطة لإعادة تأهيل شبكات الري في الجنوب، وقال وزير الزراعة إن شبكات الري "
    "المتضررة تحتاج إلى تمويل. وأضاف أن تأهيل شبكات الري يبدأ بالمضخات والمضخات الشمسية، وأن "
    "المضخة الشمسية الأولى ستعمل في الصيف. وأكد أن الشبكات الجديدة ستخدم المزارعين، وأن "
    "المزارعون ينتظرون التمويل منذ سنوات."
)


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
        if article.lang in ("he", "fa"):
            assert all(e.label in ("DATE", "NUMBER") for e in result.entities)
