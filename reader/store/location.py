"""Where a library lives: a SQLite file (a path, ``sqlite:///path``) or a PostgreSQL database
(``postgresql://…`` / ``postgres://…``). :meth:`LibraryLocation.parse` is the one place that
decides; :meth:`LibraryLocation.resolve` picks the location of a session (``--library``, else
``READER_LIBRARY``, else the config file's ``library``, else the XDG file).

A password in a URL is never shown: :attr:`LibraryLocation.display` masks it, and every message
about a library names it through ``display``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Final

from reader.locations import data_dir
from reader.store.errors import LibraryError

DB_NAME = "library.db"
ENV_LIBRARY = "READER_LIBRARY"
ENV_USER = "READER_USER"
IN_MEMORY = ":memory:"
_POSTGRES_SCHEMES = ("postgresql", "postgres")
_SQLITE_PREFIX = "sqlite://"
_MASK = "***"
# scheme://[user[:password]@]rest — parsed by hand: the store imports nothing of the network.
# Compiled on first use (a SQLite library never needs them).
_URL = r"(?P<scheme>[^:/?#]+)://(?:(?P<userinfo>[^/?#]*)@)?(?P<rest>.*)"
_PASSWORD_PARAM = r"(?i)(?<=[?&])(password=)[^&#]*"


class Backend:
    """The database engines that hold a library (plain strings: this module is on the way to
    the first screen, where an enum or a frozen dataclass costs a millisecond to create)."""

    SQLITE: Final = "sqlite"
    POSTGRES: Final = "postgresql"


class LibraryLocation:
    """A parsed library location: ``path`` for SQLite, ``url`` for PostgreSQL. Immutable."""

    __slots__ = ("backend", "path", "url")
    backend: str
    path: Path | None
    url: str

    def __init__(self, backend: str, path: Path | None = None, url: str = "") -> None:
        object.__setattr__(self, "backend", backend)
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "url", url)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a library location is immutable ({name})")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LibraryLocation) and (
            (self.backend, self.path, self.url) == (other.backend, other.path, other.url))

    def __hash__(self) -> int:
        return hash((self.backend, self.path, self.url))

    def __repr__(self) -> str:
        return f"LibraryLocation({self.backend!r}, {self.display!r})"

    @classmethod
    def parse(cls, text: str | Path) -> LibraryLocation:
        """The location ``text`` names: a PostgreSQL URL, a ``sqlite://`` URL or a path."""
        if isinstance(text, Path):
            return cls(Backend.SQLITE, path=text)
        stripped = text.strip()
        scheme = stripped.split(":", 1)[0].lower() if "://" in stripped else ""
        if scheme in _POSTGRES_SCHEMES:
            return cls(Backend.POSTGRES, url=stripped)
        if scheme == "sqlite":
            rest = stripped[len(_SQLITE_PREFIX):]
            if not rest or rest == "/":
                raise LibraryError("a sqlite:// library needs a file: sqlite:///path/to/library.db")
            # sqlite:///abs/path (three slashes) is absolute; sqlite://rel/path is relative.
            return cls(Backend.SQLITE, path=Path(rest[1:] if rest.startswith("//") else rest))
        if scheme:
            raise LibraryError(
                f"unknown kind of library {mask_url(stripped)!r}: give a file path, "
                "sqlite:///path or postgresql://user@host/database"
            )
        if stripped == IN_MEMORY:
            return cls(Backend.SQLITE, path=Path(IN_MEMORY))
        return cls(Backend.SQLITE, path=Path(stripped).expanduser())

    @classmethod
    def resolve(cls, given: str | Path | None, configured: str = "") -> LibraryLocation:
        """The session's library: ``given`` (``--library``), else ``READER_LIBRARY``, else
        ``configured`` (the config file), else the XDG file."""
        for candidate in (given, os.environ.get(ENV_LIBRARY), configured):
            if candidate is not None and str(candidate).strip():
                return cls.parse(candidate)
        return cls(Backend.SQLITE, path=default_path())

    @property
    def is_postgres(self) -> bool:
        return self.backend == Backend.POSTGRES

    @property
    def display(self) -> str:
        """The location for messages: the path, or the URL with its password masked."""
        return mask_url(self.url) if self.is_postgres else str(self.path)

    def conninfo(self) -> str:
        """The URL to connect with: as given, with ``READER_USER`` as the user when it names
        none (else libpq's default, the login name)."""
        found = re.fullmatch(_URL, self.url, re.S)
        reader_user = os.environ.get(ENV_USER, "").strip()
        if found is None or not reader_user or (found["userinfo"] or "").split(":")[0]:
            return self.url
        password = found["userinfo"].split(":", 1)[1] if found["userinfo"] else ""
        userinfo = _quote_user(reader_user) + (f":{password}" if password else "")
        return f"{found['scheme']}://{userinfo}@{found['rest']}"

    def __str__(self) -> str:
        return self.display


def default_path() -> Path:
    """``$XDG_DATA_HOME/reader/library.db``."""
    return data_dir() / DB_NAME


def mask_url(url: str) -> str:
    """``url`` with any password replaced by ``***`` (after the user, and a ``password=``
    parameter)."""
    found = re.fullmatch(_URL, url, re.S)
    if found is None:
        return re.sub(_PASSWORD_PARAM, rf"\g<1>{_MASK}", url)
    userinfo = found["userinfo"]
    if userinfo is not None and ":" in userinfo:
        userinfo = f"{userinfo.split(':', 1)[0]}:{_MASK}"
    rest = re.sub(_PASSWORD_PARAM, rf"\g<1>{_MASK}", found["rest"])
    return f"{found['scheme']}://" + (f"{userinfo}@" if userinfo is not None else "") + rest


def _quote_user(name: str) -> str:
    """A user name as a URL's userinfo spells it (reserved characters percent-encoded)."""
    return "".join(c if c.isalnum() or c in "-._~" else
                   "".join(f"%{b:02X}" for b in c.encode()) for c in name)
