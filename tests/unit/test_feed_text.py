"""The repairs made to every text a feed gives (reader.sources.feed_xml), on text outside
Latin-1, where C1 code points are first looked for in the UTF-8 bytes."""

from __future__ import annotations

from reader.sources.feeds import parse_feed

ARABIC = "قالت الوزارة إن الخطة الجديدة ستبدأ في الربيع " * 20


def _feed(description: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>one</title><description>{description}</description></item>"
        "</channel></rss>"
    ).encode()


def test_cp1252_punctuation_in_c1_is_mapped_in_long_arabic_text() -> None:
    body = parse_feed(_feed(f"{ARABIC}\u0093quoted\u0094 &#150; end"), "f.xml").articles[0]
    assert "\u201cquoted\u201d \u2013 end" in body.paragraphs[0]


def test_latin1_supplement_without_c1_stays() -> None:
    body = parse_feed(_feed(f"{ARABIC}«مرحبا» caf\u00e9"), "f.xml").articles[0]
    assert body.paragraphs[0].endswith("«مرحبا» caf\u00e9")
