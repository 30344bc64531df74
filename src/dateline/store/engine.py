"""Which database, and how to connect: SQLite by default (a file, WAL), PostgreSQL for teams."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from ..errors import StoreFull, StoreLocked, UsageError

DEFAULT_DB = "./dateline.db"
ENV_DB = "DATELINE_DB"
BUSY_TIMEOUT_MS = 30_000
ENV_BUSY_TIMEOUT = "DATELINE_BUSY_TIMEOUT_MS"
WRITE_OPTION = "dateline_write"
# PostgreSQL restarting (or failing over): wait this long between tries before giving up, ~6 s in all.
RETRY_DELAYS = (0.1, 0.2, 0.5, 1.0, 2.0, 2.0)


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


def busy_timeout_ms() -> int:
    """How long a SQLite writer waits for another's lock: $DATELINE_BUSY_TIMEOUT_MS, else 30 s."""
    value = os.environ.get(ENV_BUSY_TIMEOUT, "").strip()
    if not value:
        return BUSY_TIMEOUT_MS
    try:
        ms = int(value)
    except ValueError:
        raise UsageError(f"{ENV_BUSY_TIMEOUT}={value!r}: give a whole number of milliseconds") from None
    if ms < 0:
        raise UsageError(f"{ENV_BUSY_TIMEOUT}={value!r}: give 0 or more milliseconds")
    return ms


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let us issue BEGIN ourselves (see _sqlite_begin) instead of pysqlite's implicit transactions.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
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


def _sqlite_error(context: Any) -> None:
    """Lock timeouts and a full disk as typed errors that say what to do, instead of a bare
    OperationalError. SQLite has rolled the transaction back: nothing of it was stored."""
    text = str(context.original_exception).lower()
    if "database is locked" in text or "database is busy" in text:
        raise StoreLocked(
            f"the database is locked: another process held its write lock for more than "
            f"{busy_timeout_ms()} ms; nothing of the article in hand was stored. Wait for the other "
            f"writer (or stop it) and run the command again, or raise ${ENV_BUSY_TIMEOUT}"
        ) from context.original_exception
    if "disk is full" in text:
        raise StoreFull(
            "disk full: the database could not grow; nothing of the article in hand was stored and "
            "what was stored before is intact. Free space on that disk (or use --db elsewhere) and run "
            "the same command again: it resumes where it stopped"
        ) from context.original_exception


def _pg_connect(dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
    """Connect, retrying with backoff while the server is down or starting (a restart, a failover)."""
    for delay in (*RETRY_DELAYS, None):
        try:
            return dialect.connect(*cargs, **cparams)
        except dialect.loaded_dbapi.OperationalError:
            if delay is None:
                raise
            time.sleep(delay)
    raise AssertionError("unreachable")


def make_engine(db: str | None = None) -> sa.Engine:
    url = resolve_url(db)
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": busy_timeout_ms() / 1000})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "handle_error", _sqlite_error)
        return engine
    engine = sa.create_engine(url, pool_pre_ping=True)
    event.listen(engine, "do_connect", _pg_connect)
    return engine


def writer(engine: sa.Engine) -> sa.Engine:
    """The same engine (and pool) for transactions that write: on SQLite they BEGIN IMMEDIATE."""
    return engine.execution_options(**{WRITE_OPTION: True})
