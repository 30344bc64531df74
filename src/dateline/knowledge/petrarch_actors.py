"""Reading PETRARCH/TABARI actor and agent dictionaries (the `.txt` format) as knowledge entries.

Actors:  `NAME_WITH_UNDERSCORES [CODE]`, synonyms on following `+ALT_NAME` lines, codes that hold between
dates on their own lines (`[HOB < 950601]`, `[HOBGOV 19950601 - 19990815]`, `[HOBREB > 990816]`), several
actors in one code (`[ELR/GAL]`), comments after `#` and in `<!-- ... -->` blocks.
Agents:  `ROLE_WORD {PLURAL} [~AGT]`: a role that combines with a country ("Gondor police" -> GONCOP);
`[AGT~]` puts the agent code first ("MSF Arnor" -> NGOARN); `!NAME! = A, B` defines a substitution.

`dateline read --actors FILE.txt` detects this format and loads it next to the bundled knowledge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dateline.knowledge.loader import KnowledgeFileError, ParsedFile, build_entity, slug
from dateline.knowledge.model import KnownEntity

_CODE = re.compile(r"\[([^\]]*)\]")
_DATED = re.compile(r"^\s*([^\s<>\d][^\s<>]*)?\s*(?:([<>])\s*(\d{6,8})|(\d{6,8})\s*-\s*(\d{6,8}))\s*$")
_COMMENT_BLOCK = re.compile(r"<!--.*?-->|<!\s*--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class DatedCode:
    code: str
    start: date | None = None  # inclusive
    end: date | None = None  # exclusive

    def holds_on(self, day: date | None) -> bool:
        if day is None:
            return self.start is None and self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass
class PetrarchActor:
    name: str  # as written, underscores for spaces
    synonyms: list[str] = field(default_factory=list)
    codes: list[DatedCode] = field(default_factory=list)

    @property
    def kb_id(self) -> str:
        return f"petrarch:{slug(self.name)}"

    def codes_on(self, day: date | None) -> list[str]:
        """The actor's codes on a day: a dated code that holds wins over an undated default."""
        dated = [c for c in self.codes if (c.start or c.end) and c.holds_on(day)]
        chosen = dated[:1] if dated else [c for c in self.codes if not (c.start or c.end)][:1]
        if not chosen and self.codes:
            chosen = self.codes[-1:]
        out: list[str] = []
        for c in chosen:
            out.extend(part for part in c.code.split("/") if part)
        return out


@dataclass(frozen=True)
class PetrarchAgent:
    surfaces: tuple[str, ...]  # role words, plural forms included, spaces for underscores
    code: str  # "COP"
    before: bool = False  # "NGO~": the agent code goes before the country's


def _parse_date(text: str) -> date:
    if len(text) == 6:
        yy = int(text[:2])
        year = 1900 + yy if yy > 30 else 2000 + yy
        return date(year, int(text[2:4]), int(text[4:6]))
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def _dated(inside: str, source: str) -> DatedCode:
    inside = inside.strip()
    match = _DATED.match(inside)
    if not match:
        return DatedCode(inside.split()[0] if inside.split() else "")
    code = (match.group(1) or "").strip()
    try:
        if match.group(2) == "<":
            return DatedCode(code, None, _parse_date(match.group(3)))
        if match.group(2) == ">":
            return DatedCode(code, _parse_date(match.group(3)), None)
        return DatedCode(code, _parse_date(match.group(4)), _parse_date(match.group(5)))
    except ValueError as exc:
        raise KnowledgeFileError(source, f"bad date in [{inside}]") from exc


