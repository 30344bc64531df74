"""Actors and recipients: groups of people as entities, coordination the parse hangs on modifiers, lists
NER reads as one name, recipients inside clauses and phrases, and the PETRARCH coder's agents.

Each case is one sentence of wire copy read through the whole pipeline; an actor or recipient is written
as the entity's name, or `TYPE:COUNTRY` for a group ("GROUP:RUS" is a group of Russians, "GROUP:-" a
group the text gives no country)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from conftest import shared_path
from dateline.model import Article, Document, Entity

DCT = datetime(2023, 3, 22, 12)


def read(pipeline, text: str) -> Document:
    return pipeline.read(Article(text=text, published=DCT))


def label(entity: Entity) -> str:
    if entity.type == "GROUP" and entity.kb_id is None:
        return f"GROUP:{entity.country or '-'}"
    return entity.name


def parties(document: Document, kind: str) -> list[tuple[list[str], list[str]]]:
    names = {e.id: label(e) for e in document.entities}
    return [
        (sorted(names[a] for a in e.actors), sorted(names[r] for r in e.recipients))
        for e in document.events
        if e.type == kind
    ]


# (sentence, event type, actors, recipients): every listed party must be there, in its role
CASES = [
    # groups of people are entities, with the country the text gives them
    ("Russian police arrested Russian students in Moscow on Monday.", "COERCE", ["GROUP:RUS"], ["GROUP:RUS"]),
    ("Police arrested 12 protesters in Lagos on Monday.", "COERCE", ["GROUP:-"], ["GROUP:-"]),
    ("Soldiers from Ukraine shelled Russian positions on Sunday.", "ASSAULT", ["GROUP:UKR"], ["Russia"]),
    (
        "Lawmakers in France and Germany condemned the attack on Tuesday.",
        "ACCUSE",
        ["GROUP:DEU", "GROUP:FRA"],
        [],
    ),
    ("Human rights activists in Iran condemned the executions on Monday.", "ACCUSE", ["GROUP:IRN"], []),
    # a group of an organisation's people is the organisation's
    (
        "The human rights activists of Amnesty International condemned the executions on Monday.",
        "ACCUSE",
        ["Amnesty International"],
        [],
    ),
    # officials coordinated with a group share its "in" phrase
    (
        "Lawmakers and officials in France and Germany condemned the attack on Tuesday.",
        "ACCUSE",
        ["France", "GROUP:DEU", "GROUP:FRA"],
        [],
    ),
    # nationality words coordinated before a noun: both
    (
        "Joe Biden will meet French and German leaders in Brussels on Thursday.",
        "CONSULT",
        ["Joe Biden"],
        ["France", "Germany"],
    ),
    # names the parse hangs on another name as apposition or modifier though they stand in a list
    (
        "Russia, the awful Belarus, and good Ukraine condemned the resumption of formal diplomatic ties "
        "with Serbia.",
        "ACCUSE",
        ["Belarus", "Russia", "Ukraine"],
        ["Serbia"],
    ),
    (
        "Poland and the evil awful Hungary welcomed the resumption of formal diplomatic ties with Serbia.",
        "SUPPORT",
        ["Hungary", "Poland"],
        ["Serbia"],
    ),
    # whom a warning's clause is about
    (
        "The United States warned on Tuesday that Russia would face severe sanctions.",
        "THREATEN",
        ["United States"],
        ["Russia"],
    ),  # fmt: skip
    # recipients inside a participle on the object: "the parade honouring China", "roads leading into"
    ("Protesters boycotted the parade honouring China on Saturday.", "PROTEST", ["GROUP:-"], ["China"]),
    (
        "Israeli troops blocked the roads leading into Lebanon on Friday.",
        "PROTEST",
        ["GROUP:ISR"],
        ["Lebanon"],
    ),
]


@pytest.mark.parametrize(("text", "kind", "actors", "recipients"), CASES, ids=[c[0][:50] for c in CASES])
def test_actors_and_recipients(pipeline, text: str, kind: str, actors: list[str], recipients: list[str]):
    document = read(pipeline, text)
    found = parties(document, kind)
    assert any(set(actors) <= set(a) and set(recipients) <= set(r) for a, r in found), found


def test_a_reporting_verb_takes_no_recipient_from_what_it_reports(pipeline):
    document = read(
        pipeline, "Pakistan is about to restore full diplomatic ties with India, a US official said."
    )
    names = {e.id: e.name for e in document.entities}
    for event in document.events:
        if event.trigger.text == "said":
            assert "Pakistan" not in [names[r] for r in event.recipients]


# -- "they", "them", "their" ------------------------------------------------------------------------


def test_they_is_the_pair_of_the_joint_event_before(pipeline):
    """ "Biden met Xi ... They agreed": the two sides of the meeting, though the subject is one."""
    document = read(
        pipeline, "Joe Biden met Xi Jinping in Bali on Monday. They agreed to resume climate talks."
    )
    assert (["Joe Biden", "Xi Jinping"], []) in parties(document, "AGREE")


def test_they_is_left_alone_when_two_plural_parties_compete(pipeline):
    # the police or the protesters? no event rather than the wrong actor
    for text in (
        "Police arrested the protesters after they blocked the highway.",
        "Police arrested 12 protesters in Lagos on Monday. They blocked the highway again on Tuesday.",
    ):
        assert parties(read(pipeline, text), "PROTEST") == [], text


def test_they_is_left_alone_with_only_singular_parties_before(pipeline):
    for text in (
        "Joe Biden arrived in Geneva on Tuesday. They signed the agreement on Wednesday.",
        # a name in the plural is one country
        "The Philippines protested to China on Monday. They accused Beijing of harassing fishermen.",
        "The United States imposed sanctions on Iran. They accused Tehran of supplying drones to Russia.",
        # one person's aides are not that person
        "Joe Biden's aides met in Geneva. They accused Russia of stalling.",
    ):
        document = read(pipeline, text)
        assert not [e for e in document.events if e.type in ("AGREE", "ACCUSE")], text


def test_they_inside_a_quote_is_the_speakers_not_ours(pipeline):
    document = read(
        pipeline,
        'Russia and China held talks in Beijing on Monday. "They will sign a trade deal next week," '
        "a diplomat said.",
    )
    assert parties(document, "AGREE") == []


def test_generic_they_say_names_no_one(pipeline):
    document = read(
        pipeline,
        "Russia and China held talks in Beijing on Monday. They say Moscow will sign a trade deal with "
        "Beijing next month.",
    )
    (agree,) = [e for e in document.events if e.type == "AGREE"]
    assert agree.attributed_to is None


def test_them_is_not_the_subject_of_its_own_clause(pipeline):
    document = read(pipeline, "Protesters blocked a highway in Lagos on Monday. Police later arrested them.")
    names = {e.id: e.name for e in document.entities}
    (arrest,) = [e for e in document.events if e.type == "COERCE"]
    assert [names[a] for a in arrest.actors] == ["police"]
    assert [names[r] for r in arrest.recipients] == ["protesters"]


def test_troops_withdrawn_by_pronoun_are_not_the_recipient(pipeline):
    document = read(
        pipeline, "Russian troops massed near the border with Ukraine. Russia withdrew them on Friday."
    )
    names = {e.id: e.name for e in document.entities}
    (event,) = [e for e in document.events if e.type == "RETREAT"]
    assert [names[a] for a in event.actors] == ["Russia"]
    assert "troops (Russia)" not in [names[r] for r in event.recipients]
    document = read(
        pipeline, "Mali expelled French troops in 2022; France withdrew the last of them in August."
    )
    names = {e.id: e.name for e in document.entities}
    (event,) = [e for e in document.events if e.type == "RETREAT"]
    assert [names[r] for r in event.recipients] == ["Mali"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a group is one speaker
        ('Protesters blocked a highway in Lagos on Monday. "We will not go home," they said.', "protesters"),
        (
            "FBI agents searched the house on Monday. They said the suspect had fled.",
            "Federal Bureau of Investigation",
        ),
        # two parties are no one speaker; a plural inside the quote is not who speaks
        (
            'Joe Biden and Vladimir Putin met in Geneva on Wednesday. "The talks were useful," they said.',
            None,
        ),
        ('Russian and Ukrainian diplomats met in Istanbul. "Russian troops will leave," they said.', None),
        ('"We will not go home," they said.', None),
        # a name in the plural is one country, no "they"
        (
            "The United States condemned the attack on Monday. They said the attackers would be punished.",
            None,
        ),
    ],
    ids=lambda v: str(v)[:40],
)
def test_they_as_a_quote_speaker(pipeline, text: str, speaker: str | None):
    document = read(pipeline, text)
    names = {e.id: e.name for e in document.entities}
    (quote,) = document.quotes
    got = names.get(quote.speaker) if quote.speaker else None
    assert got == speaker, got


# -- the entities layer ----------------------------------------------------------------------------


def test_a_group_names_its_country_and_a_bare_mention_joins_it(pipeline):
    document = read(
        pipeline, "Russian police detained 20 people on Monday. The police said they were foreigners."
    )
    groups = [e for e in document.entities if e.type == "GROUP"]
    assert [(g.name, g.country, len(g.mentions)) for g in groups] == [("police (Russia)", "RUS", 2)]


def test_a_group_with_two_countries_is_two_groups_with_one_mention(pipeline):
    document = read(pipeline, "Lawmakers in France and Germany condemned the attack on Tuesday.")
    groups = sorted((e.country, e.mentions[0].text) for e in document.entities if e.type == "GROUP")
    assert groups == [("DEU", "Lawmakers"), ("FRA", "Lawmakers")]


def test_its_troops_are_the_country_of_the_clause(pipeline):
    document = read(pipeline, "Bangladesh said on Monday its troops would join the peacekeeping force.")
    groups = [(e.name, e.country) for e in document.entities if e.type == "GROUP"]
    assert groups == [("troops (Bangladesh)", "BGD")]
    document = read(pipeline, "Russia and China said their troops would hold joint drills next month.")
    assert sorted(e.country for e in document.entities if e.type == "GROUP") == ["CHN", "RUS"]


def test_troops_withdrawn_are_not_the_recipient(pipeline):
    document = read(pipeline, "Russia withdrew its troops from Syria on Friday.")
    names = {e.id: e.name for e in document.entities}
    (event,) = [e for e in document.events if e.type == "RETREAT"]
    assert [names[r] for r in event.recipients] == ["Syria"]


def test_officials_are_their_country_not_a_group(pipeline):
    document = read(pipeline, "Turkish officials said on Monday that the talks would resume.")
    assert not [e for e in document.entities if e.type == "GROUP"]


def test_ner_list_of_known_names_is_split():
    """An NER span listing names the knowledge base knows ("Gondor and Arnor") is each name."""
    from dateline.nlp import load_model

    nlp = load_model()
    doc = nlp("White House officials will restore ties with Gondor and Arnor.")
    from dateline.entities.ner import Candidate, merge_candidates
    from dateline.knowledge.model import KnownEntity

    def known(a: int, b: int, kind: str) -> Candidate:
        entity = KnownEntity(kb_id=f"x:{a}", name=doc[a:b].text, type=kind)
        return Candidate(a, b, doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text), known=(entity,))

    gondor, arnor = known(7, 8, "COUNTRY"), known(9, 10, "COUNTRY")
    listing = Candidate(7, 10, doc[7].idx, doc[9].idx + len(doc[9].text), label="GPE")
    chosen = merge_candidates(doc, [gondor, arnor], [listing])
    assert [(c.tok_start, c.tok_end) for c in chosen] == [(7, 8), (9, 10)]
    # a name the knowledge base knows whole ("Bosnia and Herzegovina") stays whole
    whole = known(7, 10, "COUNTRY")
    chosen = merge_candidates(doc, [gondor, arnor, whole], [listing])
    assert [(c.tok_start, c.tok_end) for c in chosen] == [(7, 10)]


# -- the PETRARCH coder: agents on the actors ------------------------------------------------------


@pytest.fixture(scope="module")
def coder():
    from dateline.evaluation.petrarch import Coder
    from dateline.knowledge.petrarch_actors import parse_actors, parse_agents

    folder = shared_path("eval", "petrarch2-unit", "validation_dictionaries")
    actors = Path(folder, "PETR.Validate.actors.txt").read_text("utf-8", errors="replace")
    agents = Path(folder, "PETR.Validate.agents.txt").read_text("utf-8", errors="replace")
    return Coder(parse_actors(actors), parse_agents(agents)), Path(folder, "PETR.Validate.actors.txt")


CODER_CASES = [
    ("Russian police arrested Russian students in Moscow today.", {("RUSCOP", "RUSEDU")}),
    ("Russian police arrested students in Moscow today.", {("RUSCOP", "---EDU")}),
    (
        "Lawmakers in Fornost and Gondor welcomed a resumption of formal diplomatic ties with Eriador.",
        {("FORLEG", "ERI"), ("GONLEG", "ERI")},
    ),
    (
        "The ambassadors of Arnor, Osgiliath and Gondor met Ithilen's president on Wednesday.",
        {("ARNGOV", "ITHGOV"), ("OSGGOV", "ITHGOV"), ("GONGOV", "ITHGOV")},
    ),
    (
        "Soldiers from Gondor have blocked the roads leading into Mordor along the pass of Cirith Ungol.",
        {("GONMIL", "MOR")},
    ),
    (
        "White House security officials are about to restore full diplomatic ties with Gondor and Arnor.",
        {("USAGOV", "GON"), ("USAGOV", "ARN")},
    ),
    (
        "The Calenardhon government condemned an attack by Osgiliath soldiers in south Ithilen on Thursday "
        "and sent food aid to the affected Ithilen villages.",
        {("CALGOV", "OSGMIL"), ("CALGOV", "ITH")},
    ),
    (
        "Clerics and lawmakers warned that Dagolath and Osgiliath would face sanctions.",
        {("---REL", "DAG"), ("---REL", "OSG"), ("---LEG", "DAG"), ("---LEG", "OSG")},
    ),
]


CODER_CASES += [
    # an organisation or person the dictionary does not know takes the actor named with it
    ("MSF Arnor is about to restore full diplomatic ties with Gondor.", {("NGOARN", "GON")}),
    ("An MSF Arnor diplomat is about to restore full diplomatic ties with Gondor.", {("NGOARNGOV", "GON")}),
    ("Fornost President Umbardacil has again appealed to Ithilen for peace.", {("FORGOV", "ITH")}),
    # agents on each conjunct, words before the first shared; "the government of X"
    (
        "The Danish Islamist media and government condemned Gondor on Monday.",
        {("DNKMUSMED", "GON"), ("DNKMUSGOV", "GON")},
    ),
    ("Ithilen and the government of Gondor condemned Mordor on Monday.", {("ITH", "MOR"), ("GONGOV", "MOR")}),
]


@pytest.mark.parametrize(("text", "want"), CODER_CASES, ids=[c[0][:50] for c in CODER_CASES])
def test_coder_dyads(coder, text: str, want: set[tuple[str, str]]):
    from dateline.evaluation.petrarch import _pipeline

    the_coder, actors_file = coder
    pipe = _coder_pipeline(_pipeline, actors_file)
    day = date(2023, 3, 22)
    document = pipe.read(Article(text=text, published=datetime(2023, 3, 22, 12)))
    got = {c[:2] for e in document.events for c in the_coder.code_event(document, e, day)}
    assert want <= got, got


_PIPELINES: dict[Path, object] = {}


def _coder_pipeline(make, actors_file: Path):
    """The evaluation's pipeline with the suite's actors and our own lexicon (the actors are under test
    here, not the suite's verb dictionary)."""
    if actors_file not in _PIPELINES:
        try:
            _PIPELINES[actors_file] = make(actors_file, None)
        except TypeError:
            _PIPELINES[actors_file] = make(actors_file)
    return _PIPELINES[actors_file]
