"""What makes two inputs one article: the canonical URL and the normalized-body hash."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.store.dates import timex_range
from dateline.store.identity import canonical_url, content_hash

CANON = "https://example.com/world/story"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/world/story",
        "http://example.com/world/story",
        "HTTPS://EXAMPLE.COM/world/story",
        "https://www.example.com/world/story",
        "https://example.com/world/story/",
        "https://example.com/world/story#comments",
        "https://example.com/world/story?utm_source=twitter&utm_medium=social&utm_campaign=x",
        "https://example.com/world/story?fbclid=abc123",
        "https://example.com/world/story?gclid=xyz&msclkid=1",
        "https://example.com/world/story/amp",
        "https://example.com/world/story/amp/",
        "https://example.com/amp/world/story",
        "https://example.com/world/story?amp",
        "https://example.com/world/story?amp=1",
        "https://amp.example.com/world/story",
        "https://example.com:443/world/story",
        "  https://example.com/world/story  ",
    ],
)
def test_variants_of_one_page_share_a_canonical_url(url: str) -> None:
    assert canonical_url(url) == CANON


def test_meaningful_parameters_are_kept_and_sorted() -> None:
    assert (
        canonical_url("https://example.com/a?page=2&id=7&utm_source=x") == "https://example.com/a?id=7&page=2"
    )
    assert canonical_url("https://example.com/a?id=7") != canonical_url("https://example.com/a?id=8")


def test_amp_html_suffix_and_other_ports() -> None:
    assert canonical_url("https://example.com/news/story.amp.html") == "https://example.com/news/story.html"
    assert canonical_url("http://example.com:8080/a") == "https://example.com:8080/a"
    assert canonical_url("https://example.com/") == "https://example.com"


@pytest.mark.parametrize("url", [None, "", "   ", "ftp://example.com/x", "not a url", "mailto:a@b.c"])
def test_no_canonical_url_for_what_is_not_a_web_page(url: str | None) -> None:
    assert canonical_url(url) is None


@given(st.text())
def test_canonical_url_never_raises_and_is_idempotent(text: str) -> None:
    once = canonical_url(text)
    if once is not None:
        assert canonical_url(once) == once


def test_content_hash_ignores_case_and_spacing() -> None:
    a = content_hash("Putin will visit  New Delhi.\n\nOfficials said.")
    assert a == content_hash("PUTIN will visit New Delhi. Officials   said.  ")
    assert a != content_hash("Putin will visit Moscow. Officials said.")
    assert len(a) == 64


@given(st.text())
def test_content_hash_never_raises(text: str) -> None:
    assert len(content_hash(text)) == 64


@pytest.mark.parametrize(
    "value, start, end",
    [
        ("2021-12-07", "2021-12-07", "2021-12-08"),
        ("2021-12-07T10:00", "2021-12-07", "2021-12-08"),
        ("2021-12", "2021-12-01", "2022-01-01"),
        ("2021", "2021-01-01", "2022-01-01"),
        ("2021-W49", "2021-12-06", "2021-12-13"),
        ("2021-Q4", "2021-10-01", "2022-01-01"),
        ("202", "2020-01-01", "2030-01-01"),
    ],
)
def test_timex_values_become_ranges(value: str, start: str, end: str) -> None:
    rng = timex_range(value)
    assert rng is not None
    assert (rng[0].date().isoformat(), rng[1].date().isoformat()) == (start, end)


@pytest.mark.parametrize("value", [None, "", "PRESENT_REF", "PAST_REF", "P3Y", "2021-13", "2021-02-30"])
def test_values_that_name_no_date(value: str | None) -> None:
    assert timex_range(value) is None
