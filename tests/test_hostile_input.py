"""Hostile and broken input (docs/reliability.md): each gives a clear, typed error or a flagged partial
result, never a crash, a hang or a half-stored article."""

from __future__ import annotations

import io
import json
import resource
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.cli import cli
from dateline.errors import BinaryInput, EmptyInput, InputError, InputTooLarge, MalformedInput
from dateline.intake import IntakeOptions, read_source
from dateline.model import Article

STORY = (
    "<p>The minister said on Tuesday that the talks would resume next week in the capital city.</p>"
    "<p>Officials from both sides met for three hours and signed an agreement on trade and energy.</p>"
)
RUSSIAN = (
    "<p>Президент России Владимир Путин встретился в Нью-Дели с премьер-министром Индии Нарендрой Моди.</p>"
    "<p>Стороны подписали несколько соглашений о сотрудничестве в области обороны и энергетики.</p>"
)
FRENCH = (
    "<p>Le président français a déclaré mercredi à Genève que les négociations reprendraient cet été.</p>"
    "<p>Les délégués ont salué un accord « historique » sur la pêche et l'énergie, selon l'agence.</p>"
)


def page(body: str, head: str = "", headline: str = "Headline of the story") -> str:
    return (
        f"<html><head>{head}<title>{headline}</title></head>"
        f"<body><article><h1>{headline}</h1>{body}</article></body></html>"
    )


def read_one(path: Path, **options: object) -> Article | InputError:
    [item] = list(read_source(str(path), IntakeOptions(**options)))  # type: ignore[arg-type]
    return item


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- bytes ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b" ", b"  \n\t\r\n \x0c \n"], ids=["empty", "space", "whitespace"])
@pytest.mark.parametrize("name", ["a.txt", "a.html"])
def test_empty_and_whitespace_only_files(tmp_path: Path, data: bytes, name: str) -> None:
    item = read_one(write(tmp_path, name, data))
    assert isinstance(item, EmptyInput)
    assert name in str(item) and ("empty" in item.reason or "whitespace" in item.reason)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 20,
        b"%PDF-1.7\n" + bytes(range(256)) * 8,
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 8,
    ],
    ids=["png", "elf", "pdf", "zip"],
)
def test_binary_bytes_named_html(tmp_path: Path, data: bytes) -> None:
    item = read_one(write(tmp_path, "story.html", data))
    assert isinstance(item, BinaryInput)


def test_200_mb_file_is_refused_at_the_limit_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as out:
        out.truncate(200 * 1024 * 1024)  # sparse: takes no disk and no time
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    item = read_one(path)
    assert isinstance(item, InputTooLarge)
    assert "209,715,200 bytes is over the limit of 10,485,760" in item.reason
    assert time.perf_counter() - started < 1
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024  # KB: nothing was read


def test_a_file_that_grows_past_the_limit_is_read_no_further(tmp_path: Path, monkeypatch) -> None:
    """The size is checked first, and then at most limit + 1 bytes are read (a file growing between the
    two, a FIFO whose size says 0)."""
    path = write(tmp_path, "growing.txt", b"word " * 1000)
    real_stat = Path.stat
    monkeypatch.setattr(Path, "stat", lambda self, **kw: real_stat(tmp_path / "small", **kw))
    (tmp_path / "small").write_bytes(b"x")
    item = read_one(path, max_bytes=100)
    assert isinstance(item, InputTooLarge)


def test_invalid_utf8_comes_out_as_text(tmp_path: Path) -> None:
    sentence = "The minister said on Tuesday that the talks would resume next week in the capital city. "
    data = sentence.encode() * 3 + b"\xff\xfe\xc3\x28 broken \xe2\x82 bytes\n"
    item = read_one(write(tmp_path, "broken.txt", data))
    assert isinstance(item, Article)
    assert item.text.startswith(sentence.strip())


# -- encodings --------------------------------------------------------------------------------------------

RUSSIAN_WORDS = ("Президент", "Путин", "Нью-Дели", "соглашений", "энергетики")
FRENCH_WORDS = ("président", "déclaré", "Genève", "négociations", "délégués", "« historique »", "pêche")


