"""Who a phrase names: the entities layer's mentions indexed by token (a token inside a mention of X
stands for X; a mention that belongs to two entities, like "the two leaders", stands for both), with the
fallbacks the events stage adds: coordination, appositions, "the leaders of France", nationality
words, "the two sides", and pronouns the entities layer left unlinked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..entities.groups import GROUP_NOUNS
from ..model import Entity
from .syntax import conjuncts, controller, is_noun, is_verb, prep_objects, subject
from .triggers import antecedent_candidates

# relations whose possessor or name is someone else: "Elian's father" is not Elian
KIN = frozenset(
    {
        "relative",
        "family",
        "father",
        "mother",
        "son",
        "daughter",
        "wife",
        "husband",
        "brother",
        "sister",
        "uncle",
        "aunt",
        "cousin",
        "parent",
        "child",
        "widow",
        "nephew",
        "niece",
        "grandson",
        "granddaughter",
    }
)
# quantifiers and nouns of people who belong somewhere: "the leaders of Gondor", "soldiers from Gondor"
QUANTIFIERS = frozenset({"all", "some", "one", "both", "each", "many", "most"})
MEMBER_NOUNS = frozenset(
    {
        "leader",
        "official",
        "government",
        "minister",
        "member",
        "delegation",
        "force",
        "troop",
        "soldier",
        "army",
        "police",
        "authority",
        "ambassador",
        "envoy",
        "diplomat",
        "spokesman",
        "spokesperson",
        "militia",
        "people",
        "representative",
        "lawmaker",
        "president",
        "ministry",
        "citizen",
        "national",
    }
)
# what a subject pronoun may stand for
PRONOUN_TYPES: dict[str, tuple[str, ...]] = {
    "he": ("PERSON",),
    "she": ("PERSON",),
    "it": ("COUNTRY", "ORG", "GROUP"),
}
# pronouns of a plural party: "Biden and Putin met ... They agreed"
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs"})
# what a plural pronoun may stand for: never a place, never one person alone
PARTY_TYPES = frozenset({"PERSON", "ORG", "COUNTRY", "GROUP"})
# nouns of people, besides MEMBER_NOUNS, GROUP_NOUNS and PLURAL_PAIR_WORDS, whose plural with a name
# is a party "they" may stand for ("FBI agents", "NATO allies", "Russian banks"); "Ukrainian villages" is not
PEOPLE_NOUNS = frozenset(
    {
        "agent", "investigator", "negotiator", "commander", "aide", "adviser", "advisor", "delegate",
        "mediator", "ally", "partner", "company", "firm", "bank", "rival", "justice", "senator", "fighter",
        "separatist", "employee", "staff",
    }
)  # fmt: skip
# plural nouns that count what their "of" phrase names: "Hundreds of students"
COUNTS = frozenset({"hundred", "thousand", "dozen", "score", "million", "ten", "tens"})
# plural nouns of time and measure, which no "they" stands for in news copy
TIME_NOUNS = frozenset({"year", "month", "week", "day", "hour", "minute", "decade", "century", "time"})
# roles of the people "the leaders" and "the two presidents" refer to
LEADER_ROLES = (
    "president",
    "prime minister",
    "chancellor",
    "king",
    "queen",
    "emperor",
    "premier",
    "supreme leader",
    "head of state",
    "head of government",
    "emir",
    "sultan",
    "crown prince",
)
PLURAL_PAIR_WORDS = {
    "leader": ("PERSON",),
    "president": ("PERSON",),
    "minister": ("PERSON",),
    "counterpart": ("PERSON",),
    "man": ("PERSON",),
    "head": ("PERSON",),
    "country": ("COUNTRY",),
    "nation": ("COUNTRY",),
    "state": ("COUNTRY",),
    "government": ("COUNTRY", "ORG"),
    "side": ("COUNTRY", "ORG", "GROUP", "PERSON"),
    "party": ("ORG", "GROUP", "COUNTRY"),
    "neighbour": ("COUNTRY",),
    "neighbor": ("COUNTRY",),
    "capital": ("COUNTRY",),
    "power": ("COUNTRY",),
}


@dataclass
class Mentions:
    """The entities layer indexed by token: which entities each token stands for."""

    doc: Doc
    entities: Sequence[Entity]
    by_id: dict[str, Entity] = field(default_factory=dict)
    spans: dict[int, list[tuple[int, int, list[str]]]] = field(default_factory=dict)  # token -> mentions
    order: list[tuple[int, str]] = field(default_factory=list)  # (char start, entity id) in text order
    adjective_country: Callable[[str], str | None] | None = None  # "Russian" -> "RUS"
    pairs: list[tuple[int, list[str], bool]] = field(default_factory=list)  # two-party events so far
    floor: int = 0  # tokens before it (a dateline: "New Delhi [India], March 14 (ANI):") name nobody
    last_subjects: dict[tuple[str, ...], str] = field(default_factory=dict)  # for "he", "it" next sentence
    quoted: list[tuple[int, int, str | None]] = field(default_factory=list)  # direct quotes and speakers
    named: frozenset[int] = frozenset()  # tokens inside names of things other than people and places
    # token ranges (first, last) of the sentences seen so far: "they" looks back one
    sentences: list[tuple[int, int]] = field(default_factory=list)

    def saw_sentence(self, tokens: Sequence[Token]) -> None:
        """Remember who the sentence's main subject is, for a pronoun opening the next one."""
        if tokens:
            self.sentences.append((tokens[0].i, tokens[-1].i))
        roots = [t for t in tokens if t.dep_ == "ROOT"]
        for root in roots[:1]:
            subj = subject(root) or (root if is_noun(root) else None)  # a misparse may make it the root
            if subj is None:
                continue
            found = resolve(subj, self)
            if len(found) == 1:
                for types in PRONOUN_TYPES.values():
                    if self.by_id[found[0]].type in types:
                        self.last_subjects[types] = found[0]

    def told_pair(self, char: int, parties: list[str], joint: bool = False) -> None:
        """Remember the parties of a two-party event: "the two leaders" may refer back to them.
        `joint`: an event they do together (talks, a deal)."""
        unique = list(dict.fromkeys(parties))
        if len(unique) == 2:
            self.pairs.append((char, unique, joint))

    @classmethod
    def build(
        cls,
        doc: Doc,
        entities: Sequence[Entity],
        adjective_country: Callable[[str], str | None] | None = None,
    ) -> Mentions:
        index = cls(doc, entities, adjective_country=adjective_country)
        groups: dict[tuple[int, int], list[str]] = {}
        for ent in entities:
            index.by_id[ent.id] = ent
            for m in ent.mentions:
                groups.setdefault((m.start, m.end), []).append(ent.id)
        for (start, end), ids in groups.items():
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                index.spans.setdefault(tok.i, []).append((start, end, ids))
            for eid in ids:
                index.order.append((start, eid))
        index.order.sort()
        index.named = frozenset(
            i
            for i, found in index.spans.items()
            if any(
                index.by_id[e].type not in ("PERSON", "COUNTRY", "PLACE") for _, _, ids in found for e in ids
            )
            and not any(doc[i].lower_ == w for w in ("the", "two", "both"))
            and doc[i].is_title
        )
        return index

    def of_token(self, token: Token) -> list[str]:
        """Entities the token stands for: those of the smallest mention covering it."""
        found = self.spans.get(token.i)
        if not found or token.idx < self.floor:
            return []
        start, end, ids = min(found, key=lambda s: s[1] - s[0])
        return list(dict.fromkeys(ids))

    def by_code(self, code: str) -> str | None:
        for ent in self.entities:
            if ent.code == code and ent.type == "COUNTRY":
                return ent.id
        for ent in self.entities:
            if ent.code == code:
                return ent.id
        return None

    def demonym(self, token: Token) -> list[str]:
        """ "Russian" in "a Russian troop buildup" -> the article's Russia, when it has one."""
        if (
            self.adjective_country is None
            or token.pos_ not in ("ADJ", "PROPN", "NOUN")
            or token.idx < self.floor
        ):
            return []
        code = self.adjective_country(token.text)
        if code is None:
            return []
        found = self.by_code(code)
        return [found] if found else []

    def before(
        self, char: int, types: tuple[str, ...], count: int = 2, role_prefixes: tuple[str, ...] = ()
    ) -> list[str]:
        """The last `count` distinct entities of these types (and roles) mentioned before a point."""
        out: list[str] = []
        for start, eid in reversed(self.order):
            if start >= char:
                continue
            ent = self.by_id[eid]
            if role_prefixes and not (ent.role or "").lower().startswith(role_prefixes):
                continue
            if ent.type in types and eid not in out:
                out.append(eid)
            if len(out) == count:
                break
        return out if len(out) == count else []


