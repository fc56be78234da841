"""Regular expressions compiled when first used."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

__all__ = ["LazyPattern"]


class LazyPattern:
    """A regular expression compiled at its first search or substitution, not at import.

    For the patterns of the sanitizer's and the output gate's rarer paths (an escape, a tag
    character or a control in the text; a file name, a URL or JSON written out): Python compiles
    their character classes (surrogates, C1 controls, astral ranges) in millions of instructions
    each, which every start paid before its first frame, where no such pattern is used.
    """

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:  # two threads may both compile it: the same pattern
            self._compiled = re.compile(self.pattern)
        return self._compiled

    def search(self, string: str) -> re.Match[str] | None:
        return self.compiled.search(string)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str) -> str:
        return self.compiled.sub(repl, string)

    def findall(self, string: str) -> list[str]:
        found: list[str] = self.compiled.findall(string)
        return found

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string)
