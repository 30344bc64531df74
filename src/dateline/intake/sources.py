"""Sources to articles: files (text, HTML, JSONL batches), stdin. One bad input never stops a batch:
each yields either an `Article` or the `InputError` that says why it could not be read."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import chain
from pathlib import Path

from ..errors import EmptyInput, InputError, InputTooLarge, MalformedInput, UndecodableInput
from ..model import Article
from .decode import DEFAULT_MAX_BYTES, check_size, decode
from .furniture import strip_furniture
from .html import article_from_html, declared_charset, looks_like_html
from .language import resolve_language
from .published import parse_published

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class IntakeOptions:
    raw: bool = False  # the input is the body, exactly: no cleaning, offsets index the input itself
    published: datetime | None = None  # overrides the time found in the input
    max_bytes: int = DEFAULT_MAX_BYTES
    debug: bool = False  # let unexpected errors out with their traceback instead of reporting the input


def article_from_text(
    text: str, source: str, options: IntakeOptions, html: bool | None = None, language: str | None = None
) -> Article:
    """One article from decoded text: raw, HTML or scraped plain text. `language` is one declared
    outside the text (a JSON Lines field); a page's own declaration is read from it. Either is checked
    against the body, and the body decides when nothing is declared (language.py)."""
    declared = language
    if options.raw:
        article = Article(text=text, source=source)
    elif html if html is not None else looks_like_html(text):
        article = article_from_html(text, source=source)
        declared = declared or article.language
    else:
        article = strip_furniture(text, source=source)
    if not article.text.strip():
        raise EmptyInput(source, "no article body was found in the input")
    article = replace(article, language=resolve_language(declared, article.text))
    if options.published is not None:
        article = replace(article, published=options.published)
    return article


def _jsonl_article(line: str, where: str, options: IntakeOptions) -> Article:
    """One line of a JSON Lines batch: `{id, text or html, url, published, title, language}`."""
    try:
        item = json.loads(line)
        if not isinstance(item, dict):
            raise ValueError("a line must be a JSON object")
    except ValueError as exc:
        raise MalformedInput(
            where, f"not a JSON object ({exc}); each line needs {{id, text or html, ...}}"
        ) from None
    body, is_html = (item.get("html"), True) if item.get("html") else (item.get("text"), False)
    if not isinstance(body, str) or not body.strip():
        raise EmptyInput(where, "the line has no 'text' or 'html'")
    published = None
    if item.get("published") not in (None, ""):
        published = parse_published(str(item["published"]))
        if published is None:
            raise MalformedInput(
                where,
                f"'published' {item['published']!r} is not a date; give ISO 8601 such as 2021-12-05T08:45:00+05:30",
            )
    declared = item.get("language")
    article = article_from_text(
        body, where, options, html=is_html, language=declared if isinstance(declared, str) else None
    )
    return replace(
        article,
        id=str(item["id"]) if item.get("id") is not None else None,
        url=item.get("url") or article.url,
        title=item.get("title") or article.title,
        published=options.published or published or article.published,
    )


def _guarded(source: str, options: IntakeOptions, read: Callable[[], Article]) -> Article | InputError:
    """One article, or the error that says why it could not be read; never an unexpected exception
    (unless --debug), so one bad input never stops a batch."""
    try:
        return read()
    except InputError as error:
        return error
    except Exception as exc:  # a bug of ours or a library's: report this input, go on with the batch
        if options.debug:
            raise
        return InputError(
            source,
            f"could not be read ({type(exc).__name__}: {exc}); rerun with --debug and please report it",
        )


def _read_jsonl(
    lines: Iterable[bytes], source: str, options: IntakeOptions
) -> Iterator[Article | InputError]:
    """A JSON Lines batch, streamed: the size limit holds for each line (each article), not the batch."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{source}:{number}"

        def read(raw: bytes = raw, where: str = where, first: bool = number == 1) -> Article:
            check_size(where, len(raw.rstrip(b"\r\n")), options.max_bytes)
            try:
                line = raw.decode("utf-8-sig" if first else "utf-8")
            except UnicodeDecodeError as exc:
                raise UndecodableInput(
                    where, f"JSON Lines must be UTF-8 ({exc.reason} at byte {exc.start})"
                ) from None
            return _jsonl_article(line, where, options)

        yield _guarded(where, options, read)


def _read_bytes(data: bytes, source: str, options: IntakeOptions, suffix: str) -> Article | InputError:
    def read() -> Article:
        text = decode(data, source, declared=declared_charset(data), limit=options.max_bytes)
        return article_from_text(text, source, options, html=True if suffix in HTML_SUFFIXES else None)

    return _guarded(source, options, read)


def _looks_like_jsonl(first_line: bytes) -> bool:
    """Standard input holding JSON Lines of articles rather than an article."""
    if not first_line.lstrip().startswith(b"{"):
        return False
    try:
        item = json.loads(first_line)
    except ValueError:
        return False
    return isinstance(item, dict) and ("text" in item or "html" in item)


def _read_stdin(options: IntakeOptions) -> Iterator[Article | InputError]:
    stream = sys.stdin.buffer
    first = stream.readline(options.max_bytes + 1)
    if _looks_like_jsonl(first):
        yield from _read_jsonl(chain([first], stream), "<stdin>", options)
        return
    data = first + stream.read(options.max_bytes + 1 - len(first))
    if len(data) > options.max_bytes:
        yield InputTooLarge(
            "<stdin>",
            f"more than {options.max_bytes:,} bytes is over the limit; raise it with --max-bytes if this is an article",
        )
        return
    yield _read_bytes(data, "<stdin>", options, "")


def read_source(source: str, options: IntakeOptions | None = None) -> Iterator[Article | InputError]:
    """Every article in one source: a file path, a .jsonl batch, or "-" for stdin."""
    options = options or IntakeOptions()
    if source == "-":
        yield from _read_stdin(options)
        return
    path = Path(source)
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            if path.stat().st_size == 0:
                yield EmptyInput(source, "the batch is empty (0 bytes); give one JSON object per line")
                return
            with path.open("rb") as lines:
                yield from _read_jsonl(lines, source, options)
            return
        check_size(source, path.stat().st_size, options.max_bytes)
        # At most limit + 1 bytes, whatever the size said (a file still growing, a FIFO): decode refuses more.
        with path.open("rb") as stream:
            data = stream.read(options.max_bytes + 1)
    except InputError as error:
        yield error
        return
    except OSError as exc:
        yield InputError(source, f"cannot be read ({exc.strerror or exc}); check the path")
        return
    yield _read_bytes(data, source, options, suffix)
