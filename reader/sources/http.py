"""Fetching a URL over HTTP(S): a timeout, conditional requests (ETag / Last-Modified) and a
size cap; only ever called at the user's request (import of a URL, ``refresh``)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from reader import __version__
from reader.sources.errors import SourceError

MAX_FETCH_BYTES = 10 * 1024 * 1024
DEFAULT_TIMEOUT = 20.0
_USER_AGENT = f"reader/{__version__} (terminal news reader)"
_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9"


def is_url(source: str) -> bool:
    """True for an http(s) URL."""
    return urlsplit(source).scheme in ("http", "https")


@dataclass(frozen=True)
class Fetched:
    """The answer to one request; ``status`` 304 means not modified (no data)."""

    status: int
    data: bytes
    etag: str
    modified: str
    url: str


def fetch(
    url: str, etag: str = "", modified: str = "", timeout: float = DEFAULT_TIMEOUT
) -> Fetched:
    """GET ``url`` (conditional when ``etag``/``modified`` are given); SourceError on failure."""
    import http.client  # the network modules load only when something is fetched
    import urllib.error
    import urllib.request

    if not is_url(url):
        raise SourceError(f"{url}: only http and https URLs can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT, "Accept": _ACCEPT})
    if etag:
        request.add_header("If-None-Match", etag)
    if modified:
        request.add_header("If-Modified-Since", modified)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_FETCH_BYTES + 1)
            headers = response.headers
            final = response.geturl()
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Fetched(304, b"", etag, modified, url)
        raise SourceError(f"{url}: the server answered HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise SourceError(f"{url}: cannot connect ({_reason(error.reason)})") from None
    except TimeoutError:
        raise SourceError(f"{url}: no answer within {timeout:g} s") from None
    except (http.client.HTTPException, OSError, ValueError) as error:
        raise SourceError(f"{url}: the download failed ({_reason(error)})") from None
    if len(data) > MAX_FETCH_BYTES:
        raise SourceError(f"{url}: larger than the {MAX_FETCH_BYTES // 2**20} MB limit for a feed")
    return Fetched(200, data, headers.get("ETag", ""), headers.get("Last-Modified", ""), final)


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError):
        return "timed out"
    text = getattr(reason, "strerror", None) or str(reason)
    return str(text)
