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
