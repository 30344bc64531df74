"""Reading knowledge files (YAML) into `KnownEntity` records.

A file is a mapping with an optional default `source`, optional `offices` (office definitions by key) and
`entities` (a list); a bare list of entities is accepted too. docs/knowledge.md describes the format.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from dateline.errors import KnowledgeFileError
from dateline.knowledge.model import KnownEntity, Office

TYPES = frozenset({"PERSON", "ORG", "COUNTRY", "PLACE", "PRODUCT", "LAW", "GROUP"})
ENTITY_FIELDS = frozenset(
    {"id", "name", "type", "aliases", "surnames", "adjectives", "country", "code", "capital", "lat", "lon",
     "offices", "source", "note"}
)  # fmt: skip
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class OfficeDef:
    """An office as defined once in offices.yaml; each holder's `Office` carries its dates."""

    key: str
    title: str
    country: str | None
    org: str | None
    aliases: tuple[str, ...]
    concurrent: bool = False  # several people hold it at once (ministry spokespersons): no single holder
    source: str = ""
    role: str | None = (
        None  # "head-of-state", "head-of-government", "foreign-minister", "defence-minister", ...
    )


@dataclass(frozen=True)
class Term:
    """One holder's term of an office, from an office's `holders:` succession list."""

    office: str  # office key
    person: str  # kb_id of the person
    start: date
    end: date | None
    note: str | None = None
    name: str | None = None  # the holder as written, when given by name rather than by kb_id


@dataclass
class ParsedFile:
    offices: dict[str, OfficeDef]
    entities: list[dict[str, Any]]  # raw entries, resolved against all office definitions later
    source: str
    path: str
    terms: list[Term] = field(default_factory=list)


