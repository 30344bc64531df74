"""The corpus stage and the queries over it: event merging across articles, status upgrades,
near-duplicates, stories; events / timeline / stories / entities. Hand-made records only."""

from __future__ import annotations

from typing import Any

import pytest

from dateline.store import Store
from dateline.store.merge import status_history
from test_store_support import BIDEN, MODI, PUTIN, entity, event, record, summit_record

DEC1, DEC3, DEC6, DEC7 = (f"2021-12-{d:02d}T10:00:00+05:30" for d in (1, 3, 6, 7))

pytest_plugins = ["test_store_support"]


def one_event(store: Store) -> dict[str, Any]:
    events = store.events()
    assert len(events) == 1, events
    return events[0]


def test_planned_event_becomes_occurred_when_a_later_article_reports_it(store: Store) -> None:
    store.ingest_documents(
        [
            summit_record("plan", "planned", DEC1, url="https://a.example/plan"),
            summit_record("held", "occurred", DEC7, url="https://b.example/held", agency="ANI"),
        ]
    )
    ev = one_event(store)
    assert (ev["type"], ev["status"], ev["date"], ev["mentions"]) == ("CONSULT", "occurred", "2021-12-06", 2)
    assert ev["sources"] == ["ANI", "a.example"]
    assert [h["status"] for h in ev["status_history"]] == ["planned", "occurred"]
    assert ev["first_seen"].startswith("2021-12-01") and ev["last_seen"].startswith("2021-12-07")
    assert sorted(ev["actor_names"]) == ["Narendra Modi", "Vladimir Putin"]


def test_status_follows_publication_order_not_ingest_order(store: Store) -> None:
    store.ingest_documents(
        [
            summit_record("held", "occurred", DEC7),
            summit_record("plan", "planned", DEC1),
        ]
    )
    ev = one_event(store)
    assert ev["status"] == "occurred"
    assert [h["status"] for h in ev["status_history"]] == ["planned", "occurred"]


def test_occurred_is_final() -> None:
    from datetime import datetime

    d = [datetime(2021, 12, day) for day in (1, 6, 8)]
    history = status_history([("planned", 1, d[0]), ("occurred", 2, d[1]), ("planned", 3, d[2])])
    assert [h[0] for h in history] == ["planned", "occurred"]
    history = status_history([("planned", 1, d[0]), ("negated", 2, d[1]), ("occurred", 3, d[2])])
    assert [h[0] for h in history] == ["planned", "negated", "occurred"]


@pytest.mark.parametrize(
    "first, second, merged",
    [
        ("2021-12-06", "2021-12-06", True),
        ("2021-12", "2021-12-06", True),  # a month is compatible with a day in it
        ("2021-W49", "2021-12-06", True),
        ("2021-12-06", "2021-12-09", False),  # two different days are two meetings
        (None, "2021-12-06", True),  # no date: compatible with a date within the window
        ("2021-12-06", None, True),
        (None, None, True),
        ("2022-03-01", None, False),  # undated report on Dec 7; the dated event is months away
    ],
)
def test_dates_merge_at_their_granularity(
    store: Store, first: str | None, second: str | None, merged: bool
) -> None:
    store.ingest_documents(
        [
            summit_record("one", "planned", DEC1, date=first),
            summit_record("two", "occurred", DEC7, date=second),
        ]
    )
    assert len(store.events()) == (1 if merged else 2)


def test_undated_mentions_merge_only_within_the_window(store: Store) -> None:
    store.ingest_documents(
        [
            summit_record("one", "occurred", "2021-12-01T10:00:00+00:00", date=None),
            summit_record("two", "occurred", "2021-12-20T10:00:00+00:00", date=None),
        ]
    )
    assert len(store.events()) == 2


def test_different_actors_or_types_do_not_merge(store: Store) -> None:
    store.ingest_documents(
        [
            summit_record("pm", "planned", DEC1),
            summit_record("pb", "planned", DEC3, actors=(PUTIN, BIDEN)),
            summit_record("ps", "planned", DEC3, type_="SUPPORT"),
        ]
    )
    assert len(store.events()) == 3


def test_actors_agree_by_canonical_name_without_kb_id(store: Store) -> None:
    local = (("Ivan Petrov", ""), ("Anna Ivanova", ""))
    r1 = summit_record("x1", "planned", DEC1, actors=local)
    r2 = summit_record("x2", "occurred", DEC7, actors=tuple(reversed(local)))
    for r in (r1, r2):
        for e in r["entities"]:
            e["kb_id"] = None
    store.ingest_documents([r1, r2])
    assert one_event(store)["status"] == "occurred"