def resolve(token: Token | None, mentions: Mentions, depth: int = 0) -> list[str]:
    """The entities a noun phrase headed by `token` names, its coordinated phrases included."""
    if token is None or depth > 4:
        return []
    if token.idx < mentions.floor:
        # a dateline swallowed the phrase ("NAIROBI, Kenya (AP) _ U.S. Secretary of State Madeleine
        # Albright paid ..."): the parts of it after the dateline
        after = [
            t for t in token.subtree if t.idx >= mentions.floor and t.head.idx < mentions.floor and is_noun(t)
        ]
        return list(dict.fromkeys(e for t in after for e in resolve(t, mentions, depth + 1)))
    out: list[str] = []
    for tok in _listed(token, mentions):
        found = _resolve_one(tok, mentions, depth)
        if tok.dep_ == "conj" and mentions.of_token(tok) and _country_of_group(found, out, mentions):
            continue  # "Lawmakers in Fornost and Gondor" parsed with Gondor as the lawmakers' conjunct
        out.extend(found)
    return list(dict.fromkeys(out))


def _listed(token: Token, mentions: Mentions) -> list[Token]:
    """The phrases coordinated with a noun: its conjuncts ("Biden and Putin"), and names the parse hung
    on a name as modifiers or appositions though they stand in a list with it ("Fornost and the evil
    awful Gondor", "Arnor, Calenardhon and the awful Gondor", "Mordor, the awful Fornost, and Gondor")."""
    out = conjuncts(token)
    own = set(mentions.of_token(token))
    if not own:
        return out
    listed = any(c.dep_ == "cc" for c in token.children)
    # an apposition after a conjunct belongs to it, unless that conjunct is a stray adjective naming no
    # one ("Poland and the evil awful Hungary": "awful" parsed as the conjunct, Hungary as apposition)
    stray = [
        c
        for c in token.children
        if c.dep_ == "conj" and not is_noun(c) and not any(mentions.of_token(g) for g in c.subtree)
    ]
    first_conj = min(
        (c.i for c in token.children if c.dep_ == "conj" and c not in stray), default=len(token.doc)
    )
    for c in token.children:
        if (c.i > token.i and c.dep_ != "appos") or c.i > first_conj:
            continue
        theirs = set(mentions.of_token(c))
        if not theirs or theirs & own:
            continue
        in_list = any(g.dep_ in ("cc", "conj") for g in c.children)
        if (c.dep_ in ("nmod", "compound") and in_list) or (c.dep_ == "appos" and (listed or in_list)):
            out += [t for t in conjuncts(c) if t not in out]
    return out


