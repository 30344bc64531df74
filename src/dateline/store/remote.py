"""Inputs that are not local files: web pages (httpx, behind an SSRF guard), feeds (feedparser) and
web archives (.warc / .warc.gz, warcio). Each yields `Article`s or the `InputError` saying why not,
like intake's `read_source`.

The SSRF guard, before any connection: only http and https; the host is resolved once (numeric forms
such as 2130706433, 0177.0.0.1 or 0x7f.0.0.1 are read as the address they stand for), every address
must be public (no loopback, private, shared 100.64/10, link-local — cloud metadata at
169.254.169.254 —, multicast, reserved or unspecified address; an IPv4 address inside IPv6 is checked
as IPv4), and the request goes to the address that was checked (Host header and TLS SNI carry the
name), so a DNS answer that changes afterwards (DNS rebinding) is never used. `allow_private` lets
private, loopback and shared addresses through (intranets), never link-local, multicast or
unspecified ones. Redirects are followed by hand, each hop checked the same way; the whole fetch has
a deadline; bodies are decoded by hand (gzip, deflate) and refused while streaming once they pass the
size limit, so memory stays bounded (a gzip bomb stops at the limit). Tests pass an
`httpx.MockTransport` and a resolver, or run a server on 127.0.0.1 with `allow_private`.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import httpx

from .. import __version__
from ..errors import BlockedAddress, FetchFailed, InputError, InputTooLarge, MalformedInput
from ..intake import IntakeOptions, article_from_text
from ..intake.decode import decode
from ..intake.html import declared_charset
from ..model import Article

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

Resolver = Callable[[str], list[str]]
MAX_REDIRECTS = 5
TIMEOUT = 20.0  # seconds for the whole fetch, redirects included
CHUNK = 64 * 1024
USER_AGENT = f"dateline/{__version__} (+https://github.com/dateline)"
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")
_NUMBER = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def is_warc(source: str) -> bool:
    return source.lower().endswith((".warc", ".warc.gz"))


def system_resolver(host: str) -> list[str]:
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)})


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (`address`, the one that was checked) and what to ask for."""

    url: str
    scheme: str
    host: str  # ASCII (IDNA) host name or the address itself
    port: int | None
    address: IPAddress
    target: str  # path and query

    @property
    def request_url(self) -> str:
        """The URL as asked for, with the host normalized (IDNA, or the address a numeric host is)."""
        return f"{self.scheme}://{self.host_header}{self.target or '/'}"

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port is None else f"{host}:{self.port}"


