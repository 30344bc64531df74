"""Amounts: numbers in digits and words with their scale, currency or unit, and the thing they count.

"7.5 lakh AK-203 assault rifles" -> 750000 (object "AK-203 assault rifles"); "Rs 500 crore" -> 5e9 INR;
"$5bn deal" -> 5e9 USD (object "deal"); "between 200 and 300" -> 200..300; "nearly 200" -> approx.

The text is cut into small tokens of our own (so that "US$5bn", "AK-203" and "7,50,000" split the same
way whatever spaCy does), read left to right by a small grammar, and filtered for numbers that count
nothing (years, dates, clock times, durations, ordinals, product codes, phone numbers, the pronoun
"one"). The spaCy parse is used only to find the counted noun phrase and to tell a year from a count.
The words are in data/amounts.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import NamedTuple

import yaml
from spacy.tokens import Doc
from spacy.tokens import Token as SpacyToken

from ..model import Amount, Document

# A number blob: digits with thousands separators (Western 1,234,567 or Indian 7,50,000) and decimals.
LEXEME = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|[^\s\w]|_", re.UNICODE)
WESTERN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
INDIAN = re.compile(r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?")
PLAIN = re.compile(r"\d+(?:\.\d+)?")
# Telephone numbers and links are masked before reading: their digits count nothing.
MASKS = re.compile(
    r"(?:\+\d{1,3}[\s\-.]?)?(?:\(\d{2,5}\)[\s\-.]?)?\d{2,5}(?:[\s\-.]\d{2,5}){2,}(?!\d)"
    r"|\+\d{1,3}[\s\-]?\d{3,5}[\s\-]?\d{3,6}"
    r"|\(\d{2,5}\)[\s\-.]?\d{3,5}[\s\-.]\d{3,5}"
    r"|(?<![\d,.])\d{10,}(?![\d,.])"
    r"|https?://\S+|www\.\S+|\S+@\S+\.\w+"
)
NOUNISH = {"NOUN", "PROPN"}
OBJECT_DEPS_STOP = {"cc", "conj", "relcl", "acl", "appos", "det", "case", "mark", "nsubj", "dobj"}
MAX_OBJECT_GAP = 8  # tokens between the number and the noun it counts


class Lexeme(NamedTuple):
    start: int
    end: int
    text: str
    low: str
    spaced: bool  # whitespace before it


@dataclass(frozen=True)
class Rules:
    number_words: dict[str, int]
    tens_words: dict[str, int]
    fractions: dict[str, Decimal]
    small_multipliers: dict[str, int]
    scales: dict[str, int]
    attached_scales: dict[str, int]
    currency_prefixes: PhraseTable
    currency_suffixes: PhraseTable
    percent: PhraseTable
    units: PhraseTable
    approx_prefixes: PhraseTable
    approx_suffixes: PhraseTable
    time_units: frozenset[str]
    clock_words: PhraseTable
    months: frozenset[str]
    identifier_words: frozenset[str]
    identifiers_any_case: frozenset[str]
    currency_codes: frozenset[str]
    street_words: frozenset[str]
    pronoun_one_before: frozenset[str]
    pronoun_one_after: frozenset[str]


def _lex(text: str, source: str | None = None) -> list[Lexeme]:
    """Cut `text` into lexemes; with `source` (the text before masking), lexemes keep its characters."""
    src = text if source is None else source
    out: list[Lexeme] = []
    prev_end = -1
    for m in LEXEME.finditer(text):
        start, end = m.span()
        word = src[start:end]
        out.append(Lexeme(start, end, word, word.lower(), start != prev_end))
        prev_end = end
    return out


Phrase = tuple[tuple[str, bool], ...]  # (lower-case word, written after a space)


def _phrase(words: str) -> Phrase:
    return tuple((x.low, x.spaced and k > 0) for k, x in enumerate(_lex(words)))


class PhraseTable(dict[Phrase, str]):
    """Phrases and what they stand for, indexed by first word; the longest phrase is tried first."""

    def __init__(self, items: dict[Phrase, str]) -> None:
        super().__init__(sorted(items.items(), key=lambda kv: -len(kv[0])))
        self.by_first: dict[str, list[Phrase]] = {}
        for phrase in self:
            self.by_first.setdefault(phrase[0][0], []).append(phrase)


def _by_length(d: dict[Phrase, str]) -> PhraseTable:
    return PhraseTable(d)


def _words(items: list[str]) -> PhraseTable:
    return PhraseTable({_phrase(w): "" for w in items})


@cache
def rules() -> Rules:
    """The amounts knowledge from data/amounts.yaml, read once per process."""
    data = yaml.safe_load(resources.files("dateline").joinpath("data/amounts.yaml").read_text("utf-8"))
    units: dict[Phrase, str] = {}
    for unit, aliases in data["units"].items():
        for alias in aliases:
            units[_phrase(alias)] = unit
    return Rules(
        number_words={k: int(v) for k, v in data["number_words"].items()},
        tens_words={k: int(v) for k, v in data["tens_words"].items()},
        fractions={k: Decimal(str(v)) for k, v in data["fraction_words"].items()},
        small_multipliers={k: int(v) for k, v in data["small_multipliers"].items()},
        scales={k: int(v) for k, v in data["scales"].items()},
        attached_scales={k: int(v) for k, v in data["attached_scales"].items()},
        currency_prefixes=_by_length({_phrase(k): v for k, v in data["currency_prefixes"].items()}),
        currency_suffixes=_by_length({_phrase(k): v for k, v in data["currency_suffixes"].items()}),
        percent=_by_length({_phrase(k): v for k, v in data["percent"].items()}),
        units=_by_length(units),
        approx_prefixes=_words(data["approx_prefixes"]),
        approx_suffixes=_words(data["approx_suffixes"]),
        time_units=frozenset(w.lower() for w in data["time_units"]),
        clock_words=_words(data["clock_words"]),
        months=frozenset(w.lower() for w in data["months"]),
        identifier_words=frozenset(str(w).lower() for w in data["identifier_words"]),
        street_words=frozenset(w.lower() for w in data["street_words"]),
        identifiers_any_case=frozenset(str(w).lower() for w in data["identifier_words_any_case"]),
        currency_codes=frozenset(data["currency_prefixes"].values())
        | frozenset(data["currency_suffixes"].values()),
        pronoun_one_before=frozenset(w.lower() for w in data["pronoun_one_before"]),
        pronoun_one_after=frozenset(_phrase(w)[0][0] for w in data["pronoun_one_after"]),
    )


@dataclass
class Number:
    """A number phrase read from lexemes [start, end)."""

    value: Decimal
    start: int
    end: int
    scale: int  # the last scale multiplier read (1 when none): "5-6 billion" lends it to the 5
    digits: bool  # written in digits
    only_one: bool  # the single word "one" (maybe a pronoun)


@dataclass
class Candidate:
    start: int  # lexeme indexes [start, end)
    end: int
    low: Number
    high: Number | None = None
    unit: str | None = None
    currency: bool = False
    approx: bool = False


def _match(lex: list[Lexeme], i: int, phrases: PhraseTable) -> tuple[Phrase | None, int]:
    """The longest phrase starting at lexeme i: (phrase, next index), or (None, i)."""
    if i >= len(lex):
        return None, i
    for phrase in phrases.by_first.get(lex[i].low, ()):
        n = len(phrase)
        if i + n <= len(lex) and all(
            lex[i + k].low == phrase[k][0] and lex[i + k].spaced == phrase[k][1] for k in range(1, n)
        ):
            return phrase, i + n
    return None, i


def _digits_value(s: str) -> Decimal | None:
    if not (PLAIN.fullmatch(s) or WESTERN.fullmatch(s) or INDIAN.fullmatch(s)):
        return None
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


def _read_number(lex: list[Lexeme], i: int, currency: bool) -> Number | None:
    """Read a number phrase at lexeme i: "7.5 lakh", "one and a half million", "two dozen", "$5bn"."""
    r = rules()
    n = len(lex)
    total = Decimal(0)
    current: Decimal | None = None
    last = ""  # kind of the last word read
    scale = 1
    digits = False
    j = i
    first = lex[i].low
    value0 = _digits_value(lex[i].text) if lex[i].text[0].isdigit() else None
    if value0 is not None:
        current, digits, last, j = value0, True, "digits", i + 1
    elif first in ("a", "an"):
        nxt = lex[i + 1].low if i + 1 < n else ""
        if nxt not in r.small_multipliers and nxt not in r.scales:
            return None
        current, last, j = Decimal(1), "a", i + 1
    elif first == "half":
        # "half a million"
        if i + 2 < n and lex[i + 1].low in ("a", "an") and lex[i + 2].low in r.scales:
            current, last, j = Decimal("0.5"), "a", i + 2
        else:
            return None
    elif first in r.number_words:
        current, last, j = Decimal(r.number_words[first]), "unit", i + 1
    elif first in r.tens_words:
        current, last, j = Decimal(r.tens_words[first]), "tens", i + 1
    else:
        return None
    while j < n:
        t = lex[j]
        w = t.low
        if last == "tens" and w == "-" and not t.spaced and j + 1 < n and not lex[j + 1].spaced:
            nw = lex[j + 1].low
            if nw in r.number_words and 0 < r.number_words[nw] < 10:
                current = (current or Decimal(0)) + r.number_words[nw]
                last, j = "unit", j + 2
                continue
            break
        if w in r.number_words and not digits and last in ("tens", "hundred", "scale", "and"):
            v = r.number_words[w]
            if last == "tens" and not 0 < v < 10:
                break
            current = (current or Decimal(0)) + v
            last, j = "unit", j + 1
        elif w in r.tens_words and not digits and last in ("hundred", "scale", "and"):
            current = (current or Decimal(0)) + r.tens_words[w]
            last, j = "tens", j + 1
        elif w in r.small_multipliers and last in ("unit", "tens", "a", "digits"):
            current = (current or Decimal(1)) * r.small_multipliers[w]
            last, j = ("hundred" if w == "hundred" else "dozen"), j + 1
        elif w == "-" and not t.spaced and j + 1 < n and not lex[j + 1].spaced and lex[j + 1].low in r.scales:
            j += 1  # "500-crore deal", "$5-billion"
            continue
        elif w in r.scales and last in ("unit", "tens", "a", "digits", "hundred", "dozen", "scale", "half"):
            m = r.scales[w]
            if last == "scale":
                if current is not None or m <= scale:
                    break
                total *= m  # "5 lakh crore"
            else:
                total += (current if current is not None else Decimal(1)) * m
            current, scale, last, j = None, m, "scale", j + 1
        elif w in r.attached_scales and not t.spaced and last == "digits" and (w == "k" or currency):
            if j + 1 < n and not lex[j + 1].spaced and lex[j + 1].text.isalnum():
                break  # "5mg" is not "5m" + "g"
            m = r.attached_scales[w]
            total += (current or Decimal(0)) * m
            current, scale, last, j = None, m, "scale", j + 1
        elif (
            w == "and"
            and j + 2 < n
            and lex[j + 1].low == "a"
            and lex[j + 2].low in r.fractions
            and last in ("unit", "tens", "digits", "hundred")
        ):
            current = (current or Decimal(0)) + r.fractions[lex[j + 2].low]
            last, j = "half", j + 3
        elif w == "point" and not digits and last in ("unit", "tens") and j + 1 < n:
            # "one point six billion"
            k, decimals = j + 1, ""
            while k < n and lex[k].low in r.number_words and r.number_words[lex[k].low] < 10:
                decimals += str(r.number_words[lex[k].low])
                k += 1
            if not decimals:
                break
            current = (current or Decimal(0)) + Decimal("0." + decimals)
            last, j = "half", k
        elif w == "and" and last in ("hundred", "scale") and j + 1 < n:
            nw = lex[j + 1].low
            if nw in r.number_words or nw in r.tens_words:
                last, j = "and", j + 1
            else:
                break
        else:
            break
    if last == "and":
        return None
    value = total + (current or Decimal(0))
    only_one = not digits and j == i + 1 and first == "one"
    return Number(value, i, j, scale, digits, only_one)


def _is_word(lx: Lexeme) -> bool:
    return lx.text[0].isalpha()


class Reader:
    """Reads every amount of one text. Build per text; the knowledge is shared."""

    def __init__(self, text: str, doc: Doc | None) -> None:
        self.text = text
        self.doc = doc
        self.r = rules()
        # phone numbers and links are blanked, not removed: offsets stay those of the text
        masked = MASKS.sub(lambda m: " " * len(m.group()), text)
        self.lex = _lex(masked, text)

    # -- the grammar -----------------------------------------------------------------------------

    def candidate_at(self, i: int) -> Candidate | None:
        r, lex, n = self.r, self.lex, len(self.lex)
        start = i
        approx = False
        phrase, j = _match(lex, i, r.approx_prefixes)
        if phrase:
            approx = True
        between = j < n and lex[j].low == "between"
        if between:
            j += 1
        currency: str | None = None
        cur, k = _match(lex, j, r.currency_prefixes)
        if cur and k < n and lex[k].text[0].isdigit():
            currency, j = r.currency_prefixes[cur], k
        if j >= n:
            return None
        low = _read_number(lex, j, currency is not None)
        if low is None:
            return None
        cand = Candidate(start, low.end, low, currency=currency is not None, approx=approx)
        unit = currency
        j = low.end
        # percent written on both ends: "10%-15%"
        pct, k = _match(lex, j, r.percent)
        if pct and unit is None:
            unit, j = r.percent[pct], k
        # the upper end of a range
        if j < n:
            sep = lex[j].low
            joined = (
                (
                    sep in ("-", "\u2013", "\u2014")
                    and not (lex[j].spaced and sep == "-" and not lex[j - 1].spaced)
                )
                or (sep == "to" and not between)
                or (sep == "and" and between)
            )
            before = lex[start - 1].low if start > 0 else ""
            if joined and not (sep == "to" and before == "from"):
                k = j + 1
                cur2, k2 = _match(lex, k, r.currency_prefixes)
                if cur2 and k2 < n and lex[k2].text[0].isdigit():
                    k = k2
                high = _read_number(lex, k, currency is not None) if k < n else None
                if high is not None and (high.digits == low.digits or high.scale > 1):
                    if low.scale == 1 and high.scale > 1:
                        low.value *= high.scale
                    if high.value <= low.value:
                        return None if sep != "to" else cand  # "2020-21", scores: not a range
                    cand.high, j = high, high.end
                elif between:
                    return None
            elif between:
                return None
        # the unit after the number
        for table in (r.percent, r.currency_suffixes, r.units):
            ph, k = _match(lex, j, table)
            if not ph and table is r.units and j < n and lex[j].low == "-" and not lex[j].spaced:
                ph, k = _match(lex, j + 1, table)  # "a 10-km stretch"
            if not ph:
                continue
            found = table[ph]
            if ph[0][0] in ("pounds", "pound") and len(ph) == 1 and k < n and lex[k].low in ("of", "("):
                found = "lb"  # "500 pounds of explosives"
            if unit is None or found == unit:
                unit, j = found, k  # "$5 million dollars": the suffix may repeat the prefix
            break
        cand.unit = unit
        cand.currency = cand.currency or unit in r.currency_codes
        # approximate suffixes: "200-odd", "50 or so"
        k = j + 1 if j < n and lex[j].low == "-" and not lex[j].spaced else j
        ph, k = _match(lex, k, r.approx_suffixes)
        if ph:
            cand.approx, j = True, k
        cand.end = j
        return cand

    # -- filters: numbers that count nothing -----------------------------------------------------

    def counts_nothing(self, c: Candidate) -> bool:
        r, lex, n = self.r, self.lex, len(self.lex)
        low = c.low
        first = lex[low.start]
        prev = lex[low.start - 1] if low.start > 0 else None
        prev2 = lex[low.start - 2] if low.start > 1 else None
        end_lx = c.high.end if c.high else low.end
        nxt = lex[end_lx] if end_lx < n else None
        nxt2 = lex[end_lx + 1] if end_lx + 1 < n else None
        bare = c.unit is None and low.scale == 1 and (c.high is None or c.high.scale == 1)
        if self.glued(c, prev, prev2, first, nxt, nxt2):
            return True
        after = lex[c.end] if c.end < n else None
        after2 = lex[c.end + 1] if c.end + 1 < n else None
        if (
            c.unit is None
            and after is not None
            and after2 is not None
            and after.low == "-"
            and not (after.spaced or after2.spaced)
            and _is_word(after2)
        ):
            return True  # part of a compound word: "three-quarters", "a seven-member panel", "four-star"
        if (
            not low.digits
            and c.high is None
            and (
                (nxt is not None and (nxt.low in r.tens_words or nxt.low in r.number_words))
                or (prev is not None and (prev.low in r.tens_words or prev.low in r.number_words))
            )
        ):
            return True  # a year or a code read out: "nineteen ninety-four", "flight one oh three"
        if bare and self.is_address(end_lx):
            return True
        if bare and low.only_one and c.high is None and not c.approx:
            if prev is not None and prev.low in r.pronoun_one_before:
                return True
            if nxt is not None and nxt.low in r.pronoun_one_after:
                return True
            tok = self.token_at(first.start)
            if tok is None or tok.dep_ != "nummod" or tok.head.i <= tok.i:
                return True
        if c.unit is None or c.unit in r.units.values():
            # durations and ages belong to the times layer: "three days", "45-year-old"
            k = end_lx
            while k < n and k <= end_lx + 1 and lex[k].low == "-" and not lex[k].spaced:
                k += 1
            if k < n and lex[k].low in r.time_units and c.unit is None:
                return True
        if bare:
            ph, _ = _match(lex, end_lx, r.clock_words)
            if ph:
                return True
            if nxt is not None and nxt.low in r.months and nxt.text[0].isupper():
                return True
            if prev is not None:
                if prev.low in r.months and prev.text[0].isupper():
                    return True
                if prev.low == "." and prev2 is not None and prev2.low in r.months:
                    return True
                if prev.low in r.identifiers_any_case or (
                    prev.low in r.identifier_words and prev.text[0].isupper()
                ):
                    return True
                if prev.low == "." and prev2 is not None and prev2.low in ("no", "nos"):
                    return True
            if low.digits and self.is_year(c):
                return True
            if low.digits and c.high is None and self.names_a_thing(first.start):
                return True
            # a list number at the start of a line: "1. The ..."
            if (
                (prev is None or "\n" in self.text[prev.end : first.start])
                and nxt is not None
                and nxt.low
                in (
                    ".",
                    ")",
                )
            ):
                return True
        return False

    @staticmethod
    def glued(
        c: Candidate,
        prev: Lexeme | None,
        prev2: Lexeme | None,
        first: Lexeme,
        nxt: Lexeme | None,
        nxt2: Lexeme | None,
    ) -> bool:
        """A number written against letters or signs: a product code ("S-400", "AK-203", "G20", "COVID-19"),
        a decade ("1990s"), an ordinal ("1st"), a date or ratio ("9/11", "3:1"), a version ("3.8.0")."""
        if prev is not None and not first.spaced:
            if prev.low in ("/", ":", "#"):
                return True
            if (_is_word(prev) or prev.low == ".") and not c.currency:
                return True
        if (
            prev is not None
            and prev2 is not None
            and prev.low in ("-", "/")
            and not (first.spaced or prev.spaced)
            and (_is_word(prev2) or prev2.text[0].isdigit())
        ):
            return True  # "AK-203"; the "1" of a score "3-1"
        if c.unit is None and nxt is not None and not nxt.spaced:
            if _is_word(nxt) or nxt.low in ("/", ":"):
                return True
            if nxt.low == "." and nxt2 is not None and not nxt2.spaced:
                return True
        return False

    def is_address(self, k: int) -> bool:
        """A house number: "469 Vermont St.", "10 Downing Street"."""
        lex = self.lex
        for j in range(k, min(k + 4, len(lex))):
            if lex[j].low in self.r.street_words and lex[j].text[0].isupper():
                return all(x.text[0].isupper() for x in lex[k:j])
        return False

    def is_year(self, c: Candidate) -> bool:
        txt = self.lex[c.low.start].text
        if not (len(txt) == 4 and txt.isdigit() and 1000 <= int(txt) <= 2199):
            return False
        if c.high is not None:
            return c.high.value <= 2199  # "1999-2000"
        tok = self.token_at(self.lex[c.low.start].start)
        if tok is None or tok.ent_type_ in ("DATE", "TIME", "EVENT"):
            return True
        return not (tok.dep_ == "nummod" and tok.head.i > tok.i and tok.head.pos_ == "NOUN")

    def names_a_thing(self, char: int) -> bool:
        """A bare number that the parse hangs on a name to its left: "Boeing 737", "Article 370"."""
        tok = self.token_at(char)
        if tok is None:
            return False
        head = tok.head
        if head.i < tok.i and head.pos_ == "PROPN":
            return True
        if tok.i > 0:
            before = tok.doc[tok.i - 1]
            if (
                before.pos_ == "PROPN"
                and before.text[0].isupper()
                and tok.ent_type_ in ("PRODUCT", "LAW", "FAC")
            ):
                return True
        return False

    # -- the counted thing ------------------------------------------------------------------------

    def token_at(self, char: int) -> SpacyToken | None:
        if self.doc is None:
            return None
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def object_of(self, start: int, end: int, currency: bool) -> str | None:
        doc = self.doc
        if doc is None:
            return None
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        k = span.end
        n = len(doc)
        # "Rs 500 crore of aid", "$500 million in aid", "Rs 200 crore worth of drugs", "25% of the vote"
        if k + 1 < n and doc[k].lower_ == "worth" and doc[k + 1].lower_ == "of":
            k += 1
        if k < n and (doc[k].lower_ == "of" or (currency and doc[k].lower_ == "in")):
            pobj = [c for c in doc[k].children if c.dep_ == "pobj" and c.pos_ in NOUNISH]
            if pobj and pobj[0].ent_type_ not in ("DATE", "TIME"):
                return self._noun_phrase(pobj[0], k + 1)
        best: SpacyToken | None = None
        inside = range(span.start, span.end)
        for tok in span:
            h = tok
            while h.i in inside and h.head.i != h.i:
                h = h.head
            if h.i in inside or h.i < span.end or h.pos_ not in NOUNISH or h.i - span.end > MAX_OBJECT_GAP:
                continue
            while h.dep_ in ("compound", "amod", "nmod") and h.head.i > h.i and h.head.pos_ in NOUNISH:
                h = h.head
            if best is None or h.i > best.i:
                best = h
        if best is None:
            return None
        return self._noun_phrase(best, span.end)

    def _noun_phrase(self, head: SpacyToken, first: int) -> str | None:
        """The text from token `first` to `head`, if every token between modifies the head."""
        doc = head.doc
        i = first
        while i < head.i and (
            doc[i].dep_ in ("det", "poss", "predet", "case") or doc[i].tag_ in ("PRP$", "POS")
        ):
            i += 1
        for t in doc[i : head.i]:
            if head not in t.ancestors or t.dep_ in OBJECT_DEPS_STOP:
                return None
            if t.is_punct and t.text not in ("-", "\u2013"):
                return None
        s, e = doc[i].idx, head.idx + len(head.text)
        return self.text[s:e] if e > s else None

    # -- all together -----------------------------------------------------------------------------

    def amounts(self) -> list[Amount]:
        out: list[Amount] = []
        i, n = 0, len(self.lex)
        while i < n:
            cand = self.candidate_at(i)
            if cand is None:
                i += 1
                continue
            if self.counts_nothing(cand):
                i = max(i + 1, cand.low.end if cand.high is None else cand.high.end)
                continue
            out.append(self.to_amount(cand))
            i = cand.end
        return out

    def to_amount(self, c: Candidate) -> Amount:
        start, end = self.lex[c.start].start, self.lex[c.end - 1].end
        return Amount(
            start=start,
            end=end,
            text=self.text[start:end],
            value=_plain(c.low.value),
            unit=c.unit,
            object=self.object_of(start, end, c.currency),
            approx=c.approx,
            high=_plain(c.high.value) if c.high else None,
        )


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def find_amounts(text: str, doc: Doc | None) -> list[Amount]:
    """Every amount in `text`, in order. `doc` is the spaCy parse of the same text (for the counted
    noun phrase and to tell years from counts); without it, objects are None."""
    return Reader(text, doc).amounts()


class AmountStage:
    name = "amounts"
    needs: tuple[str, ...] = ("parse", "sentences")
    adds: tuple[str, ...] = ("amounts",)

    def __init__(self) -> None:
        rules()  # compile the knowledge once, at pipeline build

    def __call__(self, document: Document) -> None:
        document.amounts = find_amounts(document.text, document.doc)
