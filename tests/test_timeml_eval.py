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


def test_written_timeml_reads_back() -> None:
    from datetime import datetime

    from dateline.model import Article, Document, Time
    from dateline.timeml_writer import to_timeml

    text = "Talks & more <talks> on Friday; the next day too."
    times = [
        Time(23, 29, "Friday", "DATE", "2021-12-03", anchor="DCT"),
        Time(31, 43, "the next day", "DATE", "2021-12-04", anchor="Friday"),
    ]
    document = Document(article=Article(text=text, published=datetime(2021, 12, 5)), times=times)
    written = to_timeml(document)
    assert 'anchorTimeID="t1"' in written and 'anchorTimeID="t0"' in written
    doc = parse_timeml(written)
    assert doc.text == text
    assert doc.dct is not None and doc.dct.date().isoformat() == "2021-12-05"
    assert [(t.start, t.end, t.value) for t in doc.times] == [(t.start, t.end, t.value) for t in times]


def test_cli_reads_to_timeml(tmp_path) -> None:
    from click.testing import CliRunner

    from dateline.cli import cli

    source = tmp_path / "story.txt"
    source.write_text("The minister said on Friday that talks would resume next week.", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["read", "--raw", "--published", "2021-12-05T08:45:00+05:30", "--format", "timeml", str(source)]
    )
    assert result.exit_code == 0, result.output
    doc = parse_timeml(result.output)
    assert [(t.text, t.value) for t in doc.times] == [("Friday", "2021-12-03"), ("next week", "2021-W49")]


def test_cli_eval_timeml_scores_a_folder(tmp_path) -> None:
    from click.testing import CliRunner

    from dateline.cli import cli

    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.tml").write_text(DOC, encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "timeml", str(tmp_path), "--errors", "5"])
    assert result.exit_code == 0, result.output
    assert "news" in result.output and "overall" in result.output and "value acc" in result.output
