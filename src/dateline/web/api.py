"""The JSON API under /api/: the same nouns as the CLI (articles, events, entities, stories, search),
plus reading a posted text without storing it. Read-only unless the server allows writes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool

from ..errors import UsageError
from ..record import to_record
from ..store import views
from ..store.queries import search as search_articles
from .context import WebState, state
from .reading import article_from_item, parse_posted
from .security import check_token, read_body

router = APIRouter(prefix="/api", tags=["api"])

Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
Offset = Annotated[int, Query(ge=0, description="How many to skip.")]
SORT_HELP = f"One of {', '.join(views.EVENT_SORTS)}; prefix - for descending. Default -date (newest first)."


def page(total: int, limit: int, offset: int, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/articles", summary="Stored articles, newest first")
def list_articles(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    with state(request).store.connect() as conn:
        total, items = views.article_list(conn, limit=limit, offset=offset)
    return page(total, limit, offset, items)


@router.get("/articles/{article_id}", summary="One article record (dateline.article/1) with its store ids")
def get_article(request: Request, article_id: int) -> dict[str, Any]:
    with state(request).store.connect() as conn:
        record = views.article_record(conn, article_id)
    if record is None:
        raise HTTPException(404, f"no article {article_id}")
    return record


@router.get("/events", summary="Events merged across articles, with the filters of `dateline events`")
def list_events(
    request: Request,
    actor: Annotated[str | None, Query(description="A name, part of one, or a kb_id.")] = None,
    type: Annotated[str | None, Query(description="PLOVER type, e.g. CONSULT.")] = None,
    status: Annotated[
        str | None, Query(description="occurred, ongoing, planned, hypothetical, negated.")
    ] = None,
    since: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    until: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    sort: Annotated[str, Query(description=SORT_HELP)] = "-date",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    if sort.lstrip("-") not in views.EVENT_SORTS:
        raise UsageError(
            f"cannot sort by {sort!r}; sort by one of {', '.join(views.EVENT_SORTS)} (prefix - to reverse)"
        )
    with state(request).store.connect() as conn:
        total, items = views.event_list(
            conn,
            index=state(request).events,
            actor=actor,
            type=type,
            status=status,
            since=since,
            until=until,
            sort=sort,
            limit=limit,
            offset=offset,
        )
    return page(total, limit, offset, items)


@router.get("/events/{event_id}", summary="One event with every mention: article, sentence and trigger")
def get_event(request: Request, event_id: int) -> dict[str, Any]:
    with state(request).store.connect() as conn:
        event = views.event_detail(conn, event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id}")
    event["mentions_detail"] = event.pop("mention_list")
    return event


@router.get("/entities", summary="Entities merged across articles, most mentioned first")
def list_entities(
    request: Request,
    name: Annotated[str | None, Query(description="Part of a name, or a kb_id.")] = None,
    type: Annotated[str | None, Query(description="PERSON, ORG, COUNTRY, PLACE, ...")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    with state(request).store.connect() as conn:
        items = views.entity_list(conn, name=name, type=type, limit=limit, offset=offset)
    return {"limit": limit, "offset": offset, "items": items}


@router.get("/entities/{entity_id}", summary="One entity: counts, roles over time, events by month, partners")
def get_entity(request: Request, entity_id: int) -> dict[str, Any]:
    with state(request).store.connect() as conn:
        entity = views.entity_detail(conn, entity_id)
    if entity is None:
        raise HTTPException(404, f"no entity {entity_id}")
    return entity


@router.get("/stories", summary="Articles grouped into stories, largest and latest first")
def list_stories(
    request: Request,
    min_articles: Annotated[int, Query(ge=1)] = 1,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    with state(request).store.connect() as conn:
        total, items = views.story_list(conn, limit=limit, offset=offset, min_articles=min_articles)
    return page(total, limit, offset, items)


@router.get("/search", summary="Full-text search over titles and bodies")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words to find (all of them).")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    with state(request).store.connect() as conn:
        items = search_articles(conn, q, limit=limit)
    return {"q": q, "items": items}


async def _posted_record(request: Request, web: WebState) -> dict[str, Any]:
    body = await read_body(request, web.max_body)
    item = parse_posted(body, request.headers.get("content-type", ""), web.max_body)
    article = article_from_item(item, web.max_body)
    document = await run_in_threadpool(web.reader.read, article)
    return to_record(document)


@router.post(
    "/read",
    summary="Read a posted article and return its record, without storing it",
    description="Body: JSON {text or html, url, title, published, raw}, or the article itself as "
    "text/plain or text/html. Larger than the server's limit: 413.",
)
async def read(request: Request) -> dict[str, Any]:
    return await _posted_record(request, state(request))


@router.post(
    "/articles",
    summary="Ingest a posted article (only with --allow-write and a bearer token)",
    status_code=201,
)
async def ingest(request: Request) -> dict[str, Any]:
    web = state(request)
    if not web.allow_write:
        raise HTTPException(403, "this server is read-only; start it with --allow-write --token T to ingest")
    check_token(request, web.token)
    record = await _posted_record(request, web)
    summary = await run_in_threadpool(web.store.ingest_documents, [record])
    if summary.failed:
        raise UsageError("; ".join(reason for _, _, reason in summary.failures))
    with web.store.connect() as conn:
        stored = views.find_article(conn, record)
    return {"new": summary.new, "duplicate": summary.duplicate, "id": stored}
