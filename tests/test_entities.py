"""The entities stage: gazetteer matching, NER merge, types, places, adjectives, noise, ids and offsets.

These tests use a small knowledge base of their own (below), so they do not move when the bundled
knowledge files grow; tests/test_coreference.py reads with the bundled one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.entities import Gazetteer, gazetteer_for
from dateline.knowledge import KnowledgeBase, load_knowledge
from dateline.model import Article, Document, Entity
from dateline.pipeline import Pipeline, check_order
from dateline.stages.entities import EntityStage
from dateline.stages.sentences import SentenceStage

FIXTURE_KB = """
source: test fixture
offices:
  usa.president:
    title: President of the United States
    country: USA
    aliases: [President, US President, U.S. President]
    holders:
      - [Donald Trump, 2017-01-20, 2021-01-20]
      - [Joe Biden, 2021-01-20, 2025-01-20]
  rus.president:
    title: President of Russia
    country: RUS
    aliases: [President, Russian President]
    holders:
      - [Vladimir Putin, 2012-05-07, null]
  usa.press-secretary:
    title: White House Press Secretary
    country: USA
    aliases: [Press Secretary, White House Press Secretary]
    holders:
      - [Jen Psaki, 2021-01-20, 2022-05-13]
entities:
  - {id: "country:USA", name: United States, type: COUNTRY, code: USA, lat: 38.9, lon: -77.0,
     aliases: [US, U.S., America, United States of America], adjectives: [American, US, U.S.]}
  - {id: "country:RUS", name: Russia, type: COUNTRY, code: RUS, lat: 55.75, lon: 37.62,
     aliases: [Russian Federation], adjectives: [Russian]}
  - {id: "country:UKR", name: Ukraine, type: COUNTRY, code: UKR, adjectives: [Ukrainian]}
  - {id: "country:IND", name: India, type: COUNTRY, code: IND, adjectives: [Indian]}
  - {id: "country:KOR", name: South Korea, type: COUNTRY, code: KOR, adjectives: [South Korean]}
  - {name: Joe Biden, country: USA, aliases: [Joseph R. Biden], surnames: [Biden]}
  - {name: Donald Trump, country: USA, surnames: [Trump]}
  - {name: Vladimir Putin, country: RUS, surnames: [Putin]}
  - {name: Jen Psaki, country: USA, surnames: [Psaki]}
  - {id: "org:white-house", name: White House, type: ORG, country: USA}
  - {id: "product:s-400", name: S-400, type: PRODUCT, country: RUS}
