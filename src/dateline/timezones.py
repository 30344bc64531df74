"""Time-zone abbreviations in news text ("8:45 IST", "10 a.m. EDT") as fixed UTC offsets (data/timezones.yaml)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def _data() -> dict[str, Any]:
    return dict(
        yaml.safe_load(resources.files("dateline").joinpath("data/timezones.yaml").read_text("utf-8"))
    )


@cache
def zone_offsets() -> dict[str, timezone]:
    return {
        name: timezone(timedelta(hours=float(hours)))
        for name, hours in _data().items()
        if isinstance(hours, int | float)
    }


def zone(abbreviation: str) -> timezone | None:
    """The fixed offset of a zone abbreviation, or None when it is not one we know."""
    return zone_offsets().get(abbreviation.upper().replace(".", ""))


def seasonal_offset(abbreviation: str, when: datetime) -> timezone | None:
    """The offset a daylight-saving zone name ("ET", "PT") had at the wall-clock time `when`, or None
    when the name is not one of those (or the tz database is missing)."""
    name = _data().get("seasonal", {}).get(abbreviation.upper().replace(".", ""))
    if not name:
        return None
    try:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    except ImportError:  # pragma: no cover - Python 3.11 always has it
        return None
    try:
        offset = when.replace(tzinfo=ZoneInfo(name)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return timezone(offset) if offset is not None else None
