"""Shared fixtures for the API, web and browser tests: a store built from the demo articles
(examples/) plus one hostile article whose title, byline, URL and body carry script payloads."""

from __future__ import annotations

import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from dateline.model import Article
from dateline.store import Store

with warnings.catch_warnings():  # starlette's TestClient warns that it prefers httpx2; httpx is what we have
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

__all__ = ["TestClient", "build_store", "hostile_article", "hostile_id"]

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

HOSTILE_TITLE = "<script>alert('title')</script>Putin talks <img src=x onerror=alert('title-img')>"
HOSTILE_AUTHOR = "<img src=x onerror=alert('author')> Mallory"
HOSTILE_URL = "javascript:alert('url')"
HOSTILE_BODY = (
    "Russian President Vladimir Putin met Prime Minister Narendra Modi in New Delhi on Monday "
    "<script>alert('body')</script>.\n\n"
    "Officials shared a link <a href=\"javascript:alert('link')\">click here</a> and an image "
    "<img src=x onerror=alert('body-img')> with reporters.\n\n"
    "\"We agreed to <b onmouseover=alert('quote')>deepen ties</b>,\" Modi said on Tuesday."
)


def hostile_article() -> Article:
    return Article(
        text=HOSTILE_BODY,
        title=HOSTILE_TITLE,
        author=HOSTILE_AUTHOR,
        url=HOSTILE_URL,
        section="<i>World</i>",
        published=datetime(2021, 12, 6, 20, 0, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        source="hostile.txt",
    )


def build_store(db: Path, pipeline, hostile: bool) -> Store:
    """Ingest examples/* (and, with `hostile`, the hostile article) into a fresh SQLite file."""
    store = Store(str(db))
    store.ingest(
        [str(p) for p in sorted(EXAMPLES.iterdir()) if p.suffix in (".txt", ".html")], pipeline=pipeline
    )
    if hostile:
        store.ingest_documents([pipeline.read(hostile_article())])
    return store


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, pipeline) -> Path:
    """The demo articles only: what the screenshots show."""
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    build_store(db, pipeline, hostile=False).close()
    return db


@pytest.fixture(scope="session")
def web_db(tmp_path_factory, pipeline) -> Path:
    """The demo articles and the hostile one."""
    db = tmp_path_factory.mktemp("web") / "web.db"
    build_store(db, pipeline, hostile=True).close()
    return db


def hostile_id(store: Store) -> int:
    import sqlalchemy as sa

    from dateline.store import schema as t

    with store.connect() as conn:
        return int(
            conn.execute(sa.select(t.articles.c.id).where(t.articles.c.source == "hostile.txt")).scalar_one()
        )
