"""Fast paths of tokenisation, each pinned to the plain rule it replaces."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.nlp.text import _FOLD, _FOLDS, _parts, _token_parts, clitic_variants, strip_clitics

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
    assert text.translate(_FOLD) == text.translate(str.maketrans(_FOLDS))


def _plain_strip_clitics(key: str) -> tuple[str, int]:
    stem, cut = key, 0
    if len(stem) > 3 and stem[0] in "وف":
        stem, cut = stem[1:], cut + 1
    if len(stem) > 4 and stem.startswith("لل"):
        return stem[2:], cut + 2
    if len(stem) > 3 and stem[0] in "بلك" and stem[1:3] == "ال":
        stem, cut = stem[1:], cut + 1
    if len(stem) > 4 and stem.startswith("ال"):
        stem, cut = stem[2:], cut + 2
    return stem, cut


def _plain_clitic_variants(key: str) -> tuple[tuple[str, int], ...]:
    out = [(key, 0)]
    heads = [(key, 0)]
    if len(key) > 3 and key[0] in "وف":
        heads.append((key[1:], 1))
    for head, cut in list(heads):
        if len(head) > 3 and head[0] in "بلك":
            if head.startswith("لل") and len(head) > 4:
                out.append(("ا" + head[1:], cut + 2))
            heads.append((head[1:], cut + 1))
    for head, cut in heads[1:]:
        out.append((head, cut))
    for head, cut in heads:
        if len(head) > 4 and head.startswith("ال"):
            out.append((head[2:], cut + 2))
    return tuple(out)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="وفبلكالسدمي", max_size=9))
def test_clitics_match_the_plain_rules(key: str) -> None:
    assert strip_clitics.__wrapped__(key) == _plain_strip_clitics(key)
    assert clitic_variants.__wrapped__(key) == _plain_clitic_variants(key)
