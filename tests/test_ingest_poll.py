"""`dateline ingest --feed URL --every DURATION`: poll, sleep, re-fetch, ingest what is new; Ctrl-C or
SIGTERM stops after the current batch. The network is never touched (httpx.MockTransport and a fake
resolver) and the sleep is replaced, so the test does not wait."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from typing import Any

import click
import httpx
import pytest
from click.testing import CliRunner

from dateline import cli_store, pipeline
from dateline.cli import cli
from dateline.store import Store, remote

PAGE = (
    "<html><head><title>{title}</title>"
    '<meta property="article:published_time" content="2021-12-0{day}T09:00:00+05:30"></head>'
    "<body><article><h1>{title}</h1><p>Russian President Vladimir Putin will visit New Delhi on December 6 "
    "for talks with Prime Minister Narendra Modi, officials said. ({title})</p></article></body></html>"
)


class Site:
    """A feed that gains one entry each time it is fetched."""

    def __init__(self, on_feed: Any = None) -> None:
        self.fetches = 0
        self.on_feed = on_feed

    def handler(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if url == "https://feeds.example/rss":
            self.fetches += 1
            if self.on_feed:
                self.on_feed(self.fetches)
            items = "".join(
                f"<item><title>Putin visit, part {i}</title><link>https://news.example/{i}</link></item>"
                for i in range(1, self.fetches + 1)
            )
            body = (
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{items}</channel></rss>'
            )
            return httpx.Response(200, text=body, headers={"content-type": "application/rss+xml"})
        if url.startswith("https://news.example/"):
            n = int(url.rsplit("/", 1)[1])
            return httpx.Response(
                200,
                text=PAGE.format(title=f"Putin to visit Delhi, part {n}", day=n),
                headers={"content-type": "text/html"},
            )
        return httpx.Response(404)


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Site:
    site = Site()
    hosts = {"feeds.example": ["93.184.216.35"], "news.example": ["93.184.216.34"]}
    real = remote.Fetcher

    def fetcher(**kwargs: Any) -> remote.Fetcher:
        return real(transport=httpx.MockTransport(site.handler), resolve=lambda h: hosts.get(h, []), **kwargs)

    monkeypatch.setattr(remote, "Fetcher", fetcher)
    return site


def run(tmp_path: Path, *args: str) -> Any:
    return CliRunner().invoke(
        cli,
        [
            "ingest",
            "--db",
            str(tmp_path / "poll.db"),
            "--feed",
            "https://feeds.example/rss",
            "--quiet",
            *args,
        ],
    )


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("15m", 900), ("1h", 3600), ("1h30m", 5400), ("1d", 86400), ("1.5h", 5400)],
)
def test_durations(text: str, seconds: float) -> None:
    assert cli_store.parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "15", "m", "15 minutes", "0s", "1h-5m", "0.5s"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(click.BadParameter):
        cli_store.parse_every(text)


def test_usage_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", "--db", str(tmp_path / "x.db"), "--every", "1h", "a.txt"])
    assert result.exit_code == 2 and "--feed" in result.output
    assert run(tmp_path, "--max-polls", "2").exit_code == 2
    result = run(tmp_path, "--every", "soon")
    assert result.exit_code == 2 and "duration" in result.output


def test_polls_sleep_and_ingest_only_new_items(
    tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps: list[float] = []

    def fake_sleep(stop: threading.Event, seconds: float) -> bool:
        sleeps.append(seconds)
        return stop.is_set()

    monkeypatch.setattr(cli_store, "_sleep", fake_sleep)
    loads: list[int] = []
    real_init = pipeline.Pipeline.__init__

    def counting_init(self: Any, *args: Any, **kwargs: Any) -> None:
        loads.append(1)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(pipeline.Pipeline, "__init__", counting_init)
    result = run(tmp_path, "--every", "15m", "-n", "3")
    assert result.exit_code == 0, result.output
    assert site.fetches == 3 and sleeps == [900.0, 900.0]
    assert len(loads) == 1  # spaCy loaded once, kept across polls
    # polls read 1, 2 and 3 entries: 3 new, 3 already stored
    assert "read 6 · new 3 · duplicate 3 · failed 0" in result.output
    assert Store(str(tmp_path / "poll.db")).counts()["articles"] == 3


def test_sigterm_while_sleeping_stops_cleanly(
    tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_sleep(stop: threading.Event, seconds: float) -> bool:
        os.kill(os.getpid(), signal.SIGTERM)
        return stop.wait(5)  # the handler sets it at once

    monkeypatch.setattr(cli_store, "_sleep", fake_sleep)
    before = signal.getsignal(signal.SIGTERM)
    result = run(tmp_path, "--every", "1h")
    assert result.exit_code == 0, result.output
    assert site.fetches == 1 and "read 1 · new 1" in result.output
    assert signal.getsignal(signal.SIGTERM) == before  # handlers restored


def test_signal_during_a_batch_finishes_it_first(
    tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps: list[float] = []

    def fake_sleep(stop: threading.Event, seconds: float) -> bool:
        sleeps.append(seconds)
        return False

    def interrupt(fetches: int) -> None:
        if fetches == 2:  # Ctrl-C while the second poll reads the feed
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(cli_store, "_sleep", fake_sleep)
    site.on_feed = interrupt
    result = run(tmp_path, "--every", "1m")
    assert result.exit_code == 0, result.output
    # the second poll was interrupted while fetching the feed, yet its new entry was stored
    assert site.fetches == 2 and sleeps == [60.0]
    assert "read 3 · new 2 · duplicate 1" in result.output
    assert Store(str(tmp_path / "poll.db")).counts()["articles"] == 2
