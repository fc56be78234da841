"""The one word model: a word that extraction reads is a word that search finds."""

from __future__ import annotations

import functools
import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reader.lang import words
from reader.lang.tokens import tokenize
from reader.lang.words import (
    AR_PREFIXES,
    clitic_stems,
    clitic_variants,
    index_forms,
    index_text,
    normalize,
    query_words,
    search_fold,
    search_words,
    spellings,
    strip_clitics,
)

# Arabic letters with every hamza seat and alef form, the proclitic letters, harakat, shadda,
# superscript alef and tatweel.
_ARABIC_WORD = st.text(alphabet="ءأإآٱؤئاىةبتدسلمنكوفيهـَُِّْٰ", min_size=1, max_size=9)


def _finds(query: str, text: str) -> bool:
    """Whether every word of ``query`` has a form among the index forms of ``text``."""
    indexed = set(index_forms(text))
    return all(indexed.intersection(forms) for forms in query_words(query))


@settings(max_examples=500, deadline=None)
@given(_ARABIC_WORD)
def test_every_reading_extraction_makes_is_found_by_search(word: str) -> None:
    """The key, its clitic-stripped stem and every dictionary reading of a word, searched for,
    find the text that holds the word."""
    key = normalize(word)
    assume(key and query_words(key))
    readings = {key, strip_clitics(key)[0], *(variant for variant, _ in clitic_variants(key))}
    for reading in readings:
        assert _finds(reading, word), reading


_SAME_KEY = ("اأإآٱ", "يى", "هة", "ءؤئ")  # letters extraction folds to one


@st.composite
def _respelled(draw: st.DrawFn, word: str) -> str:
    """``word`` with each letter possibly replaced by one extraction folds it with, and marks
    or tatweel possibly added."""
    out = []
    for char in word:
        group = next((g for g in _SAME_KEY if char in g), char)
        out.append(draw(st.sampled_from(group)) + draw(st.sampled_from(["", "", "َ", "ّ", "ـ"])))
    return "".join(out)


@settings(max_examples=500, deadline=None)
@given(_ARABIC_WORD.flatmap(lambda word: st.tuples(st.just(word), _respelled(word))))
def test_words_with_one_key_find_each_other(pair: tuple[str, str]) -> None:
    """Spellings extraction folds to one key (hamza seats, alef forms, marks) are one word for
    search too."""
    first, second = pair
    assume(normalize(first))
    assert normalize(first) == normalize(second)
    assert _finds(first, second)
    assert _finds(second, first)


def test_words_of_extraction_tokens_are_searchable() -> None:
    text = "وقال مسئول لـ«رويترز» إن الوفد وصل بدمشق، فيما أكد المسؤولون في للأردن والسويداء ذلك."
    for token in tokenize(text):
        if token.kind == "ar":
            assert _finds(token.text, text), token.text
            assert _finds(strip_clitics(token.key)[0], text), token.key


def test_one_clitic_grammar() -> None:
    """Search strips every prefix combination the extraction grammar knows, and no other."""
    assert set(AR_PREFIXES) == {
        c + p + a for c in ("", "و", "ف") for p in ("", "ب", "ك", "ل") for a in ("", "ال")
    } - {""} | {"لل", "ولل", "فلل"}
    assert clitic_stems("والسويداء")[:2] == ("سويداء", "السويداء")
    assert search_fold("مسؤول") == "مسوول"
    assert normalize("مسؤول") == normalize("مسئول") == "مسءول"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="والسيدؤئءأَـ \u00a0\u2003\n\tﻻAbß١", max_size=30))
def test_index_text_piece_by_piece_equals_the_whole_text_reading(text: str) -> None:
    assert index_text(text) == " ".join(index_forms(text))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="والسيدؤئءأَـ\u00a0ﻻAbßİ١\u19b0\u200c", max_size=12) | st.text(max_size=12))
def test_a_pieces_index_text_is_its_index_forms_joined(piece: str) -> None:
    assert words._piece_index_text(piece) == " ".join(index_forms(piece))


def test_the_index_texts_of_pieces_stay_bounded_and_right_when_the_cache_fills(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(words._PieceIndexTexts, "limit", 3)
    cache = words._PieceIndexTexts()
    monkeypatch.setattr(words, "_PIECE_INDEX_TEXTS", cache)
    text = "والسويداء بدمشق، مسؤول ﻻ Straße ١٢ بدمشق! والسويداء"
    for _ in range(3):
        assert index_text(text) == " ".join(index_forms(text))
        assert len(cache) <= 3


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=3), st.sampled_from(["ؤ", "ئ", "ؤُ", "ـئ"]))))
def test_both_spellings_of_any_text_have_the_same_words(pieces: list[str]) -> None:
    """Spelling the hamza seats as the key does changes letters, never word boundaries (which
    ``spellings`` pairs up, strictly)."""
    text = "".join(pieces)
    assert [len(forms) for forms in spellings(text)] == [
        1 + (word != keyed) for word, keyed in zip(
            search_words(text), search_words(text.replace("ؤ", "ء").replace("ئ", "ء")),
            strict=True)
    ]


@functools.cache
def _eager_search_table() -> dict[int, int | str | None]:
    """search_fold's table as first written: every mark and format character below U+20000
    and in the tag block judged up front."""
    table: dict[int, int | str | None] = {
        code: None
        for block in (range(0x20000), range(0xE0000, 0xE1000))
        for code in block
        if unicodedata.category(chr(code)) in ("Mn", "Me", "Cf")
    }
    table.update(words._SEARCH_LETTERS)
    return table


def _eager_search_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).translate(_eager_search_table()).casefold()


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec=None), max_size=20))
def test_search_fold_judging_characters_on_first_sight_folds_as_the_full_table(
    text: str,
) -> None:
    assert search_fold(text) == _eager_search_fold(text)


@settings(max_examples=500)
@given(st.text(alphabet="والفبكسيدمش", min_size=1, max_size=9))
def test_arabic_stems_by_first_letter_equal_every_prefix_tried(word: str) -> None:
    """Only the prefixes that begin with the word's letter are tried: the same stems, in the
    same order, as trying every prefix of the grammar."""
    every = []
    for prefix in words.AR_PREFIXES:
        stem = word[len(prefix) :]
        if word.startswith(prefix) and len(stem) >= 2 and stem not in every:
            every.append(stem)
    assert words._arabic_stems(word) == tuple(every)
