"""The store's tables: one schema, written with SQLAlchemy Core, for SQLite and PostgreSQL alike.

Times are naive UTC `DateTime`s (so both engines sort and compare them the same way); the article's
own `published`/`updated` strings keep their offsets as the record gives them. Offsets (`start`,
`end`) index into `articles.text`, as in the article record.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _span() -> tuple[sa.Column, sa.Column, sa.Column]:
    """Where a layer item stands in its article's text: start, end (offsets) and the text itself."""
    return (
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )


def _article_fk(nullable: bool = False) -> sa.Column:
    return sa.Column(
        "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=nullable
    )


schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("applied_at", sa.DateTime, nullable=False),
)

# Small key/value settings the store keeps about itself (e.g. how far the corpus stage has got).
settings = sa.Table(
    "settings",
    metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=True),
)

stories = sa.Table(
    "stories",
    metadata,
    _id(),  # the smallest article id in the story: stable while that article stays in it
    sa.Column("title", sa.Text),
    sa.Column("first_seen", sa.DateTime),
    sa.Column("last_seen", sa.DateTime),
    sa.Column("articles", sa.Integer, nullable=False, default=0),
)

articles = sa.Table(
    "articles",
    metadata,
    _id(),
    sa.Column("record_id", sa.String(500)),  # the `id` given in the input, if any
    sa.Column("source", sa.Text),  # where it was read from
    sa.Column("canonical_url", sa.String(2000), unique=True),
    sa.Column("url", sa.Text),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("title", sa.Text),
    sa.Column("section", sa.Text),
    sa.Column("agency", sa.String(200)),
    sa.Column("author", sa.Text),
    sa.Column("language", sa.String(20)),
    sa.Column("published", sa.String(40)),  # ISO 8601 with offset, as in the record
    sa.Column("updated", sa.String(40)),
    sa.Column("published_at", sa.DateTime),  # UTC; null when the article gives no time
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("record", sa.Text, nullable=False),  # the article record as JSON, without "text"
    sa.Column("outlet", sa.String(300)),  # agency, else the URL's host, else the source: who reported it
    sa.Column("minhash", sa.LargeBinary),  # MinHash signature of word shingles (corpus stage)
    sa.Column("canonical_of", sa.Integer, sa.ForeignKey("articles.id"), nullable=True),
    sa.Column("story_id", sa.Integer, nullable=True),
    sa.Column("ingested_at", sa.DateTime, nullable=False),
    sa.Index("ix_articles_published_at", "published_at"),
    sa.Index("ix_articles_story", "story_id"),
)

# Earlier versions of stored articles (migration 4): a new body at an article's URL replaces the
# article's row and layers, and the version it replaces is kept here; so is a version that arrives
# after a newer one. Its content_hash makes re-ingesting any earlier version a duplicate.
article_revisions = sa.Table(
    "article_revisions",
    metadata,
    _id(),
    _article_fk(),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("published", sa.String(40)),  # as in that version's record
    sa.Column("updated", sa.String(40)),
    sa.Column("replaced_at", sa.DateTime, nullable=False),  # when it stopped being (or was filed as) old
    sa.UniqueConstraint("article_id", "content_hash", name="uq_article_revisions_article_hash"),
    sa.Index("ix_article_revisions_hash", "content_hash"),
)

