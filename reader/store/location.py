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
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

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
_URL = re.compile(r"(?P<scheme>[^:/?#]+)://(?:(?P<userinfo>[^/?#]*)@)?(?P<rest>.*)", re.S)
_PASSWORD_PARAM = re.compile(r"(?i)(?<=[?&])(password=)[^&#]*")


class Backend(StrEnum):
    """The database engine holding a library."""

    SQLITE = "sqlite"
    POSTGRES = "postgresql"


@dataclass(frozen=True, slots=True)
class LibraryLocation:
    """A parsed library location: ``path`` for SQLite, ``url`` for PostgreSQL."""

    backend: Backend
    path: Path | None = None
    url: str = ""

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
        return self.backend is Backend.POSTGRES

    @property
    def display(self) -> str:
        """The location for messages: the path, or the URL with its password masked."""
        return mask_url(self.url) if self.is_postgres else str(self.path)

    def conninfo(self) -> str:
        """The URL to connect with: as given, with ``READER_USER`` as the user when it names
        none (else libpq's default, the login name)."""
        found = _URL.fullmatch(self.url)
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
    found = _URL.fullmatch(url)
    if found is None:
        return _PASSWORD_PARAM.sub(rf"\g<1>{_MASK}", url)
    userinfo = found["userinfo"]
    if userinfo is not None and ":" in userinfo:
        userinfo = f"{userinfo.split(':', 1)[0]}:{_MASK}"
    rest = _PASSWORD_PARAM.sub(rf"\g<1>{_MASK}", found["rest"])
    return f"{found['scheme']}://" + (f"{userinfo}@" if userinfo is not None else "") + rest


def _quote_user(name: str) -> str:
    """A user name as a URL's userinfo spells it (reserved characters percent-encoded)."""
    return "".join(c if c.isalnum() or c in "-._~" else
                   "".join(f"%{b:02X}" for b in c.encode()) for c in name)
