"""The article's source as an organisation; plural common nouns and nasab chains in names."""

from __future__ import annotations

from reader.model.article import Article
from reader.nlp import EntitySummary, analyze, extract_entities
from reader.nlp.analysis import source_organisation

BODY = ("قالت وزارة الخارجية في دمشق إن الوفد سيزور عمّان الأسبوع المقبل، فيما انسحبت "
        "الميليشيات من مواقعها قرب الحدود.")


def test_a_publisher_byline_is_an_organisation_without_spans() -> None:
    result = analyze(Article(title="زيارة", paragraphs=(BODY,), source="كوردستريت"))
    found = [e for e in result.entities if e.text == "كوردستريت"]
    assert found == [EntitySummary("كوردستريت", "ORGANIZATION", 1, ())]


def test_publishers_in_both_scripts_are_organisations() -> None:
    for source in ("وكالة الأنباء السورية", "BBC News عربي", "Reuters"):
        assert [e.label for e in source_organisation(source, ())] == ["ORGANIZATION"], source


def test_bylines_that_name_no_publisher_are_left_out() -> None:
    # a writer, a place, common words only, a sentence rather than a name
    for source in ("محمد العلي", "دمشق", "خاص", "by staff",
                   "هذا نص طويل لا يمكن أن يكون اسم ناشر في سطر المصدر"):
        assert source_organisation(source, ()) == (), source


def test_a_source_the_body_already_lists_is_not_repeated() -> None:
    body = "وقال مصدر لرويترز إن المحادثات مستمرة في جنيف."
    result = analyze(Article(title="محادثات", paragraphs=(body,), source="رويترز"))
    assert [e.text for e in result.entities if e.label == "ORGANIZATION"] == ["رويترز"]


def test_definite_plurals_are_common_nouns_but_listed_names_stay() -> None:
    text = ("بالتزامن مع انشقاقات واسعة في صفوف قوات النظام وانسحابات متتالية للميليشيات "
            "الإيرانية والروسية من مواقعها. الانسحاب شمل الميليشيات الإيرانية والروسية. وزار "
            "وفد من الإمارات والولايات المتحدة منطقة الفرات.")
    names = {(e.text, e.label) for e in extract_entities(text)}
    assert not [name for name in names if "الميليشيات" in name[0]]
    assert {("الإمارات", "LOCATION"), ("الولايات المتحدة", "LOCATION")} <= names


def test_the_heldout_split_is_the_contiguous_last_sixth() -> None:
    from reader.training.evaluate import heldout_split

    sentences = [[(f"w{i}", "O")] for i in range(3963)]
    train, test = heldout_split(sentences)
    assert train + test == sentences
    assert len(test) == 3963 // 6 and test[0] == [("w3303", "O")]


def test_a_nasab_chain_is_one_person() -> None:
    for name in ("سالم بن حمدون آل مرزوق", "فيصل بن سطام آل حثلين"):
        text = f"وأعلن الشيخ {name} عن المشروع الجديد."
        persons = [e.text for e in extract_entities(text) if e.label == "PERSON"]
        assert persons == [name]


def test_a_particle_inside_a_european_name_keeps_the_name_whole() -> None:
    text = "وسجل مارك فان بومل هدفا"
    persons = [e.text for e in extract_entities(text) if e.label == "PERSON"]
    assert persons == ["مارك فان بومل"]
