"""Remove escapes, controls and spoofing characters from untrusted text (docs/bidi.md 2.1, 7).

Input side: `sanitize` makes feed text safe to lay out (no escape sequence can reach the PTY, no
override can reorder a field). Output side: `strip_for_output` removes the invisible format
characters that the bidi algorithm and the shaper used but a terminal must not receive.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from reader.text.lazy_pattern import LazyPattern

__all__ = [
    "ESCAPE_SEQUENCE",
    "OUTPUT_STRIP",
    "Sanitized",
    "needs_sanitizing",
    "sanitize",
    "split_paragraphs",
    "strip_for_output",
    "TAB_SIZE",
]

TAB_SIZE = 4

_ST = r"(?:\x1b\\|\x9c)"
_END = r"(?:\x07|" + _ST + ")"
# Order matters: string-type sequences (their payload may hold anything, newlines included) first,
# then CSI, then every other ESC sequence, then a lone ESC. An unterminated 7-bit sequence runs to
# the end; an 8-bit introducer (U+0090, U+0098, U+009D-009F) swallows its payload only when it is
# terminated: a stray C1 from mis-decoded text must not erase the rest of an article, and once the
# introducer is gone the payload is inert text.
_ESCAPE_RE = LazyPattern(
    r"\x1b[\]P^_X][^\x07\x1b\x9c]*" + _END + "?"  # OSC DCS PM APC SOS, 7-bit
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*"
    + _END  # the same, 8-bit, terminated
    + r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"  # CSI
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?",  # nF / Fp / Fe / Fs escapes, or a lone ESC
)
ESCAPE_SEQUENCE = _ESCAPE_RE  # for the output gate (reader.text.output)
_NEWLINE_RE = LazyPattern("\r\n|[\r\u2028\u2029\x85]")
_ESCAPE_START = LazyPattern("[\x1b\x90-\x9f]")
# Tag characters: the letters and the cancel tag of an emoji flag (🏴 + tags) are kept; any
# other tag character, the deprecated language tag U+E0001 always, is removed.
_TAGS = "\U000e0001-\U000e007f"
_TAG_RE = LazyPattern("\U000e0001+"
                     "|(?<![\U0001f3f4\U000e0020-\U000e007f])[\U000e0020-\U000e007f]+")
_TAG_CHAR = LazyPattern(f"[{_TAGS}]")
_INVISIBLE_RE = LazyPattern(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 except \t (expanded after) and \n, DEL, C1
    "\u202a-\u202e"  # LRE RLE PDF LRO RLO: embeddings and overrides (Trojan Source)
    "\u2066-\u2069"  # isolates: removed rather than balanced, the simplest safe policy
    "\u206a-\u206f"  # deprecated format characters (symmetric swapping, digit shapes)
    "\ud800-\udfff"  # lone surrogates (cannot be encoded; python-bidi would raise)
    "\ufff9-\ufffb"  # interlinear annotation controls
    "]"
)
# Every character any step of `sanitize` acts on (escape introducers, tag characters outside a
# flag, line separators other than \n, invisible controls, tabs): text without one is returned as
# it is.
_UNSAFE_OUTSIDE_TAGS = (
    "\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u206f\ud800-\udfff"
    "\ufff9-\ufffb"
)
_UNSAFE_CHAR = LazyPattern(f"[{_UNSAFE_OUTSIDE_TAGS}]")
# One character class scans fastest (an alternation with the flag's look-behind was 7x slower
# over clean text): the tag characters are told apart only when one is there.
# Compiled at import, unlike the patterns above: every text shown goes through this one.
_UNSAFE_OR_TAG = re.compile(f"[{_UNSAFE_OUTSIDE_TAGS}{_TAGS}]")
OUTPUT_STRIP = frozenset("\u200b\u200c\u200e\u200f\u061c\ufeff\u2066\u2067\u2068\u2069") | {
    chr(c) for c in range(0x202A, 0x202F)
}
ZWJ = "\u200d"


class Sanitized(NamedTuple):
    """Sanitized text, and whether anything invisible or dangerous was removed (warning badge)."""

    text: str
    removed: bool


# The UTF-8 bytes that begin every character of _UNSAFE_OR_TAG: the C0 controls but \n, DEL,
# and the lead bytes of U+0080-00BF (C1), U+2000-2FFF (line separators, embeddings, isolates),
# U+D000-DFFF (surrogates), U+F000-FFFF (annotation controls) and U+C0000-FFFFF (tags). Text
# without any of them needs nothing: deleting every other byte (bytes.translate) tells it several
# times faster than the regex scans text outside Latin-1, for the price of encoding it.
_NOT_UNSAFE_START = bytes(
    byte for byte in range(256)
    if not (byte <= 0x1F and byte != 0x0A or byte in (0x7F, 0xC2, 0xE2, 0xED, 0xEF, 0xF3))
)
_PREFILTER_FROM = 256  # characters: shorter text is scanned by the regex alone, as fast


def needs_sanitizing(text: str) -> bool:
    """Whether :func:`sanitize` would change ``text`` at all (one scan; most text needs none)."""
    if len(text) >= _PREFILTER_FROM and not text.encode("utf-8", "surrogatepass").translate(
        None, _NOT_UNSAFE_START
    ):
        return False
    if _UNSAFE_OR_TAG.search(text) is None:
        return False
    return _UNSAFE_CHAR.search(text) is not None or _TAG_RE.search(text) is not None


def sanitize(text: str) -> Sanitized:
    """Remove escapes and dangerous controls; normalise every line separator to `\\n`.

    Tabs become spaces. LRM, RLM and ALM are kept: they are legitimate input to the bidi algorithm
    (and are stripped from the visual output). Idempotent.
    """
    if not needs_sanitizing(text):
        return Sanitized(text, False)
    return _sanitized(text)


def _sanitized(text: str) -> Sanitized:
    """:func:`sanitize` step by step, for text that needs it."""
    without_escapes = _ESCAPE_RE.sub("", text) if _ESCAPE_START.search(text) else text
    if _TAG_CHAR.search(without_escapes):  # tag characters, kept only in emoji flags
        without_escapes = _TAG_RE.sub("", without_escapes)
    removed = len(without_escapes) != len(text)
    normalised = _NEWLINE_RE.sub("\n", without_escapes)
    cleaned = _INVISIBLE_RE.sub("", normalised)
    removed = removed or len(cleaned) != len(normalised)
    if "\t" in cleaned:
        cleaned = cleaned.expandtabs(TAB_SIZE)
    return Sanitized(cleaned, removed)


def split_paragraphs(text: str) -> list[str]:
    """Split on every paragraph separator (CRLF, CR, LF, U+2028, U+2029, U+0085); never empty."""
    return _NEWLINE_RE.sub("\n", text).split("\n")


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return code >= 0x1F000 or 0x2600 <= code <= 0x27BF or 0x2300 <= code <= 0x23FF


def _emoji_before(visual: str, index: int) -> bool:
    """Whether the cluster ending just before `index` is an emoji (skipping VS16 and skin tones)."""
    i = index - 1
    while i >= 0 and (visual[i] == "\ufe0f" or "\U0001f3fb" <= visual[i] <= "\U0001f3ff"):
        i -= 1
    return i >= 0 and _is_emoji(visual[i])


def keep_zwj(visual: str, index: int) -> bool:
    """A ZWJ survives only between two emoji (an emoji ZWJ sequence such as a family)."""
    after = index + 1
    return _emoji_before(visual, index) and after < len(visual) and _is_emoji(visual[after])


def output_keep_mask(visual: str) -> list[bool]:
    """For each code point of visual text, whether `strip_for_output` keeps it."""
    return [
        (char not in OUTPUT_STRIP) and (char != ZWJ or keep_zwj(visual, i))
        for i, char in enumerate(visual)
    ]


def strip_for_output(visual: str) -> str:
    """Remove bidi and format controls from visual text (rule 14); ZWJ kept inside emoji only."""
    if not any(char in OUTPUT_STRIP or char == ZWJ for char in visual):
        return visual
    mask = output_keep_mask(visual)
    return "".join(char for char, keep in zip(visual, mask, strict=True) if keep)
