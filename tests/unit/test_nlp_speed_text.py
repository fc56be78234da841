"""Fast paths of tokenisation, each pinned to the plain rule it replaces."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.lang.tokens import _parts, _token_parts
from reader.lang.words import (
    KEY_FOLD,
    KEY_FOLDS,
    all_clitic_variants,
    clitic_variants,
    strip_clitics,
    stripped_clitics,
)

# Arabic letters (U+0621-U+064A, around the ranges' ends too), tatweel, marks, digits, a
# Persian letter, punctuation and spaces.
_PIECE = st.text(alphabet="ءآاأبتلكوفيىةؠؿـًٌُّ٣9پ،.-’ \n,:؛؟!»)(«", min_size=1, max_size=10)


_WORD_AND_MARKS = st.builds(str.__add__, st.text(alphabet="ءآاأبتلكوفيىةؠؿ", min_size=1),
                            st.text(alphabet=".،,:؛؟!»)(«-'9ـً", min_size=1, max_size=3))


@settings(max_examples=500, deadline=None)
@given(st.one_of(_PIECE, _WORD_AND_MARKS))
def test_parts_match_the_token_reading(piece: str) -> None:
    assert _parts(piece) == _token_parts(piece)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet="أإآٱىةؤئاءبيه\u06cc\u0750 aZ\u05d0")))
def test_folding_matches_the_plain_table(text: str) -> None:
    plain: dict[str, str | int | None] = dict(KEY_FOLDS)
    assert text.translate(KEY_FOLD) == text.translate(str.maketrans(plain))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="وفبلكالسدمي", max_size=9))
def test_clitics_match_the_plain_rules(key: str) -> None:
    """The shortcut for keys without a proclitic letter gives what the general rule gives."""
    assert strip_clitics.__wrapped__(key) == stripped_clitics(key)
    assert clitic_variants.__wrapped__(key) == all_clitic_variants(key)