def _strip(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def parse_actors(text: str, source: str = "<actors>") -> list[PetrarchActor]:
    """Every actor in a PETRARCH actor dictionary, with its synonyms and (dated) codes."""
    text = _COMMENT_BLOCK.sub("\n", text)
    actors: list[PetrarchActor] = []
    current: PetrarchActor | None = None
    for raw in text.splitlines():
        line = _strip(raw)
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("<") or stripped.startswith("!"):
            continue
        if stripped.startswith("+"):
            if current is not None:
                current.synonyms.append(stripped[1:].strip())
            continue
        if stripped.startswith("["):  # a code line for the current actor
            if current is not None:
                current.codes.extend(_dated(c, source) for c in _CODE.findall(stripped))
            continue
        name = _CODE.split(stripped)[0].strip()
        current = PetrarchActor(name=name)
        current.codes.extend(_dated(c, source) for c in _CODE.findall(stripped))
        actors.append(current)
    return [a for a in actors if a.name]


def parse_agents(text: str) -> list[PetrarchAgent]:
    text = _COMMENT_BLOCK.sub("\n", text)
    macros: dict[str, list[str]] = {}
    agents: list[PetrarchAgent] = []
    for raw in text.splitlines():
        line = _strip(raw).strip()
        if not line or line.startswith("<"):
            continue
        if line.startswith("!") and "=" in line:
            name, words = line.split("=", 1)
            macros[name.strip()] = [w.strip() for w in words.split(",") if w.strip()]
            continue
        codes = _CODE.findall(line)
        if not codes:
            continue
        head = _CODE.split(line)[0]
        plurals = re.findall(r"\{([^}]*)\}", head)
        word = re.sub(r"\{[^}]*\}", "", head).strip()
        code = codes[0].strip()
        before = code.endswith("~")
        code = code.strip("~ ")
        forms = _expand(word, macros)
        for p in plurals:
            forms += _expand(p.strip(), macros) if p.strip() else []
        if not plurals:  # no braces: the regular plural too; "{}" says there is none
            forms += [_plural(f) for f in forms]
        surfaces = tuple(dict.fromkeys(f.replace("_", " ").strip().lower() for f in forms if f.strip("_ ")))
        agents.append(PetrarchAgent(surfaces, code, before))
    return agents


def _expand(word: str, macros: dict[str, list[str]]) -> list[str]:
    for name, subs in macros.items():
        if name in word:
            return [word.replace(name, s) for s in subs]
    return [word]


def _plural(word: str) -> str:
    if word.endswith("Y") and not word.endswith(("AY", "EY", "OY")):
        return word[:-1] + "IES"
    if word.endswith(("S", "X", "CH", "SH")):
        return word + "ES"
    return word + "S"


def surface_forms(name: str) -> list[str]:
    """How a dictionary phrase is written in text: "MINAS_TIRITH" -> "Minas Tirith", "THE_AU" -> "The AU",
    "the AU", "AU"."""
    words = [w for w in re.split(r"[_\s]+", name.strip("_ ")) if w]
    if not words:
        return []

    def cased(w: str) -> str:
        if len(w) <= 3 and w.isalpha() and w not in ("THE", "OF", "AND"):
            return w  # IMF, UAE, AU
        if "." in w:
            return w
        return "-".join(part.capitalize() for part in w.split("-"))

    def small(w: str) -> str:
        return w.lower() if w.upper() in ("OF", "THE", "AND", "FOR", "ON") else w

    titled = [cased(w) for w in words]
    forms = [" ".join([titled[0]] + [small(t) for t in titled[1:]])]
    plain = [w.capitalize() if w.isalpha() else cased(w) for w in words]  # "SAM" may be Sam
    forms.append(" ".join([plain[0]] + [small(t) for t in plain[1:]]))
    if words[0] == "THE" and len(words) > 1:
        forms.append(" ".join(["the"] + [small(t) for t in titled[1:]]))
        forms.append(" ".join([titled[1]] + [small(t) for t in titled[2:]]))
    if len(words) == 1 and words[0].isalpha() and len(words[0]) > 3:
        forms.append(words[0])  # as it stands, upper case
    return list(dict.fromkeys(forms))


def _entity_type(actor: PetrarchActor) -> str:
    codes = [c.code for c in actor.codes if c.code]
    first = codes[0] if codes else ""
    if len(first) == 3 and first.isalpha():
        return "COUNTRY"
    return "ORG"


def entries(actors: list[PetrarchActor], source: str) -> list[dict[str, Any]]:
    """Raw knowledge entries (the YAML loader's shape) for these actors."""
    out = []
    for actor in actors:
        forms = surface_forms(actor.name)
        if not forms:
            continue
        aliases = forms + [f for s in actor.synonyms for f in surface_forms(s)]
        codes = actor.codes_on(None) or [c.code for c in actor.codes]
        type_ = _entity_type(actor)
        out.append(
            {
                "id": actor.kb_id,
                "name": forms[0],
                "type": type_,
                "aliases": list(dict.fromkeys(aliases)),
                "adjectives": [f for s in actor.synonyms for f in surface_forms(s)]
                if type_ == "COUNTRY"
                else [],
                "code": codes[0] if codes else None,
                "source": source,
            }
        )
    return out


def is_petrarch_file(path: Path | str) -> bool:
    """A `.txt` actor file in PETRARCH's format (YAML files are Dateline's own)."""
    path = Path(path)
    if path.suffix.lower() != ".txt":
        return False
    head = path.read_text("utf-8", errors="replace")[:4000]
    return bool(re.search(r"^\s*[A-Z0-9][A-Z0-9_.'&-]*[^\n\[]*\[[^\]\n]*\]", head, re.MULTILINE))


def read_petrarch_file(path: Path | str) -> ParsedFile:
    """A PETRARCH actor dictionary as a parsed knowledge file (`KnowledgeBase.add_parsed`)."""
    name = str(path)
    try:
        text = Path(path).read_text("utf-8", errors="replace")
    except OSError as exc:
        raise KnowledgeFileError(name, f"cannot read the file ({exc})") from exc
    source = f"PETRARCH actor dictionary {Path(name).name}"
    return ParsedFile(
        offices={}, entities=entries(parse_actors(text, name), source), source=source, path=name
    )


def known_entities(path: Path | str) -> list[KnownEntity]:
    """The actors of a PETRARCH dictionary as `KnownEntity` records."""
    parsed = read_petrarch_file(path)
    return [build_entity(e, {}, parsed.path) for e in parsed.entities]
