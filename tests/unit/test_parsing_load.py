"""load_article dispatch and errors, load_paths on folders, and every seed sample."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reader.parsing import ArticleLoadError, LoadReport, load_article, load_paths
from reader.text.direction import Direction

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
REAL_SEED = SEEDS / "000_eb7556d38df37801.txt"

SAMPLES = {
    "sample_ar_page.txt": ("ar", Direction.RTL, "page"),
    "sample_he.txt": ("he", Direction.RTL, "text"),
    "sample_fa.md": ("fa", Direction.RTL, "markdown"),
    "sample_en.html": ("en", Direction.LTR, "html"),
    "sample_mixed.json": ("ar", Direction.RTL, "json"),
}


def _article(folder: Path, name: str, title: str = "Title") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\nA paragraph.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_sample_loads(name: str) -> None:
    lang, direction, fmt = SAMPLES[name]
    article = load_article(SEEDS / name)
    assert article.title
    assert article.body
    assert 4 <= len(article.paragraphs) <= 8
    assert article.lang == lang
    assert article.direction is direction
    assert article.extra["format"] == fmt


def test_seed_folder_has_only_marked_samples_besides_the_real_seed() -> None:
    names = {path.name for path in SEEDS.iterdir()} - {"README.md", REAL_SEED.name}
    assert names == set(SAMPLES)
    readme = (SEEDS / "README.md").read_text(encoding="utf-8")
    for name in SAMPLES:
        assert name in readme
    assert readme.count("sample written for the project, not real news") >= len(SAMPLES)


def test_seed_folder_loads_without_errors() -> None:
    report = load_paths([SEEDS])
    assert report.errors == []
    assert len(report.articles) == len(SAMPLES) + 1  # the samples and the real seed


def test_sample_page_fields() -> None:
    article = load_article(SEEDS / "sample_ar_page.txt")
    assert (article.category, article.source, article.kind) == (
        "حول العالم",
        "عينة / sample",
        "متابعات",
    )
    assert article.published == date(2024, 12, 5)
    chrome = {"+ = -", "(شارك هذا الموضوع على التواصل الاجتماعي)", "آخر التحديثات", "4 تعليقات"}
    assert chrome.isdisjoint(article.paragraphs)
    assert article.title not in article.paragraphs


def test_real_seed_is_in_the_seed_folder() -> None:
    """The article the project exists for is shipped, as the first seed in name order."""
    assert REAL_SEED.is_file()
    assert sorted(path.name for path in SEEDS.iterdir())[0] == REAL_SEED.name


def test_real_seed_is_a_page() -> None:
    article = load_article(REAL_SEED)
    assert article.extra["format"] == "page"
    assert article.lang == "ar"
    assert article.title == "انهيارات متسارعة للنظام السوري وتقدّم ملحوظ للفصائل"
    assert article.published == date(2024, 12, 6)
    assert (article.source, article.kind) == ("كوردستريت", "متابعات")
    assert article.category == "حول العالم"
    assert article.title not in article.paragraphs


def test_real_seed_body_is_the_article_and_nothing_else() -> None:
    paragraphs = load_article(REAL_SEED).paragraphs
    assert len(paragraphs) == 11
    assert paragraphs[0].startswith("تشهد سوريا تطورات ميدانية")
    assert paragraphs[-1].startswith("مع هذه التطورات، تبدو سوريا")
    assert not any("ديسمبر 2024" in p or "||" in p or "التحديثات" in p for p in paragraphs)
    assert not any(p.startswith(("+ = -", "(شارك")) for p in paragraphs)


def test_folder_with_one_bad_file(tmp_path: Path) -> None:
    _article(tmp_path, "b.txt", "Second")
    _article(tmp_path, "a.txt", "First")
    _article(tmp_path, "sub/c.md", "# Third")
    _article(tmp_path, "README.md", "Not an article")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF-1.7")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    report = load_paths([tmp_path])
    assert isinstance(report, LoadReport)
    assert [article.title for article in report.articles] == ["First", "Second", "Third"]
    assert report.errors == [f"cannot read {bad}: it is a binary file, not text"]


def test_files_and_missing_paths(tmp_path: Path) -> None:
    good = _article(tmp_path, "x.txt")
    missing = tmp_path / "missing.txt"
    report = load_paths([good, missing, good])
    assert len(report.articles) == 1
    assert report.errors == [f"cannot read {missing}: there is no such file or folder"]


def test_empty_folder_is_reported(tmp_path: Path) -> None:
    report = load_paths([tmp_path])
    assert report.articles == []
    assert report.errors == [
        f"cannot read {tmp_path}: the folder has no .txt, .md, .html or .json files"
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("notes.pdf", ".pdf files are not supported"),
        ("notes", "files without a suffix are not supported"),
        ("missing.txt", "there is no such file"),
    ],
)
def test_load_article_errors(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    if name != "missing.txt":
        path.write_text("Title\nBody.\n", encoding="utf-8")
    with pytest.raises(ArticleLoadError, match=message) as caught:
        load_article(path)
    assert caught.value.path == path


def test_folder_given_to_load_article(tmp_path: Path) -> None:
    with pytest.raises(ArticleLoadError, match="it is a folder, not a file"):
        load_article(tmp_path)


def test_title_only_file(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Only a title\n", encoding="utf-8")
    with pytest.raises(ArticleLoadError, match="it has a title but no body text"):
        load_article(path)


def test_unexpected_parser_failure_is_wrapped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.parsing import loader

    def explode(_text: str) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(loader, "parse_markdown", explode)
    path = tmp_path / "a.md"
    path.write_text("# T\n\nBody\n", encoding="utf-8")
    with pytest.raises(ArticleLoadError, match=r"could not be parsed \(RuntimeError\)"):
        load_article(path)


def test_parsing_does_not_import_textual() -> None:
    import subprocess
    import sys

    script = "import reader.parsing, sys; print(any(m.startswith('textual') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.strip() == "False"
