"""An article's base direction follows most of its letters, not its first word."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.model.article import Article
from reader.text.direction import Direction, majority_direction

ARABIC = ("قالت وزارة الخارجية إن المحادثات بين الطرفين ستستأنف الأسبوع المقبل في العاصمة، "
          "وأضافت أن الوفدين اتفقا على جدول أعمال يشمل ملفات الطاقة والمياه.")


def test_latin_heading_does_not_turn_an_arabic_article_left_to_right() -> None:
    """A page fetched with F once started with a Latin <h1>, and the whole Arabic article was
    laid out left to right."""
    article = Article(title="محادثات", paragraphs=("Breaking News", ARABIC, ARABIC))
    assert article.direction is Direction.RTL


def test_english_article_quoting_arabic_stays_left_to_right() -> None:
    english = ("The ministry said talks would resume next week in the capital, and that both "
               "delegations had agreed an agenda covering energy and water.")
    article = Article(title="Talks", paragraphs=("قال الوزير", english, english))
    assert article.direction is Direction.LTR


def test_hebrew_and_persian_articles_read_right_to_left() -> None:
    assert Article(title="x", paragraphs=("Intro", "משרד התחבורה הודיע היום על תוכנית")
                   ).direction is Direction.RTL
    assert Article(title="x", paragraphs=("Intro", "وزارت راه و شهرسازی امروز اعلام کرد")
                   ).direction is Direction.RTL


def test_text_without_letters_falls_back_to_the_first_strong_character() -> None:
    assert majority_direction("12 34 -- ") is None
    assert Article(title="", paragraphs=("123",)).direction is Direction.LTR


def _plain_majority(text: str) -> Direction | None:
    """The definition majority_direction counts faster: every character of the Hebrew and Arabic
    blocks against every other letter, one by one."""
    rtl = sum("\u0590" <= char <= "\u06ff" or "\u0740" <= char <= "\u077f" for char in text)
    ltr = sum(map(str.isalpha, text)) - rtl
    if rtl == ltr:
        return None
    return Direction.RTL if rtl > ltr else Direction.LTR


@given(st.text(st.characters(codec="utf-8")) | st.text(st.sampled_from(
    "قالتوزارة،٣٤ًٌ ـ«»משרדהו״־ پچژگکی abc DEF 12 éßЖ中")) | st.text(st.sampled_from(
    "قالتوزارة،٣٤ًٌ ـמשרדהו״־ abc DEF 12.\n")))  # the last: only ASCII and right-to-left blocks
def test_majority_direction_counts_every_letter_of_every_script(text: str) -> None:
    """The count runs on bytes and regular expressions; it must agree with a plain count of
    letters, points, digits and punctuation of every block, whatever the text."""
    assert majority_direction(text) is _plain_majority(text)
