"""The full text of an article's page, for a feed that carries only a summary.

The page is fetched like a feed (:func:`reader.sources.http.fetch`: the URL checked at the door,
one deadline, the size cap) and its main text found by trafilatura, a maintained extraction
library. Trafilatura and lxml take a third of a second to import, so they load only here, in the
worker that fetches a page, never at start-up.
"""

from __future__ import annotations

from reader.sources.errors import SourceError
from reader.sources.http import DEFAULT_TIMEOUT, fetch
from reader.text.output import visible_url

PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
MIN_CHARACTERS = 80  # less than this is a cookie banner or a caption, not the article


def fetch_full_text(url: str, timeout: float = DEFAULT_TIMEOUT) -> tuple[str, ...]:
    """The paragraphs of the main text of the page at ``url``; SourceError when the page
    cannot be fetched or holds no article text."""
    answer = fetch(url, timeout=timeout, accept=PAGE_ACCEPT)
    return extract_paragraphs(answer.data, answer.url or url)


def extract_paragraphs(page: bytes, url: str) -> tuple[str, ...]:
    """The main text of an HTML page as paragraphs (logical order, as the page has it)."""
    import trafilatura  # noqa: PLC0415 - a third of a second: only when a page is fetched

    try:
        text = trafilatura.extract(
            page, url=url, include_comments=False, include_tables=False, favor_precision=True
        )
    except Exception as error:  # noqa: BLE001 - a hostile page must not stop the app
        raise SourceError(
            f"{visible_url(url)}: the page could not be read ({type(error).__name__})"
        ) from None
    paragraphs = tuple(line.strip() for line in (text or "").splitlines() if line.strip())
    if sum(len(p) for p in paragraphs) < MIN_CHARACTERS:
        raise SourceError(f"{visible_url(url)}: no article text found on the page")
    return paragraphs
