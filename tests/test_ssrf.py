"""The SSRF guard and the fetch limits, row by row. No external network: refusals are checked with a
transport that records every request (none may be made), the positive cases and the limits against a
server on 127.0.0.1 started here (reached with `allow_private`)."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from dateline.errors import BlockedAddress, FetchFailed, InputTooLarge
from dateline.intake import IntakeOptions
from dateline.model import Article
from dateline.store import Store
from dateline.store.remote import Fetcher, PinnedTransport, check_url, read_url

PAGE = (
    b"<html><head><title>Putin to visit Delhi</title></head><body><article><h1>Putin to visit Delhi</h1>"
    b"<p>Russian President Vladimir Putin will visit New Delhi on December 6 for talks with Prime "
    b"Minister Narendra Modi, officials said.</p></article></body></html>"
)
MB = 1024 * 1024


class Handler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *args: object) -> None:
        pass

    def head(self, status: int = 200, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        self.hits.append(self.path)
        path, query = urlsplit(self.path).path, parse_qs(urlsplit(self.path).query)
        try:
            if path == "/page":
                self.head(Content_Length=str(len(PAGE)))
                self.wfile.write(PAGE)
            elif path == "/redirect":
                self.head(302, Location=query["to"][0])
            elif path == "/slow":  # one byte a second
                self.head()
                for _ in range(30):
                    self.wfile.write(b"x")
                    time.sleep(1)
            elif path == "/big":  # 50 MB, no Content-Length
                self.head()
                block = b"x" * (64 * 1024)
                for _ in range(50 * MB // len(block)):
                    self.wfile.write(block)
            elif path == "/bomb":  # 1 GB of zeros, gzip-compressed as it is sent
                self.head(Content_Encoding="gzip")
                packer, zeros = zlib.compressobj(9, zlib.DEFLATED, 31), bytes(MB)
                for _ in range(1024):
                    self.wfile.write(packer.compress(zeros))
                self.wfile.write(packer.flush())
            elif path == "/gzipped":
                self.head(Content_Encoding="gzip")
                self.wfile.write(gzip.compress(PAGE))
            else:
                self.head(404)
        except OSError:  # the client hung up, as it should
            pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class Recorder(httpx.MockTransport):
    """A transport that only records: a refused URL must never reach it."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        super().__init__(self.answer)

    def answer(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.host == "news.example" and request.url.path == "/go":
            return httpx.Response(302, headers={"location": request.url.params["to"]})
        return httpx.Response(200, content=PAGE, headers={"content-type": "text/html"})


def no_dns(host: str) -> list[str]:
    raise AssertionError(f"{host} should not need a DNS lookup")


def public_dns(host: str) -> list[str]:
    return {"news.example": ["93.184.216.34"]}[host]


REFUSED = [
    "http://127.0.0.1/",
    "http://[::1]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/",
    "http://10.255.255.254/",
    "http://172.16.0.1/",
    "http://172.31.255.1/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://0.0.0.0/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://2130706433/",  # decimal 127.0.0.1
    "http://0177.0.0.1/",  # octal
    "http://0x7f000001/",  # hex
    "http://0x7f.0.0.1/",
    "http://127.1/",  # short form
    "http://0xA9FEA9FE/",  # 169.254.169.254
    "file:///etc/passwd",
    "gopher://127.0.0.1:6379/_INFO",
    "data:text/html,<h1>hi</h1>",
    "ftp://ftp.example/file",
]


@pytest.mark.parametrize("url", REFUSED)
def test_refused_before_any_connection(url: str) -> None:
    transport = Recorder()
    fetcher = Fetcher(transport=transport, resolve=no_dns)
    with pytest.raises(BlockedAddress) as caught:
        fetcher.get(url)
    assert transport.requests == []
    message = str(caught.value)
    assert message.startswith("[D106]") and url in message and "refused" in message


@pytest.mark.parametrize("url", REFUSED)
def test_redirects_to_refused_urls_are_refused(url: str) -> None:
    transport = Recorder()
    fetcher = Fetcher(transport=transport, resolve=public_dns)
    first = str(httpx.URL("https://news.example/go", params={"to": url}))
    with pytest.raises(BlockedAddress) as caught:
        fetcher.get(first)
    assert len(transport.requests) == 1  # the redirect itself, never its target
    assert url in str(caught.value)


def test_numeric_hosts_are_read_as_the_address_they_stand_for() -> None:
    assert str(check_url("http://2130706433/", no_dns, allow_private=True).address) == "127.0.0.1"
    assert str(check_url("http://0177.0.0.1/", no_dns, allow_private=True).address) == "127.0.0.1"
    assert str(check_url("http://0x7f.1/", no_dns, allow_private=True).address) == "127.0.0.1"
    with pytest.raises(BlockedAddress, match="looks numeric"):
        check_url("http://1.2.3.999/", no_dns)


def test_allow_private_reaches_an_intranet_server(server: str) -> None:
    with pytest.raises(BlockedAddress):
        Fetcher().get(f"{server}/page")
    fetcher = Fetcher(allow_private=True)
    final, body, _ = fetcher.get(f"{server}/redirect?to=/page")
    assert final == f"{server}/page" and body == PAGE
    assert fetcher.get(f"{server}/gzipped")[1] == PAGE
    [article] = list(read_url(f"{server}/page", IntakeOptions(), fetcher))
    assert isinstance(article, Article) and "Narendra Modi" in article.text


def test_allow_private_still_refuses_metadata_and_other_schemes(server: str) -> None:
    fetcher = Fetcher(allow_private=True)
    for url in ("http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/", "file:///etc/passwd"):
        with pytest.raises(BlockedAddress):
            fetcher.get(f"{server}/redirect?to={url}")


def test_dns_rebinding_connects_to_the_checked_address() -> None:
    """The resolver answers a public address, then 127.0.0.1: only the first answer is ever used."""
    answers = [["93.184.216.34"], ["127.0.0.1"]]
    lookups: list[str] = []

    def rebinding(host: str) -> list[str]:
        lookups.append(host)
        return answers[min(len(lookups), 2) - 1]

    transport = Recorder()
    fetcher = Fetcher(transport=PinnedTransport(transport), resolve=rebinding)
    fetcher.get("https://rebind.example/news")
    assert lookups == ["rebind.example"]
    [request] = transport.requests
    assert request.url.host == "93.184.216.34" and request.headers["host"] == "rebind.example"
    assert request.extensions["sni_hostname"] == "rebind.example"


def test_dns_rebinding_with_the_system_resolver(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end: the name resolves to the test server once, then to an unroutable address; the
    fetch succeeds, so the connection went to the checked address without a second lookup."""
    real = socket.getaddrinfo
    lookups: list[str] = []

    def getaddrinfo(host: str, *args: object, **kwargs: object) -> list:
        if host == "rebind.test":
            lookups.append(host)
            host = "127.0.0.1" if len(lookups) == 1 else "192.0.2.1"
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    port = urlsplit(server).port
    _, body, _ = Fetcher(allow_private=True, deadline=5).get(f"http://rebind.test:{port}/page")
    assert body == PAGE and lookups == ["rebind.test"]


def test_a_slow_server_hits_the_total_deadline(server: str) -> None:
    start = time.monotonic()
    with pytest.raises(FetchFailed, match="2 s deadline"):
        Fetcher(allow_private=True, deadline=2).get(f"{server}/slow")
    assert time.monotonic() - start < 4


def test_a_big_body_is_refused_while_streaming(server: str) -> None:
    fetcher = Fetcher(allow_private=True, max_bytes=MB)
    tracemalloc.start()
    try:
        with pytest.raises(InputTooLarge, match=f"larger than {MB} bytes"):
            fetcher.get(f"{server}/big")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MB


def test_a_gzip_bomb_stops_at_the_decompressed_cap(server: str) -> None:
    fetcher = Fetcher(allow_private=True, max_bytes=MB)
    tracemalloc.start()
    try:
        with pytest.raises(InputTooLarge, match=f"larger than {MB} bytes"):
            fetcher.get(f"{server}/bomb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MB


def test_one_article_whatever_the_tracking_fragment_or_scheme(tmp_path: Path, pipeline) -> None:
    """Each variant is served with a different body, so only the canonical URL can make them one."""
    served: list[str] = []

    def page(request: httpx.Request) -> httpx.Response:
        served.append(str(request.url))
        body = PAGE.replace(b"officials said.", f"officials said ({len(served)}).".encode())
        return httpx.Response(200, content=body, headers={"content-type": "text/html"})

    fetcher = Fetcher(transport=httpx.MockTransport(page), resolve=public_dns)
    store = Store(str(tmp_path / "same.db"))
    summary = store.ingest(
        [
            "https://news.example/world/putin-delhi",
            "https://news.example/world/putin-delhi?utm_source=twitter&utm_medium=social",
            "https://news.example/world/putin-delhi?fbclid=abc#comments",
            "http://news.example/world/putin-delhi",
        ],
        fetcher=fetcher,
        pipeline=pipeline,
    )
    assert len(served) == 4
    # One article; each later variant's new body makes it a new version of it (docs/store.md, revisions).
    assert (summary.read, summary.new, summary.revised, summary.duplicate, summary.failed) == (4, 1, 3, 0, 0)
    assert store.counts()["articles"] == 1


def test_cli_allow_private(server: str, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dateline.cli import cli

    db = str(tmp_path / "cli.db")
    hits = len(Handler.hits)
    refused = CliRunner().invoke(cli, ["ingest", f"{server}/page", "--db", db, "--quiet"])
    assert refused.exit_code != 0 and "[D106]" in refused.output and f"{server}/page" in refused.output
    assert len(Handler.hits) == hits
    allowed = CliRunner().invoke(cli, ["ingest", f"{server}/page", "--db", db, "--quiet", "--allow-private"])
    assert allowed.exit_code == 0, allowed.output
    assert "new 1" in allowed.output and len(Handler.hits) == hits + 1


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[int, str]]:
    """An HTTPS server on 127.0.0.1 whose certificate names rebind.test (self-signed, made here)."""
    import shutil
    import ssl
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=rebind.test",
         "-addext", "subjectAltName=DNS:rebind.test"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1], str(cert)
    httpd.shutdown()
    httpd.server_close()


def test_https_to_the_checked_address_verifies_the_certificate_for_the_name(
    tls_server: tuple[int, str],
) -> None:
    """Connected to 127.0.0.1, the TLS handshake still sends and verifies the host name (SNI)."""
    import ssl

    port, cert = tls_server
    trust = ssl.create_default_context(cafile=cert)

    def fetcher(names: dict[str, list[str]]) -> Fetcher:
        transport = httpx.HTTPTransport(verify=trust, limits=httpx.Limits(max_keepalive_connections=0))
        return Fetcher(
            transport=PinnedTransport(transport), resolve=names.__getitem__, allow_private=True, deadline=5
        )

    _, body, _ = fetcher({"rebind.test": ["127.0.0.1"]}).get(f"https://rebind.test:{port}/page")
    assert body == PAGE
    with pytest.raises(FetchFailed, match="CERTIFICATE_VERIFY_FAILED|certificate"):
        fetcher({"other.test": ["127.0.0.1"]}).get(f"https://other.test:{port}/page")
