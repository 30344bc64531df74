"""Shared helpers for the time grammar: reading calendar words and the text around a match."""

from __future__ import annotations

import re

from .lexicon import lexicon


def group(m: re.Match[str], name: str) -> str | None:
    try:
        value = m.group(name)
    except IndexError:
        return None
    return value


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().lower().rstrip(".")).replace("\u2019", "'")


def month_number(s: str) -> int | None:
    return lexicon().months.get(norm(s))


def weekday_number(s: str) -> int | None:
    return lexicon().weekdays.get(norm(s))


def year_number(s: str) -> int:
    s = s.strip().lstrip("'\u2019")
    n = int(s)
    if len(s) == 2:
        return 1900 + n if n >= 30 else 2000 + n
    return n


def capitalized(s: str) -> bool:
    return s[:1].isupper()


def text_before(text: str, start: int, n: int = 30) -> str:
    return text[max(0, start - n) : start].lower()


def previous_word(text: str, start: int) -> str:
    m = re.search(r"([\w'\u2019.]+)\W*$", text[max(0, start - 40) : start])
    return m.group(1).lower() if m else ""


def position_mod(m: re.Match[str]) -> str | None:
    for name in ("pos", "posof"):
        found = group(m, name)
        if found:
            for word in re.findall(r"[a-z]+", found.lower()):
                if word in lexicon().position:
                    return lexicon().position[word]
    approx = group(m, "approx")
    if approx:
        return lexicon().approximation.get(norm(approx), "APPROX")
    return None


def direction_of(word: str | None) -> tuple[int | None, bool]:
    """(direction, strict) for a modifier: "last" is strictly before, "this" is the one around now."""
    if not word:
        return None, False
    w = norm(word).split()[-1]
    d = lexicon().direction.get(w)
    return d, d is not None and d != 0


def part_suffix(part: str | None) -> str:
    if not part:
        return ""
    return "T" + lexicon().parts_of_day.get(norm(part), "DT")


_PREPOSITIONS = {
    "on",
    "by",
    "since",
    "until",
    "till",
    "from",
    "before",
    "after",
    "last",
    "next",
    "this",
    "that",
    "late",
    "early",
    "through",
    "to",
    "and",
    "or",
    "of",
    "as",
    "at",
    "for",
    "past",
    "coming",
    "upcoming",
    "following",
    "previous",
    "every",
    "each",
    "in",
    "during",
    "around",
    "about",
    "mid",
    "between",
    "into",
}
_TIME_WORDS = {"morning", "afternoon", "evening", "night", "day", "eve", "week", "weekend"}


def looks_like_name(text: str, start: int, end: int) -> bool:
    """A calendar word inside a name: "The Sunday Times", "April Ryan", "Good Friday Agreement"."""
    after = re.match(r"[ \t]+([A-Z][\w'\u2019.-]*)", text[end : end + 30])
    if not after:
        return False
    nxt = after.group(1).rstrip(".").lower()
    lex = lexicon()
    if nxt in lex.months or nxt in lex.weekdays or nxt in _TIME_WORDS or nxt.isdigit():
        return False
    return previous_word(text, start) not in _PREPOSITIONS


def season_group(m: re.Match[str]) -> str:
    return "season" if group(m, "season") else "unit"


_SENTENCE_END = re.compile(r"(?:^|[.!?\n\u201c\"']\s*)$")


def sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" ")
    return not before or bool(_SENTENCE_END.search(before))


def is_title_word(text: str, start: int, word: str) -> bool:
    """A capitalized unit inside a sentence is a title: "60 Minutes", ABC's "This Week"."""
    return word[:1].isupper() and not sentence_initial(text, start)


_UNIT_OF = {
    "night": "day",
    "nights": "day",
    "centuries": "century",
    "millennia": "millennium",
}


def unit_name(s: str) -> str:
    w = norm(s)
    if w in _UNIT_OF:
        return _UNIT_OF[w]
    if w.endswith("s") and w[:-1] in lexicon().units:
        return w[:-1]
    return w


_VERB_LAST_BEFORE = re.compile(
    r"\b(?:to|will|would|could|can|may|might|should|must|shall|did|does|do|not|n't)\s+$", re.IGNORECASE
)


def verb_last(text: str, m: re.Match[str]) -> bool:
    """Whether the "last" of a duration's determiner is the verb: "expected to last two days"."""
    det = group(m, "det")
    if not det or norm(det) != "last" or group(m, "the"):
        return False
    return _VERB_LAST_BEFORE.search(text[max(0, m.start("det") - 12) : m.start("det")]) is not None