def test_events_without_actors_never_merge_across_articles(store: Store) -> None:
    r1 = record(
        "n1", "A blast was reported.", published=DEC1, events=[event("v1", "ASSAULT", [], date="2021-12-01")]
    )
    r2 = record(
        "n2",
        "Another blast was reported.",
        published=DEC1,
        events=[event("v1", "ASSAULT", [], date="2021-12-01")],
    )
    store.ingest_documents([r1, r2])
    assert len(store.events()) == 2


def test_event_queries_filter_and_order(store: Store) -> None:
    store.ingest_documents(
        [
            summit_record("plan", "planned", DEC1),
            summit_record("held", "occurred", DEC7),
            summit_record(
                "call", "planned", "2021-11-20T10:00:00+00:00", date="2021-11-25", actors=(BIDEN, PUTIN)
            ),
            summit_record("threat", "occurred", DEC3, date="2021-12-02", actors=(BIDEN,), type_="THREATEN"),
        ]
    )
    assert [e["type"] for e in store.events(actor="Putin")] == ["CONSULT", "CONSULT"]
    assert len(store.events(actor="person:joe-biden")) == 2
    assert [e["date"] for e in store.events(type="consult")] == ["2021-12-06", "2021-11-25"]
    assert [e["date"] for e in store.events(status="planned")] == ["2021-11-25"]
    assert [e["date"] for e in store.events(since="2021-12-01")] == ["2021-12-06", "2021-12-02"]
    assert [e["date"] for e in store.events(since="2021-12", until="2021-12-05")] == ["2021-12-02"]
    assert [e["date"] for e in store.timeline("Biden")] == ["2021-11-25", "2021-12-02"]
    assert store.events(actor="Nobody") == []
    ev = store.events(type="THREATEN")[0]
    assert set(ev) >= {
        "id",
        "type",
        "mode",
        "cameo",
        "actors",
        "recipients",
        "date",
        "date_text",
        "status",
        "trigger",
        "sentence",
        "mentions",
        "sources",
        "first_seen",
        "last_seen",
        "status_history",
    }
    assert ev["sentence"]["text"] == store.events(type="THREATEN")[0]["sentence"]["text"]


def test_bad_dates_in_filters_are_usage_errors(store: Store) -> None:
    from dateline.errors import UsageError

    with pytest.raises(UsageError, match="not a date"):
        store.events(since="last week")


WIRE = (
    "Prime Minister Narendra Modi held talks with Russian President Vladimir Putin in New Delhi on Monday. "
    "The two leaders signed agreements on defence cooperation, trade, energy and space, and agreed to "
    "boost bilateral trade to 30 billion dollars by 2025, the foreign secretary told reporters after the "
    "summit at Hyderabad House, where the two sides also signed a deal to make rifles in India."
)


def test_wire_copies_collapse_onto_the_earliest(store: Store) -> None:
    ents = [entity("e1", *MODI[:1], kb_id=MODI[1]), entity("e2", *PUTIN[:1], kb_id=PUTIN[1])]
    store.ingest_documents(
        [
            record(
                "copy",
                "NEW DELHI (Reuters) - " + WIRE + " Officials said more talks would follow.",
                published="2021-12-06T18:00:00+05:30",
                entities=ents,
                agency="Reuters",
            ),
            record("orig", WIRE, published="2021-12-06T17:00:00+05:30", entities=ents, agency="ANI"),
            record(
                "other",
                "The James Webb Space Telescope lifted off from Kourou on Saturday aboard an Ariane "
                "rocket, and will take about a month to reach its orbit, NASA said.",
                published="2021-12-25T12:00:00+00:00",
            ),
        ]
    )
    with store.connect() as conn:
        import sqlalchemy as sa

        from dateline.store import schema as t

        rows = {r.record_id: r for r in conn.execute(sa.select(t.articles))}
    assert rows["copy"].canonical_of == rows["orig"].id
    assert rows["orig"].canonical_of is None and rows["other"].canonical_of is None
    assert rows["copy"].story_id == rows["orig"].story_id != rows["other"].story_id