entities = sa.Table(
    "entities",
    metadata,
    _id(),
    sa.Column("key", sa.String(600), nullable=False, unique=True),  # kb:<kb_id> or name:<TYPE>:<name>
    sa.Column("kb_id", sa.String(300)),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("code", sa.String(10)),
    sa.Column("country", sa.String(10)),
    sa.Column("role", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Index("ix_entities_name", "name"),
)

entity_mentions = sa.Table(
    "entity_mentions",
    metadata,
    _id(),
    _article_fk(),
    sa.Column("entity_id", sa.Integer, sa.ForeignKey("entities.id"), nullable=False),
    sa.Column("local_id", sa.String(40), nullable=False),  # the entity's id within the record ("e1")
    *_span(),
    sa.Index("ix_entity_mentions_article", "article_id"),
    sa.Index("ix_entity_mentions_entity", "entity_id"),
)

times = sa.Table(
    "times",
    metadata,
    _id(),
    _article_fk(),
    *_span(),
    sa.Column("type", sa.String(20), nullable=False),
    sa.Column("value", sa.String(100), nullable=False),
    sa.Column("anchor", sa.Text),
    sa.Column("mod", sa.String(20)),
    sa.Index("ix_times_article", "article_id"),
)

amounts = sa.Table(
    "amounts",
    metadata,
    _id(),
    _article_fk(),
    *_span(),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("unit", sa.String(40)),
    sa.Column("object", sa.Text),
    sa.Column("approx", sa.Boolean, nullable=False, default=False),
    sa.Column("high", sa.Float),
    sa.Index("ix_amounts_article", "article_id"),
)

quotes = sa.Table(
    "quotes",
    metadata,
    _id(),
    _article_fk(),
    *_span(),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("speaker_id", sa.Integer, sa.ForeignKey("entities.id"), nullable=True),
    sa.Column("speaker_text", sa.Text),
    sa.Column("cue_start", sa.Integer),
    sa.Column("cue_end", sa.Integer),
    sa.Column("cue_text", sa.Text),
    sa.Index("ix_quotes_article", "article_id"),
)

events = sa.Table(
    "events",
    metadata,
    _id(),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("mode", sa.String(80)),
    sa.Column("cameo", sa.String(10)),
    sa.Column("actor_key", sa.String(1000), nullable=False),  # sorted store entity ids (merge.merge_key)
    sa.Column("date", sa.String(100)),  # the most specific TIMEX3 value its mentions give
    sa.Column("date_text", sa.Text),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("place_id", sa.Integer, sa.ForeignKey("entities.id"), nullable=True),
    sa.Column("mentions", sa.Integer, nullable=False, default=0),
    sa.Column("sources", sa.Integer, nullable=False, default=0),
    sa.Column("first_seen", sa.DateTime, nullable=False),
    sa.Column("last_seen", sa.DateTime, nullable=False),
    sa.Index("ix_events_type_actors", "type", "actor_key"),
    sa.Index("ix_events_first_seen", "first_seen"),
)

event_actors = sa.Table(
    "event_actors",
    metadata,
    sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("entity_id", sa.Integer, sa.ForeignKey("entities.id"), primary_key=True),
    sa.Column("role", sa.String(20), primary_key=True),  # actor | recipient
    sa.Index("ix_event_actors_entity", "entity_id"),
)

event_mentions = sa.Table(
    "event_mentions",
    metadata,
    _id(),
    _article_fk(),
    sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id"), nullable=False),
    sa.Column("local_id", sa.String(40), nullable=False),
    sa.Column("trigger_start", sa.Integer, nullable=False),
    sa.Column("trigger_end", sa.Integer, nullable=False),
    sa.Column("trigger_text", sa.Text, nullable=False),
    sa.Column("sentence_start", sa.Integer, nullable=False),
    sa.Column("sentence_end", sa.Integer, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("date", sa.String(100)),
    sa.Column("date_text", sa.Text),
    sa.Column("confidence", sa.Float),
    sa.Column("reported_at", sa.DateTime, nullable=False),
    sa.Index("ix_event_mentions_article", "article_id"),
    sa.Index("ix_event_mentions_event", "event_id"),
)

event_status_history = sa.Table(
    "event_status_history",
    metadata,
    _id(),
    sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id"), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Index("ix_event_status_history_event", "event_id"),
)

failures = sa.Table(
    "failures",
    metadata,
    _id(),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("code", sa.String(10), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Index("ix_failures_source", "source"),  # migration 2
)

# Tables that hold one article's layers: the ingest writer fills them in the article's transaction.
LAYER_TABLES = (entity_mentions, times, amounts, quotes, event_mentions)
