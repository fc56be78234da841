"""The dates feeds write: RFC 822 (RSS ``pubDate``), ISO 8601 / RFC 3339 (Atom, ``dc:date``) and
their common broken variants. The day is taken in UTC, as feedparser gave it.

    >>> feed_date("Mon, 06 May 2024 23:30:00 -0500")
    datetime.date(2024, 5, 7)
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

# ISO 8601 as feeds write it, strict or not: 2024-05-06, 2024-05-06T10:00Z, 2024-05-06 10:00:00,
# 2024-05-06T10:00:00.123456789+03:00, 20240506T100000+0300, 2024-05-06T10:00:00 GMT.
_ISO = re.compile(
    r"(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})"
    r"(?:[T ]\s*(?P<H>\d{1,2}):?(?P<M>\d{2})(?::?(?P<S>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
# RFC 822 as nearly every feed writes it ("Mon, 06 May 2024 23:30:00 -0500"): read here; any
# other form goes to email.utils, imported then (it and the modules it loads took about a tenth
# of a feed import's module loading).
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PLAIN_RFC822 = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (" + "|".join(_MONTHS) + r") "
    r"([1-9]\d{3}) (\d{2}):(\d{2})(?::(\d{2}))? ([+-])(\d{2})(\d{2})"
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
        return (moment - _offset(match["zone"] or "")).date()
    except (ValueError, OverflowError):  # no such day, or out of range once in UTC
        return None


def _offset(zone: str) -> timedelta:
    if zone[:1] not in ("+", "-"):
        return timedelta(0)
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    sign = -1 if zone[0] == "-" else 1
    return sign * timedelta(hours=hours, minutes=minutes)


def _rfc822(text: str) -> date | None:
    try:
        # The common form holds no long name (each is four letters or more): only the others
        # are shortened for email.utils.
        moment = _plain_rfc822(text)
        if moment is None:
            text = _LONG_NAMES.sub(lambda found: found.group()[:3], text)
            moment = _plain_rfc822(text) or _email_date(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return _iso_anywhere(text)
    try:
        return (moment.astimezone(UTC) if moment.tzinfo is not None else moment).date()
    except OverflowError:  # a day out of range once in UTC
        return None


def _plain_rfc822(text: str) -> datetime | None:
    """The moment of the common form of RFC 822, as :func:`email.utils.parsedate_to_datetime`
    reads it ("-0000": the zone unknown, a naive moment); None for any other form."""
    found = _PLAIN_RFC822.fullmatch(text)
    if found is None:
        return None
    day, month, year, hour, minute, second, sign, zone_hours, zone_minutes = found.groups()
    offset = int(zone_hours) * 3600 + int(zone_minutes) * 60
    zone = None if sign == "-" and not offset else timezone(
        timedelta(seconds=-offset if sign == "-" else offset))
    return datetime(int(year), _MONTHS.index(month) + 1, int(day), int(hour), int(minute),
                    int(second or 0), tzinfo=zone)  # fmt: skip


def _email_date(text: str) -> datetime:
    from email.utils import parsedate_to_datetime

    return parsedate_to_datetime(text)


def _iso_anywhere(text: str) -> date | None:
    """An ISO date after some words ("Updated: 2024-05-06"), as a last resort."""
    found = re.search(r"\d{4}-\d{2}-\d{2}", text)
    return _iso(text[found.start() :]) if found else None
