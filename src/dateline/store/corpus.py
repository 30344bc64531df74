"""The corpus stage: near-duplicate articles collapse onto one canonical article, and articles group
into stories. Both are recomputed from the stored articles (so the result does not depend on the
order articles arrived in) whenever articles were added or revised since the last run.

- Near-duplicates: MinHash LSH (datasketch) over 4-word shingles; two articles whose estimated
  Jaccard similarity is at least NEAR_DUPLICATE are copies; every copy points (canonical_of) at the
  earliest published article of its group.
- Stories: two articles published within the window of each other join one story when they share an
  entity and score at least STORY_SCORE on half entity overlap, half text similarity (TF-IDF cosine,
  title and lead counted twice). The entity overlap reads the lead as what an article is about: the
  IDF-weighted share of each article's lead entities (its first paragraph) that the other article
  mentions anywhere, averaged over the two. Stories are the connected groups (union-find). Copies
  share a story.
  A story's id is the smallest article id in it (the first stored), stable as stories grow.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from datasketch import MinHashLSH

from . import schema as t
from .similarity import NUM_PERM, cosine, from_bytes, minhash, term_vectors

NEAR_DUPLICATE = 0.7
STORY_SCORE = 0.3
LEAD_CHARS = 600  # the lead: the first paragraph, at most this long
MARK = "corpus_mark"


class UnionFind:
    """Groups of ids; each group's root is its member that sorts first by `rank` (earliest)."""

    def __init__(self, rank: dict[int, tuple[datetime, int]]) -> None:
        self.parent = {k: k for k in rank}
        self.rank = rank

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.rank[rb] < self.rank[ra]:
            ra, rb = rb, ra
        self.parent[rb] = ra

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for k in self.parent:
            out[self.find(k)].append(k)
        return out


def _mark(conn: sa.Connection) -> str:
    """Which articles the stage has seen: how many, the newest id, and how many versions were
    replaced (a revision changes an article's text without adding one)."""
    row = conn.execute(sa.select(sa.func.count(), sa.func.max(t.articles.c.id))).one()
    revisions = conn.execute(sa.select(sa.func.count()).select_from(t.article_revisions)).scalar()
    return f"{row[0]}:{row[1]}:{revisions}"


def near_duplicates(conn: sa.Connection, rank: dict[int, tuple[datetime, int]]) -> UnionFind:
    lsh = MinHashLSH(threshold=NEAR_DUPLICATE, num_perm=NUM_PERM)
    signatures: dict[int, Any] = {}
    uf = UnionFind(rank)
    rows = conn.execute(sa.select(t.articles.c.id, t.articles.c.minhash, t.articles.c.text)).all()
    for row in sorted(rows, key=lambda r: rank[r.id]):
        sig = from_bytes(row.minhash) if row.minhash else minhash(row.text)
        matches = sorted(
            (other for other in lsh.query(sig) if signatures[other].jaccard(sig) >= NEAR_DUPLICATE),
            key=lambda other: rank[other],
        )
        if matches:
            uf.union(matches[0], row.id)  # a copy of the earliest original it matches
        else:
            # Only originals go into the index: a hundred wire copies cost a hundred look-ups,
            # not ten thousand comparisons.
            lsh.insert(row.id, sig)
            signatures[row.id] = sig
    return uf


