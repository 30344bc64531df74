"""Bulk export: article records (JSONL), tables (CSV, Parquet), GDELT 2.0-style events (TSV) and
PLOVER-style events (JSON Lines). The column mappings are documented in docs/store.md."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import sqlalchemy as sa

from ..errors import UsageError
from . import queries
from . import schema as t
from .dates import timex_range

if TYPE_CHECKING:
    from .api import Store

FORMATS = ("jsonl", "csv", "parquet", "gdelt", "plover")
TABLES = ("events", "mentions", "articles", "entities")

# PLOVER codes a future cooperative action as AGREE (the PLOVER manual): a planned meeting is an
# agreement to meet.
PLANNED_AS_AGREE = {"CONSULT", "SUPPORT", "COOPERATE", "AID"}

GDELT_COLUMNS = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [
        f"{who}{field}"
        for who in ("Actor1", "Actor2")
        for field in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    ]
    + [
        "IsRootEvent",
        "EventCode",
        "EventBaseCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "NumMentions",
        "NumSources",
        "NumArticles",
        "AvgTone",
    ]
    + [
        f"{who}Geo_{field}"
        for who in ("Actor1", "Actor2", "Action")
        for field in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
    ]
    + ["DATEADDED", "SOURCEURL"]
)


@contextmanager
def _text_out(out: IO[str] | str | Path) -> Iterator[IO[str]]:
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as handle:
            yield handle
    else:
        yield out


def article_records(conn: sa.Connection) -> Iterator[dict[str, Any]]:
    """Each stored article's record, text back in its place, plus where it sits in the store."""
    a = t.articles
    for r in conn.execute(
        sa.select(a.c.id, a.c.record, a.c.text, a.c.canonical_url, a.c.canonical_of, a.c.story_id).order_by(
            a.c.id
        )
    ):
        stored = json.loads(r.record)
        record: dict[str, Any] = {}
        for key, value in stored.items():
            record[key] = value
            if key == "updated":
                record["text"] = r.text
        record.setdefault("text", r.text)
        record["store"] = {
            "id": r.id,
            "canonical_url": r.canonical_url,
            "canonical_of": r.canonical_of,
            "story_id": r.story_id,
        }
        yield record


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(_flat(v)) for v in value)
    if isinstance(value, dict):
        return value.get("text") if "text" in value else json.dumps(value, ensure_ascii=False)
    return value


def table_rows(conn: sa.Connection, table: str) -> list[dict[str, Any]]:
    """Flat rows (scalars only) for CSV and Parquet."""
    if table == "events":
        return [
            {k: _flat(v) for k, v in e.items() if k != "status_history"}
            | {
                "status_history": "; ".join(
                    f"{h['status']}@{h['at']}#{h['article']}" for h in e["status_history"]
                )
            }
            for e in queries.events(conn, oldest_first=True)
        ]
    if table == "entities":
        return queries.entities(conn)
    if table == "mentions":
        m, a = t.event_mentions, t.articles
        cols = [c for c in m.c if c.name != "id"] + [a.c.url, a.c.outlet]
        return [dict(r._mapping) for r in conn.execute(sa.select(m.c.id, *cols).join(a).order_by(m.c.id))]
    if table == "articles":
        a = t.articles
        skip = {"text", "record", "minhash"}
        return [
            dict(r._mapping)
            for r in conn.execute(sa.select(*[c for c in a.c if c.name not in skip]).order_by(a.c.id))
        ]
    raise UsageError(f"cannot export the table {table!r}; choose one of {', '.join(TABLES)}")


def _entities_by_id(conn: sa.Connection) -> dict[int, Any]:
    return {r.id: r for r in conn.execute(sa.select(t.entities))}


def _day(event: dict[str, Any]) -> datetime:
    """The event's day: its date when the text gives a day, else the day it was first reported."""
    rng = timex_range(event["date"])
    if rng and (rng[1] - rng[0]).days <= 1:
        return rng[0]
    return datetime.fromisoformat(event["first_seen"]).replace(tzinfo=None)


def _quad_class(cameo: str | None) -> str:
    if not cameo or not cameo[:2].isdigit():
        return ""
    root = int(cameo[:2])
    return "1" if root <= 5 else "2" if root <= 8 else "3" if root <= 13 else "4"


def _urls(conn: sa.Connection) -> dict[int, str | None]:
    return {r.id: r.url for r in conn.execute(sa.select(t.articles.c.id, t.articles.c.url))}


