"""The typed records of the knowledge base: a `KnownEntity` and the `Office`s it holds between dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Office:
    """A role held between dates, e.g. "President of the United States" from 2021-01-20 to 2025-01-20."""

    title: str  # "President of the United States"
    country: str | None  # ISO alpha-3, e.g. "USA"; None for international bodies
    org: str | None  # kb_id of the organisation for an office of one (e.g. "org:un" for UN Secretary-General)
    start: date
    end: date | None  # None = still holds it (as of the data's date); the end day belongs to the successor
    aliases: tuple[str, ...]  # descriptions that point at the office: "President", "US President", "PM", ...
    key: str = ""  # the office's id in offices.yaml ("usa.president"); holders of one office share it
    role: str | None = (
        None  # what makes offices of two countries counterparts: "head-of-state", "foreign-minister"
    )

    def holds_on(self, on: date) -> bool:
        """Whether the role is held on that day: start <= on < end (the successor holds the handover day)."""
        return self.start <= on and (self.end is None or on < self.end)


@dataclass(frozen=True)
class KnownEntity:
    """A person, organisation, country, place, product, law or group the knowledge base knows by name."""

    kb_id: str  # stable id: "person:joe-biden", "org:white-house", "country:USA", "product:s-400", ...
    name: str  # canonical name: "Joe Biden", "White House", "United States", ...
    type: str  # PERSON ORG COUNTRY PLACE PRODUCT LAW GROUP
    aliases: tuple[str, ...] = ()  # surface forms that name it (the name itself included)
    adjectives: tuple[str, ...] = ()  # countries: "American", "US", "U.S."
    country: str | None = None  # ISO alpha-3 of a person's/org's/place's/product's country
    code: str | None = None  # ISO alpha-3 for countries; a CAMEO-like actor code for others, optional
    offices: tuple[Office, ...] = ()
    lat: float | None = None
    lon: float | None = None
    source: str = ""  # where the facts came from
    surnames: tuple[str, ...] = ()  # aliases that are a person's surname alone ("Biden"); also in `aliases`
    note: str | None = None  # a caveat for users of the entry (ambiguous alias, uncertain date)
    capital: str | None = None  # a country's capital city ("Washington"), which may stand for its government
