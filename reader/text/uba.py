"""A fast UAX #9 level resolver for paragraphs without explicit formatting characters.

Sanitized text has no embeddings, overrides or isolates (docs/bidi.md 2.1): a paragraph is a single
isolating run sequence at the paragraph level and only rules W1-W7, N0-N2 and I1-I2 remain (X9:
boundary neutrals are set aside). The rules run as regular-expression passes over a string of
one-letter class codes, which keeps a 25,000-character article well inside the layout budget.
python-bidi's levels (reader.text.bidi.python_bidi_levels) and GNU FriBidi are the references in
the tests.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache

from bidi.mirror import MIRRORED

from reader.text.lazy_pattern import LazyPattern

__all__ = ["EXPLICIT_CONTROLS", "has_explicit_controls", "resolve_levels"]

EXPLICIT_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# One letter per Bidi_Class. A=AL, E=EN, N=AN, s=ES, t=ET, c=CS, m=NSM, b=BN, o=ON, w=WS.
_CODES = {
    "L": "L", "R": "R", "AL": "A", "EN": "E", "ES": "s", "ET": "t", "AN": "N", "CS": "c",
    "NSM": "m", "BN": "b", "B": "B", "S": "S", "WS": "w", "ON": "o",
    "LRE": "x", "LRO": "x", "RLE": "x", "RLO": "x", "PDF": "x",
    "LRI": "x", "RLI": "x", "FSI": "x", "PDI": "x",
}  # fmt: skip
# Default Bidi_Class of unassigned code points (DerivedBidiClass.txt), the rest default to L.
_DEFAULT_RANGES = (
    (0x0590, "R"), (0x0600, "A"), (0x07C0, "R"), (0x0860, "A"), (0x08A0, "A"), (0x0900, "L"),
    (0xFB1D, "R"), (0xFB50, "A"), (0xFE00, "L"), (0xFE70, "A"), (0xFF00, "L"),
)  # fmt: skip
_DEFAULT_STARTS = [start for start, _ in _DEFAULT_RANGES]
_EXTRA_BRACKETS = {"\u0f3a": "\u0f3b", "\u0f3c": "\u0f3d", "\u169b": "\u169c"}
_CANONICAL = {"\u2329": "\u3008", "\u232a": "\u3009"}


class _ClassTable(dict[int, str]):
    """`str.translate` table: code point -> class letter, filled on first use."""

    def __missing__(self, code: int) -> str:
        bidi_class = unicodedata.bidirectional(chr(code))
        letter = _CODES.get(bidi_class) if bidi_class else _default_class(code)
        self[code] = letter or "L"
        return self[code]


def _default_class(code: int) -> str:
    position = bisect_right(_DEFAULT_STARTS, code) - 1
    return _DEFAULT_RANGES[position][1] if position >= 0 else "L"


def _bracket_tables() -> tuple[dict[str, str], frozenset[str]]:
    """Opening bracket -> its closing bracket, and the set of closing brackets (BD14, BD15)."""
    openers: dict[str, str] = dict(_EXTRA_BRACKETS)
    for char, mirrored in MIRRORED.items():
        if unicodedata.category(char) == "Ps" and unicodedata.category(mirrored) == "Pe":
            openers[char] = mirrored
    return openers, frozenset(openers.values())


_CLASSES = _ClassTable()
_OPENERS, _CLOSERS = _bracket_tables()
# Most paragraphs have no opening bracket (a set tells, with nothing to compile at start); the
# brackets' pattern is compiled for the first paragraph that has one.
_OPENER_CHARS = frozenset(_OPENERS)
_BRACKET_RE = LazyPattern(
    "[" + "".join(re.escape(char) for char in sorted(set(_OPENERS) | _CLOSERS)) + "]"
)
_EXPLICIT_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")
_NSM_RUN = re.compile("m+")
_EN_RUN = re.compile("E+")
_ET_EN = re.compile("t*E[tE]*")
_SEPARATOR_IN_EN = re.compile("(?<=E)[sc](?=E)")
_SEPARATOR_IN_AN = re.compile("(?<=N)c(?=N)")
_WEAK_TO_ON = str.maketrans("sct", "ooo")
# N1/N2: a neutral run takes the embedding direction unless both its neighbours are of the
# other direction (EN and AN count as R); the run at each end of the paragraph borders sos/eos,
# the embedding direction. So only runs between two strong types of the other direction change.
_NEUTRAL_BETWEEN_L = re.compile("(?<=L)[owSB]+(?=L)")
_NEUTRAL_BETWEEN_R = re.compile("(?<=[REN])[owSB]+(?=[REN])")
_NEUTRAL_TO = {"L": str.maketrans("owSB", "LLLL"), "R": str.maketrans("owSB", "RRRR")}
_LEVEL_STEPS_EVEN = {"L": 0, "R": 1, "E": 2, "N": 2}
_LEVEL_STEPS_ODD = {"L": 1, "R": 0, "E": 1, "N": 1}


def has_explicit_controls(text: str) -> bool:
    """Embeddings, overrides or isolates: the cases this resolver does not handle."""
    return _EXPLICIT_RE.search(text) is not None


def resolve_levels(text: str, paragraph_level: int) -> list[int]:
    """Levels (before L1) of one paragraph without explicit controls or paragraph separators.

    Boundary neutrals (ZWJ, ZWNJ, BOM...) take the level of the character before them.
    """
    if not text:
        return []
    classes = text.translate(_CLASSES)
    kept = [i for i, code in enumerate(classes) if code != "b"] if "b" in classes else None
    core_text = text if kept is None else "".join(text[i] for i in kept)
    core = classes if kept is None else classes.replace("b", "")
    levels = _resolve_core(core_text, core, paragraph_level) if core else []
    return levels if kept is None else _restore_removed(len(text), kept, levels, paragraph_level)


def _restore_removed(
    length: int, kept: list[int], levels: list[int], paragraph_level: int
) -> list[int]:
    result = [-1] * length
    for index, level in zip(kept, levels, strict=True):
        result[index] = level
    previous = paragraph_level
    for index in range(length):
        if result[index] < 0:
            result[index] = previous
        previous = result[index]
    return result


def _resolve_core(text: str, classes: str, paragraph_level: int) -> list[int]:
    embedding = "R" if paragraph_level % 2 else "L"
    weak = _resolve_weak(classes, embedding)
    paired = _resolve_brackets(text, classes, weak, embedding)
    resolved = _resolve_neutrals(paired, embedding)
    return list(resolved.translate(_level_table(paragraph_level)).encode("latin-1"))


@lru_cache(maxsize=16)
def _level_table(paragraph_level: int) -> dict[int, str]:
    """Resolved class -> chr(level) (I1, I2), for `str.translate` then bytes."""
    steps = _LEVEL_STEPS_ODD if paragraph_level % 2 else _LEVEL_STEPS_EVEN
    return str.maketrans({code: chr(paragraph_level + step) for code, step in steps.items()})


def _resolve_weak(classes: str, sos: str) -> str:
    """W1-W7 on the whole run sequence; sos is the paragraph direction (no embeddings)."""
    if "m" in classes:  # W1
        original = classes
        classes = _NSM_RUN.sub(
            lambda match: (
                (original[match.start() - 1] if match.start() else sos) * len(match.group())
            ),
            classes,
        )
    has_numbers = "E" in classes or "N" in classes
    if "E" in classes and "A" in classes:  # W2
        classes = _numbers_after(classes, "A", "LRA", "N")
    classes = classes.replace("A", "R")  # W3
    if has_numbers:
        classes = _SEPARATOR_IN_EN.sub("E", classes)  # W4
        classes = _SEPARATOR_IN_AN.sub("N", classes)
        if "t" in classes:
            classes = _ET_EN.sub(lambda match: "E" * len(match.group()), classes)  # W5
    classes = classes.translate(_WEAK_TO_ON)  # W6
    if "E" in classes:  # W7
        classes = _numbers_after(sos + classes, "L", "LR", "L")[1:]
    return classes


def _numbers_after(classes: str, strong: str, strong_set: str, replacement: str) -> str:
    """W2/W7: EN whose last preceding strong type (in `strong_set`) is `strong` -> replacement."""
    result = list(classes)
    for match in _EN_RUN.finditer(classes):
        start, end = match.span()
        last = max(classes.rfind(code, 0, start) for code in strong_set)
        if last >= 0 and classes[last] == strong:
            result[start:end] = replacement * (end - start)
    return "".join(result)


def _bracket_pairs(text: str, classes: str) -> list[tuple[int, int]]:
    """BD16: pairs of brackets whose class is still ON, sorted by opening position."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for match in _BRACKET_RE.finditer(text):
        index = match.start()
        char = match.group()
        if classes[index] != "o":
            continue
        if char in _OPENERS:
            if len(stack) == 63:
                break
            stack.append((_CANONICAL.get(_OPENERS[char], _OPENERS[char]), index))
        elif char in _CLOSERS:
            closing = _CANONICAL.get(char, char)
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == closing:
                    pairs.append((stack[depth][1], index))
                    del stack[depth:]
                    break
    return sorted(pairs)