def _country_of_group(found: list[str], before: list[str], mentions: Mentions) -> bool:
    """Whether `found` is only the country of a group already found ("lawmakers (Gondor)" and Gondor)."""
    countries = {mentions.by_id[e].country for e in before if mentions.by_id[e].type == "GROUP"}
    return bool(found) and all(
        mentions.by_id[f].type == "COUNTRY" and mentions.by_id[f].code in countries for f in found
    )


def _resolve_one(token: Token, mentions: Mentions, depth: int) -> list[str]:
    if token.tag_ == "PRP" and token.lower_ in PRONOUN_TYPES and not mentions.of_token(token):
        return _pronoun(token, mentions, depth)
    if token.tag_ in ("PRP", "PRP$") and token.lower_ in PLURAL_PRONOUNS and not mentions.of_token(token):
        return _plural_pronoun(token, mentions, depth)
    if token.tag_ == "PRP" and token.lower_ in ("we", "i") and not mentions.of_token(token):
        # "We urge all of our allies ...," said the State Department spokesperson: the speaker
        return [s for start, end, s in mentions.quoted if start <= token.idx < end and s][:1]
    if token.tag_ in ("NNS", "NNPS"):  # "the leaders of France, Germany, Italy and Britain": all four
        for _, obj in prep_objects(token, "of"):
            found = resolve(obj, mentions, depth + 1)
            if len(found) > 1:
                return found
    for cand in antecedent_candidates(token):
        found = mentions.of_token(cand)
        if found:
            return found
    found = mentions.demonym(token)
    if found:
        return found
    if token.i + 1 < len(token.doc) and token.is_title:  # a title before a name the parse split off
        after = mentions.of_token(token.doc[token.i + 1])
        if after and all(mentions.by_id[f].type == "PERSON" for f in after):
            return after
    pair = _pair_reference(token, mentions)
    if pair:
        return pair
    for c in token.children:  # "Putin, the Russian President": the apposition
        if c.dep_ == "appos":
            found = mentions.of_token(c) or _resolve_one(c, mentions, depth + 1)
            if found:
                return found
    if is_noun(token) and not any(c.dep_ in ("poss", "compound", "amod") for c in token.children):
        for _, obj in prep_objects(token, "of"):  # "the sovereignty of Ukraine"
            found = resolve(obj, mentions, depth + 1)
            if found:
                return found
    members = (
        token.lower_ in QUANTIFIERS or token.lemma_ in MEMBER_NOUNS or token.lemma_.lower() in GROUP_NOUNS
    )
    if members and _modifier_names(token, mentions):
        members = False  # "French and German leaders in Brussels": the leaders are French and German
    if members:
        for _, obj in prep_objects(token, "of", "from", "in"):  # "the leaders of Gondor"
            found = resolve(obj, mentions, depth + 1)
            if found:
                return found
        top = token
        while top.dep_ == "conj" and top.head != top:
            top = top.head
        if top != token and not any(c.dep_ in ("poss", "compound", "amod") for c in token.children):
            # "Lawmakers and officials in Fornost": the officials are in Fornost too
            for _, obj in prep_objects(top, "of", "from", "in"):
                found = resolve(obj, mentions, depth + 1)
                if found:
                    return found
    if token.lemma_.lower() in KIN:  # "the Gonzalez relatives", "Elian's father": not Elian
        return []
    # "Gondor's government", "Osgiliath soldiers", "Russian officials"; a named person or body before a
    # nationality: "Brazilian President Luiz Inacio Lula da Silva" is Lula, not Brazil
    found_by_child = [
        [e for part in conjuncts(c) for e in mentions.of_token(part) or mentions.demonym(part)]
        for c in token.children
        if c.dep_ in ("poss", "compound", "amod", "nmod", "appos", "flat")
    ]
    found_by_child = [f for f in found_by_child if f]
    for found in found_by_child:
        if any(mentions.by_id[f].type != "COUNTRY" for f in found):
            return found
    return found_by_child[0] if found_by_child else []


