"""The library's background analysis as the screen shows it: a dimmed progress indicator while
a worker is at work (whichever process runs it), gone when it is done; the worker rests while
the user types; and the reader's own process never loads the extractor's model."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.articles import write_articles
from support.fresh import run_fresh
from support.pilot import screen_lines, settle

from reader.config import Config
from reader.services.analysis_worker import WorkerProcess
from reader.store import Library
from reader.store.analysis import AnalysisProgress, holder_name
from reader.ui.app import ReaderApp
from reader.ui.screens import main


def library_app(tmp_path: Path) -> ReaderApp:
    from reader.nlp import ANALYZER_VERSION
    from reader.services.intake import import_paths

    library = Library.open(tmp_path / "library.db", analyzer_version=ANALYZER_VERSION)
    import_paths(library, [str(write_articles(tmp_path / "articles"))])
    return ReaderApp([], library=library, config=Config())


@pytest.fixture
def quick_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(main, "BACKGROUND_DELAY", 0.05)
    monkeypatch.setattr(main, "PROGRESS_INTERVAL", 0.05)


async def test_the_progress_indicator_shows_while_a_worker_is_at_work_and_then_goes(
        tmp_path: Path, quick_timers: None) -> None:
    app = library_app(tmp_path)
    other = Library.open(tmp_path / "library.db")
    elsewhere = holder_name()  # a live process holds the work: the screen's worker leaves it
    try:
        other.report_analysis(elsewhere, AnalysisProgress(1234, 100_000), 60)
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(app, pilot)
            for _ in range(100):
                await pilot.pause(0.05)
                if "analysing 1,234/100,000" in screen_lines(app)[0]:
                    break
            assert "analysing 1,234/100,000" in screen_lines(app)[0]
            other.release_analysis(elsewhere)
            for _ in range(100):
                await pilot.pause(0.05)
                if "analysing" not in screen_lines(app)[0]:
                    break
            assert "analysing" not in screen_lines(app)[0]
    finally:
        other.close()
        app.library.close()


async def test_the_worker_rests_while_the_user_types_a_search(
        tmp_path: Path, quick_timers: None, monkeypatch: pytest.MonkeyPatch) -> None:
    commands: list[str] = []
    monkeypatch.setattr(main, "TYPING_REST", 1.0)  # longer than settling on a loaded machine
    monkeypatch.setattr(WorkerProcess, "start", lambda self: True)
    monkeypatch.setattr(WorkerProcess, "_send", lambda self, command: commands.append(command))
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.pause(0.2)  # the background work is started
        await pilot.press("slash", "d", "a", "m")
        await settle(app, pilot)
        assert commands == ["pause"], "one pause for the whole burst of keys"
        await pilot.pause(1.5)
        assert commands == ["pause", "resume"]
    app.library.close()


def test_the_reader_process_never_loads_the_model_for_background_work(tmp_path: Path) -> None:
    """In a fresh interpreter (this one may have loaded it for other tests): the library is
    analysed by the worker process, the open article's panel comes from it, and the reader's
    process has not imported the extractor."""
    lines = run_fresh(f"""
        import asyncio, sys, time
        from pathlib import Path
        from support.articles import write_articles
        from reader.config import Config
        from reader.nlp import ANALYZER_VERSION
        from reader.services.intake import import_paths
        from reader.store import Library
        from reader.ui.app import ReaderApp
        from reader.ui.screens import main
        from reader.ui.widgets.side_panel import SidePanel

        main.BACKGROUND_DELAY = 0.05
        root = Path({str(tmp_path)!r})
        library = Library.open(root / "library.db", analyzer_version=ANALYZER_VERSION)
        import_paths(library, [str(write_articles(root / "articles"))])
        app = ReaderApp([], library=library, config=Config())

        async def session():
            async with app.run_test(size=(140, 36)) as pilot:
                deadline = time.monotonic() + 120
                while library.unanalyzed_ids() and time.monotonic() < deadline:
                    await pilot.pause(0.1)
                await pilot.press("j")
                while time.monotonic() < deadline:
                    await pilot.pause(0.1)
                    prompts = [str(o.prompt) for o in app.query_one(SidePanel).options]
                    if any("People" in p or "Places" in p for p in prompts):
                        break
                print("unanalysed", len(library.unanalyzed_ids()))
                print("panel", any("People" in p or "Places" in p for p in prompts))

        asyncio.run(session())
        model = sorted(m for m in sys.modules
                       if m.startswith(("reader.nlp.", "pycrfsuite", "crfsuite")))
        print("model", model)
    """)
    output = "\n".join(lines)
    assert "unanalysed 0" in lines, output
    assert "panel True" in lines, output
    assert "model []" in lines, output
