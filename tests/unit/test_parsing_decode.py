"""Encodings: UTF-8 (with and without BOM), UTF-16, windows-1256, windows-1255; refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.parsing import ArticleLoadError, load_article
from reader.parsing import decode as decode_module

ARABIC = "عنوان تجريبي عن مدينة حمص\nفقرة أولى عن مشروع المياه في درعا والسويداء.\n"
HEBREW = "כותרת לדוגמה על חיפה\nפסקה ראשונה על קו האוטובוס החדש בעיר.\n"


def _write(tmp_path: Path, text: str, encoding: str, name: str = "article.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("encoding", "text", "expected"),
    [
        ("utf-8", ARABIC, "utf-8"),
        ("utf-8-sig", ARABIC, "utf-8"),
        ("utf-16", ARABIC, "utf-16"),
        ("utf-16", HEBREW, "utf-16"),
        ("windows-1256", ARABIC, "cp1256"),
        ("windows-1255", HEBREW, "cp1255"),
        ("utf-8", HEBREW, "utf-8"),
    ],
)
def test_encodings(tmp_path: Path, encoding: str, text: str, expected: str) -> None:
    article = load_article(_write(tmp_path, text, encoding))
    title, body = text.strip().split("\n")
    assert article.title == title
    assert article.paragraphs == (body,)
    assert article.extra["encoding"] == expected


def test_bom_is_stripped(tmp_path: Path) -> None:
    article = load_article(_write(tmp_path, ARABIC, "utf-8-sig"))
    assert not article.title.startswith("\ufeff")


def test_latin1_when_plausible(tmp_path: Path) -> None:
    text = "Un titre en français\nLa journée a été très ensoleillée à Montréal.\n"
    article = load_article(_write(tmp_path, text, "latin-1"))
    assert article.paragraphs == ("La journée a été très ensoleillée à Montréal.",)


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ArticleLoadError) as caught:
        load_article(path)
    assert str(caught.value) == f"cannot read {path}: it is a binary file, not text"
    assert caught.value.path == path


def test_pdf_is_named(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    with pytest.raises(ArticleLoadError, match=r"report\.txt: it is a binary file \(a PDF"):
        load_article(path)


def test_random_high_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(128, 256)) * 20)
    with pytest.raises(ArticleLoadError, match="noise.txt"):
        load_article(path)


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decode_module, "MAX_BYTES", 100)
    path = _write(tmp_path, ARABIC * 10, "utf-8", "big.txt")
    with pytest.raises(ArticleLoadError, match=r"big\.txt: .* over the 20 MB limit"):
        load_article(path)


def test_real_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(decode_module.MAX_BYTES + 1)  # sparse: no 20 MB written
    with pytest.raises(ArticleLoadError, match=r"huge\.txt: it is 20\.0 MB, over the 20 MB"):
        load_article(path)


@pytest.mark.parametrize("content", [b"", b"   \n\n  \n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleLoadError, match=r"^cannot read .*empty\.txt: it is empty$"):
        load_article(path)


def test_bad_utf16_after_bom(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"\xff\xfe" + b"\x00\xd8a")
    with pytest.raises(ArticleLoadError, match="UTF-16 byte-order mark"):
        load_article(path)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path: Path, encoding: str) -> None:
    article = load_article(_write(tmp_path, ARABIC, encoding))
    assert article.title == "عنوان تجريبي عن مدينة حمص"
    assert article.extra["encoding"] == encoding


def test_escape_sequences_are_removed_whole(tmp_path: Path) -> None:
    path = tmp_path / "esc.txt"
    path.write_bytes(b"Title\x1b]0;pwned\x07\r\nBody\x1b[2J text.\r\n")
    article = load_article(path)
    assert article.title == "Title", "the OSC payload goes with its escape"
    assert article.paragraphs == ("Body text.",), "no '[2J' left behind"
