"""Arabic shaping in logical order, with a shaped -> logical index map (docs/bidi.md 2.3 and 3).

The reshaper is configured explicitly (every key, nothing from defaults or the environment) and
shaping is done word by word: joining never crosses a character the reshaper does not know, so a
word's shape does not depend on its neighbours and can be cached.
"""

from __future__ import annotations

import os

# Must happen before arabic_reshaper is imported (it reads the variable at import time).
os.environ.pop("PYTHON_ARABIC_RESHAPER_CONFIGURATION_FILE", None)

import re  # noqa: E402
from collections.abc import Mapping  # noqa: E402
from itertools import accumulate  # noqa: E402
from typing import NamedTuple  # noqa: E402

from arabic_reshaper.arabic_reshaper import HARAKAT_RE  # noqa: E402
from arabic_reshaper.letters import (  # noqa: E402
    FINAL,
    INITIAL,
    ISOLATED,
    LETTERS_ARABIC,
    MEDIAL,
    ZWJ,
)
from arabic_reshaper.ligatures import LIGATURES  # noqa: E402
from arabic_reshaper.reshaper_config import default_config  # noqa: E402

__all__ = [
    "LAM_ALEF_LIGATURES",
    "RESHAPER_CONFIGURATION",
    "Shaped",
    "ShapingError",
    "delete_harakat",
    "reshaper_configuration",
    "set_delete_harakat",
    "shape",
]

LAM_ALEF_LIGATURES = (
    "ARABIC LIGATURE LAM WITH ALEF",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
    "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
)

_GENERAL_CONFIGURATION: dict[str, object] = {
    "language": "Arabic",
    "delete_harakat": False,  # kept and placed after their base by L3 (see reader.text.bidi)
    "shift_harakat_position": False,  # a hack that breaks on ligatures; real L3 instead
    "delete_tatweel": False,
    "support_zwj": True,
    "use_unshaped_instead_of_isolated": False,
    "support_ligatures": True,
}


def reshaper_configuration(*, drop_harakat: bool = False) -> dict[str, object]:
    """The complete configuration: general keys, then every ligature OFF except lam-alef.

    Every key the installed arabic-reshaper knows (its defaults and its ligature table) is
    listed, so no key is left to its default or to a configuration file (U+FDF2 ALLAH and the
    other ligatures are one cell drawn many cells wide).
    """
    configuration = dict(_GENERAL_CONFIGURATION)
    configuration["delete_harakat"] = drop_harakat
    names = {name for name, _replacement in LIGATURES} | set(default_config)
    for name in sorted(names - set(_GENERAL_CONFIGURATION)):
        configuration[name] = name in LAM_ALEF_LIGATURES
    return configuration


RESHAPER_CONFIGURATION: Mapping[str, object] = reshaper_configuration()
_drop_harakat = False

_LAM = "\u0644"
_LAM_ALEF_FORMS = frozenset(chr(c) for c in range(0xFEF5, 0xFEFD))
_BASE_OF_FORM: dict[str, str] = {
    form: letter for letter, forms in LETTERS_ARABIC.items() for form in forms if form
}
# Shaped code point -> the letters it stands for (a lam-alef ligature: its two letters).
_SOURCE_TABLE = str.maketrans(
    {**_BASE_OF_FORM,
     **{form: match for name, (match, forms) in LIGATURES if name in LAM_ALEF_LIGATURES
        for form in forms if form}}
)
_NOT_SUPPORTED = -1
# HARAKAT_RE is one character class, all inside the Arabic blocks (a test checks the range).
_HARAKAT = frozenset(chr(code) for code in range(0x0600, 0x0900) if HARAKAT_RE.match(chr(code)))
# connects_with_letter_before / _after / letters_before_and_after of arabic_reshaper.letters
_JOINS_BEFORE = frozenset(c for c, f in LETTERS_ARABIC.items() if f[FINAL] or f[MEDIAL])
_JOINS_AFTER = frozenset(c for c, f in LETTERS_ARABIC.items() if f[INITIAL] or f[MEDIAL])
_JOINS_BOTH = frozenset(c for c, f in LETTERS_ARABIC.items() if f[MEDIAL])
_LAM_ALEF_SHAPES: dict[str, tuple[str, str, str, str]] = {
    match: forms for name, (match, forms) in LIGATURES if name in LAM_ALEF_LIGATURES
}
_LAM_ALEF_PAIRS = re.compile(
    "|".join(f"({match})" for name, (match, _forms) in LIGATURES if name in LAM_ALEF_LIGATURES)
)
# Words whose map `_align` must work out: harakat (reordered around ligatures) and ZWJ (dropped).
_NEEDS_ALIGNMENT = re.compile(f"{HARAKAT_RE.pattern}|{ZWJ}")
_LETTER_CLASS = "[" + "".join(re.escape(c) for c in LETTERS_ARABIC if c != ZWJ) + "]"
_SHAPEABLE = f"(?:{_LETTER_CLASS}|{HARAKAT_RE.pattern}|{ZWJ})"
# A run holds at least one Arabic letter or mark: a ZWJ alone (emoji sequences) is not shaped.
# (Only the split is compiled: its character classes take about a millisecond each start.)
_SHAPEABLE_RUN = f"{_SHAPEABLE}*(?:{_LETTER_CLASS}|{HARAKAT_RE.pattern}){_SHAPEABLE}*"
_SHAPEABLE_SPLIT = re.compile(f"({_SHAPEABLE_RUN})")


