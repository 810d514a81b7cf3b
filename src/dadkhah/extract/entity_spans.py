"""What every entity finder shares: the ``Entity`` record and the tokens of the matching form.

Finders work on the matching form of ``dadkhah.parse.persian`` (Arabic letter forms, case,
accents and diacritics folded) and map every match back to the stored text, so that
``text[e.start:e.end] == e.text``. Nothing here raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dadkhah.parse.persian import Folded, fold

KINDS = ("person", "organisation", "place", "date")


@dataclass(frozen=True)
class Entity:
    """One mention of a person, organisation, place or date in a text."""

    kind: str  # person, organisation, place, date
    start: int
    end: int
    text: str  # text[start:end] of the text it was found in
    name: str  # canonical name: the gazetteer's preferred Latin name, or the text itself
    source: str  # gazetteer, geonames, rule, spacy
    ref: str | None = None  # gazetteer id, geonames id, or ISO date
    country: str | None = None  # ISO 3166 alpha-2, for places when known


TOKEN = re.compile(r"\w+")
_GAP_CHARS = frozenset(" \t\r\n-\u2010\u2011'\u2019\u02bc.")
Token = tuple[int, int, str]  # start and end in the folded text, folded word


def name_key(phrase: str) -> str:
    """The lookup key of a name: folded, with nothing between its words."""
    return "".join(TOKEN.findall(fold(phrase)))


def tokenise(folded: Folded) -> list[Token]:
    return [(*m.span(), m[0]) for m in TOKEN.finditer(folded.text)]


def joinable(ftext: str, prev: Token, nxt: Token) -> bool:
    """May two tokens be read as one name? Space, hyphen, apostrophe; a dot after an initial."""
    gap = ftext[prev[1] : nxt[0]]
    if gap == " ":
        return True
    if len(gap) > 3 or gap.count("\n") > 1 or not _GAP_CHARS.issuperset(gap):
        return False
    return "." not in gap or prev[1] - prev[0] == 1


def latin_letter(ch: str) -> bool:
    return ch.isalpha() and (ch.isascii() or "\u00c0" <= ch <= "\u024f")


def latin_capital(ch: str) -> bool:
    return ch.isupper() and latin_letter(ch)
