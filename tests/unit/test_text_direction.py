"""detect_language counts letters with the regex engine: the same guesses as a count character
by character (the way it was written first, kept here as the reference)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text.direction import _may_be_persian_or_urdu, detect_language

PERSIAN = frozenset("پچژگکی")
URDU = frozenset("ٹڈڑںھےۓ")


def reference(text: str) -> str:
    arabic = hebrew = latin = persian = urdu = 0
    for char in text:
        if "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f":
            arabic += 1
            if char in PERSIAN:
                persian += 1
            elif char in URDU:
                urdu += 1
        elif "\u0590" <= char <= "\u05ff":
            hebrew += 1
        elif char.isascii() and char.isalpha():
            latin += 1
    counts = {"ar": arabic, "he": hebrew, "en": latin}
    best = max(counts, key=lambda key: counts[key])
    if counts[best] == 0:
        return ""
    if best == "ar" and arabic:
        if urdu > max(3, arabic // 200):
            return "ur"
        if persian > max(3, arabic // 50):
            return "fa"
    return best


# Every block the guess looks at, its edges, and the letters that tell Persian and Urdu apart.
LETTERS = st.sampled_from(
    sorted(PERSIAN | URDU) + ["\u0600", "\u06ff", "\u0750", "\u077f", "\u05ff", "\u0590",
    "\u0780", "\u074f", "\u0740", "\u058f", "\u0580", "\U0001f600", "ا", "ب", "ש", "a",
    "Z", "é", "1", " ", "\u202e", "٣"]
)  # fmt: skip


@settings(max_examples=400)
@given(st.lists(LETTERS, max_size=400).map("".join))
def test_the_same_guess_as_a_count_character_by_character(text: str) -> None:
    assert detect_language(text) == reference(text)


def test_the_guesses() -> None:
    assert detect_language("اشتباكات في السويداء") == "ar"
    assert detect_language("این یک متن فارسی است که چند کلمه دارد و گفتگو می‌کند") == "fa"
    assert detect_language("שלום עולם") == "he"
    assert detect_language("Port reopened") == "en"
    assert detect_language("123 !?") == ""


def test_every_persian_and_urdu_letter_passes_the_byte_check() -> None:
    # The check that lets Arabic text skip the Persian/Urdu scan must let each of them through,
    # alone and inside Arabic text.
    for letter in sorted(PERSIAN | URDU):
        for text in (letter, f"اشتباكات {letter} في السويداء"):
            assert _may_be_persian_or_urdu(text, text.encode("utf-8"))
    assert not _may_be_persian_or_urdu("اشتباكات في السويداء", "اشتباكات في السويداء".encode())


def test_armenian_letters_beside_hebrew_are_not_counted_as_hebrew() -> None:
    assert detect_language("\u0580\u0581\u0582\u0583 ש") == "he"
    assert detect_language("\u0580\u0581\u0582 שש a b c") == "en"
