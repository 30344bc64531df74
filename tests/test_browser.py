"""The web pages in a real browser: Playwright drives Debian's chromium (/usr/bin/chromium; never a
downloaded browser) against a uvicorn server started here on 127.0.0.1 and a free port.

Skips when chromium or playwright is missing, unless DATELINE_REQUIRE_BROWSER is set (CI), then fails.
With DATELINE_SCREENSHOTS=1 it also writes docs/screenshots/*.png from the demo data.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dateline.store import Store
from test_web_support import ROOT, hostile_id

pytest_plugins = ["test_web_support"]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "docs" / "screenshots"


def _need(reason: str) -> None:
    if os.environ.get("DATELINE_REQUIRE_BROWSER"):
        pytest.fail(f"{reason} (DATELINE_REQUIRE_BROWSER is set)")
    pytest.skip(f"{reason}; install it with `apt-get install -y chromium` to run the browser tests")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        _need(f"{CHROMIUM} is absent")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("the playwright package is not installed (pip install playwright; never `playwright install`)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: Path, pipeline) -> Iterator[str]:
    """A uvicorn server over `db` in a thread, on 127.0.0.1 and a free port; yields its base URL."""
    import uvicorn

    from dateline.web.app import create_app
    from dateline.web.reading import Reader

    app = create_app(str(db), reader=Reader(pipeline=pipeline))
    port = _free_port()
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the uvicorn server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def demo_server(demo_db: Path, pipeline) -> Iterator[str]:
    with serving(demo_db, pipeline) as url:
        yield url


@pytest.fixture(scope="module")
def web_server(web_db: Path, pipeline) -> Iterator[str]:
    with serving(web_db, pipeline) as url:
        yield url


def _tab(browser, server: str) -> tuple[object, object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    tab = context.new_page()
    tab.dialogs = []  # type: ignore[attr-defined]
    tab.problems = []  # type: ignore[attr-defined]
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    tab.on("console", lambda m: tab.problems.append(m.text) if m.type in ("error", "warning") else None)
    tab.on("pageerror", lambda e: tab.problems.append(str(e)))
    return context, tab


@pytest.fixture
def demo_page(browser, demo_server: str) -> Iterator[object]:
    context, tab = _tab(browser, demo_server)
    yield tab
    context.close()


@pytest.fixture
def page(browser, web_server: str) -> Iterator[object]:
    context, tab = _tab(browser, web_server)
    yield tab
    context.close()


def _shot(tab, name: str) -> None:
    if os.environ.get("DATELINE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_timeline_to_event_to_article_to_actor(demo_page, demo_db: Path) -> None:
    page = demo_page
    store = Store(str(demo_db))
    events = store.events()
    store.close()
    page.goto("/")
    markers = page.locator("svg a.marker")
    assert markers.count() == len(events)
    assert page.locator("table.events tbody tr").count() == len(events)
    assert page.locator("ul.legend").inner_text().count("planned") >= 1
    _shot(page, "timeline")

    # the merged video-call event: planned, then held
    call = next(e for e in events if e["mentions"] >= 3 and e["type"] == "CONSULT")
    page.locator(f'svg a.marker[data-event="{call["id"]}"]').click()
    page.wait_for_url(f"**/events/{call['id']}")
    assert "hold a video call" in page.locator("blockquote.evidence").first.inner_text()
    assert page.locator("blockquote.evidence .hl-trigger").count() == call["mentions"]
    assert page.locator("ol.history .status-planned").count() == 1
    assert page.locator("ol.history .status-occurred").count() == 1
    _shot(page, "event")

    page.locator("li.mention .source a").first.click()
    page.wait_for_url("**/articles/*")
    text = page.locator("#article-text")
    assert text.locator(".hl-entity").count() > 3 and text.locator(".hl-trigger").count() >= 1
    box = page.locator('input[data-kind="entity"]')
    box.uncheck()
    assert "hide-entity" in (text.get_attribute("class") or "")
    box.check()
    assert "hide-entity" not in (text.get_attribute("class") or "")
    _shot(page, "article")

    page.locator("#article-text a.hl-entity", has_text="Putin").first.click()
    page.wait_for_url("**/entities/*")
    assert page.locator("svg.bars rect").count() >= 1
    assert page.locator("svg.graph a").count() >= 2
    _shot(page, "actor")
    assert page.dialogs == [] and page.problems == []


def test_script_payloads_show_as_text_and_run_nothing(page, web_db: Path) -> None:
    store = Store(str(web_db))
    article = hostile_id(store)
    event_ids = {e["id"] for e in store.events(actor="Modi")}
    store.close()
    page.goto(f"/articles/{article}")
    title = page.locator("h1.article-title").inner_text()
    assert title.startswith("<script>alert('title')</script>Putin talks <img src=x")
    assert "<img src=x onerror=alert('author')> Mallory" in page.locator("dl.meta").inner_text()
    body = page.locator("#article-text").inner_text()
    assert "<script>alert('body')</script>" in body and "<a href=\"javascript:alert('link')\">" in body
    assert page.locator("main img, main script, #article-text a[href^='javascript']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    page.locator("#article-text").hover()
    for event in sorted(event_ids):
        page.goto(f"/events/{event}")
    page.goto("/search?q=Officials+reporters")
    page.goto("/read")
    page.locator("#read-text").fill(
        "Putin met Modi on Monday <img src=x onerror=alert('read')> <script>alert(9)</script>."
    )
    page.locator("form.read button").click()
    page.wait_for_load_state()
    assert "<img src=x onerror=alert('read')>" in page.locator("#article-text").inner_text()
    assert page.dialogs == []  # no alert(), confirm() or prompt() ran
    assert page.problems == []  # not even an inline script the CSP had to refuse
