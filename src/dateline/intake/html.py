"""HTML pages to articles. trafilatura finds the story's paragraphs; the furniture rules (data/furniture.yaml)
then drop what it keeps of the page around them (the headline again, "Also Read" links, captions, wire
credits) and read agency credits. Metadata comes from the page's own markup first: JSON-LD, then
OpenGraph/article meta, then `<time>` and the visible byline and date lines above the story, and only
then what trafilatura guesses. A page that states no publication time gets none: a date mentioned in
the story is not its publication time, and neither is the day it was fetched.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ..model import Article
from .decode import WHATWG_ALIASES
from .furniture import (
    PageMetadata,
    clean_body,
    is_body_paragraph,
    is_furniture,
    normalize_line,
    read_dated_line,
    rules,
    strip_furniture,
)
from .language import normalize_language
from .published import parse_published

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)

PUBLISHED_META = (
    "article:published_time",
    "datepublished",
    "og:published_time",
    "article.published",
    "pubdate",
    "publishdate",
    "publish-date",
    "sailthru.date",
    "parsely-pub-date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
)
MODIFIED_META = (
    "article:modified_time",
    "datemodified",
    "og:updated_time",
    "dcterms.modified",
    "last-modified",
)
# Elements that start a new line of visible text.
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
        "time",
    ]
)
_INVISIBLE = frozenset(
    ("script", "style", "noscript", "template", "svg", "iframe", "button", "select", "option")
)
_ARTICLE_TYPES = ("Article", "BlogPosting", "Report", "LiveBlogPosting")


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB, if any. None when its declarations disagree (two
    `<meta>` naming different encodings): then neither is trusted and the bytes decide."""
    names = {match.group(1).decode("ascii") for match in _CHARSET.finditer(data[:4096])}
    found = {_codec_name(name) for name in names}
    if len(found) != 1:
        return None
    return min(names)


def _codec_name(name: str) -> str:
    try:
        return codecs.lookup(WHATWG_ALIASES.get(name.lower(), name)).name
    except LookupError:
        return name.lower()


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    if head.startswith("<?xml"):  # XHTML, not any XML
        return "<html" in text[:5000].lower()
    return "<body" in head and "</" in head


def _parse(html: str) -> Any | None:
    try:
        return lxml_html.fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (etree.ParserError, ValueError):
        return None


def _meta_tags(tree: Any) -> dict[str, str]:
    tags: dict[str, str] = {}
    for tag in tree.iter("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop") or tag.get("http-equiv")
        content = tag.get("content")
        if key and content and content.strip() and key.lower() not in tags:
            tags[key.lower()] = content.strip()
    return tags


def _json_ld_articles(tree: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text.strip())
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(isinstance(k, str) and k.endswith(_ARTICLE_TYPES) for k in kinds):
                    found.append(item)
    return found


def _first_time(candidates: list[Any]) -> datetime | None:
    for value in candidates:
        if isinstance(value, str) and (when := parse_published(value)) is not None:
            return when
    return None


def _name_of(value: Any) -> str | None:
    if isinstance(value, str):
        return normalize_line(value) or None
    if isinstance(value, dict):
        return _name_of(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_name_of(v) for v in value) if n]
        return ", ".join(names) if names else None
    return None


def _visible_lines(tree: Any) -> Iterator[tuple[str, Any]]:
    """The page's visible text as lines (a new line at each block element), each with the element
    that holds it."""
    parts: list[str] = []
    holder: list[Any] = [None]

    def flush() -> Iterator[tuple[str, Any]]:
        line = normalize_line("".join(parts))
        parts.clear()
        if line:
            yield line, holder[0]

    def walk(element: Any) -> Iterator[tuple[str, Any]]:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _INVISIBLE or not tag:
            if element.tail:
                parts.append(element.tail)
            return
        block = tag in _BLOCK
        if block:
            yield from flush()
            holder[0] = element
        if element.text:
            parts.append(element.text)
        for child in element:
            yield from walk(child)
        if block:
            yield from flush()
        if element.tail:
            parts.append(element.tail)

    body = tree.find("body") if tree.tag == "html" else tree
    yield from walk(body if body is not None else tree)
    yield from flush()


def _element_text(element: Any) -> str:
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == "lb":
                parts.append(" ")
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return normalize_line("".join(parts))


