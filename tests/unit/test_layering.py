"""Layers: the model and services never import Textual, the run time never imports the tooling
(reader.training), and no reader module imports itself round a cycle."""

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


def _printed_by(script: str, *args: str) -> str:
    """What ``script`` prints in a fresh interpreter (whatever this one has imported aside)."""
    result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                            text=True, check=True)
    return result.stdout.strip()


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
    printed = _printed_by(script)
    assert printed == "", f"Textual imported by the headless layer: {printed}"


# The store is persistence only: what turns the outside world into articles (network, feeds,
# XML) lives in reader.sources, and the store never reaches up into the layers that use it.
STORE_FORBIDDEN = (
    "reader.sources", "reader.services", "reader.nlp", "reader.ui", "reader.cli",
    "urllib", "http", "socket", "ssl", "feedparser", "xml",
)  # fmt: skip


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
        if _forbidden(module)
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


# -- tooling apart, no cycles -----------------------------------------------------------------

TOOLING_PACKAGE = "reader.training"


def _runtime_modules() -> list[str]:
    names = []
    for module in pkgutil.walk_packages(reader.__path__, prefix="reader."):
        if not module.name.startswith(TOOLING_PACKAGE) and module.name not in ENTRY_POINTS:
            names.append(module.name)
    return names


def test_runtime_never_imports_the_tooling() -> None:
    modules = _runtime_modules()
    assert "reader.nlp.crf" in modules
    assert not any(name.startswith(TOOLING_PACKAGE) for name in modules)
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.startswith({TOOLING_PACKAGE!r}))\n"
        "print(','.join(bad))\n"
    )
    printed = _printed_by(script)
    assert printed == "", f"the tooling imported at run time: {printed}"


def test_no_static_reference_from_runtime_to_tooling() -> None:
    """Also the imports a module makes lazily, inside a function, which the fresh interpreter
    above never runs."""
    graph = _import_graph()
    leaks = sorted(
        (module, target)
        for module, targets in graph.items()
        if not module.startswith(TOOLING_PACKAGE)
        for target in targets
        if target.startswith(TOOLING_PACKAGE)
    )
    assert leaks == []


def test_the_word_model_stands_alone() -> None:
    """reader.lang is beneath both its readers, search (reader.store) and extraction
    (reader.nlp): it imports no other reader package, and both import it."""
    graph = _import_graph()
    lang = {name: targets for name, targets in graph.items() if name.startswith("reader.lang")}
    assert "reader.lang.words" in lang
    assert all(target.startswith("reader.lang") for targets in lang.values() for target in targets)
    assert "reader.lang.words" in graph["reader.store.search"]
    assert "reader.lang.words" in graph["reader.nlp.arabic"]


def test_no_import_cycle_among_reader_modules() -> None:
    """Lazy imports inside functions count too; imports for type checking only do not."""
    graph = _import_graph()
    assert "reader.training.train" in graph["reader.training.evaluate"], "the graph sees imports"
    assert _cycles(graph) == []


def _module_files() -> dict[str, Path]:
    root = Path(reader.__path__[0])
    files = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        files[".".join(parts)] = path
    return files


def _import_graph() -> dict[str, set[str]]:
    """Each reader module → the reader modules it imports anywhere in its code, except under
    ``if TYPE_CHECKING:``."""
    files = _module_files()
    return {name: _imports(name, path, files) for name, path in files.items()}


def _imports(name: str, path: Path, files: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in files else node.module)
    return {target for target in found if target in files and target != name}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph[module]):
            if target not in order:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], order[target])
        if low[module] == order[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in order:
            visit(module)
    return found


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
        printed = _printed_by(script, name)
        assert printed == "", f"{name} imports {printed}"


def test_the_live_layer_never_loads_psycopg_for_a_sqlite_library() -> None:
    """The live layer (feed locks, announcements, the analysis queue) and the services that use
    it import psycopg only when a PostgreSQL library is used."""
    script = (
        "import sys, tempfile, pathlib\n"
        "import reader.store.pg_live, reader.services.feeds, reader.services.reading\n"
        "from reader.services import feeds\n"
        "from reader.store import Library\n"
        "with tempfile.TemporaryDirectory() as d, Library.open(pathlib.Path(d, 'l.db')) as lib:\n"
        "    feeds.refresh_feeds(lib)\n"
        "    feeds.LibraryChanges(lib).listen(print)\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('psycopg'))))\n"
    )
    printed = _printed_by(script)
    assert printed == "", f"psycopg loaded for a SQLite library: {printed}"


def test_a_sqlite_library_never_loads_psycopg(tmp_path: Path) -> None:
    """psycopg (and its pool) load only when a PostgreSQL library is opened: a SQLite user's
    start-up is what it was."""
    script = (
        "import sys\n"
        "from reader.store import Library, Incoming\n"
        f"with Library.open({str(tmp_path / 'lib.db')!r}) as library:\n"
        "    library.count(Incoming()); library.search('x')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('psycopg', 'psycopg_pool')"
        " or m == 'reader.store.engine_postgres'))\n"
    )
    printed = _printed_by(script)
    assert printed == "[]"
