"""The article record `dateline.article/1`: the stable JSON contract (see docs/record.md).

Extend it, never break it: fields are only ever added.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .model import SCHEMA, Document, Span


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _span(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": span.text}


def _drop_none(d: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None or k in keep}


def to_record(document: Document) -> dict[str, Any]:
    """The JSON-ready record of a read document. Layers not run are absent, not empty."""
    a = document.article
    rec: dict[str, Any] = {
        "schema": SCHEMA,
        "id": a.id,
        "url": a.url,
        "title": a.title,
        "section": a.section,
        "agency": a.agency,
        "author": a.author,
        "language": a.language,
        "published": _iso(a.published),
        "updated": _iso(a.updated),
        "text": a.text,
    }
    layers = document.layers
    if "sentences" in layers:
        rec["sentences"] = [{"start": s.start, "end": s.end} for s in document.sentences]
    if "entities" in layers:
        rec["entities"] = [
            _drop_none(
                {
                    "id": e.id,
                    "name": e.name,
                    "type": e.type,
                    "code": e.code,
                    "country": e.country,
                    "role": e.role,
                    "kb_id": e.kb_id,
                    "lat": e.lat,
                    "lon": e.lon,
                    "mentions": [_span(m) for m in e.mentions],
                },
                keep=("code", "country", "role", "kb_id"),
            )
            for e in document.entities
        ]
    if "times" in layers:
        rec["times"] = [
            _drop_none(
                {
                    "start": t.start,
                    "end": t.end,
                    "text": t.text,
                    "type": t.type,
                    "value": t.value,
                    "anchor": t.anchor,
                    "mod": t.mod,
                },
                keep=("anchor",),
            )
            for t in document.times
        ]
    if "amounts" in layers:
        rec["amounts"] = [
            _drop_none(
                {
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "value": m.value,
                    "unit": m.unit,
                    "object": m.object,
                    "approx": m.approx or None,
                    "high": m.high,
                },
                keep=("unit", "object"),
            )
            for m in document.amounts
        ]
    if "quotes" in layers:
        rec["quotes"] = [
            {
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "kind": q.kind,
                "speaker": q.speaker,
                "cue": _span(q.cue),
                "speaker_text": q.speaker_text,
                "partial": q.partial,
            }
            for q in document.quotes
        ]
    if "events" in layers:
        rec["events"] = [
            {
                "id": e.id,
                "type": e.type,
                "mode": e.mode,
                "cameo": e.cameo,
                "actors": e.actors,
                "recipients": e.recipients,
                "date": e.date,
                "date_text": e.date_text,
                "status": e.status,
                "place": e.place,
                "quantity": e.quantity,
                "attributed_to": e.attributed_to,
                "trigger": _span(e.trigger),
                "sentence": {"start": e.sentence.start, "end": e.sentence.end},
                "confidence": e.confidence,
                "mentions": [_span(m) for m in e.mentions],
            }
            for e in document.events
        ]
    return rec
