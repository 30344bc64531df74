"""The web pages: server-rendered Jinja2 (autoescaped everywhere), pictures as server-side SVG, a
little JavaScript from /static for toggles. Nothing here marks article text as safe HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.concurrency import run_in_threadpool

from ..errors import DatelineError
from ..record import to_record
from ..store import schema as t
from ..store import views
from ..store.dates import timex_range
from ..store.queries import search as search_articles
from . import charts
from .context import state
from .highlight import counts, record_marks, segments, sentence_segments, snippet_segments
from .reading import article_from_item, fetch_article
from .security import read_body, safe_link

router = APIRouter(include_in_schema=False)

env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,  # every template, whatever its name: article text is untrusted
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
)
env.filters["link"] = safe_link
env.globals["STATUSES"] = charts.STATUSES
env.globals["is_calendar"] = lambda value: timex_range(value) is not None

TIMELINE_LIMIT = 300


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    html = env.get_template(name).render(request=request, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status)


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value else None


@router.get("/", response_class=HTMLResponse)
def timeline_page(
    request: Request,
    actor: str | None = None,
    type: str | None = None,
    status: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> HTMLResponse:
    filters = {"actor": _blank(actor), "type": _blank(type), "status": _blank(status)}
    filters |= {"since": _blank(since), "until": _blank(until)}
    with state(request).store.connect() as conn:
        total, events = views.event_list(
            conn,
            index=state(request).events,
            actor=filters["actor"],
            type=filters["type"],
            status=filters["status"],
            since=filters["since"],
            until=filters["until"],
            sort="-date",
            limit=TIMELINE_LIMIT,
        )
        types = sorted(r[0] for r in conn.execute(sa.select(t.events.c.type).distinct()))
    events.reverse()  # oldest first, as a timeline reads
    return render(
        request,
        "timeline.html",
        {
            "filters": filters,
            "types": types,
            "events": events,
            "total": total,
            "chart": charts.timeline(events),
        },
    )


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: int) -> HTMLResponse:
    with state(request).store.connect() as conn:
        event = views.event_detail(conn, event_id)
        if event is None:
            raise HTTPException(404, f"no event {event_id}")
        titles = views.article_titles(conn, [h["article"] for h in event["status_history"]])
    for mention in event["mention_list"]:
        s, trig = mention["sentence"], mention["trigger"]
        mention["segments"] = sentence_segments(
            s["text"] or "", trig["start"] - s["start"], trig["end"] - s["start"]
        )
    return render(request, "event.html", {"event": event, "titles": titles})


def _article_view(record: dict[str, Any]) -> dict[str, Any]:
    store = record.get("store") or {}
    marks = record_marks(record, store.get("entities"), store.get("events"))
    entity_links = store.get("entities") or {}
    event_links = store.get("events") or {}
    names = {e["id"]: e["name"] for e in record.get("entities") or []}
    events = []
    for e in record.get("events") or []:
        events.append(
            e
            | {
                "store_id": event_links.get(e["id"]),
                "actor_names": [names.get(i, i) for i in e.get("actors") or []],
                "recipient_names": [names.get(i, i) for i in e.get("recipients") or []],
            }
        )
    entities = [e | {"store_id": entity_links.get(e["id"])} for e in record.get("entities") or []]
    quotes = [
        q | {"speaker_name": names.get(q.get("speaker")) or q.get("speaker_text")}
        for q in record.get("quotes") or []
    ]
    return {
        "record": record,
        "segments": segments(record["text"], marks),
        "counts": counts(marks),
        "events": events,
        "entities": entities,
        "quotes": quotes,
    }


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: int) -> HTMLResponse:
    with state(request).store.connect() as conn:
        record = views.article_record(conn, article_id)
    if record is None:
        raise HTTPException(404, f"no article {article_id}")
    return render(request, "article.html", {"view": _article_view(record)})


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, offset: int = 0) -> HTMLResponse:
    offset = max(offset, 0)
    with state(request).store.connect() as conn:
        total, items = views.article_list(conn, limit=50, offset=offset)
    return render(request, "articles.html", {"total": total, "items": items, "offset": offset, "limit": 50})


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: int) -> HTMLResponse:
    with state(request).store.connect() as conn:
        entity = views.entity_detail(conn, entity_id)
        if entity is None:
            raise HTTPException(404, f"no entity {entity_id}")
        total, events = views.event_list(
            conn, index=state(request).events, entity_id=entity_id, sort="-date", limit=100
        )
    bars, top = charts.month_bars(entity["events_by_month"])
    center, nodes = charts.partner_graph(entity["name"], entity["partners"])
    return render(
        request,
        "entity.html",
        {
            "entity": entity,
            "events": events,
            "total": total,
            "bars": bars,
            "top": top,
            "center": center,
            "nodes": nodes,
        },
    )


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, offset: int = 0) -> HTMLResponse:
    offset = max(offset, 0)
    with state(request).store.connect() as conn:
        total, stories = views.story_list(conn, limit=50, offset=offset)
    return render(
        request, "stories.html", {"stories": stories, "total": total, "offset": offset, "limit": 50}
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "") -> HTMLResponse:
    q = q.strip()[:500]
    results: list[dict[str, Any]] = []
    if q:
        with state(request).store.connect() as conn:
            results = search_articles(conn, q, limit=50)
        for r in results:
            r["segments"] = snippet_segments(r.get("snippet") or "")
    return render(request, "search.html", {"q": q, "results": results})


@router.get("/read", response_class=HTMLResponse)
def read_form(request: Request) -> HTMLResponse:
    return render(request, "read.html", {"text": "", "url": "", "error": None, "view": None})


@router.post("/read", response_class=HTMLResponse)
async def read_page(request: Request) -> HTMLResponse:
    web = state(request)
    body = await read_body(request, web.max_body)
    form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}
    text, url = form.get("text", ""), form.get("url", "").strip()
    context: dict[str, Any] = {"text": text, "url": url, "error": None, "view": None}
    try:
        if text.strip():
            article = article_from_item({"text": text, "url": url or None}, web.max_body)
        elif url:
            article = await run_in_threadpool(fetch_article, url, web.max_body)
        else:
            context["error"] = "Paste an article's text (or HTML), or give its URL."
            return render(request, "read.html", context, status=400)
        document = await run_in_threadpool(web.reader.read, article)
    except DatelineError as error:
        context["error"] = str(error)
        return render(request, "read.html", context, status=422)
    context["view"] = _article_view(to_record(document))
    return render(request, "read.html", context)