class ShapingError(ValueError):
    """The reshaper's output could not be aligned with its input (never expected)."""


class Shaped(NamedTuple):
    """Shaped text in logical order and, per shaped code point, the logical range it came from.

    `to_logical[i]` is the first logical index of shaped code point i (the lam of a lam-alef);
    `logical_end[i]` is the exclusive end of what it covers (after the alef, after deleted marks).
    """

    text: str
    to_logical: tuple[int, ...]
    logical_end: tuple[int, ...]


def delete_harakat() -> bool:
    """Whether harakat are currently dropped (False: kept and reordered by L3)."""
    return _drop_harakat


def set_delete_harakat(drop: bool) -> None:
    """Drop (True) or keep (False, the default) harakat."""
    global _drop_harakat
    if drop == _drop_harakat:
        return
    _drop_harakat = drop
    clear_cache()


def clear_cache() -> None:
    """Forget every shaped word."""
    _WORDS.clear()


# A shaped word and its map, or None for the map when it is the identity (no length change).
_Word = tuple[str, tuple[int, ...] | None, tuple[int, ...] | None]
_WORDS: dict[str, _Word] = {}
# About 450 bytes a word with its maps: a session's vocabulary, not every word of a library
# (200,000 words held 90 MB in an hour of reading; forgetting them all costs one cold layout).
_WORDS_LIMIT = 20_000


def shape(text: str) -> Shaped:
    """Shape `text` (logical order) and map every shaped code point back to `text`."""
    parts = _SHAPEABLE_SPLIT.split(text)  # gap, word, gap, word, ..., gap
    if len(parts) == 1:
        return Shaped(text, tuple(range(len(text))), tuple(range(1, len(text) + 1)))
    offsets = list(accumulate(map(len, parts), initial=0))  # logical start of each part
    entries = _shape_words(parts[1::2])
    parts[1::2] = [entry[0] for entry in entries]
    shaped_text = "".join(parts)
    mapped = [index for index, entry in enumerate(entries) if entry[1] is not None]
    if not mapped and len(shaped_text) == len(text):
        return Shaped(shaped_text, tuple(range(len(text))), tuple(range(1, len(text) + 1)))
    to_logical: list[int] = []
    logical_end: list[int] = []
    position = 0
    for index in mapped:
        _shaped, starts, ends = entries[index]
        assert starts is not None and ends is not None
        start = offsets[2 * index + 1]
        to_logical.extend(range(position, start))
        logical_end.extend(range(position + 1, start + 1))
        to_logical.extend([start + offset for offset in starts])
        logical_end.extend([start + offset for offset in ends])
        position = offsets[2 * index + 2]
    to_logical.extend(range(position, len(text)))
    logical_end.extend(range(position + 1, len(text) + 1))
    return Shaped(shaped_text, tuple(to_logical), tuple(logical_end))


def _shape_words(words: list[str]) -> list[_Word]:
    """The cached shape of every word, shaping the missing ones first."""
    cache = _WORDS
    try:
        return [cache[word] for word in words]
    except KeyError:
        _shape_missing(set(words))
        return [cache[word] for word in words]


def _shape_missing(words: set[str]) -> None:
    """Shape and cache the words not cached yet, each on its own."""
    missing = [word for word in words if word not in _WORDS]
    if not missing:
        return
    if len(_WORDS) + len(missing) > _WORDS_LIMIT:
        _WORDS.clear()  # and shape every word asked for: the caller reads them all back
        missing = list(words)
    for word in missing:
        _WORDS[word] = _aligned_word(word, reshape_word(word, drop_harakat=_drop_harakat))


