"""What a source is, to the rest of the reader: the :class:`Source` protocol.

A source has a kind (``"feed"``, ``"telegram"``), a display name and a location (a URL or a
path). Fetching it takes the state its last fetch left (an ETag, a cursor: a JSON-able mapping
the library stores with the subscription) and brings back a :class:`Harvest`: the articles that
are new since that state, the state to keep for next time, and one message per item that could
not be read. A source that cannot be read at all raises
:class:`~reader.sources.errors.SourceError` instead.

A new kind of source is one module beside this one with a class that has these members, plus
one line in :mod:`reader.sources.registry`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from reader.model.article import Article

SourceState = Mapping[str, object]
"""What a source's last fetch left, as stored (JSON): read every value with care."""

NewState = dict[str, str | int]
"""What a fetch leaves for next time: plain JSON values."""


@dataclass
class Harvest:
    """What one fetch of a source brought back."""

    articles: list[Article] = field(default_factory=list)
    state: NewState = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    """One message per item left out (each names the source); the other items came in."""
    warnings: list[str] = field(default_factory=list)
    """One message per item that came in with a caveat (its text cut at the size limit)."""
    title: str = ""
    """The name the source gives itself (a feed's title, a channel's name), if any."""
    site_url: str = ""
    unchanged: bool = False
    """Nothing new since ``state`` (an HTTP 304): ``articles`` is empty."""


class Source(Protocol):
    """One place articles come from, fetched again and again from its stored state."""

    @property
    def kind(self) -> str:
        """The kind stored with the subscription, which picks the class."""
        ...

    @property
    def name(self) -> str:
        """The name shown to the user (may be empty until the first fetch)."""
        ...

    @property
    def location(self) -> str:
        """Where it is: a URL or a path; the subscription's key."""
        ...

    def fetch(self, state: SourceState) -> Harvest:
        """What is new since ``state``; raises SourceError when the source cannot be read."""
        ...


class SourceFactory(Protocol):
    """How the registry makes a source of one kind from a stored subscription."""

    def __call__(self, *, location: str, name: str, folder: str, timeout: float) -> Source: ...


def text_value(state: SourceState, key: str) -> str:
    """A string from stored state ('' when it is missing or not a string)."""
    value = state.get(key)
    return value if isinstance(value, str) else ""


def count_value(state: SourceState, key: str) -> int:
    """A non-negative integer from stored state (0 when it is missing or not one)."""
    value = state.get(key)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return 0
