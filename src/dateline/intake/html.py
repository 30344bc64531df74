"""HTML pages to articles: trafilatura finds the body and metadata; we read the publication time
with its zone from the page's own markup (JSON-LD, OpenGraph/article meta, <time>) first."""

from __future__ import annotations

import json
import re
from datetime import datetime

from ..model import Article
from .published import parse_published

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_JSON_LD = re.compile(r"""<script[^>]+application/ld\+json[^>]*>(.*?)</script>""", re.IGNORECASE | re.DOTALL)
_META = re.compile(r"""<meta\s+[^>]*>""", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z:_\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")

PUBLISHED_META = (
    "article:published_time",
    "datePublished",
    "og:published_time",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dc.date",
    "date",
)
MODIFIED_META = ("article:modified_time", "dateModified", "og:updated_time", "last-modified")


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB, if any."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def _meta_tags(html: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    for tag in _META.finditer(html):
        attrs = {
            m.group(1).lower(): (m.group(2) if m.group(2) is not None else m.group(3))
            for m in _ATTR.finditer(tag.group(0))
        }
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        if key and attrs.get("content") and key.lower() not in tags:
            tags[key.lower()] = attrs["content"]
    return tags


def _json_ld_articles(html: str) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for block in _JSON_LD.finditer(html):
        try:
            data = json.loads(block.group(1).strip())
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(
                    isinstance(k, str) and k.endswith(("Article", "BlogPosting", "Report")) for k in kinds
                ):
                    found.append(item)
    return found


def _first_time(candidates: list[object]) -> datetime | None:
    for value in candidates:
        if isinstance(value, str) and (when := parse_published(value)) is not None:
            return when
    return None


def _name_of(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else None
    if isinstance(value, list):
        names = [n for n in (_name_of(v) for v in value) if n]
        return ", ".join(names) if names else None
    return None


def article_from_html(html: str, source: str | None = None, url: str | None = None) -> Article:
    """The article in an HTML page. Its body may be empty when the page holds no story."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    doc = (
        extracted.as_dict() if extracted is not None and hasattr(extracted, "as_dict") else (extracted or {})
    )
    meta = _meta_tags(html)
    ld = _json_ld_articles(html)
    published = _first_time(
        [a.get("datePublished") for a in ld]
        + [meta.get(k.lower()) for k in PUBLISHED_META]
        + [doc.get("date")]
    )
    updated = _first_time([a.get("dateModified") for a in ld] + [meta.get(k.lower()) for k in MODIFIED_META])
    title = (
        next((t for t in [_name_of(a.get("headline")) for a in ld] if t), None)
        or meta.get("og:title")
        or doc.get("title")
    )
    section = next((s for s in [_name_of(a.get("articleSection")) for a in ld] if s), None) or meta.get(
        "article:section"
    )
    author = next((n for n in [_name_of(a.get("author")) for a in ld] if n), None) or doc.get("author")
    return Article(
        text=(doc.get("text") or "").strip(),
        url=url or meta.get("og:url") or doc.get("url"),
        title=title,
        section=section or (doc.get("categories") or None),
        author=author,
        language=meta.get("og:locale", "en")[:2] if meta.get("og:locale") else (doc.get("language") or "en"),
        published=published,
        updated=updated,
        source=source,
    )
