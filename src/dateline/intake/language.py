"""The article's language: what the page declares, checked against what the body is written in.

Two steps, both deterministic (docs/intake.md, "Language"):

1. **Script.** The body's letters are counted by script. When most of them (12 or more; a Han
   character or Hangul syllable counts as two) are in one non-Latin script
   (Cyrillic, Arabic, Devanagari, Han, Hangul, ...), the article is not English, even when short: the
   English rules can make nothing of it. py3langid then names the language when it gives it at least
   0.8 (Ukrainian, Persian); otherwise the script's usual language is taken (Cyrillic: ru, Han: zh,
   Devanagari: hi, Arabic: ar, ...).
2. **Model.** Otherwise the Latin-script words alone (a quoted Russian phrase or an Arabic sign in an
   English story does not count) go to py3langid, a naive Bayes model over byte n-grams whose
   profiles ship inside its wheel. With 10+ words, the text is English when the model gives English
   at least 0.9, and another language when it gives English under 0.01; between the two, or with
   fewer words (a headline), it is undecided.

A declared language (`<html lang>`, `og:locale`, a JSON Lines `language`) is kept unless the body
decides otherwise and the model gives the declared language under 0.01: `lang="en"` on a Cyrillic
page is overruled, `lang="uk"` on a page the model reads as Russian with some doubt is kept. Undecided
and undeclared, an article is English, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

ENGLISH = "en"
MIN_SCRIPT_LETTERS = 12  # non-Latin letters needed for the script to decide (about two or three words)
MIN_WORDS = 10  # Latin-script words needed for the model to decide
ENGLISH_P = 0.9  # the model's probability of English at or above which the text is English
NOT_ENGLISH_P = 0.01  # ... below which it is not English (and a declared language is implausible)
SCRIPT_MODEL_P = 0.8  # in a non-Latin script, the model's language needs this much, else the usual one
MAX_CHARS = 10_000  # the model reads the body's first 10,000 characters: enough, and bounded time

_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_LATIN_LETTER = re.compile(f"[{_LATIN}]")
_LATIN_WORD = re.compile(f"[{_LATIN}](?:[{_LATIN}'\u2019\\-]*[{_LATIN}])?")
_LETTER = re.compile(r"[^\W\d_]")

# Non-Latin scripts: (name, character class, the usual language of news written in it).
SCRIPTS: tuple[tuple[str, str, str], ...] = (
    ("Cyrillic", "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f", "ru"),
    ("Greek", "\u0370-\u03ff\u1f00-\u1fff", "el"),
    ("Armenian", "\u0530-\u058f", "hy"),
    ("Hebrew", "\u0590-\u05ff\ufb1d-\ufb4f", "he"),
    ("Arabic", "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff", "ar"),
    ("Devanagari", "\u0900-\u097f\ua8e0-\ua8ff", "hi"),
    ("Bengali", "\u0980-\u09ff", "bn"),
    ("Gurmukhi", "\u0a00-\u0a7f", "pa"),
    ("Gujarati", "\u0a80-\u0aff", "gu"),
    ("Oriya", "\u0b00-\u0b7f", "or"),
    ("Tamil", "\u0b80-\u0bff", "ta"),
    ("Telugu", "\u0c00-\u0c7f", "te"),
    ("Kannada", "\u0c80-\u0cff", "kn"),
    ("Malayalam", "\u0d00-\u0d7f", "ml"),
    ("Sinhala", "\u0d80-\u0dff", "si"),
    ("Thai", "\u0e00-\u0e7f", "th"),
    ("Lao", "\u0e80-\u0eff", "lo"),
    ("Tibetan", "\u0f00-\u0fff", "bo"),
    ("Myanmar", "\u1000-\u109f", "my"),
    ("Georgian", "\u10a0-\u10ff\u2d00-\u2d2f", "ka"),
    ("Hangul", "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af", "ko"),
    ("Ethiopic", "\u1200-\u139f", "am"),
    ("Khmer", "\u1780-\u17ff", "km"),
    ("Kana", "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f", "ja"),
    ("Han", "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff", "zh"),
)
_SCRIPT_RES = tuple((name, re.compile(f"[{chars}]"), usual) for name, chars, usual in SCRIPTS)
_DENSE_SCRIPTS = {"Han", "Kana", "Hangul"}  # a character is a syllable or a word, not a letter
_NOT_LANGUAGES = {"zxx", "und", "mul", "mis"}  # no linguistic content, undetermined, several, uncoded


@dataclass(frozen=True)
class Guess:
    """What the body says about its language. `language` is None when it cannot tell (too short, or
    the model is unsure); `probabilities` are the model's, for judging a declared language."""

    language: str | None
    how: str  # "script:<name>", "model", "too short", "unsure"
    probabilities: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def plausible(self, language: str) -> bool:
        """Whether `language` could be the body's, as far as the model can tell."""
        return language == self.language or self.probabilities.get(language, 0.0) >= NOT_ENGLISH_P


