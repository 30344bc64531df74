"""The JSON API (/api/...) through the ASGI app, on a SQLite store built from the demo articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.errors import UsageError
from dateline.store import Store
from dateline.web.app import create_app
from dateline.web.reading import Reader
from test_web_support import TestClient, hostile_id

pytest_plugins = ["test_web_support"]


@pytest.fixture(scope="module")
def client(web_db: Path, pipeline) -> TestClient:
    return TestClient(create_app(str(web_db), reader=Reader(pipeline=pipeline)))


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    return body["error"]


def test_articles_are_paginated(client: TestClient) -> None:
    everything = client.get("/api/articles").json()
    assert everything["total"] == 5 and len(everything["items"]) == 5
    first = client.get("/api/articles", params={"limit": 2}).json()
    second = client.get("/api/articles", params={"limit": 2, "offset": 2}).json()
    assert [a["id"] for a in first["items"] + second["items"]] == [a["id"] for a in everything["items"][:4]]
    assert first["limit"] == 2 and second["offset"] == 2


def test_an_article_is_its_record_with_store_ids(client: TestClient) -> None:
    some = client.get("/api/articles").json()["items"][0]
    record = client.get(f"/api/articles/{some['id']}").json()
    assert record["schema"] == "dateline.article/1"
    assert record["store"]["id"] == some["id"]
    for entity in record["entities"]:
        for m in entity["mentions"]:
            assert record["text"][m["start"] : m["end"]] == m["text"]
    assert set(record["store"]["events"]) == {e["id"] for e in record["events"]}


def test_missing_things_are_json_404s(client: TestClient) -> None:
    for path in ("/api/articles/9999", "/api/events/9999", "/api/entities/9999"):
        response = client.get(path)
        assert response.status_code == 404
        assert error_of(response)["code"] == "not_found"


def test_events_filter_like_the_cli(client: TestClient, web_db: Path) -> None:
    store = Store(str(web_db))
    for params in (
        {"actor": "Putin"},
        {"type": "consult"},
        {"status": "planned"},
        {"since": "2021-12-07", "until": "2021-12-09"},
        {"actor": "person:joe-biden", "status": "occurred"},
    ):
        got = client.get("/api/events", params=params | {"limit": 500}).json()
        cli = store.events(**params)
        assert got["total"] == len(cli) > 0, params
        assert [e["id"] for e in got["items"]] == [e["id"] for e in cli], params
    store.close()


def test_events_page_and_sort_on_allowed_fields(client: TestClient) -> None:
    everything = client.get("/api/events", params={"limit": 500}).json()
    page = client.get("/api/events", params={"limit": 3, "offset": 3}).json()
    assert page["total"] == everything["total"]
    assert [e["id"] for e in page["items"]] == [e["id"] for e in everything["items"][3:6]]
    by_mentions = client.get("/api/events", params={"sort": "-mentions", "limit": 500}).json()["items"]
    assert [e["mentions"] for e in by_mentions] == sorted((e["mentions"] for e in by_mentions), reverse=True)
    by_id = client.get("/api/events", params={"sort": "id", "limit": 500}).json()["items"]
    assert [e["id"] for e in by_id] == sorted(e["id"] for e in by_id)
    oldest = client.get("/api/events", params={"sort": "date", "limit": 500}).json()["items"]
    assert [e["id"] for e in oldest] == [e["id"] for e in reversed(everything["items"])]


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "text"},
        {"sort": "-id; DROP TABLE events"},
        {"sort": "record"},
        {"limit": 0},
        {"limit": 100000},
        {"offset": -1},
        {"since": "yesterday"},
    ],
)
def test_bad_event_queries_are_400_json(client: TestClient, params: dict) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_request"


def test_an_event_has_every_mention_with_its_sentence_and_trigger(client: TestClient) -> None:
    events = client.get("/api/events", params={"actor": "Putin", "type": "CONSULT", "limit": 500}).json()[
        "items"
    ]
    merged = max(events, key=lambda e: e["mentions"])
    assert merged["mentions"] >= 2
    event = client.get(f"/api/events/{merged['id']}").json()
    mentions = event["mentions_detail"]
    assert len(mentions) == event["mentions"]
    for m in mentions:
        s, trigger = m["sentence"], m["trigger"]
        assert s["start"] <= trigger["start"] < trigger["end"] <= s["end"]
        assert s["text"][trigger["start"] - s["start"] : trigger["end"] - s["start"]] == trigger["text"]
        assert m["title"] and m["article"]
    assert [h["status"] for h in event["status_history"]][0] in ("planned", "occurred")


def test_entities_and_one_entity(client: TestClient) -> None:
    entities = client.get("/api/entities", params={"name": "Putin"}).json()["items"]
    putin = next(e for e in entities if e["kb_id"] == "person:vladimir-putin")
    detail = client.get(f"/api/entities/{putin['id']}").json()
    assert detail["name"] == "Vladimir Putin" and detail["events"] >= 3
    assert detail["roles"][0]["role"] == "President of Russia"
    assert sum(detail["events_by_month"].values()) == detail["events"]
    assert {"Narendra Modi", "Joe Biden"} <= {p["name"] for p in detail["partners"]}
    assert (
        client.get("/api/entities", params={"type": "COUNTRY", "limit": 2}).json()["items"][0]["type"]
        == "COUNTRY"
    )


def test_stories_and_search(client: TestClient) -> None:
    stories = client.get("/api/stories").json()
    assert stories["total"] >= 1 and all(s["articles"] for s in stories["items"])
    found = client.get("/api/search", params={"q": "telescope Kourou"}).json()["items"]
    assert len(found) == 1 and "Webb" in found[0]["title"]
    # user input is never query syntax
    assert client.get("/api/search", params={"q": '"Putin" OR (NEAR* -'}).status_code == 200
    assert client.get("/api/search").status_code == 400


def test_read_returns_a_record_without_storing(client: TestClient) -> None:
    before = client.get("/api/articles").json()["total"]
    text = "Indian Prime Minister Narendra Modi will visit Moscow on Friday, officials said on Monday."
    got = client.post("/api/read", json={"text": text, "published": "2021-12-06T10:00:00+05:30"})
    assert got.status_code == 200, got.text
    record = got.json()
    assert record["schema"] == "dateline.article/1" and record["text"] == text
    assert any(e["status"] == "planned" for e in record["events"])
    plain = client.post("/api/read", content=text.encode(), headers={"content-type": "text/plain"})
    assert plain.status_code == 200 and plain.json()["text"] == text
    html = "<html><body><article><p>" + text + "</p></article></body></html>"
    assert client.post("/api/read", content=html, headers={"content-type": "text/html"}).status_code == 200
    assert client.get("/api/articles").json()["total"] == before


def test_read_refuses_bad_bodies(client: TestClient) -> None:
    not_json = client.post("/api/read", content=b"{nope", headers={"content-type": "application/json"})
    assert not_json.status_code == 422 and error_of(not_json)["code"] == "D105"
    empty = client.post("/api/read", json={"text": "   "})
    assert empty.status_code == 422
    odd = client.post("/api/read", content=b"x", headers={"content-type": "image/png"})
    assert odd.status_code == 422


def test_read_refuses_a_body_over_the_limit(web_db: Path, pipeline) -> None:
    small = TestClient(create_app(str(web_db), reader=Reader(pipeline=pipeline), max_body=1000))
    response = small.post("/api/read", json={"text": "word " * 400})
    assert response.status_code == 413
    assert error_of(response)["code"] == "too_large"

    def chunks():  # no Content-Length: refused while it streams
        for _ in range(10):
            yield b"x" * 500

    streamed = small.post("/api/read", content=chunks(), headers={"content-type": "text/plain"})
    assert streamed.status_code == 413


def test_ingest_over_http_needs_write_mode_and_the_token(tmp_path: Path, web_db: Path, pipeline) -> None:
    article = {
        "text": "NASA launched the Webb telescope from Kourou on Saturday.",
        "url": "https://x.example/webb2",
    }
    read_only = TestClient(create_app(str(web_db), reader=Reader(pipeline=pipeline)))
    refused = read_only.post("/api/articles", json=article, headers={"authorization": "Bearer t"})
    assert refused.status_code == 403 and error_of(refused)["code"] == "forbidden"

    db = tmp_path / "w.db"
    Store(str(db)).upgrade()
    writable = TestClient(
        create_app(str(db), reader=Reader(pipeline=pipeline), allow_write=True, token="s3cret")
    )
    assert writable.post("/api/articles", json=article).status_code == 401
    wrong = writable.post("/api/articles", json=article, headers={"authorization": "Bearer nope"})
    assert wrong.status_code == 401 and error_of(wrong)["code"] == "unauthorized"
    ok = writable.post("/api/articles", json=article, headers={"authorization": "Bearer s3cret"})
    assert ok.status_code == 201, ok.text
    assert ok.json()["new"] == 1 and writable.get(f"/api/articles/{ok.json()['id']}").status_code == 200
    again = writable.post("/api/articles", json=article, headers={"authorization": "Bearer s3cret"})
    assert again.json() == {"new": 0, "duplicate": 1, "id": ok.json()["id"]}


def test_write_mode_without_a_token_and_a_missing_database_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        create_app(str(tmp_path / "missing.db"))
    db = tmp_path / "ok.db"
    Store(str(db)).upgrade()
    with pytest.raises(UsageError, match="--token"):
        create_app(str(db), allow_write=True)


def test_openapi_documents_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/read", "/api/search"} <= set(spec["paths"])
    assert all(p.startswith("/api/") for p in spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    csp = docs.headers["content-security-policy"]
    assert "'unsafe-inline'" not in csp and "'sha256-" in csp


def test_api_json_escapes_nothing_but_stays_json(client: TestClient, web_db: Path) -> None:
    store = Store(str(web_db))
    response = client.get(f"/api/articles/{hostile_id(store)}")
    store.close()
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "<script>" in json.loads(response.text)["title"]  # data as given; browsers never render it


def test_the_event_index_follows_new_articles(tmp_path: Path, pipeline) -> None:
    db = tmp_path / "grow.db"
    Store(str(db)).upgrade()
    app = create_app(str(db), reader=Reader(pipeline=pipeline), allow_write=True, token="t")
    client = TestClient(app)
    assert client.get("/api/events").json()["total"] == 0
    auth = {"authorization": "Bearer t"}
    text = "Russian President Vladimir Putin met Indian Prime Minister Narendra Modi in New Delhi on Monday."
    posted = client.post(
        "/api/articles", json={"text": text, "published": "2021-12-07T09:00:00+05:30"}, headers=auth
    )
    assert posted.status_code == 201
    events = client.get("/api/events").json()
    assert events["total"] >= 1 and events["items"][0]["date"] == "2021-12-06"
    assert client.get("/", params={"actor": "Modi"}).text.count('class="marker"') == events["total"]
