"""Read queries behind `dateline events / stories / entities / timeline` and the API.

Each returns plain JSON-ready dicts (DESIGN.md: event records plus mentions, sources, first_seen,
last_seen, status_history; stories as {id, title, first_seen, last_seen, articles}; entities with
counts). Times are UTC, ISO 8601.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from ..errors import UsageError
from . import schema as t
from .dates import Range, overlaps, timex_range


def iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") + "+00:00" if value is not None else None


def _chunks(ids: Sequence[int], size: int = 500) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _day(value: str | None, option: str) -> datetime | None:
    if not value:
        return None
    rng = timex_range(value)
    if rng is None:
        raise UsageError(f"--{option} {value!r} is not a date; give YYYY, YYYY-MM or YYYY-MM-DD")
    return rng[0] if option == "since" else rng[1]


def entity_filter(actor: str) -> sa.ColumnElement[bool]:
    """An entity by kb_id ("person:vladimir-putin") or by a piece of its name ("Putin")."""
    e = t.entities
    return sa.or_(e.c.kb_id == actor, sa.func.lower(e.c.name).contains(actor.lower(), autoescape=True))


def event_when(date: str | None, first_seen: datetime) -> Range:
    """When an event happened as far as the store knows: its date, else when it was first reported."""
    return timex_range(date) or (first_seen, first_seen + timedelta(seconds=1))


def events(
    conn: sa.Connection,
    actor: str | None = None,
    type: str | None = None,
    status: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
    oldest_first: bool = False,
) -> list[dict[str, Any]]:
    e = t.events
    query = sa.select(e)
    if actor:
        involved = (
            sa.select(t.event_actors.c.event_id)
            .join(t.entities, t.entities.c.id == t.event_actors.c.entity_id)
            .where(entity_filter(actor))
        )
        query = query.where(e.c.id.in_(involved))
    if type:
        query = query.where(e.c.type == type.upper())
    if status:
        query = query.where(e.c.status == status.lower())
    start, end = _day(since, "since"), _day(until, "until")
    rows = conn.execute(query).all()
    window: Range = (start or datetime.min, end or datetime.max)
    kept = [(event_when(r.date, r.first_seen), r) for r in rows]
    kept = [(w, r) for w, r in kept if overlaps(w, window)]
    kept.sort(key=lambda x: (x[0][0], x[1].id), reverse=not oldest_first)
    if limit:
        kept = kept[:limit]
    return event_records(conn, [r for _, r in kept])


def timeline(
    conn: sa.Connection, actor: str, since: str | None = None, until: str | None = None
) -> list[dict[str, Any]]:
    return events(conn, actor=actor, since=since, until=until, oldest_first=True)


def _names(conn: sa.Connection, ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted({i for i in ids if i is not None})
    out: dict[int, str] = {}
    for chunk in _chunks(wanted):
        query = sa.select(t.entities.c.id, t.entities.c.name).where(t.entities.c.id.in_(chunk))
        out.update({r.id: r.name for r in conn.execute(query)})
    return out


def event_records(conn: sa.Connection, rows: Sequence[sa.Row[Any]]) -> list[dict[str, Any]]:
    """The records `dateline events` prints, with the per-mention work done
    in SQL: outlets and article counts aggregated, and only the first report's sentence read, so an
    event reported a thousand times costs about what one reported once does."""
    m, a, ea, h = t.event_mentions, t.articles, t.event_actors, t.event_status_history
    actors: dict[int, dict[str, list[int]]] = defaultdict(lambda: {"actor": [], "recipient": []})
    sources: dict[int, set[str]] = defaultdict(set)
    n_articles: dict[int, int] = {}
    first: dict[int, sa.Row[Any]] = {}
    history: dict[int, list[dict[str, Any]]] = defaultdict(list)
    no_outlet = sa.or_(a.c.outlet.is_(None), a.c.outlet == "")
    for chunk in _chunks([r.id for r in rows]):
        for r in conn.execute(
            sa.select(ea).where(ea.c.event_id.in_(chunk)).order_by(ea.c.event_id, ea.c.entity_id)
        ):
            actors[r.event_id][r.role].append(r.entity_id)
        for r in conn.execute(
            sa.select(m.c.event_id, sa.func.count(sa.distinct(m.c.article_id)).label("n"))
            .where(m.c.event_id.in_(chunk))
            .group_by(m.c.event_id)
        ):
            n_articles[r.event_id] = int(r.n)
        # One row per (event, outlet); articles without an outlet count each as their own.
        alone = sa.case((no_outlet, m.c.article_id), else_=None).label("alone")
        for r in conn.execute(
            sa.select(m.c.event_id, a.c.outlet, alone)
            .join(a, a.c.id == m.c.article_id)
            .where(m.c.event_id.in_(chunk))
            .group_by(m.c.event_id, a.c.outlet, alone)
        ):
            sources[r.event_id].add(f"article:{r.alone}" if r.alone is not None else r.outlet)
        # The first report of each event: one ordered look-up per event, not per mention.
        first_id = (
            sa.select(m.c.id)
            .where(m.c.event_id == t.events.c.id)
            .order_by(m.c.reported_at, m.c.article_id, m.c.id)
            .limit(1)
            .scalar_subquery()
        )
        first_ids = list(conn.execute(sa.select(first_id).where(t.events.c.id.in_(chunk))).scalars())
        sentence = sa.func.substr(a.c.text, m.c.sentence_start + 1, m.c.sentence_end - m.c.sentence_start)
        firsts = sa.select(
            m.c.event_id,
            m.c.article_id,
            m.c.trigger_start,
            m.c.trigger_end,
            m.c.trigger_text,
            m.c.sentence_start,
            m.c.sentence_end,
            m.c.confidence,
            sentence.label("sentence_text"),
        ).join(a, a.c.id == m.c.article_id)
        for r in conn.execute(firsts.where(m.c.id.in_([i for i in first_ids if i is not None]))):
            first[r.event_id] = r
        for r in conn.execute(sa.select(h).where(h.c.event_id.in_(chunk)).order_by(h.c.event_id, h.c.id)):
            history[r.event_id].append({"status": r.status, "article": r.article_id, "at": iso(r.at)})
    names = _names(
        conn,
        [i for v in actors.values() for role in v.values() for i in role]
        + [r.place_id for r in rows if r.place_id],
    )
    records = []
    for r in rows:
        rep = first.get(r.id)
        who = actors[r.id]
        who["recipient"] = [i for i in who["recipient"] if i not in who["actor"]]
        records.append(
            {
                "id": r.id,
                "type": r.type,
                "mode": r.mode,
                "cameo": r.cameo,
                "actors": who["actor"],
                "actor_names": [names.get(i) for i in who["actor"]],
                "recipients": who["recipient"],
                "recipient_names": [names.get(i) for i in who["recipient"]],
                "date": r.date,
                "date_text": r.date_text,
                "status": r.status,
                "place": r.place_id,
                "place_name": names.get(r.place_id) if r.place_id else None,
                "article": rep.article_id if rep else None,
                "trigger": {"start": rep.trigger_start, "end": rep.trigger_end, "text": rep.trigger_text}
                if rep
                else None,
                "sentence": {"start": rep.sentence_start, "end": rep.sentence_end, "text": rep.sentence_text}
                if rep
                else None,
                "confidence": rep.confidence if rep else None,
                "mentions": r.mentions,
                "articles": n_articles.get(r.id, 0),
                "sources": sorted(sources[r.id]),
                "first_seen": iso(r.first_seen),
                "last_seen": iso(r.last_seen),
                "status_history": history[r.id],
            }
        )
    return records


def stories(conn: sa.Connection, min_articles: int = 1, limit: int | None = None) -> list[dict[str, Any]]:
    s, a = t.stories, t.articles
    query = (
        sa.select(s)
        .where(s.c.articles >= min_articles)
        .order_by(s.c.articles.desc(), s.c.last_seen.desc(), s.c.id)
    )
    if limit:
        query = query.limit(limit)
    rows = conn.execute(query).all()
    members: dict[int, list[int]] = defaultdict(list)
    for chunk in _chunks([r.id for r in rows]):
        for r in conn.execute(
            sa.select(a.c.id, a.c.story_id).where(a.c.story_id.in_(chunk)).order_by(a.c.published_at, a.c.id)
        ):
            members[r.story_id].append(r.id)
    return [
        {
            "id": r.id,
            "title": r.title,
            "first_seen": iso(r.first_seen),
            "last_seen": iso(r.last_seen),
            "articles": members[r.id],
        }
        for r in rows
    ]


def entities(
    conn: sa.Connection, name: str | None = None, type: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    e, em, ea = t.entities, t.entity_mentions, t.event_actors
    mentions = (
        sa.select(
            em.c.entity_id,
            sa.func.count().label("mentions"),
            sa.func.count(sa.distinct(em.c.article_id)).label("articles"),
        )
        .group_by(em.c.entity_id)
        .subquery()
    )
    in_events = (
        sa.select(ea.c.entity_id, sa.func.count(sa.distinct(ea.c.event_id)).label("events"))
        .group_by(ea.c.entity_id)
        .subquery()
    )
    articles_n = sa.func.coalesce(mentions.c.articles, 0)
    mentions_n = sa.func.coalesce(mentions.c.mentions, 0)
    query = (
        sa.select(
            e,
            articles_n.label("n_articles"),
            mentions_n.label("n_mentions"),
            sa.func.coalesce(in_events.c.events, 0).label("n_events"),
        )
        .outerjoin(mentions, mentions.c.entity_id == e.c.id)
        .outerjoin(in_events, in_events.c.entity_id == e.c.id)
        .order_by(articles_n.desc(), mentions_n.desc(), e.c.name, e.c.id)
    )
    if name:
        query = query.where(entity_filter(name))
    if type:
        query = query.where(e.c.type == type.upper())
    if limit:
        query = query.limit(limit)
    return [
        {
            **entity_fields(r),
            "articles": r.n_articles,
            "mentions": r.n_mentions,
            "events": r.n_events,
        }
        for r in conn.execute(query)
    ]


def entity_fields(r: sa.Row[Any]) -> dict[str, Any]:
    """The fields of a stored entity that every entity record shares."""
    return {
        "id": r.id,
        "name": r.name,
        "type": r.type,
        "code": r.code,
        "country": r.country,
        "role": r.role,
        "kb_id": r.kb_id,
        "lat": r.lat,
        "lon": r.lon,
    }


def _fts_query(text: str) -> str:
    """User words as an FTS5 query: each word quoted (so punctuation is never syntax), all required."""
    return " ".join(f'"{w}"' for w in re.findall(r"\w+", text))


def search(conn: sa.Connection, text: str, limit: int = 20) -> list[dict[str, Any]]:
    a = t.articles
    if not re.search(r"\w", text):
        return []
    if conn.dialect.name == "sqlite":
        rows = conn.execute(
            sa.text(
                "SELECT a.id, a.title, a.url, a.published, "
                "snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet "
                "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
                "WHERE articles_fts MATCH :q ORDER BY rank, a.id LIMIT :n"
            ),
            {"q": _fts_query(text), "n": limit},
        ).all()
    else:
        query = sa.func.plainto_tsquery("english", text)
        search_col: sa.ColumnClause[Any] = sa.column("search")
        rows = conn.execute(
            sa.select(
                a.c.id,
                a.c.title,
                a.c.url,
                a.c.published,
                sa.func.ts_headline(
                    "english", a.c.text, query, "StartSel=[,StopSel=],MaxWords=14,MinWords=6"
                ).label("snippet"),
            )
            .select_from(a)
            .where(search_col.op("@@")(query))
            .order_by(sa.func.ts_rank(search_col, query).desc(), a.c.id)
            .limit(limit)
        ).all()
    return [
        {"id": r.id, "title": r.title, "url": r.url, "published": r.published, "snippet": r.snippet}
        for r in rows
    ]


def failures(conn: sa.Connection) -> list[dict[str, Any]]:
    f = t.failures
    return [
        {"source": r.source, "code": r.code, "reason": r.reason, "at": iso(r.at)}
        for r in conn.execute(sa.select(f).order_by(f.c.id))
    ]


def counts(conn: sa.Connection) -> dict[str, int]:
    tables = [tb for tb in t.metadata.sorted_tables if tb.name not in ("schema_version", "settings")]
    return {
        tb.name: int(conn.execute(sa.select(sa.func.count()).select_from(tb)).scalar() or 0) for tb in tables
    }