@cache
def _identifier() -> Any:
    """py3langid's model, loaded once per process (about 0.7 s: its profiles are xz-compressed)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _probabilities(text: str) -> dict[str, float]:
    return {label: float(p) for label, p in _identifier().rank(text) if p > 1e-6}


def _dominant_script(text: str, letters: int) -> tuple[str, str] | None:
    """The non-Latin script most of the letters are in, with its usual language; None if Latin wins."""
    latin = len(_LATIN_LETTER.findall(text))
    other = letters - latin
    if other < MIN_SCRIPT_LETTERS // 2 or latin >= other:
        return None
    counts = [(len(pattern.findall(text)), name, usual) for name, pattern, usual in _SCRIPT_RES]
    dense = sum(c for c, name, _ in counts if name in _DENSE_SCRIPTS)
    if other + dense < MIN_SCRIPT_LETTERS:  # a Han character or Hangul syllable weighs two letters
        return None
    count, name, usual = max(counts)
    if name == "Han" and any(n == "Kana" and c > 0 for c, n, _ in counts):
        name, usual = "Kana", "ja"  # Japanese writes with both; kana are Japanese only
    if count * 2 < letters:  # no one script holds most letters (a mix, or a script not listed)
        return (name, usual) if count >= MIN_SCRIPT_LETTERS else ("other", "und")
    return name, usual


def detect_language(text: str) -> Guess:
    """The body's language, or `Guess(None, ...)` when it is too short or too mixed to tell."""
    text = text[:MAX_CHARS]
    letters = len(_LETTER.findall(text))
    script = _dominant_script(text, letters)
    if script is not None:
        name, usual = script
        probabilities = _probabilities(text)
        ranked = sorted(probabilities, key=probabilities.__getitem__, reverse=True)
        best = next((k for k in ranked if k != ENGLISH and k not in _NOT_LANGUAGES), None)
        language = best if best is not None and probabilities[best] >= SCRIPT_MODEL_P else usual
        return Guess(language, f"script:{name}", probabilities)
    words = _LATIN_WORD.findall(text)
    if len(words) < MIN_WORDS:
        return Guess(None, "too short")
    probabilities = _probabilities(" ".join(words))
    english = probabilities.get(ENGLISH, 0.0)
    if english >= ENGLISH_P:
        return Guess(ENGLISH, "model", probabilities)
    best = max(probabilities, key=probabilities.__getitem__)
    if english < NOT_ENGLISH_P and best not in _NOT_LANGUAGES:
        return Guess(best, "model", probabilities)
    return Guess(None, "unsure", probabilities)


_CODE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")


@lru_cache(maxsize=1024)
def normalize_language(value: str | None) -> str | None:
    """An ISO 639 code from a page's declaration: "en-GB", "en_US", "EN" → "en"; "rus" → "ru";
    "English" → "en". None for what names no language ("x-default", "und", "", nonsense)."""
    if not value or not value.strip() or len(value) > 64:
        return None
    value = value.strip()
    match = _CODE.match(value)
    code = match.group(1).lower() if match else None
    if code in _NOT_LANGUAGES:
        return None
    import pycountry

    try:
        if code is not None and len(code) == 2:
            found = pycountry.languages.get(alpha_2=code)
        elif code is not None:
            found = pycountry.languages.get(alpha_3=code)
        else:
            found = pycountry.languages.lookup(value)  # a name: "English", "Deutsch" is not one
    except LookupError:
        found = None
    if found is None:
        return None
    return str(getattr(found, "alpha_2", None) or found.alpha_3)


def resolve_language(declared: str | None, text: str) -> str:
    """The article's `language`: the declared one unless the body strongly disagrees (see the module
    docstring); the body's own when nothing is declared; English when neither can tell."""
    declared = normalize_language(declared)
    guess = detect_language(text)
    if guess.language is None:
        return declared or ENGLISH
    if declared is None or not guess.plausible(declared):
        return guess.language
    return declared


def is_english(language: str | None) -> bool:
    """Whether Dateline's English reading stages read an article in `language` (None: not known, read)."""
    return language is None or language.split("-")[0].split("_")[0].lower() == ENGLISH
