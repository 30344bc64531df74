"""PETRARCH verb dictionaries (`--lexicon FILE`): reading the format, matching patterns, and the events
they code, with the roles PETRARCH gives them."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.errors import LexiconError
from dateline.events.lexicon import load_lexicon
from dateline.events.verb_dictionary import inflections, parse_verb_dictionary, plover_type, plurals
from dateline.model import Article
from dateline.pipeline import Pipeline

# CAMEO codes, written the way PETRARCH's CAMEO.verbpatterns dictionaries are
DICTIONARY = """\
<!-- a test dictionary
     in the PETRARCH format -->
&CURRENCY
+DOLLAR
+EURO
+SWISS FRANC

&TIETYPES_     # no plurals
+MILITARY
+ECONOMIC

&NEGATION
+DID N'T
+WILL NOT

--- GIVE AID [070] ---
CONTRIBUTE
GIVE {GAVE GIVEN}
- * &CURRENCY [071]
- * &TIETYPES AID [0721]
- &NEGATION * [---]
- * RUPEES [903]   # the dictionary's own refinement code: not CAMEO
- * THE FULL [+++]  # not an event code: skipped

--- CONSULT [040] ---
MEET {MET} [040:040]
+HOLD_TALKS {+HELD_TALKS}

--- VISIT [042:043] ---
ARRIVE
VISIT

--- RELEASE [084] ---
FREE
- + WAS_ * FROM $ [0841]

--- POSTPONE [---] ---
POSTPONE
- % HAVE * [0414]   # a compound reschedules its own talks

