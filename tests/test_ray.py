"""The ray engine reads the same records as the local one (a local Ray with 2 CPUs, started here)."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import pytest

from dateline.errors import ReadFailure
from dateline.model import Article
from dateline.record import to_record

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'dateline[ray]'")
pytest.importorskip("ray.data", reason="Ray Data is an optional extra: pip install 'dateline[ray]'")

# about 18 s on two cores (Ray and two actors start); not marked slow, which is for tests over 30 s
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TEXTS = [
    "Russian President Vladimir Putin met Prime Minister Narendra Modi in New Delhi on Monday.",
    "The two sides signed 28 agreements, including one on 7.5 lakh AK-203 assault rifles.",
    "NASA will launch the James Webb Space Telescope on December 22, officials said on Tuesday.",
    "Protesters marched in Paris last week against the pension reform, police said.",
    "The central bank raised its key rate by half a point to 5.25% on Wednesday.",
]


@pytest.fixture(scope="module")
def local_ray():
    os.environ["RAY_AUTH_MODE"] = "disabled"
    ray.init(
        num_cpus=2,
        object_store_memory=100 * 1024 * 1024,
        include_dashboard=False,
        log_to_driver=False,
        ignore_reinit_error=True,
    )
    yield ray
    ray.shutdown()


def test_ray_and_local_give_the_same_records(local_ray, pipeline) -> None:
    from dateline.engines import read

    when = datetime(2021, 12, 6, 9, 0, tzinfo=UTC)
    articles = [Article(text=t, id=f"a{i}", source=f"test:{i}", published=when) for i, t in enumerate(TEXTS)]
    here = [to_record(d) for d in pipeline.read_many(articles)]
    there = list(read(articles, engine="ray", workers=2))
    assert not [x for x in there if isinstance(x, ReadFailure)]
    assert [x.pop("source") for x in there if isinstance(x, dict)] == [f"test:{i}" for i in range(len(TEXTS))]
    # through JSON on both sides: the record is what is compared, not Python number types
    assert [json.loads(json.dumps(r)) for r in here] == there
