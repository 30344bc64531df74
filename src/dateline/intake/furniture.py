"""Scraped plain text to an article: strip page furniture (breadcrumbs, section labels, bylines,
"Updated on:" lines, captions, "Also Read:" links, "First published:" lines, agency credits) and keep
what it says as metadata. The rules are in data/furniture.yaml; HTML intake reuses them for the
paragraphs trafilatura keeps.

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
from .published import looks_like_date, parse_published

# Sentence ends: Latin, CJK (。！？), Devanagari (।), Arabic (؟) and Urdu (۔) marks.
SENTENCE_END = re.compile(
    r"""[.!?\u3002\uff01\uff1f\u0964\u061f\u06d4]["'\u201d\u2019\u300d\u300f)]*$|["\u201d]$"""
)
# Scripts written without spaces between words: two characters count as a word.
_UNSPACED = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]"
)
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
# Where a byline stops naming people: "By Jane Doe, Political Correspondent", "By José Ramírez in Santiago".
_BYLINE_END = re.compile(
    r"\s*(?:[,|;\u00b7\u2022/]|\s-\s|\s\u2013\s|\s\u2014\s|\bin\s+[A-Z]|\bfor\s+[A-Z]|\n).*$", re.S
)
# "Source: PTI", "Agency: Reuters": a credit line naming the agency.
_CREDIT_AGENCY = re.compile(r"^(?:Source|Agency|Credit|Courtesy)\s*[:\-|]\s*(.+?)\.?$", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:[|;,/\u00b7\u2022]|\band\b|\bwith\b)\s*")


@dataclass(frozen=True)
class FurnitureRules:
    breadcrumb: re.Pattern[str]
    breadcrumb_split: re.Pattern[str]
    published: re.Pattern[str]
    updated: re.Pattern[str]
    byline: re.Pattern[str]
    drop: re.Pattern[str]
    credit: re.Pattern[str]
    footer: re.Pattern[str]
    caption: re.Pattern[str]
    agency_line: re.Pattern[str]
    agency_tail: re.Pattern[str]
    agency_dateline: re.Pattern[str]
    agency_names: dict[str, str] = field(default_factory=dict)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def rules() -> FurnitureRules:
    data = yaml.safe_load(resources.files("dateline").joinpath("data/furniture.yaml").read_text("utf-8"))
    seps = "".join(re.escape(s) for s in data["breadcrumb_separators"])
    agencies = _alternation(list(data["agencies"]))
    captions = _alternation(data["caption_markers"])
    return FurnitureRules(
        breadcrumb=re.compile(rf"^\s*(?:{_alternation(data['breadcrumb_roots'])})\s*[{seps}]"),
        breadcrumb_split=re.compile(rf"\s*[{seps}]\s*"),
        published=re.compile(
            rf"\b(?:{_alternation(data['published_labels'])})\b\s*(?:on|at)?\s*[:\-]?\s*(.+)$", re.IGNORECASE
        ),
        updated=re.compile(
            rf"\b(?:{_alternation(data['updated_labels'])})\b\s*(?:on|at)?\s*[:\-]?\s*(.+)$", re.IGNORECASE
        ),
        byline=re.compile(rf"^(?:{_alternation(data['byline_prefixes'])})\s*:?\s+(.+)$"),
        drop=re.compile(
            # "Also Read: …", "Also Read - …", "Tags | …", "Share" alone; not "Follow-up talks …"
            rf"^(?:{_alternation(data['drop_prefixes'])})(?:\s*[:\u2013\u2014|>»]|\s+-|\s*$)",
            re.IGNORECASE,
        ),
        credit=re.compile(
            rf"^(?:{_alternation(data['credit_prefixes'] + data['promo_prefixes'])})", re.IGNORECASE
        ),
        footer=re.compile("|".join(f"(?:{p})" for p in data["footer_lines"])),
        caption=re.compile(
            rf"(?:^|[(\[|]\s*|\s[|\u2013\u2014-]\s*)(?:{captions})\b\s*(?:[:/)\]]|by\b)", re.IGNORECASE
        ),
        agency_line=re.compile(rf"^[(\[]?\s*(?:(?:--?|\u2014|\u2013)\s*)?({agencies})\s*[)\]]?\.?$"),
        agency_tail=re.compile(
            rf"\s*[(\[]({agencies})[)\]]\.?\s*$"
            rf"|\s+(?:--?|\u2014|\u2013)\s*({agencies})\.?\s*$"
            # Indian wire copy closes with the agency and desk initials: "... he said. PTI ABC DEF"
            rf"|(?<=[.!?\"\u201d])\s+(PTI|IANS|UNI)(?:\s+[A-Z]{{2,4}}){{0,4}}\s*$"
        ),
        # "WASHINGTON (Reuters) -", "New Delhi, Nov 29 (PTI)", "MOSCOW, Dec. 7 (AP) —"
        agency_dateline=re.compile(
            rf"^[A-Z][^()\n.!?]{{0,60}}?\s\(({agencies})\)(?:\s*[-\u2013\u2014:]+)?\s"
        ),
        agency_names=dict(data["agencies"]),
    )


def normalize_line(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def is_body_paragraph(line: str) -> bool:
    """A line of story: a sentence of some length, or a long run of words."""
    words = len(line.split()) + len(_UNSPACED.findall(line)) // 2
    return (words >= 8 and bool(SENTENCE_END.search(line))) or words >= 25


def is_section_label(line: str) -> bool:
    """Short all-caps lines ("SPEED NEWS", "BREAKING") label a page section, not the story."""
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and len(line.split()) <= 4 and all(c.isupper() for c in letters)


def is_furniture(line: str) -> bool:
    """Links, widgets, wire credits and picture captions: never story, wherever they stand."""
    r = rules()
    if r.drop.match(line) or r.credit.match(line) or r.footer.search(line):
        return True
    # A caption names its picture's source; a long sentence that mentions a photo is story.
    return (
        bool(r.caption.search(line)) and len(line.split()) <= 40 and not line.endswith(("?", '"', "\u201d"))
    )


def agency_of(name: str) -> str | None:
    """The agency a credit names ("Reuters", "Press Trust of India", "REUTERS"), or None."""
    names = rules().agency_names
    if name in names:
        return names[name]
    folded = name.casefold()
    return next((v for k, v in names.items() if len(k) > 3 and k.casefold() == folded), None)


def split_byline(byline: str) -> tuple[str | None, str | None]:
    """A byline as (author, agency): "By Jane Doe | Reuters" -> ("Jane Doe", "Reuters"); "PTI" -> (None, "PTI")."""
    text = rules().byline.sub(r"\1", normalize_line(byline))
    people: list[str] = []
    agency = None
    for part in (p.strip(" .:-") for p in _NAME_SPLIT.split(text)):
        if not part:
            continue
        found = agency_of(part)
        # "Jane Doe Associated Press": a name run into the agency.
        if found is None:
            for name in sorted(rules().agency_names, key=len, reverse=True):
                if len(name) > 3 and part.endswith(" " + name):
                    found, part = rules().agency_names[name], part[: -len(name)].strip()
                    people.append(part)
                    break
        if found is not None:
            agency = agency or found
        elif not people:
            people.append(_BYLINE_END.sub("", part).strip())
    author = people[0] if people and people[0] else None
    if author and author.isupper() and len(author) > 3:
        author = author.title()
    return author, agency


@dataclass
class PageMetadata:
    title: str | None = None
    section: str | None = None
    author: str | None = None
    agency: str | None = None
    published: datetime | None = None
    updated: datetime | None = None

    def set_byline(self, byline: str) -> None:
        author, agency = split_byline(byline)
        self.author = self.author or author
        self.agency = self.agency or agency


def read_dated_line(line: str, meta: PageMetadata, anywhere: bool = False) -> bool:
    """Byline and date lines ("News Agencies | Updated on: 5 December 2021, 8:45 IST"); True if it was one.
    `anywhere`: the label may follow other words on the line ("By Priya Raman, Mumbai Published on ...")."""
    r = rules()
    found = False
    if len(line.split()) > 30:  # a date line is short; a long line that mentions a date is story
        return False
    for part in (p.strip() for p in re.split(r"\s[|\u00b7\u2022]\s|\|", line)):
        for pattern, attr in ((r.updated, "updated"), (r.published, "published")):
            match = pattern.search(part) if anywhere else pattern.match(part)
            if match and looks_like_date(match.group(1)) and (when := parse_published(match.group(1))):
                if getattr(meta, attr) is None:
                    setattr(meta, attr, when)
                found = True
                break
    if found and "|" in line:
        byline = line.split("|")[0].strip()
        if not (r.updated.match(byline) or r.published.match(byline)):
            meta.set_byline(byline)
    return found


def _read_header_line(line: str, meta: PageMetadata) -> None:
    r = rules()
    if r.breadcrumb.match(line):
        crumbs = [c for c in r.breadcrumb_split.split(line.strip()) if c][1:]
        if crumbs and len(crumbs[-1].split()) > 4:
            meta.title = meta.title or crumbs.pop()
        if crumbs:
            meta.section = crumbs[-1]
        return
    if read_dated_line(line, meta):
        return
    if r.byline.match(line) and len(line.split()) <= 12:
        meta.set_byline(line)
        return
    if (agency := agency_of(line.strip("()[] "))) is not None:
        meta.agency = meta.agency or agency
        return
    if is_furniture(line) or is_section_label(line):
        return
    # A date alone on a line ("Dec. 7, 2021 10:02 AM EST") before the story is its publication time.
    if meta.published is None and looks_like_date(line) and (when := parse_published(line)) is not None:
        meta.published = when
        return
    # The headline is the first line that looks like one; captions and repeats of it are dropped.
    if meta.title is None and len(line.split()) >= 3:
        meta.title = line


def _read_footer_line(line: str, meta: PageMetadata) -> None:
    r = rules()
    if match := r.agency_line.match(line):
        meta.agency = meta.agency or r.agency_names[match.group(1)]
        return
    if (match := _CREDIT_AGENCY.match(line)) and (agency := agency_of(match.group(1))):
        meta.agency = meta.agency or agency
        return
    read_dated_line(line, meta)


def strip_agency(line: str, meta: PageMetadata, first: bool) -> str:
    """Record an agency credit closing a paragraph ("... he said. (PTI)") or opening the story
    ("WASHINGTON (Reuters) -", which stays: it is the story's dateline). Returns the paragraph."""
    r = rules()
    if first and (match := r.agency_dateline.match(line)):
        meta.agency = meta.agency or r.agency_names[match.group(1)]
    if match := r.agency_tail.search(line):
        name = next(g for g in match.groups() if g)
        meta.agency = meta.agency or r.agency_names[name]
        line = line[: match.start()].rstrip()
    return line


def _is_story(line: str) -> bool:
    r = rules()
    story = r.agency_tail.sub("", line)
    return is_body_paragraph(story) and not is_furniture(line)


def clean_body(paragraphs: list[str], meta: PageMetadata) -> list[str]:
    """The story paragraphs of a body, furniture dropped and its metadata kept."""
    r = rules()
    body: list[str] = []
    for line in paragraphs:
        if (match := _CREDIT_AGENCY.match(line)) and (agency := agency_of(match.group(1))):
            meta.agency = meta.agency or agency
            continue
        if is_furniture(line) or read_dated_line(line, meta) or is_section_label(line):
            continue
        if not body and r.byline.match(line) and len(line.split()) <= 12 and not SENTENCE_END.search(line):
            meta.set_byline(line)
            continue
        if match := r.agency_line.match(line):
            meta.agency = meta.agency or r.agency_names[match.group(1)]
            continue
        line = strip_agency(line, meta, first=not body)
        if line:
            body.append(line)
    return body


def strip_furniture(raw: str, source: str | None = None) -> Article:
    """The article inside a scraped plain-text page."""
    lines = [normalize_line(line) for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    meta = PageMetadata()
    first = next((i for i, line in enumerate(lines) if _is_story(line)), None)
    if first is None:  # no paragraph looks like story: keep every line that is not furniture
        first = 0
    last = max((i for i, line in enumerate(lines) if i >= first and _is_story(line)), default=len(lines) - 1)
    for line in lines[:first]:
        _read_header_line(line, meta)
    for line in lines[last + 1 :]:
        _read_footer_line(line, meta)
    body = clean_body(lines[first : last + 1], meta)
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