def _modifier_names(token: Token, mentions: Mentions) -> bool:
    """Whether a noun's possessor or modifiers name someone ("French leaders", "Gondor's soldiers")."""
    return any(
        mentions.of_token(c) or mentions.demonym(c)
        for c in token.children
        if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < token.i
    )


def _pronoun(token: Token, mentions: Mentions, depth: int) -> list[str]:
    """ "Putin said he would visit India": the subject of the clause that governs the pronoun; else the
    subject of the sentence before ("... Putin left for Moscow. He is due to hold a video call")."""
    types = PRONOUN_TYPES[token.lower_]
    if any(start <= token.idx < end for start, end, _ in mentions.quoted):  # their "he" is not ours
        return []
    cur = token.head
    for _ in range(6):
        if is_verb(cur):
            subj = subject(cur)
            if subj is not None and subj != token and subj.i < token.i and subj.tag_ != "PRP":
                found = [e for e in resolve(subj, mentions, depth + 1) if mentions.by_id[e].type in types]
                if len(found) == 1:
                    return found
        if cur.head == cur:
            break
        cur = cur.head
    previous = mentions.last_subjects.get(types)
    return [previous] if previous else []


def _plural_pronoun(token: Token, mentions: Mentions, depth: int) -> list[str]:
    """ "they", "them", "their": the most recent plural party that fits. In the sentence, the first
    governing clause whose subject is plural ("Russia and China said they would ..."), else the one
    plural party named before it ("Indian and Chinese officials met on Monday; they agreed ..."); else
    the main subject of the sentence before when that is plural ("Biden and Putin met in Geneva. They
    agreed ..."), or the two sides of its joint event ("Biden met Putin in Geneva. They agreed ...").
    Unresolved when nothing plural fits, when two plural parties compete ("Police arrested the
    protesters after they ..."), inside a direct quote, and in a generic "they say"."""
    if _quoted(token, mentions):  # their "they" is not ours
        return []
    if token.dep_ == "nsubj" and token.head.lemma_.lower() == "say" and token.head.tag_ in ("VBP", "VB"):
        return []  # "they say": people in general
    found = _governing_plural(token, mentions, depth)
    if found is not None:
        return found
    sentence = _sentence_of(token, mentions)
    if sentence is None:
        return []
    own_subject = _own_clause_subject(token) if token.lower_ == "them" else None
    # not the pronoun's own subject ("Police arrested them"), not what its clause opens with ("After the
    # talks, they agreed": the talks are no one)
    opening = (
        [c for c in token.head.children if c.dep_ == "prep" and c.i < token.i] if is_verb(token.head) else []
    )
    before = [
        t
        for t in token.doc[sentence[0] : token.i]
        if (own_subject is None or t not in own_subject.subtree) and not any(t in c.subtree for c in opening)
    ]
    plurals = _plurals(before, mentions, depth)
    if not plurals:
        return _previous_plural(token, sentence, mentions, depth)
    # one plural phrase before it in the sentence, naming a party: that party; two phrases ("The problem
    # with the Soviet proposals, U.S. officials say, was that they ..."), or one naming no one: unknown
    return plurals[0][1] if len(plurals) == 1 else []


