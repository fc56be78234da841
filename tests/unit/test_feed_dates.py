"""Feed dates: the common RFC 822 form read without email.utils reads as email.utils reads it,
and no date, however far out of range, stops an import."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.services.intake import import_paths
from reader.sources.feed_dates import _plain_rfc822, feed_date
from reader.store import Library

WEEKDAYS = ("", "Mon, ", "Sun, ")
MONTHS = ("Jan", "Feb", "May", "Sep", "Dec")


@given(
    st.sampled_from(WEEKDAYS), st.integers(0, 39), st.sampled_from(MONTHS),
    st.integers(1000, 9999), st.integers(0, 99), st.integers(0, 99),
    st.one_of(st.none(), st.integers(0, 99)), st.sampled_from("+-"), st.integers(0, 9999),
)  # fmt: skip
def test_the_common_form_reads_as_email_utils_reads_it(
    weekday: str, day: int, month: str, year: int, hour: int, minute: int,
    second: int | None, sign: str, zone: int,
) -> None:  # fmt: skip
    seconds = "" if second is None else f":{second:02d}"
    text = f"{weekday}{day:02d} {month} {year} {hour:02d}:{minute:02d}{seconds} {sign}{zone:04d}"
    assert _outcome(_plain_rfc822, text) == _outcome(parsedate_to_datetime, text)


def _outcome(read: object, text: str) -> object:
    try:
        moment = read(text)  # type: ignore[operator]
    except (TypeError, ValueError, IndexError, OverflowError) as error:
        return type(error)
    return moment, getattr(moment, "tzinfo", None)


def test_other_forms_are_left_to_email_utils() -> None:
    for text in ("Mon, 6 May 24 10:00:00 EST", "06 may 2024 10:00 +0300", "Mon,06 May 2024 10:00"):
        assert _plain_rfc822(text) is None
    assert feed_date("Mon, 6 May 24 10:00:00 EST") == date(2024, 5, 6)


@pytest.mark.parametrize(
    "written",
    [
        "Fri, 31 Dec 9999 23:00:00 -0500",  # past the last day once in UTC
        "9999-12-31T23:00:00-05:00",
        "0001-01-01T00:00:00+01:00",  # before the first day once in UTC
    ],
)
def test_a_date_out_of_range_is_no_date(written: str) -> None:
    assert feed_date(written) is None


def test_a_feed_dated_out_of_range_imports(tmp_path: Path) -> None:
    """Such a date raised OverflowError out of the import (a traceback, nothing stored)."""
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>one</title><description>body</description>"
        "<pubDate>Fri, 31 Dec 9999 23:00:00 -0500</pubDate></item>"
        f"<item><title>two</title><description>body</description><pubDate>"
        f"{format_datetime(datetime(2026, 12, 1, 10, 0, tzinfo=UTC))}</pubDate></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    with Library.open(tmp_path / "library.db") as library:
        result = import_paths(library, [feed])
        assert len(result.added) == 2 and not result.errors
        stored = [library.get(id_) for id_ in result.added]
    dates = sorted(str(found.article.published) for found in stored if found is not None)
    assert dates == ["2026-12-01", "None"]
