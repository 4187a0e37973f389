"""Create and drop the benchmark's PostgreSQL database through the server's maintenance DB."""

from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def _split(url: str) -> tuple[str, str]:
    """Return (maintenance URL, database name) for a postgres:// URL."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise ValueError(f"the PostgreSQL URL names no database: {url}")
    return urlunsplit(parts._replace(path="/postgres")), name


def unreachable_reason(url: str) -> str:
    """Return why the server cannot be used ('' when it can)."""
    maintenance, _ = _split(url)
    try:
        with psycopg.connect(maintenance, connect_timeout=3):
            return ""
    except psycopg.Error as error:
        where = f"{urlsplit(url).hostname}:{urlsplit(url).port or 5432}"
        return f"cannot connect to {where} ({error.__class__.__name__})"


def create_database(url: str) -> None:
    """Create the benchmark database, dropping a leftover one first.

    Raises:
        psycopg.Error: the server refused (permissions, disk).
    """
    maintenance, name = _split(url)
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    """Drop the benchmark database.

    Raises:
        psycopg.Error: the server refused.
    """
    maintenance, name = _split(url)
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
