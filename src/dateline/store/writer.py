"""The ingest writer: one article record into the store, all its layers in one transaction.

An article already stored (same normalized body, or same canonical URL and a body it already had) is
not written again, so re-running an ingest changes nothing. A new body at a stored article's URL is a
revision: the article becomes the new version (its row updated, its layers read anew) and the one it
replaces goes to `article_revisions`; a version older than the stored one only goes there.
Entities merge across articles by kb_id, else by canonical name and type; event mentions merge into
events (merge.py).
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
from .identity import canonical_url, content_hash, is_amp
from .merge import MentionIn, attach_mention, detach_article
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
    """The id of the stored article with this canonical URL or body hash, if any: the article a record
    is (as itself, a wire copy of it, or another version of it)."""
    a = t.articles
    cond = a.c.content_hash == digest
    if url:
        cond = sa.or_(cond, a.c.canonical_url == url)
    return conn.execute(sa.select(a.c.id).where(cond).limit(1)).scalar()


def version_time(published: str | None, updated: str | None) -> datetime | None:
    """When a version of an article says it was written: its update time, else its publication time."""
    return utc_naive(parse_iso(updated) or parse_iso(published))


@dataclass(frozen=True)
class Identity:
    """What a record is to the store: `duplicate` (its body is stored, as an article or as an earlier
    version of one, under any URL), `revision` (a new body at a stored article's URL) or `new`."""

    kind: str
    current: Any = None  # a Row; for a revision: the stored version it would replace


def identify(
    conn: sa.Connection, url: str | None, digest: str, amp: bool = False, lock: bool = False
) -> Identity:
    """Decide what a record with this canonical URL and body hash is; `amp`: its own URL is an AMP
    rendering (identity.is_amp). `lock` (inside the write transaction): first hold the article row at
    that URL, so that on PostgreSQL two versions of one article take turns and the second is judged
    against what the first committed."""
    a, r = t.articles, t.article_revisions
    current = None
    if url:
        columns = (a.c.id, a.c.url, a.c.content_hash, a.c.title, a.c.text, a.c.published, a.c.updated)
        query = sa.select(*columns) if lock else sa.select(a.c.id, a.c.url)
        query = query.where(a.c.canonical_url == url)
        current = conn.execute(query.with_for_update() if lock else query).first()
    if conn.execute(sa.select(a.c.id).where(a.c.content_hash == digest).limit(1)).first() is not None:
        return Identity("duplicate")  # this very article, or the same body under another URL: a copy
    if conn.execute(sa.select(r.c.id).where(r.c.content_hash == digest).limit(1)).first() is not None:
        return Identity("duplicate")  # a version an article already had: no flip-flopping
    if current is None:
        return Identity("new")
    if amp and not is_amp(current.url):
        return Identity("duplicate")  # an AMP rendering never replaces the page it renders
    return Identity("revision", current)


def is_duplicate(conn: sa.Connection, url: str | None, digest: str) -> bool:
    """Whether a record at this (raw) URL with this body hash would change nothing (checked before
    reading, so a re-run loads no model)."""
    return identify(conn, canonical_url(url), digest, amp=is_amp(url)).kind == "duplicate"


NEW, REVISED, OLDER = "new", "revised", "older"


@dataclass(frozen=True)
class Written:
    """What writing a record did: stored a `new` article, made it the new version of a stored one
    (`revised`), or kept it only in the article's history because it is `older` than the stored one."""

    article_id: int
    outcome: str


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


def _article_values(prep: Prepared) -> dict[str, Any]:
    """The article row as the record gives it (a new article, or the new version of a stored one)."""
    rec = prep.record
    stored = {k: v for k, v in rec.items() if k != "text"}
    return {
        "record_id": rec.get("id"),
        "source": prep.source,
        "canonical_url": prep.canonical_url,
        "url": rec.get("url"),
        "content_hash": prep.content_hash,
        "title": rec.get("title"),
        "section": rec.get("section"),
        "agency": rec.get("agency"),
        "author": rec.get("author"),
        "language": rec.get("language"),
        "published": rec.get("published"),
        "updated": rec.get("updated"),
        "published_at": prep.published_at,
        "text": rec.get("text") or "",
        "record": json.dumps(stored, ensure_ascii=False, separators=(",", ":")),
        "outlet": outlet_of(rec),
        "minhash": prep.minhash,
    }


def _keep_revision(
    conn: sa.Connection,
    article_id: int,
    digest: str,
    title: str | None,
    text: str,
    published: str | None,
    updated: str | None,
) -> None:
    conn.execute(
        t.article_revisions.insert().values(
            article_id=article_id,
            content_hash=digest,
            title=title,
            text=text,
            published=published,
            updated=updated,
            replaced_at=now_utc(),
        )
    )


def _remove_layers(conn: sa.Connection, article_id: int) -> None:
    """Take out everything read from an article's text (a revision is read anew): its entity
    mentions, times, amounts and quotes, and its event mentions with what they merged into."""
    for table in (t.entity_mentions, t.times, t.amounts, t.quotes):
        conn.execute(table.delete().where(table.c.article_id == article_id))
    detach_article(conn, article_id)


def write_article(conn: sa.Connection, prep: Prepared, window: timedelta) -> Written | None:
    """Write the article and all its layers (the caller holds the transaction). None: already stored.

    A new body at a stored article's URL is a revision: when it is not older than the stored version
    (by its updated, else published time; without both times the later ingest wins) the stored
    version goes to article_revisions and the article row and its layers become the new one's;
    otherwise only the incoming version goes to article_revisions."""
    found = identify(
        conn, prep.canonical_url, prep.content_hash, amp=is_amp(prep.record.get("url")), lock=True
    )
    if found.kind == "duplicate":
        return None
    rec = prep.record
    ingested = now_utc()
    sqlite = conn.dialect.name == "sqlite"
    if found.current is None:
        values = _article_values(prep)
        article_id = int(
            conn.execute(t.articles.insert().values(**values, ingested_at=ingested)).inserted_primary_key[0]  # type: ignore[index]
        )
        outcome = NEW
    else:
        old = found.current
        article_id = int(old.id)
        incoming = version_time(rec.get("published"), rec.get("updated"))
        stored_at = version_time(old.published, old.updated)
        if incoming is not None and stored_at is not None and incoming < stored_at:
            text = str(rec.get("text") or "")
            _keep_revision(
                conn,
                article_id,
                prep.content_hash,
                rec.get("title"),
                text,
                rec.get("published"),
                rec.get("updated"),
            )
            return Written(article_id, OLDER)
        _keep_revision(conn, article_id, old.content_hash, old.title, old.text, old.published, old.updated)
        _remove_layers(conn, article_id)
        if sqlite:  # an external-content FTS5 entry is removed with the values it was indexed with
            conn.exec_driver_sql(
                "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
                (article_id, old.title or "", old.text),
            )
        conn.execute(t.articles.update().where(t.articles.c.id == article_id).values(**_article_values(prep)))
        outcome = REVISED
    if sqlite:
        conn.exec_driver_sql(
            "INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)",
            (article_id, rec.get("title") or "", rec.get("text") or ""),
        )
    _write_layers(conn, article_id, prep, prep.published_at or ingested, window)
    return Written(article_id, outcome)


def _write_layers(
    conn: sa.Connection, article_id: int, prep: Prepared, reported_at: datetime, window: timedelta
) -> None:
    """An article's layers from its record: entities, mentions, times, amounts, quotes, events."""
    rec = prep.record
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


def store_article(engine: sa.Engine, prep: Prepared, window: timedelta) -> Written | None:
    """One article in its own transaction: all of it or nothing. None when it was already stored
    (including by a concurrent writer that won the race on the unique keys). A writer that lost the
    race on the URL to another version of the article tries once more, as a revision of it.

    A connection lost mid-transaction (PostgreSQL restarting) is retried with backoff: the transaction
    either committed, and the retry finds the article stored, or rolled back, and the retry writes it."""
    delays = list(RETRY_DELAYS)
    raced = False
    while True:
        try:
            with engine.begin() as conn:
                return write_article(conn, prep, window)
        except IntegrityError:
            with engine.connect() as conn:
                found = identify(
                    conn, prep.canonical_url, prep.content_hash, amp=is_amp(prep.record.get("url"))
                )
            if found.kind == "duplicate":
                return None
            if raced or found.kind != "revision":
                raise
            raced = True
        except OperationalError as exc:
            if not delays or not exc.connection_invalidated or engine.dialect.name != "postgresql":
                raise
            time.sleep(delays.pop(0))


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