def _paragraphs(body: Any, title: str | None) -> list[str]:
    """trafilatura's body as paragraphs: the headline and the headings above the first paragraph
    (the headline again, or its deck) are not story."""
    titles = {normalize_line(t).casefold() for t in (title,) if t}
    paragraphs: list[str] = []
    for element in body:
        if element.tag == "table":
            continue
        # Before the first paragraph, headings are the headline or its deck and lists are "highlights":
        # both repeat the story.
        if element.tag in ("head", "list") and not paragraphs:
            continue
        texts = (
            [_element_text(item) for item in element.iter("item")]
            if element.tag == "list"
            else [_element_text(element)]
        )
        paragraphs.extend(t for t in texts if t and t.casefold() not in titles)
    return paragraphs


def _header_lines(lines: list[tuple[str, Any]], first_paragraph: str | None) -> list[tuple[str, Any]]:
    """The visible lines above the story (where bylines and dates stand)."""
    if first_paragraph:
        probe = first_paragraph[:60]
        for index, (line, _) in enumerate(lines):
            if probe in line or (len(line) > 20 and first_paragraph.startswith(line)):
                return lines[:index]
    return lines[:60]


_NOT_STORY = re.compile(
    r"cookie|consent|gdpr|banner|newsletter|promo|subscribe|signup|nav|menu|footer|sidebar|related|caption|"
    r"share|social|comment|advert|\bads?\b|teaser|widget|popup|modal|breadcrumb|byline|author|meta",
    re.IGNORECASE,
)


def _inside_furniture(element: Any) -> bool:
    for node in element.iterancestors():
        if node.tag in ("nav", "footer", "aside", "figure", "figcaption", "header", "form"):
            return True
        if _NOT_STORY.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
    return False


def _in_navigation(element: Any) -> bool:
    if element is None:
        return False
    return any(
        node.tag == "nav"
        or re.search(r"nav|menu|cookie|consent", f"{node.get('class') or ''} {node.get('id') or ''}", re.I)
        for node in (element, *element.iterancestors())
    )


def _lost_lead(header: list[tuple[str, Any]], title: str | None) -> list[str]:
    """Paragraphs of story between the headline and what trafilatura kept: a lead set apart from the
    rest of the body ("story-intro") is often dropped by its precision mode."""
    folded = normalize_line(title).casefold() if title else None
    start = next(
        (
            i + 1
            for i, (line, element) in enumerate(header)
            if line.casefold() == folded or (element is not None and element.tag == "h1")
        ),
        None,
    )
    if start is None:  # no headline on the page: cannot tell a lead from the furniture above it
        return []
    header = header[start:]
    return [
        line
        for line, element in header
        if element is not None
        and element.tag == "p"
        and is_body_paragraph(line)
        and not is_furniture(line)
        and not _inside_furniture(element)
    ]


def _closing_credit(lines: list[tuple[str, Any]], last_paragraph: str) -> str | None:
    """An agency credit on its own line right after the story ("(IANS)"), which trafilatura drops as
    too short to be text."""
    probe = last_paragraph[-60:]
    for index, (line, _) in enumerate(lines):
        if probe in line:
            for after, _ in lines[index + 1 : index + 3]:
                if match := rules().agency_line.match(after):
                    return rules().agency_names[match.group(1)]
            return None
    return None


@cache
def _trafilatura_config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    # The extensive search reads dates out of the story's own text ("in October 2018"), which are
    # not publication times; markup and URL dates are kept.
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")
    return config


def _extract(html: str, url: str | None) -> Any:
    import trafilatura

    config = _trafilatura_config()
    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        config=config,
    )


