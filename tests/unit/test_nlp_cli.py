"""``reader analyze``: JSON Lines and text output, errors, exit codes; training smoke test."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from support.news import SYRIA

from reader.cli import analyze as cli
from reader.model.article import Article
from reader.nlp import Analysis, analyze


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    cli.add_parser(parser.add_subparsers(dest="command"))
    return cli.run(parser.parse_args(["analyze", *argv]))


def test_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "syria.txt"
    article.write_text("فصائل المعارضة تسيطر على دمشق\n\n" + "\n\n".join(SYRIA), encoding="utf-8")
    assert _run([str(article), "--json"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert {"path", "title", "lang", "direction", "body", "entities", "keywords"} <= set(data)
    assert "دمشق" in lines[0]  # ensure_ascii=False
    for entity in data["entities"]:
        for start, end in entity["spans"]:
            assert data["body"][start:end]


def test_text_summary_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "a.txt"
    good.write_text("عنوان\n\n" + SYRIA[0], encoding="utf-8")
    missing = tmp_path / "missing.txt"
    assert _run([str(good), str(missing)]) == 0
    captured = capsys.readouterr()
    assert "دمشق" in captured.out
    assert captured.err.strip()
    assert _run([str(missing)]) == 1


def test_accurate_uses_the_stacked_tagger(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "syria.txt"
    article.write_text("فصائل المعارضة تسيطر على دمشق\n\n" + SYRIA[0], encoding="utf-8")
    asked: list[bool] = []

    def spy(article: Article, corpus: Sequence[Article] = (), accurate: bool = False) -> Analysis:
        asked.append(accurate)
        return analyze(article, corpus, accurate=accurate)

    monkeypatch.setattr(cli, "analyze", spy)
    assert _run([str(article), "--json"]) == 0
    assert _run([str(article), "--json", "--accurate"]) == 0
    fast, accurate = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert asked == [False, True]
    assert "دمشق" in {e["text"] for e in accurate["entities"]}
    assert fast["body"] == accurate["body"]


# Beside the checkout, as the tooling expects it (the installed package is elsewhere in CI).
TRAINING_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "ner"


@pytest.mark.skipif(not (TRAINING_DIR / "anercorp-camel-train.txt").is_file(),
                    reason="NER training data (../shared/data/ner) is not available")
def test_training_smoke(tmp_path: Path) -> None:
    from reader.nlp.crf import CrfTagger
    from reader.nlp.features import Featurizer
    from reader.training.corpus import anercorp, retokenize
    from reader.training.train import build_lexicon, train_model

    sentences = [retokenize(s) for s in anercorp(TRAINING_DIR)[:200]]
    lexicon = build_lexicon(sentences)
    model = tmp_path / "small.crfsuite"
    train_model(sentences, model)
    tags = CrfTagger(model, Featurizer(lexicon)).tag(["زار", "الرئيس", "المصري", "القاهرة"])
    assert len(tags) == 4