def _resolve_brackets(text: str, original: str, weak: str, embedding: str) -> str:
    """N0: a bracket pair takes the embedding direction, or the opposite one from context."""
    if _OPENER_CHARS.isdisjoint(text):
        return weak
    pairs = _bracket_pairs(text, weak)
    if not pairs:
        return weak
    classes = list(weak)
    opposite = "L" if embedding == "R" else "R"
    for opening, closing in pairs:
        inside = {_strong(code) for code in classes[opening + 1 : closing]}
        if embedding in inside:
            direction = embedding
        elif opposite in inside:
            before = _last_strong(classes, opening, embedding)
            direction = opposite if before == opposite else embedding
        else:
            continue
        for index in (opening, closing):
            classes[index] = direction
            follower = index + 1
            while follower < len(classes) and original[follower] == "m":
                classes[follower] = direction
                follower += 1
    return "".join(classes)


def _strong(code: str) -> str:
    if code == "L":
        return "L"
    return "R" if code in "REN" else ""


def _last_strong(classes: list[str], before: int, sos: str) -> str:
    for index in range(before - 1, -1, -1):
        strong = _strong(classes[index])
        if strong:
            return strong
    return sos


def _resolve_neutrals(classes: str, embedding: str) -> str:
    """N1-N2: neutrals between two strong types of one direction take it, else embedding.

    EN and AN count as R. Only the runs between two strong types of the direction opposite to
    the embedding are rewritten one by one; every other neutral takes the embedding direction.
    """
    if embedding == "R":
        classes = _NEUTRAL_BETWEEN_L.sub(_same_length("L"), classes)
    else:
        classes = _NEUTRAL_BETWEEN_R.sub(_same_length("R"), classes)
    return classes.translate(_NEUTRAL_TO[embedding])


@lru_cache(maxsize=2)
def _same_length(code: str) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        return code * (match.end() - match.start())

    return replace