def story_groups(
    conn: sa.Connection, rank: dict[int, tuple[datetime, int]], copies: UnionFind, window: timedelta
) -> UnionFind:
    uf = UnionFind(rank)
    for members in copies.groups().values():
        for m in members[1:]:
            uf.union(members[0], m)
    texts = {
        r.id: (r.title or "", r.text or "")
        for r in conn.execute(sa.select(t.articles.c.id, t.articles.c.title, t.articles.c.text))
    }
    lead_end = {article_id: lead_length(text) for article_id, (_, text) in texts.items()}
    entity_sets: dict[int, set[int]] = defaultdict(set)
    lead_sets: dict[int, set[int]] = defaultdict(set)
    for article_id, entity_id, start in conn.execute(
        sa.select(t.entity_mentions.c.article_id, t.entity_mentions.c.entity_id, t.entity_mentions.c.start)
    ):
        entity_sets[article_id].add(entity_id)
        if start < lead_end.get(article_id, 0):
            lead_sets[article_id].add(entity_id)
    n = max(len(rank), 1)
    by_entity: dict[int, list[int]] = defaultdict(list)
    for article_id, ents in entity_sets.items():
        for e in ents:
            by_entity[e].append(article_id)
    idf = {e: math.log(1 + n / len(arts)) for e, arts in by_entity.items()}
    common = max(50, n // 10)  # an entity in most articles ("India") links nothing by itself
    pairs: set[tuple[int, int]] = set()
    for arts in by_entity.values():
        if len(arts) > common:
            continue
        arts.sort(key=lambda a: rank[a])
        for i, a in enumerate(arts):
            for b in arts[i + 1 :]:
                if rank[b][0] - rank[a][0] > window:
                    break
                pairs.add((a, b))
    if not pairs:
        return uf

    def cover(a: int, b: int) -> float:
        """How much of what `a` is about (its lead's entities, IDF-weighted) `b` mentions."""
        lead = lead_sets.get(a) or entity_sets[a]
        return sum(idf[e] for e in lead & entity_sets[b]) / (sum(idf[e] for e in lead) or 1.0)

    # The title and the lead say what an article is about: they count twice in its text vector.
    vectors = term_vectors(
        (k, f"{title}\n{title}\n{text[: lead_end[k]]}\n{text}") for k, (title, text) in texts.items()
    )
    for a, b in sorted(pairs):
        overlap = (cover(a, b) + cover(b, a)) / 2
        score = 0.5 * overlap + 0.5 * cosine(vectors.get(a, {}), vectors.get(b, {}))
        if score >= STORY_SCORE:
            uf.union(a, b)
    return uf


def lead_length(text: str) -> int:
    """Where the lead (the first paragraph, at most LEAD_CHARS) ends."""
    body = text.lstrip()
    skipped = len(text) - len(body)
    end = body.find("\n")
    end = len(body) if end < 0 else end
    return skipped + min(end, LEAD_CHARS)


def run_corpus(
    engine: sa.Engine, window: timedelta, force: bool = False, writer: sa.Engine | None = None
) -> bool:
    """Recompute near-duplicates and stories if articles changed since the last run. True if it ran.

    The work reads in one transaction and writes in another, short one (through `writer`), so
    concurrent ingests are not held up; if articles arrived in between, nothing is written and the
    ingest that added them runs the stage again."""
    a, s = t.articles, t.settings
    with engine.connect() as conn:
        mark = _mark(conn)
        if not force and conn.execute(sa.select(s.c.value).where(s.c.key == MARK)).scalar() == mark:
            return False
        rows = conn.execute(
            sa.select(a.c.id, a.c.title, a.c.published_at, a.c.ingested_at, a.c.canonical_of, a.c.story_id)
        ).all()
        rank = {r.id: (r.published_at or r.ingested_at, r.id) for r in rows}
        copies = near_duplicates(conn, rank)
        stories = story_groups(conn, rank, copies, window)
    by_id = {r.id: r for r in rows}
    story_of: dict[int, int] = {}
    story_rows = []
    for members in stories.groups().values():
        story_id = min(members)
        members.sort(key=lambda m: rank[m])
        titled = [m for m in members if by_id[m].title]
        story_rows.append(
            {
                "id": story_id,
                "title": by_id[titled[0]].title if titled else None,
                "first_seen": rank[members[0]][0],
                "last_seen": max(rank[m][0] for m in members),
                "articles": len(members),
            }
        )
        for m in members:
            story_of[m] = story_id
    with (writer or engine).begin() as conn:
        if _mark(conn) != mark:
            return False
        for r in rows:
            root = copies.find(r.id)
            canonical = None if root == r.id else root
            if r.canonical_of != canonical or r.story_id != story_of[r.id]:
                conn.execute(
                    a.update().where(a.c.id == r.id).values(canonical_of=canonical, story_id=story_of[r.id])
                )
        conn.execute(t.stories.delete())
        if story_rows:
            conn.execute(t.stories.insert(), sorted(story_rows, key=lambda x: x["id"]))
        conn.execute(s.delete().where(s.c.key == MARK))
        conn.execute(s.insert().values(key=MARK, value=mark))
    return True