--- SAY [---] ---
SAY {SAID}
- * NOTHING [###]  # not an event code, though it holds comment characters: skipped

--- REPORT [025?] ---
REPORT
"""


@pytest.fixture(scope="module")
def dictionary_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("verbs") / "test.verbs.txt"
    path.write_text(DICTIONARY, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def coded(dictionary_file):
    pipeline = Pipeline(lexicon=(dictionary_file,))

    def read(text: str) -> list[tuple[str, str | None, str, list[str], list[str], str]]:
        doc = pipeline.read(Article(text=text, id="t", published=datetime(2021, 12, 5, 12)))
        name = {e.id: e.name for e in doc.entities}
        return [
            (
                e.type,
                e.cameo,
                e.trigger.text,
                [name[a] for a in e.actors],
                [name[r] for r in e.recipients],
                e.status,
            )
            for e in doc.events
        ]

    return read


def test_reads_families_forms_synsets_and_patterns():
    d = parse_verb_dictionary(DICTIONARY, "test")
    names = [f.name for f in d.families]
    assert names == ["give aid", "consult", "visit", "release", "postpone", "say", "report"]
    give = d.families[0]
    assert [f.head for f in give.forms] == ["contribute", "give", "gave", "given"]
    assert {"contributes", "contributed", "contributing", "gave"} <= set(d.by_word)
    assert ("swiss", "francs") in d.synsets["currency"]  # plurals made for a phrase's last word
    assert d.synsets["tietypes"] == [("military",), ("economic",)]  # "_": no plurals
    consult = d.families[1]
    assert consult.forms[0].code == "040:040"
    assert (consult.forms[-1].head, consult.forms[-1].after) == ("held", ("talks",))
    release = d.families[3].patterns[0]
    assert release.target_first and release.verb_glued and release.code == "0841"
    assert d.families[4].patterns[0].joint
    # "#" inside a [code] is no comment; codes that are no event codes are listed and not used
    assert d.families[5].patterns == [] and d.families[6].code == "---"
    assert sorted(d.skipped) == [
        "line 23: * THE FULL [+++] (not an event code)",
        "line 43: * NOTHING [###] (not an event code)",
        "line 45: [025?] (not an event code; the verb alone codes no event)",
    ]


def test_a_pattern_naming_an_undefined_synset_is_skipped_and_listed():
    d = parse_verb_dictionary("--- GIVE [070] ---\nGIVE\n- * &NOWHERE [071]\n", "test")
    assert d.families[0].patterns == [] and "undefined synset" in d.skipped[0]


@pytest.mark.parametrize(
    "text, message",
    [
        ("- * TALKS [040]\n", "a pattern before any verb family"),
        ("MEET\n", "a verb before any"),
        ("--- MEET [040] ---\nMEET\n- * TALKS\n", r"line 3: a pattern without a \[code\]"),
    ],
)
def test_malformed_dictionaries_are_refused_with_the_line(text, message):
    with pytest.raises(LexiconError, match=message):
        parse_verb_dictionary(text, "bad.verbs")


def test_regular_forms_and_plurals():
    assert inflections("stop") == ["stop", "stops", "stoped", "stoping", "stopped", "stopping"]
    assert inflections("try")[1:3] == ["tries", "tried"]
    assert inflections("arrive") == ["arrive", "arrives", "arrived", "arriving"]
    assert plurals("embassy") == ["embassy", "embassies"] and plurals("pass") == ["pass", "passes"]


@pytest.mark.parametrize(
    "code, expected",
    [("057", "AGREE"), ("051", "SUPPORT"), ("0841", "CONCEDE"), ("0871", "RETREAT"), ("190", "ASSAULT")],
)
def test_cameo_codes_map_to_plover_types(code, expected):
    assert plover_type(code) == expected


@pytest.mark.parametrize("code", ["010", "903", "345", "###", ""])
def test_codes_plover_has_no_type_for(code):
    assert plover_type(code) is None


def test_a_dictionary_file_is_told_from_a_yaml_lexicon(dictionary_file):
    lexicon = load_lexicon((dictionary_file,))
    assert len(lexicon.dictionaries) == 1
    assert lexicon.verbs  # the bundled YAML lexicon is still there


def test_the_base_code_and_a_synset_pattern(coded):
    assert coded("Japan gave Kenya a loan on Monday.")[0][:5] == ("AID", "070", "gave", ["Japan"], ["Kenya"])
    assert coded("Japan will contribute five million dollars to Kenya.")[0][:2] == ("AID", "071")
    assert coded("Japan will contribute 20 million swiss francs to Kenya.")[0][:2] == ("AID", "071")
    assert coded("Japan gave economic aid to Kenya.")[0][:2] == ("AID", "0721")


def test_a_refinement_code_keeps_the_verbs_type(coded):
    # "903" is no CAMEO code: the event is the verb's AID, with the pattern's code
    assert coded("Japan will contribute five million rupees to Kenya.")[0][:2] == ("AID", "903")


def test_a_pattern_with_the_null_code_stops_the_event(coded):
    assert coded("Japan did n't give Kenya a loan.") == []


def test_the_dictionary_alone_decides_a_verb_it_knows(coded):
    # "said" is coded "---" by the dictionary: no event, whatever the bundled lexicon would say
    assert coded("Japan said Kenya must pay.") == []


def test_a_two_way_code_makes_the_event_and_the_one_back(coded):
    events = coded("President Joe Biden met Vladimir Putin in Geneva.")
    assert [(e[0], e[1], e[3], e[4]) for e in events] == [
        ("CONSULT", "040", ["Joe Biden"], ["Vladimir Putin"]),
        ("CONSULT", "040", ["Vladimir Putin"], ["Joe Biden"]),
    ]


def test_the_place_in_the_verbs_phrase_is_the_target_and_hosts(coded):
    events = coded("Narendra Modi arrived in Russia on Monday.")
    assert [(e[1], e[3], e[4]) for e in events] == [
        ("042", ["Narendra Modi"], ["Russia"]),
        ("043", ["Russia"], ["Narendra Modi"]),
    ]


def test_a_multiword_verb(coded):
    events = coded("India held talks with Pakistan on Monday.")
    assert events[0][:5] == ("CONSULT", "040", "held", ["India"], ["Pakistan"])


def test_target_first_pattern_makes_the_subject_the_one_acted_on(coded):
    # "+ WAS_ * FROM $": pattern words are whole words, so "were freed" does not match it
    events = coded("Brittney Griner was freed from Russia on Thursday.")
    assert [(e[1], e[3], e[4]) for e in events] == [("0841", ["Russia"], ["Brittney Griner"])]
    # no pattern holds: a passive with no "by" names nobody who acts, and an event needs an actor
    assert coded("Brittney Griner and Paul Whelan were freed from Russia on Thursday.") == []


def test_a_compound_acting_on_itself(coded):
    events = coded("India and Pakistan have postponed their talks.")
    assert [(e[1], e[3], e[4]) for e in events] == [("0414", ["India", "Pakistan"], ["India", "Pakistan"])]


def test_read_takes_a_verb_dictionary_from_the_command_line(dictionary_file, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Japan will contribute five million dollars to Kenya.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["read", str(article), "--json", "--lexicon", str(dictionary_file)])
    assert result.exit_code == 0, result.output
    assert [e["cameo"] for e in json.loads(result.stdout)["events"]] == ["071"]


def test_a_missing_lexicon_file_is_a_clear_error(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Japan gave Kenya a loan.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["read", str(article), "--lexicon", str(tmp_path / "none.verbs")])
    assert result.exit_code == 2
    assert "D701" in result.output and "check the path" in result.output


def test_read_says_once_what_a_dictionary_codes_nothing_with(dictionary_file, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Japan gave Kenya a loan.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["read", str(article), "--json", "--lexicon", str(dictionary_file)])
    assert result.exit_code == 0
    notes = [line for line in result.stderr.splitlines() if "note:" in line]
    assert len(notes) == 1 and "3 lines not used" in notes[0] and "[+++]" in notes[0]


def test_ingest_codes_with_a_verb_dictionary(dictionary_file, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Japan will contribute five million dollars to Kenya.\n", encoding="utf-8")
    db = str(tmp_path / "store.db")
    runner = CliRunner()
    result = runner.invoke(
        cli, ["ingest", str(article), "--db", db, "--quiet", "--lexicon", str(dictionary_file)]
    )
    assert result.exit_code == 0, result.output
    events = json.loads(runner.invoke(cli, ["events", "--db", db, "--format", "json"]).stdout)
    assert [(e["type"], e["cameo"], e["actor_names"], e["recipient_names"]) for e in events] == [
        ("AID", "071", ["Japan"], ["Kenya"])
    ]
    missing = runner.invoke(cli, ["ingest", str(article), "--db", db, "--lexicon", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "D701" in missing.output


# PETRARCH 2's own CAMEO dictionary (CAMEO.2.0.txt) writes phrases in patterns: "(TO BORDER)" a
# prepositional phrase, "{ECONOMIC AID}" a noun phrase, and "[:173]" for the event back only
PETRARCH2_STYLE = """\
####### VERB PATTERNS #######

---  OFFER   [030]  ---
OFFER
PROFFER
- * {ECONOMIC AID}                                    [0331]        # OFFER
- * (FOR &TALKS)                                      [036]         # OFFER

---  APPEAR   [---]  ---
APPEAR
- * (BEFORE COURT)                                    [:173]        # APPEAR

&TALKS
+NEGOTIATION
+TALKS_
"""


def test_petrarch2_phrase_marks_and_back_only_codes():
    d = parse_verb_dictionary(PETRARCH2_STYLE, "cameo.txt")
    offer, appear = d.families
    assert [e.value for e in offer.patterns[0].after] == ["economic", "aid"]
    assert [e.value for e in offer.patterns[1].after] == ["for", "talks"]
    assert appear.patterns[0].code == ":173" and not d.skipped


def test_petrarch2_style_dictionary_codes(tmp_path):
    path = tmp_path / "cameo.txt"
    path.write_text(PETRARCH2_STYLE, encoding="utf-8")
    pipeline = Pipeline(lexicon=(path,))
    doc = pipeline.read(Article(text="Japan offered economic aid to Kenya on Monday.", id="t"))
    assert [(e.cameo, e.type) for e in doc.events] == [("0331", "AGREE")]
    doc = pipeline.read(Article(text="Japan offered Kenya new talks on Monday.", id="t"))
    assert [e.cameo for e in doc.events] == ["030"]  # "for" is not there: the verb's own code
    # "[:173]": the event back only, the court's country acting on the one who appeared
    doc = pipeline.read(Article(text="Vladimir Putin appeared before a court in Ukraine on Monday.", id="t"))
    name = {e.id: e.name for e in doc.entities}
    assert [
        (e.cameo, e.type, [name[a] for a in e.actors], [name[r] for r in e.recipients]) for e in doc.events
    ] == [("173", "COERCE", ["Ukraine"], ["Vladimir Putin"])]


def test_a_pattern_of_common_words_on_a_long_sentence_is_tried_once_per_place():
    """Seven prepositions and a word that is not there, against 100 words full of prepositions: without
    remembering what failed, the search would try every way of placing them (about 10^10)."""
    d = parse_verb_dictionary(
        "&P\n+IN\n+ON\n+AT\n+THE\n--- GO [040] ---\nGO\n- * &P &P &P &P &P &P &P NOWHERE [041]\n"
    )
    nlp = Pipeline(stages=[]).nlp
    doc = nlp("They go " + " ".join(["in the house on the hill at the end"] * 12) + ".")
    found = d.match(doc[1], list(doc))
    assert found is not None and found.code == "040"
