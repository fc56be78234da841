"""The accurate analyser from the reading screen (config ``analyzer = "accurate"``): the open
article's panel shows the quick default analysis at once and the accurate one when the worker
process stores it; the reader's own process never loads a model (the transformer cannot even
be imported in it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.fresh import run_fresh
from support.pilot import until

from reader.config import Config
from reader.model.article import Article
from reader.nlp import ACCURATE_ANALYZER_VERSION, ANALYZER_VERSION
from reader.services.analysis_worker import WorkerProcess
from reader.store import Library
from reader.store.analysis import AnalysisLike
from reader.store.models import CachedAnalysis, CachedEntity
from reader.ui.app import ReaderApp
from reader.ui.screens import main
from reader.ui.widgets.side_panel import SidePanel

TESTS = Path(__file__).resolve().parent.parent
SEED = TESTS.parent / "seeds" / "000_eb7556d38df37801.txt"
ACCURATE_ONLY = "الشجرة"  # a place of the seed the accurate analyser finds and the default misses


def test_the_panel_gets_the_accurate_analysis_from_the_worker_after_the_quick_one(
        tmp_path: Path) -> None:
    lines = run_fresh(f"""
        import asyncio, sys, threading, time
        from pathlib import Path

        sys.modules["reader.nlp.transformer"] = None  # importing it here raises ImportError
        from reader.config import Config
        from reader.services.intake import import_paths
        from reader.services.reading import open_library
        from reader.store.location import LibraryLocation
        from reader.ui.app import ReaderApp
        from reader.ui.screens import main
        from reader.ui.widgets.side_panel import SidePanel

        main.BACKGROUND_DELAY = 600.0  # only the open article's ask starts the worker
        shown = []
        original = SidePanel.show_analysis

        def recording(self, analysis):
            places = [e.text for e in analysis.entities if e.label == "LOCATION"]
            shown.append((threading.current_thread() is threading.main_thread(), places))
            original(self, analysis)

        SidePanel.show_analysis = recording
        location = LibraryLocation.parse({str(tmp_path / "library.db")!r})
        library = open_library([], location, "accurate")
        import_paths(library, [{str(SEED)!r}])
        app = ReaderApp([], library=library, config=Config(analyzer="accurate"))

        async def session():
            async with app.run_test(size=(160, 40)) as pilot:
                deadline = time.monotonic() + 120
                while time.monotonic() < deadline:
                    await pilot.pause(0.1)
                    if any({ACCURATE_ONLY!r} in places for _, places in shown):
                        break

        asyncio.run(session())
        for on_ui_thread, places in shown:
            print("shown", on_ui_thread, {ACCURATE_ONLY!r} in places, len(places))
        model = sorted(m for m in sys.modules if m.startswith(("reader.nlp.", "pycrfsuite"))
                       and sys.modules[m] is not None)
        print("model", model)
        library.close()
    """)
    output = "\n".join(lines)
    panels = [line for line in lines if line.startswith("shown")]
    assert panels, output
    assert panels[-1].startswith("shown True True"), "the accurate analysis, on the UI thread"
    assert panels[0].startswith("shown True False"), "the quick one first: " + output
    assert "model []" in lines, output


async def test_after_a_switch_the_stale_analysis_shows_until_the_current_one_comes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(main, "BACKGROUND_DELAY", 600.0)
    monkeypatch.setattr(WorkerProcess, "start", lambda self: True)  # the worker is played here
    path = tmp_path / "library.db"
    with Library.open(path, analyzer_version=ANALYZER_VERSION) as default:
        default.add([Article(title=f"Story {n}", paragraphs=(f"Story {n} from Homs.",))
                     for n in range(3)])
        for article_id in default.ids():
            default.cache_analysis(article_id, analysis("Homs"))
    library = Library.open(path, analyzer_version=ACCURATE_ANALYZER_VERSION)
    app = ReaderApp([], library=library, config=Config(analyzer="accurate"))
    panel_places: list[list[str]] = []
    original = SidePanel.show_analysis

    def recording(panel: SidePanel, found: AnalysisLike) -> None:
        panel_places.append([e.text for e in found.entities])
        original(panel, found)

    monkeypatch.setattr(SidePanel, "show_analysis", recording)
    try:
        async with app.run_test(size=(160, 40)) as pilot:
            await until(pilot, lambda: bool(panel_places), "the stale analysis")
            assert panel_places == [["Homs"]]
            with Library.open(path, analyzer_version=ACCURATE_ANALYZER_VERSION) as worker:
                for article_id in worker.ids():  # whichever is open
                    worker.cache_analysis(article_id, analysis("Homs city"))
            await until(pilot, lambda: panel_places[-1] == ["Homs city"], "the accurate one")
    finally:
        library.close()


def analysis(place: str) -> CachedAnalysis:
    return CachedAnalysis("", (CachedEntity(place, "LOCATION", 1, ((0, 4),)),), ())
