"""Shared fixtures. The spaCy pipeline loads once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The shared evaluation data lives beside the project (../shared); DATELINE_SHARED points elsewhere.
SHARED = Path(os.environ.get("DATELINE_SHARED") or ROOT.parent / "shared")
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def pipeline():
    from dateline.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def nlp():
    from dateline.nlp import load_model

    return load_model()


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"{path} is absent: the shared evaluation data lives beside the project, not in it "
            "(set DATELINE_SHARED to its folder)"
        )
    return path
