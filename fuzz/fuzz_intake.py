"""Fuzz intake: any bytes -> decode (BOM, UTF-8, declared charset, detection) -> an article (as HTML,
as scraped text, or as intake guesses). Only InputError (D1xx) may escape; an article has a non-empty
body. See fuzz/harness.py for how to run it."""

from __future__ import annotations

import atheris

with atheris.instrument_imports(include=["dateline"]):
    from dateline.errors import InputError
    from dateline.intake import IntakeOptions
    from dateline.intake.decode import decode
    from dateline.intake.html import declared_charset
    from dateline.intake.sources import article_from_text

from harness import fuzz

OPTIONS = IntakeOptions(max_bytes=64 * 1024)
AS_HTML = (True, False, None)  # None: intake decides


def one_input(data: bytes) -> None:
    if not data:
        return
    html, body = AS_HTML[data[0] % 3], data[1:]
    try:
        text = decode(body, "fuzz", declared=declared_charset(body), limit=OPTIONS.max_bytes)
        article = article_from_text(text, "fuzz", OPTIONS, html=html)
    except InputError:
        return
    assert isinstance(article.text, str) and article.text.strip(), "an article without a body"
    for field in (article.title, article.author, article.section, article.agency, article.url):
        assert field is None or isinstance(field, str)


if __name__ == "__main__":
    fuzz("intake", one_input)
