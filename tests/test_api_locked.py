"""A locked database behind the web API (docs/reliability.md): another process holds the SQLite lock
past the server's busy timeout. That is the server's passing condition, not a bad request: 503 with a
Retry-After header and the usual JSON error body (code D610), and nothing changed."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from dateline.errors import StoreLocked
from dateline.store import Store
from dateline.web.app import RETRY_AFTER_LOCKED, create_app
from dateline.web.reading import Reader
from test_web_support import TestClient

pytest_plugins = ["test_web_support"]
TOKEN = "s3cret"
STORY = (
    "Russian President Vladimir Putin will visit New Delhi on December 6 for talks with Prime Minister "
    "Narendra Modi, officials said on Friday."
)


@pytest.fixture
def db(web_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DATELINE_BUSY_TIMEOUT_MS", "200")  # read when the app's store connects
    copy = tmp_path / "web.db"
    shutil.copy(web_db, copy)
    return copy


@contextmanager
def lock_held(db: Path, exclusive: bool) -> Iterator[None]:
    """Another process's lock on the file, held until the block ends: the write lock (BEGIN IMMEDIATE,
    what a concurrent `dateline ingest` holds), or with `exclusive` the whole file (locking_mode
    EXCLUSIVE, as a maintenance tool takes it), which keeps even WAL readers out."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        try:
            if exclusive:
                conn.execute("PRAGMA locking_mode=EXCLUSIVE")
                conn.execute("BEGIN EXCLUSIVE")
                conn.execute("UPDATE settings SET value = value")  # takes the WAL's exclusive lock too
            else:
                conn.execute("BEGIN IMMEDIATE")
            locked.set()
            release.wait(30)
            conn.execute("ROLLBACK")
        finally:
            conn.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(5), "the lock could not be taken"
        yield
    finally:
        release.set()
        holder.join()


def assert_locked_answer(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == str(RETRY_AFTER_LOCKED)
    error = response.json()["error"]
    assert error["code"] == StoreLocked.code
    assert "locked" in error["message"] and f"Try again in {RETRY_AFTER_LOCKED} s" in error["message"]


def test_posting_an_article_while_another_writer_holds_the_lock_is_503(db: Path, pipeline) -> None:
    store = Store(str(db))
    app = create_app(store=store, reader=Reader(pipeline=pipeline), allow_write=True, token=TOKEN)
    client = TestClient(app, raise_server_exceptions=False)
    before = store.counts()
    post = {"json": {"text": STORY, "url": "https://news.example/locked"}}
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with lock_held(db, exclusive=False):
        started = time.monotonic()
        response = client.post("/api/articles", headers=auth, **post)
        waited = time.monotonic() - started
    assert_locked_answer(response)
    assert waited < 10  # the busy timeout (0.2 s) plus reading the article, not a hang
    assert store.counts() == before  # nothing of it was stored
    again = client.post("/api/articles", headers=auth, **post)  # the lock is gone: the retry works
    assert again.status_code == 201 and again.json()["new"] == 1
    store.close()


@pytest.mark.parametrize("path", ["/api/events", "/api/articles", "/api/search?q=Putin", "/api/entities"])
def test_reading_while_another_process_locks_the_whole_file_is_503(db: Path, pipeline, path: str) -> None:
    store = Store(str(db))
    client = TestClient(
        create_app(store=store, reader=Reader(pipeline=pipeline)), raise_server_exceptions=False
    )
    assert client.get(path).status_code == 200
    store.engine.dispose()  # a WAL connection keeps a shared lock on the file while open
    with lock_held(db, exclusive=True):
        response = client.get(path)
    assert_locked_answer(response)
    assert client.get(path).status_code == 200
    store.close()


def test_a_locked_web_page_is_503_too(db: Path, pipeline) -> None:
    store = Store(str(db))
    client = TestClient(
        create_app(store=store, reader=Reader(pipeline=pipeline)), raise_server_exceptions=False
    )
    store.engine.dispose()
    with lock_held(db, exclusive=True):
        response = client.get("/articles")
    assert response.status_code == 503 and response.headers["retry-after"] == str(RETRY_AFTER_LOCKED)
    assert "text/html" in response.headers["content-type"]
    store.close()


def test_posting_an_article_when_the_disk_is_full_is_507(db: Path, pipeline, monkeypatch) -> None:
    """A full disk (D611) is the server's storage problem, not a bad request: 507, nothing stored."""
    from dateline.errors import StoreFull

    store = Store(str(db))
    app = create_app(store=store, reader=Reader(pipeline=pipeline), allow_write=True, token=TOKEN)
    client = TestClient(app, raise_server_exceptions=False)
    before = store.counts()

    def full(*args, **kwargs):
        raise StoreFull("disk full: the database could not grow; nothing of the article in hand was stored")

    monkeypatch.setattr(Store, "ingest_documents", full)
    response = client.post(
        "/api/articles",
        headers={"Authorization": f"Bearer {TOKEN}"},
        json={"text": STORY, "url": "https://news.example/full"},
    )
    assert response.status_code == 507, response.text
    assert response.json()["error"]["code"] == StoreFull.code
    assert store.counts() == before
    store.close()
