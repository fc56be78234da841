"""Where a library lives: one parser decides between a SQLite file and a PostgreSQL URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.store import LibraryError
from reader.store.location import Backend, LibraryLocation, default_path, mask_url


@pytest.mark.parametrize(
    ("text", "backend", "path"),
    [
        ("library.db", Backend.SQLITE, Path("library.db")),
        ("/srv/news/library.db", Backend.SQLITE, Path("/srv/news/library.db")),
        ("sqlite:///srv/news/library.db", Backend.SQLITE, Path("/srv/news/library.db")),
        ("sqlite://relative/library.db", Backend.SQLITE, Path("relative/library.db")),
        (":memory:", Backend.SQLITE, Path(":memory:")),
        ("postgresql://alice@db.example/desk", Backend.POSTGRES, None),
        ("postgres://db.example:5433/desk", Backend.POSTGRES, None),
        ("PostgreSQL://db.example/desk", Backend.POSTGRES, None),
    ],
)
def test_a_path_is_sqlite_and_a_postgres_url_is_postgres(
    text: str, backend: str, path: Path | None
) -> None:
    location = LibraryLocation.parse(text)
    assert location.backend == backend and location.path == path
    assert location.url == ("" if path else text)


def test_an_unknown_scheme_is_refused_with_its_password_masked() -> None:
    with pytest.raises(LibraryError, match=r"mysql://root:\*\*\*@db/x") as raised:
        LibraryLocation.parse("mysql://root:hunter2@db/x")
    assert "hunter2" not in str(raised.value)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://alice:pa:ss@db/desk", "postgresql://alice:***@db/desk"),
        ("postgresql://alice@db/desk?password=x&sslmode=require",
         "postgresql://alice@db/desk?password=***&sslmode=require"),
        ("postgresql://db/desk?sslmode=require&PASSWORD=x", "postgresql://db/desk?sslmode=require&PASSWORD=***"),
        ("postgresql://alice@db/desk", "postgresql://alice@db/desk"),
    ],
)
def test_a_password_is_masked_wherever_the_url_carries_it(url: str, shown: str) -> None:
    assert mask_url(url) == shown
    assert LibraryLocation.parse(url).display == shown
    assert str(LibraryLocation.parse(url)) == shown
    assert "pa:ss" not in repr(LibraryLocation.parse(url)) and "=x" not in repr(
        LibraryLocation.parse(url))


def test_the_user_is_reader_user_when_the_url_names_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_USER", "carol")
    assert LibraryLocation.parse("postgresql://db/desk").conninfo() == "postgresql://carol@db/desk"
    assert (LibraryLocation.parse("postgresql://:pw@db/desk").conninfo()
            == "postgresql://carol:pw@db/desk")
    named = "postgresql://alice@db/desk"
    assert LibraryLocation.parse(named).conninfo() == named
    monkeypatch.delenv("READER_USER")
    assert LibraryLocation.parse("postgresql://db/desk").conninfo() == "postgresql://db/desk"


def test_the_flag_then_the_environment_then_the_config_then_the_xdg_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("READER_LIBRARY", raising=False)
    assert LibraryLocation.resolve(None).path == default_path()
    assert LibraryLocation.resolve(None, "postgresql://db/desk").url == "postgresql://db/desk"
    monkeypatch.setenv("READER_LIBRARY", str(tmp_path / "env.db"))
    assert LibraryLocation.resolve(None, "postgresql://db/desk").path == tmp_path / "env.db"
    assert LibraryLocation.resolve("postgres://db/x", "ignored").url == "postgres://db/x"
    assert LibraryLocation.resolve(tmp_path / "flag.db").path == tmp_path / "flag.db"