def article_from_html(html: str, source: str | None = None, url: str | None = None) -> Article:
    """The article in an HTML page. Its body may be empty when the page holds no story."""
    extracted = _extract(html, url)
    tree = _parse(html)
    meta = _meta_tags(tree) if tree is not None else {}
    ld = _json_ld_articles(tree) if tree is not None else []
    doc: dict[str, Any] = {}
    if extracted is not None:
        doc = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)

    title = (
        next((t for t in (_name_of(a.get("headline")) for a in ld) if t), None)
        or meta.get("og:title")
        or meta.get("twitter:title")
        or doc.get("title")
        or _page_title(tree)
    )
    body = getattr(extracted, "body", None)
    paragraphs = _paragraphs(body, title) if body is not None else []
    if not paragraphs and doc.get("text"):
        paragraphs = [normalize_line(p) for p in str(doc["text"]).split("\n") if p.strip()]

    page = PageMetadata(title=title)
    lines = list(_visible_lines(tree)) if tree is not None else []
    header = _header_lines(lines, paragraphs[0] if paragraphs else None)
    paragraphs = [p for p in _lost_lead(header, title) if p not in paragraphs] + paragraphs
    for author in (_name_of(a.get("author")) for a in ld):
        if author:
            page.set_byline(author)
    byline = rules().byline
    for line, _ in header:
        if byline.match(line) and len(line.split()) <= 24:
            page.set_byline(line)
            break
    for line, _ in header:
        if len(line.split()) <= 30:
            read_dated_line(line, page, anywhere=True)
    for name in (meta.get("author"), meta.get("article:author"), doc.get("author")):
        if name and not name.startswith("http"):
            page.set_byline(name)
    story = clean_body(paragraphs, page)
    if not any(is_body_paragraph(p) for p in story):
        # A page rendered by JavaScript often carries its story only in JSON-LD.
        bodies = [str(a["articleBody"]) for a in ld if isinstance(a.get("articleBody"), str)]
        if bodies:
            story = clean_body(
                [normalize_line(p) for p in _strip_tags(bodies[0]).split("\n") if p.strip()], page
            )
    if not any(is_body_paragraph(p) for p in story):
        # trafilatura found no story (layout tables, <br>-separated text): read the page's visible
        # text, navigation left out, as a scraped plain-text page.
        plain = strip_furniture("\n".join(line for line, element in lines if not _in_navigation(element)))
        story = plain.text.split("\n\n") if plain.text else []
        page.title = page.title or plain.title
        for attr in ("author", "agency", "published", "updated"):
            if getattr(page, attr) is None:
                setattr(page, attr, getattr(plain, attr))
    if not any(is_body_paragraph(p) for p in story):  # a page of links and labels holds no story
        story = []
    elif page.agency is None:
        page.agency = _closing_credit(lines, story[-1])
    text = "\n\n".join(story)

    time_tags = [t for t in tree.iter("time") if t.get("datetime")] if tree is not None else []
    stated_published = [
        t.get("datetime")
        for t in time_tags
        if t.get("itemprop") == "datePublished" or t.get("pubdate") is not None
    ]
    published = (
        _first_time([a.get("datePublished") for a in ld])
        or _first_time([meta.get(k) for k in PUBLISHED_META])
        or _first_time(stated_published)
        or page.published
        or _first_time([t.get("datetime") for t in time_tags])
    )
    updated = (
        _first_time([a.get("dateModified") for a in ld])
        or _first_time([meta.get(k) for k in MODIFIED_META])
        or page.updated
    )
    if published is None:
        published = updated or _first_time([doc.get("date")])
    section = (
        next((s for s in (_name_of(a.get("articleSection")) for a in ld) if s), None)
        or meta.get("article:section")
        or None
    )
    language = _declared_language(meta, tree, ld) or doc.get("language")
    return Article(
        text=text,
        url=url or meta.get("og:url") or _canonical(tree) or doc.get("url"),
        title=normalize_line(page.title) if page.title else None,
        section=section,
        author=page.author,
        agency=page.agency,
        language=normalize_language(language),  # what the page declares; intake checks it against the text
        published=published,
        updated=updated,
        source=source,
    )


def _declared_language(meta: dict[str, str], tree: Any, ld: list[dict[str, Any]]) -> str | None:
    """The language the page states: og:locale, <html lang>, JSON-LD inLanguage, meta content-language."""
    in_language = [a.get("inLanguage") for a in ld]
    stated = [
        meta.get("og:locale"),
        tree.get("lang") or tree.get("xml:lang") if tree is not None else None,
        *((x.get("alternateName") or x.get("name")) if isinstance(x, dict) else x for x in in_language),
        meta.get("content-language"),
        meta.get("language"),
        meta.get("dc.language"),
    ]
    return next(
        (code for code in (normalize_language(s) for s in stated if isinstance(s, str)) if code), None
    )


_BREAKS = re.compile(r"<br\s*/?>|</p>", re.IGNORECASE)


def _strip_tags(text: str) -> str:
    """articleBody is text, but some sites put HTML in it."""
    if "<" not in text:
        return text
    tree = _parse("<div>" + _BREAKS.sub("\n", text) + "</div>")
    return str(tree.text_content()) if tree is not None else text


def _page_title(tree: Any) -> str | None:
    """The first <h1>, else the <title> without the site's name ("Headline - The Old Gazette")."""
    if tree is None:
        return None
    for h1 in tree.iter("h1"):
        if text := normalize_line(h1.text_content()):
            return text
    for title in tree.iter("title"):
        parts = re.split(r"\s+[|\-\u2013\u2014:]\s+", normalize_line(title.text_content()))
        return max(parts, key=len) if parts and parts[0] else None
    return None


def _canonical(tree: Any) -> str | None:
    if tree is None:
        return None
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            return str(link.get("href"))
    return None
