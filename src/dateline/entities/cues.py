"""Words that signal how a name is used: titles before names, office nouns, plural descriptions, and words
that are never entities (weekdays, months, time-zone abbreviations).

These are English grammar and news style, not world knowledge: who holds which office lives in the
knowledge files.
"""

from __future__ import annotations

from ..timezones import zone_offsets

# spaCy NER labels we read, and the type each gives when the knowledge base does not know the name.
NER_TYPES = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "NORP": "GROUP",
    "PRODUCT": "PRODUCT",
    "LAW": "LAW",
    "EVENT": "EVENT",
}

# Which knowledge types agree with a NER label (used to pick among namesakes).
LABEL_AGREES = {
    "PERSON": {"PERSON"},
    "ORG": {"ORG", "GROUP"},
    "GPE": {"COUNTRY", "PLACE"},
    "LOC": {"PLACE", "COUNTRY"},
    "FAC": {"PLACE", "ORG"},
    "NORP": {"COUNTRY", "GROUP"},
    "PRODUCT": {"PRODUCT"},
    "LAW": {"LAW"},
    "EVENT": set(),
}

WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}  # fmt: skip


def is_time_word(text: str) -> bool:
    """Weekdays, months and time-zone abbreviations ("IST") are times, never entities."""
    word = text.strip().rstrip(".").lower()
    return word in WEEKDAYS or word in MONTHS or text.strip().upper() in zone_offsets()


# Titles that stand directly before a name ("President Biden", "Prime Minister Modi").
TITLES_BEFORE_NAME = {
    "president", "prime", "minister", "chancellor", "premier", "senator", "sen.", "rep.", "representative",
    "governor", "gov.", "secretary", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "gen.",
    "general", "king", "queen", "prince", "princess", "pope", "pm", "spokesman", "spokesperson",
    "spokeswoman", "ambassador", "envoy", "mayor", "judge", "justice", "chief", "admiral", "colonel",
    "lt.", "sheikh", "emir", "crown", "vice", "deputy", "leader", "speaker", "commissioner", "director",
    "detective", "officer", "sergeant", "sgt.", "captain", "capt.", "lieutenant", "inspector", "professor",
    "prof.", "rev.", "reverend", "cardinal", "bishop", "archbishop", "col.", "maj.", "major", "cpl.",
    "corporal", "private", "pvt.", "superintendent", "constable", "attorney", "lord", "lady", "sir",
    "dame", "secretary-general", "chairman", "chairwoman", "chairperson",
}  # fmt: skip

# Nouns that head an office description ("the Russian President", "the press secretary").
OFFICE_NOUNS = {
    "president", "prime minister", "premier", "chancellor", "foreign minister", "defence minister",
    "defense minister", "defense secretary", "defence secretary", "secretary of state",
    "press secretary", "spokesman", "spokesperson", "spokeswoman", "leader", "supreme leader",
    "king", "queen", "emir", "foreign secretary", "home minister", "finance minister",
    "national security adviser", "national security advisor", "vice president", "minister",
    "secretary-general", "secretary general", "head of state", "counterpart", "pm",
}  # fmt: skip

# Office nouns that need a country to mean anyone ("the minister" alone is too vague to resolve by KB).
GENERIC_OFFICES = {"minister", "leader", "counterpart"}

# An office description that names the head of state or government of a country.
HEAD_OFFICES = ("President", "Prime Minister", "Chancellor", "King", "Supreme Leader", "Emir")

DESCRIPTION_DETERMINERS = {"the", "his", "her", "their", "its"}
POSSESSIVES = {"his", "her", "their", "its"}

# Plural descriptions that point at the two most salient entities of a type.
PLURALS = {
    ("the", "two", "leaders"): "PERSON",
    ("both", "leaders"): "PERSON",
    ("the", "two", "presidents"): "PERSON",
    ("the", "two", "men"): "PERSON",
    ("the", "two", "prime", "ministers"): "PERSON",
    ("the", "two", "ministers"): "PERSON",
    ("the", "two", "heads", "of", "state"): "PERSON",
    ("both", "presidents"): "PERSON",
    ("the", "two", "governments"): "COUNTRY",
    ("the", "two", "countries"): "COUNTRY",
    ("both", "countries"): "COUNTRY",
    ("the", "two", "nations"): "COUNTRY",
    ("both", "nations"): "COUNTRY",
    ("the", "two", "sides"): "SIDES",
    ("both", "sides"): "SIDES",
}

# Nouns after a nationality adjective that make it about people or culture, not the country acting
# ("Russian journalists", "Indian cuisine"): those adjectives are not mentions of the country.
PEOPLE_NOUNS = {
    "people", "citizen", "national", "man", "woman", "men", "women", "journalist", "student", "tourist",
    "community", "diaspora", "origin", "descent", "language", "cuisine", "food", "culture", "writer",
    "author", "artist", "actor", "actress", "player", "family", "father", "mother", "child", "boy",
    "girl", "worker", "immigrant", "expatriate", "singer", "businessman", "scientist", "speaker",
    "friend", "wife", "husband", "style", "-american", "american", "born",
}  # fmt: skip

# Function words a title may contain between its capitalised words ("Minister of State (MoS) for Defence").
TITLE_CONNECTORS = {"of", "for", "and", "(", ")", "the", "'s", "’s"}

# Leading words to drop from a name found by NER ("the Cabinet Committee on Security").
LEADING_DROP = {"the", "a", "an"}

# Last words that make a capitalised name a law or treaty ("Digital Markets Act (DMA)").
LAW_HEADS = {
    "act",
    "law",
    "bill",
    "treaty",
    "accord",
    "agreement",
    "convention",
    "protocol",
    "code",
    "charter",
}

# Portfolio words of ministers' titles ("Defence Minister", "Home Secretary"): never an entity on their own.
PORTFOLIOS = {
    "defence", "defense", "foreign", "finance", "home", "interior", "external", "affairs", "commerce",
    "trade", "health", "education", "justice", "agriculture", "energy", "environment", "labour", "labor",
    "transport", "culture", "sports", "information", "law", "railways", "treasury", "union", "state",
}  # fmt: skip

# Last words that make a name a company's ("Telerate Inc."), dropped when the text shortens it.
CORPORATE_SUFFIXES = {
    "inc.", "inc", "corp.", "corp", "co.", "co", "ltd.", "ltd", "llc", "plc", "group", "holdings", "ag",
    "sa", "s.a.", "gmbh", "n.v.", "nv", "limited", "corporation", "incorporated", "company",
}  # fmt: skip

# Nouns of action a government's name may own ("Washington's warning", "Moscow's refusal"): nouns made
# from verbs by these endings, and common ones that have the verb's own form.
ACTION_NOUN_ENDINGS = ("tion", "sion", "ment", "ance", "ence")
ACTION_NOUNS = {
    "warning", "ruling", "meeting", "denial", "refusal", "approval", "withdrawal", "proposal", "removal",
    "dismissal", "response", "move", "bid", "offer", "demand", "call", "threat", "plan", "push", "claim",
    "decision", "stance", "position", "policy", "support", "pressure", "request", "reply", "attack",
    "strike", "ban", "veto", "pledge", "promise", "retaliation", "sanction", "sanctions",
    "concern", "concerns", "warnings", "demands", "plans", "claims", "offers", "threats", "moves",
}  # fmt: skip