@pytest.mark.parametrize(
    "head",
    [
        "",
        '<meta charset="windows-1251">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
        '<meta charset="utf-8">',  # a lie: the bytes are cp1251
        '<meta charset="iso-8859-1"><meta http-equiv="Content-Type" content="text/html; charset=cp1251">',
        '<meta charset="utf-8"><meta charset="koi8-r">',
    ],
    ids=["undeclared", "declared", "http-equiv", "lying-utf8", "two-metas", "two-wrong-metas"],
)
def test_windows_1251_page(tmp_path: Path, head: str) -> None:
    data = page(RUSSIAN, head, headline="Путин и Моди в Нью-Дели").encode("cp1251")
    item = read_one(write(tmp_path, "ru.html", data))
    assert isinstance(item, Article)
    for word in RUSSIAN_WORDS:
        assert word in item.text
    assert item.title == "Путин и Моди в Нью-Дели"


@pytest.mark.parametrize(
    "head",
    [
        "",
        '<meta charset="iso-8859-1">',
        '<meta charset="latin1">',
        '<meta charset="utf-8">',  # a lie: the bytes are Latin-1
        '<meta charset="windows-1251"><meta charset="iso-8859-1">',
    ],
    ids=["undeclared", "declared", "latin1-label", "lying-utf8", "two-metas"],
)
def test_iso_8859_1_page(tmp_path: Path, head: str) -> None:
    data = page(FRENCH, head, headline="Genève: accord sur la pêche").encode("latin-1")
    item = read_one(write(tmp_path, "fr.html", data))
    assert isinstance(item, Article)
    for word in FRENCH_WORDS:
        assert word in item.text
    assert item.title == "Genève: accord sur la pêche"


@pytest.mark.parametrize("encoding", ["cp1251", "latin-1"])
def test_plain_text_in_a_legacy_encoding(tmp_path: Path, encoding: str) -> None:
    body, words = (RUSSIAN, RUSSIAN_WORDS) if encoding == "cp1251" else (FRENCH, FRENCH_WORDS)
    text = body.replace("<p>", "").replace("</p>", "\n\n")
    item = read_one(write(tmp_path, "story.txt", text.encode(encoding)))
    assert isinstance(item, Article)
    for word in words:
        assert word in item.text


