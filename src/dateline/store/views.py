"""Read queries behind the web pages and the JSON API: one article, one event with all its mentions,
one entity with its events and partners, and a paginated, sortable event list.

queries.py answers the CLI; this module adds what a page needs on top of it, without changing it.
"""

from __future__ import annotations

import json
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from operator import attrgetter
from typing import Any

import sqlalchemy as sa

from . import queries
from . import schema as t
from .dates import Range, timex_range

# Sort keys the API accepts (an allow-list: a user never names a column). "-" prefix: descending.
EVENT_SORTS = ("date", "first_seen", "last_seen", "mentions", "sources", "type", "status", "id")


@lru_cache(maxsize=65536)
def date_range(value: str | None) -> Range | None:
    """timex_range, remembered: a store has few distinct date values and many events."""
    return timex_range(value)


def event_start(date: str | None, first_seen: datetime) -> tuple[datetime, bool]:
    """When an event happened as far as the store knows, and whether that is its stated date (True)
    or only when it was first reported (False)."""
    rng = date_range(date)
    return (rng[0], True) if rng else (first_seen, False)


def _involving(conn: sa.Connection, actor: str) -> set[int]:
    """Ids of the events an entity (by kb_id or part of its name) is an actor or recipient in. The
    entities first (a small table), then their events by index."""
    ids = list(conn.execute(sa.select(t.entities.c.id).where(queries.entity_filter(actor))).scalars())
    ea = t.event_actors
    found: set[int] = set()
    for chunk in queries._chunks(ids):
        found.update(conn.execute(sa.select(ea.c.event_id).where(ea.c.entity_id.in_(chunk))).scalars())
    return found


@dataclass(frozen=True, slots=True)
class EventRow:
    """What filtering and sorting an event needs, without its actors, mentions or history."""

    id: int
    start: datetime  # its date range, else its first report (as `dateline events` compares them)
    end: datetime
    type: str
    status: str
    first_seen: datetime
    last_seen: datetime
    mentions: int
    sources: int


