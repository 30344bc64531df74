"""What every request handler shares: the store, the reader, and whether writes are allowed."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request

from ..store import Store
from ..store.views import EventIndex
from . import DEFAULT_MAX_BODY
from .reading import Reader


@dataclass
class WebState:
    store: Store
    reader: Reader
    allow_write: bool = False
    token: str | None = None
    max_body: int = DEFAULT_MAX_BODY
    events: EventIndex = field(default_factory=EventIndex)  # sort and filter keys, cached


def state(request: Request) -> WebState:
    web: WebState = request.app.state.web
    return web
