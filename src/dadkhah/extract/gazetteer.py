"""Gazetteers: places, organisations and people we know by name, in every script.

The entries live in ``gazetteers/{places,organisations,people}.toml`` beside this module, read
once per process. Names are looked up token by token in one dict, on the matching form of
``dadkhah.parse.persian``, with ZWNJ, space, hyphen or nothing between the words read alike
("خرم‌آباد", "خرم آباد", "خرمآباد"; "Eslamshahr", "Eslam Shahr"). A Latin name that starts
with a capital only matches text that does; one in capitals only matches capitals.

Errors: ``GazetteerError`` (a ``ValueError``) when a gazetteer file is missing or malformed,
or an id is used twice.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from dadkhah.extract.entity_spans import Entity, Token, joinable, latin_letter, name_key, tokenise
from dadkhah.parse.persian import Folded, matching_form

GAZETTEERS = {"place": "places", "organisation": "organisations", "person": "people"}


class GazetteerError(ValueError):
    """A gazetteer file is missing or malformed."""


@dataclass(frozen=True)
class GazetteerEntry:
    id: str
    kind: str
    name: str
    type: str
    names: tuple[str, ...]
    country: str | None = None
    province: str | None = None
    role: str | None = None


def _case_rule(variant: str) -> str | None:
    """How a Latin name must be written to match: "caps" (acronyms), "capital", or any case."""
    letters = [c for c in variant if latin_letter(c)]
    if not letters:
        return None
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "caps"
    return "capital" if letters[0].isupper() else None


def _case_ok(rule: str | None, written: str) -> bool:
    if rule is None:
        return True
    letters = [c for c in written if c.isalpha()]
    if rule == "caps":
        return all(c.isupper() for c in letters)
    return bool(letters) and letters[0].isupper()


class NameIndex:
    """Names by key, with every prefix of every key, for a left-to-right longest-match scan."""

    def __init__(self):
        self.keys: dict[str, list[tuple[GazetteerEntry, str | None]]] = {}
        self.prefixes: set[str] = set()

    def add(self, name: str, entry: GazetteerEntry) -> None:
        key = name_key(name)
        if not key:
            raise GazetteerError(f"{entry.id}: the name {name!r} has no letters")
        found = self.keys.setdefault(key, [])
        rule = _case_rule(name)
        if (entry, rule) not in found:
            found.append((entry, rule))
        self.prefixes.update(key[:i] for i in range(1, len(key) + 1))

    def longest_at(self, ftext: str, tokens: list[Token], i: int) -> list[tuple[int, list]]:
        """Names starting at token ``i``: (their last token, candidates), longest first."""
        acc = tokens[i][2]
        if acc not in self.prefixes:
            return []
        found = []
        j = i
        while True:
            if acc in self.keys:
                found.append((j, self.keys[acc]))
            if j + 1 >= len(tokens) or not joinable(ftext, tokens[j], tokens[j + 1]):
                break
            acc += tokens[j + 1][2]
            if acc not in self.prefixes:
                break
            j += 1
        return found[::-1]


def _read_gazetteer(kind: str) -> list[GazetteerEntry]:
    filename = f"{GAZETTEERS[kind]}.toml"
    try:
        raw = resources.files("dadkhah.extract").joinpath("gazetteers", filename).read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise GazetteerError(f"cannot read gazetteer {filename}: {err}") from err
    entries = []
    for entry_id, item in data.items():
        try:
            entries.append(
                GazetteerEntry(
                    id=entry_id,
                    kind=kind,
                    name=item["name"],
                    type=item["type"],
                    names=tuple(dict.fromkeys([item["name"], *item["names"]])),
                    country=item.get("country"),
                    province=item.get("province"),
                    role=item.get("role"),
                )
            )
        except (KeyError, TypeError) as err:
            raise GazetteerError(f"{filename}: entry {entry_id!r} lacks {err}") from err
    return entries


@cache
def gazetteer() -> dict[str, GazetteerEntry]:
    """Every gazetteer entry by id (places, organisations, people).

    Raises GazetteerError when a file is missing or malformed or an id is used twice.
    """
    entries: dict[str, GazetteerEntry] = {}
    for kind in GAZETTEERS:
        for entry in _read_gazetteer(kind):
            if entry.id in entries:
                raise GazetteerError(f"gazetteer id {entry.id!r} is used twice")
            entries[entry.id] = entry
    return entries


@cache
def name_index() -> NameIndex:
    index = NameIndex()
    for entry in gazetteer().values():
        for name in entry.names:
            index.add(name, entry)
    return index


def gazetteer_matches(text: str, folded: Folded, tokens: list[Token]) -> list[Entity]:
    index = name_index()
    prefixes = index.prefixes
    found = []
    i = 0
    while i < len(tokens):
        if tokens[i][2] not in prefixes:
            i += 1
            continue
        for j, candidates in index.longest_at(folded.text, tokens, i):
            start, end = folded.span(tokens[i][0], tokens[j][1])
            written = text[start:end]
            entry = next((e for e, rule in candidates if _case_ok(rule, written)), None)
            if entry is not None:
                found.append(
                    Entity(
                        entry.kind,
                        start,
                        end,
                        written,
                        entry.name,
                        "gazetteer",
                        entry.id,
                        entry.country,
                    )
                )
                i = j
                break
        i += 1
    return found


def find_organisation(phrase: str) -> Entity | None:
    """The organisation a phrase names ("Amnesty", "HRANA", "عفو بین‌الملل"), or None.

    The whole phrase is looked up first, in any case; otherwise the longest organisation the
    phrase mentions. Offsets are relative to ``phrase``.
    """
    stripped = phrase.strip()
    if not stripped:
        return None
    lead = len(phrase) - len(phrase.lstrip())
    for entry, _ in name_index().keys.get(name_key(stripped), []):
        if entry.kind == "organisation":
            end = lead + len(stripped)
            return Entity("organisation", lead, end, stripped, entry.name, "gazetteer", entry.id)
    folded = matching_form(phrase)
    found = gazetteer_matches(phrase, folded, tokenise(folded))
    found = [e for e in found if e.kind == "organisation"]
    return max(found, key=lambda e: e.end - e.start, default=None)
