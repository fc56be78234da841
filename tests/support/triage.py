"""The triage steps the screen splits across a worker, run in one step for the tests."""

from __future__ import annotations

from reader.services.triage import Triage


def next_unread(triage: Triage, start: int, forward: bool = True) -> int | None:
    """``n``/``N``: the rows fetched already, then (as the screen's worker does) the rest."""
    found, resume = triage.next_unread_fetched(start, forward)
    if found is None and resume is not None:
        return triage.listing.find_unread(resume, forward)
    return found
