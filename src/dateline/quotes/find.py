"""Finding quotes: direct ones between quote marks, indirect ones in the clause a speech verb reports.

A direct quote is attributed to the speech cue nearest it in its own sentence, after it first ('"...,"
said X', '"...," X said') then before it ('X said: "..."'); failing that, to the sentence before that
ends in a colon, to the speaker of the quote it continues (a quote-only paragraph after a quote), or to
a cue in the next or previous sentence of its paragraph. Every text between quote marks is kind
"direct"; `partial` says it is a fragment inside the writer's own sentence.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..model import Entity, Quote, Sentence, Span
from .marks import Quoted, find_quoted
from .rules import QuoteRules, rules
from .speakers import Resolver, Speaker, cue_span, phrase_of, subject_of

MIN_UNATTRIBUTED_WORDS = 4  # shorter quoted text with no speech cue is a title or scare quotes
STRIP_END = " \t\n,;:."


@dataclass
class Cue:
    span: Span
    verb: Token | None  # the speech verb, None for "according to"
    speaker: Speaker | None


@dataclass
class Found:
    quote: Quote
    speaker: Speaker | None = None
    choices: list[Cue] = field(default_factory=list)  # direct quotes: attributions, best first
    quoted: Quoted | None = None


class QuoteReader:
    def __init__(
        self, text: str, doc: Doc, sentences: Sequence[Sentence], entities: Sequence[Entity]
    ) -> None:
        self.text = text
        self.doc = doc
        self.r: QuoteRules = rules()
        self.sentences = list(sentences) or [Sentence(s.start_char, s.end_char) for s in doc.sents]
        self.sent_starts = [s.start for s in self.sentences]
        self.quoted = find_quoted(text)
        self.in_quotes: set[int] = set()
        for q in self.quoted:
            last = q.close if q.close is not None else q.end
            span = doc.char_span(q.open, last + 1, alignment_mode="expand")
            if span is not None:
                self.in_quotes.update(range(span.start, span.end))
        self.resolver = Resolver(doc, text, entities, self.r, self.in_quotes)
        self.first_words = {p[0] for p in self.r.cue_phrases}

    # -- places ----------------------------------------------------------------------------------

    def sentence_at(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)

    def tokens_in(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="contract") if end > start else None
        return list(span) if span is not None else []

    def paragraph_start(self, pos: int) -> int:
        nl = self.text.rfind("\n", 0, pos)
        return nl + 1

    # -- cues ------------------------------------------------------------------------------------

    def cues_in(self, start: int, end: int) -> list[Cue]:
        """Speech cues in [start, end) outside quote marks, in text order."""
        out: list[Cue] = []
        toks = self.tokens_in(start, end)
        for k, t in enumerate(toks):
            if t.i in self.in_quotes:
                continue
            if self.is_cue_verb(t):
                head = subject_of(t, self.r, self.in_quotes)
                out.append(Cue(cue_span(self.doc, self.text, t.i, t.i), t, self._speaker(head)))
                continue
            for phrase in self.r.cue_phrases:
                n = len(phrase)
                words = [x.lower_ for x in toks[k : k + n]]
                if words == list(phrase):
                    last = toks[k + n - 1]
                    out.append(
                        Cue(
                            cue_span(self.doc, self.text, t.i, last.i),
                            None,
                            self._speaker(self._source_of(last)),
                        )
                    )
                    break
        return out

    def is_cue_verb(self, t: Token) -> bool:
        if t.pos_ != "VERB" or t.lemma_.lower() not in self.r.cue_verbs:
            return False
        # "so-called", "self-declared": part of a compound adjective, nobody speaks
        return not (t.i > 0 and self.doc[t.i - 1].text == "-" and not self.doc[t.i - 1].whitespace_)

    def _source_of(self, last: Token) -> Token | None:
        """The source after "according to" / "as per" / "quoting"."""
        for child in last.children:
            if child.dep_ in ("pobj", "dobj") and child.i not in self.in_quotes:
                return child
        for t in self.doc[last.i + 1 : last.i + 8]:
            if t.i in self.in_quotes or t.is_punct:
                break
            if t.pos_ in ("NOUN", "PROPN", "PRON") and (t.i + 1 >= len(self.doc) or t.head.i != t.i + 1):
                return t
        return None

    def _speaker(self, head: Token | None) -> Speaker | None:
        return phrase_of(head, self.in_quotes) if head is not None else None

    # -- direct quotes ---------------------------------------------------------------------------

    def direct(self) -> list[Found]:
        out: list[Found] = []
        opens = [q.open for q in self.quoted]
        for n, q in enumerate(self.quoted):
            close = q.close if q.close is not None else q.end
            s1, s2 = self.sentence_at(q.open), self.sentence_at(close)
            before_from = self.sentences[s1].start
            if n > 0:
                prev = self.quoted[n - 1]
                before_from = max(before_from, (prev.close if prev.close is not None else prev.end) + 1)
            after_to = self.sentences[s2].end
            if n + 1 < len(opens):
                after_to = min(after_to, opens[n + 1])
            after = self.cues_in(close + 1, after_to)
            before = self.cues_in(before_from, q.open)
            choices = after + list(reversed(before))
            # a cue whose reported clause holds the quote governs it: 'The US said it "strongly condemns" ...'
            choices.sort(key=lambda c: not self.governs(c, q))
            quote = Quote(q.start, q.end, self.text[q.start : q.end], "direct")
            quote.partial = self.is_partial(q, before_from, after_to, bool(choices))
            out.append(Found(quote, choices=choices, quoted=q))
        return out

    def governs(self, cue: Cue, q: Quoted) -> bool:
        if cue.verb is None:
            return False
        comp = self.reports(cue.verb)
        return comp is not None and comp.left_edge.idx <= q.open < comp.right_edge.idx + len(
            comp.right_edge.text
        )

    def is_partial(self, q: Quoted, before_from: int, after_to: int, cued: bool) -> bool:
        lead = self.text[before_from : q.open].strip()
        if q.start < len(self.text) and self.text[q.start].islower():
            return True
        if lead and not lead.endswith((":", ",")):
            toks = self.tokens_in(before_from, q.open)
            words = [t for t in toks if not t.is_punct]
            if not words or words[-1].lemma_.lower() not in self.r.cue_verbs:
                return True
        close = q.close if q.close is not None else q.end
        tail = self.text[close + 1 : after_to].strip(" \t\n.!?")
        return bool(tail) and not cued and not tail.startswith(",")

    def fallback(self, found: Found, previous: Found | None) -> list[Cue] | Found | None:
        """Where a quote with no cue in its own sentence comes from."""
        q = found.quoted
        assert q is not None
        s1 = self.sentence_at(q.open)
        close = q.close if q.close is not None else q.end
        s2 = self.sentence_at(close)
        own_paragraph = not self.text[self.paragraph_start(q.open) : q.open].strip()
        if s1 > 0:
            prev = self.sentences[s1 - 1]
            if self.text[prev.start : prev.end].rstrip().endswith(":"):
                cues = self.cues_in(prev.start, prev.end)
                if cues:
                    return list(reversed(cues))
        opens_sentence = not self.text[
            max(self.sentences[s1].start, self.paragraph_start(q.open)) : q.open
        ].strip()
        if (own_paragraph or opens_sentence) and previous is not None and previous.quoted is not None:
            p = previous.quoted
            p_close = p.close if p.close is not None else p.end
            if s1 - self.sentence_at(p_close) <= 1:
                return previous  # the speaker goes on
        para_end = self.text.find("\n", close)
        para_end = len(self.text) if para_end < 0 else para_end
        if s2 + 1 < len(self.sentences) and self.sentences[s2 + 1].start < para_end:
            nxt = self.sentences[s2 + 1]
            cues = [c for c in self.cues_in(nxt.start, nxt.end) if c.speaker is not None]
            if cues:
                return cues[:1]
        if s1 > 0 and self.sentences[s1 - 1].end > self.paragraph_start(q.open):
            prev = self.sentences[s1 - 1]
            cues = [
                c
                for c in self.cues_in(prev.start, prev.end)
                if c.speaker is not None and c.verb is not None and not self.reports_outside_quotes(c.verb)
            ]
            if cues:
                return cues[-1:]
        return None

    # -- indirect speech -------------------------------------------------------------------------

    def reports(self, verb: Token) -> Token | None:
        """The clause a speech verb reports, if it has one outside quote marks."""
        for child in verb.children:
            if child.dep_ != "ccomp":
                continue
            if any(g.dep_ in ("nsubj", "nsubjpass") and g.tag_ == "WDT" for g in child.children):
                continue  # a relative clause the parse took for a complement ("... Russia that risk ...")
            return child
        return None

    def reports_outside_quotes(self, verb: Token) -> bool:
        comp = self.reports(verb)
        return comp is not None and any(
            t.i not in self.in_quotes and not t.is_punct
            for t in self.doc[comp.left_edge.i : comp.right_edge.i + 1]
        )

    def indirect(self) -> list[Found]:
        out: list[Found] = []
        taken: list[tuple[int, int]] = []
        for t in self.doc:
            if t.i in self.in_quotes:
                continue
            clause: tuple[int, int] | None = None
            cue: Cue | None = None
            if self.is_cue_verb(t) and t.lemma_.lower() not in self.r.direct_only_verbs:
                comp = self.reports(t)
                speaker = self._speaker(subject_of(t, self.r, self.in_quotes))
                if comp is not None:
                    first, last = comp.left_edge.i, comp.right_edge.i
                elif (
                    t.dep_ in ("parataxis", "conj") and t.head.i < t.i and self._tail_attribution(t, speaker)
                ):
                    # "The purchase was ..., Minister Ajay Bhatt said": the parse hangs the cue on the clause
                    first, last = t.head.left_edge.i, t.i - 1
                else:
                    continue
                clause = self._clause(first, last, speaker.start if speaker else None)
                if clause is None or self._has_own_cue(clause, t):
                    continue
                cue = Cue(cue_span(self.doc, self.text, t.i, t.i), t, speaker)
            else:
                found = self._phrase_cue(t)
                if found is None:
                    continue
                cue, clause = found
            if clause is None or any(a <= clause[0] and clause[1] <= b for a, b in taken):
                continue
            start, end = clause
            if not self._outside_quotes(start, end):
                continue
            taken.append(clause)
            quote = Quote(start, end, self.text[start:end], "indirect", cue=cue.span)
            out.append(Found(quote, speaker=cue.speaker))
        return out

    def _tail_attribution(self, verb: Token, speaker: Speaker | None) -> bool:
        """The cue closes its sentence after a comma: "..., a senior official told PTI." """
        begin = min(speaker.start, verb.idx) if speaker is not None else verb.idx
        return self.text[:begin].rstrip().endswith(",")

    def _phrase_cue(self, t: Token) -> tuple[Cue, tuple[int, int] | None] | None:
        if t.lower_ not in self.first_words:
            return None
        for phrase in self.r.cue_phrases:
            n = len(phrase)
            toks = self.doc[t.i : t.i + n]
            if len(toks) < n or [x.lower_ for x in toks] != list(phrase):
                continue
            last = toks[-1]
            source = self._source_of(last)
            speaker = self._speaker(source)
            cue = Cue(cue_span(self.doc, self.text, t.i, last.i), None, speaker)
            sent = self.sentences[self.sentence_at(t.idx)]
            phrase_end = max(last.idx + len(last.text), speaker.end if speaker else 0)
            if not self.text[sent.start : t.idx].strip(" ,\u2014\u2013"):
                return cue, self._trim(phrase_end, sent.end)
            return cue, self._trim(sent.start, t.idx)
        return None

    def _clause(self, first: int, last: int, cut: int | None = None) -> tuple[int, int] | None:
        """The reported clause over tokens [first, last], ending before the speaker phrase at `cut`."""
        doc = self.doc
        while first <= last and (doc[first].dep_ in ("mark", "cc") or doc[first].is_punct):
            if doc[first].text in ('"', "\u201c"):
                break
            first += 1
        if last - first < 2:
            return None
        start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
        if cut is not None and start < cut < end:
            end = cut
        for t in doc[first : last + 1]:
            # "..., with Minister X calling the plan ...": a second speaker's phrase ends the clause
            if t.idx >= end or t.i in self.in_quotes or not self.is_cue_verb(t) or t.i == first:
                continue
            comma = next((k for k in range(t.left_edge.i - 1, first, -1) if doc[k].text == ","), None)
            if comma is not None and t.left_edge.i - comma <= 6 and doc[comma].idx - start > 10:
                end = doc[comma].idx
                break
        for q in self.quoted:
            # a quote opened inside the clause closes with it: keep its closing mark
            if start <= q.open < end and q.close is not None and end <= q.close < end + 3:
                return self._trim(start, q.close + 1)
        return self._trim(start, end)

    def _trim(self, start: int, end: int) -> tuple[int, int] | None:
        text = self.text
        while start < end and text[start] in " \t\n,;:\u2014\u2013":
            start += 1
        while end > start and text[end - 1] in STRIP_END:
            end -= 1
        return (start, end) if end - start > 3 else None

    def _has_own_cue(self, clause: tuple[int, int], verb: Token) -> bool:
        """A clause holding a speech verb with its own subject is not what `verb` reports: `verb` only
        attributes it again ("Psaki confirmed ... and said ..., the press Secretary announced")."""
        return any(
            c.verb is not None
            and c.verb.i != verb.i
            and c.verb.lemma_.lower() not in self.r.direct_only_verbs
            and any(ch.dep_ == "nsubj" for ch in c.verb.children)
            for c in self.cues_in(*clause)
        )

    def _outside_quotes(self, start: int, end: int) -> bool:
        """The clause says something of its own, not only what a direct quote already holds."""
        words = [t for t in self.tokens_in(start, end) if not t.is_punct and t.i not in self.in_quotes]
        return len(words) >= 2

    # -- all together ----------------------------------------------------------------------------

    def quotes(self) -> list[Quote]:
        items = sorted(self.direct() + self.indirect(), key=lambda f: (f.quote.start, f.quote.kind))
        out: list[Quote] = []
        previous: Found | None = None
        for f in items:
            q = f.quote
            if q.kind == "indirect":
                if f.speaker is not None:
                    q.speaker_text = self.text[f.speaker.start : f.speaker.end]
                    q.speaker = self.resolver.resolve(f.speaker)
                out.append(q)
                continue
            choices: list[Cue] | Found | None = f.choices or self.fallback(f, previous)
            if isinstance(choices, Found):
                q.speaker, q.speaker_text = choices.quote.speaker, choices.quote.speaker_text
            elif choices:
                self.attribute(q, choices)
            elif len(q.text.split()) < MIN_UNATTRIBUTED_WORDS:
                continue
            out.append(q)
            previous = f
        return out

    def attribute(self, q: Quote, choices: list[Cue]) -> None:
        """The first attribution whose speaker is a known entity; else the first with a speaker."""
        with_speaker = [c for c in choices if c.speaker is not None]
        for c in with_speaker:
            assert c.speaker is not None
            if self.resolver.peek(c.speaker) is not None:
                q.cue, q.speaker_text = c.span, self.text[c.speaker.start : c.speaker.end]
                q.speaker = self.resolver.resolve(c.speaker)
                return
        best = with_speaker[0] if with_speaker else choices[0]
        q.cue = best.span
        if best.speaker is not None:
            q.speaker_text = self.text[best.speaker.start : best.speaker.end]


def find_quotes(
    text: str, doc: Doc, sentences: Sequence[Sentence], entities: Sequence[Entity]
) -> list[Quote]:
    """Every direct and indirect quote in `text`, in order, with cue, speaker phrase and speaker id.
    `doc` is the spaCy parse of `text`; `entities` give the ids (their mentions are looked up)."""
    return QuoteReader(text, doc, sentences, entities).quotes()
