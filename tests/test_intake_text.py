"""Plain-text intake: scraped pages of several layouts (tests/data/text/) and the seed article."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import yaml

from conftest import DATA, shared_path
from dateline.intake import IntakeOptions, article_from_text, read_source
from dateline.intake.furniture import split_byline, strip_furniture
from dateline.model import Article

TEXT = DATA / "text"
IST, UTC, EST = timezone(timedelta(hours=5.5)), UTC, timezone(timedelta(hours=-5))


def read(path) -> Article:
    (article,) = list(read_source(str(path)))
    assert isinstance(article, Article), article
    return article


# file, title, section, author, agency, published, updated, first words, last words, furniture
LAYOUTS = [
    (
        "indian_breadcrumb_pti.txt",
        "Parliament passes farm laws repeal bill without debate",
        "Politics",
        "Staff Reporter",
        "PTI",
        datetime(2021, 11, 29, 18, 30, tzinfo=IST),
        datetime(2021, 11, 29, 18, 30, tzinfo=IST),
        "New Delhi, Nov 29 (PTI) Parliament on Monday passed a bill",
        "legal guarantee on minimum support price for crops.",
        [
            "Home",
            "POLITICS",
            "Singhu border",
            "By Staff",
            "Updated on",
            "Also Read",
            "\n\n(PTI)",
            "Tags",
            "Follow us",
        ],
    ),
    (
        "british_gt.txt",
        "Britain to send military team to Ukraine as tensions rise",
        "Politics",
        "Jane Smith",
        None,
        datetime(2021, 12, 5, 8, 45, tzinfo=UTC),
        datetime(2021, 12, 5, 10, 30, tzinfo=UTC),
        "Britain will send a small team of military advisers to Ukraine next week",
        "The Foreign Secretary is due to meet her counterparts from the G7 in Liverpool next weekend.",
        [
            "News >",
            "Political Correspondent",
            "Published:",
            "Share this",
            "Image: PA",
            "Advertisement",
            "Read more",
            "Comments",
            "Most Read",
            "Copyright",
        ],
    ),
    (
        "us_wire_ap.txt",
        "Biden, Putin to hold video call amid Ukraine tensions",
        "Europe",
        "John Roe",
        "AP",
        datetime(2021, 12, 5, 10, 2, tzinfo=EST),
        None,
        "MOSCOW (AP) \u2014 U.S. President Joe Biden and Russian President Vladimir Putin will hold a video call",
        "American concerns about Russian military activity on Ukraine's border.",
        ["Home »", "WORLD NEWS", "10:02 AM EST", "By JOHN ROE", "Copyright", "redistributed"],
    ),
    (
        "live_updated_lines.txt",
        "Cyclone Jawad weakens into deep depression before reaching Odisha coast",
        "Cyclone Jawad",
        "Ravi Kumar",
        "PTI",
        datetime(2021, 12, 4, 7, 10, tzinfo=IST),
        datetime(2021, 12, 5, 11, 20, tzinfo=IST),
        "Cyclone Jawad weakened into a deep depression on Sunday morning",
        "bring rain there on Monday.",
        [
            "Written By",
            "Edited By",
            "First published",
            "Last Updated",
            "Updated:",
            "Image:",
            "Fishermen",
            "ALSO READ",
            "-- PTI",
            "Disclaimer",
            "syndicated",
        ],
    ),
    (
        "crlf_section_label.txt",
        "Sensex rallies after RBI keeps rates unchanged",
        "Markets",
        "Anil Mehta",
        None,
        datetime(2021, 12, 8, 15, 40, tzinfo=IST),
        None,
        "Indian shares rose sharply on Wednesday",
        "ended up more than 1.5%.",
        ["Homepage", "MARKETS", "Reported by", "Posted on", "RECOMMENDED", "Gold prices", "\r"],
    ),
    (
        "title_and_paragraphs.txt",
        "Putin and Modi meet in New Delhi for annual summit",
        None,
        None,
        None,
        None,
        None,
        "Russian President Vladimir Putin met Prime Minister Narendra Modi in New Delhi on Monday",
        "Putin left for Moscow late on Monday after a visit of a little over five hours.",
        ["annual summit\n"],
    ),
    (
        "paragraphs_only.txt",
        None,
        None,
        None,
        None,
        None,
        None,
        "The Reserve Bank of India on Wednesday kept its key lending rate unchanged",
        "The next meeting of the monetary policy committee is scheduled for February 2022.",
        [],
    ),
]


@pytest.mark.parametrize(
    "name,title,section,author,agency,published,updated,starts,ends,furniture",
    LAYOUTS,
    ids=[x[0] for x in LAYOUTS],
)
def test_layout(name, title, section, author, agency, published, updated, starts, ends, furniture):
    article = read(TEXT / name)
    assert article.title == title
    assert article.section == section
    assert article.author == author
    assert article.agency == agency
    assert article.published == published
    if published is not None:
        assert article.published.utcoffset() == published.utcoffset()
    assert article.updated == updated
    assert article.text.startswith(starts)
    assert article.text.endswith(ends)
    for junk in furniture:
        assert junk not in article.text, junk


def test_paragraphs_only_file_keeps_every_paragraph():
    article = read(TEXT / "paragraphs_only.txt")
    assert article.text.count("\n\n") == 2


def test_also_read_in_the_middle_of_the_body_goes_and_the_story_around_it_stays():
    article = read(TEXT / "indian_breadcrumb_pti.txt")
    assert (
        "passed within minutes amid protests by opposition members.\n\nThe Rajya Sabha passed it"
        in article.text
    )


def test_captions_in_the_body_go():
    text = (
        "Officials said the two leaders would meet on Monday in the capital for talks on trade.\n"
        "Modi and Putin at Hyderabad House on Monday. (Photo: PTI)\n"
        "The talks lasted more than two hours and ended with a joint statement on defence.\n"
        "File photo of the summit venue | Photo credit: Reuters\n"
        "Both sides said they would meet again next year in Moscow for the next summit."
    )
    article = strip_furniture(text)
    assert "Photo" not in article.text and article.text.count("\n\n") == 2


def test_raw_keeps_text_exactly():
    text = "Home » World\r\n\r\n  Spaces  and\ttabs stay.\n(ANI)\n"
    article = article_from_text(text, "x.txt", IntakeOptions(raw=True))
    assert article.text == text and article.agency is None and article.title is None


@pytest.mark.parametrize(
    "byline,expected",
    [
        ("By Jane Doe | Reuters", ("Jane Doe", "Reuters")),
        ("By Jane Smith, Political Correspondent", ("Jane Smith", None)),
        ("Written By Ravi Kumar | Edited By Meera Nair", ("Ravi Kumar", None)),
        ("PTI", (None, "PTI")),
        ("Press Trust of India", (None, "PTI")),
        ("REUTERS", (None, "Reuters")),
        ("By José Ramírez in Santiago", ("José Ramírez", None)),
        ("News Agencies", ("News Agencies", None)),
    ],
)
def test_split_byline(byline, expected):
    assert split_byline(byline) == expected


def test_seed_article():
    path = shared_path("golden", "seed", "article.txt")
    expected = yaml.safe_load(shared_path("golden", "seed", "expected.yaml").read_text("utf-8"))["metadata"]
    article = read(path)
    assert article.title == "Biden-Putin to hold talks over video call on December 7: White House"
    assert article.section == "World"
    assert article.agency == "ANI"
    assert article.published is not None
    assert article.published.isoformat() == "2021-12-05T08:45:00+05:30"
    assert article.text.startswith("US President Joe Biden and his Russian counterpart")
    assert article.text.endswith(
        "said the US State Department spokesperson in response to a question by ANI."
    )
    assert article.text.startswith(expected["body_starts_with"])
    assert article.text.endswith(expected["body_ends_with"])
    for junk in expected["body_excludes"]:
        assert junk not in article.text, junk


def test_headline_with_a_date_is_the_title_not_the_publication_time():
    page = (
        "Biden to meet Putin by video on December 7, 2021\n"
        "Dec. 5, 2021 10:02 AM EST\n\n"
        "The two leaders will speak by video link on Tuesday, officials in both capitals said on Sunday."
    )
    article = strip_furniture(page)
    assert article.title == "Biden to meet Putin by video on December 7, 2021"
    assert article.published == datetime(2021, 12, 5, 10, 2, tzinfo=EST)


def test_source_credit_line_names_the_agency():
    page = (
        "Talks to resume next week\n\n"
        "The two sides will resume talks next week in the capital, officials said on Sunday.\n\n"
        "Source: PTI\n"
    )
    article = strip_furniture(page)
    assert article.agency == "PTI" and "Source" not in article.text


def test_story_lines_that_look_a_little_like_furniture_stay():
    lines = [
        "Follow-up talks will be held in Geneva next month, the foreign ministry said on Sunday.",
        "Posted on social media on December 5, 2021, the video shows troops near the border town.",
        "More than 100 people were moved to shelters as the storm approached the coast on Friday.",
        "Updated figures released on Monday showed that the number of cases had risen sharply.",
        "Source documents seen by reporters show the deal was agreed three years ago in Moscow.",
    ]
    article = strip_furniture("\n\n".join(lines))
    assert article.text.split("\n\n") == lines
    assert article.published is None and article.updated is None
