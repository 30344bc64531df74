"""What keeps the web app safe with untrusted article text in it: response headers (a strict
Content-Security-Policy on every page), the write token, body size limits and link filtering.

Article text, titles, bylines and URLs come from the open web. Templates autoescape everything;
highlighting escapes each piece (never `Markup` of article text); only http(s) URLs become links.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# The OpenAPI page (Swagger UI) loads its script and style from a CDN and starts with one inline
# script: it is allowed by its hash, nothing else inline. It shows the API description, no article.
DOCS_CDN = "https://cdn.jsdelivr.net"
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def docs_csp(html: str) -> str:
    """The CSP for the Swagger UI page: its CDN, plus exactly the inline scripts it contains."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    )
    return (
        f"default-src 'self'; script-src {DOCS_CDN} {hashes}; style-src {DOCS_CDN}; "
        "img-src 'self' data: https://fastapi.tiangolo.com; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'"
    )


class SecurityHeaders:
    """ASGI middleware: the security headers on every response; the strict CSP unless the route set
    its own (only /docs does)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", CSP.encode()))
                for name, value in HEADERS.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes; send a smaller article")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it passes `limit` bytes: a declared length is
    checked before reading, a streamed body while it arrives."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def check_token(request: Request, token: str | None) -> None:
    """Writes need `Authorization: Bearer <token>`; compared in constant time."""
    if not token:
        raise HTTPException(403, "this server is read-only; start it with --allow-write --token T to ingest")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(value.strip().encode(), token.encode()):
        raise HTTPException(
            401,
            "a valid bearer token is required: send Authorization: Bearer <token>",
            {"WWW-Authenticate": "Bearer"},
        )


def safe_link(url: str | None) -> str | None:
    """The URL if it may become a link (http or https with a host), else None: never javascript:,
    data: or a scheme-relative trick."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ord(c) < 32 for c in url):
        return None
    return url
