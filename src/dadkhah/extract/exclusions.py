"""Figures that are not counts of people, and whether a word for people follows a figure.

Dates and day ranges, years, ages, ratios, citation markers, money, measurements, compounds
("three-day"), things ("304 banks") and labels ("Article 500") are no claims; the words are
each language's (``not_counted`` in its lexicon), the shapes here.
"""

from __future__ import annotations

import re

from dadkhah.extract.context import TOKEN, Context
from dadkhah.extract.lexicon import Lexicon
from dadkhah.extract.numbers import Figure
from dadkhah.parse.dates import GREGORIAN_MONTHS
from dadkhah.parse.persian import fold

# month names a day may follow ("Sept. 16"), less those that are also common words
_MONTHS = {fold(m) for names in GREGORIAN_MONTHS.values() for m in names} - {
    "may",
    "mar",
    "مه",
    "مى",
}


def excluded(ctx: Context, lex: Lexicon, fig: Figure, s0: int, s1: int) -> bool:
    f = ctx.folded.text
    if any(a < fig.end and fig.start < b for a, b, _ in ctx.dates):
        return True
    # "eleven of those put to death were under 18", "children below the age of 15": ages
    if fig.low <= 21 and re.search(
        r"(?:under|below|aged|over)\s+(?:the\s+age\s+of\s+)?$",
        f[max(s0, fig.start - 25) : fig.start],
    ):
        people = lex.pattern("people")
        before = f[max(s0, fig.start - 60) : fig.start]
        if (
            people
            and people.search(before)
            or re.search(r"(?:were|are|is|was|be)\s+(?:aged\s+)?(?:under|below|over)\s+$", before)
        ):
            return True
    # "on Sept. 16", "the October 25 putsch": a day after its month
    month = re.search(r"(\w+)\.?\s+$", f[max(s0, fig.start - 12) : fig.start])
    if month and fig.low <= 31 and fig.kind == "digits" and month.group(1) in _MONTHS:
        return True
    # "between 15 and 18 November": the first day of a range of dates
    link = _DATE_LINK.match(f, fig.end)
    if link and fig.low <= 31 and any(a == link.end() for a, _b, _m in ctx.dates):
        return True
    before, after = f[max(s0, fig.start - 30) : fig.start], f[fig.end : min(s1, fig.end + 30)]
    # "one in ten adults", "three out of four": a ratio, not a count
    if re.match(
        r"\s+(?:in|out\s+of|of\s+every)\s+(?:\d{1,3}\b(?![.,]\d)|ten|five|four|three|two|a\s+hundred|every)\b",
        after,
    ):
        return True
    # "el 40 por ciento", "il 40 per cento": the hundred of a percentage
    if fig.low == 100 and re.search(r"\d\s*(?:por|per|pour)\s*$", before):
        return True
    # "One of the dead was a 15-year-old boy": one person, not a count
    if fig.low == fig.high == 1 and re.match(r"\s+of\s+(?:the|those|them|these|whom)\b", after):
        return True
    # "every one of them", "no one", "each one": not the number one
    if fig.weak and re.search(r"(?:every|each|no|any|some)\s*$", before):
        return True
    if re.search(r"[\[(#№]\s*$", before) and re.match(r"\s*[\])]", after):
        return True  # citation markers [59], (3)
    if re.match(r"\s*(?:%|٪|-?\s*(?:th|st|nd|rd)\b)", after) or re.search(r"[$€£¥]\s*$", before):
        return True
    if re.match(r"-[^\W\d]", after):
        return True  # "three-day sessions", "a five-member panel": a compound, not a count
    # "deployed in 47 of the country's 64 districts": a part of a count of things
    part = re.match(r"\s+(?:out\s+)?of\s+(?:[^\W\d]\S*\s+){0,3}?\d[\d.,]*\s+", f[fig.end : s1])
    things = lex.pattern("not_after")
    if part and things and things.match(f, fig.end + part.end()):
        return True
    for name, where in (("age_after", "after"), ("not_after", "after")):
        m = lex.pattern(name).match(after.lstrip(" -")) if lex.pattern(name) else None
        if m and where == "after":
            return True
    for name in ("age_before", "not_before"):
        pattern = lex.pattern(name)
        if (
            pattern
            and (m := list(pattern.finditer(before)))
            and not before[m[-1].end() :].strip(" .:")
        ):
            return True
    return False


def people_after(ctx: Context, lex: Lexicon, fig: Figure, s1: int, gap: int = 2) -> bool:
    """Whether a word for people follows the figure, ``gap`` words between at most."""
    pattern = lex.pattern("people")
    if pattern is None:
        return False
    window = ctx.folded.text[fig.end : min(s1, fig.end + 40)]
    m = pattern.search(window)
    return bool(m) and len(TOKEN.findall(window[: m.start()])) <= gap


def counts_something(ctx: Context, lex: Lexicon, fig: Figure, s1: int) -> bool:
    """For a figure that may be a year or a lone "one": a word for people right after it
    ("1988 prisoners", "one protester"), not a few words on ("1988 of Iranian prisoners")."""
    return people_after(ctx, lex, fig, s1, gap=0 if fig.year_like else 2)


RANGE_WORDS = {"and", "to", "-", "–", "or", "und", "bis", "et", "à", "a", "e", "y", "o", "تا", "و"}


_DATE_LINK = re.compile(r"\s*(?:and|to|-|–|bis|und|et|au|e|al|y|a|و|تا)\s*")


def listed_after_thing(
    ctx: Context, lex: Lexicon, fig: Figure, gone: list[Figure], s0: int
) -> bool:
    """Whether the figure continues a list whose first item a noun before it made a number
    of something else: "Articles 30 and 34", "pages 12, 14 and 17"."""
    f = ctx.folded.text
    pattern = lex.pattern("not_before")
    if people_after(ctx, lex, fig, len(f)):
        return False  # "in the year 2022, 834 people"
    for o in gone:
        joiner = f[o.end : fig.start].strip(" ")
        if o.end > fig.start or joiner not in {",", "and", "or", "&", "und", "et", "e", "y", "و"}:
            continue
        before = f[max(s0, o.start - 30) : o.start]
        hits = list(pattern.finditer(before)) if pattern else []
        if hits and not before[hits[-1].end() :].strip(" .:"):
            return True
    return False