def _governing_plural(token: Token, mentions: Mentions, depth: int) -> list[str] | None:
    """The subject of the nearest clause governing the pronoun whose subject is plural: the party it
    names, [] when it names none ("the sanctions will stay until they ...") or another plural party
    of that clause competes; None when no governing subject is plural. A "them" is never the subject
    of its own clause ("Police arrested them")."""
    cur = token.head
    skip = _own_clause_subject(token) if token.lower_ == "them" else None
    for _ in range(6):
        if is_verb(cur):
            subj = subject(cur)
            if (
                subj is not None
                and subj != token
                and subj.i < token.i
                and subj != skip
                and _is_plural(subj, mentions)
            ):
                if subj.tag_ == "PRP":  # "They said they would meet": the same party
                    return resolve(subj, mentions, depth + 1) if subj.lower_ in PLURAL_PRONOUNS else []
                party = _party(subj, mentions, depth)
                if not party:
                    return []
                rest = [t for t in cur.subtree if t.i < token.i and t not in subj.subtree]
                others = [p for p in _plural_parties(rest, mentions, depth) if set(p) != set(party)]
                return [] if others else party
        if cur.head == cur:
            break
        cur = cur.head
    return None


def _own_clause_subject(token: Token) -> Token | None:
    """The subject of the verb a pronoun is an argument of ("Police" in "Police arrested them"; "the
    police" in "The police ... allowed them to demonstrate", where the parse may make "them" the
    subject of "demonstrate")."""
    cur = token.head
    for _ in range(4):
        if is_verb(cur):
            subj = subject(cur) or controller(cur)
            if subj != token:
                return subj
        if cur.head == cur:
            break
        cur = cur.head
    return None