"""

WHEN = datetime(2021, 12, 5, 8, 45, tzinfo=UTC)


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    path = tmp_path_factory.mktemp("kb") / "fixture.yaml"
    path.write_text(FIXTURE_KB, "utf-8")
    base = KnowledgeBase()
    base.add_file(path)
    return base


@pytest.fixture(scope="module")
def reader(kb: KnowledgeBase) -> Pipeline:
    return Pipeline(stages=[SentenceStage(), EntityStage(kb=kb)])


def read(reader: Pipeline, text: str, when: datetime | None = WHEN) -> Document:
    return reader.read(Article(text=text, published=when))


def named(doc: Document, name: str) -> Entity:
    found = [e for e in doc.entities if e.name == name]
    assert found, f"no entity {name!r} in {[e.name for e in doc.entities]}"
    assert len(found) == 1, f"{name!r} found {len(found)} times"
    return found[0]


def surfaces(entity: Entity) -> list[str]:
    return [m.text for m in entity.mentions]


# -- gazetteer ------------------------------------------------------------------------------------


def test_gazetteer_matches_known_surfaces_case_sensitively(kb: KnowledgeBase, nlp) -> None:
    doc = nlp("Joe Biden told us the US and Joseph R. Biden agree.")
    found = {doc[m.start : m.end].text: {e.name for e in m.candidates} for m in Gazetteer(kb).matches(doc)}
    assert found["Joe Biden"] == {"Joe Biden"}
    assert found["Joseph R. Biden"] == {"Joe Biden"}
    assert found["US"] == {"United States"}
    assert "us" not in found


def test_gazetteer_is_compiled_once_per_knowledge_base(kb: KnowledgeBase, tmp_path: Path) -> None:
    assert gazetteer_for(kb) is gazetteer_for(kb)
    other = kb.copy()
    extra = tmp_path / "extra.yaml"
    extra.write_text("entities:\n  - {name: Zorro Quimby, surnames: [Quimby]}\n", "utf-8")
    before = gazetteer_for(other)
    other.add_file(extra)
    after = gazetteer_for(other)
    assert after is not before
    assert [e.name for e in after.lookup("Zorro Quimby")] == ["Zorro Quimby"]
    assert not gazetteer_for(kb).lookup("Zorro Quimby")


# -- the record: ids, offsets, merging --------------------------------------------------------------


def test_ids_follow_first_mention_and_offsets_are_exact(reader: Pipeline) -> None:
    text = "Russia and the United States talked. Joe Biden spoke first; Biden then called Russia."
    doc = read(reader, text)
    assert [e.id for e in doc.entities] == [f"e{i}" for i in range(1, len(doc.entities) + 1)]
    firsts = [e.mentions[0].start for e in doc.entities]
    assert firsts == sorted(firsts)
    assert [e.name for e in doc.entities][:3] == ["Russia", "United States", "Joe Biden"]
    for e in doc.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text


def test_names_of_one_entity_merge(reader: Pipeline) -> None:
    doc = read(reader, "Joe Biden spoke. Later Joseph R. Biden signed the bill, and Biden left.")
    biden = named(doc, "Joe Biden")
    assert surfaces(biden) == ["Joe Biden", "Joseph R. Biden", "Biden"]
    assert biden.kb_id == "person:joe-biden"


# -- countries and places ----------------------------------------------------------------------------


def test_every_form_of_the_united_states_is_one_country(reader: Pipeline) -> None:
    text = "The United States warned Russia. US officials said America and the U.S. would act."
    usa = named(read(reader, text), "United States")
    assert usa.type == "COUNTRY" and usa.code == "USA" and usa.country == "USA"
    assert {"United States", "US", "America", "U.S."} <= set(surfaces(usa))


def test_country_inside_a_hyphenated_word(reader: Pipeline) -> None:
    doc = read(reader, "Biden pressed Putin to rein in Russia-based criminal hacking gangs.")
    assert "Russia" in surfaces(named(doc, "Russia"))


def test_city_is_a_place_with_country_and_coordinates(reader: Pipeline) -> None:
    geneva = named(read(reader, "The two leaders met in Geneva in June."), "Geneva")
    assert geneva.type == "PLACE" and geneva.country == "CHE"
    assert geneva.lat == pytest.approx(46.2, abs=0.1) and geneva.lon == pytest.approx(6.15, abs=0.1)


def test_border_phrases_name_the_country(reader: Pipeline) -> None:
    text = "Troops massed on the Ukrainian border. Biden raised the activities on the border with Ukraine."
    assert surfaces(named(read(reader, text), "Ukraine")) == ["Ukrainian", "Ukraine"]


@pytest.mark.parametrize(
    ("text", "adjective"),
    [
        ("Washington watched a Russian troop buildup near the frontier.", "Russian"),
        ("Biden raised concerns about Russian military activities.", "Russian"),
        ("No waiver was decided on Indian arms transactions with Russia.", "Indian"),
        ("The South Korean navy fired warning shots.", "South Korean"),
    ],
)
def test_nationality_adjective_standing_for_its_country(reader: Pipeline, text: str, adjective: str) -> None:
    doc = read(reader, text)
    assert any(adjective in surfaces(e) and e.type == "COUNTRY" for e in doc.entities)


@pytest.mark.parametrize(
    "text",
    [
        "Two Russian journalists were detained on Friday.",
        "The restaurant serves Indian cuisine to tourists.",
    ],
)
def test_nationality_adjective_about_people_is_not_the_country(reader: Pipeline, text: str) -> None:
    assert not any(e.type == "COUNTRY" for e in read(reader, text).entities)


# -- NER merge and types ----------------------------------------------------------------------------


def test_person_unknown_to_the_knowledge_base(reader: Pipeline) -> None:
    doc = read(reader, "Union Minister of State for Defence Ajay Bhatt said on Friday. Bhatt added more.")
    bhatt = named(doc, "Ajay Bhatt")
    assert bhatt.type == "PERSON" and bhatt.kb_id is None
    assert surfaces(bhatt) == ["Ajay Bhatt", "Bhatt"]
    assert bhatt.role == "Union Minister of State for Defence"


def test_knowledge_retypes_what_ner_calls_an_organisation(reader: Pipeline) -> None:
    text = "The presentation of the S-400 air defence system is likely. Psaki said other topics would follow."
    doc = read(reader, text)
    assert named(doc, "S-400").type == "PRODUCT"
    psaki = named(doc, "Jen Psaki")
    assert psaki.type == "PERSON" and surfaces(psaki) == ["Psaki"]


def test_headline_compound_of_two_people_is_split(reader: Pipeline) -> None:
    doc = read(reader, "Biden-Putin to hold talks over video call on December 7: White House")
    assert not any("-" in e.name for e in doc.entities)
    assert surfaces(named(doc, "Joe Biden")) == ["Biden"]
    assert surfaces(named(doc, "Vladimir Putin")) == ["Putin"]
    assert named(doc, "White House").type == "ORG"


def test_compound_of_two_countries_is_split(reader: Pipeline) -> None:
    doc = read(reader, "India-Russia ties have grown since the deal.")
    assert surfaces(named(doc, "India")) == ["India"] and surfaces(named(doc, "Russia")) == ["Russia"]


def test_abbreviation_in_parentheses_names_the_same_thing(reader: Pipeline) -> None:
    text = (
        "The European Union adopted the Digital Markets Act (DMA) in 2022. "
        "Critics say DMA goes too far, but DMA rules apply from 2023."
    )
    doc = read(reader, text)
    law = next(e for e in doc.entities if e.name == "Digital Markets Act")
    assert surfaces(law).count("DMA") == 3


def test_abbreviation_of_a_title_is_not_an_entity(reader: Pipeline) -> None:
    doc = read(reader, "Union Minister of State (MoS) for Defence Ajay Bhatt said on Friday.")
    assert not any(e.name == "MoS" for e in doc.entities)


def test_company_short_name_is_the_company(reader: Pipeline) -> None:
    text = "Waxman Industries Inc. said it would sell a unit. Waxman shares fell, and Waxman Industries rose later."
    company = named(read(reader, text), "Waxman Industries Inc.")
    assert company.type == "ORG" and surfaces(company)[:2] == ["Waxman Industries Inc.", "Waxman"]


def test_first_name_alone_is_the_one_person_with_it(reader: Pipeline) -> None:
    text = "Elian Gonzalez arrived in Miami in November. Relatives say Elian wants to stay."
    assert surfaces(named(read(reader, text), "Elian Gonzalez")) == ["Elian Gonzalez", "Elian"]


def test_all_caps_dateline_is_a_place(reader: Pipeline) -> None:
    washington = named(read(reader, "WASHINGTON (AP) - The Senate voted on Friday."), "Washington")
    assert washington.type == "PLACE" and washington.country == "USA"


def test_a_region_is_not_a_town_of_the_same_name(reader: Pipeline) -> None:
    asia = named(read(reader, "Exports to Asia fell sharply last year."), "Asia")
    assert asia.type == "PLACE" and asia.country is None and asia.lat is None


# -- noise ------------------------------------------------------------------------------------------


def test_times_are_never_entities(reader: Pipeline) -> None:
    text = (
        "Tuesday will see the call, at 8:45 IST on December 6, the White House said. "
        "Monday and June came and went; Friday was quiet."
    )
    names = {e.name for e in read(reader, text).entities}
    assert not names & {"Tuesday", "IST", "December", "December 6", "Monday", "June", "Friday"}
    assert "White House" in names


# -- roles by date and the stage --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "who"),
    [(2018, "Donald Trump"), (2022, "Joe Biden")],
)
def test_role_descriptions_resolve_by_the_article_date(reader: Pipeline, year: int, who: str) -> None:
    doc = read(reader, "The US President said the talks went well.", datetime(year, 6, 1, tzinfo=UTC))
    person = named(doc, who)
    assert surfaces(person) == ["The US President"]
    assert person.role == "President of the United States"


def test_role_is_the_office_held_on_the_date(reader: Pipeline) -> None:
    text = "Donald Trump spoke to Joe Biden."
    doc = read(reader, text, datetime(2019, 3, 1, tzinfo=UTC))
    assert named(doc, "Donald Trump").role == "President of the United States"
    assert named(doc, "Joe Biden").role is None


def test_stage_declares_its_layers() -> None:
    stage = EntityStage(kb=KnowledgeBase())
    assert (stage.name, stage.needs, stage.adds) == ("entities", ("parse", "sentences"), ("entities",))
    check_order([SentenceStage(), stage])
    with pytest.raises(Exception, match="sentences"):
        check_order([stage])


def test_actor_files_add_to_a_copy_of_the_bundled_knowledge(tmp_path: Path) -> None:
    actors = tmp_path / "actors.yaml"
    actors.write_text("entities:\n  - {name: Zorro Quimby, country: USA, surnames: [Quimby]}\n", "utf-8")
    stage = EntityStage(actors=[actors])
    assert stage.kb.by_alias("Quimby") and not load_knowledge().by_alias("Quimby")
    reader = Pipeline(stages=[SentenceStage(), stage])
    doc = read(reader, "Quimby spoke first. Zorro Quimby then left Geneva.")
    quimby = named(doc, "Zorro Quimby")
    assert quimby.kb_id == "person:zorro-quimby" and surfaces(quimby) == ["Quimby", "Zorro Quimby"]


# -- properties ------------------------------------------------------------------------------------

WORDS = [
    "Joe", "Biden", "Putin", "Vladimir", "President", "the", "Russian", "US", "U.S.", "counterpart", "his",
    "two", "leaders", "both", "sides", "-", "(", ")", "CAATSA", "said", "on", "Tuesday", "IST", "India",
    "Indian", "Ukrainian", "border", "press", "Secretary", "Psaki", "Jen", "'s", ".", ",", "\n\n", "Geneva",
    "S-400", "Biden-Putin", "Russia-based", "White", "House", "Kremlin", "spokesman", "America",
]  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=0, max_size=40))
def test_any_text_gives_well_formed_entities(reader: Pipeline, words: list[str]) -> None:
    text = " ".join(words)
    doc = read(reader, text)
    assert [e.id for e in doc.entities] == [f"e{i}" for i in range(1, len(doc.entities) + 1)]
    keys = set()
    for e in doc.entities:
        assert e.mentions and e.type
        assert (e.kb_id or e.name, e.type) not in keys
        keys.add((e.kb_id or e.name, e.type))
        for m in e.mentions:
            assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text
        assert [m.start for m in e.mentions] == sorted(m.start for m in e.mentions)


def test_a_span_joining_two_known_names_with_with_is_each_name(tmp_path: Path) -> None:
    """spaCy takes "Osgiliath with Gondor" for one place; no name is "X with Y"."""
    path = tmp_path / "middle-earth.yaml"
    path.write_text(
        "source: test\nentities:\n"
        '  - {id: "country:OSG", name: Osgiliath, type: COUNTRY, code: OSG}\n'
        '  - {id: "country:GON", name: Gondor, type: COUNTRY, code: GON}\n',
        "utf-8",
    )
    kb = KnowledgeBase()
    kb.add_file(path)
    doc = Pipeline(stages=[SentenceStage(), EntityStage(kb=kb)]).read(
        Article(text="Arnor has celebrated Eid at Osgiliath with Gondor after a hafling was reported.")
    )
    assert {"Osgiliath", "Gondor"} <= {e.name for e in doc.entities}
    assert not [e for e in doc.entities if "with" in e.name]
