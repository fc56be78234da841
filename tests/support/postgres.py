"""Libraries on a real PostgreSQL server for the tests (READER_TEST_POSTGRES = a superuser URL).

Each test session migrates one template database once and creates one ordinary role (no
superuser, so row-level security applies to it as to a desk's reader); each test gets a fresh
database copied from the template, and fresh roles when it needs several readers. Everything
made is dropped afterwards. Without the server the tests skip, unless READER_REQUIRE_POSTGRES=1
(CI) makes that a failure (see :mod:`support.pg_scratch`).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from reader.store.library import Library
from reader.store.location import LibraryLocation
from support.pg_scratch import server_url

PREFIX = "reader_test"


def _admin() -> Any:
    import psycopg

    return psycopg.connect(server_url(), autocommit=True)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass
class PgServer:
    """The test server: a migrated template, and the roles and databases made from it."""

    admin_url: str
    host: str
    port: str
    superuser: str
    template: str = ""
    databases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    @classmethod
    def start(cls) -> PgServer:
        from psycopg.conninfo import conninfo_to_dict

        url = server_url()
        info = conninfo_to_dict(url)
        return cls(url, str(info.get("host") or "127.0.0.1"), str(info.get("port") or 5432),
                   str(info.get("user") or "postgres"))

    def url(self, database: str, role: str | None = None) -> str:
        user = f"{role}@" if role else ""
        return f"postgresql://{user}{self.host}:{self.port}/{database}"

    def create_role(self, stem: str = "reader") -> str:
        """A new login role (trust auth on the test server: no password)."""
        name = f"{PREFIX}_{stem}_{secrets.token_hex(4)}"
        with _admin() as conn:
            conn.execute(f"CREATE ROLE {_quoted(name)} LOGIN".encode())
        self.roles.append(name)
        return name

    def create_database(self) -> str:
        """A fresh library database, copied from the migrated template."""
        with _admin() as conn:
            if not self.template:
                # Owned and migrated by an ordinary role, as a desk's administrator would (a
                # superuser would pass every row-level security policy unseen).
                owner = self.create_role("owner")
                self.template = f"{PREFIX}_tpl_{secrets.token_hex(4)}"
                conn.execute(f"CREATE DATABASE {_quoted(self.template)} OWNER "
                             f"{_quoted(owner)}".encode())
                Library.open(self.url(self.template, owner)).close()
                self._forget_readers(self.template)
            name = f"{PREFIX}_{secrets.token_hex(6)}"
            conn.execute(f"CREATE DATABASE {_quoted(name)} TEMPLATE "
                         f"{_quoted(self.template)}".encode())
        self.databases.append(name)
        return name

    def _forget_readers(self, database: str) -> None:
        import psycopg

        with psycopg.connect(self.url(database, self.superuser), autocommit=True) as conn:
            conn.execute(b"DELETE FROM readers")

    def drop_database(self, name: str) -> None:
        with _admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)".encode())
        if name in self.databases:
            self.databases.remove(name)

    def drop_role(self, name: str) -> None:
        with _admin() as conn:
            conn.execute(f"DROP ROLE IF EXISTS {_quoted(name)}".encode())
        if name in self.roles:
            self.roles.remove(name)

    def stop(self) -> None:
        for name in list(self.databases):
            self.drop_database(name)
        if self.template:
            self.drop_database(self.template)
        for role in list(self.roles):
            self.drop_role(role)


@dataclass
class PgLibraries:
    """One test's libraries: a database per name, opened as the session's reader role unless
    a role is given."""

    server: PgServer
    role: str
    made: dict[str, str] = field(default_factory=dict)

    def location(self, name: str = "library", role: str | None = None) -> LibraryLocation:
        if name not in self.made:
            self.made[name] = self.server.create_database()
        return LibraryLocation.parse(self.server.url(self.made[name], role or self.role))

    def raw(self, name: str = "library", role: str | None = None) -> Any:
        """A psycopg connection to the library ``name`` as ``role`` (the session's reader)."""
        import psycopg

        self.location(name)
        return psycopg.connect(self.server.url(self.made[name], role or self.role),
                               autocommit=True)

    def close(self) -> None:
        for database in self.made.values():
            self.server.drop_database(database)


def libraries(server: PgServer, role: str) -> Iterator[PgLibraries]:
    made = PgLibraries(server, role)
    try:
        yield made
    finally:
        made.close()


@dataclass
class Desk:
    """One library database and the roles of its readers."""

    server: PgServer
    database: str
    alice: str
    bob: str

    def location(self, role: str) -> LibraryLocation:
        return LibraryLocation.parse(self.server.url(self.database, role))

    def open(self, role: str) -> Library:
        return Library.open(self.location(role))

    def raw(self, role: str) -> Any:
        import psycopg

        return psycopg.connect(self.server.url(self.database, role), autocommit=True)


def desk_of(pg_server: PgServer) -> Iterator[Desk]:
    """alice and bob, two fresh roles, and a fresh library database; dropped after."""
    alice, bob = pg_server.create_role("alice"), pg_server.create_role("bob")
    database = pg_server.create_database()
    try:
        yield Desk(pg_server, database, alice, bob)
    finally:
        pg_server.drop_database(database)
        pg_server.drop_role(alice)
        pg_server.drop_role(bob)
