"""Language lexicons for claim extraction, read from data files (one TOML file per language).

A lexicon holds number words, vague quantities with their conventional bounds, hedges, range
and revision words, the words for each measure, words for people and for things that are not
people, negations, subgroup markers and attribution cues. Adding a language is a data change:
a new ``lexicons/<code>.toml`` (plus tests). Phrases are folded the way the text is
(``dadkhah.parse.persian.fold``), so one entry matches every spelling that folds alike.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources

from dadkhah.parse.persian import fold

MEASURES = (
    "killed",
    "injured",
    "arrested",
    "detained",
    "executed",
    "disappeared",
    "tortured",
    "sentenced",
    "other",
)
QUALIFIERS = ("exact", "at_least", "more_than", "about", "up_to", "estimated", "range", "vague")


class LexiconError(ValueError):
    """A lexicon file is missing or malformed."""


def phrase_pattern(phrases, whole_words: bool = True) -> re.Pattern | None:
    """One regex for many phrases, longest first; "word*" lets the last word continue."""
    parts = []
    for phrase in sorted({fold(p).strip() for p in phrases if p.strip()}, key=len, reverse=True):
        star = phrase.endswith("*")
        body = r"\s+".join(re.escape(w) for w in phrase.rstrip("*").split())
        if star:
            body += r"\w*"
        parts.append(body)
    if not parts:
        return None
    joined = "|".join(parts)
    if whole_words:
        return re.compile(rf"(?<![\w])(?:{joined})(?![\w])")
    return re.compile(f"(?:{joined})")


@dataclass(eq=False)  # compared (and cached) by identity: one per language per process
class Lexicon:
    language: str
    units: dict[str, int]
    scales: dict[str, int]
    joiners: list[str]
    one_before_scale: list[str]
    weak: set[str]
    vague: dict[str, tuple[int, int]]
    approximate: dict[str, int]  # collective numerals: "une quinzaine" is about 15
    vague_scales: dict[str, int]
    hedges: dict[str, list[str]]
    ranges: dict[str, list[str]]
    revision_verbs: list[str]
    measures: dict[str, list[str]]
    people: list[str]
    not_after: list[str]
    not_before: list[str]
    age_after: list[str]
    age_before: list[str]
    negations: list[str]
    subgroup: list[str]
    part_of: list[str]  # "of the", "der", "dei": a figure before these counts part of a group
    according_to: list[str]
    speech_verbs: list[str]
    possessive: list[str]
    pronouns: list[str]
    unnamed: list[str]
    anaphora_determiners: list[str]
    anaphora_heads: list[str]
    not_names: set[str]
    window: int  # words between a figure and its measure word, at most
    indefinite_articles: set[str]  # "a", "ein", "un": "A nurse said" names a person by role
    capitalised_nouns: bool  # German: every noun has a capital, so a capital is no name
    back_reference: list[str]  # "Das berichtete X": a sentence naming the last one's source
    contrast: list[str]  # "while", "whereas": parts of a sentence with sources of their own
    count_nouns: list[str]  # "number", "toll", "figure": what a figure can be the value of
    verb_final: bool  # the verb ends the clause (Persian): it says what befell the figure before it
    hypothetical: list[str]  # "could", "might": what may yet happen is not a claim
    earlier_figure: list[str]  # "up from", "down from": a figure the claim's revises
    not_measures: list[str]  # "death row", "death commissions": measure words naming things
    sentence_objects: list[str]  # "to death" after "sentenced": the sentence, not a killing
    event_nouns: list[str]
    patterns: dict[str, re.Pattern | None] = field(default_factory=dict)

    def pattern(self, name: str) -> re.Pattern | None:
        return self.patterns.get(name)


def _folded_map(table: dict) -> dict:
    return {fold(k).strip(): v for k, v in table.items()}


def _list(section: dict, key: str) -> list[str]:
    value = section.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{key} must be a list of strings")
    return value


def parse_lexicon(data: dict, name: str = "lexicon") -> Lexicon:
    """Build a lexicon from the parsed TOML; raises LexiconError naming what is wrong."""
    try:
        numbers = data.get("numbers", {})
        hedges = data.get("hedges", {})
        attribution = data.get("attribution", {})
        not_counted = data.get("not_counted", {})
        measures = data.get("measures", {})
        unknown = set(measures) - set(MEASURES) - {"sentence_objects", "not_measures"}
        if unknown:
            raise LexiconError(f"unknown measures {sorted(unknown)}")
        unknown = set(hedges) - set(QUALIFIERS)
        if unknown:
            raise LexiconError(f"unknown hedge kinds {sorted(unknown)}")
        vague, approximate = {}, {}
        for word, bounds in data.get("vague", {}).items():
            if isinstance(bounds, int) and not isinstance(bounds, bool) and bounds > 0:
                approximate[fold(word).strip()] = bounds  # "une quinzaine" = 15: about 15
                continue
            if not (isinstance(bounds, list) and len(bounds) == 2 and bounds[0] <= bounds[1]):
                raise LexiconError(f"vague word {word!r} needs [low, high] or a number")
            vague[fold(word).strip()] = (int(bounds[0]), int(bounds[1]))
        lex = Lexicon(
            language=data["language"],
            units=_folded_map(numbers.get("units", {})),
            scales=_folded_map(numbers.get("scales", {})),
            joiners=[fold(j) for j in _list(numbers, "joiners")],
            one_before_scale=[fold(j) for j in _list(numbers, "one_before_scale")],
            weak={fold(w) for w in _list(numbers, "weak")},
            vague=vague,
            approximate=approximate,
            vague_scales=_folded_map(data.get("vague_scales", {})),
            hedges={k: _list(hedges, k) for k in hedges},
            ranges={k: _list(data.get("ranges", {}), k) for k in data.get("ranges", {})},
            revision_verbs=_list(data.get("revision", {}), "verbs"),
            measures={
                k: _list(measures, k)
                for k in measures
                if k not in ("sentence_objects", "not_measures")
            },
            people=_list(data.get("people", {}), "nouns"),
            not_after=_list(not_counted, "after"),
            not_before=_list(not_counted, "before"),
            age_after=_list(not_counted, "age_after"),
            age_before=_list(not_counted, "age_before"),
            negations=_list(data.get("negation", {}), "words"),
            subgroup=_list(data.get("subgroup", {}), "words"),
            part_of=_list(data.get("subgroup", {}), "part_of"),
            according_to=_list(attribution, "according_to"),
            speech_verbs=_list(attribution, "speech_verbs"),
            possessive=_list(attribution, "possessive"),
            pronouns=_list(attribution, "pronouns"),
            unnamed=_list(attribution, "unnamed"),
            anaphora_determiners=_list(attribution, "anaphora_determiners"),
            anaphora_heads=_list(attribution, "anaphora_heads"),
            not_names={fold(w) for w in _list(attribution, "not_names")},
            window=int(data.get("claims", {}).get("window", 12)),
            count_nouns=_list(data.get("claims", {}), "count_nouns"),
            verb_final=bool(data.get("claims", {}).get("verb_final", False)),
            contrast=_list(attribution, "contrast"),
            back_reference=_list(attribution, "back_reference"),
            capitalised_nouns=bool(attribution.get("capitalised_nouns", False)),
            indefinite_articles={fold(w) for w in _list(attribution, "indefinite_articles")},
            sentence_objects=_list(measures, "sentence_objects"),
            not_measures=_list(measures, "not_measures"),
            hypothetical=_list(data.get("negation", {}), "hypothetical"),
            earlier_figure=_list(data.get("revision", {}), "earlier"),
            event_nouns=_list(data.get("event", {}), "nouns"),
        )
    except (KeyError, TypeError, ValueError) as err:
        if isinstance(err, LexiconError):
            raise LexiconError(f"{name}: {err}") from err
        raise LexiconError(f"{name}: malformed ({type(err).__name__}: {err})") from err
    _compile(lex)
    return lex


def _compile(lex: Lexicon) -> None:
    p = lex.patterns
    for kind, words in lex.hedges.items():
        p[f"hedge:{kind}"] = phrase_pattern(words)
    p["hedges"] = phrase_pattern([w for words in lex.hedges.values() for w in words])
    p["vague"] = phrase_pattern([*lex.vague, *lex.approximate])
    for kind, words in lex.measures.items():
        p[f"measure:{kind}"] = phrase_pattern(words)
    for key in ("people", "not_after", "not_before", "age_after", "age_before", "negations"):
        p[key] = phrase_pattern(getattr(lex, key))
    p["subgroup"] = phrase_pattern(lex.subgroup)
    p["part_of"] = phrase_pattern(lex.part_of)
    p["according_to"] = phrase_pattern(lex.according_to)
    p["speech_verbs"] = phrase_pattern(lex.speech_verbs)
    p["pronouns"] = phrase_pattern(lex.pronouns)
    p["unnamed"] = phrase_pattern(lex.unnamed)
    if lex.anaphora_determiners and lex.anaphora_heads:
        dets = "|".join(re.escape(fold(d)) for d in lex.anaphora_determiners)
        heads = "|".join(
            re.escape(fold(h)) for h in sorted(lex.anaphora_heads, key=len, reverse=True)
        )
        # "the London-based rights group", "its annual report", "the group's"
        p["anaphora"] = re.compile(
            rf"(?<!\w)(?:{dets})(?:\s+|(?<=['’]))(?:[\w-]+\s+){{0,3}}?(?:{heads})(?:['’]s)?(?!\w)"
        )
    p["revision"] = phrase_pattern(lex.revision_verbs)
    p["event"] = phrase_pattern(lex.event_nouns)
    p["count_nouns"] = phrase_pattern(lex.count_nouns)
    p["contrast"] = phrase_pattern(lex.contrast)
    p["back_reference"] = phrase_pattern(lex.back_reference)
    p["sentence_objects"] = phrase_pattern(lex.sentence_objects)
    p["not_measures"] = phrase_pattern(lex.not_measures)
    p["hypothetical"] = phrase_pattern(lex.hypothetical)
    p["earlier_figure"] = phrase_pattern(lex.earlier_figure)


def available() -> tuple[str, ...]:
    """Language codes that have a lexicon."""
    folder = resources.files("dadkhah.extract") / "lexicons"
    return tuple(sorted(f.name[:-5] for f in folder.iterdir() if f.name.endswith(".toml")))


@functools.cache
def load(language: str) -> Lexicon:
    """The lexicon of a language; raises LexiconError when there is none or it is broken."""
    if not re.fullmatch(r"[a-z]{2,3}", language or ""):
        raise LexiconError(f"not a language code: {language!r}")
    path = resources.files("dadkhah.extract") / "lexicons" / f"{language}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise LexiconError(
            f"no lexicon for language {language!r} (have: {', '.join(available())})"
        ) from err
    except tomllib.TOMLDecodeError as err:
        raise LexiconError(f"lexicons/{language}.toml: {err}") from err
    return parse_lexicon(data, f"lexicons/{language}.toml")
