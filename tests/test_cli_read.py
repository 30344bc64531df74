"""`dateline read` on good and bad inputs: one clear stderr line per bad input, naming it and the reason;
exit 0 ok, 1 some inputs failed, 2 nothing could be read; no traceback without --debug."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DATA
from dateline.cli import cli

GOOD_TEXT = (
    "Home » World » Putin and Modi meet in New Delhi for annual summit\n\n"
    "Russian President Vladimir Putin met Prime Minister Narendra Modi in New Delhi on Monday for talks.\n\n"
    "The two sides signed several agreements, including one on AK-203 assault rifles.\n\n(ANI)\n"
)


@pytest.fixture
def full():
    """Ask for it to run the CLI with every reading stage; the other tests read with the sentence stage
    only, which is all intake and the command's error handling need (and keeps them fast)."""


@pytest.fixture(autouse=True)
def light_pipeline(request, monkeypatch):
    if "full" in request.fixturenames:
        return
    from dateline.stages.sentences import SentenceStage

    monkeypatch.setattr("dateline.pipeline.default_stages", lambda *args, **kwargs: [SentenceStage()])


def run(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(cli, ["read", *args], input=input)


def records(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    return path


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    files = {
        "empty": ("empty.txt", b"", "empty"),
        "whitespace": ("blank.txt", b"  \n\t\r\n  \n", "only whitespace"),
        "binary": (
            "picture.html",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(200),
            "binary",
        ),
        "undecodable": ("garbled.txt", bytes(range(128, 256)) * 6, "no encoding"),
        "too big": ("long.txt", b"word " * 400, "over the limit of 1,000 bytes"),
        "missing": ("absent.txt", None, "cannot be read"),
    }
    out = {}
    for key, (name, data, reason) in files.items():
        path = tmp_path / name
        if data is not None:
            path.write_bytes(data)
        out[key] = (path, reason)
    return out


@pytest.mark.parametrize("kind", ["empty", "whitespace", "binary", "undecodable", "too big", "missing"])
def test_each_bad_input_is_one_clear_line_and_exit_2(tmp_path, kind):
    path, reason = bad_inputs(tmp_path)[kind]
    result = run("--json", "--max-bytes", "1000", str(path))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    (line,) = error_lines(result)
    assert str(path) in line and reason in line
    assert line.startswith("dateline: [D1")
    assert "Traceback" not in result.output


def test_default_size_limit_is_ten_megabytes(tmp_path):
    from dateline.intake.decode import DEFAULT_MAX_BYTES

    assert DEFAULT_MAX_BYTES == 10 * 1024 * 1024
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse: the size check comes before any read
        f.truncate(DEFAULT_MAX_BYTES + 1)
    result = run("--json", str(path))
    assert result.exit_code == 2
    assert "over the limit of 10,485,760 bytes" in result.stderr


def test_batch_prints_good_records_in_order_and_exits_1(tmp_path, good):
    second = tmp_path / "second.txt"
    second.write_text(
        "Paragraphs only. " + "The summit ended with a joint statement on defence cooperation. " * 3
    )
    bad = bad_inputs(tmp_path)
    args = [str(good), str(bad["empty"][0]), str(second), str(bad["binary"][0])]
    result = run("--json", *args)
    assert result.exit_code == 1
    out = records(result)
    assert [r["text"][:20] for r in out] == ["Russian President Vl", "Paragraphs only. The"]
    assert out[0]["agency"] == "ANI" and out[0]["title"].startswith("Putin and Modi")
    errors = error_lines(result)
    assert len(errors) == 2
    assert "empty.txt" in errors[0] and "picture.html" in errors[1]


def test_jsonl_batch_keeps_ids_and_reports_bad_lines(tmp_path):
    lines = [
        {
            "id": "a1",
            "text": GOOD_TEXT,
            "url": "https://example.com/a1",
            "published": "2021-12-06T20:00:00+05:30",
        },
        "this is not json",
        {
            "id": 7,
            "html": "<html><body><h1>Talks held</h1><p>Russian and Indian officials held talks in New Delhi on Monday, officials said.</p></body></html>",
        },
        {"id": "a3"},
        {
            "id": "a4",
            "text": "Leaders met on Monday for talks in the capital, the foreign ministry said in a statement.",
            "title": "Given title",
            "published": "soon",
        },
        {
            "id": "a5",
            "text": "Leaders met on Monday for talks in the capital, the foreign ministry said in a statement.",
            "title": "Given title",
        },
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8"
    )
    result = run("--json", str(path))
    assert result.exit_code == 1
    out = records(result)
    assert [r["id"] for r in out] == ["a1", "7", "a5"]
    assert out[0]["url"] == "https://example.com/a1"
    assert out[0]["published"] == "2021-12-06T20:00:00+05:30"
    assert out[1]["title"] == "Talks held" and out[1]["text"].startswith("Russian and Indian officials")
    assert out[2]["title"] == "Given title"
    errors = error_lines(result)
    assert len(errors) == 3
    for error, number in zip(errors, (2, 4, 5), strict=True):
        assert f"{path}:{number}: " in error
    assert "not a JSON object" in errors[0] and "no 'text' or 'html'" in errors[1] and "'soon'" in errors[2]


def test_stdin(good):
    result = run("--json", "-", input=good.read_bytes())
    assert result.exit_code == 0, result.output
    (record,) = records(result)
    assert record["agency"] == "ANI" and record["text"].startswith("Russian President")


def test_stdin_jsonl():
    batch = "\n".join(json.dumps({"id": f"s{i}", "text": GOOD_TEXT}) for i in range(2))
    result = run("--json", "-", input=batch)
    assert [r["id"] for r in records(result)] == ["s0", "s1"]


def test_empty_stdin_names_stdin():
    result = run("--json", "-", input=b"")
    assert result.exit_code == 2
    assert "<stdin>" in result.stderr and "empty" in result.stderr


def test_raw_keeps_the_input_exactly(good):
    result = run("--json", "--raw", str(good))
    (record,) = records(result)
    assert record["text"] == GOOD_TEXT
    assert record["title"] is None and record["agency"] is None
    for s in record["sentences"]:  # offsets index the input itself
        assert GOOD_TEXT[s["start"] : s["end"]].strip() == GOOD_TEXT[s["start"] : s["end"]]


def test_published_overrides(good, tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes((DATA / "html" / "jsonld_newsarticle.html").read_bytes())
    result = run("--json", "--published", "2021-12-06T20:00:00+05:30", str(good), str(page))
    assert [r["published"] for r in records(result)] == ["2021-12-06T20:00:00+05:30"] * 2


def test_bad_published_option_is_usage_error(good):
    result = run("--json", "--published", "next week", str(good))
    assert result.exit_code == 2
    assert "--published 'next week' is not a date" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "text,encoding",
    [
        (
            "Президент России Владимир Путин прибыл в Нью-Дели в понедельник для переговоров с "
            "премьер-министром Индии Нарендрой Моди. Стороны подписали соглашение о производстве автоматов.",
            "cp1251",
        ),
        (
            "Le président français a déclaré mercredi que l'accord était « très important » pour "
            "l'Europe et qu'il serait signé à Paris après une réunion à l'Élysée.",
            "latin-1",
        ),
    ],
)
def test_non_utf8_text_files_decode(tmp_path, text, encoding):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    result = run("--json", "--raw", str(path))
    assert result.exit_code == 0, result.output
    assert records(result)[0]["text"] == text


def test_windows_1252_page_through_the_cli(full):
    result = run("--json", str(DATA / "html" / "windows_1252.html"))
    (record,) = records(result)
    assert "\u20ac60 billion" in record["text"] and "Bündnis" in record["text"]
    assert record["published"] == "2021-12-08T13:15:00+01:00"


def test_unexpected_intake_error_is_reported_not_raised(good, monkeypatch):
    import dateline.intake.sources as sources

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(sources, "strip_furniture", broken)
    result = run("--json", str(good))
    assert result.exit_code == 2
    (line,) = error_lines(result)
    assert str(good) in line and "RuntimeError: boom" in line and "--debug" in line
    assert "Traceback" not in result.output
    debug = run("--json", "--debug", str(good))
    assert isinstance(debug.exception, RuntimeError)


def test_human_report_is_the_default(good, full):
    result = run(str(good))
    assert result.exit_code == 0
    assert "Putin and Modi meet in New Delhi" in result.stdout


def test_jsonl_size_limit_is_per_article_not_per_batch(tmp_path):
    text = "Leaders met on Monday for talks in the capital, the foreign ministry said in a statement."
    lines = [json.dumps({"id": f"n{i}", "text": text}) for i in range(12)]
    lines[5] = json.dumps({"id": "huge", "text": text + " More." * 300})
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 1000
    result = run("--json", "--max-bytes", "1000", str(path))
    assert result.exit_code == 1
    assert len(records(result)) == 11
    (error,) = error_lines(result)
    assert f"{path}:6: " in error and "over the limit of 1,000 bytes" in error


def test_stdin_over_the_limit():
    result = run("--json", "--max-bytes", "1000", "-", input=b"word " * 400)
    assert result.exit_code == 2
    (line,) = error_lines(result)
    assert "<stdin>" in line and "over the limit" in line


def test_one_failing_jsonl_line_does_not_stop_the_batch(tmp_path, monkeypatch):
    import dateline.intake.sources as sources

    real = sources.strip_furniture

    def flaky(text, source=None):
        if "BOOM" in text:
            raise RuntimeError("boom")
        return real(text, source=source)

    monkeypatch.setattr(sources, "strip_furniture", flaky)
    path = tmp_path / "batch.jsonl"
    path.write_text(
        "\n".join(
            json.dumps({"id": i, "text": t})
            for i, t in enumerate([GOOD_TEXT, "BOOM " + GOOD_TEXT, GOOD_TEXT])
        ),
        encoding="utf-8",
    )
    result = run("--json", str(path))
    assert result.exit_code == 1
    assert [r["id"] for r in records(result)] == ["0", "2"]
    assert f"{path}:2: could not be read (RuntimeError: boom)" in result.stderr
