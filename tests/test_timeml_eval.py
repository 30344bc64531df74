"""The TempEval-3 scorer on small inline TimeML (no corpus needed)."""

from __future__ import annotations

from dateline.evaluation.timeml import Counts, GoldTime, SystemTime, match, parse_timeml, scores, strip_tags

DOC = """<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" functionInDocument="CREATION_TIME">1998-08-07</TIMEX3></DCT>
<TITLE>Not text <TIMEX3 tid="t9" type="DATE" value="1998">1998</TIMEX3></TITLE>
<TEXT>
Bombs <EVENT eid="e1">exploded</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3> &amp; \
<TIMEX3 tid="t2" type="DURATION" value="P3Y">the past three years</TIMEX3>.
</TEXT>
</TimeML>"""


def test_parse_keeps_text_dct_and_gold_offsets() -> None:
    doc = parse_timeml(DOC, "x.tml")
    assert doc.dct is not None and doc.dct.date().isoformat() == "1998-08-07"
    assert "<" not in doc.text and "&amp;" not in doc.text and "& " in doc.text
    assert [(t.text, t.type, t.value) for t in doc.times] == [
        ("Friday", "DATE", "1998-08-07"),
        ("the past three years", "DURATION", "P3Y"),
    ]
    for t in doc.times:
        assert doc.text[t.start : t.end] == t.text


def test_strip_tags_plain_text_unchanged() -> None:
    assert strip_tags("no tags here") == ("no tags here", [])


def test_relaxed_and_strict_matching() -> None:
    gold = [GoldTime(0, 6, "Friday", "DATE", "1998-08-07"), GoldTime(10, 30, "x", "DURATION", "P3Y")]
    system = [
        SystemTime(0, 6, "DATE", "1998-08-07"),
        SystemTime(14, 30, "DURATION", "P2Y"),
        SystemTime(40, 44, "DATE", "1998"),
    ]
    counts, problems = match(gold, system)
    assert (counts.gold, counts.system, counts.relaxed, counts.strict) == (2, 3, 2, 1)
    assert (counts.type_ok, counts.value_ok) == (2, 1)
    assert sorted(p.kind for p in problems) == ["spurious", "value"]


def test_scores_follow_tempeval3() -> None:
    c = Counts(gold=4, system=5, relaxed=4, strict=2, type_ok=4, value_ok=3)
    s = scores(c)
    relaxed_f1 = 2 * 0.8 * 1.0 / 1.8
    assert abs(s["relaxed_f1"] - 100 * relaxed_f1) < 1e-9
    assert abs(s["strict_p"] - 40.0) < 1e-9 and abs(s["strict_r"] - 50.0) < 1e-9
    assert abs(s["value_acc"] - 75.0) < 1e-9
    assert abs(s["value_f1"] - 75.0 * relaxed_f1) < 1e-9
    assert abs(s["type_f1"] - 100 * relaxed_f1) < 1e-9


def test_empty_counts_score_zero() -> None:
    assert scores(Counts())["value_f1"] == 0.0


def test_a_gold_time_pairs_with_one_system_time() -> None:
    gold = [GoldTime(0, 10, "a", "DATE", "1998")]
    system = [SystemTime(0, 4, "DATE", "1998"), SystemTime(5, 10, "DATE", "1998")]
    counts, problems = match(gold, system)
    assert counts.relaxed == 1 and [p.kind for p in problems] == ["spurious"]