def reshape_word(word: str, *, drop_harakat: bool) -> str:
    """What `ArabicReshaper(configuration=reshaper_configuration(...)).reshape(word)` returns.

    A transcription of arabic-reshaper 3.1.0's `reshape` for the pinned configuration (no
    tatweel deletion, ZWJ support, no harakat shift, isolated forms, lam-alef the only
    ligatures), without its per-call configuration lookups and per-letter function calls: the
    library's loop was most of the cold layout time. Tests compare the two on every word of
    the fixtures and on random words, for both harakat settings.
    """
    output: list[tuple[str, int]] = []
    harakat_at: dict[int, list[str]] = {}
    letters = LETTERS_ARABIC
    joins_before = _JOINS_BEFORE
    joins_after = _JOINS_AFTER
    for letter in word:
        if letter in _HARAKAT:
            if not drop_harakat:
                harakat_at.setdefault(len(output) - 1, []).append(letter)
        elif letter not in letters:
            output.append((letter, _NOT_SUPPORTED))
        elif not output:
            output.append((letter, ISOLATED))
        else:
            previous, previous_form = output[-1]
            if (
                previous_form == _NOT_SUPPORTED
                or letter not in joins_before
                or previous not in joins_after
                or (previous_form == FINAL and previous not in _JOINS_BOTH)
            ):
                output.append((letter, ISOLATED))
            elif previous_form == ISOLATED:
                output[-1] = (previous, INITIAL)
                output.append((letter, FINAL))
            else:
                output[-1] = (previous, MEDIAL)
                output.append((letter, FINAL))
        if len(output) > 1 and output[-2][0] == ZWJ:
            output.pop(len(output) - 2)
    if output and output[-1][0] == ZWJ:
        output.pop()
    if _LAM in word:
        bare = HARAKAT_RE.sub("", word)
        for match in _LAM_ALEF_PAIRS.finditer(bare):
            forms = _LAM_ALEF_SHAPES[match.group()]
            a, b = match.span()
            if b > len(output):
                # A ZWJ before the pair was dropped from `output` but not from `bare`, so the
                # indexes are off: the library raises IndexError here (a crafted feed word could
                # stop the layout); leave the pair unligated instead.
                continue
            a_form = output[a][1]
            b_form = output[b - 1][1]
            if a_form in (ISOLATED, INITIAL):
                form = ISOLATED if b_form in (ISOLATED, FINAL) else INITIAL
            else:
                form = FINAL if b_form in (ISOLATED, FINAL) else MEDIAL
            if not forms[form]:
                continue
            output[a] = (forms[form], _NOT_SUPPORTED)
            output[a + 1 : b] = [("", _NOT_SUPPORTED)] * (b - 1 - a)
    result: list[str] = []
    if harakat_at and not drop_harakat:
        result.extend(harakat_at.get(-1, ()))
    for index, (letter, form) in enumerate(output):
        if letter:
            result.append(letter if form == _NOT_SUPPORTED else letters[letter][form])
        if index in harakat_at:
            result.extend(harakat_at[index])
    return "".join(result)


def _aligned_word(word: str, shaped: str) -> _Word:
    """The word with its map; the unshaped word if the output cannot be aligned."""
    if _NEEDS_ALIGNMENT.search(word) is None and shaped.translate(_SOURCE_TABLE) == word:
        # Each form is the form of its own letter and each lam-alef stands for its two
        # letters: the map `_align` would find, without its per-character checks.
        if len(shaped) == len(word):
            return shaped, None, None  # the identity (most words)
        first: list[int] = []
        after: list[int] = []
        position = 0
        for char in shaped:
            first.append(position)
            position += 2 if char in _LAM_ALEF_FORMS else 1
            after.append(position)
        return shaped, tuple(first), tuple(after)
    try:
        starts, ends = _align(word, shaped)
    except ShapingError:
        return word, None, None
    identity = starts == tuple(range(len(word))) and ends == tuple(range(1, len(word) + 1))
    if identity and len(shaped) == len(word):
        return shaped, None, None
    return shaped, starts, ends


def _align(word: str, shaped: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Map each shaped code point to the word's code points (ligatures cover two letters)."""
    marks = [i for i, char in enumerate(word) if HARAKAT_RE.match(char)]
    letters = [i for i, char in enumerate(word) if not HARAKAT_RE.match(char)]
    starts: list[int] = []
    ends: list[int] = []
    mark_pos = letter_pos = 0
    for char in shaped:
        if HARAKAT_RE.match(char):
            while mark_pos < len(marks) and word[marks[mark_pos]] != char:
                mark_pos += 1
            if mark_pos == len(marks):
                raise ShapingError(word)
            starts.append(marks[mark_pos])
            ends.append(marks[mark_pos] + 1)
            mark_pos += 1
            continue
        while letter_pos < len(letters) and word[letters[letter_pos]] == ZWJ != char:
            letter_pos += 1  # a ZWJ the reshaper dropped
        if letter_pos == len(letters):
            raise ShapingError(word)
        source = word[letters[letter_pos]]
        width = 2 if char in _LAM_ALEF_FORMS and source != char else 1
        expected = _LAM if width == 2 else _BASE_OF_FORM.get(char, char)
        if expected != source or letter_pos + width > len(letters):
            raise ShapingError(word)
        starts.append(letters[letter_pos])
        ends.append(letters[letter_pos + width - 1] + 1)
        letter_pos += width
    if ends:
        ends[-1] = len(word)
    return tuple(starts), tuple(ends)
