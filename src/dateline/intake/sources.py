"""Sources to articles: files (text, HTML, JSONL batches), stdin. One bad input never stops a batch:
each yields either an `Article` or the `InputError` that says why it could not be read."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from ..errors import EmptyInput, InputError, MalformedInput
from ..model import Article
from .decode import DEFAULT_MAX_BYTES, check_size, decode
from .furniture import strip_furniture
from .html import article_from_html, declared_charset, looks_like_html
from .published import parse_published

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class IntakeOptions:
    raw: bool = False  # the input is the body, exactly: no cleaning, offsets index the input itself
    published: datetime | None = None  # overrides the time found in the input
    max_bytes: int = DEFAULT_MAX_BYTES


def article_from_text(text: str, source: str, options: IntakeOptions, html: bool | None = None) -> Article:
    """One article from decoded text: raw, HTML or scraped plain text."""
    if options.raw:
        article = Article(text=text, source=source)
    elif html if html is not None else looks_like_html(text):
        article = article_from_html(text, source=source)
    else:
        article = strip_furniture(text, source=source)
    if not article.text.strip():
        raise EmptyInput(source, "no article body was found in the input")
    if options.published is not None:
        article = replace(article, published=options.published)
    return article


def _read_jsonl(data: str, source: str, options: IntakeOptions) -> Iterator[Article | InputError]:
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("a line must be a JSON object")
        except ValueError as exc:
            yield MalformedInput(
                where, f"not a JSON object ({exc}); each line needs {{id, text or html, ...}}"
            )
            continue
        body, is_html = (item.get("html"), True) if item.get("html") else (item.get("text"), False)
        if not isinstance(body, str) or not body.strip():
            yield EmptyInput(where, "the line has no 'text' or 'html'")
            continue
        try:
            article = article_from_text(body, where, options, html=is_html)
        except InputError as error:
            yield error
            continue
        published = parse_published(item["published"]) if isinstance(item.get("published"), str) else None
        yield replace(
            article,
            id=str(item["id"]) if item.get("id") is not None else None,
            url=item.get("url") or article.url,
            title=item.get("title") or article.title,
            published=options.published or published or article.published,
        )


def _read_bytes(
    data: bytes, source: str, options: IntakeOptions, suffix: str
) -> Iterator[Article | InputError]:
    try:
        text = decode(data, source, declared=declared_charset(data), limit=options.max_bytes)
        if suffix == ".jsonl":
            yield from _read_jsonl(text, source, options)
            return
        yield article_from_text(text, source, options, html=True if suffix in HTML_SUFFIXES else None)
    except InputError as error:
        yield error


def read_source(source: str, options: IntakeOptions | None = None) -> Iterator[Article | InputError]:
    """Every article in one source: a file path or "-" for stdin."""
    options = options or IntakeOptions()
    if source == "-":
        data = sys.stdin.buffer.read(options.max_bytes + 1)
        yield from _read_bytes(data, "<stdin>", options, "")
        return
    path = Path(source)
    try:
        check_size(source, path.stat().st_size, options.max_bytes)
        data = path.read_bytes()
    except InputError as error:
        yield error
        return
    except OSError as exc:
        yield InputError(source, f"cannot be read ({exc.strerror or exc}); check the path")
        return
    yield from _read_bytes(data, source, options, path.suffix.lower())