def read_file(path: Path | str, text: str | None = None) -> ParsedFile:
    """Parse one knowledge file; `text` is its content when already read (package resources)."""
    name = str(path)
    try:
        raw = yaml.load(text if text is not None else Path(path).read_text("utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeFileError(name, f"cannot read the file ({exc})") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeFileError(name, f"not valid YAML ({exc})") from exc
    if raw is None:
        raw = {}
    if isinstance(raw, list):
        raw = {"entities": raw}
    if not isinstance(raw, dict):
        raise KnowledgeFileError(name, "expected a mapping with `entities:` (or a list of entities)")
    default_source = str(raw.get("source") or f"actor file {Path(name).name}")
    offices: dict[str, OfficeDef] = {}
    terms: list[Term] = []
    for key, spec in (raw.get("offices") or {}).items():
        if not isinstance(spec, dict) or "title" not in spec:
            raise KnowledgeFileError(name, f"office {key!r} needs at least a `title`")
        offices[str(key)] = OfficeDef(
            key=str(key),
            title=str(spec["title"]),
            country=_opt_str(spec.get("country")),
            org=_opt_str(spec.get("org")),
            aliases=_strings(spec.get("aliases")),
            concurrent=bool(spec.get("concurrent", False)),
            source=str(spec.get("source") or default_source),
            role=_opt_str(spec.get("role")),
        )
        for term in spec.get("holders") or ():
            terms.append(_term(str(key), term, name))
    entities = raw.get("entities") or []
    if not isinstance(entities, list):
        raise KnowledgeFileError(name, "`entities` must be a list")
    for i, entry in enumerate(entities):
        if not isinstance(entry, dict) or not entry.get("name"):
            raise KnowledgeFileError(name, f"entity #{i + 1} needs at least a `name`")
        unknown = sorted(str(k) for k in entry if k not in ENTITY_FIELDS)
        if unknown:  # often an unquoted comma in a flow mapping: {name: Foreign, Commonwealth ...}
            raise KnowledgeFileError(
                name, f"entity {entry['name']!r} has unknown fields {unknown} (quote names that hold a comma)"
            )
        entry.setdefault("source", default_source)
    return ParsedFile(offices=offices, entities=entities, source=default_source, path=name, terms=terms)


def person_id(ref: str) -> str:
    """The kb_id a holder is listed by: an id as it stands ("person:joe-biden"), a name slugged."""
    return ref if ":" in ref else f"person:{slug(ref)}"


def _term(key: str, term: Any, path: str) -> Term:
    """A `[person, start, end]` (optionally `, note`) row of an office's `holders:` list."""
    if isinstance(term, dict):
        row = [term.get("person"), term.get("start"), term.get("end"), term.get("note")]
    elif isinstance(term, list) and 2 <= len(term) <= 4:
        row = [*term, None, None][:4]
    else:
        raise KnowledgeFileError(path, f"office {key}: a holder is `[person, start, end]`, not {term!r}")
    if not row[0]:
        raise KnowledgeFileError(path, f"office {key}: a holder without a person: {term!r}")
    start = _date(row[1], path, str(row[0]))
    if start is None:
        raise KnowledgeFileError(path, f"office {key}: {row[0]} needs a start date")
    ref = str(row[0])
    end = _date(row[2], path, ref)
    return Term(key, person_id(ref), start, end, _opt_str(row[3]), name=None if ":" in ref else ref)


_LETTERS = str.maketrans({"ı": "i", "ø": "o", "ß": "ss", "ł": "l", "æ": "ae", "đ": "d", "ð": "d", "þ": "th"})


def slug(text: str) -> str:
    """An ASCII id part: "Recep Tayyip Erdoğan" -> "recep-tayyip-erdogan"."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(_LETTERS))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def build_entity(entry: dict[str, Any], offices: dict[str, OfficeDef], path: str) -> KnownEntity:
    """One raw entry as a `KnownEntity`; office references resolve against `offices`."""
    name = str(entry["name"])
    type_ = str(entry.get("type") or "PERSON").upper()
    if type_ not in TYPES:
        raise KnowledgeFileError(path, f"{name}: unknown type {type_!r} (one of {', '.join(sorted(TYPES))})")
    kb_id = str(entry.get("id") or f"{type_.lower()}:{slug(name)}")
    surnames = _strings(entry.get("surnames"))
    aliases = _unique((name, *_strings(entry.get("aliases")), *surnames))
    held = tuple(_office(o, offices, path, name) for o in entry.get("offices") or ())
    return KnownEntity(
        kb_id=kb_id,
        name=name,
        type=type_,
        aliases=aliases,
        adjectives=_strings(entry.get("adjectives")),
        country=_opt_str(entry.get("country")),
        code=_opt_str(entry.get("code")),
        offices=held,
        lat=_opt_float(entry.get("lat")),
        lon=_opt_float(entry.get("lon")),
        source=str(entry.get("source") or ""),
        surnames=surnames,
        note=_opt_str(entry.get("note")),
        capital=_opt_str(entry.get("capital")),
    )


def _office(spec: Any, offices: dict[str, OfficeDef], path: str, who: str) -> Office:
    if not isinstance(spec, dict):
        raise KnowledgeFileError(path, f"{who}: each office must be a mapping with `office` or `title`")
    key = spec.get("office")
    if key is not None:
        if str(key) not in offices:
            raise KnowledgeFileError(path, f"{who}: unknown office {key!r} (define it under `offices:`)")
        base = offices[str(key)]
    elif spec.get("title"):
        title = str(spec["title"])
        country = _opt_str(spec.get("country"))
        base = OfficeDef(
            key=f"{(country or spec.get('org') or 'intl')}.{slug(title)}".lower(),
            title=title,
            country=country,
            org=_opt_str(spec.get("org")),
            aliases=(),
            role=_opt_str(spec.get("role")),
        )
    else:
        raise KnowledgeFileError(path, f"{who}: an office needs `office: KEY` or `title:`")
    start = _date(spec.get("start"), path, who)
    if start is None:
        raise KnowledgeFileError(path, f"{who}: office {base.title!r} needs a `start` date (YYYY-MM-DD)")
    return Office(
        title=base.title,
        country=base.country,
        org=base.org,
        start=start,
        end=_date(spec.get("end"), path, who),
        aliases=_unique((*base.aliases, *_strings(spec.get("aliases")))),
        key=base.key,
        role=base.role,
    )


def _date(value: Any, path: str, who: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise KnowledgeFileError(path, f"{who}: {value!r} is not a date (write YYYY-MM-DD)") from exc


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _unique(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _opt_str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _opt_float(value: Any) -> float | None:
    return None if value is None or value == "" else float(value)
