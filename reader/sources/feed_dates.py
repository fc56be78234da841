"""The dates feeds write: RFC 822 (RSS ``pubDate``), ISO 8601 / RFC 3339 (Atom, ``dc:date``) and
their common broken variants. The day is taken in UTC, as feedparser gave it.

    >>> feed_date("Mon, 06 May 2024 23:30:00 -0500")
    datetime.date(2024, 5, 7)
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

# ISO 8601 as feeds write it, strict or not: 2024-05-06, 2024-05-06T10:00Z, 2024-05-06 10:00:00,
# 2024-05-06T10:00:00.123456789+03:00, 20240506T100000+0300, 2024-05-06T10:00:00 GMT.
_ISO = re.compile(
    r"(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})"
    r"(?:[T ]\s*(?P<H>\d{1,2}):?(?P<M>\d{2})(?::?(?P<S>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
# Weekday and month names RFC 822 does not know, as broken feeds write them.
_LONG_NAMES = re.compile(
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March"
    r"|April|June|July|August|September|October|November|December|Sept)\b",
    re.IGNORECASE,
)


def feed_date(text: str) -> date | None:
    """The UTC day of a feed's date, or None when it cannot be read."""
    text = " ".join(text.split())
    if not text:
        return None
    found = _iso(text) if text[:4].isdigit() else None
    return found if found is not None else _rfc822(text)


def _iso(text: str) -> date | None:
    match = _ISO.match(text)
    if match is None:
        return None
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    hour, minute = int(match["H"] or 0), int(match["M"] or 0)
    try:
        moment = datetime(year, month, day, hour % 24, minute)
    except ValueError:
        return None
    return (moment - _offset(match["zone"] or "")).date()


def _offset(zone: str) -> timedelta:
    if zone[:1] not in ("+", "-"):
        return timedelta(0)
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    sign = -1 if zone[0] == "-" else 1
    return sign * timedelta(hours=hours, minutes=minutes)


def _rfc822(text: str) -> date | None:
    text = _LONG_NAMES.sub(lambda found: found.group()[:3], text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return _iso_anywhere(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.date()


def _iso_anywhere(text: str) -> date | None:
    """An ISO date after some words ("Updated: 2024-05-06"), as a last resort."""
    found = re.search(r"\d{4}-\d{2}-\d{2}", text)
    return _iso(text[found.start() :]) if found else None
