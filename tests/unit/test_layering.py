"""The model and services layer never imports Textual: checked in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import reader

UI_PACKAGES = ("reader.ui", "reader.cli.tui")
ENTRY_POINTS = ("reader.__main__",)  # importing it runs the command


def _headless_modules() -> list[str]:
    names = []
    for module in pkgutil.walk_packages(reader.__path__, prefix="reader."):
        if not module.name.startswith(UI_PACKAGES) and module.name not in ENTRY_POINTS:
            names.append(module.name)
    return names


def test_headless_modules_exist() -> None:
    names = _headless_modules()
    assert "reader.model.article" in names
    assert "reader.text.direction" in names


def test_model_and_services_never_import_textual() -> None:
    modules = _headless_modules()
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual',))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"Textual imported by the headless layer: {result.stdout}"


SERVICES = ("reader.services.reading", "reader.services.triage")
ABOVE_SERVICES = ("reader.ui", "reader.cli")


def test_services_never_import_textual_or_the_layers_above() -> None:
    """Each service alone, in a fresh interpreter: what it pulls in must be headless too."""
    services = [name for name in _headless_modules() if name.startswith("reader.services.")]
    assert set(SERVICES) <= set(services)
    script = (
        "import importlib, sys\n"
        "name = sys.argv[1]\n"
        "importlib.import_module(name)\n"
        f"above = {ABOVE_SERVICES!r}\n"
        "bad = [m for m in sys.modules if m.split('.')[0] == 'textual'"
        " or m.startswith(tuple(a + '.' for a in above)) or m in above]\n"
        "print(','.join(sorted(bad)))\n"
    )
    for name in services:
        result = subprocess.run(
            [sys.executable, "-c", script, name], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == "", f"{name} imports {result.stdout.strip()}"
