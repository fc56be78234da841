"""Whatever the bytes, load_article raises ArticleLoadError or returns a checked Article."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.parsing import ArticleLoadError, load_article, parse_date

SUFFIXES = st.sampled_from([".txt", ".md", ".html", ".json"])
TEXTISH = st.text(
    alphabet=st.sampled_from(list('ab #*_[]()<>/{}":,|+-=\n٠١٢ دمشق2024ديسمبرשלום\u200c&;')),
    max_size=300,
)
PAYLOAD = st.one_of(st.binary(max_size=300), TEXTISH.map(lambda text: text.encode("utf-8")))
FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(payload=PAYLOAD, suffix=SUFFIXES)
def test_load_article_never_raises_anything_else(payload: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(payload)
        try:
            article = load_article(path)
        except ArticleLoadError as err:
            message = str(err)
            assert message.startswith(f"cannot read {path}: ")
            assert "\n" not in message
            return
        assert article.title and article.paragraphs
        assert all(paragraph.strip() == paragraph and paragraph for paragraph in article.paragraphs)


@FUZZ
@given(text=st.text(max_size=80))
def test_parse_date_never_raises(text: str) -> None:
    parse_date(text)
