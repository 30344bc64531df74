#!/usr/bin/env python3
"""The corpus stage on eval/corpus (44 articles, 7 stories, wire copies): near-duplicates, stories
and merged events against eval/corpus/truth.yaml.

usage: .venv/bin/python eval/stories.py [--pg URL] [--db FILE]

Reads the corpus into a temporary SQLite store (or `--db FILE`, kept), and also into PostgreSQL
when `--pg URL` is given or DATELINE_TEST_PG is set (a fresh schema, dropped afterwards). Prints
numbers; always exits 0.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import combinations
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
import yaml

CORPUS = Path(__file__).resolve().parent / "corpus"


# -- clustering scores ------------------------------------------------------------------------------


def _pairs(n: int) -> float:
    return n * (n - 1) / 2


def adjusted_rand_index(truth: Sequence[str], found: Sequence[Any]) -> float:
    """Hubert and Arabie's adjusted Rand index of two labellings of the same items."""
    n = len(truth)
    cells = Counter(zip(truth, found, strict=True))
    index = sum(_pairs(c) for c in cells.values())
    rows = sum(_pairs(c) for c in Counter(truth).values())
    cols = sum(_pairs(c) for c in Counter(found).values())
    expected = rows * cols / _pairs(n) if n > 1 else 0.0
    best = (rows + cols) / 2
    if best == expected:  # both labellings trivial (all one group, or all singletons)
        return 1.0
    return (index - expected) / (best - expected)


def _entropy(labels: Sequence[Any]) -> float:
    n = len(labels)
    return -sum(c / n * math.log(c / n) for c in Counter(labels).values())


def _conditional_entropy(a: Sequence[Any], b: Sequence[Any]) -> float:
    """H(a | b)."""
    n = len(a)
    joint = Counter(zip(a, b, strict=True))
    given = Counter(b)
    return -sum(c / n * math.log(c / given[y]) for (_, y), c in joint.items())


def homogeneity_completeness(truth: Sequence[str], found: Sequence[Any]) -> tuple[float, float]:
    """Rosenberg and Hirschberg's V-measure halves: each found story holds one true story
    (homogeneity); each true story lies in one found story (completeness)."""
    ht, hf = _entropy(truth), _entropy(found)
    h = 1.0 if ht == 0 else 1 - _conditional_entropy(truth, found) / ht
    c = 1.0 if hf == 0 else 1 - _conditional_entropy(found, truth) / hf
    return h, c


def pair_scores(truth_pairs: set[frozenset[str]], found_pairs: set[frozenset[str]]) -> tuple[float, float]:
    hit = len(truth_pairs & found_pairs)
    precision = hit / len(found_pairs) if found_pairs else 1.0
    recall = hit / len(truth_pairs) if truth_pairs else 1.0
    return precision, recall


def _same_group_pairs(groups: dict[Any, list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for members in groups.values() for p in combinations(members, 2)}


# -- the evaluation ---------------------------------------------------------------------------------


def load_truth(corpus: Path = CORPUS) -> dict[str, Any]:
    with open(corpus / "truth.yaml", encoding="utf-8") as f:
        truth: dict[str, Any] = yaml.safe_load(f)
    return truth


def _key(record_id: str | None, source: str) -> str:
    """The truth key of a stored article: its JSON Lines id, else its file name without suffix."""
    return record_id or Path(source).stem


def _dates_agree(expected: str, found: str | None) -> bool:
    return found is not None and (found.startswith(expected) or expected.startswith(found))


def evaluate(db: str, corpus: Path = CORPUS, pipeline: Any = None) -> dict[str, Any]:
    """Ingest `corpus` into the store at `db` and score it against truth.yaml."""
    from dateline.store import Store

    truth = load_truth(corpus)
    gold = truth["articles"]
    with Store(db) as store:
        summary = store.ingest([str(corpus)], pipeline=pipeline)
        store.corpus(force=True)
        with store.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT id, record_id, source, canonical_of, story_id, title FROM articles")
            ).all()
        events = store.events()

    key_of = {r.id: _key(r.record_id, r.source) for r in rows}
    keys = sorted(key_of[r.id] for r in rows if key_of[r.id] in gold)
    unknown = sorted(k for k in key_of.values() if k not in gold)
    missing = sorted(set(gold) - set(key_of.values()))
    by_key = {key_of[r.id]: r for r in rows}

    # Near-duplicates: pairs of articles in one wire-copy group.
    found_dup: dict[Any, list[str]] = defaultdict(list)
    true_dup: dict[Any, list[str]] = defaultdict(list)
    for k in keys:
        r = by_key[k]
        found_dup[r.canonical_of or r.id].append(k)
        if gold[k].get("wire"):
            true_dup[gold[k]["wire"]].append(k)
    dup_p, dup_r = pair_scores(_same_group_pairs(true_dup), _same_group_pairs(found_dup))

    # Stories.
    true_labels = [gold[k]["story"] for k in keys]
    found_labels = [by_key[k].story_id for k in keys]
    found_groups: dict[Any, list[str]] = defaultdict(list)
    true_groups: dict[Any, list[str]] = defaultdict(list)
    for k, t, f in zip(keys, true_labels, found_labels, strict=True):
        found_groups[f].append(k)
        true_groups[t].append(k)
    story_p, story_r = pair_scores(_same_group_pairs(true_groups), _same_group_pairs(found_groups))
    homogeneity, completeness = homogeneity_completeness(true_labels, found_labels)

    # Events: each expected event found as one merged event with >= 2 mentions and its final status.
    titles = {r.id: key_of[r.id] for r in rows}
    expected_rows = []
    for want in truth.get("events", []):
        names = set(want["actors"])
        candidates = [
            e
            for e in events
            if set(e["actor_names"]) | set(e["recipient_names"]) == names
            and e["type"] == want["type"]
            and (e["date"] is None or _dates_agree(want["date"], e["date"]))
        ]
        best = max(candidates, key=lambda e: e["mentions"], default=None)
        history = [h["status"] for h in best["status_history"]] if best else []
        ok = bool(best and best["mentions"] >= 2 and best["status"] == want["status"])
        expected_rows.append(
            {
                "story": want["story"],
                "type": want["type"],
                "actors": want["actors"],
                "date": want["date"],
                "found": ok,
                "events": len(candidates),  # > 1: the event was split
                "mentions": best["mentions"] if best else 0,
                "status": best["status"] if best else None,
                "date_found": best["date"] if best else None,
                "history": history,
            }
        )
    upgrades = []
    for e in events:
        history = [h["status"] for h in e["status_history"]]
        if "planned" in history and history[-1] == "occurred":
            upgrades.append(
                {
                    "type": e["type"],
                    "actors": e["actor_names"] + e["recipient_names"],
                    "date": e["date"],
                    "mentions": e["mentions"],
                    "history": [
                        f"{h['status']}@{titles.get(h['article'], h['article'])}" for h in e["status_history"]
                    ],
                }
            )
    upgrades.sort(key=lambda u: str(u["date"]))

    return {
        "articles": len(rows),
        "read": summary.read,
        "failed": summary.failed,
        "unknown": unknown,
        "missing": missing,
        "true_stories": len(true_groups),
        "found_stories": len(found_groups),
        "found_multi": sum(1 for g in found_groups.values() if len(g) > 1),
        "ari": adjusted_rand_index(true_labels, found_labels),
        "homogeneity": homogeneity,
        "completeness": completeness,
        "story_pair_precision": story_p,
        "story_pair_recall": story_r,
        "true_wire_groups": len(true_dup),
        "found_dup_groups": sum(1 for g in found_dup.values() if len(g) > 1),
        "dup_precision": dup_p,
        "dup_recall": dup_r,
        "events": len(events),
        "events_multi": sum(1 for e in events if e["mentions"] >= 2),
        "expected_events": expected_rows,
        "expected_found": sum(1 for x in expected_rows if x["found"]),
        "upgrades": upgrades,
        "story_groups": {str(f): sorted(g) for f, g in found_groups.items()},
    }