def _numeric_host(url: str, host: str) -> IPAddress | None:
    """The address a numeric host stands for, as inet_aton reads it (127.1, 2130706433, 0177.0.0.1,
    0x7f000001), or None for a name. A numeric host that is no address is refused."""
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        pass
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts = parts[:-1]
    if not 1 <= len(parts) <= 4 or not all(_NUMBER.match(part) for part in parts):
        return None
    try:
        values = [
            int(p[2:] or "0", 16) if p.lower().startswith("0x") else int(p, 8) if p[0] == "0" else int(p)
            for p in parts
        ]
        last = values.pop()
        if any(v > 255 for v in values) or last >= 256 ** (4 - len(values)):
            raise ValueError(host)
    except ValueError:
        raise BlockedAddress(url, f"the host {host!r} looks numeric but is no IP address: refused") from None
    number = last
    for index, value in enumerate(values):
        number |= value << (8 * (3 - index))
    return ipaddress.IPv4Address(number)


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    if isinstance(ip, ipaddress.IPv4Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _refusal(ip: IPAddress, allow_private: bool) -> str | None:
    """Why the address may not be fetched, or None."""
    embedded = _embedded_ipv4(ip)
    candidates: list[IPAddress] = [ip] if embedded is None else [ip, embedded]
    for candidate in candidates:
        if candidate.is_unspecified:
            return "the unspecified address"
        if candidate.is_multicast:
            return "a multicast address"
        if candidate.is_link_local:
            return "a link-local address (cloud metadata lives there)"
        if not candidate.is_global and not allow_private:
            return "a private, loopback or reserved address"
    return None


def check_url(url: str, resolve: Resolver = system_resolver, allow_private: bool = False) -> Target:
    """Resolve the URL's host once and return where to connect; raise BlockedAddress unless it is
    http(s) to a host whose every address may be fetched (FetchFailed if it does not resolve)."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise BlockedAddress(url, "only http:// and https:// URLs with a host can be fetched: refused")
    try:
        port = parts.port
        host = parts.hostname.rstrip(".") or parts.hostname
        numeric = _numeric_host(url, host)
        name = str(numeric) if numeric is not None else httpx.URL(f"http://{host}/").raw_host.decode()
    except (ValueError, httpx.InvalidURL) as exc:
        raise FetchFailed(url, f"is not a valid URL ({exc})") from exc
    if numeric is not None:
        addresses: list[IPAddress] = [numeric]
    else:
        try:
            found = resolve(name)
        except OSError as exc:
            raise FetchFailed(url, f"the host {host!r} does not resolve ({exc}); check the URL") from exc
        if not found:
            raise FetchFailed(url, f"the host {host!r} does not resolve; check the URL")
        addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in found]
    for ip in addresses:
        reason = _refusal(ip, allow_private)
        if reason:
            hint = "" if allow_private or "private" not in reason else " (--allow-private for an intranet)"
            raise BlockedAddress(url, f"{host} is {ip}, {reason}: refused (SSRF guard){hint}")
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    return Target(url, parts.scheme.lower(), name, port, addresses[0], target)


class _Decoder:
    """Content-Encoding undone by hand, at most CHUNK bytes of output at a time."""

    def __init__(self, url: str, encoding: str) -> None:
        self.url = url
        self.encoding = encoding
        if encoding in ("", "identity"):
            self.zlib = None
        elif encoding in ("gzip", "x-gzip"):
            self.zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.zlib = zlib.decompressobj()
        else:
            raise FetchFailed(url, f"the server sent an unsupported Content-Encoding {encoding!r}")
        self.started = False

    def decode(self, raw: Iterable[bytes]) -> Iterator[bytes]:
        if self.zlib is None:
            yield from raw
            return
        try:
            for data in raw:
                yield from self._inflate(data)
            yield self.zlib.flush()
        except zlib.error as exc:
            raise FetchFailed(self.url, f"the {self.encoding} body is corrupt ({exc})") from exc

    def _inflate(self, data: bytes) -> Iterator[bytes]:
        assert self.zlib is not None
        while True:
            try:
                out = self.zlib.decompress(data, CHUNK)
            except zlib.error:
                if self.started or self.encoding != "deflate":
                    raise
                self.zlib = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, without the zlib header
                out = self.zlib.decompress(data, CHUNK)
            self.started = True
            yield out
            data = self.zlib.unconsumed_tail
            if not data and len(out) < CHUNK:
                return


CONNECT_TO = "dateline.connect_to"  # request extension: the address the guard checked


class PinnedTransport(httpx.BaseTransport):
    """Sends each request to the address the SSRF guard checked (`request.extensions[CONNECT_TO]`),
    never resolving the name again; the name stays in the Host header and goes in TLS SNI, so the
    certificate is verified against it. The Fetcher's default transport."""

    def __init__(self, inner: httpx.BaseTransport | None = None) -> None:
        # no keep-alive: a connection made for one name is never reused for another on the same address
        self.inner = inner or httpx.HTTPTransport(limits=httpx.Limits(max_keepalive_connections=0))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        address = request.extensions.get(CONNECT_TO)
        if not address:
            raise httpx.UnsupportedProtocol("no checked address to connect to (SSRF guard)")
        url = request.url
        ip = ipaddress.ip_address(address)
        netloc = f"[{ip}]" if ip.version == 6 else str(ip)
        if url.port is not None:
            netloc += f":{url.port}"
        extensions = dict(request.extensions)
        if url.host != str(ip):
            extensions["sni_hostname"] = url.raw_host.decode("ascii")
        pinned = httpx.Request(
            request.method,
            f"{url.scheme}://{netloc}{url.raw_path.decode('ascii')}",
            headers=request.headers,  # Host: the name, as asked for
            stream=request.stream,
            extensions=extensions,
        )
        return self.inner.handle_request(pinned)

    def close(self) -> None:
        self.inner.close()


@dataclass
class Fetcher:
    """Fetches pages over one httpx transport (PinnedTransport unless `transport` is given: tests pass
    a MockTransport, and `resolve`, a fake resolver).
    `deadline`: seconds for a whole fetch; `allow_private`: private addresses may be fetched."""

    transport: httpx.BaseTransport | None = None
    resolve: Resolver = system_resolver
    max_bytes: int = 10_000_000
    deadline: float = TIMEOUT
    allow_private: bool = False

    def __post_init__(self) -> None:
        # The transport is called directly: no proxy from the environment and no redirect handling
        # of httpx's; the default one connects to the checked address only (PinnedTransport).
        self._transport = self.transport or PinnedTransport()

    def get(self, url: str) -> tuple[str, bytes, str]:
        """(final URL, body, content type). Raises InputError subclasses."""
        end = time.monotonic() + self.deadline
        for _ in range(MAX_REDIRECTS + 1):
            target = check_url(url, self.resolve, self.allow_private)
            left = end - time.monotonic()
            if left <= 0:
                raise FetchFailed(url, f"not fetched within the {self.deadline:g} s deadline")
            request = httpx.Request(
                "GET",
                target.request_url,
                headers={
                    "Host": target.host_header,
                    "User-Agent": USER_AGENT,
                    "Accept": "*/*",
                    "Accept-Encoding": "gzip, deflate",
                },
                extensions={"timeout": httpx.Timeout(left).as_dict(), CONNECT_TO: str(target.address)},
            )
            try:
                response = self._transport.handle_request(request)
                try:
                    location = response.headers.get("location")
                    if response.is_redirect and location:
                        url = urljoin(url, location.strip())
                        continue
                    if response.status_code >= 400:
                        raise FetchFailed(url, f"the server answered HTTP {response.status_code}")
                    return url, self._read(url, response, end), response.headers.get("content-type", "")
                finally:
                    response.close()
            except httpx.TimeoutException as exc:
                raise FetchFailed(url, f"not fetched within the {self.deadline:g} s deadline") from exc
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise FetchFailed(url, f"could not be fetched ({type(exc).__name__}: {exc})") from exc
        raise FetchFailed(url, f"more than {MAX_REDIRECTS} redirects")

    def _read(self, url: str, response: httpx.Response, end: float) -> bytes:
        """The decoded body, refused as soon as it passes max_bytes or the deadline."""
        encoding = response.headers.get("content-encoding", "").strip().lower()
        declared = response.headers.get("content-length", "")
        too_large = f"the page is larger than {self.max_bytes} bytes"
        if encoding in ("", "identity") and declared.isdigit() and int(declared) > self.max_bytes:
            raise InputTooLarge(url, too_large)
        try:  # a response built in memory (tests) is read, and decoded, already
            pieces: Iterable[bytes] = [response.content]
        except httpx.ResponseNotRead:
            pieces = _Decoder(url, encoding).decode(response.iter_raw())
        body = bytearray()
        for piece in pieces:
            body.extend(piece)
            if len(body) > self.max_bytes:
                raise InputTooLarge(url, too_large)
            if time.monotonic() > end:
                raise FetchFailed(url, f"not fetched within the {self.deadline:g} s deadline")
        return bytes(body)

    def close(self) -> None:
        self._transport.close()


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


MAX_FEED_ITEMS = 1_000  # entries read from one feed; the rest are dropped, and the drop reported
_DOCTYPE = re.compile(rb"<!DOCTYPE\b[^>\[]*(\[)?[^>]*>", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY\b", re.IGNORECASE)
# feedparser's notes on a feed that parsed, not faults in the feed
_BENIGN = ("CharacterEncodingOverride", "NonXMLContentType")


def safe_feed_bytes(feed_url: str, data: bytes) -> bytes:
    """The feed with its DOCTYPE removed; a feed declaring entities or an internal DTD subset (billion
    laughs, external entities: XXE) is refused as MalformedInput before any XML parser sees it.
    NUL bytes are dropped for the check, so a UTF-16 feed is checked too."""
    probe = data.replace(b"\x00", b"")
    doctype = _DOCTYPE.search(probe)
    if _ENTITY.search(probe) or (doctype is not None and doctype.group(1)):
        raise MalformedInput(
            feed_url, "declares XML entities or a DTD subset (entity expansion, XXE): refused"
        )
    if doctype is not None and b"\x00" not in data:
        data = data[: doctype.start()] + data[doctype.end() :]
    return data


def read_feed(
    feed_url: str, options: IntakeOptions, fetcher: Fetcher, max_items: int = MAX_FEED_ITEMS
) -> Iterator[Article | InputError]:
    """Every entry of an RSS/Atom feed (the first `max_items`), each page fetched (through the same
    guard) and read. A feed declaring entities is refused; a malformed one keeps the entries read and
    reports the fault as a MalformedInput beside them; more than `max_items` entries: reported too."""
    import feedparser

    try:
        _, data, _ = fetcher.get(feed_url)
        data = safe_feed_bytes(feed_url, data)
    except InputError as error:
        yield error
        return
    feed = feedparser.parse(data)
    problem = feed.get("bozo_exception") if feed.bozo else None
    if problem is not None and type(problem).__name__ in _BENIGN:
        problem = None
    if feed.bozo and not feed.entries:
        yield InputError(feed_url, f"is not an RSS or Atom feed ({feed.get('bozo_exception')})")
        return
    if problem is not None:
        yield MalformedInput(
            feed_url, f"the feed is malformed ({problem}); the {len(feed.entries)} entries found are read"
        )
    entries = feed.entries
    if len(entries) > max_items:
        yield InputTooLarge(
            feed_url,
            f"the feed has {len(entries):,} entries; only the first {max_items:,} are read (max_items)",
        )
        entries = entries[:max_items]
    for number, entry in enumerate(entries, start=1):
        link = entry.get("link")
        if not link:
            yield InputError(f"{feed_url}#{number}", "the feed entry has no link")
            continue
        yield from read_url(urljoin(feed_url, link), options, fetcher)


def read_warc(path: str, options: IntakeOptions) -> Iterator[Article | InputError]:
    """Every HTML response in a web archive; its target URI is the article's URL. The crawl date is
    not a publication date and is not used as one. A record whose content is shorter than its
    Content-Length (the archive was cut inside it) is skipped and reported, never read as half a page."""
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
                    if missing := missing_bytes(record):
                        raise MalformedInput(
                            source,
                            f"the record is cut short ({missing:,} of its {record.length:,} bytes missing): "
                            "skipped, so no half page is stored; fetch or copy the archive again",
                        )
                    yield article_from_bytes(data, source, uri, content_type, options)
                except InputError as error:
                    yield error
        except Exception as exc:  # a truncated or malformed archive: keep what was read, report the rest
            yield MalformedInput(path, f"is not a readable WARC file ({type(exc).__name__}: {exc})")


def missing_bytes(record: ArcWarcRecord) -> int:
    """How many bytes of the record's block (its Content-Length) the archive lacks: 0 for a whole
    record. Reads what is left of the block (streamed, nothing kept)."""
    while record.raw_stream.read(CHUNK):
        pass
    return int(getattr(record.raw_stream, "limit", 0) or 0)
