"""Quotations in running text and who said them.

Quote marks of the six mission languages: “…”, "…", „…“ and „…” (German), «…» (French,
Italian, Spanish, Persian), »…« (German), ‹…›, and ‘…’ or ‚…‘ only when clearly a quote (a
speech verb or cue stands by). Without one, a quote needs four words: shorter ones are mostly
terms and titles ("death commissions", „New York Times“). A quote's span excludes its marks
and the spaces inside them. A quote never crosses a paragraph break nor runs past
``MAX_QUOTE`` characters, so an unbalanced mark cannot swallow the rest of a document.

The speaker is looked for next to the quote, in this order:
  ``X said: "…"`` / ``X told Reuters that "…"`` (a speech verb just before the quote)
  ``"…," X said`` / ``"…," said X`` / ``„…“, sagte X`` / ``«…», a déclaré X`` (just after)
  ``according to X, "…"`` / ``selon X`` / ``según X`` / ``laut X`` / ``به گفته X``
A person found by ``find_entities`` is preferred to an organisation; without either, a run
of capitalised words right next to the verb (Latin script) is taken; a pronoun gives None.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from dadkhah.extract.entities import (
    FUNCTION_WORDS,
    LANGUAGES,
    Entity,
    _alternation,
    find_entities,
)
from dadkhah.extract.entity_words import words
from dadkhah.parse.persian import fold

MAX_QUOTE = 1500
_NEAR = 250  # how far before a quote its speaker may stand
_UNSAID = 4  # words a quote needs when no speech verb stands by (else: a term, a title)
_PAIRS = {
    '"': '"',
    "“": "”",
    "„": "“”",
    "«": "»",
    "»": "«",
    "‹": "›",
    "›": "‹",
    "‘": "’",
    "‚": "‘’",
}
_OPENERS = re.compile("[" + re.escape("".join(_PAIRS)) + "]")
_CLOSERS = re.compile("[" + re.escape("".join(set("".join(_PAIRS.values())))) + "]")
_RELEVANT = {m: re.compile("[" + re.escape(m + c) + "]") for m, c in _PAIRS.items()}
_PARAGRAPH = re.compile(r"\n[ \t\u00a0]*\n")
_SENTENCE_END = re.compile(r"[.!?؟](?=[\s\"”»«“’]|$)|\n")
_WORD = re.compile(r"\w+")
_STRONG = re.compile(r"(?:[:,،]|\b(?:that|dass|que|qu['’]|che)|که)\s*$", re.IGNORECASE)
_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"
_CAP_NAME = re.compile(rf"(?:[{_UP}][\w'’-]+[ \u00a0]){{0,3}}[{_UP}][\w'’-]+$")
_CAP_NAME_AHEAD = re.compile(rf"[{_UP}][\w'’-]+(?:[ \u00a0][{_UP}][\w'’-]+){{0,3}}")


@dataclass(frozen=True)
class Quote:
    """Quoted words (without their marks) and, when found, who said them."""

    start: int
    end: int
    text: str
    speaker: str | None  # as written: text[speaker_start:speaker_end]
    speaker_start: int | None
    speaker_end: int | None


@cache
def _patterns(langs: tuple[str, ...]) -> dict[str, re.Pattern]:
    verbs = _alternation(words("speech_verbs", langs))
    cues = _alternation(words("attribution_cues", langs))
    inverted = verbs + ("|so" if "de" in langs else "")  # „…“, so X.
    return {
        # the verb, then at most a short phrase ("told Reuters on Monday"), then the quote
        "before": re.compile(
            rf"(?<![\w\u200c])(?P<verb>{verbs})(?![\w\u200c])[^.!?؟\n\"“”«»„()\[\]]{{0,60}}?[:,،]?\s*"
            r"(?:that|dass|que|qu['’]|che|که)?\s*$",
            re.IGNORECASE,
        ),
        "after_inverted": re.compile(
            rf"^\s*[,،]?\s*(?:{inverted})(?![\w\u200c])\s+", re.IGNORECASE
        ),
        "after_verb": re.compile(rf"(?<![\w\u200c])(?:{verbs})(?![\w\u200c])", re.IGNORECASE),
        "cue": re.compile(rf"(?<![\w\u200c])(?:{cues})(?![\w\u200c])\s*", re.IGNORECASE),
    }


def _close(text: str, i: int, limit: int) -> int | None:
    """Where the quote opened at ``i`` closes, or None when it does not before ``limit``."""
    mark = text[i]
    closers = _PAIRS[mark]
    depth = 0
    for m in _RELEVANT[mark].finditer(text, i + 1, limit):
        j, ch = m.start(), m[0]
        if ch == mark and mark not in closers:
            if mark in "«»‹›":
                depth += 1  # nested marks of the same kind
                continue
            return None  # a second opening before any closing: this one is unbalanced
        if mark == '"':
            before, after = text[j - 1], text[j + 1] if j + 1 < len(text) else " "
            if before.isspace() and not after.isspace():
                return None  # looks like the next quote's opening mark
        if ch == "’" and j + 1 < len(text) and text[j + 1].isalpha():
            continue  # an apostrophe
        if mark in "»›" and text[j - 1].isspace():
            continue  # French spacing: not a German-style closing mark
        if depth:
            depth -= 1
            continue
        return j
    return None


def _opens(text: str, i: int) -> bool:
    mark = text[i]
    after = text[i + 1] if i + 1 < len(text) else " "
    before = text[i - 1] if i else " "
    if mark in '"‘‚»›' and (after.isspace() or not (before.isspace() or before in '([{:—–-/"“«„')):
        return False
    return not (mark == '"' and after == '"')


def _marks(text: str):
    """Each quote as (opening mark, closing mark) offsets, left to right.

    Where each closing mark and paragraph break stands is listed once, so that a document
    full of unclosed marks costs a lookup per mark, not a scan.
    """
    closing: dict[str, list[int]] = {}
    for m in _CLOSERS.finditer(text):
        closing.setdefault(m[0], []).append(m.start())
    breaks = [m.start() for m in _PARAGRAPH.finditer(text)]
    pos = 0
    while True:
        m = _OPENERS.search(text, pos)
        if m is None:
            return
        i = m.start()
        pos = i + 1
        if not _opens(text, i):
            continue
        limit = min(len(text), i + 1 + MAX_QUOTE)
        k = bisect.bisect_left(breaks, i + 1)
        if k < len(breaks):
            limit = min(limit, breaks[k])
        if not any(_first_after(closing.get(c, ()), i + 1) < limit for c in _PAIRS[text[i]]):
            continue
        j = _close(text, i, limit)
        if j is not None:
            yield i, j
            pos = j + 1


def _first_after(positions, start: int) -> float:
    k = bisect.bisect_left(positions, start)
    return positions[k] if k < len(positions) else float("inf")


class _Speakers:
    """Person and organisation entities, searchable by position."""

    def __init__(self, entities: list[Entity]):
        self.entities = sorted(
            (e for e in entities if e.kind in ("person", "organisation")), key=lambda e: e.start
        )
        self.starts = [e.start for e in self.entities]

    def ending_in(self, a: int, b: int) -> Entity | None:
        """The person (else organisation) that ends between a and b, the latest one."""
        lo = bisect.bisect_left(self.starts, a)
        hi = bisect.bisect_left(self.starts, b)
        inside = [e for e in self.entities[lo:hi] if e.end <= b]
        for kind in ("person", "organisation"):
            of_kind = [e for e in inside if e.kind == kind]
            if of_kind:
                return max(of_kind, key=lambda e: e.end)
        return None

    def starting_in(self, a: int, b: int) -> Entity | None:
        lo = bisect.bisect_left(self.starts, a)
        hi = bisect.bisect_left(self.starts, b)
        return self.entities[lo] if lo < hi else None


def _sentence_start(text: str, i: int, floor: int) -> int:
    last = floor
    for m in _SENTENCE_END.finditer(text, floor, i):
        last = m.end()
    return last


def _sentence_end(text: str, i: int, ceiling: int) -> int:
    m = _SENTENCE_END.search(text, i, ceiling)
    return m.start() if m else ceiling


_NOBODY = (None, None, None)


def _who(entity: Entity) -> tuple[str, int, int]:
    return entity.text, entity.start, entity.end


def _name_ahead(text: str, at: int, end: int):
    """Capitalised words starting at ``at`` ("…", said Ali Karimi)."""
    name = _CAP_NAME_AHEAD.match(text, at, end)
    if name and fold(name.group().split()[0]) not in FUNCTION_WORDS:
        return text[name.start() : name.end()], name.start(), name.end()
    return _NOBODY


def _before_verb(text: str, begin: int, verb_at: int, speakers: _Speakers):
    """The speaker standing before a speech verb: an entity, else capitalised words."""
    entity = speakers.ending_in(begin, verb_at + 1)
    if entity is not None:
        return _who(entity)
    head = text[begin:verb_at].rstrip(" ,\u00a0")
    name = _CAP_NAME.search(head)
    if name:
        words = name.group().split()
        while words and fold(words[0]) in FUNCTION_WORDS:
            words.pop(0)
        if len(words) >= 2:
            start = begin + name.end() - len(" ".join(words))
            return text[start : begin + name.end()], start, begin + name.end()
    return _NOBODY


def _speaker(text: str, i: int, j: int, floor: int, speakers: _Speakers, patterns):
    """Who said the quote whose marks are at i and j, as (speaker, start, end) or _NOBODY,
    and whether a speech verb or cue stands next to it at all ("he said")."""
    begin = _sentence_start(text, i, max(floor, i - _NEAR))
    before = text[begin:i]
    said = patterns["before"].search(before)
    if said and _STRONG.search(said.group()):  # X said: "…"
        return _before_verb(text, begin, begin + said.start(), speakers), True
    end = _sentence_end(text, j + 1, min(len(text), j + 1 + _NEAR))
    after = text[j + 1 : end]
    if not text[i + 1 : j].rstrip().endswith(".") and not after.lstrip().startswith(":"):
        inverted = patterns["after_inverted"].match(after)
        if inverted:  # "…," said X
            at = j + 1 + inverted.end()
            entity = speakers.starting_in(at, min(end, at + 40))
            return (_who(entity) if entity else _name_ahead(text, at, end)), True
        verb = patterns["after_verb"].search(after, 0, 80)
        between = after[: verb.start()] if verb else ""
        if verb and between.strip(" ,،\u00a0") and not _OPENERS.search(between):  # "…," X said
            return _before_verb(text, j + 1, j + 1 + verb.start(), speakers), True
    if said and said.end() - said.end("verb") <= 25:  # X said "…"
        return _before_verb(text, begin, begin + said.start(), speakers), True
    cues = list(patterns["cue"].finditer(before))
    if cues:  # according to X, "…"
        at = begin + cues[-1].end()
        entity = speakers.starting_in(at, at + 3)
        return (_who(entity) if entity else _name_ahead(text, at, i)), True
    return _NOBODY, False


def find_quotes(
    text: str, language: str | None = None, entities: list[Entity] | None = None
) -> list[Quote]:
    """Quotes in ``text`` with their speakers, sorted by start.

    ``entities`` are those of ``find_entities(text)``, found afresh when not given;
    ``language`` narrows the speech verbs to that language and English (None: all).
    """
    if not text:
        return []
    if entities is None:
        entities = find_entities(text, language)
    langs = tuple(sorted({language, "en"})) if language in LANGUAGES else LANGUAGES
    patterns = _patterns(langs)
    speakers = _Speakers(entities)
    quotes = []
    floor = 0
    for i, j in _marks(text):
        inner = text[i + 1 : j]
        start = i + 1 + (len(inner) - len(inner.lstrip()))
        end = j - (len(inner) - len(inner.rstrip()))
        if start < end:
            (who, s, e), attributed = _speaker(text, i, j, floor, speakers, patterns)
            single = text[i] in "‘‚"
            if attributed or (not single and len(_WORD.findall(text[start:end])) >= _UNSAID):
                quotes.append(Quote(start, end, text[start:end], who, s, e))
        floor = j + 1
    return quotes