def _quoted(token: Token, mentions: Mentions) -> bool:
    return any(start <= token.idx < end for start, end, _ in mentions.quoted)


def _sentence_of(token: Token, mentions: Mentions) -> tuple[int, int] | None:
    for lo, hi in mentions.sentences:
        if lo <= token.i <= hi:
            return lo, hi
    return None


def _previous_plural(token: Token, sentence: tuple[int, int], mentions: Mentions, depth: int) -> list[str]:
    """The plural main subject of the sentence before, or the two sides of its joint event when its
    subject is one of them; [] when another plural party there competes."""
    earlier = [s for s in mentions.sentences if s[1] < sentence[0]]
    if not earlier:
        return []
    lo, hi = earlier[-1]
    tokens = list(token.doc[lo : hi + 1])
    if not tokens or tokens[0].idx < mentions.floor:
        return []
    root = next((t for t in tokens if t.dep_ == "ROOT"), None)
    if root is None:
        return []
    subj = subject(root) or (root if is_noun(root) else None)
    if subj is not None and _is_plural(subj, mentions):
        if subj.tag_ == "PRP":
            party = resolve(subj, mentions, depth + 1) if subj.lower_ in PLURAL_PRONOUNS else []
        else:
            party = _party(subj, mentions, depth)
        rest = [t for t in tokens if t not in subj.subtree]
        others = [p for p in _plural_parties(rest, mentions, depth) if set(p) != set(party)]
        return party if party and not others else []
    if _plural_parties(tokens, mentions, depth):
        return []
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    joint = [
        pair
        for char, pair, is_joint in mentions.pairs
        if is_joint and start <= char < end and all(mentions.by_id[e].type in PARTY_TYPES for e in pair)
    ]
    if joint and subj is not None and set(resolve(subj, mentions, depth + 1)) & set(joint[-1]):
        return joint[-1]
    return []


def _is_head(token: Token) -> bool:
    """Whether a token heads a noun phrase of its own (not a name's first word, a modifier or a
    conjunct, which belong to the phrase they stand in)."""
    return (is_noun(token) or token.tag_ == "PRP") and token.dep_ not in (
        "compound",
        "amod",
        "poss",
        "nmod",
        "conj",
        "appos",
        "npadvmod",
        "flat",
    )


def _is_plural(token: Token, mentions: Mentions) -> bool:
    """A plural noun phrase: a coordination ("Biden and Putin"), a plural noun ("Russian troops", "the
    two leaders"), a group ("police"), "they"; not a name written in the plural ("the United States")."""
    if token.tag_ == "PRP":
        return token.lower_ in ("they", "them")
    if not is_noun(token):
        return False
    if any(c.dep_ == "conj" and is_noun(c) for c in token.children):
        return True
    own = [mentions.by_id[e] for e in mentions.of_token(token)]
    if any(e.type == "GROUP" and e.kb_id is None for e in own):  # "police", "Israelis"
        return True
    if token.tag_ == "NNPS" and any(e.type != "GROUP" for e in own):
        return False
    return token.tag_ in ("NNS", "NNPS")


