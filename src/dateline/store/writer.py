"""The ingest writer: one article record into the store, all its layers in one transaction.

An article already stored (same canonical URL or same normalized body) is not written again, so
re-running an ingest changes nothing. Entities merge across articles by kb_id, else by canonical
name and type; event mentions merge into events (merge.py).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from . import schema as t
from .dates import parse_iso, utc_naive
from .engine import RETRY_DELAYS
from .identity import canonical_url, content_hash
from .merge import MentionIn, attach_mention
from .similarity import signature_bytes


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def entity_key(entity: dict[str, Any]) -> str:
    """Entities are the same across articles when they share a kb_id, else a canonical name and type."""
    if entity.get("kb_id"):
        return f"kb:{entity['kb_id']}"
    name = " ".join(str(entity.get("name") or "").split()).casefold()
    return f"name:{str(entity.get('type') or '').upper()}:{name}"


def outlet_of(record: dict[str, Any]) -> str | None:
    """Who reported it, for counting distinct sources: the agency, else the URL's site."""
    if record.get("agency"):
        return str(record["agency"])
    url = canonical_url(record.get("url"))
    return urlsplit(url).hostname if url else None


@dataclass
class Prepared:
    """What can be computed before the transaction: identity, times, the MinHash signature."""

    record: dict[str, Any]
    source: str | None
    canonical_url: str | None
    content_hash: str
    published_at: datetime | None
    minhash: bytes


def prepare(record: dict[str, Any], source: str | None = None) -> Prepared:
    text = str(record.get("text") or "")
    published = parse_iso(record.get("published")) or parse_iso(record.get("updated"))
    return Prepared(
        record=record,
        source=source,
        canonical_url=canonical_url(record.get("url")),
        content_hash=content_hash(text),
        published_at=utc_naive(published),
        minhash=signature_bytes(text),
    )


def find_duplicate(conn: sa.Connection, url: str | None, digest: str) -> int | None:
    """The id of the stored article with this canonical URL or body hash, if any."""
    a = t.articles
    cond = a.c.content_hash == digest
    if url:
        cond = sa.or_(cond, a.c.canonical_url == url)
    return conn.execute(sa.select(a.c.id).where(cond).limit(1)).scalar()


ENTITY_FIELDS = ("kb_id", "code", "country", "role", "lat", "lon")


def _entity_ids(conn: sa.Connection, entities: Sequence[dict[str, Any]]) -> list[int]:
    """Store ids of a record's entities, adding the new ones; one look-up for the known ones."""
    e = t.entities
    keys = [entity_key(entity) for entity in entities]
    known = {row.key: row for row in conn.execute(sa.select(e).where(e.c.key.in_(sorted(set(keys)))))}
    ids: list[int] = []
    for key, entity in zip(keys, entities, strict=True):
        fields = {f: entity.get(f) for f in ENTITY_FIELDS}
        row = known.get(key)
        if row is None:
            new_id = conn.execute(
                e.insert().values(
                    key=key, name=str(entity.get("name") or ""), type=str(entity.get("type") or ""), **fields
                )
            ).inserted_primary_key[0]  # type: ignore[index]
            known[key] = conn.execute(sa.select(e).where(e.c.id == new_id)).one()
            ids.append(int(new_id))
            continue
        fill = {f: v for f, v in fields.items() if v is not None and getattr(row, f) is None}
        if fill:  # what an earlier article did not know about this entity, a later one may
            conn.execute(e.update().where(e.c.id == row.id).values(**fill))
            known[key] = conn.execute(sa.select(e).where(e.c.id == row.id)).one()
        ids.append(int(row.id))
    return ids


def _spans(rows: Sequence[dict[str, Any]], article_id: int, keys: Sequence[str]) -> list[dict[str, Any]]:
    return [{"article_id": article_id, **{k: r.get(k) for k in keys}} for r in rows]


