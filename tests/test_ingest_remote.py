"""Web pages, feeds and web archives as ingest inputs. The network is never touched: pages come from
an httpx.MockTransport and host names from a fake resolver."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest

from dateline.errors import InputError
from dateline.intake import IntakeOptions
from dateline.model import Article
from dateline.store import Store
from dateline.store.remote import BlockedAddress, Fetcher, check_url, read_feed, read_url, read_warc

PUBLIC = {"news.example": ["93.184.216.34"], "feeds.example": ["93.184.216.35"]}
PRIVATE = {
    "intranet.example": ["10.0.0.7"],
    "localhost": ["127.0.0.1"],
    "mixed.example": ["93.184.216.34", "::1"],
}


def resolve(host: str) -> list[str]:
    return {**PUBLIC, **PRIVATE}.get(host, [])


PAGE = (
    "<html><head><title>Putin to visit Delhi</title>"
    '<meta property="article:published_time" content="2021-12-01T09:00:00+05:30"></head>'
    "<body><article><h1>Putin to visit Delhi</h1><p>Russian President Vladimir Putin will visit New Delhi "
    "on December 6 for talks with Prime Minister Narendra Modi, officials said.</p></article></body></html>"
)
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<item><title>One</title><link>https://news.example/one</link></item>
<item><title>Two</title><link>/two</link></item>
<item><title>Inside</title><link>https://intranet.example/secret</link></item>
</channel></rss>"""


def handler(request: httpx.Request) -> httpx.Response:
    url = str(request.url)
    if url == "https://news.example/moved":
        return httpx.Response(302, headers={"location": "https://news.example/one"})
    if url == "https://news.example/sneaky":
        return httpx.Response(301, headers={"location": "http://169.254.169.254/latest/meta-data"})
    if url in ("https://news.example/one", "https://feeds.example/two"):
        return httpx.Response(
            200,
            text=PAGE.replace("Delhi</h1>", f"Delhi</h1><p>{url}</p>"),
            headers={"content-type": "text/html; charset=utf-8"},
        )
    if url == "https://feeds.example/rss":
        return httpx.Response(200, text=RSS, headers={"content-type": "application/rss+xml"})
    if url == "https://news.example/big":
        return httpx.Response(200, content=b"x" * 5000, headers={"content-type": "text/html"})
    if url == "https://news.example/image":
        return httpx.Response(200, content=b"\x89PNG", headers={"content-type": "image/png"})
    return httpx.Response(404)


@pytest.fixture
def fetcher() -> Fetcher:
    return Fetcher(transport=httpx.MockTransport(handler), resolve=resolve, max_bytes=4000)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.1.2.3/x",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]:8000/",
        "http://localhost/admin",
        "https://intranet.example/",
        "https://mixed.example/",
        "http://0.0.0.0/",
        "file:///etc/passwd",
        "ftp://news.example/x",
    ],
)
def test_ssrf_guard_refuses_private_addresses(url: str) -> None:
    with pytest.raises(BlockedAddress):
        check_url(url, resolve)


def test_public_addresses_pass() -> None:
    check_url("https://news.example/world", resolve)
    check_url("http://93.184.216.34/", resolve)


def test_a_page_becomes_an_article(fetcher: Fetcher) -> None:
    [article] = list(read_url("https://news.example/moved", IntakeOptions(), fetcher))
    assert isinstance(article, Article)
    assert article.url == "https://news.example/one"
    assert "Vladimir Putin will visit New Delhi" in article.text


@pytest.mark.parametrize(
    "url, message",
    [
        ("https://news.example/sneaky", "link-local"),  # a redirect into the metadata service
        ("https://news.example/missing", "HTTP 404"),
        ("https://news.example/big", "larger than"),
        ("https://news.example/image", "not a web page"),
    ],
)
def test_bad_pages_are_input_errors(fetcher: Fetcher, url: str, message: str) -> None:
    [error] = list(read_url(url, IntakeOptions(), fetcher))
    assert isinstance(error, InputError) and message in str(error)


def test_feed_entries_are_fetched_through_the_guard(fetcher: Fetcher) -> None:
    items = list(read_feed("https://feeds.example/rss", IntakeOptions(), fetcher))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [a.url for a in articles] == ["https://news.example/one", "https://feeds.example/two"]
    assert len(errors) == 1 and isinstance(errors[0], BlockedAddress)


def write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.suffix == ".gz")
        for uri, ctype, body in [
            ("https://news.example/one", "text/html; charset=utf-8", PAGE.encode()),
            ("https://news.example/logo.png", "image/png", b"\x89PNG"),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
            )


def test_web_archives(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    [article] = list(read_warc(str(path), IntakeOptions()))
    assert isinstance(article, Article)
    assert article.url == "https://news.example/one" and "Narendra Modi" in article.text
    assert article.published is not None and article.published.isoformat() == "2021-12-01T09:00:00+05:30"


def test_ingest_urls_feeds_and_archives(tmp_path: Path, fetcher: Fetcher, pipeline) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "crawl.warc"
    write_warc(archive)
    store = Store(str(tmp_path / "web.db"))
    summary = store.ingest(
        ["https://news.example/one", str(archive)],
        feeds=["https://feeds.example/rss"],
        fetcher=fetcher,
        pipeline=pipeline,
    )
    # one.html by URL; the archive's copy of it (same URL, but without the paragraph the live page adds:
    # a revision of it, docs/store.md); the feed's two pages (one again); one blocked
    assert (summary.read, summary.new, summary.revised, summary.duplicate, summary.failed) == (4, 2, 1, 1, 1)
    assert store.failures()[0]["code"] == "D106"
