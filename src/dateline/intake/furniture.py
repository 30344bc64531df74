"""Scraped plain text to an article: strip page furniture (breadcrumbs, section labels, bylines,
"Updated on:" lines, captions, "Also Read:" links, "First published:" lines, agency credits) and keep
what it says as metadata. The rules are in data/furniture.yaml.

A page has a header (everything before the first body paragraph), a body, and a footer (the furniture
after the last body paragraph). Only the body reaches the reading stages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources

import yaml

from ..model import Article
from .published import parse_published

SENTENCE_END = re.compile(r"""[.!?]["'\u201d\u2019)]*$|["\u201d]$""")


@dataclass(frozen=True)
class FurnitureRules:
    breadcrumb: re.Pattern[str]
    breadcrumb_split: re.Pattern[str]
    published: re.Pattern[str]
    updated: re.Pattern[str]
    byline: re.Pattern[str]
    drop: re.Pattern[str]
    agency_line: re.Pattern[str]
    agency_tail: re.Pattern[str]
    agency_names: dict[str, str] = field(default_factory=dict)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def rules() -> FurnitureRules:
    data = yaml.safe_load(resources.files("dateline").joinpath("data/furniture.yaml").read_text("utf-8"))
    seps = "".join(re.escape(s) for s in data["breadcrumb_separators"])
    agencies = _alternation(list(data["agencies"]))
    return FurnitureRules(
        breadcrumb=re.compile(rf"^\s*(?:{_alternation(data['breadcrumb_roots'])})\s*[{seps}]"),
        breadcrumb_split=re.compile(rf"\s*[{seps}]\s*"),
        published=re.compile(rf"(?:{_alternation(data['published_labels'])})\s*(?:on|at)?\s*[:\-]?\s*(.+)$"),
        updated=re.compile(rf"(?:{_alternation(data['updated_labels'])})\s*(?:on|at)?\s*[:\-]?\s*(.+)$"),
        byline=re.compile(rf"^(?:{_alternation(data['byline_prefixes'])})\s+(.+)$"),
        drop=re.compile(rf"^(?:{_alternation(data['drop_prefixes'])})\s*(?:[:\-\u2013|]|$)", re.IGNORECASE),
        agency_line=re.compile(rf"^[(\[]?\s*(?:--?\s*)?({agencies})\s*[)\]]?\.?$"),
        agency_tail=re.compile(rf"\s*[(\[]({agencies})[)\]]\s*$|\s+--?\s*({agencies})\s*$"),
        agency_names=dict(data["agencies"]),
    )


def is_body_paragraph(line: str) -> bool:
    """A line of story: a sentence of some length, or a long run of words."""
    words = len(line.split())
    return (words >= 8 and bool(SENTENCE_END.search(line))) or words >= 25


def is_section_label(line: str) -> bool:
    """Short all-caps lines ("SPEED NEWS", "BREAKING") label a page section, not the story."""
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and len(line.split()) <= 4 and all(c.isupper() for c in letters)


@dataclass
class _Metadata:
    title: str | None = None
    section: str | None = None
    author: str | None = None
    agency: str | None = None
    published: datetime | None = None
    updated: datetime | None = None


def _read_dated_line(line: str, meta: _Metadata) -> bool:
    """Byline and date lines ("News Agencies | Updated on: 5 December 2021, 8:45 IST"); True if it was one."""
    r = rules()
    found = False
    for part in (p.strip() for p in line.split("|")):
        for pattern, attr in ((r.updated, "updated"), (r.published, "published")):
            match = pattern.match(part)
            if match and (when := parse_published(match.group(1))) is not None:
                if getattr(meta, attr) is None:
                    setattr(meta, attr, when)
                found = True
                break
    if found:
        byline = line.split("|")[0].strip()
        if "|" in line and not (r.updated.match(byline) or r.published.match(byline)):
            meta.author = meta.author or byline
    return found


def _read_header_line(line: str, meta: _Metadata) -> None:
    r = rules()
    if r.breadcrumb.match(line):
        crumbs = [c for c in r.breadcrumb_split.split(line.strip()) if c][1:]
        if crumbs and len(crumbs[-1].split()) > 4:
            meta.title = meta.title or crumbs.pop()
        if crumbs:
            meta.section = crumbs[-1]
        return
    if _read_dated_line(line, meta):
        return
    if (match := r.byline.match(line)) and len(line.split()) <= 8:
        meta.author = meta.author or match.group(1).strip()
        return
    if r.drop.match(line) or is_section_label(line):
        return
    # The headline is the first line that looks like one; captions and repeats of it are dropped.
    if meta.title is None and len(line.split()) >= 3:
        meta.title = line


def _read_footer_line(line: str, meta: _Metadata) -> None:
    r = rules()
    if match := r.agency_line.match(line):
        meta.agency = meta.agency or r.agency_names[match.group(1)]
        return
    _read_dated_line(line, meta)


def strip_furniture(raw: str, source: str | None = None) -> Article:
    """The article inside a scraped plain-text page."""
    r = rules()
    lines = [line.strip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    meta = _Metadata()
    first = next(
        (i for i, line in enumerate(lines) if is_body_paragraph(line) and not r.drop.match(line)), None
    )
    if first is None:  # no paragraph looks like story: keep every line that is not furniture
        first = 0
    last = max(
        (
            i
            for i, line in enumerate(lines)
            if i >= first and is_body_paragraph(line) and not r.drop.match(line)
        ),
        default=len(lines) - 1,
    )
    for line in lines[:first]:
        _read_header_line(line, meta)
    for line in lines[last + 1 :]:
        _read_footer_line(line, meta)
    body: list[str] = []
    for line in lines[first : last + 1]:
        if r.drop.match(line) or _read_dated_line(line, meta):
            continue
        if match := r.agency_line.match(line):
            meta.agency = meta.agency or r.agency_names[match.group(1)]
            continue
        if match := r.agency_tail.search(line):
            meta.agency = meta.agency or r.agency_names[match.group(1) or match.group(2)]
            line = line[: match.start()].rstrip()
        body.append(line)
    return Article(
        text="\n\n".join(body),
        title=meta.title,
        section=meta.section,
        author=meta.author,
        agency=meta.agency,
        published=meta.published or meta.updated,
        updated=meta.updated,
        source=source,
    )