def write_article(conn: sa.Connection, prep: Prepared, window: timedelta) -> int | None:
    """Write the article and all its layers (the caller holds the transaction). None: already stored."""
    if find_duplicate(conn, prep.canonical_url, prep.content_hash) is not None:
        return None
    rec = prep.record
    ingested = now_utc()
    stored = {k: v for k, v in rec.items() if k != "text"}
    article_id = int(
        conn.execute(
            t.articles.insert().values(
                record_id=rec.get("id"),
                source=prep.source,
                canonical_url=prep.canonical_url,
                url=rec.get("url"),
                content_hash=prep.content_hash,
                title=rec.get("title"),
                section=rec.get("section"),
                agency=rec.get("agency"),
                author=rec.get("author"),
                language=rec.get("language"),
                published=rec.get("published"),
                updated=rec.get("updated"),
                published_at=prep.published_at,
                text=rec.get("text") or "",
                record=json.dumps(stored, ensure_ascii=False, separators=(",", ":")),
                outlet=outlet_of(rec),
                minhash=prep.minhash,
                ingested_at=ingested,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            "INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)",
            (article_id, rec.get("title") or "", rec.get("text") or ""),
        )
    local: dict[str, int] = {}
    mentions: list[dict[str, Any]] = []
    record_entities = rec.get("entities") or []
    for entity, store_id in zip(record_entities, _entity_ids(conn, record_entities), strict=True):
        local[str(entity.get("id"))] = store_id
        for span in entity.get("mentions") or []:
            mentions.append(
                {
                    "article_id": article_id,
                    "entity_id": store_id,
                    "local_id": str(entity.get("id")),
                    "start": span["start"],
                    "end": span["end"],
                    "text": span.get("text") or "",
                }
            )
    if mentions:
        conn.execute(t.entity_mentions.insert(), mentions)
    if rec.get("times"):
        conn.execute(
            t.times.insert(),
            _spans(rec["times"], article_id, ("start", "end", "text", "type", "value", "anchor", "mod")),
        )
    if rec.get("amounts"):
        rows = _spans(rec["amounts"], article_id, ("start", "end", "text", "value", "unit", "object", "high"))
        for row, amount in zip(rows, rec["amounts"], strict=True):
            row["approx"] = bool(amount.get("approx"))
        conn.execute(t.amounts.insert(), rows)
    if rec.get("quotes"):
        conn.execute(
            t.quotes.insert(),
            [
                {
                    "article_id": article_id,
                    "start": q["start"],
                    "end": q["end"],
                    "text": q["text"],
                    "kind": q.get("kind") or "direct",
                    "speaker_id": local.get(str(q.get("speaker"))) if q.get("speaker") else None,
                    "speaker_text": q.get("speaker_text"),
                    "cue_start": (q.get("cue") or {}).get("start"),
                    "cue_end": (q.get("cue") or {}).get("end"),
                    "cue_text": (q.get("cue") or {}).get("text"),
                }
                for q in rec["quotes"]
            ],
        )
    reported_at = prep.published_at or ingested
    places = frozenset(local[str(e.get("id"))] for e in record_entities if e.get("type") == "PLACE")
    taken: set[int] = set()
    for event in rec.get("events") or []:
        mention = MentionIn(
            local_id=str(event.get("id")),
            type=str(event.get("type") or ""),
            mode=event.get("mode"),
            cameo=event.get("cameo"),
            actors=tuple(local[a] for a in event.get("actors") or [] if a in local),
            recipients=tuple(local[r] for r in event.get("recipients") or [] if r in local),
            place_id=local.get(str(event.get("place"))) if event.get("place") else None,
            date=event.get("date"),
            date_text=event.get("date_text"),
            status=str(event.get("status") or "occurred"),
            trigger=event.get("trigger") or {"start": 0, "end": 0, "text": ""},
            sentence=event.get("sentence") or {"start": 0, "end": 0},
            confidence=event.get("confidence"),
            places=places,
        )
        attach_mention(conn, article_id, mention, reported_at, taken, window)
    if prep.source:  # it reads now: an earlier failure of the same input is history
        conn.execute(t.failures.delete().where(t.failures.c.source == prep.source))
    return article_id


def store_article(engine: sa.Engine, prep: Prepared, window: timedelta) -> int | None:
    """One article in its own transaction: all of it or nothing. None when it was already stored
    (including by a concurrent writer that won the race on the unique keys).

    A connection lost mid-transaction (PostgreSQL restarting) is retried with backoff: the transaction
    either committed, and the retry finds the article stored, or rolled back, and the retry writes it."""
    for delay in (*RETRY_DELAYS, None):
        try:
            with engine.begin() as conn:
                return write_article(conn, prep, window)
        except IntegrityError:
            with engine.connect() as conn:
                if find_duplicate(conn, prep.canonical_url, prep.content_hash) is not None:
                    return None
            raise
        except OperationalError as exc:
            if delay is None or not exc.connection_invalidated or engine.dialect.name != "postgresql":
                raise
            time.sleep(delay)
    raise AssertionError("unreachable")


def record_failure(engine: sa.Engine, source: str, reason: str, code: str) -> bool:
    """Note an input that could not be read; once per (source, code, reason). True if new."""
    f = t.failures
    with engine.begin() as conn:
        exists = conn.execute(
            sa.select(f.c.id).where(f.c.source == source, f.c.code == code, f.c.reason == reason).limit(1)
        ).first()
        if exists:
            return False
        conn.execute(f.insert().values(source=source, reason=reason, code=code, at=now_utc()))
        return True
