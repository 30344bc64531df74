"""PETRARCH verb dictionaries (`--lexicon FILE.verbs`): verbs, their event codes and the word patterns
around them, read in the PETRARCH/TABARI format so users' own coding dictionaries code with Dateline.

    --- RESTORE  [064] ---        a family of verbs with its code ("---": the verb alone is no event)
    RESTORE                        a verb; regular forms are made, irregular ones given: SAY {SAID}
    - NOT * RELATIONS  [112]       a pattern: words before and after the verb ("*"); "_" joins words
                                   that must be adjacent; &SYNSET names a list of phrases; "+" marks the
                                   target, "$" the source, "%" a compound that acts on itself
    &TIETYPES                      a synset and its phrases (plurals are made unless a name ends in "_")
    +MILITARY

A code "032:033" is the event from source to target and the one back (a visit and its hosting);
":173" the one back only. PETRARCH 2's "(TO BORDER)" and "{ECONOMIC AID}" phrases are read as their
words. See docs/events.md ("PETRARCH verb dictionaries") for what is and is not read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from spacy.tokens import Token

from ..errors import LexiconError

FAMILY = re.compile(r"^---\s*(?P<name>[^\[]*?)\s*(?:\[(?P<code>[^\]]*)\].*)?$")
CODE = re.compile(r"\[(?P<code>[^\]]*)\]")
FORMS = re.compile(r"\{(?P<forms>[^}]*)\}")
MARKERS = frozenset({"$", "+", "%", "^"})
NO_EVENT = "---"
# an event code: digits with an optional letter ("064", "174K", "102b"), or "---"; a pair "032:033"
ONE_CODE = r"(?:---|\d+[A-Za-z]?)"
# ":173" is only the event back: "appeared before a court" is the court's act on the subject
VALID_CODE = re.compile(rf"^(?:{ONE_CODE}(?::{ONE_CODE})?|:{ONE_CODE})$")


@dataclass(frozen=True)
class Element:
    """One item of a pattern: a word, a synset, or the verb itself."""

    kind: str  # "word" | "synset" | "verb"
    value: str = ""
    glued: bool = False  # must stand right after the item before it


@dataclass(frozen=True)
class VerbPattern:
    before: tuple[Element, ...]  # in text order
    after: tuple[Element, ...]
    verb_glued: bool  # the last word before the verb stands right before it
    code: str
    target_first: bool = False  # "+" before the verb or "$" after it: the subject is acted on
    joint: bool = False  # "%": a compound subject acts on its own members
    order: int = 0
    # ("+", k, skips): the target stands after the k-th item, past `skips` noun phrases ("^")
    markers: tuple[tuple[str, int, int], ...] = ()

    @property
    def size(self) -> int:
        return len(self.before) + len(self.after)


@dataclass(frozen=True)
class VerbForm:
    head: str  # the inflected word, lower case
    before: tuple[str, ...] = ()  # words right before it ("wire" in "wire tap")
    after: tuple[str, ...] = ()  # words right after it ("off" in "cordon off")
    code: str | None = None  # the verb's own code, else its family's


@dataclass
class VerbFamily:
    name: str
    code: str
    forms: list[VerbForm] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)


@dataclass(frozen=True)
class Role:
    """Where a pattern's "+" (target) or "$" (source) stands: tokens [lo, hi), past `skips` noun phrases;
    before the verb, the actor nearest its end counts."""

    marker: str
    lo: int
    hi: int
    from_end: bool
    skips: int = 0


@dataclass
class VerbMatch:
    """What a verb in a sentence codes as under a dictionary: its code (NO_EVENT for none, "" when a
    pattern names only the event back, ":173"), the code back, if any, and the pattern's roles."""

    code: str
    reverse_code: str | None
    base_code: str  # the verb's own code (or its family's), whose type a pattern's code refines
    pattern: VerbPattern | None
    # where the pattern's "+" (target) and "$" (source) stand: see Role
    roles: tuple[Role, ...] = ()

    @property
    def target_first(self) -> bool:
        return self.pattern is not None and self.pattern.target_first

    @property
    def joint(self) -> bool:
        return self.pattern is not None and self.pattern.joint


