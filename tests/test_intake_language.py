"""The article's language (docs/intake.md, "Language"): detected from the body when nothing trustworthy is
declared, a declaration checked against the body, and non-English articles stored with their text but
read by none of the English stages (docs/record.md)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DATA, ROOT
from dateline.cli import cli
from dateline.intake import IntakeOptions, read_source
from dateline.intake.language import detect_language, is_english, normalize_language, resolve_language
from dateline.model import Article, Document
from dateline.pipeline import Pipeline
from dateline.record import to_record

SAMPLES = {
    "de": (
        "Bundeskanzler Olaf Scholz hat am Dienstag in Berlin den französischen Präsidenten empfangen. "
        "Die beiden Politiker sprachen über die Lage in der Ukraine und über neue Hilfen für die "
        "Energieversorgung im kommenden Winter. Nach dem Treffen sagte Scholz, man habe sich auf "
        "gemeinsame Schritte geeinigt."
    ),
    "fr": (
        "Le président de la République a reçu mardi à l'Élysée le chancelier allemand pour un dîner de "
        "travail. Les deux dirigeants ont évoqué la guerre en Ukraine et la hausse des prix de l'énergie, "
        "a indiqué la présidence dans un communiqué publié dans la soirée."
    ),
    "es": (
        "El presidente del Gobierno anunció el martes en Madrid un nuevo paquete de ayudas para las "
        "familias afectadas por la subida de los precios de la energía. Las medidas entrarán en vigor el "
        "próximo mes, según fuentes del Ministerio de Hacienda."
    ),
    "ru": (
        "Президент России Владимир Путин в понедельник провёл переговоры с премьер-министром Индии "
        "Нарендрой Моди в Нью-Дели. Стороны подписали несколько соглашений о сотрудничестве в области "
        "обороны, энергетики и космоса, сообщили в Кремле."
    ),
    "uk": (
        "Президент України Володимир Зеленський у вівторок зустрівся з прем'єр-міністром Польщі у Києві. "
        "Сторони обговорили постачання зброї та відновлення енергетичної інфраструктури, повідомили в "
        "Офісі президента."
    ),
    "hi": (
        "प्रधानमंत्री नरेंद्र मोदी ने सोमवार को नई दिल्ली में रूस के राष्ट्रपति व्लादिमीर पुतिन से मुलाकात की। "
        "दोनों नेताओं ने रक्षा, ऊर्जा और व्यापार के क्षेत्र में सहयोग बढ़ाने पर चर्चा की और कई समझौतों पर "
        "हस्ताक्षर किए।"
    ),
    "zh": (
        "中国国家主席习近平周二在北京会见了来访的法国总统。双方就乌克兰局势、气候变化以及两国经贸合作等"
        "问题深入交换了意见，并签署了多项合作协议。"
    ),
    "ja": (
        "岸田文雄首相は火曜日、東京の首相官邸でアメリカの国務長官と会談した。両氏はウクライナ情勢や"
        "エネルギー価格の高騰について意見を交わし、協力を強化することで一致した。"
    ),
    "ar": (
        "التقى الرئيس المصري عبد الفتاح السيسي يوم الثلاثاء في القاهرة بوزير الخارجية الأمريكي، وبحث "
        "الجانبان الأوضاع في المنطقة وسبل تعزيز التعاون الاقتصادي بين البلدين، حسبما أفاد بيان للرئاسة."
    ),
    "ko": (
        "윤석열 대통령은 화요일 서울 용산 대통령실에서 미국 국무장관을 접견하고 한반도 정세와 경제 협력 "
        "방안을 논의했다."
    ),
}
ENGLISH = (
    "Russian President Vladimir Putin met Prime Minister Narendra Modi in New Delhi on Monday for the "
    "annual summit. The two sides signed 28 agreements, including one on AK-203 assault rifles, "
    "officials said after talks that lasted more than five hours."
)
# An English story quoting Russian and carrying a Hindi sign: mixed, but English.
MIXED = (
    'Russian President Vladimir Putin arrived in New Delhi on Monday. "Мы договорились о новых '
    'поставках," he told reporters, which means "we agreed on new deliveries". A banner at the airport '
    "read स्वागत है, welcome, and officials said the two leaders would sign several defence agreements "
    "before Putin flies back to Moscow on Tuesday."
)
ENGLISH_LAYERS = ("sentences", "times", "entities", "amounts", "quotes", "events")


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def read_one(path: Path, **options: object) -> Article:
    [item] = list(read_source(str(path), IntakeOptions(**options)))  # type: ignore[arg-type]
    assert isinstance(item, Article), item
    return item


def page(body: str, lang: str | None = None, head: str = "", headline: str = "Headline of the story") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split(". ") if p)
    attr = f' lang="{lang}"' if lang is not None else ""
    return (
        f"<html{attr}><head>{head}<title>{headline}</title></head>"
        f"<body><article><h1>{headline}</h1>{paragraphs}</article></body></html>"
    )


# -- English stays English ------------------------------------------------------------------------------


ENGLISH_FILES = sorted(
    [p for p in (ROOT / "examples").iterdir() if p.suffix in (".txt", ".html")]
    + list((DATA / "text").iterdir())
    + list((DATA / "html").iterdir())
)


@pytest.mark.parametrize("path", ENGLISH_FILES, ids=[p.name for p in ENGLISH_FILES])
def test_english_articles_stay_english(path: Path) -> None:
    for item in read_source(str(path), IntakeOptions()):
        assert isinstance(item, Article)
        assert item.language == "en"


@pytest.mark.parametrize(
    "text",
    [
        "Putin meets Modi",  # a three-word headline
        "Biden, Putin to hold video call on Tuesday",
        "Путин",  # one foreign word: too little to tell
        MIXED,
        ENGLISH,
    ],
    ids=["headline", "short-headline", "one-word", "mixed", "english"],
)
def test_short_and_mixed_texts_stay_english(tmp_path: Path, text: str) -> None:
    line = json.dumps({"id": "a", "text": text}, ensure_ascii=False)
    assert read_one(write(tmp_path, "batch.jsonl", line + "\n")).language == "en"
    assert read_one(write(tmp_path, "story.txt", text), raw=True).language == "en"


def test_english_quoting_russian_is_still_read(pipeline) -> None:
    article = Article(text=MIXED, language=resolve_language(None, MIXED))
    record = to_record(pipeline.read(article))
    assert record["language"] == "en"
    assert any(e["name"] == "Vladimir Putin" for e in record["entities"])
    assert record["events"] and record["times"]


# -- other languages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_other_languages_are_detected_in_text_files(tmp_path: Path, language: str) -> None:
    article = read_one(write(tmp_path, f"{language}.txt", SAMPLES[language]))
    assert article.language == language


@pytest.mark.parametrize("language", ["ru", "hi", "zh", "ar"])
def test_a_few_words_in_another_script_are_enough(language: str) -> None:
    """A script other than Latin decides even a short text: the English rules can make nothing of it."""
    words = SAMPLES[language].split()[:3] if language != "zh" else [SAMPLES["zh"][:8]]
    assert resolve_language(None, " ".join(words)) == language


def test_russian_cp1251_text_file(tmp_path: Path) -> None:
    """The case docs/intake.md started from: cp1251 bytes, no declaration, read as Russian, not English."""
    text = "Путин и Моди в Нью-Дели\n\n" + SAMPLES["ru"] + "\n"
    article = read_one(write(tmp_path, "ru.txt", text.encode("cp1251")))
    assert "Владимир Путин" in article.text
    assert article.language == "ru"


def test_russian_cp1251_page_from_the_hostile_inputs(tmp_path: Path) -> None:
    from test_hostile_input import RUSSIAN
    from test_hostile_input import page as hostile_page

    data = hostile_page(RUSSIAN, '<meta charset="windows-1251">', headline="Путин и Моди").encode("cp1251")
    assert read_one(write(tmp_path, "ru.html", data)).language == "ru"


def test_detection_is_deterministic() -> None:
    first = {k: resolve_language(None, v) for k, v in SAMPLES.items()}
    assert first == {k: resolve_language(None, v) for k, v in SAMPLES.items()} == {k: k for k in SAMPLES}
    code = (
        "import json, sys; from dateline.intake.language import resolve_language; "
        "print(json.dumps({k: resolve_language(None, v) for k, v in json.load(sys.stdin).items()}))"
    )
    for seed in ("0", "12345"):
        out = subprocess.run(
            [sys.executable, "-c", code],
            input=json.dumps(SAMPLES),
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert json.loads(out.stdout) == first


# -- declared languages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "body", "expected"),
    [
        ("de", SAMPLES["de"], "de"),
        ("en-GB", ENGLISH, "en"),
        ("uk", SAMPLES["uk"], "uk"),
        ("fr-FR", SAMPLES["fr"], "fr"),
        ("zh-Hans", SAMPLES["zh"], "zh"),
    ],
)
def test_html_lang_is_honoured_when_the_text_agrees(tmp_path: Path, lang: str, body: str, expected: str):
    assert read_one(write(tmp_path, "page.html", page(body, lang))).language == expected


@pytest.mark.parametrize(
    ("lang", "body", "expected"),
    [
        ("en", SAMPLES["ru"], "ru"),  # the lie the brief started from: lang="en" on a Cyrillic page
        ("en-US", SAMPLES["de"], "de"),
        ("en", SAMPLES["hi"], "hi"),
        ("ru", ENGLISH, "en"),  # a Russian site's template around an English story
        ("fr", SAMPLES["ar"], "ar"),
    ],
)
def test_a_lying_lang_attribute_is_overruled(tmp_path: Path, lang: str, body: str, expected: str) -> None:
    assert read_one(write(tmp_path, "page.html", page(body, lang))).language == expected


def test_other_declarations_in_a_page(tmp_path: Path) -> None:
    og = page(SAMPLES["es"], head='<meta property="og:locale" content="es_ES">')
    assert read_one(write(tmp_path, "og.html", og)).language == "es"
    ld = page(
        SAMPLES["fr"],
        head='<script type="application/ld+json">{"@type": "NewsArticle", "inLanguage": "fr-FR"}</script>',
    )
    assert read_one(write(tmp_path, "ld.html", ld)).language == "fr"


def test_a_declaration_stands_when_the_text_cannot_tell(tmp_path: Path) -> None:
    """Too short to judge: the declared language is kept (and without one, English)."""
    line = {"id": "a", "text": "Scholz trifft Macron", "language": "de"}
    path = write(tmp_path, "batch.jsonl", json.dumps(line) + "\n")
    assert read_one(path).language == "de"
    line = {"id": "b", "text": "Scholz trifft Macron"}
    assert read_one(write(tmp_path, "plain.jsonl", json.dumps(line) + "\n")).language == "en"


def test_jsonl_language_field_is_checked_against_the_text(tmp_path: Path) -> None:
    lines = [
        {"id": "honest", "text": SAMPLES["de"], "language": "de"},
        {"id": "lying", "text": SAMPLES["ru"], "language": "en"},
        {"id": "missing", "text": SAMPLES["fr"]},
        {"id": "english", "text": ENGLISH, "language": "en-US"},
    ]
    path = write(tmp_path, "batch.jsonl", "\n".join(json.dumps(x, ensure_ascii=False) for x in lines))
    found = {a.id: a.language for a in read_source(str(path)) if isinstance(a, Article)}
    assert found == {"honest": "de", "lying": "ru", "missing": "fr", "english": "en"}


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("en-GB", "en"),
        ("en_US", "en"),
        ("EN", "en"),
        ("rus", "ru"),
        ("English", "en"),
        ("zh-Hant-TW", "zh"),
        ("x-default", None),
        ("und", None),
        ("", None),
        ("xx", None),
        (None, None),
    ],
)
def test_declared_codes_are_normalized(value: str | None, code: str | None) -> None:
    assert normalize_language(value) == code


def test_guess_says_when_it_cannot_tell() -> None:
    assert detect_language("Putin meets Modi").language is None
    assert detect_language(SAMPLES["ru"]).how == "script:Cyrillic"
    assert detect_language(SAMPLES["de"]).how == "model"


# -- what the pipeline does with a non-English article --------------------------------------------------


@pytest.mark.parametrize("language", ["ru", "de", "zh", "ar", "hi", "fr"])
def test_non_english_articles_get_no_english_facts(pipeline, language: str) -> None:
    article = Article(text=SAMPLES[language], language=resolve_language(None, SAMPLES[language]))
    document = pipeline.read(article)
    assert document.doc is None and document.layers == {"text"}
    record = to_record(document)
    assert record["language"] == language and record["text"] == SAMPLES[language]
    for layer in ENGLISH_LAYERS:
        assert layer not in record  # absent: not read (an English article that found nothing has [])


def test_a_batch_mixing_languages_keeps_order_and_parses(pipeline) -> None:
    articles = [
        Article(text=ENGLISH, source="en-1"),
        Article(text=SAMPLES["ru"], language="ru", source="ru"),
        Article(text=MIXED, source="en-2"),
        Article(text=SAMPLES["de"], language="de", source="de"),
    ]
    documents = list(pipeline.read_many(articles))
    assert [d.article.source for d in documents] == ["en-1", "ru", "en-2", "de"]  # type: ignore[union-attr]
    for document in documents:
        assert isinstance(document, Document)
        english = document.article.language == "en"
        assert (document.doc is not None) == english
        if english:
            assert document.doc is not None and document.doc.text == document.text
            assert document.entities and set(ENGLISH_LAYERS) <= document.layers


def test_a_stage_may_declare_the_languages_it_reads() -> None:
    """The rule is general: stages are English-only unless they say otherwise (`languages`)."""
    seen: list[str] = []

    class Counter:
        name, needs, adds = "count", ("text",), ("words",)
        languages = None  # any language

        def __call__(self, document: Document) -> None:
            seen.append(f"count:{document.article.language}")

    class Russian(Counter):
        name, languages = "russian", ("ru",)

        def __call__(self, document: Document) -> None:
            seen.append(f"russian:{document.article.language}")

    class EnglishOnly:  # says nothing about languages
        name, needs, adds = "english", ("text",), ("english",)

        def __call__(self, document: Document) -> None:
            seen.append(f"english:{document.article.language}")

    class NeedsParse(Counter):
        name, needs = "parse", ("parse",)

        def __call__(self, document: Document) -> None:
            seen.append(f"parse:{document.article.language}")

    reader = Pipeline(stages=[Counter(), Russian(), EnglishOnly(), NeedsParse()])
    list(
        reader.read_many(
            [Article(text=SAMPLES["ru"], language="ru"), Article(text=SAMPLES["de"], language="de")]
        )
    )
    assert seen == ["count:ru", "russian:ru", "count:de"]
    seen.clear()
    list(reader.read_many([Article(text=ENGLISH)]))
    assert seen == ["count:en", "english:en", "parse:en"]
    assert is_english("en") and is_english("en-GB") and is_english(None) and not is_english("ru")


# -- the commands -----------------------------------------------------------------------------------------


def test_read_tells_the_user(tmp_path: Path) -> None:
    path = write(tmp_path, "ru.txt", ("Путин и Моди\n\n" + SAMPLES["ru"]).encode("cp1251"))
    result = CliRunner().invoke(cli, ["read", str(path)])
    assert result.exit_code == 0, result.output
    assert "ru: not English" in " ".join(result.output.split())
    result = CliRunner().invoke(cli, ["read", "--json", str(path)])
    record = json.loads(result.stdout)
    assert record["language"] == "ru" and "events" not in record and "entities" not in record


def test_ingest_stores_a_non_english_article(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    write(folder, "ru.txt", ("Путин и Моди\n\n" + SAMPLES["ru"]).encode("cp1251"))
    write(folder, "zh.txt", SAMPLES["zh"])
    write(folder, "en.txt", ENGLISH)
    db = tmp_path / "store.db"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute("SELECT language, text FROM articles").fetchall())
        assert set(rows) == {"ru", "zh", "en"}
        assert "Владимир Путин" in rows["ru"] and rows["zh"] == SAMPLES["zh"]
        per_language = dict(
            conn.execute(
                "SELECT a.language, COUNT(m.article_id) FROM articles a "
                "LEFT JOIN entity_mentions m ON m.article_id = a.id GROUP BY a.language"
            ).fetchall()
        )
        assert per_language["ru"] == per_language["zh"] == 0 and per_language["en"] > 0
        events = dict(
            conn.execute(
                "SELECT a.language, COUNT(*) FROM articles a JOIN event_mentions e ON e.article_id = a.id "
                "GROUP BY a.language"
            ).fetchall()
        )
        assert set(events) <= {"en"}
