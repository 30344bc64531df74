"""HTML intake on pages written in the styles of real news sites (tests/data/html/): the story and its
metadata come out; navigation, banners, share bars, related links and footers do not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from conftest import DATA
from dateline.intake import IntakeOptions, read_source
from dateline.intake.html import article_from_html, looks_like_html
from dateline.model import Article

HTML = DATA / "html"


def tz(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


def read(name: str) -> Article:
    (article,) = list(read_source(str(HTML / name)))
    assert isinstance(article, Article), article
    return article


# name, title, published, updated, author, agency, section, first words, last words, furniture that must be gone
PAGES = [
    (
        "jsonld_body_only.html",
        "Japan confirms second Omicron case",
        datetime(2021, 12, 1, 18, 20, tzinfo=tz(9)),
        None,
        "Kenji Sato",
        None,
        "Asia",
        "Japan confirmed its second case of the Omicron coronavirus variant on Wednesday",
        "was being isolated at a quarantine facility near the airport.",
        ["JavaScript", "cookies", "main.3f2a1b"],
    ),
    (
        "inbody_widgets.html",
        "S-400 deliveries to India have begun, says Russian official",
        datetime(2021, 11, 14, 19, 2, tzinfo=tz(5.5)),
        datetime(2021, 11, 14, 21, 47, tzinfo=tz(5.5)),
        "Rohan Verma",
        "PTI",
        "India News",
        "Dubai: Russia has begun delivering the S-400 surface-to-air missile system to India",
        "officials in Washington have said.",
        [
            "notifications",
            "Download our app",
            "Web Stories",
            "Highlights",
            "Supplies of the system began",
            "Also read",
            "What is CAATSA",
            "pic.twitter",
            "Sign up",
            "newsletter",
            "Click here",
            "syndicated feed",
            "Track Latest News",
            "Be the first to comment",
            "Trending",
            "Delhi air quality",
            "Copyright",
        ],
    ),
    (
        "br_paragraphs.html",
        "Omicron: South Africa reports rise in cases",
        datetime(2021, 12, 3, 16, 15, tzinfo=UTC),
        None,
        None,
        None,
        None,
        "JOHANNESBURG - South African health officials said on Friday",
        "a move the South African government has criticised as unjustified.",
        [
            "The Old Gazette",
            "Latest news",
            "Archive",
            "Weather",
            "Posted:",
            "Printer-friendly",
            "E-mail this",
            "Reproduction",
        ],
    ),
    (
        "jsonld_newsarticle.html",
        "RBI keeps repo rate unchanged at 4%, retains accommodative stance",
        datetime(2021, 12, 8, 11, 5, tzinfo=tz(5.5)),
        datetime(2021, 12, 8, 13, 20, tzinfo=tz(5.5)),
        "Priya Raman",
        None,
        "Business",
        "The Reserve Bank of India on Wednesday kept its key lending rate unchanged at 4%",
        "The next meeting of the monetary policy committee is scheduled for February 7 to 9, 2022.",
        [
            "cookies",
            "Sensex today live",
            "Also Read",
            "Home loan rates",
            "Advertisement",
            "Topics",
            "Related Stories",
            "Rupee closes higher",
            "Share on",
            "Copyright",
            "morning briefing",
            "The central bank held its growth forecast",
            "RBI Governor Shaktikanta Das during",
        ],
    ),
    (
        "opengraph_only.html",
        "COP26: Glasgow Climate Pact agreed after late row over coal",
        datetime(2021, 11, 13, 22, 41, tzinfo=UTC),
        None,
        "Tom Harlow",
        None,
        "Science & Environment",
        "Nearly 200 countries have agreed a deal at the COP26 summit in Glasgow",
        "Countries will be asked to return next year with stronger plans to cut their emissions by 2030.",
        [
            "agree to cookies",
            "Skip to content",
            "Weather",
            "Related Topics",
            "More on this story",
            "Top Stories",
            "cathedral fire",
            "Terms of Use",
            "Getty Images",
            "Delegates applaud",
            "Copy this link",
        ],
    ),
    (
        "agency_byline.html",
        "U.S. to stage diplomatic boycott of Beijing Winter Olympics",
        datetime(2021, 12, 6, 14, 44, tzinfo=tz(-5)),
        None,
        "Jane Doe",
        "Reuters",
        "World",
        "WASHINGTON (Reuters) - The United States will not send any government officials",
        "had been made clear in private and in public.",
        [
            "privacy notice",
            "Newsletters",
            "Sign up for our daily briefing",
            "Reporting by",
            "Editing by",
            "Thomson Trust",
            "Read Next",
            "countermeasures over boycott",
            "Most Read",
            "All quotes delayed",
            "3 min read",
        ],
    ),
    (
        "agency_pti.html",
        "Parliament passes bill to repeal three farm laws without debate",
        datetime(2021, 11, 29, 18, 30, tzinfo=tz(5.5)),
        datetime(2021, 11, 29, 18, 30, tzinfo=tz(5.5)),
        None,
        "PTI",
        None,
        "New Delhi, Nov 29 (PTI) Parliament on Monday passed a bill to repeal the three contentious farm laws",
        "until the government gave a legal guarantee on minimum support price for crops.",
        [
            "(PTI)\n",
            "ALSO READ",
            "MSP guarantee until",
            "Related News",
            "Latest News",
            "syndicated feed",
            "Tags:",
            "Got it",
            "Copyright",
            "Karnataka reports",
        ],
    ),
    (
        "live_updates.html",
        "Putin in India LIVE updates: Modi, Putin hold talks at Hyderabad House",
        datetime(2021, 12, 6, 9, 2, tzinfo=tz(5.5)),
        datetime(2021, 12, 6, 21, 40, tzinfo=tz(5.5)),
        "Capital Herald Web Desk",
        None,
        "India",
        "Russian President Vladimir Putin arrived in New Delhi on Monday for the 21st India-Russia annual summit",
        "with their Russian counterparts Sergei Shoigu and Sergei Lavrov in New Delhi this morning.",
        [
            "LIVE updates",
            "Share this update",
            "consent to the use of cookies",
            "Podcasts",
            "Also Read",
            "What the S-400 deal means",
            "Sitemap",
            "Updated:",
        ],
    ),
    (
        "no_date.html",
        "Explained: What is the S-400 Triumf air defence system?",
        None,
        None,
        "Defence Desk Staff",
        None,
        None,
        "The S-400 Triumf is a mobile surface-to-air missile system developed in Russia",
        "whose purchase led to its removal from the American F-35 fighter programme.",
        [
            "partners store and access",
            "Analysis you can trust",
            "Share on",
            "You may also like",
            "Rafale",
            "Newsletter",
            "independent publication",
            "By Defence Desk Staff",
        ],
    ),
    (
        "windows_1252.html",
        "Scholz elected chancellor as Merkel era ends",
        datetime(2021, 12, 8, 13, 15, tzinfo=tz(1)),
        None,
        "Lena Müller",
        None,
        "Europe",
        "Germany\u2019s Bundestag on Wednesday elected Olaf Scholz as chancellor, ending Angela Merkel\u2019s 16 years",
        "\u201cI accept the election,\u201d Scholz told the Bundestag president, Bärbel Bas, before taking the oath of office later the same day.",
        [
            "Datenschutz",
            "Teilen",
            "Lesen Sie auch",
            "Christmas markets",
            "Mehr zum Thema",
            "Impressum",
            "Who\u2019s who",
        ],
    ),
    (
        "iso_8859_1.html",
        "Boric wins Chile\u2019s presidential run-off",
        datetime(2021, 12, 19, 21, 30, tzinfo=tz(-3)),
        None,
        "José Ramírez",
        None,
        None,
        "Gabriel Boric, a 35-year-old former student leader, won Chile\u2019s presidential election on Sunday",
        "Outgoing President Sebastián Piñera spoke to Boric by video call and offered his government\u2019s full co-operation during the transition.",
        [
            "Usamos cookies",
            "Portada",
            "Lea también",
            "Perfil",
            "Etiquetas",
            "más leído",
            "Todos los derechos",
            "By José Ramírez",
        ],
    ),
    (
        "lead_apart.html",
        "Tata Steel to buy controlling stake in Odisha plant",
        datetime(2021, 12, 6, 10, 12, tzinfo=tz(5.5)),
        None,
        "TNN",
        None,
        None,
        "MUMBAI: Tata Steel said on Monday it would buy a controlling stake in a steel plant in Odisha",
        "employs about 1,200 people, the company said in its filing.",
        [
            "tracking technologies",
            "Business News",
            "Advertisement",
            "JSW Steel",
            "Times Syndication",
            "LinkedIn",
        ],
    ),
]


@pytest.mark.parametrize(
    "name,title,published,updated,author,agency,section,starts,ends,furniture",
    PAGES,
    ids=[p[0] for p in PAGES],
)
def test_news_page(name, title, published, updated, author, agency, section, starts, ends, furniture):
    article = read(name)
    assert article.title == title
    assert article.published == published
    if published is not None:  # same instant and the same stated offset
        assert article.published.utcoffset() == published.utcoffset()
    assert article.updated == updated
    assert article.author == author
    assert article.agency == agency
    assert article.section == section
    assert article.text.startswith(starts)
    assert article.text.endswith(ends)
    for junk in furniture:
        assert junk not in article.text, junk
    assert article.text == article.text.strip()
    assert "\ufffd" not in article.text and not any(
        "\x80" <= c <= "\x9f" for c in article.text + (title or "")
    )


def test_paragraphs_are_blank_line_separated():
    article = read("agency_byline.html")
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 5
    assert all(p == p.strip() and "\n" not in p for p in paragraphs)


def test_live_page_keeps_every_update_in_page_order():
    text = read("live_updates.html").text
    order = [
        "Putin leaves for Moscow",
        "Joint statement issued",
        "Putin lands in Delhi",
        "First 2+2 dialogue",
    ]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)


def test_undated_page_never_gets_a_date_from_its_text_or_today():
    article = read("no_date.html")
    assert article.published is None and article.updated is None
    assert "October 2018" in article.text  # the date in the story is there, and is not the publication time


@pytest.mark.parametrize(
    "snippet,agency",
    [
        (
            "<p>MOSCOW, Dec 7 (AP) \u2014 Russia's foreign ministry said on Tuesday that talks would go ahead.</p>",
            "AP",
        ),
        (
            "<p>Officials said on Tuesday that the talks would go ahead as planned next week. -- PTI</p>",
            "PTI",
        ),
        ("<p>Officials said on Tuesday that the talks would go ahead as planned next week. (ANI)</p>", "ANI"),
        (
            "<p>Officials said on Tuesday that the talks would go ahead as planned next week.</p><p>(IANS)</p>",
            "IANS",
        ),
        (
            "<p>BEIJING (Xinhua) -- China said on Tuesday that the talks would go ahead as planned next week.</p>",
            "Xinhua",
        ),
        ("<p>Officials said on Tuesday that the talks would go ahead as planned next week.</p>", None),
    ],
)
def test_agency_credit_in_the_body(snippet, agency):
    filler = (
        "<p>The two sides have met three times this year, and a fourth meeting is expected soon after.</p>"
    )
    story = (
        f"{snippet}{filler}{filler}"
        if "(AP)" in snippet or "(Xinhua)" in snippet
        else f"{filler}{filler}{snippet}"
    )
    page = f"<html><head><title>Talks to go ahead</title></head><body><h1>Talks to go ahead</h1><article>{story}</article><footer>Copyright</footer></body></html>"
    article = article_from_html(page)
    assert article.agency == agency
    assert "(ANI)" not in article.text and "-- PTI" not in article.text and "(IANS)" not in article.text


@pytest.mark.parametrize(
    "byline,author,agency",
    [
        ("By Jane Doe | Reuters", "Jane Doe", "Reuters"),
        ("By JOHN ROE Associated Press", "John Roe", "AP"),
        ("By Asha Menon, Press Trust of India", "Asha Menon", "PTI"),
        ("By Tom Harlow, Environment correspondent", "Tom Harlow", None),
        ("Agence France-Presse", None, "AFP"),
    ],
)
def test_byline_names_author_and_agency(byline, author, agency):
    body = "".join(
        f"<p>Paragraph {n} of the story says something that happened on Tuesday in the capital city.</p>"
        for n in range(3)
    )
    page = f"<html><body><h1>Headline of the story</h1><p class='byline'>{byline}</p><div class='text'>{body}</div></body></html>"
    article = article_from_html(page)
    assert (article.author, article.agency) == (author, agency)
    assert byline not in article.text


def test_html_detection():
    assert looks_like_html("<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert looks_like_html("  <html lang='en'><body>x</body></html>")
    assert not looks_like_html("Home » World » Headline\n\nA paragraph about <b>bold</b> things.")


def test_page_without_story_is_an_error():
    from dateline.errors import EmptyInput
    from dateline.intake import article_from_text

    page = "<html><body><nav><a href='/'>Home</a></nav><footer>Copyright 2021</footer></body></html>"
    with pytest.raises(EmptyInput, match="no article body"):
        article_from_text(page, "empty.html", IntakeOptions(), html=True)


def test_xhtml_with_xml_declaration():
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title>'
        '<meta property="article:published_time" content="2021-12-07T18:00:00+03:00"/></head><body><h1>Headline here</h1>'
        "<p>Russian and American leaders spoke by video link for two hours on Tuesday evening, officials said.</p>"
        "<p>The Kremlin said the conversation had been frank and businesslike, according to a readout.</p></body></html>"
    )
    article = article_from_html(page)
    assert article.published == datetime(2021, 12, 7, 18, 0, tzinfo=tz(3))
    assert article.text.startswith("Russian and American leaders")
