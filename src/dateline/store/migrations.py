"""Schema migrations: a small ordered list, applied in order, each once, recorded in schema_version.

To change the schema, append a migration (never edit an applied one) and update schema.py to match.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from . import schema


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[sa.Connection], None]


def _initial(conn: sa.Connection) -> None:
    schema.metadata.create_all(conn)
    if conn.dialect.name == "sqlite":
        # External-content FTS5 index over articles: the text is not stored twice.
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts "
            "USING fts5(title, text, content='articles', content_rowid='id')"
        )
    else:
        conn.exec_driver_sql(
            "ALTER TABLE articles ADD COLUMN IF NOT EXISTS search tsvector GENERATED ALWAYS AS "
            "(to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED"
        )
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_articles_search ON articles USING GIN (search)")


def _failures_by_source(conn: sa.Connection) -> None:
    # Every stored article clears the failures of its source: look them up by index, not by scan.
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_failures_source ON failures (source)")


def _event_reads(conn: sa.Connection) -> None:
    # The API lists events with their first report and their outlets: the first mention of an event
    # is one index seek, and an article's outlet is read from the index, not from the row that
    # carries the whole text.
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_event_mentions_event_reported "
        "ON event_mentions (event_id, reported_at, article_id, id)"
    )
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_articles_outlet ON articles (id, outlet)")


def _article_revisions(conn: sa.Connection) -> None:
    # Earlier versions of articles. A database created at version 1 by this Dateline already has the
    # table (migration 1 creates schema.py's tables); one created by an older Dateline does not.
    schema.article_revisions.create(conn, checkfirst=True)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema: articles, layers, events, stories", _initial),
    Migration(2, "index failures by source", _failures_by_source),
    Migration(3, "index event mentions by event and report time, and article outlets", _event_reads),
    Migration(4, "article revisions: earlier versions of stored articles", _article_revisions),
)
LATEST = MIGRATIONS[-1].version


def current_version(conn: sa.Connection) -> int:
    """The schema version of the database; 0 for an empty one."""
    if not sa.inspect(conn).has_table(schema.schema_version.name):
        return 0
    value = conn.execute(sa.select(sa.func.max(schema.schema_version.c.version))).scalar()
    return int(value or 0)


def upgrade(engine: sa.Engine, target: int = LATEST) -> list[Migration]:
    """Apply every migration up to `target` the database lacks, each in its own transaction; return
    those applied."""
    applied: list[Migration] = []
    for migration in MIGRATIONS:
        if migration.version > target:
            break
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # One upgrader at a time: a second process waits here, then finds nothing to do.
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7242011)")
            if current_version(conn) >= migration.version:
                continue
            migration.apply(conn)
            conn.execute(
                schema.schema_version.insert().values(
                    version=migration.version,
                    name=migration.name,
                    applied_at=datetime.now(UTC).replace(tzinfo=None),
                )
            )
            applied.append(migration)
    return applied
