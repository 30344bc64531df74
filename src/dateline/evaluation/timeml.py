"""TimeML reading and TempEval-3 TIMEX3 scoring (pure functions; `dateline eval timeml` drives them).

Scores follow the TempEval-3 scorer: spans are matched relaxed (any overlap) and strict (same start
and end); type and value accuracy are counted over relaxed matches as exact strings; value F1 is
value accuracy times relaxed F1 (type F1 likewise).
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>", re.S)
_ATTR = re.compile(r'([A-Za-z_:]+)\s*=\s*"([^"]*)"')


@dataclass(frozen=True)
class GoldTime:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimeMLDocument:
    name: str
    text: str
    dct: datetime | None
    times: list[GoldTime] = field(default_factory=list)


def _attrs(raw: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in _ATTR.findall(raw)}


def _parse_dct(value: str) -> datetime | None:
    m = re.match(r"(\d{4})-?(\d\d)-?(\d\d)(?:T(\d\d):(\d\d))?", value)
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    h, mi = int(m.group(4) or 0), int(m.group(5) or 0)
    try:
        return datetime(y, mo, d, h, mi)
    except ValueError:
        return None


def strip_tags(marked: str) -> tuple[str, list[GoldTime]]:
    """Plain text of a TimeML fragment and its TIMEX3s as character offsets into that text."""
    out: list[str] = []
    length = 0
    times: list[GoldTime] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0
    for m in _TAG.finditer(marked):
        piece = html.unescape(marked[pos : m.start()])
        out.append(piece)
        length += len(piece)
        pos = m.end()
        closing, name, raw, selfclosing = m.group(1), m.group(2), m.group(3), m.group(4)
        if name != "TIMEX3":
            continue
        if closing:
            if open_timex is not None:
                start, attrs = open_timex
                text = "".join(out)[start:length]
                times.append(GoldTime(start, length, text, attrs.get("type", ""), attrs.get("value", "")))
                open_timex = None
        elif not selfclosing:
            open_timex = (length, _attrs(raw))
    out.append(html.unescape(marked[pos:]))
    return "".join(out), times


def parse_timeml(source: str, name: str = "") -> TimeMLDocument:
    """A TimeML document: the text inside <TEXT> (tags stripped), its DCT, and its gold TIMEX3s."""
    dct = None
    dct_block = re.search(r"<DCT>(.*?)</DCT>", source, re.S)
    if dct_block:
        timex = re.search(r"<TIMEX3([^>]*)>", dct_block.group(1))
        if timex:
            dct = _parse_dct(_attrs(timex.group(1)).get("value", ""))
    body = re.search(r"<TEXT>(.*?)</TEXT>", source, re.S)
    text, times = strip_tags(body.group(1) if body else "")
    return TimeMLDocument(name=name, text=text, dct=dct, times=times)


def read_corpus(root: Path) -> Iterator[tuple[str, TimeMLDocument]]:
    """(sub-corpus, document) for every *.tml under `root`; the sub-corpus is the first folder below it."""
    for path in sorted(root.rglob("*.tml")):
        rel = path.relative_to(root)
        group = rel.parts[0] if len(rel.parts) > 1 else "."
        yield group, parse_timeml(path.read_text("utf-8", errors="replace"), name=str(rel))


@dataclass(frozen=True)
class SystemTime:
    start: int
    end: int
    type: str
    value: str


@dataclass
class Counts:
    """Tallies for one document or a sum of them."""

    gold: int = 0
    system: int = 0
    relaxed: int = 0  # matched pairs with any overlap
    strict: int = 0  # matched pairs with the same extent
    type_ok: int = 0
    value_ok: int = 0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.system += other.system
        self.relaxed += other.relaxed
        self.strict += other.strict
        self.type_ok += other.type_ok
        self.value_ok += other.value_ok


@dataclass(frozen=True)
class Mismatch:
    kind: str  # missed | spurious | value | type
    text: str
    gold: str
    system: str
    context: str


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match(gold: list[GoldTime], system: list[SystemTime], text: str = "") -> tuple[Counts, list[Mismatch]]:
    """Pair each gold TIMEX3 with at most one overlapping system one (the first, by largest overlap)."""
    counts = Counts(gold=len(gold), system=len(system))
    problems: list[Mismatch] = []
    used: set[int] = set()

    def ctx(s: int, e: int) -> str:
        return text[max(0, s - 60) : e + 40].replace("\n", " ")

    for g in gold:
        best, best_overlap = None, 0
        for i, s in enumerate(system):
            if i in used or not _overlap((g.start, g.end), (s.start, s.end)):
                continue
            size = min(g.end, s.end) - max(g.start, s.start)
            if size > best_overlap:
                best, best_overlap = i, size
        if best is None:
            problems.append(Mismatch("missed", g.text, f"{g.type} {g.value}", "", ctx(g.start, g.end)))
            continue
        used.add(best)
        s = system[best]
        counts.relaxed += 1
        counts.strict += int(s.start == g.start and s.end == g.end)
        counts.type_ok += int(s.type == g.type)
        counts.value_ok += int(s.value == g.value)
        if s.value != g.value or s.type != g.type:
            kind = "value" if s.value != g.value else "type"
            problems.append(
                Mismatch(
                    kind,
                    f"{g.text} / {text[s.start : s.end]}",
                    f"{g.type} {g.value}",
                    f"{s.type} {s.value}",
                    ctx(g.start, g.end),
                )
            )
    for i, s in enumerate(system):
        if i not in used:
            problems.append(
                Mismatch("spurious", text[s.start : s.end], "", f"{s.type} {s.value}", ctx(s.start, s.end))
            )
    return counts, problems


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def scores(c: Counts) -> dict[str, float]:
    """TempEval-3 TIMEX3 numbers (percent)."""
    sp = c.strict / c.system if c.system else 0.0
    sr = c.strict / c.gold if c.gold else 0.0
    rp = c.relaxed / c.system if c.system else 0.0
    rr = c.relaxed / c.gold if c.gold else 0.0
    rf = _f1(rp, rr)
    type_acc = c.type_ok / c.relaxed if c.relaxed else 0.0
    value_acc = c.value_ok / c.relaxed if c.relaxed else 0.0
    return {
        "strict_p": 100 * sp,
        "strict_r": 100 * sr,
        "strict_f1": 100 * _f1(sp, sr),
        "relaxed_p": 100 * rp,
        "relaxed_r": 100 * rr,
        "relaxed_f1": 100 * rf,
        "type_acc": 100 * type_acc,
        "value_acc": 100 * value_acc,
        "type_f1": 100 * type_acc * rf,
        "value_f1": 100 * value_acc * rf,
    }


def format_scores(name: str, c: Counts) -> str:
    s = scores(c)
    return (
        f"{name:<10} gold={c.gold:<5} system={c.system:<5} "
        f"strict P/R/F1 {s['strict_p']:5.1f} {s['strict_r']:5.1f} {s['strict_f1']:5.1f} | "
        f"relaxed P/R/F1 {s['relaxed_p']:5.1f} {s['relaxed_r']:5.1f} {s['relaxed_f1']:5.1f} | "
        f"type acc {s['type_acc']:5.1f} F1 {s['type_f1']:5.1f} | value acc {s['value_acc']:5.1f} F1 {s['value_f1']:5.1f}"
    )


def to_system(times: Iterable[object]) -> list[SystemTime]:
    return [SystemTime(t.start, t.end, t.type, t.value) for t in times]  # type: ignore[attr-defined]


def evaluate(root: Path, errors: int = 0) -> tuple[dict[str, Counts], list[Mismatch]]:
    """Read every TimeML file under `root` with the full pipeline; counts per sub-corpus and overall."""
    from ..model import Article
    from ..pipeline import Pipeline

    pipeline = Pipeline()
    docs = list(read_corpus(root))
    articles = [Article(text=d.text, published=d.dct, id=d.name, source=d.name) for _, d in docs]
    per_group: dict[str, Counts] = {}
    total = Counts()
    mismatches: list[Mismatch] = []
    for (group, gold_doc), result in zip(docs, pipeline.read_many(articles), strict=True):
        if isinstance(result, Exception):  # scored as finding nothing, and said so
            print(f"dateline eval: {gold_doc.name} could not be read: {result}", file=sys.stderr)
            system = []
        else:
            system = to_system(result.times)
        counts, problems = match(gold_doc.times, system, gold_doc.text)
        per_group.setdefault(group, Counts()).add(counts)
        total.add(counts)
        if errors:
            mismatches.extend(problems)
    per_group["overall"] = total
    return per_group, mismatches[:errors] if errors else []
