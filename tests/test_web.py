"""The web pages (server-rendered), their security headers, highlighting, and `dateline serve`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.store import Store
from dateline.web.app import create_app
from dateline.web.charts import month_bars, partner_graph, timeline
from dateline.web.highlight import Mark, segments, snippet_segments
from dateline.web.pages import env
from dateline.web.reading import Reader
from dateline.web.security import CSP, safe_link
from test_web_support import TestClient, hostile_id

pytest_plugins = ["test_web_support"]

PAYLOAD = re.compile(r'<script>alert|<img src=x|<b onmouseover|<a href="javascript:', re.I)


@pytest.fixture(scope="module")
def client(web_db: Path, pipeline) -> TestClient:
    return TestClient(create_app(str(web_db), reader=Reader(pipeline=pipeline)))


@pytest.fixture(scope="module")
def store(web_db: Path):
    store = Store(str(web_db))
    yield store
    store.close()


def links(html: str, prefix: str) -> list[int]:
    return [int(i) for i in re.findall(rf'href="{prefix}(\d+)"', html)]


def test_every_page_renders(client: TestClient, store: Store) -> None:
    event = store.events(actor="Putin")[0]["id"]
    entity = store.entities(name="Putin")[0]["id"]
    for path in (
        "/",
        "/?actor=Putin&type=CONSULT&status=occurred&since=2021-12&until=2021-12-31",
        f"/events/{event}",
        "/articles",
        f"/articles/{hostile_id(store)}",
        f"/entities/{entity}",
        "/stories",
        "/search",
        "/search?q=Modi",
        "/read",
        "/static/style.css",
        "/static/dateline.js",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
    assert client.get("/events/99999").status_code == 404
    assert "<h1>404" in client.get("/articles/99999").text


def test_timeline_draws_events_with_status_shapes_and_links(client: TestClient, store: Store) -> None:
    html = client.get("/").text
    assert "<svg" in html and 'class="legend"' in html
    every = {e["id"] for e in store.events()}
    assert set(links(html, "/events/")) == every
    assert "m m-planned" in html and "m m-occurred" in html
    filtered = client.get("/", params={"status": "planned"}).text
    assert set(links(filtered, "/events/")) == {e["id"] for e in store.events(status="planned")}
    assert '<option value="planned" selected>' in filtered
    bad = client.get("/", params={"since": "soon"})
    assert bad.status_code == 400 and "not a date" in bad.text


def test_event_page_shows_who_what_when_status_history_and_evidence(client: TestClient, store: Store) -> None:
    merged = max(store.events(actor="Putin", type="CONSULT"), key=lambda e: e["mentions"])
    html = client.get(f"/events/{merged['id']}").text
    assert html.count('class="mention"') == merged["mentions"]
    assert html.count('<span class="hl-trigger">') == merged["mentions"]
    for name in merged["actor_names"]:
        assert name in html
    for change in merged["status_history"]:
        assert f"status-{change['status']}" in html


def test_article_page_highlights_every_layer_and_links_to_the_store(client: TestClient, store: Store) -> None:
    record = client.get("/api/articles/1").json()
    html = client.get("/articles/1").text
    for kind in ("entity", "time", "trigger"):
        assert f"hl-{kind}" in html
    assert set(links(html, "/events/")) >= set(record["store"]["events"].values())
    assert set(links(html, "/entities/")) >= set(record["store"]["entities"].values())
    assert 'type="checkbox" data-kind="entity"' in html


def test_entity_page_draws_months_and_partners(client: TestClient, store: Store) -> None:
    putin = next(e for e in store.entities(name="Putin") if e["kb_id"] == "person:vladimir-putin")
    html = client.get(f"/entities/{putin['id']}").text
    assert 'class="bars"' in html and 'class="graph"' in html
    assert "President of Russia" in html
    assert "Narendra Modi" in html


def test_hostile_article_is_shown_as_text(client: TestClient, store: Store) -> None:
    article = hostile_id(store)
    pages = [client.get(f"/articles/{article}").text, client.get("/articles").text, client.get("/").text]
    pages += [
        client.get(f"/events/{e}").text
        for e in client.get(f"/api/articles/{article}").json()["store"]["events"].values()
    ]
    pages.append(client.get("/search", params={"q": "Officials reporters"}).text)
    pages.append(client.get("/stories").text)
    for html in pages:
        assert not PAYLOAD.search(html), PAYLOAD.search(html)
        assert "javascript:" not in re.sub(r"&[#\w]+;", "", "".join(re.findall(r'href="([^"]*)"', html)))
    article_html = pages[0]
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in article_html
    assert "&lt;img src=x onerror=alert(&#39;author&#39;)&gt; Mallory" in article_html
    assert '<span class="unsafe-url">javascript:alert(&#39;url&#39;)</span>' in article_html


def test_read_page_reads_without_storing(client: TestClient) -> None:
    before = client.get("/api/articles").json()["total"]
    text = "Russian President Vladimir Putin will visit New Delhi on Monday <script>alert(1)</script>."
    response = client.post("/read", data={"text": text, "url": ""})
    assert response.status_code == 200
    assert "hl-trigger" in response.text and not PAYLOAD.search(response.text)
    assert client.get("/api/articles").json()["total"] == before
    assert client.post("/read", data={"text": "", "url": ""}).status_code == 400


def test_security_headers_on_pages_api_and_errors(client: TestClient) -> None:
    for path in ("/", "/api/events", "/events/99999", "/api/events/99999", "/static/style.css"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CSP, path
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in CSP


def test_templates_have_no_inline_script_style_or_handlers() -> None:
    folder = Path(__file__).resolve().parent.parent / "src" / "dateline" / "web" / "templates"
    for template in folder.glob("*.html"):
        source = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", source), template.name
        assert not re.search(r"\son[a-z]+=", source), template.name
        assert not re.search(r"\sstyle=|<style", source), template.name
        assert "|safe" not in source and "Markup" not in source, template.name
    assert env.autoescape is True


def test_segments_cover_the_text_and_nest() -> None:
    text = "Putin met Modi in Delhi on Monday."
    marks = [
        Mark(0, 5, "entity", "/entities/1", "Vladimir Putin"),
        Mark(6, 9, "trigger", "/events/2"),
        Mark(0, 14, "quote"),
        Mark(27, 33, "time", None, "DATE 2021-12-06"),
        Mark(40, 50, "entity"),  # outside the text: ignored
    ]
    parts = segments(text, marks)
    assert "".join(p.text for p in parts) == text
    assert (
        parts[0].text == "Putin" and parts[0].kinds == ["quote", "entity"] and parts[0].href == "/entities/1"
    )
    assert (
        parts[2].text == "met" and parts[2].href == "/events/2" and parts[2].classes == "hl-quote hl-trigger"
    )
    assert [p.text for p in parts if "time" in p.kinds] == ["Monday"]
    html = env.from_string('{% from "_macros.html" import text %}{{ text(s) }}').render(
        s=segments("<b>x</b> & y", [Mark(0, 3, "entity", None, '"><script>')])
    )
    assert (
        html == '<span class="hl-entity" title="&#34;&gt;&lt;script&gt;">&lt;b&gt;</span>x&lt;/b&gt; &amp; y'
    )


def test_snippets_and_links() -> None:
    assert [(s.text, s.kinds) for s in snippet_segments("a [Putin] b")] == [
        ("a ", []),
        ("Putin", ["match"]),
        (" b", []),
    ]
    assert safe_link("https://example.com/a?b=1") == "https://example.com/a?b=1"
    for bad in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "//evil.example",
        "http:///x",
        None,
    ):
        assert safe_link(bad) is None


def test_charts_place_events_on_the_axis() -> None:
    events = [
        {
            "id": 1,
            "type": "CONSULT",
            "status": "occurred",
            "date": "2021-12-07",
            "first_seen": "2021-12-08T11:30:00+00:00",
        },
        {
            "id": 2,
            "type": "CONSULT",
            "status": "planned",
            "date": "2021-12-09",
            "first_seen": "2021-12-08T11:30:00+00:00",
        },
        {
            "id": 3,
            "type": "AGREE",
            "status": "occurred",
            "date": "2021",
            "first_seen": "2021-12-06T11:30:00+00:00",
        },
        {
            "id": 4,
            "type": "AGREE",
            "status": "occurred",
            "date": "PAST_REF",
            "first_seen": "2021-12-06T11:30:00+00:00",
        },
    ]
    chart = timeline(events)
    at = {m.id: m for m in chart.markers}
    assert at[1].x < at[2].x and at[1].y == at[2].y
    assert at[3].x1 is not None and at[3].x1 <= at[3].x <= at[3].x2  # a year: a range, clipped
    assert not at[4].dated
    assert all(chart.left <= m.x <= chart.width - chart.right for m in chart.markers)
    bars, top = month_bars({"2021-11": 1, "2022-01": 3})
    assert [b.label for b in bars] == ["2021-11", "2021-12", "2022-01"] and top == 3 and bars[1].height == 0
    center, nodes = partner_graph("Putin", [{"id": 2, "name": "Modi", "events": 2}])
    assert nodes[0].r > 8 and center.name == "Putin"


def test_serve_is_a_command(web_db: Path, tmp_path: Path) -> None:
    from dateline.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "--allow-write" in result.output and "127.0.0.1" in result.output
    missing = runner.invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no database" in missing.output
    no_token = runner.invoke(cli, ["serve", "--db", str(web_db), "--allow-write"], env={"DATELINE_TOKEN": ""})
    assert no_token.exit_code == 2 and "--token" in no_token.output


def test_read_page_fetches_through_the_ssrf_guard(client: TestClient) -> None:
    for url in ("http://127.0.0.1:1/", "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd"):
        response = client.post("/read", data={"text": "", "url": url})
        assert response.status_code == 422, url
        assert 'class="error"' in response.text and "root:" not in response.text


@pytest.mark.parametrize("path", ["/api/events", "/api/articles", "/", "/stories", "/api/events?sort=title"])
def test_head_answers_as_get_without_a_body(client: TestClient, path: str) -> None:
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-length"] == get.headers["content-length"]
    assert "content-security-policy" in head.headers
