"""A scratch PostgreSQL database of a test session's own, on the server READER_TEST_POSTGRES
names (a superuser URL); tests that need one skip without it, unless READER_REQUIRE_POSTGRES=1
makes a missing server a failure (CI, where the server is part of the run)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

SERVER_VARIABLE = "READER_TEST_POSTGRES"
REQUIRE_VARIABLE = "READER_REQUIRE_POSTGRES"


def server_url() -> str:
    """The superuser URL of the test server; skips (or fails, when required) without one."""
    url = os.environ.get(SERVER_VARIABLE, "")
    required = os.environ.get(REQUIRE_VARIABLE) == "1"
    if not url:
        message = f"{SERVER_VARIABLE} is not set: no PostgreSQL server to test against"
        if required:
            pytest.fail(message)
        pytest.skip(message)
    try:
        import psycopg  # noqa: F401
    except ImportError:
        if required:
            raise
        pytest.skip("psycopg is not installed (pip install -e '.[postgres]')")
    return url


@contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """Create an empty database ``<prefix>_<random>`` and yield its URL; drop it afterwards."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    admin = server_url()
    name = f"{prefix}_{secrets.token_hex(6)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_conninfo(admin, dbname=name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
