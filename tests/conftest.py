"""Shared fixtures: every test gets its own empty XDG directories and a clean environment."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support.postgres import Desk, PgLibraries, PgServer, desk_of, libraries

from reader.store.location import LibraryLocation

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT / "seeds"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point config and data at a temporary home so tests never touch the user's files."""
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("READER_CONFIG", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("PYTHON_ARABIC_RESHAPER_CONFIGURATION_FILE", raising=False)
    return home


# -- libraries on both backends ----------------------------------------------------------------

LibraryAt = Callable[[str], LibraryLocation]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The PostgreSQL test server (skips without READER_TEST_POSTGRES, see support.postgres)."""
    server = PgServer.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_reader(pg_server: PgServer) -> str:
    """The session's ordinary (not superuser) role that opens the test libraries."""
    return pg_server.create_role()


@pytest.fixture
def pg_libraries(pg_server: PgServer, pg_reader: str) -> Iterator[PgLibraries]:
    """Fresh PostgreSQL library databases for one test, dropped after it."""
    yield from libraries(pg_server, pg_reader)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """Each test using it runs once on each backend (ids ``sqlite`` and ``postgres``)."""
    return str(request.param)


@pytest.fixture
def library_at(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> LibraryAt:
    """A library location by name on the test's backend: the same name is the same library
    (a file under tmp_path, or a fresh database of its own)."""
    if backend == "sqlite":
        def in_tmp_path(name: str = "library") -> LibraryLocation:
            return LibraryLocation.parse(tmp_path / f"{name}.db")

        return in_tmp_path
    made: PgLibraries = request.getfixturevalue("pg_libraries")
    return made.location


@pytest.fixture
def desk(pg_server: PgServer) -> Iterator[Desk]:
    """A desk's library on PostgreSQL read by two fresh roles, alice and bob."""
    yield from desk_of(pg_server)