def story_record(rid: str, text: str, published: str, names: list[tuple[str, str]]) -> dict[str, Any]:
    return record(
        rid,
        text,
        published=published,
        title=rid,
        entities=[entity(f"e{i}", n, kb_id=k) for i, (n, k) in enumerate(names, 1)],
    )


def test_stories_group_related_articles_within_the_window(store: Store) -> None:
    summit = [PUTIN, MODI, ("India", "country:IND"), ("Russia", "country:RUS")]
    store.ingest_documents(
        [
            story_record(
                "s1",
                "Putin will visit New Delhi for a summit with Modi on defence and trade ties.",
                DEC1,
                summit,
            ),
            story_record(
                "s2",
                "Modi and Putin held summit talks in New Delhi and signed defence and trade deals.",
                DEC7,
                summit,
            ),
            story_record(
                "s3",
                "Biden and Putin spoke by video about Ukraine and sanctions.",
                DEC7,
                [BIDEN, PUTIN, ("Ukraine", "country:UKR")],
            ),
            story_record(
                "s4",
                "Putin visited New Delhi again for a summit with Modi on defence and trade ties.",
                "2022-03-01T10:00:00+05:30",
                summit,
            ),
        ]
    )
    stories = store.stories()
    groups = sorted(sorted(s["articles"]) for s in stories)
    assert groups == [[1, 2], [3], [4]]
    big = store.stories(min_articles=2)
    assert len(big) == 1
    assert big[0]["title"] == "s1" and big[0]["first_seen"].startswith("2021-12-01")
    assert set(big[0]) == {"id", "title", "first_seen", "last_seen", "articles"}


def test_entities_with_counts(store: Store) -> None:
    store.ingest_documents(
        [
            summit_record("plan", "planned", DEC1),
            summit_record("held", "occurred", DEC7),
        ]
    )
    putin = store.entities(name="putin")
    assert len(putin) == 1
    assert (putin[0]["kb_id"], putin[0]["articles"], putin[0]["mentions"], putin[0]["events"]) == (
        "person:vladimir-putin",
        2,
        2,
        1,
    )
    assert [e["name"] for e in store.entities(type="person")] == ["Narendra Modi", "Vladimir Putin"]


def test_who_is_actor_or_recipient_does_not_split_a_meeting(store: Store) -> None:
    def rec(
        rid: str, actor: tuple[str, str], recipient: tuple[str, str], type_: str, published: str, status: str
    ) -> dict[str, Any]:
        ents = [entity("e1", actor[0], kb_id=actor[1]), entity("e2", recipient[0], kb_id=recipient[1])]
        return record(
            rid,
            f"{rid}: {actor[0]} and {recipient[0]}.",
            published=published,
            entities=ents,
            events=[event("v1", type_, ["e1"], recipients=["e2"], status=status, date="2021-12-06")],
        )

    store.ingest_documents(
        [
            rec("m1", PUTIN, MODI, "CONSULT", DEC1, "planned"),
            rec("m2", MODI, PUTIN, "CONSULT", DEC7, "occurred"),
            rec("t1", BIDEN, PUTIN, "THREATEN", DEC6, "occurred"),
            rec("t2", PUTIN, BIDEN, "THREATEN", DEC7, "occurred"),
        ]
    )
    assert [e["status"] for e in store.events(type="CONSULT")] == ["occurred"]
    assert len(store.events(type="THREATEN")) == 2


def test_a_city_as_recipient_is_where_not_with_whom(store: Store) -> None:
    visit = record(
        "visit",
        "Putin will visit New Delhi for talks with Modi.",
        published=DEC1,
        entities=[
            entity("e1", *PUTIN[:1], kb_id=PUTIN[1]),
            entity("e2", "New Delhi", "PLACE", kb_id="place:new-delhi"),
            entity("e3", *MODI[:1], kb_id=MODI[1]),
        ],
        events=[event("v1", "CONSULT", ["e1"], recipients=["e2", "e3"], status="planned", date="2021-12-06")],
    )
    held = record(
        "held",
        "Modi held talks with Putin.",
        published=DEC7,
        entities=[entity("e1", *MODI[:1], kb_id=MODI[1]), entity("e2", *PUTIN[:1], kb_id=PUTIN[1])],
        events=[event("v1", "CONSULT", ["e1"], recipients=["e2"], status="occurred", date="2021-12-06")],
    )
    store.ingest_documents([visit, held])
    ev = one_event(store)
    assert ev["status"] == "occurred"
    assert not set(ev["actors"]) & set(ev["recipients"])
