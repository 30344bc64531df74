"""Inputs that are not local files: web pages (httpx, behind an SSRF guard), feeds (feedparser) and
web archives (.warc / .warc.gz, warcio). Each yields `Article`s or the `InputError` saying why not,
like intake's `read_source`.

The SSRF guard: only http and https; every address the host resolves to must be a public one (no
loopback, private, link-local — cloud metadata at 169.254.169.254 —, multicast, reserved or
unspecified address); redirects are followed by hand, each hop checked; bodies are read up to the
intake size limit. Tests pass an `httpx.MockTransport` and a resolver, and never touch the network.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from .. import __version__
from ..errors import BlockedAddress, FetchFailed, InputError, InputTooLarge
from ..intake import IntakeOptions, article_from_text
from ..intake.decode import decode
from ..intake.html import declared_charset
from ..model import Article

Resolver = Callable[[str], list[str]]
MAX_REDIRECTS = 5
TIMEOUT = 20.0
USER_AGENT = f"dateline/{__version__} (+https://github.com/dateline)"
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def is_warc(source: str) -> bool:
    return source.lower().endswith((".warc", ".warc.gz"))


def system_resolver(host: str) -> list[str]:
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)})


def check_url(url: str, resolve: Resolver = system_resolver) -> None:
    """Raise BlockedAddress unless the URL is http(s) to a host whose every address is public."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise BlockedAddress(url, "only http:// and https:// URLs with a host can be fetched")
    host = parts.hostname
    try:
        addresses = [host] if _is_ip(host) else resolve(host)
    except OSError as exc:
        raise FetchFailed(url, f"the host {host!r} does not resolve ({exc}); check the URL") from exc
    if not addresses:
        raise FetchFailed(url, f"the host {host!r} does not resolve; check the URL")
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not ip.is_global or ip.is_multicast:
            raise BlockedAddress(
                url, f"{host} resolves to {ip}, a private or reserved address: refused (SSRF guard)"
            )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


@dataclass
class Fetcher:
    """Fetches pages over one httpx client; `transport` and `resolve` are swapped in tests."""

    transport: httpx.BaseTransport | None = None
    resolve: Resolver = system_resolver
    max_bytes: int = 10_000_000

    def __post_init__(self) -> None:
        self.client = httpx.Client(
            transport=self.transport,
            timeout=TIMEOUT,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
        )

    def get(self, url: str) -> tuple[str, bytes, str]:
        """(final URL, body, content type). Raises InputError subclasses."""
        for _ in range(MAX_REDIRECTS + 1):
            check_url(url, self.resolve)
            try:
                with self.client.stream("GET", url) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise FetchFailed(url, f"the server answered HTTP {response.status_code}")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body.extend(chunk)
                        if len(body) > self.max_bytes:
                            raise InputTooLarge(url, f"the page is larger than {self.max_bytes} bytes")
                    return url, bytes(body), response.headers.get("content-type", "")
            except httpx.HTTPError as exc:
                raise FetchFailed(url, f"could not be fetched ({type(exc).__name__}: {exc})") from exc
        raise FetchFailed(url, f"more than {MAX_REDIRECTS} redirects")

    def close(self) -> None:
        self.client.close()


def article_from_bytes(
    data: bytes, source: str, url: str | None, content_type: str, options: IntakeOptions
) -> Article:
    """An article from a fetched or archived page, with its URL when the page does not give one."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind and kind not in TEXT_TYPES:
        raise InputError(source, f"is {kind!r}, not a web page or text")
    text = decode(data, source, declared=declared_charset(data), limit=options.max_bytes)
    html = None if not kind else kind != "text/plain"
    article = article_from_text(text, source, options, html=html)
    return replace(article, url=article.url or url)


def read_url(url: str, options: IntakeOptions, fetcher: Fetcher) -> Iterator[Article | InputError]:
    try:
        final, data, content_type = fetcher.get(url)
        yield article_from_bytes(data, url, final, content_type, options)
    except InputError as error:
        yield error


def read_feed(feed_url: str, options: IntakeOptions, fetcher: Fetcher) -> Iterator[Article | InputError]:
    """Every entry of an RSS/Atom feed, each page fetched (through the same guard) and read."""
    import feedparser

    try:
        _, data, _ = fetcher.get(feed_url)
    except InputError as error:
        yield error
        return
    feed = feedparser.parse(data)
    if feed.bozo and not feed.entries:
        yield InputError(feed_url, f"is not an RSS or Atom feed ({feed.get('bozo_exception')})")
        return
    for number, entry in enumerate(feed.entries, start=1):
        link = entry.get("link")
        if not link:
            yield InputError(f"{feed_url}#{number}", "the feed entry has no link")
            continue
        yield from read_url(urljoin(feed_url, link), options, fetcher)


def read_warc(path: str, options: IntakeOptions) -> Iterator[Article | InputError]:
    """Every HTML response in a web archive; its target URI is the article's URL. The crawl date is
    not a publication date and is not used as one."""
    from warcio.archiveiterator import ArchiveIterator

    if not Path(path).is_file():
        yield InputError(path, "no such file; check the path")
        return
    with Path(path).open("rb") as stream:
        try:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                if "html" not in content_type.lower():
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                source = f"{path}#{number}"
                try:
                    data = record.content_stream().read(options.max_bytes + 1)
                    if len(data) > options.max_bytes:
                        raise InputTooLarge(source, f"the page is larger than {options.max_bytes} bytes")
                    yield article_from_bytes(data, source, uri, content_type, options)
                except InputError as error:
                    yield error
        except Exception as exc:  # a truncated or malformed archive: keep what was read, report the rest
            yield InputError(path, f"is not a readable WARC file ({type(exc).__name__}: {exc})")
