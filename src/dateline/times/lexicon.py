"""The time words Dateline knows, loaded once from data/times/*.yaml (knowledge is data, not code)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..timezones import zone_offsets


def _load(name: str) -> Any:
    return yaml.safe_load(resources.files("dateline").joinpath(f"data/times/{name}").read_text("utf-8"))


def _invert(table: dict[Any, list[str]]) -> dict[str, Any]:
    return {word: key for key, words in table.items() for word in words}


@dataclass(frozen=True)
class Unit:
    code: str  # the TIMEX3 duration letter: Y M W D H S, or WE for weekends, Q for quarters
    time: bool = False  # goes after the "T" in a duration (hours, minutes, seconds)
    factor: int = 1  # how many of `code` one unit is (a decade is 10 Y)


@dataclass(frozen=True)
class Holiday:
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    n: int | None = None
    after_day: int | None = None
    easter: int | None = None


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    clock_words: dict[str, str]
    units: dict[str, Unit]
    cardinals: dict[str, float]
    vague: tuple[str, ...]
    ordinals: dict[str, int]
    holidays: dict[str, Holiday]
    direction: dict[str, int]
    position: dict[str, str]
    approximation: dict[str, str]
    references: dict[str, str]
    sets: dict[str, str]
    zones: tuple[str, ...]


@cache
def lexicon() -> Lexicon:
    """Every time word, read from the data files on first use and kept for the life of the process."""
    calendar = _load("calendar.yaml")
    numbers = _load("numbers.yaml")
    modifiers = _load("modifiers.yaml")
    holidays = _load("holidays.yaml")
    return Lexicon(
        months=_invert(calendar["months"]),
        weekdays=_invert(calendar["weekdays"]),
        seasons=_invert(calendar["seasons"]),
        parts_of_day=_invert(calendar["parts_of_day"]),
        clock_words=dict(calendar["clock_words"]),
        units={name: Unit(**spec) for name, spec in calendar["units"].items()},
        cardinals={str(k): float(v) for k, v in numbers["cardinals"].items()},
        vague=tuple(numbers["vague"]),
        ordinals=dict(numbers["ordinals"]),
        holidays={name: Holiday(**spec) for name, spec in holidays.items()},
        direction=dict(modifiers["direction"]),
        position=dict(modifiers["position"]),
        approximation=dict(modifiers["approximation"]),
        references=dict(modifiers["references"]),
        sets=dict(modifiers["sets"]),
        zones=tuple(zone_offsets()),
    )
