"""Topics: names and keyword phrases in one ranking, in analyze and `reader analyze --json`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from support.news import SYRIA

from reader.cli import analyze as cli
from reader.model.article import Article
from reader.nlp import analyze
from reader.nlp.topics import TOP_TOPICS, analysis_topics, topics
from reader.nlp.types import EntitySummary, Keyword


def _entity(text: str, label: str, count: int) -> EntitySummary:
    return EntitySummary(text, label, count, ((0, 1),) * count)


def test_names_and_keywords_share_one_ranking() -> None:
    entities = (_entity("دمشق", "LOCATION", 4), _entity("بشار الأسد", "PERSON", 2),
                _entity("الأحد", "DATE", 5), _entity("القرار 2254", "NUMBER", 3),
                _entity("رويترز", "ORGANIZATION", 1))
    keywords = (Keyword("فصائل المعارضة", 1.0), Keyword("المرحلة الانتقالية", 0.6),
                Keyword("النازحين", 0.3))
    found = topics(entities, keywords)
    assert [(t.text, t.kind) for t in found] == [
        ("دمشق", "LOCATION"),  # the first name and the best keyword tie: the name goes first
        ("فصائل المعارضة", "KEYWORD"),
        ("بشار الأسد", "PERSON"),  # 2 of 4 mentions: √0.5
        ("المرحلة الانتقالية", "KEYWORD"),
        ("رويترز", "ORGANIZATION"),  # 1 of 4: √0.25
        ("النازحين", "KEYWORD"),
    ]
    assert [t.score for t in found] == [1.0, 1.0, 0.7071, 0.6, 0.5, 0.3]


def test_the_title_name_keeps_the_top_score_and_the_list_is_bounded() -> None:
    # the summary puts a name of the title first even when another is mentioned more
    entities = tuple(_entity(f"اسم{n}", "PERSON", 1 + n) for n in range(20))
    found = topics(entities, (Keyword("كلمة", 1.0),))
    assert len(found) == TOP_TOPICS
    assert found[0].text == "اسم0" and found[0].score == 1.0
    assert found[1].text == "اسم19" and found[2].text == "كلمة"  # 20 of 20 mentions: a tie
    assert topics((), ()) == ()


def test_analysis_topics_hold_names_and_keywords_of_the_article() -> None:
    article = Article(title="فصائل المعارضة تسيطر على دمشق", paragraphs=SYRIA)
    result = analyze(article)
    found = analysis_topics(result)
    kinds = {t.kind for t in found}
    assert "KEYWORD" in kinds and kinds & {"PERSON", "LOCATION", "ORGANIZATION"}
    assert "DATE" not in kinds and "NUMBER" not in kinds
    names = {e.text for e in result.entities}
    keywords = {k.text for k in result.keywords}
    for topic in found:
        assert topic.text in (keywords if topic.kind == "KEYWORD" else names)
        assert 0 < topic.score <= 1
    scores = [t.score for t in found]
    assert scores == sorted(scores, reverse=True)


def test_json_lines_carry_topics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "syria.txt"
    article.write_text("فصائل المعارضة تسيطر على دمشق\n\n" + "\n\n".join(SYRIA), encoding="utf-8")
    parser = argparse.ArgumentParser()
    cli.add_parser(parser.add_subparsers(dest="command"))
    assert cli.run(parser.parse_args(["analyze", str(article), "--json"])) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["topics"]
    assert {"text", "kind", "score"} == set(data["topics"][0])
    assert "دمشق" in {t["text"] for t in data["topics"]}
    assert {t["kind"] for t in data["topics"]} & {"KEYWORD"}
