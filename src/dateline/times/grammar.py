"""The rules that find time expressions: each a regex (built from the lexicon) and a builder that says
what the match means as an `Expression`. Rules are tried everywhere; `candidates.py` picks among overlaps.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from .dates import (
    build_day_before_after,
    build_holiday,
    build_iso,
    build_month,
    build_month_day,
    build_month_year,
    build_numeric,
    build_part_of_day,
    build_relative_day,
    build_unit_relative,
    build_weekday,
    build_year_end,
)
from .durations import (
    build_adjectival_regrouped,
    build_ago,
    build_bare_units,
    build_clock,
    build_duration,
    build_every,
    build_reference,
    build_set_adverb,
)
from .expressions import Expression
from .lexicon import lexicon
from .patterns import compile_rule, fragments
from .periods import (
    build_century,
    build_decade,
    build_half,
    build_period,
    build_quarter,
    build_season,
    build_spoken_year,
    build_year,
    build_year_period,
)
from .ranges import build_duration_range, joiner_pattern, range_words

Builder = Callable[[re.Match[str], str], Expression | None]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    build: Builder
    # A cheap regex for a word every match of the rule contains: the rule then only runs near its hits.
    trigger: re.Pattern[str] | None = None


@cache
def rules() -> tuple[Rule, ...]:
    """Every rule, compiled once. Earlier rules win ties between candidates of the same length."""
    f = fragments()
    position = rf"(?:(?P<approx>around|about|approximately|roughly)\s+)?(?:(?P<pos>early|mid|late)(?:-|\s+|(?=\d))|(?P<posof>{f.POSITION_OF}))?"
    year_or_short = rf"(?:{f.YEAR}|{f.SHORT_YEAR})"
    year_phrase = rf"(?:{f.YEAR}|this\s+year|last\s+year|next\s+year|FY\s?\d{{2,4}})"
    spoken = r"(?:nineteen|eighteen|twenty)[\s-]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)|(?:the\s+year\s+)?two\s+thousand(?:\s+and)?(?:\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))?"
    days_dir = r"(?P<dir>this\s+past|this\s+coming|the\s+coming|the\s+upcoming|last|next|this|coming|upcoming|past|previous|following|the\s+following|the\s+previous|the\s+next|the\s+past)"
    table: list[tuple[str, str, Builder]] = [
        (
            "iso",
            r"(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d)(?:[T\s](?P<h>\d\d):(?P<mi>\d\d)(?::\d\d)?)?",
            build_iso,
        ),
        ("numeric", r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})", build_numeric),
        ("numeric", r"(?P<a>\d{1,2})([.-])(?P<b>\d{1,2})\2(?P<y>\d{4})", build_numeric),
        (
            "month_day",
            rf"{position}(?P<weekof>the\s+week\s+of\s+)?(?:(?P<dir>last|next|this|coming|past)\s+)?(?:(?P<wd>{f.WEEKDAY_ANY}),?\s+)?(?P<month>{f.MONTH})\s*(?P<day>{f.DAY})(?!\d|:\d)(?:(?:,\s*|\s+)(?P<year>{year_or_short})(?!\d|:\d))?",
            build_month_day,
        ),
        (
            "day_month",
            rf"{position}(?:(?P<wd>{f.WEEKDAY_ANY}),?\s+)?(?:the\s+)?(?P<day>{f.DAY})\s+(?:of\s+)?(?P<month>{f.MONTH})(?:,?\s+(?P<year>{f.YEAR}))?",
            build_month_day,
        ),
        (
            "month_year",
            rf"{position}(?P<month>{f.MONTH}),?\s+(?:of\s+)?(?:(?P<year>{year_or_short})|(?P<spoken>{spoken})|(?P<rel>this|last|next)\s+year)",
            build_month_year,
        ),
        (
            "month",
            rf"{position}(?:(?P<dir>last|next|this|coming|past|previous|following)\s+)?(?P<month>{f.MONTH_FULL}|sept\.|jan\.|feb\.|aug\.|oct\.|nov\.|dec\.)",
            build_month,
        ),
        (
            "weekday",
            rf"{position}(?:(?P<earlier>earlier|later)\s+)?(?:{days_dir}\s+)?(?P<wd>{f.WEEKDAY})(?:\s+(?P<part>{f.PART}))?(?:,?\s+(?P<wkrel>next|last|this)\s+week)?",
            build_weekday,
        ),
        (
            "relative_day",
            rf"(?:(?P<pos>early|late|earlier|later)\s+)?(?:(?P<rel>today|tonight|yesterday|tomorrow)(?:\s+(?P<part>{f.PART}))?|(?P<rel2>the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)))",
            build_relative_day,
        ),
        (
            "part_of_day",
            rf"(?:(?P<pos>early|late|mid)[-\s]+)?(?:(?P<det>this|last|that|the\s+same|the\s+next|the\s+following|the\s+previous|the\s+preceding)\s+)?(?P<part>{f.PART})",
            build_part_of_day,
        ),
        (
            "unit_relative",
            rf"(?:(?P<pos>early|mid|late|earlier|later)(?:\s+in)?\s+|(?P<posof>{f.POSITION_OF}))?(?P<det>this|last|next|past|previous|coming|current|that|the\s+full|the\s+latest|the\s+same|the\s+following|the\s+previous|the\s+preceding|the\s+prior|the\s+next|the\s+past|the\s+last|the\s+coming|the\s+current|the)\s+(?P<fiscal>(?:fiscal|calendar)\s+)?(?P<unit>day|week|weekend|month|quarter|year|decade|century|{f.SEASON})(?!s\b|-\w|ly)",
            build_unit_relative,
        ),
        (
            "day_before",
            r"the\s+day\s+(?P<rel>before|after)(?=\s*[,.;:)]|\s+(?:and|but)\b)",
            build_day_before_after,
        ),
        ("year_end", r"(?:(?P<approx>around)\s+)?(?:the\s+)?year(?:['\u2019]s)?[-\s]end", build_year_end),
        (
            "ago",
            rf"(?:(?P<approx>{f.APPROX})\s+)?(?P<count>{f.COUNT})\s+(?:(?:more|full|long)\s+)?(?P<unit>{f.UNITS})(?:\s+or\s+so)?\s+(?P<rel>ago|earlier|later|from\s+now|hence|back|previously|before(?=\s*[,.;:)])|after(?=\s*[,.;:)]))",
            build_ago,
        ),
        (
            "every",
            rf"(?:every|each|per)\s+(?:(?P<other>other|single)\s+)?(?:(?P<count>{f.COUNT})\s+)?(?:(?P<wd>{f.WEEKDAY})(?:\s+(?P<wdpart>morning|afternoon|evening|night))?|(?P<month>{f.MONTH_FULL})|(?P<part>morning|afternoon|evening|night)|(?P<unit>{f.UNITS}))|(?P<wds>{f.WEEKDAY})s(?:\s+(?P<wdspart>mornings|afternoons|evenings|nights))?",
            build_every,
        ),
        ("set_adverb", f.SET_ADVERB, build_set_adverb),
        (
            "duration",
            rf"(?:(?P<approx>{f.APPROX})\s+)?(?:(?P<the>the)\s+)?(?:(?P<det>past|last|next|first|coming|previous|following|final|latest|remaining|recent|initial|ensuing|additional|entire|whole|full|other|same|succeeding|subsequent|preceding)\s+)?(?P<count>{f.COUNT})\s+(?:(?:more|full|additional|straight|consecutive|successive|trading|business|working|long|calendar|fiscal|short)\s+)?(?P<unit>{f.UNITS})(?P<andhalf>\s+and\s+a\s+half)?(?:\s+or\s+so)?",
            build_duration,
        ),
        (
            "duration_range",
            rf"(?:(?P<approx>{f.APPROX})\s+)?(?:(?P<the>the)\s+)?(?:(?P<det>past|last|next|first|coming|previous|following|final|latest|remaining|initial|additional|same)\s+)?(?P<count>{f.COUNT})(?P<join>{joiner_pattern(range_words().count_joiners)})(?P<count2>{f.COUNT})\s+(?:(?:more|full|additional|straight|consecutive|successive|trading|business|working|long|calendar)\s+)?(?P<unit>{f.UNITS})(?![\s-]+old\b|\s+(?:ago|earlier|later|before|after|back|from\s+now)\b)",
            build_duration_range,
        ),
        (
            "adjectival_duration",
            rf"(?:(?P<count>{f.COUNT})-)?(?P<unit>{f.UNITS})-(?:long|old)|(?P<count2>{f.COUNT})-(?P<unit2>{f.UNIT})",
            build_adjectival_regrouped,
        ),
        (
            "bare_units",
            r"(?:(?P<det>recent|the\s+coming|coming|past|the)\s+)?(?P<unit>years|months|weeks|days|decades|centuries|hours|minutes|quarters)(?P<ahead>\s+ahead)?",
            build_bare_units,
        ),
        (
            "quarter",
            rf"(?:the\s+)?(?:comparable\s+)?(?:(?P<yago>year[-\s](?:ago|earlier))\s+)?(?:(?P<yq>{year_phrase})(?:['\u2019]s)?\s+)?(?:(?:fiscal|calendar)[-\s]+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|current|previous|past|prior|year[-\s]ago|year[-\s]earlier|same|this|next|coming|most\s+recent)[-\s]+(?:(?:fiscal|calendar)[-\s]+)?quarter(?!s)(?:\s+of\s+(?:fiscal\s+|calendar\s+)?(?P<yq2>{year_phrase}|the\s+year))?(?:,?\s+(?P<yq3>{f.YEAR}))?",
            build_quarter,
        ),
        ("quarter", r"the\s+quarter(?!s|ly|-)(?:\s+(?P<qago>a\s+year\s+(?:ago|earlier)))?", build_quarter),
        ("year_period", rf"(?:the\s+)?(?P<year>{f.YEAR})\s+(?:period|quarter)", build_year_period),
        (
            "period",
            r"(?:the\s+)?(?:(?P<ord>latest|comparable|same|year[-\s]ago|year[-\s]earlier)\s+)?(?:(?P<ago>year[-\s]ago|year[-\s]earlier)\s+)?period|(?:the\s+)?(?:comparable\s+)?(?P<ord2>year[-\s]ago|year[-\s]earlier)(?=\s+(?:\w+\s+)?(?:\w+\s+)?(?:results|quarter|period|level|figures?|earnings|profits?|net|sales|loss|revenue|gain|total|month)\b)",
            build_period,
        ),
        ("quarter", rf"Q(?P<qn>[1-4])(?:\s+|-|\s+of\s+)?(?P<yq>{f.YEAR}|FY\s?\d{{2,4}})?", build_quarter),
        (
            "half",
            rf"(?P<the>the\s+)?(?P<ord>first|second|last|latter|1st|2nd)\s+(?:half|(?P<twoq>two\s+quarters))(?:\s+of\s+(?:the\s+)?(?:fiscal\s+|calendar\s+)?(?P<yh>{year_phrase}|year))?",
            build_half,
        ),
        ("half", rf"H(?P<ord>[12])(?P<hn>)(?:(?:\s+|-)?(?P<yh>{f.YEAR}))?(?!-)", build_half),
        (
            "season",
            rf"{position}(?:(?P<dir>this|last|next|past|coming|previous|the)\s+)?(?P<season>{f.SEASON})(?:\s+(?:of\s+)?(?:(?P<year>{f.YEAR})|(?P<spoken>{spoken})))?",
            build_season,
        ),
        (
            "year",
            rf"{position}(?:(?P<pre>post|pre)-)?(?:(?P<fiscal>fiscal(?:\s+year)?|FY|calendar(?:\s+year)?|the\s+year|model\s+year)\s*)?(?P<year>\d{{4}}|(?<=FY)\d\d|(?<=FY\s)\d\d)(?:[-/](?P<y2>\d\d|\d{{4}}))?",
            build_year,
        ),
        ("spoken_year", spoken, build_spoken_year),
        (
            "decade",
            rf"(?:(?P<approx>around|about)\s+)?(?:the\s+)?(?:(?P<pos>early|mid|late)[-\s]*|(?P<posof>{f.POSITION_OF}))?(?:(?P<c>1[5-9]|20)(?P<d>\d)0['\u2019]?s|['\u2019](?P<d2>\d)0['\u2019]?s|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))",
            build_decade,
        ),
        (
            "century",
            rf"(?:the\s+)?(?:(?P<pos>early|mid|late)[-\s]*|(?P<posof>{f.POSITION_OF}))?(?P<ord>{f.ORDINAL})[-\s]+century",
            build_century,
        ),
        (
            "clock",
            rf"(?:(?P<approx>around|about|approximately|roughly|shortly\s+(?:after|before)|just\s+(?:after|before))\s+)?(?:(?P<h>\d{{1,2}})(?:[:.](?P<mi>\d\d))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)|(?P<h2>\d{{1,2}})[:.](?P<mi2>\d\d)(?:\s*(?P<hrs>hrs|hours|h)\b)?|(?P<h4>[01]\d|2[0-3])(?P<mi4>[0-5]\d)(?=\s+(?:{f.ZONE})\b)|(?P<word>noon|midnight|midday)|(?P<h3>\d{{1,2}}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:\s+(?P<oclock>o['\u2019]clock))?(?:\s+in\s+the\s+(?P<part3>morning|afternoon|evening))?)(?:\s+(?P<zone>{f.ZONE}|\({f.ZONE}\)))?",
            build_clock,
        ),
        ("reference", f.REFERENCE, build_reference),
        (
            "holiday",
            rf"(?:(?P<dir>last|next|this|coming|past)\s+)?(?P<hol>{f.HOLIDAY})(?:\s+(?P<year>{f.YEAR})|(?P<hweek>\s+week\b))?",
            build_holiday,
        ),
    ]
    lex = lexicon()
    month_trigger = re.compile("|".join(sorted({w[:3] for w in lex.months})), re.IGNORECASE)
    weekday_trigger = re.compile("|".join(sorted(w for w in lex.weekdays if len(w) > 5)), re.IGNORECASE)
    unit_trigger = re.compile("|".join(sorted({u[:6] for u in lex.units})), re.IGNORECASE)
    triggers = {
        "month_day": month_trigger,
        "day_month": month_trigger,
        "month_year": month_trigger,
        "month": month_trigger,
        "weekday": weekday_trigger,
        "ago": unit_trigger,
        "duration": unit_trigger,
        "duration_range": unit_trigger,
        "adjectival_duration": unit_trigger,
    }
    compiled = [
        Rule(name, compile_rule(pattern), build, triggers.get(name)) for name, pattern, build in table
    ]
    # The second end of a range written with a dash ("9-11 a.m.", "3-5 March", "March 30-April 2",
    # "Monday-Wednesday"), which the rules above do not start after a dash: only after a number (or a
    # weekday), so "mid-March" and "post-Monday" stay what they were. ranges.py links the two ends.
    dashed_after = {"clock": r"\d", "month_day": r"\d", "day_month": r"\d", "weekday": r"day"}
    for name, pattern, build in table:
        if name in dashed_after:
            lookbehind = rf"(?<={dashed_after[name]}[-\u2013])"
            dashed = re.compile(lookbehind + pattern + r"(?![\w/])", re.IGNORECASE | re.VERBOSE)
            compiled.append(Rule(name, dashed, build, triggers.get(name)))
    return tuple(compiled)
