"""Which class reads each kind of subscription, and what a file holds judged by its content."""

from __future__ import annotations

from collections.abc import Mapping

from reader.sources.base import Source, SourceFactory
from reader.sources.errors import SourceError
from reader.sources.feeds import FeedSource
from reader.sources.http import DEFAULT_TIMEOUT
from reader.sources.telegram import TelegramSource, looks_like_export
from reader.sources.xml_text import sniff

SOURCES: Mapping[str, SourceFactory] = {
    FeedSource.kind: FeedSource,
    TelegramSource.kind: TelegramSource,
}


def open_source(
    kind: str,
    location: str,
    *,
    name: str = "",
    folder: str = "",
    timeout: float = DEFAULT_TIMEOUT,
) -> Source:
    """The source of a subscription; SourceError for a kind this reader does not know."""
    factory = SOURCES.get(kind)
    if factory is None:
        raise SourceError(f"{location}: a kind of source this reader does not know ({kind!r})")
    return factory(location=location, name=name, folder=folder, timeout=timeout)


def recognise(data: bytes) -> str | None:
    """What a file holds, from its content whatever its name: ``"feed"``, ``"opml"``,
    ``"telegram"``, or None for everything else (an article file for :mod:`reader.parsing`)."""
    found = sniff(data)
    if found is not None:
        return found
    return TelegramSource.kind if looks_like_export(data) else None
