"""The FastAPI application: the JSON API (/api/...), the web pages, static files and the OpenAPI page.

`create_app(db)` builds it; `dateline serve` runs it with uvicorn. Errors are JSON
`{"error": {"code", "message"}}` under /api/ and an HTML page elsewhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import DatelineError, InputError, StoreFull, StoreLocked, UsageError
from ..store import Store
from . import DEFAULT_MAX_BODY
from .context import WebState
from .head import HeadAsGet
from .reading import Reader
from .security import SecurityHeaders, docs_csp

STATIC = Path(__file__).parent / "static"

ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "unreadable",
    503: "unavailable",
    507: "insufficient_storage",
}
# A locked (busy) SQLite database is the server's passing condition, not the client's fault: 503, and
# the client is told when to try again.
RETRY_AFTER_LOCKED = 5  # seconds


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def error_response(request: Request, status: int, message: str, code: str | None = None) -> Response:
    code = code or ERROR_CODES.get(status, "error")
    if _wants_json(request):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
    from .pages import render

    return render(request, "error.html", {"status": status, "code": code, "message": message}, status=status)


def create_app(
    db: str | None = None,
    store: Store | None = None,
    allow_write: bool = False,
    token: str | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    reader: Reader | None = None,
    model: str | None = None,
) -> FastAPI:
    """The web app over a store (SQLite file, PostgreSQL URL, or an open `Store`). Read-only unless
    `allow_write` with a `token`. Raises UsageError when there is no database or it needs upgrading."""
    if allow_write and not token:
        raise UsageError("--allow-write needs --token T: ingesting over HTTP requires a bearer token")
    store = store or Store(db)
    store.require_current()
    app = FastAPI(
        title="Dateline",
        version=__version__,
        description="Events read from news: who did what to whom, when, and whether it happened.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.web = WebState(
        store=store, reader=reader or Reader(model), allow_write=allow_write, token=token, max_body=max_body
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        response = error_response(request, exc.status_code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'query')}: {e.get('msg')}"
            for e in exc.errors()
        )
        return error_response(request, 400, problems or "invalid request")

    @app.exception_handler(StoreLocked)
    async def store_locked(request: Request, exc: StoreLocked) -> Response:
        message = (
            "the database is locked by another process (held past the server's busy timeout); "
            f"nothing was changed. Try again in {RETRY_AFTER_LOCKED} s"
        )
        response = error_response(request, 503, message, code=exc.code)
        response.headers["Retry-After"] = str(RETRY_AFTER_LOCKED)
        return response

    @app.exception_handler(StoreFull)
    async def store_full(request: Request, exc: StoreFull) -> Response:
        # the disk under the database is full: the server's storage, not the request, is at fault
        return error_response(request, 507, str(exc), code=exc.code)

    @app.exception_handler(DatelineError)
    async def dateline_error(request: Request, exc: DatelineError) -> Response:
        status = 422 if isinstance(exc, InputError) else 400
        return error_response(
            request, status, exc.message, code=exc.code if not isinstance(exc, UsageError) else None
        )

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        page = get_swagger_ui_html(openapi_url="/openapi.json", title="Dateline API")
        page.headers["Content-Security-Policy"] = docs_csp(bytes(page.body).decode())
        return page

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, Any]:
        return {"ok": True, "version": __version__}

    from .api import router as api_router
    from .pages import router as pages_router

    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
