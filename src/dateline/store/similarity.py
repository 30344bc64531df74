"""Text similarity for the corpus stage: MinHash signatures over word shingles (near-duplicates)
and small TF-IDF vectors (stories)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
SHINGLE = 4  # words per shingle: wire copies share long runs; related stories share few
SEED = 1
SCHEME = "affine32"  # datasketch >= 2; signatures of different schemes cannot be compared
_WORD = re.compile(r"\w+", re.UNICODE)

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "his",
        "her",
        "their",
        "our",
        "your",
        "them",
        "him",
        "not",
        "no",
        "so",
        "than",
        "then",
        "there",
        "here",
        "also",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "can",
        "said",
        "says",
        "say",
        "who",
        "whom",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "some",
        "more",
        "most",
        "other",
        "into",
        "over",
        "after",
        "before",
        "about",
        "up",
        "down",
        "out",
        "new",
        "one",
        "two",
        "three",
        "mr",
        "ms",
        "mrs",
    ]
)


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    tokens = words(text)
    if len(tokens) < k:
        return {" ".join(tokens).encode("utf-8")} if tokens else set()
    return {" ".join(tokens[i : i + k]).encode("utf-8") for i in range(len(tokens) - k + 1)}


def minhash(text: str) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    found = shingles(text)
    if found:
        m.update_batch(list(found))
    return m


def signature_bytes(text: str) -> bytes:
    return minhash(text).hashvalues.astype(np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype=np.uint64).copy()
    return MinHash(num_perm=len(values), seed=SEED, hashvalues=values, scheme=SCHEME)


def term_vectors(texts: Iterable[tuple[int, str]], top: int = 60) -> dict[int, dict[str, float]]:
    """Unit-length TF-IDF vectors (each article's `top` heaviest terms) keyed by article id."""
    counts: dict[int, Counter[str]] = {}
    df: Counter[str] = Counter()
    for key, text in texts:
        c = Counter(w for w in words(text) if len(w) > 2 and w not in STOPWORDS and not w.isdigit())
        counts[key] = c
        df.update(c.keys())
    n = max(len(counts), 1)
    vectors: dict[int, dict[str, float]] = {}
    for key, c in counts.items():
        weights = {w: (1 + math.log(tf)) * math.log(1 + n / df[w]) for w, tf in c.items()}
        heavy = dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:top])
        norm = math.sqrt(sum(v * v for v in heavy.values())) or 1.0
        vectors[key] = {w: v / norm for w, v in heavy.items()}
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())