def _party(token: Token, mentions: Mentions, depth: int) -> list[str]:
    """Whom a plural noun phrase names, when it names a party: the names coordinated ("Biden and
    Putin"), the entities its own words are a mention of ("the two leaders", "Russian police"), or the
    country or body a plural noun of people belongs to ("Russian troops", "Indian and Chinese
    officials"). Not one person ("Biden's aides"), not a place ("Lagos residents")."""
    coordinated = any(c.dep_ == "conj" and is_noun(c) for c in token.children)
    lemma = token.lemma_.lower()
    people = lemma in MEMBER_NOUNS | GROUP_NOUNS | PEOPLE_NOUNS or lemma in PLURAL_PAIR_WORDS
    if not (coordinated or people or lemma in COUNTS or mentions.of_token(token)):
        return []
    if lemma in COUNTS:  # "Hundreds of students": the students
        return next((_party(o, mentions, depth) for _, o in prep_objects(token, "of")), [])
    found = [e for e in resolve(token, mentions, depth + 1) if mentions.by_id[e].type in PARTY_TYPES]
    if len(found) == 1 and mentions.by_id[found[0]].type == "PERSON":
        return []
    return found


def _plurals(tokens: Sequence[Token], mentions: Mentions, depth: int) -> list[tuple[Token, list[str]]]:
    """The plural noun phrases among these tokens with the party each names, latest first: not a
    pronoun, not words quoted, not times ("after months of talks"), not a phrase inside a party's
    ("Officials from Russia and Ukraine"; but "sanctions on Russian banks" has the banks)."""
    found = [
        (t, _party(t, mentions, depth))
        for t in reversed(tokens)
        if t.tag_ != "PRP"
        and _is_head(t)
        and _is_plural(t, mentions)
        and t.lemma_.lower() not in TIME_NOUNS
        and not _quoted(t, mentions)
    ]
    return [(t, p) for t, p in found if not any(o != t and q and t in o.subtree for o, q in found)]


def _plural_parties(tokens: Sequence[Token], mentions: Mentions, depth: int) -> list[list[str]]:
    """The distinct plural parties named among these tokens as a clause's own subjects, objects or
    prepositional objects (the parties that compete with a plural subject: "Police arrested 12
    protesters"; not one deep in a noun phrase: "consultations on matters of interest to France and its
    partners"), latest first."""
    out: list[list[str]] = []
    for tok, found in _plurals(tokens, mentions, depth):
        if found and _argument(tok) and not any(set(found) == set(o) for o in out):
            out.append(found)
    return out


def _argument(token: Token) -> bool:
    """Whether a noun is a verb's own subject or object, or the object of a preposition on a verb."""
    head = token.head.head if token.dep_ == "pobj" else token.head
    return is_verb(head) or token.dep_ == "ROOT"


def _pair_reference(token: Token, mentions: Mentions) -> list[str]:
    """ "the two leaders", "both countries", "the two sides": the last two such entities mentioned."""
    if token.tag_ not in ("NNS", "NNPS") and token.lower_ not in ("both",):
        return []
    types = PLURAL_PAIR_WORDS.get(token.lemma_.lower())
    if types is None:
        return []
    # "the two leaders", "both countries", and the plain definite "the leaders" of a two-party story
    two = any(c.lower_ in ("two", "both") for c in token.children)
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in token.children) and not any(
        c.dep_ in ("nummod", "amod", "compound", "prep", "relcl", "acl") for c in token.children
    )
    if not (two or definite):
        return []
    leaders = token.lemma_.lower() in ("leader", "president", "counterpart", "head")
    # the two parties of the last two-party event told; talks and deals between them first ("the date
    # had been agreed between the two sides" after "Biden and Putin will hold a call ... as Washington
    # warns of a Russian buildup near Ukraine" means Biden and Putin)
    for wanted in (True, False):
        for char, pair, joint in reversed(mentions.pairs):
            ents = [mentions.by_id[p] for p in pair]
            is_kind = all(e.type in types for e in ents)
            is_led = not leaders or all((e.role or "").lower().startswith(LEADER_ROLES) for e in ents)
            if joint == wanted and char < token.idx and is_kind and is_led:
                return pair
    if leaders:
        return mentions.before(token.idx, types, role_prefixes=LEADER_ROLES)
    return mentions.before(token.idx, types)