def format_report(name: str, r: dict[str, Any], groups: bool = False) -> str:
    out = [f"== {name}"]
    out.append(f"articles           {r['articles']} stored of {r['read']} read ({r['failed']} failed)")
    if r["unknown"] or r["missing"]:
        out.append(f"  not in truth: {r['unknown']}; not stored: {r['missing']}")
    out.append(
        f"near-duplicates    {r['found_dup_groups']} groups found / {r['true_wire_groups']} true; "
        f"pair precision {r['dup_precision']:.2f} recall {r['dup_recall']:.2f}"
    )
    out.append(
        f"stories            {r['found_stories']} found ({r['found_multi']} with 2+ articles) / "
        f"{r['true_stories']} true; ARI {r['ari']:.3f}; homogeneity {r['homogeneity']:.2f} "
        f"completeness {r['completeness']:.2f}; pair precision {r['story_pair_precision']:.2f} "
        f"recall {r['story_pair_recall']:.2f}"
    )
    out.append(
        f"events             {r['events']} merged events, {r['events_multi']} with 2+ mentions; "
        f"expected events found {r['expected_found']}/{len(r['expected_events'])}"
    )
    for x in r["expected_events"]:
        mark = "ok  " if x["found"] else "MISS"
        out.append(
            f"  {mark} {x['story']:<8} {x['type']} {' + '.join(x['actors'])} {x['date']}: "
            f"{x['events']} event(s), best {x['mentions']} mentions, {x['status']} "
            f"({' -> '.join(x['history']) or '-'}) date {x['date_found']}"
        )
    out.append(f"planned -> occurred upgrades observed: {len(r['upgrades'])}")
    for u in r["upgrades"]:
        out.append(
            f"  {u['type']} {' + '.join(u['actors'])} {u['date']} ({u['mentions']} mentions): "
            + " -> ".join(u["history"])
        )
    if groups:
        for members in sorted(r["story_groups"].values(), key=lambda g: (-len(g), g)):
            out.append(f"  story: {', '.join(members)}")
    return "\n".join(out)


@contextmanager
def pg_schema(base: str) -> Iterator[str]:
    """A store URL on a fresh PostgreSQL schema, dropped afterwards."""
    import psycopg

    name = f"dl_eval_{uuid.uuid4().hex[:12]}"
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={name}')}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--db", help="SQLite file to keep (default: a temporary one)")
    parser.add_argument("--pg", default=os.environ.get("DATELINE_TEST_PG"), help="also run on PostgreSQL")
    parser.add_argument("--groups", action="store_true", help="list the stories found")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    from dateline.pipeline import Pipeline

    pipeline = Pipeline()  # loaded once for both engines
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = args.db or str(Path(tmp) / "eval.db")
            print(format_report(f"SQLite ({corpus})", evaluate(db, corpus, pipeline), args.groups))
        if args.pg:
            with pg_schema(args.pg) as url:
                print(format_report("PostgreSQL", evaluate(url, corpus, pipeline), args.groups))
    except Exception as exc:  # an evaluation prints what it can; it never fails a pipeline
        print(f"evaluation stopped: {type(exc).__name__}: {exc}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
