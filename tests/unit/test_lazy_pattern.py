"""LazyPattern: a regular expression compiled at its first use, answering as re does."""

from __future__ import annotations

import re

from reader.text import output, sanitize
from reader.text.lazy_pattern import LazyPattern


def test_it_searches_and_substitutes_as_the_compiled_pattern_does() -> None:
    lazy, eager = LazyPattern("[\x7f-\x9f\ud800-\udfff]+"), re.compile("[\x7f-\x9f\ud800-\udfff]+")
    for text in ("", "plain", "a\x9bb\udcffc", "\x85\x85"):
        found, expected = lazy.search(text), eager.search(text)
        assert (found and found.span()) == (expected and expected.span())
        assert lazy.sub("?", text) == eager.sub("?", text)
        assert lazy.sub(lambda match: str(len(match.group())), text) == eager.sub(
            lambda match: str(len(match.group())), text)


def test_it_compiles_once() -> None:
    lazy = LazyPattern("a+")
    assert lazy.compiled is lazy.compiled
    assert lazy.compiled.pattern == lazy.pattern == "a+"


def test_the_gates_still_act_on_hostile_text() -> None:
    hostile = "\x1b]0;title\x07خبر\u202e\U000e0041 \x9b31m"
    assert sanitize.sanitize(hostile) == sanitize.Sanitized("خبر ", True)
    assert output.visible("a\x1bb\u202e") == "a\\x1bb\\u202e"
    assert not output.is_terminal_safe("\x9b") and output.is_terminal_safe("خبر")
