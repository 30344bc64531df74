"""Time-zone abbreviations in news text ("8:45 IST", "10 a.m. EDT") as fixed UTC offsets (data/timezones.yaml)."""

from __future__ import annotations

from datetime import timedelta, timezone
from functools import cache
from importlib import resources

import yaml


@cache
def zone_offsets() -> dict[str, timezone]:
    raw = yaml.safe_load(resources.files("dateline").joinpath("data/timezones.yaml").read_text("utf-8"))
    return {name: timezone(timedelta(hours=float(hours))) for name, hours in raw.items()}


def zone(abbreviation: str) -> timezone | None:
    """The fixed offset of a zone abbreviation, or None when it is not one we know."""
    return zone_offsets().get(abbreviation.upper().replace(".", ""))
