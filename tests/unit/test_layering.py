"""The model and services layer never imports Textual: checked in a fresh interpreter."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

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


# The store is persistence only: what turns the outside world into articles (network, feeds,
# XML) lives in reader.sources, and the store never reaches up into the layers that use it.
STORE_FORBIDDEN = (
    "reader.sources", "reader.services", "reader.nlp", "reader.ui", "reader.cli",
    "urllib", "http", "socket", "ssl", "feedparser", "xml",
)  # fmt: skip
# The analyzer version import goes when the callers pass it in (issue 11, helper "words").
STORE_KNOWN_EXCEPTIONS = {("library.py", "reader.nlp")}


def _imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _forbidden(module: str) -> bool:
    return any(module == bad or module.startswith(bad + ".") for bad in STORE_FORBIDDEN)


def test_the_store_imports_no_network_feed_or_higher_layer() -> None:
    store = Path(reader.__file__).parent / "store"
    files = sorted(store.glob("*.py"))
    assert len(files) > 10
    leaks = sorted(
        (path.name, module)
        for path in files
        for module in _imported_modules(path)
        if _forbidden(module) and (path.name, module) not in STORE_KNOWN_EXCEPTIONS
    )
    assert leaks == []


def test_the_store_check_sees_a_leak(tmp_path: Path) -> None:
    leaky = tmp_path / "leaky.py"
    leaky.write_text("def f():\n    import urllib.request\n    from reader.sources import x\n")
    assert {m for m in _imported_modules(leaky) if _forbidden(m)} == {
        "urllib.request", "reader.sources"
    }


LAYER_FORBIDDEN = {
    # the sources turn the outside world into articles and know nothing of where they go
    "sources": ("reader.store", "reader.services", "reader.nlp", "reader.ui", "reader.cli",
                "textual"),
    "services": ("reader.ui", "reader.cli", "textual"),
}  # fmt: skip


def test_the_sources_and_services_keep_to_their_layer() -> None:
    root = Path(reader.__file__).parent
    leaks = sorted(
        (f"{layer}/{path.name}", module)
        for layer, forbidden in LAYER_FORBIDDEN.items()
        for path in sorted((root / layer).glob("*.py"))
        for module in _imported_modules(path)
        if module.startswith(forbidden)
    )
    assert leaks == []
