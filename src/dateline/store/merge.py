"""Event merging: an article's event mention joins an event already in the store when they agree.

Rules (docs/store.md): same PLOVER type, same set of actors (store entities, which are merged by
kb_id, else by canonical name and type; for CONSULT, AGREE and COOPERATE actors and recipients alike;
places left out), and compatible dates: two dates are compatible when their
ranges overlap at their granularity (2021-12 with 2021-12-07); a missing date is compatible with any
date within the window around the article's publication time. Events without actors never merge
across articles. An event's status follows its mentions in publication order: planned becomes
occurred when a later article reports it so, and the history keeps who said what, when. When an
article is revised its mentions are taken out again (detach_article) and its new ones attached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from . import schema as t
from .dates import Range, near, overlaps, timex_range

# How far a status may move as later articles report on an event. `occurred` is final: a later
# article recalling that the meeting "was planned" does not undo it.
TRANSITIONS = {
    "hypothetical": {"planned", "ongoing", "occurred", "negated"},
    "planned": {"ongoing", "occurred", "negated"},
    "negated": {"planned", "ongoing", "occurred"},
    "ongoing": {"occurred"},
    "occurred": set(),
}


@dataclass(frozen=True)
class MentionIn:
    """One event of an article record, with its entity ids already mapped to store entities."""

    local_id: str
    type: str
    mode: str | None
    cameo: str | None
    actors: tuple[int, ...]
    recipients: tuple[int, ...]
    place_id: int | None
    date: str | None
    date_text: str | None
    status: str
    trigger: dict[str, Any]
    sentence: dict[str, Any]
    confidence: float | None
    places: frozenset[int] = frozenset()  # which of the entities are places (PLACE), not participants


# Types where who acts and who is acted upon is a matter of phrasing ("Modi held talks with Putin",
# "Putin held talks with Modi"): their actor set is everyone taking part.
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})


def actor_key(actors: Sequence[int]) -> str:
    return ",".join(str(i) for i in sorted(set(actors)))


def merge_key(mention: MentionIn) -> str:
    """The actor set two mentions must share to be one event. A city named as a recipient ("will
    visit New Delhi") says where, not with whom: places count only when nothing else is left."""
    ids = mention.actors + mention.recipients if mention.type in SYMMETRIC_TYPES else mention.actors
    if not mention.actors:
        return ""
    participants = tuple(i for i in ids if i not in mention.places)
    return actor_key(participants or ids)


def compatible(
    event_range: Range | None,
    first_seen: datetime,
    last_seen: datetime,
    mention_range: Range | None,
    reported_at: datetime,
    window: timedelta,
) -> bool:
    if event_range and mention_range:
        return overlaps(event_range, mention_range)
    seen = (first_seen, last_seen + timedelta(microseconds=1))
    reported = (reported_at, reported_at + timedelta(microseconds=1))
    if mention_range:
        return near(mention_range, seen, window)
    if event_range:
        return near(event_range, reported, window)
    return near(seen, reported, window)


def _find_event(
    conn: sa.Connection, mention: MentionIn, reported_at: datetime, taken: set[int], window: timedelta
) -> int | None:
    if not mention.actors:
        return None
    e = t.events
    rows = conn.execute(
        sa.select(e.c.id, e.c.date, e.c.first_seen, e.c.last_seen)
        .where(e.c.type == mention.type, e.c.actor_key == merge_key(mention))
        .order_by(e.c.id)  # ties go to the oldest event, the same on every engine
    ).all()
    mention_range = timex_range(mention.date)
    best: tuple[tuple[bool, float], int] | None = None
    for row in rows:
        if row.id in taken:  # the events stage already kept these apart within this article
            continue
        if not compatible(
            timex_range(row.date), row.first_seen, row.last_seen, mention_range, reported_at, window
        ):
            continue
        distance = min(
            abs((row.last_seen - reported_at).total_seconds()),
            abs((row.first_seen - reported_at).total_seconds()),
        )
        score = (row.date is not None and row.date == mention.date, -distance)
        if best is None or score > best[0]:
            best = (score, row.id)
    return best[1] if best else None


def attach_mention(
    conn: sa.Connection,
    article_id: int,
    mention: MentionIn,
    reported_at: datetime,
    taken: set[int],
    window: timedelta,
) -> int:
    """Store one event mention, merged into a matching event or a new one; return the event id."""
    event_id = _find_event(conn, mention, reported_at, taken, window)
    new = event_id is None
    if event_id is None:
        # A new event's counts, times and history are those of its one mention: written as such,
        # without the recomputation a merge needs.
        event_id = conn.execute(
            t.events.insert().values(
                type=mention.type,
                mode=mention.mode,
                cameo=mention.cameo,
                actor_key=merge_key(mention),
                date=mention.date,
                date_text=mention.date_text,
                status=mention.status,
                place_id=mention.place_id,
                mentions=1,
                sources=1,
                first_seen=reported_at,
                last_seen=reported_at,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
        have: set[tuple[int, str]] = set()
    else:
        ea = t.event_actors
        have = {
            (r.entity_id, r.role)
            for r in conn.execute(sa.select(ea.c.entity_id, ea.c.role).where(ea.c.event_id == event_id))
        }
    taken.add(event_id)
    wanted = [(a, "actor") for a in mention.actors] + [(r, "recipient") for r in mention.recipients]
    new_pairs = sorted({p for p in wanted if p not in have})
    if new_pairs:
        conn.execute(
            t.event_actors.insert(),
            [{"event_id": event_id, "entity_id": ent, "role": role} for ent, role in new_pairs],
        )
    conn.execute(
        t.event_mentions.insert().values(
            article_id=article_id,
            event_id=event_id,
            local_id=mention.local_id,
            trigger_start=int(mention.trigger["start"]),
            trigger_end=int(mention.trigger["end"]),
            trigger_text=str(mention.trigger.get("text") or ""),
            sentence_start=int(mention.sentence["start"]),
            sentence_end=int(mention.sentence["end"]),
            status=mention.status,
            date=mention.date,
            date_text=mention.date_text,
            confidence=mention.confidence,
            reported_at=reported_at,
        )
    )
    if new:
        conn.execute(
            t.event_status_history.insert().values(
                event_id=event_id, status=mention.status, article_id=article_id, at=reported_at
            )
        )
    else:
        refresh_event(conn, event_id)
    return int(event_id)


def status_history(mentions: Sequence[tuple[str, int, datetime]]) -> list[tuple[str, int, datetime]]:
    """(status, article id, time) of each change of status, from mentions in publication order."""
    history: list[tuple[str, int, datetime]] = []
    for status, article_id, at in sorted(mentions, key=lambda m: (m[2], m[1])):
        if not history or status in TRANSITIONS.get(history[-1][0], set()):
            history.append((status, article_id, at))
    return history


def refresh_event(conn: sa.Connection, event_id: int) -> None:
    """Recompute an event's counts, seen times, date and status from all its mentions."""
    m, a = t.event_mentions, t.articles
    rows = conn.execute(
        sa.select(m.c.status, m.c.date, m.c.date_text, m.c.reported_at, m.c.article_id, a.c.outlet)
        .join(a, a.c.id == m.c.article_id)
        .where(m.c.event_id == event_id)
        .order_by(m.c.reported_at, m.c.article_id, m.c.id)
    ).all()
    if not rows:
        return
    sources = {r.outlet or f"article:{r.article_id}" for r in rows}
    dated = [(timex_range(r.date), i, r) for i, r in enumerate(rows)]
    # The most specific date wins; between equally specific ones, the latest report.
    specific = [(rng[1] - rng[0], -i, r) for rng, i, r in dated if rng is not None]
    best = min(specific, key=lambda x: (x[0], x[1]))[2] if specific else None
    history = status_history([(r.status, r.article_id, r.reported_at) for r in rows])
    conn.execute(
        t.events.update()
        .where(t.events.c.id == event_id)
        .values(
            mentions=len(rows),
            sources=len(sources),
            first_seen=rows[0].reported_at,
            last_seen=max(r.reported_at for r in rows),
            date=best.date if best else None,
            date_text=best.date_text if best else None,
            status=history[-1][0],
        )
    )
    h = t.event_status_history
    conn.execute(h.delete().where(h.c.event_id == event_id))
    conn.execute(
        h.insert(),
        [{"event_id": event_id, "status": s, "article_id": aid, "at": at} for s, aid, at in history],
    )


def detach_article(conn: sa.Connection, article_id: int) -> None:
    """Take an article's event mentions out of their events (its new version is read anew): an event
    left without a mention is deleted with its actors and status history, the others are recomputed
    from the mentions they keep."""
    m = t.event_mentions
    event_ids = sorted(
        {r.event_id for r in conn.execute(sa.select(m.c.event_id).where(m.c.article_id == article_id))}
    )
    if not event_ids:
        return
    conn.execute(m.delete().where(m.c.article_id == article_id))
    kept = {
        r.event_id
        for r in conn.execute(sa.select(m.c.event_id).where(m.c.event_id.in_(event_ids)).distinct())
    }
    gone = [e for e in event_ids if e not in kept]
    if gone:
        conn.execute(t.event_status_history.delete().where(t.event_status_history.c.event_id.in_(gone)))
        conn.execute(t.event_actors.delete().where(t.event_actors.c.event_id.in_(gone)))
        conn.execute(t.events.delete().where(t.events.c.id.in_(gone)))
    for event_id in sorted(kept):
        refresh_event(conn, event_id)
