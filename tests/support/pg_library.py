"""A scratch database's conninfo as the ``postgresql://`` URL a library is opened with (a
conninfo string would be taken for a file name)."""

from __future__ import annotations

from urllib.parse import quote


def library_url(conninfo: str) -> str:
    """The ``postgresql://user[:password]@host:port/dbname`` URL of ``conninfo``."""
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(conninfo)
    user = quote(str(params.get("user", "")), safe="")
    if params.get("password"):
        user += ":" + quote(str(params["password"]), safe="")
    host, port = params.get("host", "localhost"), params.get("port", "5432")
    return f"postgresql://{user}@{host}:{port}/{quote(str(params['dbname']), safe='')}"
