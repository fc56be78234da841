"""Arabic shaping in logical order, with a shaped -> logical index map (bidi.md 2.3 and 3).

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
from dataclasses import dataclass  # noqa: E402
from functools import lru_cache  # noqa: E402

from arabic_reshaper import ArabicReshaper  # noqa: E402
from arabic_reshaper.arabic_reshaper import HARAKAT_RE  # noqa: E402
from arabic_reshaper.letters import LETTERS_ARABIC, ZWJ  # noqa: E402
from arabic_reshaper.ligatures import LIGATURES  # noqa: E402

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

    Every ligature key the installed arabic-reshaper knows is listed, so no key is left to its
    default or to a configuration file (U+FDF2 ALLAH and friends are one cell drawn many wide).
    """
    configuration = dict(_GENERAL_CONFIGURATION)
    configuration["delete_harakat"] = drop_harakat
    for name, _replacement in LIGATURES:
        configuration[name] = name in LAM_ALEF_LIGATURES
    return configuration


RESHAPER_CONFIGURATION: Mapping[str, object] = reshaper_configuration()
_reshaper = ArabicReshaper(configuration=dict(RESHAPER_CONFIGURATION))
_drop_harakat = False

_LAM = "\u0644"
_LAM_ALEF_FORMS = frozenset(chr(c) for c in range(0xFEF5, 0xFEFD))
_BASE_OF_FORM: dict[str, str] = {
    form: letter for letter, forms in LETTERS_ARABIC.items() for form in forms if form
}
_SHAPEABLE_RUN = re.compile(
    "(?:["
    + "".join(re.escape(letter) for letter in LETTERS_ARABIC)
    + "]|"
    + HARAKAT_RE.pattern
    + ")+"
)


class ShapingError(ValueError):
    """The reshaper's output could not be aligned with its input (never expected)."""


@dataclass(frozen=True, slots=True)
class Shaped:
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
    """Drop (True) or keep (False, the default) harakat; rebuilds the one module reshaper."""
    global _reshaper, _drop_harakat
    if drop == _drop_harakat:
        return
    _reshaper = ArabicReshaper(configuration=reshaper_configuration(drop_harakat=drop))
    _drop_harakat = drop
    _shape_word.cache_clear()


def shape(text: str) -> Shaped:
    """Shape `text` (logical order) and map every shaped code point back to `text`."""
    pieces: list[str] = []
    to_logical: list[int] = []
    logical_end: list[int] = []
    position = 0
    for match in _SHAPEABLE_RUN.finditer(text):
        start, end = match.span()
        _append_identity(text, position, start, pieces, to_logical, logical_end)
        shaped, starts, ends = _shape_word(match.group(), _drop_harakat)
        pieces.append(shaped)
        to_logical.extend(start + offset for offset in starts)
        logical_end.extend(start + offset for offset in ends)
        position = end
    _append_identity(text, position, len(text), pieces, to_logical, logical_end)
    return Shaped("".join(pieces), tuple(to_logical), tuple(logical_end))


def _append_identity(
    text: str, start: int, end: int, pieces: list[str], starts: list[int], ends: list[int]
) -> None:
    if start < end:
        pieces.append(text[start:end])
        starts.extend(range(start, end))
        ends.extend(range(start + 1, end + 1))


@lru_cache(maxsize=65536)
def _shape_word(word: str, drop_harakat: bool) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """Shape one run of Arabic letters and marks; falls back to the unshaped word if unaligned."""
    shaped = _reshaper.reshape(word)
    try:
        starts, ends = _align(word, shaped)
    except ShapingError:
        return word, tuple(range(len(word))), tuple(range(1, len(word) + 1))
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
