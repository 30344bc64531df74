"""Geometry for the pictures the pages draw as SVG on the server: the event timeline, events by month
and who an actor deals with. Pure functions: data in, coordinates out; templates draw them."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ..store.views import date_range

STATUSES = ("occurred", "ongoing", "planned", "hypothetical", "negated")


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Marker:
    id: int
    x: float
    y: float
    status: str
    dated: bool  # False: placed at the first report, the text gave no date
    label: str
    x1: float | None = None  # a date coarser than a week: the range it covers, on the axis
    x2: float | None = None


@dataclass
class Lane:
    name: str
    y: float


@dataclass
class Timeline:
    width: int
    height: int
    left: int
    right: int
    lanes: list[Lane] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)


def _ticks(start: datetime, end: datetime, left: float, span: float) -> list[Tick]:
    days = (end - start).days
    out: list[Tick] = []

    def x(at: datetime) -> float:
        return left + span * (at - start).total_seconds() / max((end - start).total_seconds(), 1)

    if days <= 31:
        step = 1 if days <= 10 else 2 if days <= 20 else 4
        day = datetime(start.year, start.month, start.day)
        while day <= end:
            if day >= start:
                out.append(Tick(x(day), day.strftime("%-d %b")))
            day += timedelta(days=step)
    elif days <= 3 * 366:
        step = 1 if days <= 200 else 3 if days <= 550 else 6
        month = datetime(start.year, start.month, 1)
        while month <= end:
            if month >= start and (month.month - 1) % step == 0:
                out.append(Tick(x(month), month.strftime("%b %Y")))
            month = datetime(month.year + month.month // 12, month.month % 12 + 1, 1)
    else:
        step = max(1, days // 366 // 10)
        year = datetime(start.year, 1, 1)
        while year <= end:
            if year >= start and year.year % step == 0:
                out.append(Tick(x(year), str(year.year)))
            year = datetime(year.year + 1, 1, 1)
    return out


def timeline(events: list[dict[str, Any]], width: int = 960, lane_height: int = 44) -> Timeline:
    """Events on a time axis, one lane per event type; events on the same day in one lane stack.
    The axis spans the events dated to a day or a week (and those placed at their first report); an
    event dated only to a month or a year is drawn as a line across its range, clipped to the axis."""
    left, right = 120, 24
    placed = []
    for event in events:
        first = datetime.fromisoformat(event["first_seen"]).replace(tzinfo=None)
        rng = date_range(event.get("date"))
        if rng is None:
            placed.append((event, first, first, False))
        else:
            placed.append((event, rng[0], rng[1], True))
    types = sorted({e["type"] for e, _, _, _ in placed})
    chart = Timeline(width=width, height=48 + lane_height * max(len(types), 1), left=left, right=right)
    if not placed:
        return chart
    fine = [(s, e) for _, s, e, dated in placed if not dated or e - s <= timedelta(days=8)]
    if not fine:
        fine = [(s, e) for _, s, e, _ in placed]
    start = min(s for s, _ in fine)
    end = max(e if e - s <= timedelta(days=8) else s for s, e in fine)
    pad = max((end - start) * 0.04, timedelta(hours=12))
    start, end = start - pad, end + pad
    span = width - left - right
    total = (end - start).total_seconds()

    def x_of(at: datetime) -> float:
        at = min(max(at, start), end)
        return round(left + span * (at - start).total_seconds() / total, 1)

    lane_y = {name: 24 + lane_height * i + lane_height / 2 for i, name in enumerate(types)}
    chart.lanes = [Lane(name, y) for name, y in lane_y.items()]
    chart.ticks = _ticks(start, end, left, span)
    stacked: dict[tuple[str, int], int] = defaultdict(int)
    for event, s, e, dated in placed:
        coarse = dated and e - s > timedelta(days=8)
        x = x_of(s + (e - s) / 2) if coarse else x_of(s)
        slot = (event["type"], round(x / 9))
        n = stacked[slot]
        stacked[slot] += 1
        dy = (0, -11, 11, -5, 5)[n % 5]
        who = ", ".join(n for n in event.get("actor_names") or [] if n) or "someone"
        to = ", ".join(n for n in event.get("recipient_names") or [] if n)
        when = event.get("date") if dated else f"reported {event['first_seen'][:10]}"
        label = f"{when} · {event['type']} · {event['status']} · {who}{' → ' + to if to else ''}"
        marker = Marker(event["id"], x, lane_y[event["type"]] + dy, event["status"], dated, label)
        if coarse:
            marker.x1, marker.x2 = x_of(s), x_of(e)
        chart.markers.append(marker)
    return chart


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


def month_bars(by_month: dict[str, int], width: int = 480, height: int = 160) -> tuple[list[Bar], int]:
    """Bars for events per month, every month between the first and the last shown (gaps as zero)."""
    if not by_month:
        return [], 0
    months = sorted(by_month)
    first, last = months[0], months[-1]
    y, m = int(first[:4]), int(first[5:7])
    keys: list[str] = []
    while f"{y:04d}-{m:02d}" <= last and len(keys) < 240:
        keys.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    top = max(by_month.values())
    slot = min((width - 40) / len(keys), 56.0)
    bars = []
    for i, key in enumerate(keys):
        value = by_month.get(key, 0)
        h = (height - 40) * value / top
        bars.append(Bar(30 + i * slot + slot * 0.1, height - 20 - h, slot * 0.8, h, key, value))
    return bars, top


@dataclass
class Node:
    id: int
    name: str
    x: float
    y: float
    r: float
    weight: int


def partner_graph(name: str, partners: list[dict[str, Any]], size: int = 360) -> tuple[Node, list[Node]]:
    """The actor in the middle, the entities it shares events with around it; weight = shared events."""
    c = size / 2
    center = Node(0, name, c, c, 26, 0)
    top = max((p["events"] for p in partners), default=1)
    nodes = []
    for i, p in enumerate(partners):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(partners), 1)
        radius = size * 0.36
        nodes.append(
            Node(
                p["id"],
                p["name"],
                round(c + radius * math.cos(angle), 1),
                round(c + radius * math.sin(angle), 1),
                round(7 + 9 * p["events"] / top, 1),
                p["events"],
            )
        )
    return center, nodes
