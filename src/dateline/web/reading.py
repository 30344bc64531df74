"""Reading a posted text, HTML page or URL into an article record, for /api/read, /read and ingest
over HTTP. The spaCy pipeline loads on first use and is shared; one article is read at a time."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..errors import DatelineError, MalformedInput
from ..intake import IntakeOptions, article_from_text
from ..intake.published import parse_published
from ..model import Article

if TYPE_CHECKING:
    from ..model import Document
    from ..pipeline import Pipeline


class Reader:
    """Loads the pipeline once (lazily: a server that never reads never loads spaCy)."""

    def __init__(self, model: str | None = None, pipeline: Pipeline | None = None) -> None:
        self.model = model
        self._pipeline = pipeline
        self._lock = threading.Lock()

    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            from ..nlp import DEFAULT_MODEL
            from ..pipeline import Pipeline

            self._pipeline = Pipeline(model=self.model or DEFAULT_MODEL)
        return self._pipeline

    def read(self, article: Article) -> Document:
        with self._lock:  # one spaCy pipeline, one article at a time
            return self.pipeline().read(article)


def article_from_item(item: dict[str, Any], max_bytes: int, source: str = "<posted>") -> Article:
    """An article from `{text or html, url, title, published, id, raw}` (the .jsonl input format)."""
    html, text = item.get("html"), item.get("text")
    body, is_html = (html, True) if isinstance(html, str) and html.strip() else (text, None)
    if not isinstance(body, str) or not body.strip():
        raise MalformedInput(source, "give the article as 'text' or 'html' (a non-empty string)")
    published = None
    if item.get("published") not in (None, ""):
        published = parse_published(str(item["published"]))
        if published is None:
            raise MalformedInput(
                source,
                f"'published' {item['published']!r} is not a date; give ISO 8601 such as 2021-12-05T08:45:00+05:30",
            )
    options = IntakeOptions(raw=bool(item.get("raw")), max_bytes=max_bytes)
    article = article_from_text(body, source, options, html=is_html)
    url = item.get("url")
    title = item.get("title")
    return replace(
        article,
        id=str(item["id"]) if item.get("id") is not None else None,
        url=url if isinstance(url, str) and url else article.url,
        title=title if isinstance(title, str) and title else article.title,
        published=published or article.published,
    )


def parse_posted(body: bytes, content_type: str, max_bytes: int) -> dict[str, Any]:
    """A POST body as an item: JSON `{text|html, ...}`, or the article itself as text/plain or text/html."""
    kind = content_type.split(";", 1)[0].strip().lower()
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedInput("<posted>", "the body is not UTF-8") from None
    if kind in ("", "application/json"):
        try:
            item = json.loads(decoded)
        except ValueError as exc:
            raise MalformedInput("<posted>", f'the body is not JSON ({exc}); send {{"text": ...}}') from None
        if not isinstance(item, dict):
            raise MalformedInput(
                "<posted>", 'the JSON body must be an object: {"text": ...} or {"html": ...}'
            )
        return item
    if kind == "text/plain":
        return {"text": decoded}
    if kind in ("text/html", "application/xhtml+xml"):
        return {"html": decoded}
    raise MalformedInput("<posted>", f"content type {kind!r}: send application/json, text/plain or text/html")


def fetch_article(url: str, max_bytes: int) -> Article:
    """A page fetched through the store's SSRF guard (no private, loopback or link-local addresses)."""
    from ..store.remote import Fetcher, read_url

    fetcher = Fetcher(max_bytes=max_bytes)
    try:
        for item in read_url(url, IntakeOptions(max_bytes=max_bytes), fetcher):
            if isinstance(item, DatelineError):
                raise item
            return item
    finally:
        fetcher.close()
    raise MalformedInput(url, "nothing could be read from the page")
