"""Pilot tests: what the app holds stays bounded by what is on screen (issue 16, memory)."""

from __future__ import annotations

import gc
import weakref

from support.pilot import AppFactory, settle
from textual.widgets import Footer


async def test_the_footer_lets_go_of_the_keys_it_replaces(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        footer = app.screen.query_one(Footer)
        first_keys = [weakref.ref(key) for key in footer.query("FooterKey")]
        assert first_keys
        for _ in range(3):  # each search box opened and closed rebuilds the keys twice
            await pilot.press("slash")
            await settle(app, pilot)
            await pilot.press("escape")
            await settle(app, pilot)
        gc.collect()
        kept = [ref() for ref in first_keys if ref() is not None]
        assert len(kept) < len(first_keys), "the footer's keys were built again"
        assert all(key.is_attached for key in kept if key is not None), "no removed key is kept"
        assert len(footer.query("FooterKey")) == len(first_keys)