@pytest.mark.parametrize(
    "bom, encoding",
    [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")],
    ids=["utf-8", "utf-16-le", "utf-16-be"],
)
@pytest.mark.parametrize("kind", ["html", "txt"])
def test_byte_order_marks(tmp_path: Path, bom: bytes, encoding: str, kind: str) -> None:
    source = page(FRENCH, headline="Genève") if kind == "html" else FRENCH.replace("</p>", "\n\n")
    source = source.replace("<p>", "") if kind == "txt" else source
    item = read_one(write(tmp_path, f"bom.{kind}", bom + source.encode(encoding)))
    assert isinstance(item, Article)
    assert "\ufeff" not in item.text
    assert item.text.startswith("Le président français")
    for word in FRENCH_WORDS:
        assert word in item.text


# -- structure ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("closed", [True, False], ids=["closed", "unclosed"])
def test_ten_thousand_nested_divs(tmp_path: Path, closed: bool) -> None:
    html = (
        "<html><body>" + "<div>" * 10_000 + STORY + ("</div>" * 10_000 if closed else "") + "</body></html>"
    )
    started = time.perf_counter()
    item = read_one(write(tmp_path, "deep.html", html.encode()))
    assert time.perf_counter() - started < 5
    # libxml2 keeps 256 levels; what is deeper is dropped, so the story is found or the page is
    # reported as having none (never a RecursionError)
    assert isinstance(item, (Article, EmptyInput))
    if isinstance(item, Article):
        assert "the talks would resume" in item.text


def test_nesting_under_the_parser_limit_keeps_the_story(tmp_path: Path) -> None:
    html = "<html><body>" + "<div>" * 200 + STORY + "</div>" * 200 + "</body></html>"
    item = read_one(write(tmp_path, "deep.html", html.encode()))
    assert isinstance(item, Article) and "the talks would resume" in item.text


def test_five_megabyte_attribute(tmp_path: Path) -> None:
    html = page(STORY).replace("<h1>", '<h1 data-x="' + "A" * 5_000_000 + '">', 1)
    started = time.perf_counter()
    item = read_one(write(tmp_path, "attr.html", html.encode()))
    assert time.perf_counter() - started < 10
    assert isinstance(item, Article)
    assert "the talks would resume" in item.text and "AAAA" not in item.text


def test_script_payloads_in_every_field_are_kept_as_text(tmp_path: Path) -> None:
    html = (
        "<html><head><title>&lt;script&gt;alert(1)&lt;/script&gt; Talks resume</title>"
        '<meta name="author" content="&lt;img src=x onerror=alert(2)&gt;">'
        "<script>document.write('<p>injected by script, never story, never story at all here</p>')</script>"
        "</head><body><article><h1>&lt;script&gt;alert(1)&lt;/script&gt; Talks resume</h1>"
        "<p>The minister said &lt;script&gt;alert(3)&lt;/script&gt; on Tuesday that the talks would "
        "resume next week.</p><p>Officials said the &lt;b onmouseover=alert(4)&gt; agreement on trade "
        "was signed after three hours.</p></article></body></html>"
    )
    item = read_one(write(tmp_path, "xss.html", html.encode()))
    assert isinstance(item, Article)
    assert item.title == "<script>alert(1)</script> Talks resume"
    assert item.author == "<img src=x onerror=alert(2)>"
    assert "<script>alert(3)</script>" in item.text and "<b onmouseover=alert(4)>" in item.text
    assert "injected" not in item.text
    record = json.dumps({"title": item.title, "text": item.text})  # JSON output escapes nothing away
    assert json.loads(record)["title"] == item.title


def test_script_payloads_in_a_jsonl_batch(tmp_path: Path) -> None:
    line = {
        "id": "x",
        "title": "<script>alert(1)</script>",
        "text": "The minister said <script>alert(2)</script> on Tuesday that the talks would resume.",
    }
    path = write(tmp_path, "batch.jsonl", json.dumps(line).encode() + b"\n")
    item = read_one(path)
    assert isinstance(item, Article)
    assert item.title == line["title"] and "<script>alert(2)</script>" in item.text


# -- offsets through the whole pipeline ----------------------------------------------------------------------

HARD_TEXT = (
    "President Joe Biden 🇺🇸 met Israeli Prime Minister Naftali Bennett in Jerusalem on Monday, "
    "December 6, 2021. The sign above them read שלום עליכם and مرحبا بكم in both languages. "
    '"We will meet again next week," Biden said 👍🏽, adding that $3 million would go to the '
    "Cafe\u0301 Ramírez fund in Tel Aviv.\n\n"
    "Zoë Nguyễn of Reuters 👩‍👩‍👧 reported that the talks lasted 4 hours on Tuesday and that "
    "Bennett would travel to Washington in January."
)


def spans(document) -> list[tuple[str, int, int, str]]:
    found: list[tuple[str, int, int, str]] = []
    for layer in ("times", "amounts", "quotes"):
        found += [(layer, s.start, s.end, s.text) for s in getattr(document, layer)]
    for quote in document.quotes:
        if quote.cue is not None:
            found.append(("quote cue", quote.cue.start, quote.cue.end, quote.cue.text))
    for entity in document.entities:
        found += [("entity", m.start, m.end, m.text) for m in entity.mentions]
    for event in document.events:
        found += [("event", m.start, m.end, m.text) for m in [event.trigger, *event.mentions]]
    return found


@pytest.mark.parametrize("raw", [True, False], ids=["raw", "cleaned"])
def test_offsets_are_exact_with_rtl_emoji_and_combining_marks(tmp_path: Path, pipeline, raw: bool) -> None:
    item = read_one(write(tmp_path, "hard.txt", HARD_TEXT.encode()), raw=raw)
    assert isinstance(item, Article)
    if raw:
        assert item.text == HARD_TEXT
    for needle in ("🇺🇸", "שלום עליכם", "مرحبا", "👍🏽", "Cafe\u0301", "Nguyễn", "👩‍👩‍👧"):
        assert needle in item.text
    document = pipeline.read(item)
    text = document.text
    found = spans(document)
    layers = {layer for layer, *_ in found}
    assert {"times", "entity", "quotes", "amounts"} <= layers
    for layer, start, end, span_text in found:
        assert 0 <= start <= end <= len(text), (layer, start, end)
        assert text[start:end] == span_text, (layer, start, end, span_text)
    for sentence in document.sentences:
        assert 0 <= sentence.start < sentence.end <= len(text)
    assert document.sentences[0].start == 0 or not text[: document.sentences[0].start].strip()


# -- web archives ---------------------------------------------------------------------------------------------


def write_warc(path: Path, pages: int, gzip: bool = True, paragraphs: int = 1) -> list[int]:
    """A WARC (gzipped per record unless `gzip` is false) of `pages` HTML responses, each of `paragraphs`
    distinct paragraphs; the offset where each record ends."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    ends = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for number in range(1, pages + 1):
            story = STORY.replace("three hours", f"{number} hours") + "".join(
                f"<p>Delegate {number * 7919 + k * 104729} spoke for {k * 37 % 97} minutes about item {k}.</p>"
                for k in range(1, paragraphs)
            )
            body = page(story, headline=f"Story number {number}")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], "HTTP/1.1")
            record = writer.create_warc_record(
                f"https://news.example/{number}",
                "response",
                payload=io.BytesIO(body.encode()),
                http_headers=headers,
            )
            writer.write_record(record)
            ends.append(out.tell())
    return ends


def test_truncated_warc_gz_through_ingest(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    ends = write_warc(whole, 5)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: ends[2] + (ends[3] - ends[2]) // 2])  # in the middle of record 4
    db = tmp_path / "cut.db"
    result = CliRunner().invoke(cli, ["ingest", str(cut), "--db", str(db), "--quiet", "--json"])
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    assert summary["new"] == 3 and summary["failed"] == 1
    [failure] = summary["failures"]
    assert failure["code"] == MalformedInput.code and "cut short" in failure["reason"]
    assert "cut.warc.gz" in result.stderr
    stored = CliRunner().invoke(cli, ["db", "info", "--db", str(db)])
    counts = json.loads(stored.stdout)["counts"]
    assert counts["articles"] == 3 and counts["failures"] == 1


@pytest.mark.parametrize("suffix", [".warc.gz", ".warc"])
def test_warc_cut_inside_a_payload_stores_no_half_page(tmp_path: Path, suffix: str) -> None:
    """The cut falls at 90% of record 4 of 5, inside its HTML: warcio hands over the part before the cut.
    That record is skipped and recorded as MalformedInput (D105); the 3 whole records are stored."""
    from dateline.store.remote import read_warc

    whole = tmp_path / f"whole{suffix}"
    ends = write_warc(whole, 5, gzip=suffix.endswith(".gz"), paragraphs=60)
    cut = tmp_path / f"cut{suffix}"
    cut.write_bytes(whole.read_bytes()[: ends[2] + (ends[3] - ends[2]) * 9 // 10])
    items = list(read_warc(str(cut), IntakeOptions()))
    assert [type(item) for item in items] == [Article, Article, Article, MalformedInput], items
    assert all(item.title and "number 4" not in item.title for item in items if isinstance(item, Article))
    failure = items[-1]
    assert isinstance(failure, InputError) and failure.source == f"{cut}#4"
    assert "cut short" in failure.reason and "bytes missing" in failure.reason

    db = tmp_path / "cut.db"
    result = CliRunner().invoke(cli, ["ingest", str(cut), "--db", str(db), "--quiet", "--json"])
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    assert summary["new"] == 3
    assert {(failure["source"].rsplit("/", 1)[-1], failure["code"]) for failure in summary["failures"]} == {
        (f"cut{suffix}#4", MalformedInput.code),
        (f"cut{suffix}", MalformedInput.code),  # the archive as a whole: the rest is lost
    }


@pytest.mark.parametrize("offset", [5, 60, 200], ids=["version-line", "record-id", "content-length"])
def test_plain_warc_cut_inside_record_headers(tmp_path: Path, offset: int) -> None:
    """A plain .warc cut inside the WARC headers of record 4: the 3 records before are read and the cut
    is reported (D105), never a traceback."""
    whole = tmp_path / "whole.warc"
    ends = write_warc(whole, 5, gzip=False)
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole.read_bytes()[: ends[2] + offset])
    db = tmp_path / "cut.db"
    result = CliRunner().invoke(cli, ["ingest", str(cut), "--db", str(db), "--quiet", "--json"])
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    assert summary["new"] == 3 and summary["failed"] >= 1
    assert all(failure["code"] == MalformedInput.code for failure in summary["failures"])
    assert any("cut short inside the headers" in failure["reason"] for failure in summary["failures"])


def test_whole_warc_gz_has_no_failure(tmp_path: Path) -> None:
    from dateline.store.inputs import archive_cut

    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, 2)
    assert archive_cut(whole) is None


# -- any bytes ------------------------------------------------------------------------------------------------

PREFIXES = st.sampled_from(
    [b"", b"<html><body><p>", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b'<meta charset="cp1251">', b"{"]
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=PREFIXES, data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".html", ".jsonl", ""]))
def test_any_bytes_give_articles_or_input_errors(prefix: bytes, data: bytes, suffix: str) -> None:
    """With --debug, so that a bug is raised rather than reported as an InputError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(prefix + data)
        for item in read_source(str(path), IntakeOptions(debug=True, max_bytes=4096)):
            assert isinstance(item, (Article, InputError))
            if isinstance(item, Article):
                assert isinstance(item.text, str) and item.text.strip()
