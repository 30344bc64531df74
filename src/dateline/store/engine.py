"""Which database, and how to connect: SQLite by default (a file, WAL), PostgreSQL for teams."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from ..errors import UsageError

DEFAULT_DB = "./dateline.db"
ENV_DB = "DATELINE_DB"
BUSY_TIMEOUT_MS = 30_000
WRITE_OPTION = "dateline_write"


def resolve_url(db: str | None = None) -> str:
    """The SQLAlchemy URL for `--db` (or $DATELINE_DB, or ./dateline.db).

    A bare path is a SQLite file; `postgresql://` and `postgres://` use the psycopg 3 driver."""
    value = (db or os.environ.get(ENV_DB) or DEFAULT_DB).strip()
    if "://" not in value:
        return f"sqlite:///{value}"
    scheme, rest = value.split("://", 1)
    if scheme in ("postgresql", "postgres", "postgresql+psycopg2"):
        return f"postgresql+psycopg://{rest}"
    if scheme in ("postgresql+psycopg", "sqlite", "sqlite+pysqlite"):
        return value
    raise UsageError(
        f"the database URL {value!r} is not SQLite or PostgreSQL; give a file path, sqlite:///FILE "
        "or postgresql://user@host/db"
    )


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL or an in-memory database)."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let us issue BEGIN ourselves (see _sqlite_begin) instead of pysqlite's implicit transactions.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    # A writing transaction takes the write lock up front (IMMEDIATE), so two writers wait
    # (busy_timeout) instead of failing when a reading transaction later writes. Readers begin
    # DEFERRED and, with WAL, never wait for a writer.
    if connection.get_execution_options().get(WRITE_OPTION):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def make_engine(db: str | None = None) -> sa.Engine:
    url = resolve_url(db)
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def writer(engine: sa.Engine) -> sa.Engine:
    """The same engine (and pool) for transactions that write: on SQLite they BEGIN IMMEDIATE."""
    return engine.execution_options(**{WRITE_OPTION: True})