@dataclass
class VerbDictionary:
    source: str = "<verbs>"
    synsets: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    families: list[VerbFamily] = field(default_factory=list)
    by_word: dict[str, list[tuple[VerbFamily, VerbForm]]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # lines not used: bad codes, undefined synsets

    def index(self) -> None:
        self.by_word = {}
        for family in self.families:
            for form in family.forms:
                for word in inflections(form.head):
                    self.by_word.setdefault(word, []).append((family, form))

    def match(self, verb: Token, sentence: Sequence[Token]) -> VerbMatch | None:
        """The code this verb takes in its sentence; None when the dictionary does not know the verb."""
        candidates = [
            (family, form, words)
            for key in dict.fromkeys((verb.lower_, verb.lemma_.lower()))
            for family, form in self.by_word.get(key, [])
            if (words := _form_words(form, verb, sentence)) is not None
        ]
        if not candidates:
            return None
        family, form, words = max(candidates, key=lambda c: len(c[2]))
        first, last = min(w.i for w in words), max(w.i for w in words)
        before = [t for t in sentence if t.i < first]
        after = [t for t in _after(verb, sentence) if t.i > last]
        placed = [
            (p, spans) for p in family.patterns if (spans := self._place(p, before, after, first, last))
        ]
        base = form.code or family.code
        if not placed:
            forward, _, back = base.partition(":")
            return VerbMatch(forward, back or None, forward, None)
        pattern, spans = max(placed, key=lambda ps: (ps[0].size, -ps[0].order))
        forward, _, back = pattern.code.partition(":")
        start = sentence[0].i if sentence else verb.i
        end = (after[-1].i if after else last) + 1
        roles = tuple(
            _region(marker, k, skips, spans, len(pattern.before), start, end)
            for marker, k, skips in pattern.markers
        )
        base_forward = base.partition(":")[0]
        return VerbMatch(forward, back or None, base_forward, pattern, roles)

    def _place(
        self, pattern: VerbPattern, before: list[Token], after: list[Token], first: int, last: int
    ) -> list[tuple[int, int]] | None:
        """Where the pattern's items stand, as token ranges [lo, hi) in text order with the verb's among
        them; None when it does not hold. Before the verb the pattern is read outward from it."""
        back = [
            Element(e.kind, e.value, pattern.verb_glued if k == 0 else pattern.before[-k].glued)
            for k, e in enumerate(reversed(pattern.before))
        ]
        found_back = self._sequence(back, [t.lower_ for t in reversed(before)], reverse=True)
        if found_back is None:
            return None
        found_after = self._sequence(list(pattern.after), [t.lower_ for t in after], reverse=False)
        if found_after is None:
            return None
        n = len(before)
        return (
            [(before[n - at - size].i, before[n - 1 - at].i + 1) for at, size in reversed(found_back)]
            + [(first, last + 1)]
            + [(after[at].i, after[at + size - 1].i + 1) for at, size in found_after]
        )

    def _sequence(
        self, elements: list[Element], words: list[str], reverse: bool
    ) -> list[tuple[int, int]] | None:
        """(position, length) of each element in `words`, in order, gaps allowed unless glued. Each
        (element, position) is tried once, so a pattern of common words costs words x elements."""
        phrases = [self._phrases(element, reverse) for element in elements]
        failed: set[tuple[int, int]] = set()

        def fits(k: int, pos: int) -> list[tuple[int, int]] | None:
            if k == len(elements):
                return []
            if (k, pos) in failed:
                return None
            starts = [pos] if elements[k].glued else range(pos, len(words))
            for start in starts:
                for phrase in phrases[k]:
                    if tuple(words[start : start + len(phrase)]) == phrase:
                        rest = fits(k + 1, start + len(phrase))
                        if rest is not None:
                            return [(start, len(phrase)), *rest]
            failed.add((k, pos))
            return None

        return fits(0, 0)

    def _phrases(self, element: Element, reverse: bool) -> list[tuple[str, ...]]:
        phrases: list[tuple[str, ...]] = (
            self.synsets.get(element.value, []) if element.kind == "synset" else [(element.value,)]
        )
        return [p[::-1] for p in phrases] if reverse else phrases


def _region(
    marker: str, k: int, skips: int, spans: list[tuple[int, int]], verb_at: int, start: int, end: int
) -> Role:
    """The tokens between the items a marker stands between; before the verb the actor it names is the
    one nearest the next item ("+ HOSTING *": the one just before "hosting")."""
    lo = spans[k - 1][1] if k > 0 else start
    hi = spans[k][0] if k < len(spans) else end
    return Role(marker, lo, hi, k <= verb_at, skips)


def _after(verb: Token, sentence: Sequence[Token]) -> list[Token]:
    """The words after the verb that its phrase holds: its subtree, up to the sentence's end."""
    last = max(t.i for t in verb.subtree)
    return [t for t in sentence if verb.i < t.i <= last]


def _form_words(form: VerbForm, verb: Token, sentence: Sequence[Token]) -> list[Token] | None:
    """The verb's words in the sentence when the form's other words stand right around it."""
    at = {t.i: t for t in sentence}
    words = [verb]
    for k, word in enumerate(reversed(form.before), start=1):
        tok = at.get(verb.i - k)
        if tok is None or tok.lower_ != word:
            return None
        words.append(tok)
    for k, word in enumerate(form.after, start=1):
        tok = at.get(verb.i + k)
        if tok is None or tok.lower_ != word:
            return None
        words.append(tok)
    return words


def inflections(word: str) -> list[str]:
    """A verb's regular forms: "stop" -> stop, stops, stopped, stopping; "try" -> tries, tried."""
    forms = [word]
    if len(word) < 3 or not word.isalpha():
        return forms
    if word.endswith("e"):
        forms += [word + "s", word + "d", word[:-1] + "ing"]
    elif word.endswith("y") and word[-2] not in "aeiou":
        forms += [word[:-1] + "ies", word[:-1] + "ied", word + "ing"]
    elif word.endswith(("s", "x", "z", "ch", "sh")):
        forms += [word + "es", word + "ed", word + "ing"]
    else:
        forms += [word + "s", word + "ed", word + "ing"]
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", word):  # stop -> stopped
            forms += [word + word[-1] + "ed", word + word[-1] + "ing"]
    return forms


def plurals(word: str) -> list[str]:
    if word.endswith("ss"):
        return [word, word + "es"]
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return [word, word[:-1] + "ies"]
    return [word, word + "s"]


@cache
def cameo_types() -> dict[str, str]:
    path = resources.files("dateline") / "data" / "events" / "cameo_types.yaml"
    return {str(k): str(v) for k, v in (yaml.safe_load(path.read_text("utf-8")) or {}).items()}


def plover_type(code: str) -> str | None:
    """The PLOVER type of a CAMEO code by its longest listed prefix; None for codes PLOVER has no type for."""
    table = cameo_types()
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def read_verb_dictionary(path: Path | str, text: str | None = None) -> VerbDictionary:
    raw = text if text is not None else Path(path).read_text("utf-8", errors="replace")
    return parse_verb_dictionary(raw, str(path))


def is_verb_dictionary(text: str) -> bool:
    """A PETRARCH verb dictionary has family lines: "--- NAME [CODE] ---"."""
    return any(FAMILY.match(line.strip()) and "[" in line for line in text.splitlines()[:400])


def _strip_comments(text: str) -> list[tuple[int, str]]:
    text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line, depth = [], 0
        for ch in raw:  # "#" and ";" start a comment outside a [code]: "[###]" is a code
            depth += ch == "["
            depth -= ch == "]"
            if ch in "#;" and depth <= 0:
                break
            line.append(ch)
        stripped = "".join(line).strip()
        if stripped:
            lines.append((number, stripped))
    return lines


def parse_verb_dictionary(text: str, source: str = "<verbs>") -> VerbDictionary:
    out = VerbDictionary(source=source)
    family: VerbFamily | None = None
    synset: list[tuple[str, ...]] | None = None
    synset_plurals = True
    raw_patterns: list[tuple[int, VerbFamily, str, str]] = []
    for number, line in _strip_comments(text):
        header = FAMILY.match(line)
        if header and line.startswith("---"):
            family = VerbFamily(header["name"].lower(), _code(header["code"], number, out))
            out.families.append(family)
            synset = None
        elif line.startswith("&"):
            name = line.split()[0][1:]
            synset_plurals = not name.endswith("_")
            synset = out.synsets.setdefault(name.rstrip("_").lower(), [])
        elif line.startswith("+") and synset is not None:
            synset.extend(_synset_phrases(line[1:], synset_plurals))
        elif line.startswith("-"):
            if family is None:
                raise LexiconError(source, f"line {number}: a pattern before any verb family: {line!r}")
            found = CODE.search(line)
            if found is None:
                raise LexiconError(source, f"line {number}: a pattern without a [code]: {line!r}")
            raw_patterns.append((number, family, line[1 : found.start()].strip(), found["code"].strip()))
        else:
            if family is None:
                raise LexiconError(
                    source, f"line {number}: a verb before any '--- FAMILY [CODE] ---' line: {line!r}"
                )
            synset = None
            family.forms.extend(_verb_forms(line))
    _expand_nested_synsets(out.synsets)
    for order, (number, fam, body, code) in enumerate(raw_patterns):
        pattern = _pattern(body, code, order) if VALID_CODE.match(code) else None
        if not VALID_CODE.match(code):
            out.skipped.append(f"line {number}: {body} [{code}] (not an event code)")
        elif pattern is None:
            out.skipped.append(f"line {number}: {body}")
        elif any(e.kind == "synset" and e.value not in out.synsets for e in pattern.before + pattern.after):
            out.skipped.append(f"line {number}: {body} (undefined synset)")
        else:
            fam.patterns.append(pattern)
    out.index()
    return out


def _code(text: str | None, number: int, out: VerbDictionary) -> str:
    """A family's code; one that is not an event code ("025?") is noted and read as no event."""
    code = (text or "").replace(" ", "") or NO_EVENT
    if VALID_CODE.match(code):
        return code
    out.skipped.append(f"line {number}: [{code}] (not an event code; the verb alone codes no event)")
    return NO_EVENT


def _expand_nested_synsets(synsets: dict[str, list[tuple[str, ...]]]) -> None:
    """ "&ACCORDSYN: +&TIETYPES +CLOSER": a phrase naming another synset stands for that synset's phrases."""
    for name, phrases in synsets.items():
        expanded: list[tuple[str, ...]] = []
        for phrase in phrases:
            inner = phrase[0][1:] if len(phrase) == 1 and phrase[0].startswith("&") else None
            inner = inner[:-1] if inner and inner not in synsets and inner.endswith("s") else inner
            if inner is not None and inner in synsets and inner != name:
                expanded.extend(p for p in synsets[inner] if not p[0].startswith("&"))
            elif inner is None:
                expanded.append(phrase)
        synsets[name] = list(dict.fromkeys(expanded))


def _synset_phrases(text: str, make_plurals: bool) -> list[tuple[str, ...]]:
    phrase = text.strip()
    plural = make_plurals and not phrase.endswith("_")
    words = tuple(w for w in re.split(r"[\s_]+", phrase.lower()) if w)
    if not words:
        return []
    if not plural:
        return [words]
    return [words[:-1] + (last,) for last in plurals(words[-1])]


def _verb_forms(line: str) -> list[VerbForm]:
    """ "DOWNPLAY [014]", "SAY {SAID}", "WIRE_+TAP {WIRE_+TAPPED}": "+" marks the inflected word."""
    code_match = CODE.search(line)
    code = code_match["code"].strip() if code_match and VALID_CODE.match(code_match["code"].strip()) else None
    forms_match = FORMS.search(line)
    main = FORMS.sub(" ", CODE.sub(" ", line)).strip()
    main = main[1:] if main.startswith("+") else main  # "+CORDON_OFF": a synonym of the family's verb
    out = []
    for text in [main, *(forms_match["forms"].split() if forms_match else [])]:
        parts = [p for p in re.split(r"[\s_]+", text.strip()) if p.strip("+")]
        if not parts:
            continue
        head = next((k for k, p in enumerate(parts) if p.startswith("+")), 0)
        words = [p.lstrip("+").lower() for p in parts]
        out.append(VerbForm(words[head], tuple(words[:head]), tuple(words[head + 1 :]), code))
    return out


def _pattern(body: str, code: str, order: int) -> VerbPattern | None:
    elements: list[Element] = []
    markers: list[tuple[str, int]] = []  # (marker, number of elements before it)
    glue = False
    # PETRARCH 2's "(TO BORDER)" (a prepositional phrase) and "{ARMS SHIPMENT}" (a noun phrase) are read
    # as their words in order
    for item in re.sub(r"[(){}]", " ", body).replace("_", " _ ").split():
        if item == "_":
            glue = True
            continue
        if item in MARKERS:
            markers.append((item, len(elements)))
        elif item == "*":
            elements.append(Element("verb", "*", glue))
        elif item.startswith("&"):
            elements.append(Element("synset", item[1:].lower(), glue))
        else:
            elements.append(Element("word", item.lower(), glue))
        glue = False
    verbs = [k for k, e in enumerate(elements) if e.kind == "verb"]
    if len(verbs) != 1:
        return None
    at = verbs[0]
    return VerbPattern(
        before=tuple(elements[:at]),
        after=tuple(elements[at + 1 :]),
        verb_glued=elements[at].glued,
        code=code,
        target_first=any((m == "+" and n <= at) or (m == "$" and n > at) for m, n in markers),
        joint=any(m == "%" for m, _ in markers),
        order=order,
        markers=tuple(
            (m, n, sum(1 for m2, n2 in markers[:j] if m2 == "^" and n2 == n))
            for j, (m, n) in enumerate(markers)
            if m in "+$"
        ),
    )