def gdelt_rows(conn: sa.Connection) -> Iterator[list[str]]:
    ents, urls = _entities_by_id(conn), _urls(conn)

    def actor(ids: list[int]) -> list[str]:
        if not ids:
            return [""] * 10
        e = ents[ids[0]]
        country = e.code or e.country or ""
        return [country, e.name.upper(), country, "", "", "", "", "GOV" if e.role else "", "", ""]

    def geo(entity_id: int | None) -> list[str]:
        e = ents.get(entity_id) if entity_id else None
        if e is None or e.lat is None:
            return [""] * 8
        kind = "1" if e.type == "COUNTRY" else "4"
        return [kind, e.name, e.country or e.code or "", "", "", f"{e.lat:.4f}", f"{e.lon:.4f}", ""]

    for ev in queries.events(conn, oldest_first=True):
        if ev["status"] in ("negated", "hypothetical"):
            continue
        day = _day(ev)
        cameo = ev["cameo"] or ""
        first_seen = datetime.fromisoformat(ev["first_seen"])
        yield (
            [
                str(ev["id"]),
                day.strftime("%Y%m%d"),
                day.strftime("%Y%m"),
                day.strftime("%Y"),
                f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}",
            ]
            + actor(ev["actors"])
            + actor(ev["recipients"])
            + [
                "1",
                cameo,
                cameo[:3],
                cameo[:2],
                _quad_class(cameo),
                "",
                str(ev["mentions"]),
                str(len(ev["sources"])),
                str(ev["articles"]),
                "",
            ]
            + [""] * 8
            + [""] * 8
            + geo(ev["place"])
            + [first_seen.strftime("%Y%m%d%H%M%S"), urls.get(ev["article"]) or ""]
        )


def plover_records(conn: sa.Connection) -> Iterator[dict[str, Any]]:
    ents, urls = _entities_by_id(conn), _urls(conn)

    def who(ids: list[int]) -> dict[str, Any]:
        e = ents[ids[0]] if ids else None
        return {
            "name": e.name if e else None,
            "country": (e.code or e.country) if e else None,
            "kb_id": e.kb_id if e else None,
        }

    for ev in queries.events(conn, oldest_first=True):
        planned_coop = ev["status"] == "planned" and ev["type"] in PLANNED_AS_AGREE
        actor, recipient = who(ev["actors"]), who(ev["recipients"])
        place = ents.get(ev["place"]) if ev["place"] else None
        yield {
            "id": str(ev["id"]),
            "date": _day(ev).date().isoformat(),
            "event": "AGREE" if planned_coop else ev["type"],
            "mode": None if planned_coop else ev["mode"],
            "context": [],
            "status": ev["status"],
            "agreed_to": ev["type"] if planned_coop else None,
            "actor": actor["name"],
            "actor_country": actor["country"],
            "actor_kb_id": actor["kb_id"],
            "recipient": recipient["name"],
            "recipient_country": recipient["country"],
            "recipient_kb_id": recipient["kb_id"],
            "location": {
                "name": place.name,
                "country": place.country or place.code,
                "lat": place.lat,
                "lon": place.lon,
            }
            if place
            else None,
            "cameo": ev["cameo"],
            "mentions": ev["mentions"],
            "sources": ev["sources"],
            "first_seen": ev["first_seen"],
            "url": urls.get(ev["article"]),
            "text": (ev["sentence"] or {}).get("text"),
        }


def export(store: Store, fmt: str, out: IO[str] | str | Path, table: str = "events") -> int:
    if fmt not in FORMATS:
        raise UsageError(f"cannot export as {fmt!r}; choose one of {', '.join(FORMATS)}")
    n = 0
    with store.connect() as conn:
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            if not isinstance(out, str | Path):
                raise UsageError("parquet is binary: give a file to write to (--out FILE)")
            rows = table_rows(conn, table)
            pq.write_table(pa.Table.from_pylist(rows), str(out))
            return len(rows)
        with _text_out(out) as handle:
            if fmt == "jsonl":
                for record in article_records(conn):
                    handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
                    n += 1
            elif fmt == "plover":
                for record in plover_records(conn):
                    handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
                    n += 1
            elif fmt == "gdelt":
                for row in gdelt_rows(conn):
                    handle.write("\t".join(v.replace("\t", " ").replace("\n", " ") for v in row) + "\n")
                    n += 1
            else:
                rows = table_rows(conn, table)
                columns = list(rows[0]) if rows else []
                writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
                n = len(rows)
    return n
