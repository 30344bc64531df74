"""Hostile requests to the JSON API (docs/reliability.md): SQL injection strings in every query
parameter, an unknown sort field, an oversized POST body. Each answer is a normal page or a 4xx JSON
error, never a 500, and the store's tables keep their rows. Runs on a copy of the web test store."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from dateline.web.app import create_app
from dateline.web.reading import Reader
from test_web_support import TestClient

pytest_plugins = ["test_web_support"]

INJECTIONS = (
    "' OR 1=1 --",
    '"; DROP TABLE articles; --',
    "%' UNION SELECT name, sql, 1, 1 FROM sqlite_master --",
    "1; DELETE FROM events",
    "*",
    '" OR ""="',
)
PARAMETERS = {
    "/api/events": ("actor", "type", "status", "since", "until", "sort", "limit", "offset"),
    "/api/entities": ("name", "type", "limit", "offset"),
    "/api/search": ("q", "limit"),
    "/api/articles": ("limit", "offset"),
}


@pytest.fixture(scope="module")
def db(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("hostile-api") / "web.db"
    shutil.copy(web_db, copy)
    return copy


@pytest.fixture(scope="module")
def client(db: Path, pipeline) -> TestClient:
    return TestClient(create_app(str(db), reader=Reader(pipeline=pipeline)), raise_server_exceptions=False)


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables}


def test_injection_strings_in_every_query_parameter(client: TestClient, db: Path) -> None:
    before = counts(db)
    assert before["articles"] > 0 and before["events"] > 0
    answers: dict[int, int] = {}
    for path, names in PARAMETERS.items():
        for name in names:
            for value in INJECTIONS:
                params = (
                    {name: value} if name == "q" or path != "/api/search" else {"q": "Putin", name: value}
                )
                response = client.get(path, params=params)
                answers[response.status_code] = answers.get(response.status_code, 0) + 1
                assert response.status_code == 200 or 400 <= response.status_code < 500, (path, params)
                body = response.json()
                if response.status_code != 200:
                    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
                elif name == "q":  # no injected row: every hit is a stored article
                    assert all(isinstance(hit.get("id"), int) for hit in body["items"]), body
    assert counts(db) == before
    assert set(answers) <= {200, 400}, answers


def test_injection_does_not_widen_a_filter(client: TestClient) -> None:
    """A quote in a filter is a literal character of the value: nothing matches, not everything."""
    for path, name in (("/api/events", "actor"), ("/api/entities", "name"), ("/api/events", "type")):
        items = client.get(path, params={name: "' OR 1=1 --", "limit": 500}).json()["items"]
        assert items == [], (path, name)


def test_an_unknown_sort_field_is_400(client: TestClient) -> None:
    for sort in ("title", "-password", "id DESC, (SELECT 1)", "date; DROP TABLE events"):
        response = client.get("/api/events", params={"sort": sort})
        assert response.status_code == 400, sort
        assert "cannot sort by" in response.json()["error"]["message"]


def test_an_oversized_post_to_read_is_413(db: Path, pipeline) -> None:
    small = TestClient(create_app(str(db), reader=Reader(pipeline=pipeline), max_body=10_000))
    declared = small.post("/api/read", content=b"x" * 10_001, headers={"content-type": "text/plain"})
    assert declared.status_code == 413 and declared.json()["error"]["code"] == "too_large"

    def chunks():  # no Content-Length: refused while it streams
        for _ in range(1_000):
            yield b"word " * 1_000

    streamed = small.post("/api/read", content=chunks(), headers={"content-type": "text/plain"})
    assert streamed.status_code == 413 and streamed.json()["error"]["code"] == "too_large"
