"""Properties intake must keep for any input: reading never raises, and a stripped body is made of
the input's own lines."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.intake.furniture import split_byline, strip_furniture
from dateline.intake.html import article_from_html
from dateline.intake.published import parse_published

lines = st.lists(
    st.one_of(
        st.text(max_size=120),
        st.sampled_from(
            [
                "Home » World » Headline of the story here",
                "By Jane Doe | Reuters",
                "Updated on: 5 December 2021, 8:45 IST",
                "(ANI)",
                "Also Read: something else",
                "The minister said on Tuesday that the talks would resume next week in the capital.",
                "Copyright 2021 Someone. All rights reserved.",
            ]
        ),
    ),
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(lines)
def test_strip_furniture_never_raises_and_keeps_input_lines(page):
    raw = "\n".join(page)
    article = strip_furniture(raw)
    for paragraph in article.text.split("\n\n"):
        if paragraph:
            assert any(paragraph.split()[0] in line for line in page)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_parse_published_never_raises(text):
    parse_published(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_split_byline_never_raises(text):
    split_byline(text)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=6))
def test_article_from_html_never_raises(paragraphs):
    page = "<html><body><h1>Title of it</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body></html>"
    article_from_html(page)
    article_from_html("".join(paragraphs))
