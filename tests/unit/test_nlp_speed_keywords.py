"""The speed paths of keywords and entity summaries, each against the plain rule it stands for."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.news import KEYWORD_TEXT as TEXT
from support.news import RARE, SYRIA

from reader.lang.tokens import chunk_parts, tokenize
from reader.lang.words import DROPPED, normalize, surface_offset
from reader.nlp import keywords as kw
from reader.nlp import summary
from reader.nlp.keywords import DocumentFrequencies, phrases
from reader.nlp.summary import Group, entity_key
from reader.nlp.types import Entity


@pytest.mark.parametrize("cold", [None, (0, {})])
@pytest.mark.parametrize("extra_doc", [False, True])
def test_phrase_idfs_match_idfs(cold: tuple[int, dict[str, int]] | None,
                                extra_doc: bool) -> None:
    df = DocumentFrequencies([TEXT, RARE, *SYRIA], cold=cold)
    keys = [key for key, _, _ in phrases(TEXT) if " " in key] + ["لا يوجد", "لا يوجد ابدا"]
    assert list(df.phrase_idfs(keys, extra_doc)) == df.idfs(keys, extra_doc)


def _plain_keyword_display(text: str, spans: list[tuple[int, int]]) -> str:
    """The most frequent form; ties to a form without tanween, then one not after "لل"."""
    forms = [text[start:end] for start, end in spans]
    counts = Counter(forms)
    after_ll = {form for form, (start, _) in zip(forms, spans, strict=True)
                if text[max(0, start - 2):start] == "لل"}
    return min(counts.items(), key=lambda item: (-item[1], "\u064b" in item[0],
                                                 item[0] in after_ll))[0]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="للرئيس\u064b ", min_size=1, max_size=20),
       st.lists(st.tuples(st.integers(0, 19), st.integers(1, 4)), min_size=1, max_size=6))
def test_keyword_display_is_the_plain_most_frequent_form(
        text: str, starts: list[tuple[int, int]]) -> None:
    spans = [(min(start, len(text) - 1), min(start + size, len(text))) for start, size in starts]
    assert kw._display(text, spans) == _plain_keyword_display(text, spans)


# Readings of new words

_PREFIXES = ["", "و", "ف", "ب", "ال", "بال", "وبال", "لال", "ولال", "لل", "ولل"]
_WORD = st.builds(str.__add__, st.sampled_from(_PREFIXES),
                  st.text(alphabet="وفبكلالسيداءةونين\u064b\u0640\u200fًَ", max_size=10))


@settings(max_examples=300, deadline=None)
@given(_WORD, st.integers(-2, 12))
def test_surface_offset_matches_the_plain_rule(surface: str, key_chars: int) -> None:
    expected, seen = len(surface), 0
    for index, char in enumerate(surface):
        if seen == key_chars:
            expected = index
            break
        if not DROPPED.match(char):
            seen += 1
    assert surface_offset(surface, key_chars) == expected


@settings(max_examples=500, deadline=None)
@given(st.one_of(_WORD, st.text(alphabet="اتونيهبس", max_size=7)))
def test_suffix_stem_matches_the_plain_rule(stem: str) -> None:
    expected = next((stem[:-len(suffix)] for suffix in kw._SUFFIXES
                     if stem.endswith(suffix) and len(stem) - len(suffix) >= 3), stem)
    assert kw._suffix_stem(stem) == expected


@settings(max_examples=300, deadline=None)
@given(_WORD, st.integers(0, 4))
def test_lead_matches_the_plain_rule(surface: str, cut: int) -> None:
    key = normalize(surface)
    match = kw._LEAD.match(key)
    expected_cut = len(match.group()) if match else cut
    expected = surface_offset(surface, expected_cut) if expected_cut else 0
    assert kw._lead(surface, key, cut) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="والسيداء،.ـ 12ab\n", max_size=16))
def test_chunk_readings_match_the_plain_rule(chunk: str) -> None:
    expected = tuple(kw._BREAK if kind == "pre" else kw._cached_reading(surface, key, kind)
                     for _, _, surface, key, kind in chunk_parts(chunk))
    assert kw._chunk_readings(chunk) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_WORD, st.sampled_from(["Assad", "the", "لـ", "بشار", "الأسد"])),
                max_size=4))
def test_name_stems_match_the_plain_rule(words: list[str]) -> None:
    name = " ".join(words)
    expected: set[str] = set()
    for token in tokenize(name):
        if token.kind == "ar":
            reading = kw._arabic_reading(token.text, normalize(token.text))
            if reading:
                expected.update(s for s in (reading[0], reading[2]) if s)
        elif token.kind == "lat":
            latin = kw._latin_stem(token.text)
            if latin:
                expected.add(latin)
    assert kw._name_stems.__wrapped__(name) == expected


# Entity summaries

_NAMES = ["بشار الأسد", "الأسد", "الاسد", "Assad", "assad", "أبو محمد الجولاني", "الجولاني"]
_LABELS = ["PERSON", "PERSON", "PERSON", "MISC", "LOCATION", "ORGANIZATION"]


def _plain_display(group: Group) -> str:
    """The most frequent of the group's own forms (else of all), longest first on ties."""
    texts = [m.text for m in group.mentions]
    own = [text for text in texts if entity_key(text) == group.key]
    forms = Counter(own or texts)
    best = max(forms.items(), key=lambda item: (item[1], len(item[0])))[0]
    return summary._gazetteer_display(best)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NAMES), min_size=1, max_size=6), st.sampled_from(_NAMES))
def test_display_is_the_plain_most_frequent_form(texts: list[str], key_text: str) -> None:
    mentions = [Entity(at, at + 1, "PERSON", text) for at, text in enumerate(texts)]
    group = Group(entity_key(key_text), mentions)
    assert summary._display(group) == _plain_display(group)


def _plain_equated(groups: list[Group], body: str) -> list[Group]:
    """Merge the groups of two consecutive mentions, both person groups, the text equates."""
    persons = {id(g) for g in groups if g.label == "PERSON"}
    if len(persons) < 2:
        return groups
    owner = {id(m): g for g in groups for m in g.mentions}
    mentions = sorted((m for g in groups for m in g.mentions), key=lambda m: m.start)
    for left, right in zip(mentions, mentions[1:], strict=False):
        a, b = owner[id(left)], owner[id(right)]
        if a is b or id(a) not in persons or id(b) not in persons:
            continue
        gap = body[left.end:right.start]
        if gap.strip() and summary._EQUATES.fullmatch(gap):
            a.mentions.extend(b.mentions)
            for m in b.mentions:
                owner[id(m)] = a
            b.mentions = []
            if a.label != "PERSON":
                persons.discard(id(a))
    return [g for g in groups if g.mentions]


_GAPS = [" (", " المعروف باسم ", " و", "، ", " "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_NAMES), st.sampled_from(_LABELS),
                          st.sampled_from(_GAPS)), max_size=10))
def test_equated_merges_as_the_plain_rule(mentions: list[tuple[str, str, str]]) -> None:
    body = ""
    entities = []
    for text, label, gap in mentions:
        entities.append(Entity(len(body), len(body) + len(text), label, text))
        body += text + gap

    def merged(equate: object) -> list[tuple[tuple[str, ...], list[Entity]]]:
        groups = summary._merge_variants(summary._groups(entities))
        return [(g.key, g.mentions) for g in equate(groups, body)]  # type: ignore[operator]

    assert merged(summary._equated) == merged(_plain_equated)
