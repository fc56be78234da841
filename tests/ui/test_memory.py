"""Pilot tests: what the app holds stays bounded by what is on screen (issue 16, memory)."""

from __future__ import annotations

import gc
import weakref

import pytest
from support.pilot import AppFactory, settle
from textual._styles_cache import StylesCache
from textual.widgets import Footer

from reader.services.reading import ReadingService
from reader.ui.screens import main


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


def released_by_the_screen(monkeypatch: pytest.MonkeyPatch, rest: float) -> list[str]:
    """The screen's asks to give freed memory back, recorded; the user rests after ``rest`` s."""
    asked: list[str] = []

    def release() -> bool:
        asked.append("release")
        return True

    monkeypatch.setattr(main, "IDLE_REST", rest)
    monkeypatch.setattr(main, "release_free_memory", release)
    return asked


async def test_freed_memory_goes_back_once_the_user_rests(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = released_by_the_screen(monkeypatch, rest=0.05)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down")
        await pilot.pause(0.5)
        assert asked, "the articles opened, then a rest"
        before = len(asked)
        await pilot.pause(0.5)
        assert len(asked) == before, "once per rest, not while idle"


async def test_a_rest_gives_the_library_page_cache_back_before_the_free_pages(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = released_by_the_screen(monkeypatch, rest=0.05)

    def release_cache(service: ReadingService) -> bool:
        asked.append("page cache")
        return True

    monkeypatch.setattr(ReadingService, "release_memory", release_cache)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down")
        await pilot.pause(0.5)
        assert asked[:2] == ["page cache", "release"], "SQLite frees its pages, then they go back"


async def test_freed_memory_is_never_given_back_while_the_user_works(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = released_by_the_screen(monkeypatch, rest=3600.0)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down", "slash", *"amman")
        await settle(app, pilot)
        await pilot.press("escape", "down")
        await settle(app, pilot)
        assert asked == []


async def test_a_rest_lets_go_of_the_styles_of_removed_footer_keys(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # Textual's lru_cache on StylesCache.get_inner_outer keeps the styles (and drawn lines) of
    # every widget that ever drew, up to 1,024: the footer's keys, rebuilt at each search.
    monkeypatch.setattr(main, "IDLE_REST", 0.05)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        footer = app.screen.query_one(Footer)
        styles: list[weakref.ref[StylesCache]] = []
        for _ in range(3):
            styles += [weakref.ref(key._styles_cache) for key in footer.query("FooterKey")]
            await pilot.press("slash")
            await settle(app, pilot)
            await pilot.press("escape")
            await settle(app, pilot)

        def removed_keys_styles() -> list[StylesCache]:
            gc.collect()
            shown = {id(key._styles_cache) for key in footer.query("FooterKey")}
            alive = [ref() for ref in styles]
            return [cache for cache in alive if cache is not None and id(cache) not in shown]

        assert removed_keys_styles(), "Textual still keeps them: the test holds"
        await pilot.press("down")
        await pilot.pause(0.5)  # the article opened, then a rest
        assert removed_keys_styles() == []