class EventIndex:
    """Every event's sort and filter keys, in date order, kept in memory and reloaded only when the
    store has changed (a new event or a new mention: the only ways an event changes). Dates are
    TIMEX3 values of any granularity, so they are compared as ranges in Python, not in SQL; this
    keeps that from costing a full scan per request. Thread-safe; one per web app."""

    def __init__(self) -> None:
        self._token: tuple[Any, ...] | None = None
        self._rows: list[EventRow] = []
        self._by_type: dict[str, list[EventRow]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def token(conn: sa.Connection) -> tuple[Any, ...]:
        return (
            conn.execute(sa.select(sa.func.max(t.event_mentions.c.id))).scalar(),
            conn.execute(sa.select(sa.func.max(t.events.c.id))).scalar(),
        )

    def rows(self, conn: sa.Connection) -> list[EventRow]:
        token = self.token(conn)  # before reading: a change in between only means one more reload
        with self._lock:
            if token != self._token:
                e = t.events
                rows = []
                for r in conn.execute(
                    sa.select(
                        e.c.id,
                        e.c.date,
                        e.c.type,
                        e.c.status,
                        e.c.first_seen,
                        e.c.last_seen,
                        e.c.mentions,
                        e.c.sources,
                    )
                ):
                    start, end = date_range(r.date) or (r.first_seen, r.first_seen + timedelta(seconds=1))
                    rows.append(
                        EventRow(
                            r.id,
                            start,
                            end,
                            r.type,
                            r.status,
                            r.first_seen,
                            r.last_seen,
                            r.mentions,
                            r.sources,
                        )
                    )
                rows.sort(key=lambda x: (x.start, x.id))
                by_type: dict[str, list[EventRow]] = defaultdict(list)
                for row in rows:
                    by_type[row.type].append(row)
                self._rows, self._by_type, self._token = rows, dict(by_type), token
            return self._rows

    def of_type(self, conn: sa.Connection, type: str) -> list[EventRow]:
        """The events of one type, in date order."""
        self.rows(conn)
        return self._by_type.get(type, [])


def event_list(
    conn: sa.Connection,
    actor: str | None = None,
    type: str | None = None,
    status: str | None = None,
    since: str | None = None,
    until: str | None = None,
    entity_id: int | None = None,
    sort: str = "-date",
    limit: int = 50,
    offset: int = 0,
    index: EventIndex | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page of event records) with the filters of `dateline events`. `sort` is one of
    EVENT_SORTS, "-" for descending; ties break on id. Raises ValueError for an unknown sort.
    Pass a long-lived `index` to avoid a scan of the events table per call."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in EVENT_SORTS:
        raise ValueError(
            f"cannot sort by {key!r}; sort by one of {', '.join(EVENT_SORTS)} (prefix - to reverse)"
        )
    start, end = queries._day(since, "since"), queries._day(until, "until")
    index = index or EventIndex()
    rows: Iterable[EventRow] = index.of_type(conn, type.upper()) if type else index.rows(conn)
    if actor:
        wanted = _involving(conn, actor)
        rows = [r for r in rows if r.id in wanted]
    if entity_id is not None:
        ea = t.event_actors
        wanted = set(conn.execute(sa.select(ea.c.event_id).where(ea.c.entity_id == entity_id)).scalars())
        rows = [r for r in rows if r.id in wanted]
    if status:
        wanted_status = status.lower()
        rows = [r for r in rows if r.status == wanted_status]
    if start or end:
        low, high = start or datetime.min, end or datetime.max
        rows = [r for r in rows if r.start < high and low < r.end]  # the ranges overlap
    ordered = list(rows)  # already in date order
    if key == "id":
        ordered.sort(key=attrgetter("id"))
    elif key != "date":
        ordered.sort(key=attrgetter(key, "id"))
    if descending:
        ordered.reverse()
    page = ordered[offset : offset + limit]
    return len(ordered), events_by_id(conn, [r.id for r in page])


def events_by_id(conn: sa.Connection, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Event records for these ids, in this order."""
    if not ids:
        return []
    rows = {r.id: r for r in conn.execute(sa.select(t.events).where(t.events.c.id.in_(list(ids))))}
    return queries.event_records(conn, [rows[i] for i in ids if i in rows])


def event_detail(conn: sa.Connection, event_id: int) -> dict[str, Any] | None:
    """One event record plus every mention: the article, its sentence and the trigger within it."""
    found = events_by_id(conn, [event_id])
    if not found:
        return None
    event = found[0]
    m, a = t.event_mentions, t.articles
    sentence = sa.func.substr(a.c.text, m.c.sentence_start + 1, m.c.sentence_end - m.c.sentence_start)
    mentions = []
    for r in conn.execute(
        sa.select(
            m,
            a.c.title,
            a.c.url,
            a.c.published,
            a.c.outlet,
            a.c.agency,
            sentence.label("sentence_text"),
        )
        .join(a, a.c.id == m.c.article_id)
        .where(m.c.event_id == event_id)
        .order_by(m.c.reported_at, m.c.article_id, m.c.id)
    ):
        mentions.append(
            {
                "article": r.article_id,
                "title": r.title,
                "url": r.url,
                "published": r.published,
                "outlet": r.outlet,
                "status": r.status,
                "date": r.date,
                "date_text": r.date_text,
                "confidence": r.confidence,
                "reported_at": queries.iso(r.reported_at),
                "trigger": {"start": r.trigger_start, "end": r.trigger_end, "text": r.trigger_text},
                "sentence": {"start": r.sentence_start, "end": r.sentence_end, "text": r.sentence_text},
            }
        )
    event["mention_list"] = mentions
    return event


def article_list(conn: sa.Connection, limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """(total, a page of articles), newest first."""
    a = t.articles
    total = int(conn.execute(sa.select(sa.func.count()).select_from(a)).scalar() or 0)
    rows = conn.execute(
        sa.select(
            a.c.id,
            a.c.record_id,
            a.c.title,
            a.c.url,
            a.c.published,
            a.c.outlet,
            a.c.agency,
            a.c.author,
            a.c.section,
            a.c.story_id,
            a.c.canonical_of,
        )
        .order_by(a.c.published_at.desc(), a.c.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return total, [dict(r._mapping) for r in rows]


def article_record(conn: sa.Connection, article_id: int) -> dict[str, Any] | None:
    """The stored article record (text back in place) plus `store`: its id, canonical URL, story,
    the original it copies, which store entity and event each of its local ids became, and the
    times of its earlier versions (`revisions`)."""
    a = t.articles
    r = conn.execute(sa.select(a).where(a.c.id == article_id)).first()
    if r is None:
        return None
    record: dict[str, Any] = {}
    for key, value in json.loads(r.record).items():
        record[key] = value
        if key == "updated":
            record["text"] = r.text
    record.setdefault("text", r.text)
    em, evm = t.entity_mentions, t.event_mentions
    entity_ids = {
        row.local_id: row.entity_id
        for row in conn.execute(sa.select(em.c.local_id, em.c.entity_id).where(em.c.article_id == article_id))
    }
    event_ids = {
        row.local_id: row.event_id
        for row in conn.execute(
            sa.select(evm.c.local_id, evm.c.event_id).where(evm.c.article_id == article_id)
        )
    }
    record["store"] = {
        "id": r.id,
        "canonical_url": r.canonical_url,
        "canonical_of": r.canonical_of,
        "story_id": r.story_id,
        "outlet": r.outlet,
        "ingested_at": queries.iso(r.ingested_at),
        "entities": entity_ids,
        "events": event_ids,
        "revisions": revision_times(conn, article_id),
    }
    return record


def revision_times(conn: sa.Connection, article_id: int) -> list[dict[str, Any]]:
    """The article's earlier versions (article_revisions), oldest filed first: when each says it was
    published and updated, and when it was replaced (or filed as older)."""
    rv = t.article_revisions
    rows = conn.execute(
        sa.select(rv.c.published, rv.c.updated, rv.c.replaced_at)
        .where(rv.c.article_id == article_id)
        .order_by(rv.c.id)
    ).all()
    return [
        {"published": r.published, "updated": r.updated, "replaced_at": queries.iso(r.replaced_at)}
        for r in rows
    ]


def article_titles(conn: sa.Connection, ids: Sequence[int]) -> dict[int, str | None]:
    out: dict[int, str | None] = {}
    for chunk in queries._chunks(sorted(set(ids))):
        out.update(
            {
                r.id: r.title
                for r in conn.execute(
                    sa.select(t.articles.c.id, t.articles.c.title).where(t.articles.c.id.in_(chunk))
                )
            }
        )
    return out


def entity_detail(conn: sa.Connection, entity_id: int, partners: int = 12) -> dict[str, Any] | None:
    """An entity with counts, the roles it held (by article date), its events by month and the
    entities it shares events with (`partners`, most shared first)."""
    e, em, ea = t.entities, t.entity_mentions, t.event_actors
    r = conn.execute(sa.select(e).where(e.c.id == entity_id)).first()
    if r is None:
        return None
    counts = conn.execute(
        sa.select(sa.func.count(), sa.func.count(sa.distinct(em.c.article_id))).where(
            em.c.entity_id == entity_id
        )
    ).one()
    event_ids = sa.select(ea.c.event_id).where(ea.c.entity_id == entity_id)
    by_month: Counter[str] = Counter()
    n_events = 0
    for row in conn.execute(
        sa.select(t.events.c.date, t.events.c.first_seen).where(t.events.c.id.in_(event_ids))
    ):
        n_events += 1
        by_month[event_start(row.date, row.first_seen)[0].strftime("%Y-%m")] += 1
    other = ea.alias("other")
    shared = conn.execute(
        sa.select(
            other.c.entity_id, e.c.name, e.c.type, sa.func.count(sa.distinct(other.c.event_id)).label("n")
        )
        .select_from(ea)
        .join(other, sa.and_(other.c.event_id == ea.c.event_id, other.c.entity_id != ea.c.entity_id))
        .join(e, e.c.id == other.c.entity_id)
        .where(ea.c.entity_id == entity_id)
        .group_by(other.c.entity_id, e.c.name, e.c.type)
        .order_by(sa.desc("n"), e.c.name)
        .limit(partners)
    ).all()
    return {
        **queries.entity_fields(r),
        "mentions": int(counts[0]),
        "articles": int(counts[1]),
        "events": n_events,
        "roles": entity_roles(conn, entity_id),
        "events_by_month": dict(sorted(by_month.items())),
        "partners": [{"id": p.entity_id, "name": p.name, "type": p.type, "events": int(p.n)} for p in shared],
    }


def entity_roles(conn: sa.Connection, entity_id: int, articles: int = 500) -> list[dict[str, Any]]:
    """The offices an entity held as the articles that mention it say, in publication order:
    [{role, from, to, articles}] (from/to: the first and last article dates giving that role)."""
    a, em = t.articles, t.entity_mentions
    local = (
        sa.select(em.c.article_id, sa.func.min(em.c.local_id).label("local_id"))
        .where(em.c.entity_id == entity_id)
        .group_by(em.c.article_id)
        .subquery()
    )
    rows = conn.execute(
        sa.select(a.c.id, a.c.published_at, a.c.record, local.c.local_id)
        .join(local, local.c.article_id == a.c.id)
        .order_by(a.c.published_at, a.c.id)
        .limit(articles)
    ).all()
    spans: list[dict[str, Any]] = []
    for row in rows:
        ents = json.loads(row.record).get("entities") or []
        role = next((x.get("role") for x in ents if x.get("id") == row.local_id), None)
        if not role:
            continue
        day = row.published_at.date().isoformat() if row.published_at else None
        if spans and spans[-1]["role"] == role:
            spans[-1]["to"] = day or spans[-1]["to"]
            spans[-1]["articles"] += 1
        else:
            spans.append({"role": role, "from": day, "to": day, "articles": 1})
    return spans


def story_list(
    conn: sa.Connection, limit: int = 50, offset: int = 0, min_articles: int = 1
) -> tuple[int, list[dict[str, Any]]]:
    """(total, a page of stories, largest and latest first), each with its articles' titles."""
    s = t.stories
    total = int(
        conn.execute(sa.select(sa.func.count()).select_from(s).where(s.c.articles >= min_articles)).scalar()
        or 0
    )
    page = queries.stories(conn, min_articles=min_articles, limit=limit + offset)[offset:]
    titles = article_titles(conn, [i for story in page for i in story["articles"]])
    for story in page:
        story["article_titles"] = [{"id": i, "title": titles.get(i)} for i in story["articles"]]
    return total, page


def entity_list(
    conn: sa.Connection, name: str | None = None, type: str | None = None, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    return queries.entities(conn, name=name, type=type, limit=limit + offset)[offset:]


def find_article(conn: sa.Connection, record: dict[str, Any]) -> int | None:
    """The stored article a record is (same canonical URL or body), if any."""
    from .identity import canonical_url, content_hash
    from .writer import find_duplicate

    return find_duplicate(conn, canonical_url(record.get("url")), content_hash(record["text"]))
