"""Markdown, HTML and JSON articles."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from reader.parsing import ArticleLoadError, load_article, load_articles

MARKDOWN = """---
title: "عنوان من المقدمة"
source: عينة / sample
date: ٢٠ تشرين الثاني ٢٠٢٤
category: محلي
url: https://example.org/a
author: فريق الاختبار
---

# عنوان من المقدمة

فقرة **أولى** فيها [رابط](https://example.org/x) و*تأكيد* و`رمز`.
سطر ملفوف يكمل الفقرة نفسها.

![صورة](image.png)

## عنوان فرعي

- بند أول
* بند ثان
1. بند مرقم

```
code line
```
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_markdown_front_matter_and_plain_text(tmp_path: Path) -> None:
    article = load_article(_write(tmp_path, "a.md", MARKDOWN))
    assert article.title == "عنوان من المقدمة"
    assert (article.source, article.category, article.url) == (
        "عينة / sample",
        "محلي",
        "https://example.org/a",
    )
    assert article.published == date(2024, 11, 20)
    assert article.extra["author"] == "فريق الاختبار"
    assert article.paragraphs == (
        "فقرة أولى فيها رابط وتأكيد ورمز. سطر ملفوف يكمل الفقرة نفسها.",
        "عنوان فرعي",
        "• بند أول",
        "• بند ثان",
        "1. بند مرقم",
        "code line",
    )


def test_markdown_title_from_heading_else_first_line(tmp_path: Path) -> None:
    heading = load_article(_write(tmp_path, "h.markdown", "Intro line\n\n# The Title\n\nBody.\n"))
    assert heading.title == "The Title"
    assert heading.paragraphs == ("Intro line", "Body.")
    first = load_article(_write(tmp_path, "f.md", "**First** line\n\nBody _text_ here.\n"))
    assert (first.title, first.paragraphs) == ("First line", ("Body text here.",))


HTML = """<!doctype html><html lang="ar"><head><title>عنوان الصفحة | موقع</title>
<meta property="og:site_name" content="موقع تجريبي">
<meta property="article:published_time" content="2024-12-06T08:00:00Z">
<script>var x = "<p>not text</p>";</script><style>p { color: red }</style></head>
<body><nav><a href="/">الرئيسية</a></nav><header>رأس الموقع</header>
<article><h1>عنوان &amp; الخبر</h1><p>الفقرة&nbsp;الأولى &laquo;مقتبس&raquo;.</p>
<div>الفقرة <b>الثانية</b><br>سطر بعد فاصل</div><aside>اقرأ أيضاً</aside>
<form><input value="x"><button>إرسال</button></form></article>
<footer>حقوق النشر</footer></body></html>"""


def test_html_main_text(tmp_path: Path) -> None:
    article = load_article(_write(tmp_path, "page.html", HTML))
    assert article.title == "عنوان & الخبر"
    assert article.source == "موقع تجريبي"
    assert article.published == date(2024, 12, 6)
    assert article.paragraphs == ("الفقرة الأولى «مقتبس».", "الفقرة الثانية", "سطر بعد فاصل")
    for chrome in ("الرئيسية", "رأس الموقع", "اقرأ أيضاً", "إرسال", "حقوق النشر", "<", "not text"):
        assert chrome not in article.body


def test_html_title_falls_back_to_title_tag_and_body(tmp_path: Path) -> None:
    text = "<html><head><title>Page title</title></head><body><p>One.</p><p>Two.</p></body>"
    article = load_article(_write(tmp_path, "page.htm", text))
    assert (article.title, article.paragraphs) == ("Page title", ("One.", "Two."))


def test_html_time_element_and_declared_charset(tmp_path: Path) -> None:
    text = (
        '<html><head><meta charset="windows-1256"></head><body><main><h1>عنوان</h1>'
        '<time datetime="2023-03-15">15 آذار</time><p>نص الخبر.</p></main></body></html>'
    )
    path = tmp_path / "cp.html"
    path.write_bytes(text.encode("windows-1256"))
    article = load_article(path)
    assert article.published == date(2023, 3, 15)
    assert article.paragraphs[-1] == "نص الخبر."


@pytest.mark.parametrize(
    ("body_key", "body"),
    [
        ("body", "الفقرة الأولى.\n\nالفقرة الثانية."),
        ("content", "الفقرة الأولى.\nالفقرة الثانية."),
        ("text", "الفقرة الأولى.\n\nالفقرة الثانية."),
        ("paragraphs", ["الفقرة الأولى.", "الفقرة الثانية."]),
    ],
)
def test_json_object(tmp_path: Path, body_key: str, body: object) -> None:
    data = {"title": "عنوان", body_key: body, "source": "عينة / sample", "published": "2024-12-06",
            "category": "سياسة", "url": "https://example.org/1", "lang": "ar"}  # fmt: skip
    article = load_article(_write(tmp_path, "a.json", json.dumps(data, ensure_ascii=False)))
    assert article.paragraphs == ("الفقرة الأولى.", "الفقرة الثانية.")
    assert (article.title, article.source, article.category) == ("عنوان", "عينة / sample", "سياسة")
    assert article.published == date(2024, 12, 6)
    assert article.url == "https://example.org/1"
    assert article.extra["lang"] == "ar"


def test_json_list(tmp_path: Path) -> None:
    items = [{"title": f"T{i}", "body": f"Body {i}."} for i in range(3)]
    path = _write(tmp_path, "list.json", json.dumps(items))
    assert [a.title for a in load_articles(path)] == ["T0", "T1", "T2"]
    with pytest.raises(ArticleLoadError, match="holds 3 articles"):
        load_article(path)
    single = _write(tmp_path, "one.json", json.dumps(items[:1]))
    assert load_article(single).title == "T0"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "it is not valid JSON"),
        ('"just a string"', "not an article object"),
        ("[]", "empty JSON list"),
        ('{"title": "T"}', "has no body, content, text or paragraphs field"),
        ('{"body": "Only one paragraph."}', "it has no title"),
        ('{"title": "T", "body": "  "}', "has a title but no body text"),
        ("[1]", "item 1 of the list is not a JSON object"),
    ],
)
def test_json_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ArticleLoadError, match=message) as caught:
        load_article(_write(tmp_path, "bad.json", text))
    assert str(caught.value).startswith(f"cannot read {tmp_path / 'bad.json'}: ")
    assert "\n" not in str(caught.value)
